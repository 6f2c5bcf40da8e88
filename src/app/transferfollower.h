// TransferFollower: `rbee pull --wait`. Follows one model transfer into one hive through the
// queen's GET /v1/hives until the hive reports it done or failed, printing its progress. Only
// reports that reached the queen after the pull was accepted count, so an earlier transfer of the
// same model (kept in reports for a minute) is never taken for this one.
#pragma once

#include "cliconnection.h"

#include "core/result.h"

#include <QElapsedTimer>
#include <QString>

class QNetworkAccessManager;

namespace rbee::app {

class TransferFollower {
public:
    static constexpr int kPollMs = 500;

    // Starts counting from now: call it right after the queen accepted the pull.
    TransferFollower(QNetworkAccessManager &nam, CliConnection connection, QString hive, QString model);

    // Polls until the transfer ends: the final line ("M is on H: ...") or the reason it failed
    // (the transfer failed; the queen cannot be reached; the hive left the queen's list).
    core::Result<QString> run();

private:
    // One poll: the final line once done, an Error once failed, nothing while it goes on.
    std::optional<core::Result<QString>> poll();
    void note(const QString &line);

    QNetworkAccessManager &m_nam;
    CliConnection m_connection;
    QString m_hive;
    QString m_model;
    QElapsedTimer m_sinceAccepted;
    QString m_lastNote;
};

}  // namespace rbee::app

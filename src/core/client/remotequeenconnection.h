// RemoteQueenConnection: the desktop app attached to a queen elsewhere, over HTTP. Jobs go through
// that queen's job API (QueenJobClient); its workers are mirrored from GET /v1/events into a
// WorkerRegistry in mirror mode; the link reconnects with backoff. The remote queen keeps its own
// settings: nothing here changes them. Main thread only.
#pragma once

#include "queenconnection.h"

#include <QPointer>
#include <QTimer>
#include <QUrl>

class QNetworkAccessManager;

namespace rbee::core {

class ClientRequest;

class RemoteQueenConnection : public QueenConnection {
    Q_OBJECT
public:
    RemoteQueenConnection(const QUrl &queenUrl, const QString &token, QObject *parent = nullptr);
    ~RemoteQueenConnection() override;

    // Opens GET /v1/events; link() is Reconnecting until the first snapshot arrives.
    void start();
    QUrl queenUrl() const { return m_queenUrl; }
    // Why the link is down ("401 unauthorized: ...", "Connection refused"); empty when up.
    QString lastError() const { return m_lastError; }

    JobStream *newJob(const JobSubmission &submission, QObject *parent) override;
    WorkerRegistry *registry() const override;
    int runningJobs() const override { return m_runningJobs; }
    Link link() const override { return m_link; }
    QString address() const override;
    QUrl workerQueenUrl() const override { return m_queenUrl; }
    QString workerHost() const override;
    QString token() const override { return m_token; }
    bool isHosted() const override { return false; }
    // A remote queen keeps its own policy and heartbeat timeout: these must not be called
    // (Q_ASSERT in debug builds; a logged warning and nothing changed in release builds).
    void setPolicy(SchedulingPolicy policy) override;
    void setHeartbeatTimeoutMs(qint64 ms) override;

private:
    QUrl m_queenUrl;
    QString m_token;
    WorkerRegistry *m_registry;
    Link m_link = Link::Reconnecting;
    QString m_lastError;
    QString m_localAddress;
    int m_runningJobs = 0;
};

}  // namespace rbee::core

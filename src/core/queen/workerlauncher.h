// WorkerLauncher: one POST /v1/workers after placement: asks the best candidate's hive to start
// the worker (POST /v1/hive/workers), and when that hive refuses or does not answer, the next
// candidate on another device or hive, saying so in the answer's reason. Answers the client
// once, then deletes itself. Main thread only.
#pragma once

#include "../http/httpresponder.h"
#include "../scheduler/placement.h"

#include <QObject>
#include <QSet>
#include <QStringList>

namespace rbee::core {

class WorkerLauncher : public QObject {
    Q_OBJECT
public:
    // Hives asked at most, so that a client waits at most this many start timeouts.
    static constexpr int kMaxAttempts = 3;

    WorkerLauncher(PlacementPlan plan, const QString &token, int startTimeoutMs, const HttpResponder &responder,
                   QObject *parent = nullptr);
    void start();

private:
    void tryNext();
    void fail(const Error &error);

    PlacementPlan m_plan;
    QString m_token;
    int m_startTimeoutMs;
    HttpResponder m_responder;
    int m_next = 0;
    int m_attempts = 0;
    QSet<QString> m_skippedHives;  // refused as full, or did not answer
    QStringList m_refusals;        // "attic's Vulkan0 refused: ..." for the reason
    Error m_lastError;
};

}  // namespace rbee::core

// HeartbeatIntake: the queen's POST /v1/worker-heartbeat. Checks size and payload, and before a
// heartbeat takes over a live worker's url (or moves a live worker) asks that url's /health
// whether it answers with the heartbeat's worker id. Owns no records: WorkerRegistry does.
#pragma once

#include "../http/httprequest.h"
#include "../http/httpresponder.h"
#include "../protocol/heartbeat.h"

#include <QObject>
#include <QSet>

namespace rbee::core {

class QueenMetrics;
class WorkerRegistry;

class HeartbeatIntake : public QObject {
    Q_OBJECT
public:
    // The confirmation call to a worker's /health: connect and answer within this time.
    static constexpr int kConfirmTimeoutMs = 2000;
    // Confirmations in flight at once; more heartbeats that need one get 409 until they end.
    static constexpr int kMaxConfirmations = 64;

    HeartbeatIntake(WorkerRegistry *registry, QueenMetrics *metrics, QObject *parent = nullptr);

    void handle(const HttpRequest &request, const HttpResponder &responder);

private:
    void confirm(const Heartbeat &heartbeat, const HttpResponder &responder);
    void apply(const Heartbeat &heartbeat, bool confirmed, const HttpResponder &responder);
    void reject(const Error &error, const QString &reason, const HttpResponder &responder);
    void noteUnknownFields(const QString &workerId, const QStringList &fields);

    WorkerRegistry *m_registry;
    QueenMetrics *m_metrics;
    QSet<QString> m_confirming;  // urls whose /health is being asked
    // Sets of unknown heartbeat fields already logged: each is logged once, not at every heartbeat.
    QSet<QString> m_loggedUnknownFields;
    static constexpr int kMaxLoggedUnknownFieldSets = 64;
    static constexpr int kMaxLoggedUnknownFieldChars = 1024;
};

}  // namespace rbee::core

// QueenOptions: the settings of the queen's core services, shared by `rbee --serve` and the app.
#pragma once

#include "jobmanager.h"

#include "../protocol/registryevents.h"

#include <QString>

namespace rbee::core {

struct QueenOptions {
    static constexpr quint16 kDefaultPort = 7833;

    QString host = QStringLiteral("127.0.0.1");
    quint16 port = kDefaultPort;
    QString token;  // empty = no authentication
    qint64 heartbeatTimeoutMs = WorkerRegistry::kDefaultHeartbeatTimeoutMs;
    int maxWorkers = WorkerRegistry::kDefaultMaxWorkers;
    // Workers started through POST /v1/workers are stopped after this many idle seconds; 0: never.
    int idleStopS = 0;
    JobManager::Options jobs;
    int unclaimedJobTimeoutMs = 30000;
    // GET /v1/events sends a keep-alive comment this often; shorter only in tests.
    int eventsKeepAliveMs = RegistryEvents::kKeepAliveIntervalMs;
};

}  // namespace rbee::core

// The HTTP paths of the worker and queen APIs, and the line each server prints once it listens:
// the one place they are spelled (docs/protocol.md documents them). Servers route these
// patterns; clients build URLs from the functions.
#pragma once

#include <QString>

namespace rbee::core::Endpoint {

// Both servers.
inline constexpr char kHealth[] = "/health";

// Worker.
inline constexpr char kInference[] = "/v1/inference";
inline constexpr char kInferenceJob[] = "/v1/inference/{job_id}";
inline constexpr char kInferenceStream[] = "/v1/inference/{job_id}/stream";
inline QString inferenceJob(const QString &jobId)
{
    return QStringLiteral("/v1/inference/%1").arg(jobId);
}
inline QString inferenceStream(const QString &jobId)
{
    return QStringLiteral("/v1/inference/%1/stream").arg(jobId);
}

// Queen.
inline constexpr char kWorkerHeartbeat[] = "/v1/worker-heartbeat";
inline constexpr char kWorkers[] = "/v1/workers";
inline constexpr char kWorker[] = "/v1/workers/{id}";
inline QString worker(const QString &workerId)
{
    return QStringLiteral("/v1/workers/%1").arg(workerId);
}
inline constexpr char kEvents[] = "/v1/events";  // the registry's events (registryevents.h)
inline constexpr char kJobs[] = "/v1/jobs";
inline constexpr char kJob[] = "/v1/jobs/{id}";
inline constexpr char kJobStream[] = "/v1/jobs/{id}/stream";
inline QString job(const QString &jobId)
{
    return QStringLiteral("/v1/jobs/%1").arg(jobId);
}
inline QString jobStream(const QString &jobId)
{
    return QStringLiteral("/v1/jobs/%1/stream").arg(jobId);
}
inline constexpr char kMetrics[] = "/metrics";
inline constexpr char kHiveHeartbeat[] = "/v1/hive-heartbeat";
inline constexpr char kHives[] = "/v1/hives";
inline constexpr char kHiveModelsOnQueen[] = "/v1/hives/{name}/models";
inline QString hiveModelsOnQueen(const QString &hiveName)
{
    return QStringLiteral("/v1/hives/%1/models").arg(hiveName);
}
inline constexpr char kChatCompletions[] = "/v1/chat/completions";
inline constexpr char kCompletions[] = "/v1/completions";
inline constexpr char kModels[] = "/v1/models";

// Hive (rbee-hive).
inline constexpr char kHive[] = "/v1/hive";
inline constexpr char kHiveWorkers[] = "/v1/hive/workers";
inline constexpr char kHiveWorker[] = "/v1/hive/workers/{id}";
inline constexpr char kHiveWorkerLog[] = "/v1/hive/workers/{id}/log";
inline constexpr char kHiveModels[] = "/v1/hive/models";
inline constexpr char kHiveModel[] = "/v1/hive/models/{name}";
inline constexpr char kHiveModelFile[] = "/v1/hive/models/{name}/file";
inline QString hiveWorker(const QString &workerId)
{
    return QStringLiteral("/v1/hive/workers/%1").arg(workerId);
}
inline QString hiveWorkerLog(const QString &workerId)
{
    return QStringLiteral("/v1/hive/workers/%1/log").arg(workerId);
}
inline QString hiveModel(const QString &modelName)
{
    return QStringLiteral("/v1/hive/models/%1").arg(modelName);
}
inline QString hiveModelFile(const QString &modelName)
{
    return QStringLiteral("/v1/hive/models/%1/file").arg(modelName);
}

// What each server prints on stdout once it accepts connections, followed by " http://HOST:PORT".
// Launchers (the app's local worker, the tests) wait for it.
inline constexpr char kWorkerListening[] = "rbee-worker listening on";
inline constexpr char kQueenListening[] = "rbee queen listening on";
inline constexpr char kHiveListening[] = "rbee-hive listening on";

}  // namespace rbee::core::Endpoint

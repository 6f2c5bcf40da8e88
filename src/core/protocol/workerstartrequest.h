// WorkerStartRequest: the body of POST /v1/workers on the queen (which places the worker on a
// hive) and of POST /v1/hive/workers on a hive (which starts it), and WorkerStarted, the answer of
// both (docs/protocol.md, "Hive API" and "Placement").
#pragma once

#include "../result.h"

#include <QJsonObject>
#include <QString>

namespace rbee::core {

struct WorkerStartRequest {
    static constexpr int kMaxSlots = 256;
    static constexpr int kMaxThreads = 1024;
    static constexpr int kMinCtx = 32;

    QString model;      // a model name in the hive's folder (HiveModel::validateName)
    QString hive;       // queen only: the hive to start it on; empty = placement chooses
    QString device;     // as --list-devices names it; empty = placement's (queen) or the worker's choice (hive)
    int slots = 0;      // 0 = the worker's default
    int ctx = 0;        // 0 = the worker's default
    int threads = 0;    // 0 = the worker's default
    QString gpuLayers;  // "auto", "all" or a count; empty = the worker's default

    // The slots and ctx a worker started from this request runs with.
    int effectiveSlots() const;
    int effectiveCtx() const;

    QJsonObject toJson() const;
    // Strict: unknown fields are refused (a field accepted and ignored is a bug); `hive` only
    // where allowHive (the queen).
    static Result<WorkerStartRequest> fromJson(const QJsonObject &object, bool allowHive);
    friend bool operator==(const WorkerStartRequest &, const WorkerStartRequest &) = default;
};

struct WorkerStarted {
    QString workerId;
    QString url;
    QString hive;
    QString device;  // the device it was placed on; empty: the worker's default
    QString reason;  // queen only: why there, in words (placement, and hives that refused first)

    QJsonObject toJson() const;
    static Result<WorkerStarted> fromJson(const QJsonObject &object);
    friend bool operator==(const WorkerStarted &, const WorkerStarted &) = default;
};

}  // namespace rbee::core

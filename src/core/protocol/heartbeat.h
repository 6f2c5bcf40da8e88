// Heartbeat: what a worker POSTs to {queen}/v1/worker-heartbeat. The one definition of the
// payload; the worker writes it and the queen validates it with fromJson.
#pragma once

#include "../result.h"
#include "devicereport.h"
#include "workerstatus.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace rbee::core {

struct Heartbeat {
    // Field limits, so that a registry of many workers stays small (see docs/protocol.md).
    static constexpr int kMaxNameChars = 128;  // worker_id, model, device, version
    static constexpr int kMaxUrlChars = 2048;
    static constexpr qsizetype kMaxBodyBytes = 64 * 1024;  // 413 beyond

    QString workerId;
    QString model;
    QString url;  // where the worker's API is reachable
    DeviceReport device;
    WorkerStatus status = WorkerStatus::Loading;
    int slotsTotal = 0;
    int slotsBusy = 0;
    int queueDepth = 0;
    int ctxSize = 0;
    double tokensPerS = 0.0;
    QString version;
    // Prompt tokens since the worker started: taken from its prompt cache, and decoded.
    qint64 promptTokensCached = 0;
    qint64 promptTokensDecoded = 0;
    qint64 sentAtMs = 0;  // sender's wall clock, ms since the epoch

    QJsonObject toJson() const;
    // Validates every known field; over-long strings are refused with the field named. Fields it
    // does not know are ignored, not refused: a heartbeat is a report, and a newer worker may send
    // fields an older queen has never heard of (docs/protocol.md, "Version skew").
    static Result<Heartbeat> fromJson(const QJsonObject &object);
    static const QStringList &fieldNames();
    // The fields of object that fromJson ignores, sorted.
    static QStringList unknownFields(const QJsonObject &object);
    friend bool operator==(const Heartbeat &, const Heartbeat &) = default;
};

}  // namespace rbee::core

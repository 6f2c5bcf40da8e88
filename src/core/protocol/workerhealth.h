// WorkerHealth: the body of a worker's GET /health.
#pragma once

#include "../result.h"
#include "devicereport.h"
#include "workerstatus.h"

#include <QJsonObject>
#include <QString>

namespace rbee::core {

struct WorkerHealth {
    WorkerStatus status = WorkerStatus::Loading;
    QString model;
    int slotsTotal = 0;
    int slotsBusy = 0;
    int queueDepth = 0;
    QString workerId;
    // Prompt tokens since the worker started: taken from its prompt cache, and decoded.
    qint64 promptTokensCached = 0;
    qint64 promptTokensDecoded = 0;
    DeviceReport device;  // optional on read: workers from before it

    QJsonObject toJson() const;
    static Result<WorkerHealth> fromJson(const QJsonObject &object);
};

}  // namespace rbee::core

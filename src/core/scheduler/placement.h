// Placement: where POST /v1/workers starts a worker. A pure function of the hives' last reports
// and the request, by the rule docs/protocol.md states ("POST /v1/workers"): online hives that
// have the model and room for one more worker; on them the devices whose free memory holds the
// model, its KV cache and compute buffers; GPU before CPU, most free first, registration order.
// Says why in words, like the scheduler's narration. Knows nothing of HTTP or hives' APIs.
#pragma once

#include "../protocol/workerstartrequest.h"
#include "../registry/hiverecord.h"
#include "../result.h"

#include <QList>
#include <QString>

namespace rbee::core {

struct PlacementCandidate {
    QString hive;
    QString hiveUrl;
    QString device;
    bool gpu = false;
    qint64 freeBytes = 0;
    qint64 neededBytes = 0;
};

struct PlacementPlan {
    // Every device with room, best first; the launcher tries them in this order.
    QList<PlacementCandidate> candidates;
    int hivesConsidered = 0;  // online hives with the model and room for a worker
    // "placed on attic's Vulkan0: needs 0.62 GiB, 7.1 GiB free (most free of 3 devices with
    // room on 2 hives)"; `index` is the candidate taken.
    QString describe(int index) const;

    WorkerStartRequest request;  // as asked
};

class Placement {
public:
    // `hives` in registration order (HiveRegistry::hives()). Errors: not_found for a named hive
    // that is not online or a named device no hive with the model has; model_not_found naming
    // which hives have which models; conflict with what is needed and free on each device.
    static Result<PlacementPlan> plan(const QList<HiveRecord> &hives, const WorkerStartRequest &request);
    // Sizes as the narration writes them: "633.0 MiB", "7.10 GiB", "12.5 GiB".
    static QString sizeText(qint64 bytes);
};

}  // namespace rbee::core

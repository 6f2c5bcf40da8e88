// WorkerHealth JSON read/write.
#include "workerhealth.h"

#include "../json.h"

namespace rbee::core {

QJsonObject WorkerHealth::toJson() const
{
    QJsonObject o{{QStringLiteral("status"), workerStatusName(status)},
                  {QStringLiteral("model"), model},
                  {QStringLiteral("slots_total"), slotsTotal},
                  {QStringLiteral("slots_busy"), slotsBusy},
                  {QStringLiteral("queue_depth"), queueDepth},
                  {QStringLiteral("worker_id"), workerId},
                  {QStringLiteral("prompt_tokens_cached"), promptTokensCached},
                  {QStringLiteral("prompt_tokens_decoded"), promptTokensDecoded}};
    device.writeTo(o);
    return o;
}

Result<WorkerHealth> WorkerHealth::fromJson(const QJsonObject &object)
{
    JsonObjectReader r(object);
    WorkerHealth h;
    QString status;
    r.string("status", status, true);
    r.string("model", h.model, true);
    r.integer("slots_total", h.slotsTotal, 0, 4096, true);
    r.integer("slots_busy", h.slotsBusy, 0, 4096, true);
    r.integer("queue_depth", h.queueDepth, 0, 1000000, true);
    r.string("worker_id", h.workerId, true);
    r.integer("prompt_tokens_cached", h.promptTokensCached, 0, kMaxJsonInteger);
    r.integer("prompt_tokens_decoded", h.promptTokensDecoded, 0, kMaxJsonInteger);
    h.device.readFrom(r, false);
    if (r.ok()) {
        if (const auto s = workerStatusFromName(status))
            h.status = *s;
        else
            r.fail(QStringLiteral("status"), QStringLiteral("unknown status '%1'").arg(status));
    }
    if (!r.ok())
        return r.error();
    return h;
}

}  // namespace rbee::core

// JSON of WorkerStartRequest and WorkerStarted; see workerstartrequest.h.
#include "workerstartrequest.h"

#include "heartbeat.h"
#include "hivereport.h"
#include "inferencerequest.h"

#include "../json.h"

namespace rbee::core {

namespace {
// The worker's defaults (rbee-worker --help): 4 slots of 4096 tokens.
constexpr int kWorkerDefaultSlots = 4;
constexpr int kWorkerDefaultCtx = 4096;
}  // namespace

int WorkerStartRequest::effectiveSlots() const
{
    return slots > 0 ? slots : kWorkerDefaultSlots;
}

int WorkerStartRequest::effectiveCtx() const
{
    return ctx > 0 ? ctx : kWorkerDefaultCtx;
}

QJsonObject WorkerStartRequest::toJson() const
{
    QJsonObject o{{QStringLiteral("model"), model}};
    if (!hive.isEmpty())
        o.insert(QStringLiteral("hive"), hive);
    if (!device.isEmpty())
        o.insert(QStringLiteral("device"), device);
    if (slots > 0)
        o.insert(QStringLiteral("slots"), slots);
    if (ctx > 0)
        o.insert(QStringLiteral("ctx"), ctx);
    if (threads > 0)
        o.insert(QStringLiteral("threads"), threads);
    if (!gpuLayers.isEmpty()) {
        bool number = false;
        const int n = gpuLayers.toInt(&number);
        o.insert(QStringLiteral("gpu_layers"), number ? QJsonValue(n) : QJsonValue(gpuLayers));
    }
    return o;
}

Result<WorkerStartRequest> WorkerStartRequest::fromJson(const QJsonObject &object, bool allowHive)
{
    JsonObjectReader r(object);
    WorkerStartRequest s;
    QStringList known{QStringLiteral("model"), QStringLiteral("device"),  QStringLiteral("slots"),
                      QStringLiteral("ctx"),   QStringLiteral("threads"), QStringLiteral("gpu_layers")};
    if (allowHive)
        known.append(QStringLiteral("hive"));
    r.rejectUnknown(known);
    r.string("model", s.model, true, false);
    if (allowHive)
        r.string("hive", s.hive, false, false);
    r.string("device", s.device, false, false);
    r.integer("slots", s.slots, 1, kMaxSlots);
    r.integer("ctx", s.ctx, kMinCtx, SamplingParams::kMaxContextTokens);
    r.integer("threads", s.threads, 1, kMaxThreads);
    r.maxLength("hive", s.hive, HiveReport::kMaxNameChars);
    r.maxLength("device", s.device, Heartbeat::kMaxNameChars);
    if (r.ok()) {
        if (const auto error = HiveModel::validateName(s.model))
            r.fail(*error);
    }
    const QJsonValue layers = object.value(QStringLiteral("gpu_layers"));
    if (r.ok() && !layers.isUndefined() && !layers.isNull()) {
        if (layers.isString()
            && (layers.toString() == QLatin1String("auto") || layers.toString() == QLatin1String("all")))
            s.gpuLayers = layers.toString();
        else if (layers.isDouble() && layers.toDouble() >= 0 && layers.toDouble() <= 100000
                 && layers.toDouble() == double(qint64(layers.toDouble())))
            s.gpuLayers = QString::number(qint64(layers.toDouble()));
        else
            r.fail(QStringLiteral("gpu_layers"),
                   QStringLiteral("field 'gpu_layers' must be \"auto\", \"all\" or a layer count from 0 to 100000"));
    }
    if (!r.ok())
        return r.error();
    return s;
}

QJsonObject WorkerStarted::toJson() const
{
    QJsonObject o{
        {QStringLiteral("worker_id"), workerId}, {QStringLiteral("url"), url}, {QStringLiteral("hive"), hive}};
    if (!device.isEmpty())
        o.insert(QStringLiteral("device"), device);
    if (!reason.isEmpty())
        o.insert(QStringLiteral("reason"), reason);
    return o;
}

Result<WorkerStarted> WorkerStarted::fromJson(const QJsonObject &object)
{
    JsonObjectReader r(object);
    WorkerStarted w;
    r.string("worker_id", w.workerId, true, false);
    r.string("url", w.url, true, false);
    r.string("hive", w.hive);
    r.string("device", w.device);
    r.string("reason", w.reason);
    if (!r.ok())
        return r.error();
    return w;
}

}  // namespace rbee::core

// Heartbeat JSON read/write with validation of every field.
#include "heartbeat.h"

#include "../json.h"

#include <QUrl>

namespace rbee::core {

QJsonObject Heartbeat::toJson() const
{
    QJsonObject o{{QStringLiteral("worker_id"), workerId},
                  {QStringLiteral("model"), model},
                  {QStringLiteral("url"), url},
                  {QStringLiteral("status"), workerStatusName(status)},
                  {QStringLiteral("slots_total"), slotsTotal},
                  {QStringLiteral("slots_busy"), slotsBusy},
                  {QStringLiteral("queue_depth"), queueDepth},
                  {QStringLiteral("ctx_size"), ctxSize},
                  {QStringLiteral("tokens_per_s"), tokensPerS},
                  {QStringLiteral("version"), version},
                  {QStringLiteral("prompt_tokens_cached"), promptTokensCached},
                  {QStringLiteral("prompt_tokens_decoded"), promptTokensDecoded},
                  {QStringLiteral("sent_at_ms"), sentAtMs}};
    device.writeTo(o);
    return o;
}

const QStringList &Heartbeat::fieldNames()
{
    static const QStringList names = QStringList{QStringLiteral("worker_id"),
                                                 QStringLiteral("model"),
                                                 QStringLiteral("url"),
                                                 QStringLiteral("status"),
                                                 QStringLiteral("slots_total"),
                                                 QStringLiteral("slots_busy"),
                                                 QStringLiteral("queue_depth"),
                                                 QStringLiteral("ctx_size"),
                                                 QStringLiteral("tokens_per_s"),
                                                 QStringLiteral("version"),
                                                 QStringLiteral("sent_at_ms"),
                                                 QStringLiteral("prompt_tokens_cached"),
                                                 QStringLiteral("prompt_tokens_decoded")}
                                     + DeviceReport::fieldNames();
    return names;
}

QStringList Heartbeat::unknownFields(const QJsonObject &object)
{
    QStringList unknown;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!fieldNames().contains(it.key()))
            unknown.append(it.key());
    }
    return unknown;  // QJsonObject keeps its keys sorted
}

namespace {
void checkLength(JsonObjectReader &r, const char *key, const QString &value, int max)
{
    if (r.ok() && value.size() > max) {
        const QString name = QString::fromLatin1(key);
        r.fail(name, QStringLiteral("field '%1' must be at most %2 characters, got %3")
                         .arg(r.fieldPath(name))
                         .arg(max)
                         .arg(value.size()));
    }
}
}  // namespace

Result<Heartbeat> Heartbeat::fromJson(const QJsonObject &object)
{
    JsonObjectReader r(object);
    Heartbeat hb;
    QString status;
    r.string("worker_id", hb.workerId, true, false);
    r.string("model", hb.model, true, false);
    r.string("url", hb.url, true, false);
    hb.device.readFrom(r, true);
    r.string("status", status, true, false);
    r.integer("slots_total", hb.slotsTotal, 1, 4096, true);
    r.integer("slots_busy", hb.slotsBusy, 0, 4096, true);
    r.integer("queue_depth", hb.queueDepth, 0, 1000000, true);
    r.integer("ctx_size", hb.ctxSize, 1, 100000000, true);
    r.number("tokens_per_s", hb.tokensPerS, 0.0, 1e9, true);
    r.string("version", hb.version, true, false);
    r.integer("sent_at_ms", hb.sentAtMs, 0, 32503680000000LL, true);
    // Optional: workers from before the prompt cache do not send them.
    r.integer("prompt_tokens_cached", hb.promptTokensCached, 0, kMaxJsonInteger);
    r.integer("prompt_tokens_decoded", hb.promptTokensDecoded, 0, kMaxJsonInteger);
    checkLength(r, "worker_id", hb.workerId, kMaxNameChars);
    checkLength(r, "model", hb.model, kMaxNameChars);
    checkLength(r, "url", hb.url, kMaxUrlChars);
    checkLength(r, "version", hb.version, kMaxNameChars);
    if (r.ok()) {
        if (const auto s = workerStatusFromName(status))
            hb.status = *s;
        else
            r.fail(QStringLiteral("status"),
                   QStringLiteral("field 'status' must be one of loading, ready, busy, stopping"));
    }
    if (r.ok() && hb.slotsBusy > hb.slotsTotal)
        r.fail(QStringLiteral("slots_busy"), QStringLiteral("field 'slots_busy' must not exceed 'slots_total'"));
    if (r.ok()) {
        const QUrl url(hb.url, QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
            || url.host().isEmpty()) {
            r.fail(QStringLiteral("url"), QStringLiteral("field 'url' must be an http(s) URL with a host"));
        }
    }
    if (!r.ok())
        return r.error();
    return hb;
}

}  // namespace rbee::core

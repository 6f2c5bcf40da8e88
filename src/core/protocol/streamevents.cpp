// JSON payloads of the stream events, in both directions.
#include "streamevents.h"

#include "../json.h"

#include <QJsonDocument>

namespace rbee::core {

namespace {
SseEvent make(const char *name, const QJsonObject &data)
{
    return SseEvent{QString::fromLatin1(name), QString::fromUtf8(toCompactJson(data)), {}};
}

Result<QJsonObject> payload(const SseEvent &event, const char *expected)
{
    if (event.event != QLatin1String(expected)) {
        return Error{ErrorCode::BadRequest,
                     QStringLiteral("expected a '%1' event, got '%2'").arg(QLatin1String(expected), event.event)};
    }
    return parseJsonObject(event.data.toUtf8());
}
}  // namespace

QString stopReasonName(StopReason reason)
{
    switch (reason) {
    case StopReason::Length: return QStringLiteral("length");
    case StopReason::Stop: return QStringLiteral("stop");
    case StopReason::Eos: return QStringLiteral("eos");
    case StopReason::Cancelled: return QStringLiteral("cancelled");
    }
    return QStringLiteral("length");
}

std::optional<StopReason> stopReasonFromName(const QString &name)
{
    for (auto r : {StopReason::Length, StopReason::Stop, StopReason::Eos, StopReason::Cancelled}) {
        if (stopReasonName(r) == name)
            return r;
    }
    return std::nullopt;
}

SseEvent StartedEvent::toSse() const
{
    return make(StreamEventName::kStarted, {{QStringLiteral("job_id"), jobId},
                                            {QStringLiteral("worker_id"), workerId},
                                            {QStringLiteral("model"), model},
                                            {QStringLiteral("prompt_tokens"), promptTokens},
                                            {QStringLiteral("cached_tokens"), cachedTokens}});
}

Result<StartedEvent> StartedEvent::fromSse(const SseEvent &event)
{
    const auto json = payload(event, StreamEventName::kStarted);
    if (!json)
        return json.error();
    JsonObjectReader r(json.value());
    StartedEvent e;
    r.string("job_id", e.jobId, true);
    r.string("worker_id", e.workerId, true);
    r.string("model", e.model, true);
    r.integer("prompt_tokens", e.promptTokens, 0, 100000000, true);
    r.integer("cached_tokens", e.cachedTokens, 0, e.promptTokens);  // absent from workers before the cache
    if (!r.ok())
        return r.error();
    return e;
}

SseEvent TokenEvent::toSse() const
{
    return make(StreamEventName::kToken, {{QStringLiteral("t"), text}, {QStringLiteral("i"), index}});
}

Result<TokenEvent> TokenEvent::fromSse(const SseEvent &event)
{
    const auto json = payload(event, StreamEventName::kToken);
    if (!json)
        return json.error();
    JsonObjectReader r(json.value());
    TokenEvent e;
    r.string("t", e.text, true);
    r.integer("i", e.index, 0, 100000000, true);
    if (!r.ok())
        return r.error();
    return e;
}

SseEvent EndEvent::toSse() const
{
    return make(StreamEventName::kEnd, {{QStringLiteral("stop_reason"), stopReasonName(stopReason)},
                                        {QStringLiteral("tokens"), tokens},
                                        {QStringLiteral("prompt_tokens"), promptTokens},
                                        {QStringLiteral("cached_tokens"), cachedTokens},
                                        {QStringLiteral("ttft_ms"), ttftMs},
                                        {QStringLiteral("tokens_per_s"), tokensPerS}});
}

Result<EndEvent> EndEvent::fromSse(const SseEvent &event)
{
    const auto json = payload(event, StreamEventName::kEnd);
    if (!json)
        return json.error();
    JsonObjectReader r(json.value());
    EndEvent e;
    QString reason;
    r.string("stop_reason", reason, true);
    r.integer("tokens", e.tokens, 0, 100000000, true);
    r.integer("prompt_tokens", e.promptTokens, 0, 100000000, true);
    r.integer("cached_tokens", e.cachedTokens, 0, e.promptTokens);
    r.number("ttft_ms", e.ttftMs, 0.0, 1e12, true);
    r.number("tokens_per_s", e.tokensPerS, 0.0, 1e12, true);
    if (r.ok()) {
        if (const auto sr = stopReasonFromName(reason))
            e.stopReason = *sr;
        else
            r.fail(QStringLiteral("stop_reason"), QStringLiteral("unknown stop reason '%1'").arg(reason));
    }
    if (!r.ok())
        return r.error();
    return e;
}

SseEvent errorSseEvent(const Error &error)
{
    return make(StreamEventName::kError, errorEventBody(error));
}

Error errorFromSse(const SseEvent &event)
{
    const auto json = payload(event, StreamEventName::kError);
    if (!json)
        return Error{ErrorCode::WorkerError, QStringLiteral("malformed error event: %1").arg(json.error().message)};
    JsonObjectReader r(json.value());
    QString code;
    Error e;
    r.string("code", code, true);
    r.string("message", e.message, true);
    r.string("field", e.field);
    if (!r.ok())
        return Error{ErrorCode::WorkerError, QStringLiteral("malformed error event: %1").arg(r.error().message)};
    e.code = errorCodeFromName(code);
    return e;
}

}  // namespace rbee::core

// OpenAI mapping; see openaimapping.h. Every field OpenAI clients send is either applied or
// refused with a 400 naming it, never silently dropped.
#include "openaimapping.h"

#include "../json.h"

#include <QJsonArray>

namespace rbee::core::openai {

namespace {
// Chat message content: a string, or an array of {"type":"text","text":...} parts.
bool readContent(const QJsonValue &value, QString &out)
{
    if (value.isString()) {
        out = value.toString();
        return true;
    }
    if (!value.isArray())
        return false;
    for (const QJsonValue &part : value.toArray()) {
        const QJsonObject p = part.toObject();
        if (p.value(QStringLiteral("type")).toString() != QLatin1String("text")
            || !p.value(QStringLiteral("text")).isString())
            return false;
        out += p.value(QStringLiteral("text")).toString();
    }
    return true;
}

QJsonObject base(const OpenAiRequest &request, const ResponseIds &ids, bool chunk)
{
    const bool chat = request.kind == OpenAiRequest::Kind::Chat;
    return {{QStringLiteral("id"), ids.id},
            {QStringLiteral("object"),
             chat ? (chunk ? QStringLiteral("chat.completion.chunk") : QStringLiteral("chat.completion"))
                  : QStringLiteral("text_completion")},
            {QStringLiteral("created"), ids.created},
            {QStringLiteral("model"), ids.model},
            {QStringLiteral("system_fingerprint"), QStringLiteral("rbee-" RBEE_VERSION)}};
}
}  // namespace

Result<OpenAiRequest> parseRequest(const QJsonObject &body, OpenAiRequest::Kind kind)
{
    OpenAiRequest out;
    out.kind = kind;
    JsonObjectReader r(body);
    const bool chat = kind == OpenAiRequest::Kind::Chat;
    QStringList known{QStringLiteral("model"),
                      QStringLiteral("stream"),
                      QStringLiteral("stream_options"),
                      QStringLiteral("max_tokens"),
                      QStringLiteral("temperature"),
                      QStringLiteral("top_p"),
                      QStringLiteral("stop"),
                      QStringLiteral("seed"),
                      QStringLiteral("n"),
                      QStringLiteral("frequency_penalty"),
                      QStringLiteral("presence_penalty"),
                      QStringLiteral("top_k"),
                      QStringLiteral("min_p"),
                      QStringLiteral("repeat_penalty"),
                      QStringLiteral("cache_prompt")};
    known << (chat ? QStringList{QStringLiteral("messages"), QStringLiteral("max_completion_tokens")}
                   : QStringList{QStringLiteral("prompt")});
    r.rejectUnknown(known);
    r.string("model", out.model, true, false);
    r.boolean("stream", out.stream);
    if (r.ok() && r.has("stream_options")) {
        const QJsonValue so = body.value(QStringLiteral("stream_options"));
        if (!so.isObject()) {
            r.fail(QStringLiteral("stream_options"), QStringLiteral("field 'stream_options' must be an object"));
        } else {
            JsonObjectReader sr(so.toObject(), QStringLiteral("stream_options"));
            sr.rejectUnknown({QStringLiteral("include_usage")});
            sr.boolean("include_usage", out.includeUsage);
            if (!sr.ok())
                r.fail(sr.error());
        }
    }
    int n = 1;
    r.integer("n", n, 1, 1);
    double penalty = 0;
    r.number("frequency_penalty", penalty, 0, 0);  // not supported: only the neutral value
    r.number("presence_penalty", penalty, 0, 0);

    InferenceRequest &inf = out.inference;
    if (r.ok()) {
        if (chat) {
            const QJsonValue messages = body.value(QStringLiteral("messages"));
            if (!messages.isArray() || messages.toArray().isEmpty()) {
                r.fail(QStringLiteral("messages"), QStringLiteral("field 'messages' must be a non-empty array"));
            } else {
                const QJsonArray list = messages.toArray();
                for (qsizetype i = 0; i < list.size() && r.ok(); ++i) {
                    const QJsonObject m = list.at(i).toObject();
                    const QString field = QStringLiteral("messages[%1]").arg(i);
                    for (auto it = m.constBegin(); it != m.constEnd(); ++it) {
                        if (it.key() != QLatin1String("role") && it.key() != QLatin1String("content")) {
                            r.fail(field + u'.' + it.key(),
                                   QStringLiteral("unknown field '%1.%2'").arg(field, it.key()));
                            break;
                        }
                    }
                    if (!r.ok())
                        break;
                    ChatMessage message;
                    message.role = m.value(QStringLiteral("role")).toString();
                    if (message.role == QLatin1String("developer"))
                        message.role = QStringLiteral("system");
                    if (message.role != QLatin1String("system") && message.role != QLatin1String("user")
                        && message.role != QLatin1String("assistant")) {
                        r.fail(
                            field + QStringLiteral(".role"),
                            QStringLiteral("field '%1.role' must be system, developer, user or assistant").arg(field));
                    } else if (!readContent(m.value(QStringLiteral("content")), message.content)) {
                        r.fail(field + QStringLiteral(".content"),
                               QStringLiteral("field '%1.content' must be a string or text parts").arg(field));
                    }
                    inf.messages.append(message);
                }
            }
        } else {
            const QJsonValue prompt = body.value(QStringLiteral("prompt"));
            if (prompt.isString() && !prompt.toString().isEmpty())
                inf.prompt = prompt.toString();
            else if (prompt.isArray() && prompt.toArray().size() == 1 && prompt.toArray().first().isString()
                     && !prompt.toArray().first().toString().isEmpty())
                inf.prompt = prompt.toArray().first().toString();
            else
                r.fail(QStringLiteral("prompt"),
                       QStringLiteral("field 'prompt' must be a non-empty string (or an array of one)"));
        }
    }
    // The sampling fields share the worker's names and ranges, except max_completion_tokens.
    SamplingParams::read(r, inf.sampling, SamplingParams::kMaxContextTokens);
    r.boolean("cache_prompt", inf.cachePrompt);
    // max_completion_tokens is OpenAI's newer name for max_tokens; checked under its own name.
    r.integer("max_completion_tokens", inf.sampling.maxTokens, 1, SamplingParams::kMaxContextTokens);
    if (!r.ok())
        return r.error();
    return out;
}

QJsonObject errorBody(const Error &error)
{
    const int status = httpStatus(error.code);
    const QString type = status == 401  ? QStringLiteral("authentication_error")
                         : status < 500 ? QStringLiteral("invalid_request_error")
                                        : QStringLiteral("server_error");
    return {{QStringLiteral("error"),
             QJsonObject{{QStringLiteral("message"), error.message},
                         {QStringLiteral("type"), type},
                         {QStringLiteral("param"), error.field.isEmpty() ? QJsonValue() : QJsonValue(error.field)},
                         {QStringLiteral("code"), errorCodeName(error.code)}}}};
}

QString finishReason(StopReason reason)
{
    return reason == StopReason::Length ? QStringLiteral("length") : QStringLiteral("stop");
}

QJsonObject usage(const EndEvent &end)
{
    // prompt_tokens_details.cached_tokens is OpenAI's name for the prompt tokens it did not
    // recompute; here: those the worker took from its prompt cache.
    return {
        {QStringLiteral("prompt_tokens"), end.promptTokens},
        {QStringLiteral("completion_tokens"), end.tokens},
        {QStringLiteral("total_tokens"), end.promptTokens + end.tokens},
        {QStringLiteral("prompt_tokens_details"), QJsonObject{{QStringLiteral("cached_tokens"), end.cachedTokens}}}};
}

QJsonObject completion(const OpenAiRequest &request, const ResponseIds &ids, const QString &text, const EndEvent &end)
{
    QJsonObject o = base(request, ids, false);
    QJsonObject choice{{QStringLiteral("index"), 0}, {QStringLiteral("finish_reason"), finishReason(end.stopReason)}};
    if (request.kind == OpenAiRequest::Kind::Chat) {
        choice.insert(QStringLiteral("message"), QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                                                             {QStringLiteral("content"), text}});
    } else {
        choice.insert(QStringLiteral("text"), text);
        choice.insert(QStringLiteral("logprobs"), QJsonValue());
    }
    o.insert(QStringLiteral("choices"), QJsonArray{choice});
    o.insert(QStringLiteral("usage"), usage(end));
    return o;
}

QJsonObject textChunk(const OpenAiRequest &request, const ResponseIds &ids, const QString &text, bool roleFirst)
{
    QJsonObject o = base(request, ids, true);
    QJsonObject choice{{QStringLiteral("index"), 0}, {QStringLiteral("finish_reason"), QJsonValue()}};
    if (request.kind == OpenAiRequest::Kind::Chat) {
        QJsonObject delta{{QStringLiteral("content"), text}};
        if (roleFirst)
            delta.insert(QStringLiteral("role"), QStringLiteral("assistant"));
        choice.insert(QStringLiteral("delta"), delta);
    } else {
        choice.insert(QStringLiteral("text"), text);
        choice.insert(QStringLiteral("logprobs"), QJsonValue());
    }
    o.insert(QStringLiteral("choices"), QJsonArray{choice});
    return o;
}

QJsonObject finalChunk(const OpenAiRequest &request, const ResponseIds &ids, const EndEvent &end)
{
    QJsonObject o = base(request, ids, true);
    QJsonObject choice{{QStringLiteral("index"), 0}, {QStringLiteral("finish_reason"), finishReason(end.stopReason)}};
    if (request.kind == OpenAiRequest::Kind::Chat)
        choice.insert(QStringLiteral("delta"), QJsonObject{});
    else
        choice.insert(QStringLiteral("text"), QString());
    o.insert(QStringLiteral("choices"), QJsonArray{choice});
    return o;
}

QJsonObject usageChunk(const OpenAiRequest &request, const ResponseIds &ids, const EndEvent &end)
{
    QJsonObject o = base(request, ids, true);
    o.insert(QStringLiteral("choices"), QJsonArray{});
    o.insert(QStringLiteral("usage"), usage(end));
    return o;
}

}  // namespace rbee::core::openai

// Validation of inference requests: types, ranges, exactly one of prompt/messages, stop strings.
#include "inferencerequest.h"

#include <QJsonArray>

namespace rbee::core {

QStringList SamplingParams::fieldNames()
{
    return {QStringLiteral("max_tokens"), QStringLiteral("temperature"), QStringLiteral("top_p"),
            QStringLiteral("top_k"),      QStringLiteral("min_p"),       QStringLiteral("repeat_penalty"),
            QStringLiteral("seed"),       QStringLiteral("stop")};
}

QStringList InferenceRequest::fieldNames()
{
    return QStringList{QStringLiteral("prompt"), QStringLiteral("messages"), QStringLiteral("cache_prompt")}
           + SamplingParams::fieldNames();
}

namespace {
void readStop(JsonObjectReader &reader, QStringList &out)
{
    const QString name = QStringLiteral("stop");
    const QJsonValue value = reader.object().value(name);
    if (value.isUndefined() || value.isNull())
        return;
    QJsonArray items;
    if (value.isString()) {
        items.append(value);
    } else if (value.isArray()) {
        items = value.toArray();
    } else {
        reader.fail(name, QStringLiteral("field 'stop' must be a string or an array of strings"));
        return;
    }
    if (items.size() > InferenceRequest::kMaxStopStrings) {
        reader.fail(name, QStringLiteral("field 'stop' takes at most %1 strings, got %2")
                              .arg(InferenceRequest::kMaxStopStrings)
                              .arg(items.size()));
        return;
    }
    QStringList stops;
    for (const QJsonValue &item : items) {
        if (!item.isString() || item.toString().isEmpty()) {
            reader.fail(name, QStringLiteral("field 'stop' must contain only non-empty strings"));
            return;
        }
        if (item.toString().size() > InferenceRequest::kMaxStopLength) {
            reader.fail(name, QStringLiteral("field 'stop' strings must be at most %1 characters")
                                  .arg(InferenceRequest::kMaxStopLength));
            return;
        }
        stops.append(item.toString());
    }
    out = stops;
}
}  // namespace

void SamplingParams::read(JsonObjectReader &reader, SamplingParams &s, int maxTokensLimit)
{
    reader.integer("max_tokens", s.maxTokens, 1, maxTokensLimit);
    reader.number("temperature", s.temperature, 0.0, 2.0);
    reader.number("top_p", s.topP, 0.0, 1.0);
    reader.integer("top_k", s.topK, 0, 100000);
    reader.number("min_p", s.minP, 0.0, 1.0);
    reader.number("repeat_penalty", s.repeatPenalty, 0.0, 10.0);
    if (reader.ok() && reader.has("repeat_penalty") && s.repeatPenalty <= 0.0)
        reader.fail(QStringLiteral("repeat_penalty"), QStringLiteral("field 'repeat_penalty' must be greater than 0"));
    // 0xFFFFFFFF means "random" to llama.cpp, so it is not a valid explicit seed. Left at -1 when
    // absent or null.
    qint64 seed = -1;
    reader.integer("seed", seed, 0, 0xFFFFFFFELL);
    if (reader.ok() && seed >= 0)
        s.seed = static_cast<quint32>(seed);
    if (reader.ok())
        readStop(reader, s.stop);
}

void InferenceRequest::read(JsonObjectReader &reader, InferenceRequest &out, int maxTokensLimit)
{
    const bool hasPrompt = reader.has("prompt");
    const bool hasMessages = reader.has("messages");
    if (hasPrompt == hasMessages) {
        reader.fail(QStringLiteral("prompt"), hasPrompt
                                                  ? QStringLiteral("give either 'prompt' or 'messages', not both")
                                                  : QStringLiteral("missing required field 'prompt' (or 'messages')"));
        return;
    }
    if (hasPrompt)
        reader.string("prompt", out.prompt, true, false);
    else
        out.messages = ChatMessage::readList(reader, "messages");

    SamplingParams::read(reader, out.sampling, maxTokensLimit);
    reader.boolean("cache_prompt", out.cachePrompt);
}

Result<InferenceRequest> InferenceRequest::fromJson(const QJsonObject &object, int maxTokensLimit)
{
    JsonObjectReader reader(object);
    reader.rejectUnknown(fieldNames());
    InferenceRequest request;
    read(reader, request, maxTokensLimit);
    if (!reader.ok())
        return reader.error();
    return request;
}

QString InferenceRequest::routingText() const
{
    if (!isChat())
        return prompt;
    QString text;
    for (const ChatMessage &m : messages)
        text += QStringLiteral("<|") + m.role + QStringLiteral("|>\n") + m.content + QStringLiteral("<|end|>\n");
    return text;
}

QJsonObject InferenceRequest::toJson() const
{
    QJsonObject o;
    if (isChat())
        o.insert(QStringLiteral("messages"), ChatMessage::listToJson(messages));
    else
        o.insert(QStringLiteral("prompt"), prompt);
    o.insert(QStringLiteral("max_tokens"), sampling.maxTokens);
    o.insert(QStringLiteral("temperature"), sampling.temperature);
    o.insert(QStringLiteral("top_p"), sampling.topP);
    o.insert(QStringLiteral("top_k"), sampling.topK);
    o.insert(QStringLiteral("min_p"), sampling.minP);
    o.insert(QStringLiteral("repeat_penalty"), sampling.repeatPenalty);
    if (sampling.seed)
        o.insert(QStringLiteral("seed"), static_cast<qint64>(*sampling.seed));
    if (!sampling.stop.isEmpty())
        o.insert(QStringLiteral("stop"), QJsonArray::fromStringList(sampling.stop));
    if (!cachePrompt)
        o.insert(QStringLiteral("cache_prompt"), false);
    return o;
}

}  // namespace rbee::core

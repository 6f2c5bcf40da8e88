// JSON form of conversations.
#include "conversation.h"

#include <QJsonArray>
#include <QUuid>

namespace rbee::gui {

QJsonObject ChatTurn::toJson() const
{
    QJsonObject o{{QStringLiteral("role"), role}, {QStringLiteral("content"), content}};
    if (role == QLatin1String("assistant")) {
        o.insert(QStringLiteral("worker_id"), workerId);
        o.insert(QStringLiteral("device"), device);
        o.insert(QStringLiteral("ttft_ms"), ttftMs);
        o.insert(QStringLiteral("tokens_per_s"), tokensPerS);
        o.insert(QStringLiteral("tokens"), tokens);
        if (cachedTokens > 0)
            o.insert(QStringLiteral("cached_tokens"), cachedTokens);
        o.insert(QStringLiteral("stop_reason"), stopReason);
        if (!error.isEmpty())
            o.insert(QStringLiteral("error"), error);
    }
    return o;
}

ChatTurn ChatTurn::fromJson(const QJsonObject &o)
{
    ChatTurn t;
    t.role = o.value(QStringLiteral("role")).toString();
    t.content = o.value(QStringLiteral("content")).toString();
    t.workerId = o.value(QStringLiteral("worker_id")).toString();
    t.device = o.value(QStringLiteral("device")).toString();
    t.ttftMs = o.value(QStringLiteral("ttft_ms")).toDouble();
    t.tokensPerS = o.value(QStringLiteral("tokens_per_s")).toDouble();
    t.tokens = o.value(QStringLiteral("tokens")).toInt();
    t.cachedTokens = o.value(QStringLiteral("cached_tokens")).toInt();  // absent in older files: 0
    t.stopReason = o.value(QStringLiteral("stop_reason")).toString();
    t.error = o.value(QStringLiteral("error")).toString();
    return t;
}

Conversation Conversation::create()
{
    Conversation c;
    c.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    c.updated = QDateTime::currentDateTimeUtc();
    return c;
}

QJsonObject Conversation::toJson() const
{
    QJsonArray list;
    for (const ChatTurn &t : turns)
        list.append(t.toJson());
    return {{QStringLiteral("id"), id},
            {QStringLiteral("title"), title},
            {QStringLiteral("model"), model},
            {QStringLiteral("system_prompt"), systemPrompt},
            {QStringLiteral("temperature"), temperature},
            {QStringLiteral("max_tokens"), maxTokens},
            {QStringLiteral("turns"), list},
            {QStringLiteral("updated"), updated.toString(Qt::ISODateWithMs)}};
}

Conversation Conversation::fromJson(const QJsonObject &o)
{
    Conversation c;
    c.id = o.value(QStringLiteral("id")).toString();
    c.title = o.value(QStringLiteral("title")).toString();
    c.model = o.value(QStringLiteral("model")).toString();
    c.systemPrompt = o.value(QStringLiteral("system_prompt")).toString();
    c.temperature = o.value(QStringLiteral("temperature")).toDouble(0.8);
    c.maxTokens = o.value(QStringLiteral("max_tokens")).toInt(256);
    for (const QJsonValue &t : o.value(QStringLiteral("turns")).toArray())
        c.turns.append(ChatTurn::fromJson(t.toObject()));
    c.updated = QDateTime::fromString(o.value(QStringLiteral("updated")).toString(), Qt::ISODateWithMs);
    return c;
}

}  // namespace rbee::gui

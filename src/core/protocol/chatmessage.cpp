// Validation of chat message lists: every entry an object with a known role and string content.
#include "chatmessage.h"

#include <QStringList>

namespace rbee::core {

QJsonObject ChatMessage::toJson() const
{
    return {{QStringLiteral("role"), role}, {QStringLiteral("content"), content}};
}

QJsonArray ChatMessage::listToJson(const QList<ChatMessage> &messages)
{
    QJsonArray array;
    for (const auto &m : messages)
        array.append(m.toJson());
    return array;
}

QString ChatMessage::plainTextPrompt(const QList<ChatMessage> &messages)
{
    QString text;
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const bool continues = messages[i].role == QLatin1String("assistant") && i > 0
                               && messages[i - 1].role != QLatin1String("assistant");
        if (i > 0 && !continues)
            text += u'\n';
        text += messages[i].content;
    }
    return text;
}

QList<ChatMessage> ChatMessage::readList(JsonObjectReader &reader, const char *key)
{
    QList<ChatMessage> messages;
    const QString name = QString::fromLatin1(key);
    const QJsonValue value = reader.object().value(name);
    if (!value.isArray()) {
        reader.fail(name, QStringLiteral("field '%1' must be an array of messages").arg(reader.fieldPath(name)));
        return messages;
    }
    const QJsonArray array = value.toArray();
    if (array.isEmpty()) {
        reader.fail(name, QStringLiteral("field '%1' must not be empty").arg(reader.fieldPath(name)));
        return messages;
    }
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString item = QStringLiteral("%1[%2]").arg(name).arg(i);
        if (!array.at(i).isObject()) {
            reader.fail(
                item, QStringLiteral("field '%1' must be an object with role and content").arg(reader.fieldPath(item)));
            return {};
        }
        JsonObjectReader entry(array.at(i).toObject(), reader.fieldPath(item));
        ChatMessage message;
        entry.string("role", message.role, true);
        entry.string("content", message.content, true);
        entry.rejectUnknown({QStringLiteral("role"), QStringLiteral("content")});
        if (entry.ok() && message.role != QLatin1String("system") && message.role != QLatin1String("user")
            && message.role != QLatin1String("assistant")) {
            entry.fail(QStringLiteral("role"), QStringLiteral("field '%1' must be one of system, user, assistant")
                                                   .arg(entry.fieldPath(QStringLiteral("role"))));
        }
        if (!entry.ok()) {
            reader.fail(entry.error());
            return {};
        }
        messages.append(message);
    }
    return messages;
}

}  // namespace rbee::core

// Fuzz target: the chat-message reader (ChatMessage::readList). The input is a JSON document: an
// array is read as the list itself, an object as the holder of "messages". An accepted list is
// not empty, has only known roles, and listToJson() of it reads back as the same list.
#include <QJsonDocument>

#include "core/json.h"
#include "core/protocol/chatmessage.h"
#include "fuzzcheck.h"

using rbee::core::ChatMessage;
using rbee::core::JsonObjectReader;
using rbee::fuzz::require;

namespace {
QList<ChatMessage> readMessages(const QJsonObject &holder, bool &ok)
{
    JsonObjectReader reader(holder, QStringLiteral("request"));
    const QList<ChatMessage> messages = ChatMessage::readList(reader, "messages");
    ok = reader.ok();
    if (!ok) {
        require(!reader.error().message.isEmpty(), "a refusal says what is wrong");
        require(messages.isEmpty(), "a refused list yields no messages");
    }
    return messages;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QJsonDocument doc =
        QJsonDocument::fromJson(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));
    QJsonObject holder;
    if (doc.isArray())
        holder.insert(QStringLiteral("messages"), doc.array());
    else if (doc.isObject())
        holder = doc.object();
    else
        return 0;
    bool ok = false;
    const QList<ChatMessage> messages = readMessages(holder, ok);
    if (!ok)
        return 0;
    require(!messages.isEmpty(), "an accepted list is not empty");
    for (const ChatMessage &m : messages) {
        require(m.role == QLatin1String("system") || m.role == QLatin1String("user")
                    || m.role == QLatin1String("assistant"),
                "every role is system, user or assistant");
    }
    bool okAgain = false;
    const QList<ChatMessage> again =
        readMessages(QJsonObject{{QStringLiteral("messages"), ChatMessage::listToJson(messages)}}, okAgain);
    require(okAgain && again == messages, "listToJson() of an accepted list reads back as the same list");
    return 0;
}

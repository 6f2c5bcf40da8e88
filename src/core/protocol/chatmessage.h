// ChatMessage: one {"role","content"} entry of a chat request.
#pragma once

#include "../json.h"

#include <QJsonArray>
#include <QList>
#include <QString>

namespace rbee::core {

struct ChatMessage {
    QString role;  // system | user | assistant
    QString content;

    QJsonObject toJson() const;
    // Reads reader's `key` as a non-empty array of messages; records the first problem in reader.
    static QList<ChatMessage> readList(JsonObjectReader &reader, const char *key);
    static QJsonArray listToJson(const QList<ChatMessage> &messages);
    // The conversation as plain text to continue, for a model without a chat template (a base
    // model): the contents one per line, without role names or markup, except that an answer
    // follows the text before it directly, as the model wrote it (so the next turn's prompt starts
    // with exactly what the worker's prompt cache holds). Such a model was never trained on any
    // template, so a made-up one only adds tokens it has not seen; it continues the text instead,
    // as it was trained to.
    static QString plainTextPrompt(const QList<ChatMessage> &messages);
    friend bool operator==(const ChatMessage &, const ChatMessage &) = default;
};

}  // namespace rbee::core

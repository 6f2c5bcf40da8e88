// Conversation: one chat as the app keeps it: settings, the turns so far and what served each
// answer. Plain value with JSON read/write for ConversationStore.
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace rbee::gui {

struct ChatTurn {
    QString role;  // user | assistant
    QString content;
    // Assistant turns: where and how it was generated, or the error that ended it.
    QString workerId;
    QString device;
    double ttftMs = 0;
    double tokensPerS = 0;
    int tokens = 0;
    int cachedTokens = 0;  // prompt tokens the worker took from its prompt cache
    QString stopReason;
    QString error;

    QJsonObject toJson() const;
    static ChatTurn fromJson(const QJsonObject &o);
};

struct Conversation {
    QString id;
    QString title;
    QString model;
    QString systemPrompt;
    double temperature = 0.8;
    int maxTokens = 256;
    QList<ChatTurn> turns;
    QDateTime updated;

    static Conversation create();
    QJsonObject toJson() const;
    static Conversation fromJson(const QJsonObject &o);
};

}  // namespace rbee::gui

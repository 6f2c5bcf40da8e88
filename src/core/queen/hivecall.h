// HiveCall: one request from the queen to a hive's API (start or stop a worker, pull a model),
// with the cluster token, timeouts and a bounded answer. Says what the hive answered, or why it
// did not; classifies a hive's error answer once (hiveError). Owns its ClientRequest.
#pragma once

#include "../error.h"

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>

namespace rbee::core {

struct HiveAnswer {
    QString hive;     // the hive's name, for messages
    QString hiveUrl;  // its API's base url
    int status = 0;   // 0: no HTTP answer (see failure)
    QByteArray body;
    QJsonObject json;  // the body when it is a JSON object
    QString failure;   // why there was no answer: connect error, timeout, too large

    bool answered() const { return status != 0; }
    bool succeeded() const { return status >= 200 && status < 300; }
    // The hive's own error (its code, its message prefixed with the hive's name), or
    // hive_unreachable naming the hive when it did not answer.
    Error error() const;
};

class HiveCall : public QObject {
    Q_OBJECT
public:
    static constexpr int kConnectTimeoutMs = 5000;
    static constexpr qsizetype kMaxAnswerBytes = 1024 * 1024;

    using Done = std::function<void(const HiveAnswer &answer)>;

    // Sends `method` to the hive's base url + path, with a JSON body when given and the token
    // when not empty; `done` is called once, on the event loop, unless `context` is destroyed
    // first. The call deletes itself after.
    static void send(QObject *context, const QString &hive, const QString &hiveUrl, const QByteArray &method,
                     const QString &path, const QJsonObject &body, const QString &token, int answerTimeoutMs,
                     Done done);

private:
    HiveCall(QObject *context, HiveAnswer answer, Done done);
    void finish();

    HiveAnswer m_answer;
    Done m_done;
    bool m_finished = false;
};

}  // namespace rbee::core

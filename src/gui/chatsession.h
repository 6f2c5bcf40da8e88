// ChatSession: sends a conversation to a worker from the app itself (QNetworkAccessManager, POST
// /v1/inference then its event stream) and reports the answer as it grows, with text batched to
// at most ~60 updates a second. "Automatic" asks the core Scheduler and says why it picked.
#pragma once

#include "conversation.h"

#include "core/client/workerjobclient.h"
#include "core/error.h"
#include "core/protocol/streamevents.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QNetworkAccessManager;

namespace rbee::core {
class WorkerRegistry;
}  // namespace rbee::core

namespace rbee::gui {

class ChatSession : public QObject {
    Q_OBJECT
public:
    static constexpr int kFlushIntervalMs = 16;  // at most ~60 view updates a second

    ChatSession(core::WorkerRegistry *registry, QNetworkAccessManager *nam, QObject *parent = nullptr);
    ~ChatSession() override;

    // `workerId` empty: automatic (first available worker serving the conversation's model).
    void send(const Conversation &conversation, const QString &workerId = {});
    void stop();
    bool isRunning() const { return m_client != nullptr; }

Q_SIGNALS:
    void narrated(const QString &message);
    void started(const QString &workerId, const QString &device);
    void textAppended(const QString &text);
    void finished(const rbee::core::EndEvent &end);
    void failed(const rbee::core::Error &error);

private:
    void flush();
    void release();
    void onEvent(const core::SseEvent &event);

    core::WorkerRegistry *m_registry;
    QNetworkAccessManager *m_nam;
    QPointer<core::WorkerJobClient> m_client;
    QString m_workerId;
    QString m_pending;
    QTimer m_flushTimer;
    bool m_stopped = false;
};

}  // namespace rbee::gui

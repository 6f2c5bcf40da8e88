// ChatSession: sends a conversation as one job to the queen the app talks to (QueenConnection:
// the app's own, or a remote one) and reports the answer as it grows, with text batched to at
// most ~60 updates a second. The queen picks the worker by its policy (or runs the job on the
// worker the user picked), retries, queues and narrates; the session only reads the job's stream.
#pragma once

#include "conversation.h"

#include "core/client/jobstream.h"
#include "core/client/queenconnection.h"
#include "core/error.h"
#include "core/protocol/streamevents.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

namespace rbee::gui {

class ChatSession : public QObject {
    Q_OBJECT
public:
    static constexpr int kFlushIntervalMs = 16;  // at most ~60 view updates a second

    explicit ChatSession(core::QueenConnection *queen, QObject *parent = nullptr);
    ~ChatSession() override;

    // `workerId` empty: the queen chooses (its scheduling policy); else the job runs there or fails.
    void send(const Conversation &conversation, const QString &workerId = {});
    // Cancels the answer; finished() comes with stop reason "cancelled" and what was generated.
    void stop();
    bool isRunning() const { return m_stream != nullptr; }

    // The job the conversation's turns make (system prompt, then every answered turn).
    static core::JobSubmission submission(const Conversation &conversation, const QString &workerId);

Q_SIGNALS:
    void narrated(const QString &message);
    void started(const QString &workerId);
    void textAppended(const QString &text);
    void finished(const rbee::core::EndEvent &end);
    void failed(const rbee::core::Error &error);

private:
    void flush();
    void release();
    void onEvent(const core::SseEvent &event);
    void onEnded();

    core::QueenConnection *m_queen;
    QPointer<core::JobStream> m_stream;
    QString m_pending;
    QTimer m_flushTimer;
    core::StartedEvent m_startedEvent;
    int m_tokens = 0;         // tokens received so far, for the end of an answer stopped here
    bool m_answered = false;  // end or error seen: the answer is over for the view
};

}  // namespace rbee::gui

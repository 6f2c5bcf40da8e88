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

#include <QElapsedTimer>
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
    // Cancels the answer; finished() comes with stop reason "cancelled", what was generated and its
    // timings (as measured here where the queen's end of a cancelled job carries none).
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
    // A cancelled job's end as the queen writes it has no TTFT or tok/s (it does not wait for the
    // worker's): fills them, and the token count, from what arrived here.
    void completeStats(core::EndEvent &end) const;

    core::QueenConnection *m_queen;
    QPointer<core::JobStream> m_stream;
    QString m_pending;
    QTimer m_flushTimer;
    core::StartedEvent m_startedEvent;
    QElapsedTimer m_clock;  // since send()
    qint64 m_firstTokenMs = -1;
    qint64 m_lastTokenMs = -1;
    int m_tokens = 0;         // tokens received so far (the last token index + 1), for a stopped answer
    bool m_answered = false;  // end or error seen: the answer is over for the view
};

}  // namespace rbee::gui

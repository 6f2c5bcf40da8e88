// StreamChecker: the invariants of one event stream read to its end, fed event by event:
// job streams (worker, or queen with its narration first) and OpenAI streaming chunks.
// Pure value class; the stress suites keep one per stream and report what it found.
#pragma once

#include "core/sse/sseevent.h"

#include <QString>
#include <QStringList>

namespace rbee::test {

class StreamChecker {
public:
    enum class Kind { WorkerJob, QueenJob, OpenAiCompletion, OpenAiChat };

    StreamChecker(Kind kind, int maxTokens);

    // A DELETE was sent for the job: an `end` with stop_reason cancelled is then expected, not wrong.
    void allowCancelled() { m_cancelAllowed = true; }
    // The request carried stop strings: stop_reason stop is expected then, and none may be sent.
    void setStopStrings(const QStringList &stops) { m_stops = stops; }
    // Every event as parsed, [DONE] included.
    void add(const core::SseEvent &event);
    // The response body ended (the server closed the stream).
    void closed();

    bool terminalSeen() const { return m_terminal; }
    bool doneSeen() const { return m_done; }
    QString terminal() const { return m_terminalText; }  // e.g. "end length 12" or "error worker_busy"
    const QStringList &problems() const { return m_problems; }

private:
    void addJobEvent(const core::SseEvent &event);
    void addEnd(const core::SseEvent &event);
    void addOpenAiChunk(const core::SseEvent &event);
    void problem(const QString &text) { m_problems << text; }

    Kind m_kind;
    int m_maxTokens;
    bool m_cancelAllowed = false;
    QStringList m_stops;
    QString m_text;                  // the streamed text, to look for stop strings in
    int m_cachedTokens = 0;          // as the started event said
    bool m_workerEventSeen = false;  // started, token, end or error (narration must come before)
    bool m_started = false;
    bool m_terminal = false;
    bool m_done = false;
    bool m_closed = false;
    int m_lastIndex = -1;
    int m_chunks = 0;
    QString m_terminalText;
    QStringList m_problems;
};

}  // namespace rbee::test

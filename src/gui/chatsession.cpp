// Running a conversation as a queen job and batching the text; see chatsession.h.
#include "chatsession.h"

#include "languageswitcher.h"
#include "narrationtext.h"

#include "core/json.h"

#include <algorithm>

namespace rbee::gui {

using namespace rbee::core;

ChatSession::ChatSession(QueenConnection *queen, QObject *parent) : QObject(parent), m_queen(queen)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(kFlushIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &ChatSession::flush);
}

ChatSession::~ChatSession()
{
    if (m_stream)
        disconnect(m_stream, nullptr, this, nullptr);
    delete m_stream;  // cancels the job if it still runs
}

JobSubmission ChatSession::submission(const Conversation &conversation, const QString &workerId)
{
    JobSubmission s;
    s.model = conversation.model;
    s.workerId = workerId;
    if (!conversation.systemPrompt.isEmpty())
        s.request.messages.append(ChatMessage{QStringLiteral("system"), conversation.systemPrompt});
    for (const ChatTurn &t : conversation.turns) {
        if (t.error.isEmpty() && !t.content.isEmpty())
            s.request.messages.append(ChatMessage{t.role, t.content});
    }
    // A model without a chat template gets the conversation as plain text from the worker itself
    // (ChatMessage::plainTextPrompt), the same as for the queen's jobs and OpenAI requests.
    s.request.sampling.temperature = conversation.temperature;
    s.request.sampling.maxTokens = conversation.maxTokens;
    return s;
}

void ChatSession::send(const Conversation &conversation, const QString &workerId)
{
    if (isRunning())
        stop();
    m_startedEvent = StartedEvent{};
    m_tokens = 0;
    m_firstTokenMs = m_lastTokenMs = -1;
    m_clock.start();
    m_answered = false;
    m_stream = m_queen->newJob(submission(conversation, workerId), this);
    connect(m_stream, &JobStream::eventReceived, this, &ChatSession::onEvent);
    connect(m_stream, &JobStream::ended, this, &ChatSession::onEnded);
    m_stream->start();
}

void ChatSession::onEvent(const SseEvent &event)
{
    if (m_answered)
        return;
    if (event.event == QLatin1String(StreamEventName::kToken)) {
        if (const auto token = TokenEvent::fromSse(event)) {
            m_tokens = std::max(m_tokens + 1, token->index + 1);  // one event may carry several tokens
            m_lastTokenMs = m_clock.elapsed();
            if (m_firstTokenMs < 0)
                m_firstTokenMs = m_lastTokenMs;
            m_pending += token->text;
            if (!m_flushTimer.isActive())
                m_flushTimer.start();
        }
    } else if (event.event == QLatin1String(StreamEventName::kNarration)) {
        const auto json = parseJsonObject(event.data.toUtf8());
        Q_EMIT narrated(json ? NarrationText::forUser(json.value(), LanguageSwitcher::instance()->language())
                             : event.data);
    } else if (event.event == QLatin1String(StreamEventName::kStarted)) {
        if (const auto parsed = StartedEvent::fromSse(event)) {
            m_startedEvent = parsed.value();
            Q_EMIT started(m_startedEvent.workerId);
        }
    } else if (event.event == QLatin1String(StreamEventName::kEnd)) {
        flush();
        m_answered = true;
        auto end = EndEvent::fromSse(event);
        if (end) {
            completeStats(end.value());
            Q_EMIT finished(end.value());
        } else
            Q_EMIT failed(end.error());
    } else if (event.event == QLatin1String(StreamEventName::kError)) {
        flush();
        m_answered = true;
        Q_EMIT failed(errorFromSse(event));
    }
}

void ChatSession::onEnded()
{
    flush();
    const bool answered = m_answered;
    m_answered = true;
    release();
    if (!answered)
        Q_EMIT failed(Error{ErrorCode::WorkerError, tr("The job ended without an answer.")});
}

void ChatSession::flush()
{
    m_flushTimer.stop();
    if (m_pending.isEmpty())
        return;
    QString text;
    text.swap(m_pending);
    Q_EMIT textAppended(text);
}

void ChatSession::release()
{
    if (!m_stream)
        return;
    disconnect(m_stream, nullptr, this, nullptr);
    m_stream->deleteLater();
    m_stream = nullptr;
}

void ChatSession::stop()
{
    if (!m_stream)
        return;
    // The app's own queen ends the job at once and its `end` (with what was generated) arrives
    // here now; a remote queen answers later, so the answer ends here with what came so far.
    m_stream->cancel();
    if (!m_stream)
        return;  // the job ended inside cancel()
    flush();
    const bool answered = m_answered;
    m_answered = true;
    release();
    if (answered)
        return;
    EndEvent end;
    end.stopReason = StopReason::Cancelled;
    end.tokens = m_tokens;
    end.promptTokens = m_startedEvent.promptTokens;
    end.cachedTokens = m_startedEvent.cachedTokens;
    completeStats(end);
    Q_EMIT finished(end);
}

void ChatSession::completeStats(EndEvent &end) const
{
    if (end.stopReason != StopReason::Cancelled)
        return;  // the worker's own figures
    end.tokens = std::max(end.tokens, m_tokens);
    if (end.ttftMs <= 0 && m_firstTokenMs >= 0)
        end.ttftMs = double(m_firstTokenMs);
    if (end.tokensPerS <= 0 && end.tokens > 1 && m_lastTokenMs > m_firstTokenMs)
        end.tokensPerS = (end.tokens - 1) * 1000.0 / double(m_lastTokenMs - m_firstTokenMs);
}

}  // namespace rbee::gui

// The stream invariants of the stress suites; see streamchecker.h and docs/protocol.md.
#include "streamchecker.h"

#include "core/json.h"
#include "core/protocol/streamevents.h"

#include <QJsonArray>
#include <QJsonObject>

namespace rbee::test {

using namespace rbee::core;

StreamChecker::StreamChecker(Kind kind, int maxTokens) : m_kind(kind), m_maxTokens(maxTokens) {}

void StreamChecker::add(const SseEvent &event)
{
    if (m_done) {
        problem(QStringLiteral("an event after [DONE]: '%1'").arg(event.event));
        return;
    }
    if (event.isDone()) {
        if (!m_terminal)
            problem(QStringLiteral("[DONE] without an end or error event before it"));
        m_done = true;
        return;
    }
    if (m_kind == Kind::WorkerJob || m_kind == Kind::QueenJob)
        addJobEvent(event);
    else
        addOpenAiChunk(event);
}

void StreamChecker::closed()
{
    if (m_closed)
        return;
    m_closed = true;
    if (!m_done)
        problem(QStringLiteral("the stream ended without [DONE]"));
}

void StreamChecker::addJobEvent(const SseEvent &event)
{
    const QString &name = event.event;
    if (name == QLatin1String("narration")) {
        if (m_kind != Kind::QueenJob)
            problem(QStringLiteral("a narration event from a worker"));
        else if (m_workerEventSeen)
            problem(QStringLiteral("a narration event after the worker's events began"));
        return;
    }
    m_workerEventSeen = true;
    if (m_terminal) {
        problem(QStringLiteral("'%1' after the terminal event (%2)").arg(name, m_terminalText));
        return;
    }
    if (name == QLatin1String(StreamEventName::kStarted)) {
        if (m_started)
            problem(QStringLiteral("a second started event"));
        if (m_lastIndex >= 0)
            problem(QStringLiteral("started after a token"));
        m_started = true;
        if (const auto started = StartedEvent::fromSse(event))
            m_cachedTokens = started->cachedTokens;
        else
            problem(QStringLiteral("malformed started event: %1").arg(event.data));
    } else if (name == QLatin1String(StreamEventName::kToken)) {
        const auto token = TokenEvent::fromSse(event);
        if (!token) {
            problem(QStringLiteral("malformed token event: %1").arg(event.data));
            return;
        }
        if (!m_started)
            problem(QStringLiteral("a token before started"));
        if (token->index <= m_lastIndex)
            problem(QStringLiteral("token index %1 after index %2: indexes must strictly increase")
                        .arg(token->index)
                        .arg(m_lastIndex));
        if (token->index >= m_maxTokens)
            problem(QStringLiteral("token index %1 with max_tokens %2").arg(token->index).arg(m_maxTokens));
        m_lastIndex = token->index;
        m_text += token->text;
    } else if (name == QLatin1String(StreamEventName::kEnd)) {
        addEnd(event);
    } else if (name == QLatin1String(StreamEventName::kError)) {
        m_terminal = true;
        const Error error = errorFromSse(event);
        m_terminalText = QStringLiteral("error %1").arg(errorCodeName(error.code));
        // Nothing in the mixes is invalid and no worker fails: an error event is a finding.
        problem(QStringLiteral("an error event: %1 '%2'").arg(errorCodeName(error.code), error.message));
    } else {
        problem(QStringLiteral("an unknown event '%1'").arg(name));
    }
}

void StreamChecker::addEnd(const SseEvent &event)
{
    m_terminal = true;
    const auto end = EndEvent::fromSse(event);
    if (!end) {
        m_terminalText = QStringLiteral("end (malformed)");
        problem(QStringLiteral("malformed end event: %1").arg(event.data));
        return;
    }
    m_terminalText = QStringLiteral("end %1 %2").arg(stopReasonName(end->stopReason)).arg(end->tokens);
    if (end->tokens > m_maxTokens)
        problem(QStringLiteral("end counts %1 tokens with max_tokens %2").arg(end->tokens).arg(m_maxTokens));
    if (end->stopReason == StopReason::Length && end->tokens != m_maxTokens)
        problem(QStringLiteral("stop_reason length after %1 of %2 tokens").arg(end->tokens).arg(m_maxTokens));
    if (end->stopReason == StopReason::Stop && m_stops.isEmpty())
        problem(QStringLiteral("stop_reason stop, but no stop strings were sent"));
    for (const QString &stop : m_stops) {
        if (m_text.contains(stop))
            problem(QStringLiteral("the streamed text contains the stop string '%1'").arg(stop));
    }
    if (end->stopReason == StopReason::Cancelled && !m_cancelAllowed)
        problem(QStringLiteral("stop_reason cancelled, but the client never cancelled"));
    if (m_lastIndex >= end->tokens)
        problem(QStringLiteral("the last token index %1 with %2 tokens counted").arg(m_lastIndex).arg(end->tokens));
    if (end->stopReason != StopReason::Cancelled && !m_started)
        problem(QStringLiteral("the job ended without a started event"));
    if (m_started && end->cachedTokens != m_cachedTokens)
        problem(QStringLiteral("end says %1 prompt tokens were cached, started said %2")
                    .arg(end->cachedTokens)
                    .arg(m_cachedTokens));
}

void StreamChecker::addOpenAiChunk(const SseEvent &event)
{
    ++m_chunks;
    if (!event.event.isEmpty()) {
        problem(QStringLiteral("a named event '%1' in an OpenAI stream").arg(event.event));
        return;
    }
    const auto parsed = parseJsonObject(event.data.toUtf8());
    if (!parsed) {
        problem(QStringLiteral("a chunk that is not a JSON object: %1").arg(event.data.left(200)));
        return;
    }
    const QJsonObject chunk = parsed.value();
    if (chunk.contains(QStringLiteral("error"))) {
        if (m_terminal)
            problem(QStringLiteral("an error chunk after the terminal chunk"));
        m_terminal = true;
        m_terminalText = QStringLiteral("error chunk");
        problem(QStringLiteral("an error chunk: %1").arg(event.data.left(300)));
        return;
    }
    const QString object = chunk.value(QStringLiteral("object")).toString();
    const QString expected =
        m_kind == Kind::OpenAiChat ? QStringLiteral("chat.completion.chunk") : QStringLiteral("text_completion");
    if (object != expected)
        problem(QStringLiteral("chunk object '%1', expected '%2'").arg(object, expected));
    const QJsonArray choices = chunk.value(QStringLiteral("choices")).toArray();
    if (choices.isEmpty()) {
        // The usage chunk: after the final chunk only.
        const QJsonObject usage = chunk.value(QStringLiteral("usage")).toObject();
        if (usage.isEmpty() || !m_terminal)
            problem(QStringLiteral("a chunk without choices that is not a usage chunk after the last one"));
        const int completion = usage.value(QStringLiteral("completion_tokens")).toInt(-1);
        if (completion < 0 || completion > m_maxTokens)
            problem(QStringLiteral("usage.completion_tokens %1 with max_tokens %2").arg(completion).arg(m_maxTokens));
        if (m_terminalText == QLatin1String("finish length") && completion != m_maxTokens)
            problem(QStringLiteral("finish_reason length after %1 of %2 tokens").arg(completion).arg(m_maxTokens));
        return;
    }
    if (m_terminal) {
        problem(QStringLiteral("a chunk with choices after the one with finish_reason"));
        return;
    }
    const QJsonObject choice = choices.first().toObject();
    if (m_kind == Kind::OpenAiChat && m_chunks == 1
        && choice.value(QStringLiteral("delta")).toObject().value(QStringLiteral("role")).toString()
               != QLatin1String("assistant"))
        problem(QStringLiteral("the first chat chunk carries no role 'assistant'"));
    const QJsonValue finish = choice.value(QStringLiteral("finish_reason"));
    if (!finish.isNull()) {
        m_terminal = true;
        m_terminalText = QStringLiteral("finish %1").arg(finish.toString());
        if (finish.toString() != QLatin1String("length") && finish.toString() != QLatin1String("stop"))
            problem(QStringLiteral("finish_reason '%1'").arg(finish.toString()));
    }
}

}  // namespace rbee::test

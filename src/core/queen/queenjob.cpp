// Event log and end of a QueenJob; see queenjob.h.
#include "queenjob.h"

#include "../json.h"
#include "../protocol/streamevents.h"

namespace rbee::core {

QueenJob::QueenJob(const QString &id, const QString &model, const InferenceRequest &request,
                   const QString &pinnedWorkerId, QObject *parent)
    : QObject(parent)
    , m_id(id)
    , m_model(model)
    , m_request(request)
    , m_pinnedWorkerId(pinnedWorkerId)
{
    m_age.start();
}

void QueenJob::cancel()
{
    if (isFinished() || m_cancelRequested)
        return;
    m_cancelRequested = true;
    Q_EMIT cancelRequested();
}

void QueenJob::markQueued()
{
    if (!isFinished())
        m_state = State::Queued;
}

void QueenJob::markDispatched(const QString &workerId)
{
    if (isFinished())
        return;
    m_state = State::Dispatching;
    m_workerId = workerId;
}

void QueenJob::markRunning()
{
    if (!isFinished())
        m_state = State::Running;
}

void QueenJob::narrate(const QString &message, const QJsonObject &facts)
{
    QJsonObject body = facts;
    body.insert(QStringLiteral("message"), message);
    addEvent(SseEvent{QString::fromLatin1(StreamEventName::kNarration), QString::fromUtf8(toCompactJson(body)), {}});
}

void QueenJob::addEvent(const SseEvent &event)
{
    if (isFinished())
        return;
    if (event.event == QLatin1String(StreamEventName::kToken))
        m_lastTokenEvent = event;
    else if (event.event == QLatin1String(StreamEventName::kStarted))
        m_startedEvent = event;
    else if (event.event == QLatin1String(StreamEventName::kError))
        m_errorRelayed = true;
    if (m_keepLog)
        m_events.append(event);
    Q_EMIT eventAdded(event);
}

void QueenJob::finish(Outcome outcome, const Error &error)
{
    if (isFinished())
        return;
    if (outcome == Outcome::Failed) {
        m_error = error;
        if (!m_errorRelayed)  // else the worker's own error event was relayed already
            addEvent(errorSseEvent(error));
    } else if (outcome == Outcome::Cancelled) {
        // The worker's own end event is not waited for: the stream ends as a worker's does.
        EndEvent end;
        end.stopReason = StopReason::Cancelled;
        if (const auto token = TokenEvent::fromSse(m_lastTokenEvent))
            end.tokens = token->index + 1;
        if (const auto started = StartedEvent::fromSse(m_startedEvent)) {
            end.promptTokens = started->promptTokens;
            end.cachedTokens = started->cachedTokens;
        }
        addEvent(end.toSse());
    }
    m_state = State::Finished;
    m_outcome = outcome;
    Q_EMIT ended();
}

}  // namespace rbee::core

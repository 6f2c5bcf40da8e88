// Choosing a worker, running the request and batching the text; see chatsession.h.
#include "chatsession.h"

#include "core/client/workerjobclient.h"
#include "core/registry/workerregistry.h"
#include "core/scheduler/scheduler.h"

namespace rbee::gui {

using namespace rbee::core;

ChatSession::ChatSession(WorkerRegistry *registry, QNetworkAccessManager *nam, QObject *parent)
    : QObject(parent)
    , m_registry(registry)
    , m_nam(nam)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(kFlushIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &ChatSession::flush);
}

ChatSession::~ChatSession()
{
    stop();
}

void ChatSession::send(const Conversation &conversation, const QString &workerId)
{
    if (isRunning())
        stop();
    m_stopped = false;
    QString chosen = workerId;
    const qint64 now = m_registry->clock().nowMs();
    if (chosen.isEmpty()) {
        const ScheduleDecision d =
            Scheduler::choose(m_registry->workers(), conversation.model, SchedulingPolicy::FirstAvailable, now);
        if (d.kind != ScheduleDecision::Kind::Selected) {
            Q_EMIT failed(d.kind == ScheduleDecision::Kind::Fail
                              ? d.error
                              : Error{ErrorCode::WorkerBusy, d.narration + tr("; try again in a moment")});
            return;
        }
        chosen = d.workerId;
        Q_EMIT narrated(d.narration);
    }
    const WorkerRecord *worker = m_registry->find(chosen);
    if (!worker || !worker->online) {
        Q_EMIT failed(
            Error{ErrorCode::NoWorker, worker ? tr("Worker %1 is offline (%2).").arg(chosen, worker->offlineReason)
                                              : tr("Worker %1 is not known to this app.").arg(chosen)});
        return;
    }
    InferenceRequest request;
    if (!conversation.systemPrompt.isEmpty())
        request.messages.append(ChatMessage{QStringLiteral("system"), conversation.systemPrompt});
    for (const ChatTurn &t : conversation.turns) {
        if (t.error.isEmpty() && !t.content.isEmpty())
            request.messages.append(ChatMessage{t.role, t.content});
    }
    request.sampling.temperature = conversation.temperature;
    request.sampling.maxTokens = conversation.maxTokens;

    m_workerId = chosen;
    m_registry->jobDispatched(chosen);
    m_client = new WorkerJobClient(QUrl(worker->last.url), m_nam, this);
    const QString device = worker->last.device;
    // A model without a chat template gets the conversation as plain text from the worker itself
    // (ChatMessage::plainTextPrompt), the same as for the queen's jobs and OpenAI requests.
    connect(m_client, &WorkerJobClient::refused, this, [this](const Error &error, bool) {
        release();
        Q_EMIT failed(error);
    });
    connect(m_client, &WorkerJobClient::eventReceived, this, &ChatSession::onEvent);
    connect(m_client, &WorkerJobClient::finished, this, [this] { release(); });
    connect(m_client, &WorkerJobClient::lost, this, [this](const Error &error) {
        flush();
        release();
        Q_EMIT failed(error);
    });
    Q_EMIT started(chosen, device);
    m_client->start(request);
}

void ChatSession::onEvent(const SseEvent &event)
{
    if (event.event == QLatin1String(StreamEventName::kToken)) {
        if (const auto token = TokenEvent::fromSse(event)) {
            m_pending += token->text;
            if (!m_flushTimer.isActive())
                m_flushTimer.start();
        }
    } else if (event.event == QLatin1String(StreamEventName::kEnd)) {
        flush();
        if (const auto end = EndEvent::fromSse(event))
            Q_EMIT finished(end.value());
    } else if (event.event == QLatin1String(StreamEventName::kError)) {
        flush();
        Q_EMIT failed(errorFromSse(event));
    }
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
    if (m_client) {
        m_client->deleteLater();
        m_client = nullptr;
        m_registry->jobEnded(m_workerId);
    }
}

void ChatSession::stop()
{
    if (!m_client)
        return;
    m_client->cancel();  // DELETE on the worker: its slot frees at once
    flush();
    release();
    EndEvent end;
    end.stopReason = StopReason::Cancelled;
    Q_EMIT finished(end);
}

}  // namespace rbee::gui

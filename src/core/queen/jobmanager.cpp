// Dispatch, retry, queueing and ending of queen jobs; see jobmanager.h.
#include "jobmanager.h"

#include "../client/workerjobclient.h"
#include "../logging.h"
#include "../protocol/streamevents.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QTimer>
#include <QUuid>

#include <memory>
#include <optional>

namespace rbee::core {

namespace {
constexpr int kForgetAfterMs = 60000;  // an ended job stays readable this long

QString outcomeName(QueenJob::Outcome outcome)
{
    switch (outcome) {
    case QueenJob::Outcome::Completed: return QStringLiteral("completed");
    case QueenJob::Outcome::Failed: return QStringLiteral("failed");
    case QueenJob::Outcome::Cancelled: return QStringLiteral("cancelled");
    case QueenJob::Outcome::None: break;
    }
    return QStringLiteral("none");
}
}  // namespace

JobManager::JobManager(WorkerRegistry *registry, QueenMetrics *metrics, const Options &options, QObject *parent)
    : QObject(parent)
    , m_registry(registry)
    , m_metrics(metrics)
    , m_options(options)
{
    connect(m_registry, &WorkerRegistry::capacityChanged, this, &JobManager::drainQueue, Qt::QueuedConnection);
    connect(m_registry, &WorkerRegistry::workerChanged, this, &JobManager::onWorkerChanged);
    connect(m_registry, &WorkerRegistry::workerRemoved, this, &JobManager::onWorkerChanged);
    // A worker that left takes its prompts along; one that restarts comes back with a new id.
    connect(m_registry, &WorkerRegistry::workerRemoved, this,
            [this](const QString &workerId) { m_prefixes.forget(workerId); });
}

int JobManager::runningJobs() const
{
    int n = 0;
    for (const QueenJob *job : m_jobs)
        n += job->state() == QueenJob::State::Dispatching || job->state() == QueenJob::State::Running;
    return n;
}

ScheduleDecision JobManager::decide(const QString &model, const QString &pinnedWorkerId, const QSet<QString> &exclude,
                                    const PromptMatch &match) const
{
    const qint64 now = m_registry->clock().nowMs();
    if (!pinnedWorkerId.isEmpty())
        return Scheduler::choosePinned(m_registry->workers(), model, pinnedWorkerId, now, exclude);
    return Scheduler::choose(m_registry->workers(), model, m_options.policy, now, exclude, match);
}

Result<QueenJob *> JobManager::submit(const QString &model, const InferenceRequest &request,
                                      const QString &pinnedWorkerId, QNetworkAccessManager *nam)
{
    const ScheduleDecision d = decide(model, pinnedWorkerId, {}, {});
    if (d.kind == ScheduleDecision::Kind::Fail) {
        m_metrics->jobEnded(QStringLiteral("rejected"));
        return d.error;
    }
    if (d.kind == ScheduleDecision::Kind::Wait && m_queue.size() >= m_options.maxQueue) {
        m_metrics->jobEnded(QStringLiteral("rejected"));
        return busyError(
            model,
            QStringLiteral("every worker serving model '%1' is busy and the queue of %2 jobs is full; retry later")
                .arg(model)
                .arg(m_options.maxQueue));
    }
    auto *job = new QueenJob(QUuid::createUuid().toString(QUuid::WithoutBraces), model, request, pinnedWorkerId, this);
    m_jobs.insert(job->id(), job);
    if (nam)
        m_transports.insert(job, nam);
    const QString routingText = request.routingText();
    job->m_promptBlocks = PromptPrefixIndex::blockHashes(routingText);
    job->m_promptChars = routingText.size();
    connect(job, &QueenJob::cancelRequested, this, [this, job] { onCancelRequested(job); });
    connect(&job->m_queueTimer, &QTimer::timeout, this, [this, job] {
        m_queue.removeAll(job);
        end(job, QueenJob::Outcome::Failed,
            busyError(job->model(), QStringLiteral("every worker serving model '%1' stayed busy for %2 s; retry later")
                                        .arg(job->model())
                                        .arg(m_options.queueTimeoutMs / 1000.0)));
    });
    dispatch(job);
    return job;
}

void JobManager::dispatch(QueenJob *job)
{
    const ScheduleDecision d = decide(job->model(), job->pinnedWorkerId(), job->m_tried, promptMatch(job));
    switch (d.kind) {
    case ScheduleDecision::Kind::Selected:
        m_queue.removeAll(job);
        job->m_queueTimer.stop();
        job->narrate(d.narration);
        qCDebug(lcScheduler).noquote() << "job" << job->id() << ":" << d.narration;
        runOn(job, d.workerId);
        return;
    case ScheduleDecision::Kind::Wait:
        if (!m_queue.contains(job)) {
            if (m_queue.size() >= m_options.maxQueue) {
                end(job, QueenJob::Outcome::Failed,
                    busyError(job->model(),
                              QStringLiteral("the queue of %1 jobs is full; retry later").arg(m_options.maxQueue)));
                return;
            }
            job->m_state = QueenJob::State::Queued;
            m_queue.append(job);
            job->m_queueTimer.start(m_options.queueTimeoutMs);
            job->narrate(d.narration);
        }
        return;
    case ScheduleDecision::Kind::Fail:
        // Every worker was tried: the last refusal says most. Otherwise nobody serves the model.
        end(job, QueenJob::Outcome::Failed, job->m_tried.isEmpty() ? d.error : job->m_lastRefusal);
        return;
    }
}

PromptMatch JobManager::promptMatch(const QueenJob *job) const
{
    PromptMatch match;
    if (m_options.policy != SchedulingPolicy::CacheAware)
        return match;
    match.promptChars = job->m_promptChars;
    for (const WorkerRecord &w : m_registry->workers()) {
        if (w.online && w.last.model == job->model()) {
            if (const qint64 chars = m_prefixes.matchedChars(w.id(), job->m_promptBlocks))
                match.cachedChars.insert(w.id(), chars);
        }
    }
    return match;
}

void JobManager::runOn(QueenJob *job, const QString &workerId)
{
    const WorkerRecord *worker = m_registry->find(workerId);
    job->m_state = QueenJob::State::Dispatching;
    job->m_workerId = workerId;
    job->m_tried.insert(workerId);
    const quint64 heartbeatsAtDispatch = m_registry->jobDispatched(workerId);
    auto *client = new WorkerJobClient(QUrl(worker->last.url), m_transports.value(job), job);
    if (m_options.requestFactory)
        client->setRequestFactory(m_options.requestFactory);
    QElapsedTimer ran;
    ran.start();
    job->m_client = client;
    // `finished`: the worker sent [DONE], so its slot is already free (see WorkerRecord::busySlots).
    auto release = [this, job, workerId, heartbeatsAtDispatch](bool finished = false) {
        if (job->m_client)
            job->m_client->deleteLater();
        job->m_client = nullptr;
        if (finished)
            m_registry->jobFinished(workerId, heartbeatsAtDispatch);
        else
            m_registry->jobEnded(workerId);
    };
    // A worker found out of service is marked so once the job let go of it (marking it offline
    // ends the jobs still running there).
    auto outOfService = std::make_shared<QString>();
    connect(client, &WorkerJobClient::outOfService, this,
            [outOfService](const QString &reason) { *outOfService = reason; });
    connect(client, &WorkerJobClient::refused, this,
            [this, job, release, workerId, outOfService](const Error &error, bool retry) {
                release();
                if (!outOfService->isEmpty())
                    m_registry->markFailed(workerId, *outOfService);
                onRefused(job, error, retry);
            });
    connect(client, &WorkerJobClient::eventReceived, this, [this, job, workerId](const SseEvent &event) {
        job->m_state = QueenJob::State::Running;
        if (event.event == QLatin1String(StreamEventName::kStarted)) {
            // The worker took the prompt into a slot (one that refused never held it).
            m_prefixes.record(workerId, job->m_promptBlocks);
        } else if (event.event == QLatin1String(StreamEventName::kToken)) {
            m_metrics->tokensRelayed(1);
            if (job->m_firstToken) {
                job->m_firstToken = false;
                m_metrics->firstToken(double(job->ageMs()) / 1000.0);
            }
        } else if (event.event == QLatin1String(StreamEventName::kError)) {
            job->m_workerError = errorFromSse(event);  // the worker's last word; [DONE] follows
        }
        job->addEvent(event);
    });
    connect(client, &WorkerJobClient::finished, this, [this, job, release, ran] {
        release(true);
        const std::optional<Error> &failure = job->m_workerError;
        if (!failure)
            m_retryAfter.jobFinished(ran.elapsed());
        end(job, failure ? QueenJob::Outcome::Failed : QueenJob::Outcome::Completed, failure.value_or(Error{}));
    });
    connect(client, &WorkerJobClient::lost, this, [this, job, release](const Error &error) {
        release();
        end(job, QueenJob::Outcome::Failed, error);
    });
    client->start(job->request());
}

void JobManager::onRefused(QueenJob *job, const Error &error, bool retry)
{
    job->m_lastRefusal = error;
    if (!job->pinnedWorkerId().isEmpty()) {
        // Pinned: no other worker may take it, and the error says which one refused.
        end(job, QueenJob::Outcome::Failed,
            Error{error.code, QStringLiteral("Worker %1 refused the job: %2").arg(job->workerId(), error.message)});
        return;
    }
    if (!retry || job->m_retries >= m_options.maxRetries) {
        end(job, QueenJob::Outcome::Failed, error);
        return;
    }
    ++job->m_retries;
    job->narrate(
        QStringLiteral("Worker %1 refused the job (%2); trying another worker").arg(job->workerId(), error.message));
    dispatch(job);
}

void JobManager::drainQueue()
{
    const QList<QPointer<QueenJob>> waiting = m_queue;
    for (const QPointer<QueenJob> &job : waiting) {
        if (job && m_queue.contains(job))
            dispatch(job);
    }
}

void JobManager::end(QueenJob *job, QueenJob::Outcome outcome, const Error &error)
{
    if (job->isFinished())
        return;
    // A queued job can end from dispatch() too (no worker left): the queue must not run it again.
    m_queue.removeAll(job);
    if (outcome == QueenJob::Outcome::Failed)
        qCInfo(lcQueen).noquote() << "job" << job->id() << "failed:" << error.message;
    m_metrics->jobEnded(outcomeName(outcome));
    job->finish(outcome, error);
    Q_EMIT jobEnded(job);
    const QString id = job->id();
    // Bound to the job: a job its reader already forgot takes its timer with it.
    QTimer::singleShot(kForgetAfterMs, job, [this, id] { forget(id); });
}

void JobManager::forget(const QString &id)
{
    QueenJob *job = m_jobs.value(id);
    if (!job || !job->isFinished())
        return;
    m_jobs.remove(id);
    m_transports.remove(job);
    job->deleteLater();
}

Error JobManager::busyError(const QString &model, const QString &message) const
{
    int slots = 0;
    for (const WorkerRecord &w : m_registry->workers()) {
        if (w.online && w.last.model == model)
            slots += w.last.slotsTotal;
    }
    // The jobs already waiting go first, then this one.
    Error error{ErrorCode::WorkerBusy, message};
    error.retryAfterS = m_retryAfter.seconds(int(m_queue.size()) + 1, slots);
    return error;
}

void JobManager::onCancelRequested(QueenJob *job)
{
    m_queue.removeAll(job);
    if (job->m_client) {
        job->m_client->cancel();
        job->m_client->deleteLater();
        job->m_client = nullptr;
        m_registry->jobEnded(job->workerId());
    }
    end(job, QueenJob::Outcome::Cancelled);
}

void JobManager::onWorkerChanged(const QString &workerId)
{
    const WorkerRecord *worker = m_registry->find(workerId);
    if (worker && worker->online)
        return;
    // A worker that went offline (or was forgotten) takes its running jobs with it.
    const QString reason = worker ? worker->offlineReason : QStringLiteral("removed");
    for (QueenJob *job : std::as_const(m_jobs)) {
        if (job->workerId() != workerId || !job->m_client || job->isFinished())
            continue;
        if (worker && worker->offlineReason == QLatin1String("stopping"))
            continue;  // a stopping worker finishes or cancels its jobs itself
        job->m_client->cancel();
        job->m_client->deleteLater();
        job->m_client = nullptr;
        m_registry->jobEnded(workerId);
        end(job, QueenJob::Outcome::Failed,
            Error{ErrorCode::WorkerLost,
                  QStringLiteral("Worker %1 went offline (%2) during the job").arg(workerId, reason)});
    }
}

}  // namespace rbee::core

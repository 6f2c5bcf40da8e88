// Dispatch, retry, queueing and ending of queen jobs; see jobmanager.h.
#include "jobmanager.h"

#include "../client/workerjobclient.h"
#include "../logging.h"
#include "../protocol/streamevents.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QSet>
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

struct JobManager::Routing {
    QPointer<QNetworkAccessManager> nam;  // the job's requests go over it when set (the app's chat)
    QSet<QString> tried;
    QList<quint64> promptBlocks;  // PromptPrefixIndex::blockHashes of the routing text
    qint64 promptChars = 0;
    int retries = 0;
    Error lastRefusal;
    std::optional<Error> workerError;  // the worker's error event, when it sent one
    QPointer<WorkerJobClient> client;
    QTimer queueTimer;
    bool firstToken = true;
};

JobManager::Routing &JobManager::routing(const QueenJob *job) const
{
    return *m_routing.at(job);
}

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

JobManager::~JobManager() = default;

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
    Routing &r = *m_routing.emplace(job, std::make_unique<Routing>()).first->second;
    // Lives as long as the job: a job ends (and may be forgotten) from inside the manager's calls.
    connect(job, &QObject::destroyed, this, [this, job] { m_routing.erase(job); });
    r.nam = nam;
    const QString routingText = request.routingText();
    r.promptBlocks = PromptPrefixIndex::blockHashes(routingText);
    r.promptChars = routingText.size();
    r.queueTimer.setSingleShot(true);
    connect(job, &QueenJob::cancelRequested, this, [this, job] { onCancelRequested(job); });
    connect(&r.queueTimer, &QTimer::timeout, this, [this, job] {
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
    if (job->isFinished())
        return;  // cancelled by a reader of the narration that came before
    const ScheduleDecision d = decide(job->model(), job->pinnedWorkerId(), routing(job).tried, promptMatch(job));
    switch (d.kind) {
    case ScheduleDecision::Kind::Selected:
        m_queue.removeAll(job);
        routing(job).queueTimer.stop();
        job->narrate(d.narration, {{QStringLiteral("kind"), QStringLiteral("selected")},
                                   {QStringLiteral("worker_id"), d.workerId},
                                   {QStringLiteral("rule"), d.rule}});
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
            job->markQueued();
            m_queue.append(job);
            routing(job).queueTimer.start(m_options.queueTimeoutMs);
            job->narrate(d.narration, {{QStringLiteral("kind"), QStringLiteral("waiting")}});
        }
        return;
    case ScheduleDecision::Kind::Fail:
        // Every worker was tried: the last refusal says most. Otherwise nobody serves the model.
        end(job, QueenJob::Outcome::Failed, routing(job).tried.isEmpty() ? d.error : routing(job).lastRefusal);
        return;
    }
}

PromptMatch JobManager::promptMatch(const QueenJob *job) const
{
    PromptMatch match;
    if (m_options.policy != SchedulingPolicy::CacheAware)
        return match;
    const Routing &r = routing(job);
    match.promptChars = r.promptChars;
    for (const WorkerRecord &w : m_registry->workers()) {
        if (w.online && w.last.model == job->model()) {
            if (const qint64 chars = m_prefixes.matchedChars(w.id(), r.promptBlocks))
                match.cachedChars.insert(w.id(), chars);
        }
    }
    return match;
}

void JobManager::runOn(QueenJob *job, const QString &workerId)
{
    if (job->isFinished())
        return;  // cancelled by a reader of the narration that chose the worker
    const WorkerRecord *worker = m_registry->find(workerId);
    Routing &r = routing(job);
    job->markDispatched(workerId);
    r.tried.insert(workerId);
    const quint64 heartbeatsAtDispatch = m_registry->jobDispatched(workerId);
    auto *client = new WorkerJobClient(QUrl(worker->last.url), r.nam, job);
    if (m_options.requestFactory)
        client->setRequestFactory(m_options.requestFactory);
    QElapsedTimer ran;
    ran.start();
    r.client = client;
    // `finished`: the worker sent [DONE], so its slot is already free (see WorkerRecord::busySlots).
    auto release = [this, job, workerId, heartbeatsAtDispatch](bool finished = false) {
        Routing &r = routing(job);
        if (r.client)
            r.client->deleteLater();
        r.client = nullptr;
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
        Routing &r = routing(job);
        job->markRunning();
        if (event.event == QLatin1String(StreamEventName::kStarted)) {
            // The worker took the prompt into a slot (one that refused never held it).
            m_prefixes.record(workerId, r.promptBlocks);
        } else if (event.event == QLatin1String(StreamEventName::kToken)) {
            m_metrics->tokensRelayed(1);
            if (r.firstToken) {
                r.firstToken = false;
                m_metrics->firstToken(double(job->ageMs()) / 1000.0);
            }
        } else if (event.event == QLatin1String(StreamEventName::kError)) {
            r.workerError = errorFromSse(event);  // the worker's last word; [DONE] follows
        }
        job->addEvent(event);
    });
    connect(client, &WorkerJobClient::finished, this, [this, job, release, ran] {
        release(true);
        const std::optional<Error> failure = routing(job).workerError;
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
    Routing &r = routing(job);
    r.lastRefusal = error;
    if (!job->pinnedWorkerId().isEmpty()) {
        // Pinned: no other worker may take it, and the error says which one refused.
        end(job, QueenJob::Outcome::Failed,
            Error{error.code, QStringLiteral("Worker %1 refused the job: %2").arg(job->workerId(), error.message)});
        return;
    }
    if (!retry || r.retries >= m_options.maxRetries) {
        end(job, QueenJob::Outcome::Failed, error);
        return;
    }
    ++r.retries;
    job->narrate(
        QStringLiteral("Worker %1 refused the job (%2); trying another worker").arg(job->workerId(), error.message),
        {{QStringLiteral("kind"), QStringLiteral("retrying")}, {QStringLiteral("worker_id"), job->workerId()}});
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
    routing(job).queueTimer.stop();
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
    cancelOnWorker(job);
    end(job, QueenJob::Outcome::Cancelled);
}

void JobManager::cancelOnWorker(QueenJob *job)
{
    Routing &r = routing(job);
    if (!r.client)
        return;
    r.client->cancel();
    r.client->deleteLater();
    r.client = nullptr;
    m_registry->jobEnded(job->workerId());
}

void JobManager::onWorkerChanged(const QString &workerId)
{
    const WorkerRecord *worker = m_registry->find(workerId);
    if (worker && worker->online)
        return;
    // A worker that went offline (or was forgotten) takes its running jobs with it.
    const QString reason = worker ? worker->offlineReason : QStringLiteral("removed");
    // Over a copy: a job's reader may forget it (and its routing) as it ends.
    const QList<QueenJob *> jobs = m_jobs.values();
    for (QueenJob *job : jobs) {
        if (job->isFinished() || job->workerId() != workerId)
            continue;
        if (!routing(job).client)
            continue;
        if (worker && worker->last.status == WorkerStatus::Stopping)
            continue;  // a stopping worker finishes or cancels its jobs itself
        cancelOnWorker(job);
        end(job, QueenJob::Outcome::Failed,
            Error{ErrorCode::WorkerLost,
                  QStringLiteral("Worker %1 went offline (%2) during the job").arg(workerId, reason)});
    }
}

}  // namespace rbee::core

// JobManager: the queen's scheduling loop. Takes jobs, asks the Scheduler for a worker, runs
// them there through WorkerJobClient, retries another worker when one refuses before any token,
// keeps a bounded FIFO of jobs waiting for a free slot, and narrates each decision into the job.
// Remembers which prompt prefixes each worker was sent, for the cache-aware policy.
// Shared by `rbee --serve` and the desktop app. Main thread only.
#pragma once

#include "queenjob.h"
#include "queenmetrics.h"

#include "../http/clientrequest.h"
#include "../registry/workerregistry.h"
#include "../result.h"
#include "../retryafterestimator.h"
#include "../scheduler/promptprefixindex.h"
#include "../scheduler/scheduler.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

#include <memory>
#include <unordered_map>

class QNetworkAccessManager;

namespace rbee::core {

class JobManager : public QObject {
    Q_OBJECT
public:
    struct Options {
        SchedulingPolicy policy = SchedulingPolicy::CacheAware;
        int maxQueue = 256;
        int queueTimeoutMs = 30000;
        int maxRetries = 2;
        // Makes the HTTP requests to workers. Empty (the product): real sockets through
        // ClientRequest::create. Tests give a factory of scripted fakes, so that retry, queueing,
        // cancelling and lost workers are exercised without a network.
        ClientRequestFactory requestFactory;
    };

    JobManager(WorkerRegistry *registry, QueenMetrics *metrics, const Options &options, QObject *parent = nullptr);
    ~JobManager() override;

    // Starts a job, or fails at once: no_worker when nobody online serves the model, worker_busy
    // when it would have to wait and the queue is full. `pinnedWorkerId` (optional) runs it on
    // that worker or fails naming it (Scheduler::choosePinned): never elsewhere, never queued.
    // `nam` (optional): the job's requests to workers go over that QNetworkAccessManager (the
    // desktop app's chat) instead of the queen's own sockets.
    // The job belongs to the manager; it is deleted a while after it ends (see forget()).
    Result<QueenJob *> submit(const QString &model, const InferenceRequest &request, const QString &pinnedWorkerId = {},
                              QNetworkAccessManager *nam = nullptr);
    QueenJob *job(const QString &id) const { return m_jobs.value(id); }
    // Deletes an ended job now (its consumer is done with it).
    void forget(const QString &id);

    int queueDepth() const { return int(m_queue.size()); }
    int runningJobs() const;
    const Options &options() const { return m_options; }
    // Applies to jobs scheduled from now on (the app's settings change it live).
    void setPolicy(SchedulingPolicy policy) { m_options.policy = policy; }
    WorkerRegistry *registry() const { return m_registry; }

Q_SIGNALS:
    void jobEnded(rbee::core::QueenJob *job);

private:
    // What dispatching one job keeps (tried workers, retries, its client, its queue timer...):
    // the manager's business, not the job's. Defined in jobmanager.cpp.
    struct Routing;
    Routing &routing(const QueenJob *job) const;

    void dispatch(QueenJob *job);
    ScheduleDecision decide(const QString &model, const QString &pinnedWorkerId, const QSet<QString> &exclude,
                            const PromptMatch &match) const;
    void runOn(QueenJob *job, const QString &workerId);
    void onRefused(QueenJob *job, const Error &error, bool retry);
    void drainQueue();
    void end(QueenJob *job, QueenJob::Outcome outcome, const Error &error = {});
    void onCancelRequested(QueenJob *job);
    // Stops the job's worker client, if any: cancels the job there (a DELETE once the worker had
    // taken it), deletes the client and frees the slot.
    void cancelOnWorker(QueenJob *job);
    void onWorkerChanged(const QString &workerId);
    PromptMatch promptMatch(const QueenJob *job) const;
    // A worker_busy refusal for `model`, with the Retry-After the queue ahead of it calls for.
    Error busyError(const QString &model, const QString &message) const;

    WorkerRegistry *m_registry;
    QueenMetrics *m_metrics;
    Options m_options;
    QHash<QString, QueenJob *> m_jobs;
    std::unordered_map<const QueenJob *, std::unique_ptr<Routing>> m_routing;  // one per live job object
    QList<QPointer<QueenJob>> m_queue;
    RetryAfterEstimator m_retryAfter;
    // Which prompts each worker was sent, for cache-aware routing. Kept under every policy, so
    // switching to cache-aware in the app finds the workers' history already there.
    PromptPrefixIndex m_prefixes;
};

}  // namespace rbee::core

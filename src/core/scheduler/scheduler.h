// Scheduler: picks a worker for a model from the registry's records, and says why. Pure and
// deterministic: the same records give the same decision, so it is tested table-driven.
#pragma once

#include "../error.h"
#include "../registry/workerrecord.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <optional>

namespace rbee::core {

enum class SchedulingPolicy { FirstAvailable, LeastLoaded, CacheAware };
QString schedulingPolicyName(SchedulingPolicy policy);
std::optional<SchedulingPolicy> schedulingPolicyFromName(const QString &name);
QList<SchedulingPolicy> schedulingPolicies();

// What the cache-aware policy knows of a job's prompt: its length in characters and, per worker
// id, how many of its leading characters that worker was sent before (PromptPrefixIndex).
struct PromptMatch {
    qint64 promptChars = 0;
    QHash<QString, qint64> cachedChars;
};

struct ScheduleDecision {
    enum class Kind { Selected, Wait, Fail };
    Kind kind = Kind::Fail;
    QString workerId;   // when Selected
    QString narration;  // a sentence for the user: what was picked, or why not
    QString rule;       // when Selected: the policy's name, "cache-aware: …" detail aside, or "worker_id"
    Error error;        // when Fail
};

class Scheduler {
public:
    // cache-aware: when the busiest candidate has more than this many busy slots above the
    // least busy one, the job goes to the least loaded whatever it matches (SGLang's
    // balance threshold, scaled to a home cluster's handful of slots per worker).
    static constexpr int kImbalanceSlots = 2;

    // `exclude`: workers already tried for this job. `match`: read by cache-aware only.
    static ScheduleDecision choose(const QList<WorkerRecord> &workers, const QString &model, SchedulingPolicy policy,
                                   qint64 nowMs, const QSet<QString> &exclude = {}, const PromptMatch &match = {});
    // A job pinned to one worker (the job API's "worker_id", the app's worker picker): that
    // worker or an error naming it; never another one, never a wait. bad_request when the id is
    // unknown or the worker serves another model; no_worker when it is offline or was tried
    // (`exclude`); worker_loading, worker_stopping or worker_busy as it is.
    static ScheduleDecision choosePinned(const QList<WorkerRecord> &workers, const QString &model,
                                         const QString &workerId, qint64 nowMs, const QSet<QString> &exclude = {});
    static QString noWorkerMessage(const QString &model);
    static QString describe(const WorkerRecord &worker, qint64 nowMs);
    // 1840 -> "1,840", whatever the system locale (narration is read by tests and scripts).
    static QString groupedNumber(qint64 n);
};

}  // namespace rbee::core

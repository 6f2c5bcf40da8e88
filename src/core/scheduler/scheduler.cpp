// The three policies and their narration; see scheduler.h.
#include "scheduler.h"

#include <QLocale>

#include <algorithm>

namespace rbee::core {

namespace {
// Least loaded by busy/total, ties to the lower registration order. Compares without division:
// a/b < c/d  <=>  a*d < c*b.
bool lessLoaded(const WorkerRecord *a, const WorkerRecord *b)
{
    const qint64 lhs = qint64(a->busySlots()) * b->last.slotsTotal;
    const qint64 rhs = qint64(b->busySlots()) * a->last.slotsTotal;
    return lhs < rhs || (lhs == rhs && a->order < b->order);
}

const WorkerRecord *leastLoaded(const QList<const WorkerRecord *> &candidates)
{
    const WorkerRecord *best = candidates.first();
    for (const WorkerRecord *w : candidates) {
        if (lessLoaded(w, best))
            best = w;
    }
    return best;
}

struct Pick {
    const WorkerRecord *worker = nullptr;
    QString rule;  // follows "by ": the policy, and for cache-aware which branch picked
};

// The cache-aware rule, in the shape of SGLang's cache-aware router:
// 1. load imbalanced (busiest candidate > kImbalanceSlots busy slots above the least busy):
//    the least loaded, so a hot conversation cannot pile work onto one worker;
// 2. else the candidate holding the longest prefix of the prompt (ties: least loaded, then
//    registration order), when it holds at least one block;
// 3. else the least loaded (ties: registration order). Not first-available: with it, every new
//    conversation would land on the first worker while it has a free slot, so conversations
//    would never spread over the workers and later turns could never find their prefix
//    elsewhere; cache-aware could then never beat first-available. SGLang, likewise, sends an
//    unmatched prompt to the worker with the most free cache.
Pick cacheAware(const QList<const WorkerRecord *> &candidates, const PromptMatch &match)
{
    const QString name = schedulingPolicyName(SchedulingPolicy::CacheAware);
    int minBusy = candidates.first()->busySlots();
    int maxBusy = minBusy;
    for (const WorkerRecord *w : candidates) {
        minBusy = qMin(minBusy, w->busySlots());
        maxBusy = qMax(maxBusy, w->busySlots());
    }
    if (maxBusy - minBusy > Scheduler::kImbalanceSlots)
        return {leastLoaded(candidates), name + QStringLiteral(" (load imbalanced; least loaded)")};
    const WorkerRecord *best = nullptr;
    qint64 bestChars = 0;
    for (const WorkerRecord *w : candidates) {
        const qint64 chars = match.cachedChars.value(w->id(), 0);
        if (chars > bestChars || (chars == bestChars && chars > 0 && lessLoaded(w, best))) {
            best = w;
            bestChars = chars;
        }
    }
    if (best) {
        return {best, QStringLiteral("%1: %2 of %3 prompt characters cached there")
                          .arg(name, Scheduler::groupedNumber(bestChars), Scheduler::groupedNumber(match.promptChars))};
    }
    return {leastLoaded(candidates), name + QStringLiteral(" (no worker holds this prompt; least loaded)")};
}
}  // namespace

QString schedulingPolicyName(SchedulingPolicy policy)
{
    switch (policy) {
    case SchedulingPolicy::FirstAvailable: return QStringLiteral("first-available");
    case SchedulingPolicy::LeastLoaded: return QStringLiteral("least-loaded");
    case SchedulingPolicy::CacheAware: return QStringLiteral("cache-aware");
    }
    return {};
}

QList<SchedulingPolicy> schedulingPolicies()
{
    return {SchedulingPolicy::FirstAvailable, SchedulingPolicy::LeastLoaded, SchedulingPolicy::CacheAware};
}

std::optional<SchedulingPolicy> schedulingPolicyFromName(const QString &name)
{
    for (const SchedulingPolicy p : schedulingPolicies()) {
        if (name == schedulingPolicyName(p))
            return p;
    }
    return std::nullopt;
}

QString Scheduler::groupedNumber(qint64 n)
{
    QLocale c = QLocale::c();
    c.setNumberOptions(QLocale::DefaultNumberOptions);  // the C locale omits group separators
    return c.toString(n);
}

QString Scheduler::noWorkerMessage(const QString &model)
{
    return QStringLiteral("No available worker found for model '%1'. Make sure a worker is running and has sent "
                          "heartbeats to queen.")
        .arg(model);
}

QString Scheduler::describe(const WorkerRecord &w, qint64 nowMs)
{
    return QStringLiteral("%1 (model %2, %3/%4 slots busy, heartbeat %5 s ago)")
        .arg(w.id(), w.last.model)
        .arg(w.busySlots())
        .arg(w.last.slotsTotal)
        .arg(QString::number(double(nowMs - w.lastHeartbeatMs) / 1000.0, 'f', 1));
}

ScheduleDecision Scheduler::choose(const QList<WorkerRecord> &workers, const QString &model, SchedulingPolicy policy,
                                   qint64 nowMs, const QSet<QString> &exclude, const PromptMatch &match)
{
    ScheduleDecision d;
    QList<const WorkerRecord *> online;
    for (const auto &w : workers) {
        if (w.last.model == model && w.online && !exclude.contains(w.id()))
            online.append(&w);
    }
    if (online.isEmpty()) {
        d.kind = ScheduleDecision::Kind::Fail;
        d.error = Error{ErrorCode::NoWorker, noWorkerMessage(model)};
        d.narration = d.error.message;
        return d;
    }
    QList<const WorkerRecord *> candidates;
    for (const WorkerRecord *w : online) {
        if (w->acceptsJobs() && w->hasFreeSlot())
            candidates.append(w);
    }
    if (candidates.isEmpty()) {
        d.kind = ScheduleDecision::Kind::Wait;
        QStringList states;
        for (const WorkerRecord *w : online)
            states << QStringLiteral("%1 %2 %3/%4")
                          .arg(w->id(), workerStatusName(w->last.status))
                          .arg(w->busySlots())
                          .arg(w->last.slotsTotal);
        d.narration = QStringLiteral("All %1 worker(s) serving model '%2' are busy (%3); waiting for a free slot")
                          .arg(online.size())
                          .arg(model, states.join(QStringLiteral(", ")));
        return d;
    }
    Pick pick;
    switch (policy) {
    case SchedulingPolicy::FirstAvailable:
        pick.worker = candidates.first();
        for (const WorkerRecord *w : candidates) {
            if (w->order < pick.worker->order)
                pick.worker = w;
        }
        pick.rule = schedulingPolicyName(policy);
        break;
    case SchedulingPolicy::LeastLoaded: pick = {leastLoaded(candidates), schedulingPolicyName(policy)}; break;
    case SchedulingPolicy::CacheAware: pick = cacheAware(candidates, match); break;
    }
    d.kind = ScheduleDecision::Kind::Selected;
    d.workerId = pick.worker->id();
    d.narration = QStringLiteral("Selected worker %1 by %2").arg(describe(*pick.worker, nowMs), pick.rule);
    d.rule = schedulingPolicyName(policy);
    return d;
}

ScheduleDecision Scheduler::choosePinned(const QList<WorkerRecord> &workers, const QString &model,
                                         const QString &workerId, qint64 nowMs, const QSet<QString> &exclude)
{
    ScheduleDecision d;
    auto fail = [&d](ErrorCode code, const QString &message, const QString &field = {}) {
        d.kind = ScheduleDecision::Kind::Fail;
        d.error = Error{code, message, field};
        d.narration = message;
        return d;
    };
    const auto it = std::find_if(workers.cbegin(), workers.cend(),
                                 [&workerId](const WorkerRecord &w) { return w.id() == workerId; });
    if (it == workers.cend()) {
        return fail(ErrorCode::BadRequest,
                    QStringLiteral("unknown worker_id '%1' (GET /v1/workers lists the workers)").arg(workerId),
                    QStringLiteral("worker_id"));
    }
    const WorkerRecord &w = *it;
    if (w.last.model != model) {
        return fail(ErrorCode::BadRequest,
                    QStringLiteral("worker %1 serves model '%2', not '%3'").arg(workerId, w.last.model, model),
                    QStringLiteral("worker_id"));
    }
    if (!w.online) {
        return fail(ErrorCode::NoWorker, QStringLiteral("Worker %1 is offline (%2)").arg(workerId, w.offlineReason));
    }
    if (exclude.contains(workerId))
        return fail(ErrorCode::NoWorker, QStringLiteral("Worker %1 refused the job").arg(workerId));
    switch (w.last.status) {
    case WorkerStatus::Loading:
        return fail(
            ErrorCode::WorkerLoading,
            QStringLiteral("Worker %1 is still loading its model; try again in a moment").arg(describe(w, nowMs)));
    case WorkerStatus::Stopping:
        return fail(ErrorCode::WorkerStopping, QStringLiteral("Worker %1 is stopping").arg(describe(w, nowMs)));
    case WorkerStatus::Ready:
    case WorkerStatus::Busy: break;
    }
    if (!w.acceptsJobs() || !w.hasFreeSlot()) {
        return fail(ErrorCode::WorkerBusy,
                    QStringLiteral("Worker %1 is busy; try again in a moment or let the queen choose a worker")
                        .arg(describe(w, nowMs)));
    }
    d.kind = ScheduleDecision::Kind::Selected;
    d.workerId = workerId;
    d.narration = QStringLiteral("Selected worker %1 as asked (worker_id)").arg(describe(w, nowMs));
    d.rule = QStringLiteral("worker_id");
    return d;
}

}  // namespace rbee::core

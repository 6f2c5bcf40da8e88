// The two policies and their narration; see scheduler.h.
#include "scheduler.h"

namespace rbee::core {

QString schedulingPolicyName(SchedulingPolicy policy)
{
    return policy == SchedulingPolicy::LeastLoaded ? QStringLiteral("least-loaded") : QStringLiteral("first-available");
}

std::optional<SchedulingPolicy> schedulingPolicyFromName(const QString &name)
{
    if (name == QLatin1String("first-available"))
        return SchedulingPolicy::FirstAvailable;
    if (name == QLatin1String("least-loaded"))
        return SchedulingPolicy::LeastLoaded;
    return std::nullopt;
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
                                   qint64 nowMs, const QSet<QString> &exclude)
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
    const WorkerRecord *best = nullptr;
    for (const WorkerRecord *w : online) {
        if (!w->acceptsJobs() || !w->hasFreeSlot())
            continue;
        if (!best) {
            best = w;
            continue;
        }
        if (policy == SchedulingPolicy::FirstAvailable) {
            if (w->order < best->order)
                best = w;
        } else {
            // Compare busy/total without division: a/b < c/d  <=>  a*d < c*b.
            const qint64 lhs = qint64(w->busySlots()) * best->last.slotsTotal;
            const qint64 rhs = qint64(best->busySlots()) * w->last.slotsTotal;
            if (lhs < rhs || (lhs == rhs && w->order < best->order))
                best = w;
        }
    }
    if (!best) {
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
    d.kind = ScheduleDecision::Kind::Selected;
    d.workerId = best->id();
    d.narration = QStringLiteral("Selected worker %1 by %2").arg(describe(*best, nowMs), schedulingPolicyName(policy));
    return d;
}

}  // namespace rbee::core

// Heartbeat intake, freshness and change signalling; see workerregistry.h.
#include "workerregistry.h"

#include "../logging.h"

#include <algorithm>

namespace rbee::core {

WorkerRegistry::WorkerRegistry(const Clock &clock, QObject *parent) : QObject(parent), m_clock(clock)
{
    connect(&m_sweepTimer, &QTimer::timeout, this, &WorkerRegistry::sweep);
}

void WorkerRegistry::startSweeping(int intervalMs)
{
    m_sweepTimer.start(intervalMs);
}

bool WorkerRegistry::visiblyDifferent(const WorkerRecord &a, const WorkerRecord &b)
{
    const Heartbeat &x = a.last;
    const Heartbeat &y = b.last;
    return x.workerId != y.workerId || x.model != y.model || x.url != y.url || x.device != y.device
           || x.status != y.status || x.slotsTotal != y.slotsTotal || x.slotsBusy != y.slotsBusy
           || x.queueDepth != y.queueDepth || x.ctxSize != y.ctxSize || x.tokensPerS != y.tokensPerS
           || x.version != y.version || a.online != b.online || a.offlineReason != b.offlineReason
           || a.dispatched != b.dispatched || a.clockSkewMs / 1000 != b.clockSkewMs / 1000;
}

void WorkerRegistry::update(const QString &id, const std::function<void(WorkerRecord &)> &change)
{
    auto it = m_workers.find(id);
    if (it == m_workers.end())
        return;
    const WorkerRecord before = *it;
    change(*it);
    const bool wasUsable = before.online && before.hasFreeSlot() && before.last.status == WorkerStatus::Ready;
    const bool usable = it->online && it->hasFreeSlot() && it->last.status == WorkerStatus::Ready;
    if (visiblyDifferent(before, *it))
        Q_EMIT workerChanged(id);
    if (usable && (!wasUsable || it->busySlots() < before.busySlots()))
        Q_EMIT capacityChanged();
}

void WorkerRegistry::applyHeartbeat(const Heartbeat &hb)
{
    const qint64 now = m_clock.nowMs();
    // A new id at a known url: the worker restarted under another id; the old record goes.
    const auto atUrl = m_idByUrl.constFind(hb.url);
    if (atUrl != m_idByUrl.cend() && *atUrl != hb.workerId) {
        const QString old = *atUrl;
        qCInfo(lcRegistry) << "worker" << hb.workerId << "replaces" << old << "at" << hb.url;
        remove(old);
    }
    auto apply = [&](WorkerRecord &r) {
        r.last = hb;
        r.lastHeartbeatMs = now;
        r.clockSkewMs = m_clock.wallMs() - hb.sentAtMs;
        if (hb.status == WorkerStatus::Stopping) {
            r.online = false;
            r.offlineReason = QStringLiteral("stopping");
        } else {
            r.online = true;
            r.offlineReason.clear();
        }
    };
    if (!m_workers.contains(hb.workerId)) {
        WorkerRecord r;
        r.order = m_nextOrder++;
        r.firstSeenMs = now;
        apply(r);
        m_workers.insert(hb.workerId, r);
        m_idByUrl.insert(hb.url, hb.workerId);
        qCInfo(lcRegistry) << "worker" << hb.workerId << "joined:" << hb.model << "at" << hb.url;
        Q_EMIT workerAdded(hb.workerId);
        Q_EMIT capacityChanged();
        return;
    }
    const WorkerRecord &known = m_workers[hb.workerId];
    const bool wasOnline = known.online;
    if (known.last.url != hb.url) {
        m_idByUrl.remove(known.last.url);
        m_idByUrl.insert(hb.url, hb.workerId);
    }
    update(hb.workerId, apply);
    const bool online = m_workers.value(hb.workerId).online;
    if (wasOnline != online)
        qCInfo(lcRegistry) << "worker" << hb.workerId << (online ? "is back online" : "is stopping");
}

bool WorkerRegistry::remove(const QString &workerId)
{
    const auto it = m_workers.constFind(workerId);
    if (it == m_workers.cend())
        return false;
    if (m_idByUrl.value(it->last.url) == workerId)
        m_idByUrl.remove(it->last.url);
    m_workers.erase(it);
    Q_EMIT workerRemoved(workerId);
    return true;
}

void WorkerRegistry::sweep()
{
    const qint64 now = m_clock.nowMs();
    QStringList drop;
    QList<QPair<QString, QString>> stale;  // id, reason
    for (auto it = m_workers.cbegin(); it != m_workers.cend(); ++it) {
        const qint64 age = now - it->lastHeartbeatMs;
        if (age > m_timeoutMs * kDropFactor)
            drop << it.key();
        else if (age > m_timeoutMs && it->offlineReason != QLatin1String("stopping"))
            stale.append({it.key(), QStringLiteral("no heartbeat for %1 s").arg(age / 1000)});
    }
    for (const auto &[id, reason] : stale) {
        if (m_workers.value(id).online)
            qCInfo(lcRegistry).noquote() << "worker" << id << "went offline:" << reason;
        update(id, [&reason = reason](WorkerRecord &r) {
            r.online = false;
            r.offlineReason = reason;
        });
    }
    for (const QString &id : drop) {
        qCInfo(lcRegistry) << "worker" << id << "dropped after" << m_timeoutMs * kDropFactor / 1000
                           << "s without heartbeat";
        remove(id);
    }
}

QList<WorkerRecord> WorkerRegistry::workers() const
{
    QList<WorkerRecord> list = m_workers.values();
    std::sort(list.begin(), list.end(), [](const auto &a, const auto &b) { return a.order < b.order; });
    return list;
}

const WorkerRecord *WorkerRegistry::find(const QString &workerId) const
{
    const auto it = m_workers.constFind(workerId);
    return it == m_workers.cend() ? nullptr : &*it;
}

int WorkerRegistry::onlineCount() const
{
    return int(std::count_if(m_workers.cbegin(), m_workers.cend(), [](const auto &r) { return r.online; }));
}

void WorkerRegistry::jobDispatched(const QString &workerId)
{
    update(workerId, [](WorkerRecord &r) { ++r.dispatched; });
}

void WorkerRegistry::jobEnded(const QString &workerId)
{
    update(workerId, [](WorkerRecord &r) { r.dispatched = qMax(0, r.dispatched - 1); });
}

}  // namespace rbee::core

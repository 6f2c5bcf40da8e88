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

QJsonObject WorkerRegistry::visible(const WorkerRecord &r)
{
    QJsonObject o = r.last.toJson();
    o.remove(QStringLiteral("sent_at_ms"));
    o.insert(QStringLiteral("online"), r.online);
    o.insert(QStringLiteral("reason"), r.offlineReason);
    o.insert(QStringLiteral("dispatched"), r.dispatched);
    o.insert(QStringLiteral("skew_s"), qint64(r.clockSkewMs / 1000));
    return o;
}

void WorkerRegistry::update(const QString &id, const std::function<void(WorkerRecord &)> &change)
{
    auto it = m_workers.find(id);
    if (it == m_workers.end())
        return;
    const QJsonObject before = visible(*it);
    const bool wasUsable = it->online && it->hasFreeSlot();
    change(*it);
    const bool usable = it->online && it->hasFreeSlot();
    if (visible(*it) != before)
        Q_EMIT workerChanged(id);
    if (usable
        && (!wasUsable || before.value(QStringLiteral("status")) != visible(*it).value(QStringLiteral("status"))))
        Q_EMIT capacityChanged();
}

void WorkerRegistry::applyHeartbeat(const Heartbeat &hb)
{
    const qint64 now = m_clock.nowMs();
    // A new id at a known url: the worker restarted under another id; the old record goes.
    QStringList replaced;
    for (const auto &r : std::as_const(m_workers)) {
        if (r.last.url == hb.url && r.id() != hb.workerId)
            replaced << r.id();
    }
    for (const QString &old : replaced) {
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
        qCInfo(lcRegistry) << "worker" << hb.workerId << "joined:" << hb.model << "at" << hb.url;
        Q_EMIT workerAdded(hb.workerId);
        Q_EMIT capacityChanged();
        return;
    }
    const bool wasOnline = m_workers.value(hb.workerId).online;
    update(hb.workerId, apply);
    const bool online = m_workers.value(hb.workerId).online;
    if (wasOnline != online)
        qCInfo(lcRegistry) << "worker" << hb.workerId << (online ? "is back online" : "is stopping");
}

bool WorkerRegistry::remove(const QString &workerId)
{
    if (!m_workers.remove(workerId))
        return false;
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

// Heartbeat intake, freshness and change signalling; see workerregistry.h.
#include "workerregistry.h"

#include "freshness.h"

#include "../logging.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include <QSet>

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
           || a.dispatched != b.dispatched || a.busySlots() != b.busySlots()
           || a.clockSkewMs / 1000 != b.clockSkewMs / 1000;
}

void WorkerRegistry::update(const QString &id, const std::function<void(WorkerRecord &)> &change)
{
    auto it = m_workers.find(id);
    if (it == m_workers.end())
        return;
    const WorkerRecord before = *it;
    change(*it);
    const bool wasUsable = before.online && before.hasFreeSlot() && before.acceptsJobs();
    const bool usable = it->online && it->hasFreeSlot() && it->acceptsJobs();
    m_onlineCount += int(it->online) - int(before.online);
    if (before.last.model != it->last.model) {
        modelAdded(it->last.model);
        modelRemoved(before.last.model);
    }
    if (visiblyDifferent(before, *it) || before.order != it->order)
        Q_EMIT workerChanged(id);
    if (usable && (!wasUsable || it->busySlots() < before.busySlots()))
        Q_EMIT capacityChanged();
}

void WorkerRegistry::insert(const WorkerRecord &record)
{
    m_workers.insert(record.id(), record);
    m_idByUrl.insert(record.last.url, record.id());
    m_onlineCount += int(record.online);
    modelAdded(record.last.model);
}

void WorkerRegistry::modelAdded(const QString &model)
{
    ++m_servedModels[model];
}

void WorkerRegistry::modelRemoved(const QString &model)
{
    const auto it = m_servedModels.find(model);
    if (it == m_servedModels.end() || --*it > 0)
        return;
    m_servedModels.erase(it);
    m_retiredModels.removeOne(model);
    m_retiredModels.append(model);
    while (m_retiredModels.size() > kMaxRetiredModels)
        m_retiredModels.removeFirst();
}

bool WorkerRegistry::knowsModel(const QString &model) const
{
    return m_servedModels.contains(model) || m_retiredModels.contains(model);
}

bool WorkerRegistry::needsConfirmation(const Heartbeat &hb) const
{
    const auto holder = m_idByUrl.constFind(hb.url);
    if (holder != m_idByUrl.cend() && *holder != hb.workerId) {
        const auto other = m_workers.constFind(*holder);
        if (other != m_workers.cend() && other->online)
            return true;
    }
    const auto self = m_workers.constFind(hb.workerId);
    return self != m_workers.cend() && self->online && self->last.url != hb.url;
}

bool WorkerRegistry::evictOneOffline()
{
    const WorkerRecord *oldest = nullptr;
    for (const WorkerRecord &r : std::as_const(m_workers)) {
        if (!r.online && (!oldest || r.lastHeartbeatMs < oldest->lastHeartbeatMs))
            oldest = &r;
    }
    if (!oldest)
        return false;
    const QString id = oldest->id();
    qCInfo(lcRegistry) << "worker" << id << "evicted: the registry is full and it is offline";
    remove(id);
    return true;
}

std::optional<Error> WorkerRegistry::applyHeartbeat(const Heartbeat &hb, HeartbeatTrust trust)
{
    Q_ASSERT_X(!m_mirror, "WorkerRegistry::applyHeartbeat", "a mirror takes its records from its queen");
    if (trust == HeartbeatTrust::Unconfirmed && needsConfirmation(hb)) {
        return Error{ErrorCode::Conflict,
                     QStringLiteral("another live worker is registered at %1 or under id '%2'; the queen accepts "
                                    "this heartbeat once %1/health answers with worker_id '%2'")
                         .arg(hb.url, hb.workerId)};
    }
    // The last words of a worker that was told to stop and forgotten: it is going away.
    if (const auto forgotten = m_forgottenAtMs.constFind(hb.workerId); forgotten != m_forgottenAtMs.cend()) {
        if (hb.status == WorkerStatus::Stopping && !m_workers.contains(hb.workerId))
            return std::nullopt;
        m_forgottenAtMs.erase(forgotten);  // running again: a restart under the same id
    }
    const qint64 now = m_clock.nowMs();
    // The worker that held this url is gone (offline, or confirmed replaced): its record goes.
    const auto atUrl = m_idByUrl.constFind(hb.url);
    if (atUrl != m_idByUrl.cend() && *atUrl != hb.workerId) {
        const QString old = *atUrl;
        qCInfo(lcRegistry) << "worker" << hb.workerId << "replaces" << old << "at" << hb.url;
        remove(old);
    }
    const bool suspended = this->suspended(hb, now);
    auto apply = [&](WorkerRecord &r) {
        r.last = hb;
        r.lastHeartbeatMs = now;
        ++r.heartbeats;
        r.finishedSinceHeartbeat = 0;  // the new figure is the newest word on busy slots
        r.clockSkewMs = m_clock.wallMs() - hb.sentAtMs;
        if (hb.status == WorkerStatus::Stopping) {
            r.online = false;
            r.offlineReason = workerStatusName(WorkerStatus::Stopping);
        } else if (suspended) {
            r.online = false;  // keeps the reason it was marked failed for
        } else {
            r.online = true;
            r.offlineReason.clear();
        }
    };
    if (!m_workers.contains(hb.workerId)) {
        if (m_workers.size() >= m_maxWorkers && !evictOneOffline()) {
            return Error{ErrorCode::TooManyWorkers,
                         QStringLiteral("the queen already tracks %1 live workers, its limit").arg(m_maxWorkers)};
        }
        WorkerRecord r;
        r.order = m_nextOrder++;
        r.firstSeenMs = now;
        apply(r);
        insert(r);
        qCInfo(lcRegistry) << "worker" << hb.workerId << "joined:" << hb.model << "at" << hb.url;
        Q_EMIT workerAdded(hb.workerId);
        Q_EMIT capacityChanged();
        return std::nullopt;
    }
    const WorkerRecord &known = m_workers[hb.workerId];
    const bool wasOnline = known.online;
    const bool moved = known.last.url != hb.url;
    if (moved) {
        // A worker at a new url is a new place: it goes to the end of the order.
        qCInfo(lcRegistry) << "worker" << hb.workerId << "moved from" << known.last.url << "to" << hb.url;
        if (m_idByUrl.value(known.last.url) == hb.workerId)
            m_idByUrl.remove(known.last.url);
        m_idByUrl.insert(hb.url, hb.workerId);
    }
    update(hb.workerId, [&](WorkerRecord &r) {
        apply(r);
        if (moved)
            r.order = m_nextOrder++;
    });
    const bool online = m_workers.value(hb.workerId).online;
    if (wasOnline != online)
        qCInfo(lcRegistry) << "worker" << hb.workerId << (online ? "is back online" : "is stopping");
    return std::nullopt;
}

bool WorkerRegistry::suspended(const Heartbeat &hb, qint64 nowMs) const
{
    return m_suspendedUntil.value(hb.workerId, 0) > nowMs || m_suspendedUrlUntil.value(hb.url, 0) > nowMs;
}

void WorkerRegistry::markFailed(const QString &workerId, const QString &reason)
{
    if (!m_workers.contains(workerId))
        return;
    const qint64 until = m_clock.nowMs() + m_suspensionMs;
    m_suspendedUntil.insert(workerId, until);
    m_suspendedUrlUntil.insert(m_workers.value(workerId).last.url, until);
    if (m_workers.value(workerId).online)
        qCWarning(lcRegistry).noquote() << "worker" << workerId << "taken out of service:" << reason;
    update(workerId, [&reason](WorkerRecord &r) {
        r.online = false;
        r.offlineReason = reason;
    });
}

void WorkerRegistry::markOffline(const QString &workerId, const QString &reason)
{
    const auto it = m_workers.constFind(workerId);
    if (it == m_workers.cend() || !it->online)
        return;
    qCInfo(lcRegistry).noquote() << "worker" << workerId << "is offline:" << reason;
    update(workerId, [&reason](WorkerRecord &r) {
        r.online = false;
        r.offlineReason = reason;
    });
}

bool WorkerRegistry::remove(const QString &workerId)
{
    const auto it = m_workers.constFind(workerId);
    if (it == m_workers.cend())
        return false;
    if (m_idByUrl.value(it->last.url) == workerId)
        m_idByUrl.remove(it->last.url);
    m_onlineCount -= int(it->online);
    const QString model = it->last.model;
    m_workers.erase(it);
    modelRemoved(model);
    Q_EMIT workerRemoved(workerId);
    return true;
}

bool WorkerRegistry::forget(const QString &workerId)
{
    if (!remove(workerId))
        return false;
    const qint64 now = m_clock.nowMs();
    const qint64 keepMs = 10 * m_timeoutMs;
    for (auto it = m_forgottenAtMs.begin(); it != m_forgottenAtMs.end();) {
        if (now - it.value() > keepMs || m_forgottenAtMs.size() >= kMaxForgotten)
            it = m_forgottenAtMs.erase(it);
        else
            ++it;
    }
    m_forgottenAtMs.insert(workerId, now);
    return true;
}

void WorkerRegistry::sweep()
{
    if (m_mirror)
        return;  // the mirrored queen decides freshness
    const qint64 now = m_clock.nowMs();
    for (QHash<QString, qint64> *map : {&m_suspendedUntil, &m_suspendedUrlUntil}) {
        for (auto it = map->begin(); it != map->end();)
            it = *it <= now ? map->erase(it) : std::next(it);
    }
    QStringList drop;
    QList<QPair<QString, QString>> stale;  // id, reason
    for (auto it = m_workers.cbegin(); it != m_workers.cend(); ++it) {
        const qint64 age = now - it->lastHeartbeatMs;
        const Freshness::State state = Freshness::of(age, m_timeoutMs);
        if (state == Freshness::State::Dropped)
            drop << it.key();
        else if (state == Freshness::State::Offline && it->last.status != WorkerStatus::Stopping)
            stale.append({it.key(), Freshness::offlineReason(age)});
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

quint64 WorkerRegistry::jobDispatched(const QString &workerId)
{
    update(workerId, [](WorkerRecord &r) { ++r.dispatched; });
    const WorkerRecord *r = find(workerId);
    return r ? r->heartbeats : 0;
}

void WorkerRegistry::jobFinished(const QString &workerId, quint64 heartbeatsAtDispatch)
{
    update(workerId, [heartbeatsAtDispatch](WorkerRecord &r) {
        r.dispatched = qMax(0, r.dispatched - 1);
        // Sent before the newest heartbeat arrived: that heartbeat counted it busy.
        if (heartbeatsAtDispatch < r.heartbeats)
            ++r.finishedSinceHeartbeat;
    });
}

void WorkerRegistry::jobEnded(const QString &workerId)
{
    update(workerId, [](WorkerRecord &r) { r.dispatched = qMax(0, r.dispatched - 1); });
}

void WorkerRegistry::mirrorOne(const WorkerRecord &record)
{
    Q_ASSERT_X(m_mirror, "WorkerRegistry::mirrorOne", "setMirror(true) first");
    const auto it = m_workers.constFind(record.id());
    if (it == m_workers.cend()) {
        WorkerRecord r = record;
        r.order = m_nextOrder++;
        insert(r);
        Q_EMIT workerAdded(r.id());
        return;
    }
    if (it->last.url != record.last.url) {
        if (m_idByUrl.value(it->last.url) == record.id())
            m_idByUrl.remove(it->last.url);
        m_idByUrl.insert(record.last.url, record.id());
    }
    update(record.id(), [&record](WorkerRecord &r) {
        const quint64 order = r.order;
        r = record;
        r.order = order;
    });
}

void WorkerRegistry::mirrorAll(const QList<WorkerRecord> &records)
{
    QSet<QString> ids;
    for (const WorkerRecord &r : records)
        ids.insert(r.id());
    const QStringList known = m_workers.keys();
    for (const QString &id : known) {
        if (!ids.contains(id))
            remove(id);
    }
    // The snapshot lists the queen's order; new records go after the ones kept, in that order.
    for (const WorkerRecord &r : records)
        mirrorOne(r);
}

void WorkerRegistry::mirrorTimes(const WorkerRecord &record)
{
    Q_ASSERT_X(m_mirror, "WorkerRegistry::mirrorTimes", "setMirror(true) first");
    update(record.id(), [&record](WorkerRecord &r) {
        r.lastHeartbeatMs = record.lastHeartbeatMs;
        r.firstSeenMs = record.firstSeenMs;
        r.clockSkewMs = record.clockSkewMs;
    });
}

void WorkerRegistry::mirrorOffline(const QString &reason)
{
    const QStringList ids = m_workers.keys();
    for (const QString &id : ids) {
        update(id, [&reason](WorkerRecord &r) {
            r.online = false;
            r.offlineReason = reason;
        });
    }
}

}  // namespace rbee::core

// Hive reports, freshness and change signalling; see hiveregistry.h.
#include "hiveregistry.h"

#include "freshness.h"

#include "../logging.h"

#include <algorithm>

namespace rbee::core {

namespace {
// Equal in everything a view shows: the report but its send time, and the queen's verdict.
bool sameForViews(const HiveRecord &a, const HiveRecord &b)
{
    HiveReport x = a.last;
    HiveReport y = b.last;
    x.sentAtMs = y.sentAtMs = 0;
    return x == y && a.online == b.online && a.offlineReason == b.offlineReason
           && a.clockSkewMs / 1000 == b.clockSkewMs / 1000;
}
}  // namespace

HiveRegistry::HiveRegistry(const Clock &clock, QObject *parent) : QObject(parent), m_clock(clock)
{
    connect(&m_sweepTimer, &QTimer::timeout, this, &HiveRegistry::sweep);
}

void HiveRegistry::startSweeping(int intervalMs)
{
    m_sweepTimer.start(intervalMs);
}

std::optional<Error> HiveRegistry::applyReport(const HiveReport &report)
{
    const qint64 now = m_clock.nowMs();
    const auto it = m_hives.find(report.name);
    if (it != m_hives.end() && it->online && it->last.url != report.url) {
        return Error{ErrorCode::Conflict,
                     QStringLiteral("the hive name '%1' is used by an online hive at %2; give this hive another "
                                    "--name, or stop that one (its name is free once it is offline)")
                         .arg(report.name, it->last.url)};
    }
    if (it == m_hives.end()) {
        if (m_hives.size() >= m_maxHives && !evictOneOffline()) {
            return Error{ErrorCode::TooManyWorkers,
                         QStringLiteral("the queen already tracks %1 online hives, its limit").arg(m_maxHives)};
        }
        HiveRecord r;
        r.last = report;
        r.order = m_nextOrder++;
        r.firstSeenMs = now;
        r.lastReportMs = now;
        r.clockSkewMs = m_clock.wallMs() - report.sentAtMs;
        m_hives.insert(report.name, r);
        ++m_onlineCount;
        indexWorkers(nullptr, report);
        qCInfo(lcRegistry) << "hive" << report.name << "joined at" << report.url << "with" << report.devices.size()
                           << "devices," << report.models.size() << "models," << report.workers.size() << "workers";
        Q_EMIT hiveAdded(report.name);
        return std::nullopt;
    }
    const HiveRecord before = *it;
    if (before.last.url != report.url)
        qCInfo(lcRegistry) << "hive" << report.name << "moved from" << before.last.url << "to" << report.url;
    else if (!before.online)
        qCInfo(lcRegistry) << "hive" << report.name << "is back online";
    it->last = report;
    it->lastReportMs = now;
    it->clockSkewMs = m_clock.wallMs() - report.sentAtMs;
    it->online = true;
    it->offlineReason.clear();
    m_onlineCount += int(!before.online);
    indexWorkers(&before.last, report);
    if (!sameForViews(before, *it))
        Q_EMIT hiveChanged(report.name);
    return std::nullopt;
}

void HiveRegistry::indexWorkers(const HiveReport *before, const HiveReport &after)
{
    if (before) {
        for (const HiveWorker &w : before->workers) {
            if (!after.worker(w.workerId))
                forgetWorker(w.workerId, after.name);
        }
    }
    for (const HiveWorker &w : after.workers)
        m_hiveByWorker.insert(w.workerId, after.name);
}

void HiveRegistry::forgetWorker(const QString &workerId, const QString &hiveName)
{
    if (m_hiveByWorker.value(workerId) != hiveName)
        return;  // a later report of another hive claimed it
    m_hiveByWorker.remove(workerId);
    // Another hive that still lists it (rare: a worker id reported by two hives) keeps it known.
    const HiveRecord *latest = nullptr;
    for (const HiveRecord &h : std::as_const(m_hives)) {
        if (h.name() != hiveName && h.last.worker(workerId) && (!latest || h.lastReportMs > latest->lastReportMs))
            latest = &h;
    }
    if (latest)
        m_hiveByWorker.insert(workerId, latest->name());
}

void HiveRegistry::unindexWorkers(const HiveReport &report)
{
    for (const HiveWorker &w : report.workers)
        forgetWorker(w.workerId, report.name);
}

bool HiveRegistry::evictOneOffline()
{
    const HiveRecord *oldest = nullptr;
    for (const HiveRecord &r : std::as_const(m_hives)) {
        if (!r.online && (!oldest || r.lastReportMs < oldest->lastReportMs))
            oldest = &r;
    }
    if (!oldest)
        return false;
    const QString name = oldest->name();
    qCInfo(lcRegistry) << "hive" << name << "evicted: the registry is full and it is offline";
    remove(name);
    return true;
}

bool HiveRegistry::remove(const QString &name)
{
    const auto it = m_hives.constFind(name);
    if (it == m_hives.cend())
        return false;
    unindexWorkers(it->last);
    m_onlineCount -= int(it->online);
    m_hives.erase(it);
    Q_EMIT hiveRemoved(name);
    return true;
}

void HiveRegistry::setOffline(const QString &name, const QString &reason)
{
    const auto it = m_hives.find(name);
    if (it == m_hives.end() || (!it->online && it->offlineReason == reason))
        return;
    if (it->online) {
        qCInfo(lcRegistry).noquote() << "hive" << name << "went offline:" << reason;
        --m_onlineCount;
    }
    it->online = false;
    it->offlineReason = reason;
    Q_EMIT hiveChanged(name);
}

void HiveRegistry::sweep()
{
    const qint64 now = m_clock.nowMs();
    QStringList drop;
    QList<QPair<QString, QString>> stale;  // name, reason
    for (auto it = m_hives.cbegin(); it != m_hives.cend(); ++it) {
        const qint64 age = now - it->lastReportMs;
        switch (Freshness::of(age, m_timeoutMs)) {
        case Freshness::State::Dropped: drop << it.key(); break;
        case Freshness::State::Offline: stale.append({it.key(), Freshness::offlineReason(age)}); break;
        case Freshness::State::Online: break;
        }
    }
    for (const auto &[name, reason] : stale)
        setOffline(name, reason);
    for (const QString &name : drop) {
        qCInfo(lcRegistry) << "hive" << name << "dropped after" << m_timeoutMs * Freshness::kDropFactor / 1000
                           << "s without heartbeat";
        remove(name);
    }
}

QList<HiveRecord> HiveRegistry::hives() const
{
    QList<HiveRecord> list = m_hives.values();
    std::sort(list.begin(), list.end(), [](const auto &a, const auto &b) { return a.order < b.order; });
    return list;
}

const HiveRecord *HiveRegistry::find(const QString &name) const
{
    const auto it = m_hives.constFind(name);
    return it == m_hives.cend() ? nullptr : &*it;
}

const HiveRecord *HiveRegistry::hiveOfWorker(const QString &workerId) const
{
    const auto it = m_hiveByWorker.constFind(workerId);
    return it == m_hiveByWorker.cend() ? nullptr : find(*it);
}

}  // namespace rbee::core

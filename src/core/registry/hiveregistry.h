// HiveRegistry: the queen's live table of hives, fed by their reports (POST /v1/hive-heartbeat).
// Freshness as for workers (Freshness, an injectable Clock): offline after the heartbeat timeout,
// dropped after ten times it. Guards its table: a name held by an online hive at another url is
// refused, and the table has a cap. Knows which hive runs which worker from the reports' worker
// lists. Tells views what changed. One thread (the event loop's).
#pragma once

#include "hiverecord.h"

#include "../clock.h"
#include "../error.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>

#include <optional>

namespace rbee::core {

class HiveRegistry : public QObject {
    Q_OBJECT
public:
    static constexpr qint64 kDefaultHeartbeatTimeoutMs = 15000;
    // Records, online or offline; each is bounded by HiveReport::kMaxBodyBytes.
    static constexpr int kDefaultMaxHives = 4096;

    explicit HiveRegistry(const Clock &clock = Clock::system(), QObject *parent = nullptr);

    void setHeartbeatTimeoutMs(qint64 ms) { m_timeoutMs = ms; }
    qint64 heartbeatTimeoutMs() const { return m_timeoutMs; }
    const Clock &clock() const { return m_clock; }
    void setMaxHives(int max) { m_maxHives = qMax(1, max); }
    int maxHives() const { return m_maxHives; }

    // Records the report, or says why not: conflict (its name is held by an online hive at
    // another url), too_many_workers (a new hive while the table is full of online ones; offline
    // ones are evicted first).
    std::optional<Error> applyReport(const HiveReport &report);
    bool remove(const QString &name);
    // Re-evaluates freshness now; startSweeping() does it on a timer.
    void sweep();
    void startSweeping(int intervalMs = 250);

    // All records, in registration order.
    QList<HiveRecord> hives() const;
    const HiveRecord *find(const QString &name) const;
    // The hive whose last report lists this worker (the latest to list it, if several did).
    const HiveRecord *hiveOfWorker(const QString &workerId) const;
    int onlineCount() const { return m_onlineCount; }
    int count() const { return int(m_hives.size()); }

Q_SIGNALS:
    void hiveAdded(const QString &name);
    void hiveChanged(const QString &name);
    void hiveRemoved(const QString &name);

private:
    void setOffline(const QString &name, const QString &reason);
    bool evictOneOffline();
    void indexWorkers(const HiveReport *before, const HiveReport &after);
    void unindexWorkers(const HiveReport &report);
    void forgetWorker(const QString &workerId, const QString &hiveName);

    const Clock &m_clock;
    qint64 m_timeoutMs = kDefaultHeartbeatTimeoutMs;
    int m_maxHives = kDefaultMaxHives;
    QHash<QString, HiveRecord> m_hives;
    QHash<QString, QString> m_hiveByWorker;  // worker id -> hive name
    int m_onlineCount = 0;
    quint64 m_nextOrder = 0;
    QTimer m_sweepTimer;
};

}  // namespace rbee::core

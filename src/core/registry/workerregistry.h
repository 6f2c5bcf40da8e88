// WorkerRegistry: the queen's live table of workers, fed by heartbeats. Decides freshness from an
// injectable Clock (offline after the heartbeat timeout, dropped after ten times it), counts the
// jobs this queen dispatched, and tells views what changed. Lives on one thread (the event loop's).
#pragma once

#include "workerrecord.h"

#include "../clock.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>

namespace rbee::core {

class WorkerRegistry : public QObject {
    Q_OBJECT
public:
    static constexpr qint64 kDefaultHeartbeatTimeoutMs = 15000;
    static constexpr int kDropFactor = 10;  // dropped after kDropFactor x the timeout

    explicit WorkerRegistry(const Clock &clock = Clock::system(), QObject *parent = nullptr);

    void setHeartbeatTimeoutMs(qint64 ms) { m_timeoutMs = ms; }
    qint64 heartbeatTimeoutMs() const { return m_timeoutMs; }
    const Clock &clock() const { return m_clock; }

    void applyHeartbeat(const Heartbeat &heartbeat);
    bool remove(const QString &workerId);
    // Re-evaluates freshness now; startSweeping() does it on a timer.
    void sweep();
    void startSweeping(int intervalMs = 250);

    // All records, in registration order.
    QList<WorkerRecord> workers() const;
    const WorkerRecord *find(const QString &workerId) const;
    int onlineCount() const;

    void jobDispatched(const QString &workerId);
    void jobEnded(const QString &workerId);

Q_SIGNALS:
    void workerAdded(const QString &workerId);
    void workerChanged(const QString &workerId);
    void workerRemoved(const QString &workerId);
    // A slot may have freed or a worker became usable: queued jobs should look again.
    void capacityChanged();

private:
    // True when the two records differ in anything a view shows (not sent_at_ms alone).
    static bool visiblyDifferent(const WorkerRecord &a, const WorkerRecord &b);
    void update(const QString &id, const std::function<void(WorkerRecord &)> &change);

    const Clock &m_clock;
    qint64 m_timeoutMs = kDefaultHeartbeatTimeoutMs;
    QHash<QString, WorkerRecord> m_workers;
    QHash<QString, QString> m_idByUrl;  // url -> worker id, so a heartbeat costs O(1)
    quint64 m_nextOrder = 0;
    QTimer m_sweepTimer;
};

}  // namespace rbee::core

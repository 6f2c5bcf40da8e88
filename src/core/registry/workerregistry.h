// WorkerRegistry: the queen's live table of workers, fed by heartbeats. Decides freshness from an
// injectable Clock (offline after the heartbeat timeout, dropped after ten times it), counts the
// jobs this queen dispatched, and tells views what changed. Guards its table: a heartbeat cannot
// take over a live worker's url or move a live worker without confirmation, the table has a cap,
// and a worker found misbehaving stays out of service for a while. One thread (the event loop's).
#pragma once

#include "freshness.h"
#include "workerrecord.h"

#include "../clock.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>

#include <optional>

namespace rbee::core {

// Whether the caller confirmed that the heartbeat's url answers with its worker id.
enum class HeartbeatTrust { Unconfirmed, Confirmed };

class WorkerRegistry : public QObject {
    Q_OBJECT
public:
    static constexpr qint64 kDefaultHeartbeatTimeoutMs = 15000;
    static constexpr int kDropFactor = Freshness::kDropFactor;  // dropped after kDropFactor x the timeout
    // Records, live or offline. Each is bounded by the heartbeat's field limits (a few KiB).
    static constexpr int kDefaultMaxWorkers = 65536;
    // How long a worker marked failed stays offline whatever its heartbeats say.
    static constexpr qint64 kDefaultSuspensionMs = 30000;
    // Models whose last worker left, remembered so that they are not "never served".
    static constexpr int kMaxRetiredModels = 4096;

    explicit WorkerRegistry(const Clock &clock = Clock::system(), QObject *parent = nullptr);

    void setHeartbeatTimeoutMs(qint64 ms) { m_timeoutMs = ms; }
    qint64 heartbeatTimeoutMs() const { return m_timeoutMs; }
    const Clock &clock() const { return m_clock; }

    void setMaxWorkers(int max) { m_maxWorkers = qMax(1, max); }
    int maxWorkers() const { return m_maxWorkers; }
    void setSuspensionMs(qint64 ms) { m_suspensionMs = ms; }

    // True when the heartbeat would take the url of another live worker, or move a live worker
    // to another url: it is applied only once its url answered /health with its worker id.
    bool needsConfirmation(const Heartbeat &heartbeat) const;
    // Records the heartbeat, or says why not: conflict (needsConfirmation without Confirmed),
    // too_many_workers (a new worker, the table full of live ones; offline ones are evicted first).
    std::optional<Error> applyHeartbeat(const Heartbeat &heartbeat, HeartbeatTrust trust = HeartbeatTrust::Unconfirmed);
    bool remove(const QString &workerId);
    // remove(), for a worker that was told to stop (DELETE /v1/workers/{id}): the `stopping`
    // heartbeats it sends while it drains do not register it again. Any other heartbeat does.
    bool forget(const QString &workerId);
    static constexpr int kMaxForgotten = 1024;
    // Takes a worker out of service now (it broke the protocol or could not be reached); its
    // heartbeats do not bring it back for the suspension time.
    void markFailed(const QString &workerId, const QString &reason);
    // The worker is known to be gone (the app that started it saw its process end): offline now,
    // with this reason, rather than after the heartbeat timeout. No suspension: a heartbeat (a
    // restarted worker) brings it back. Works on a mirror too (until the next snapshot).
    void markOffline(const QString &workerId, const QString &reason);
    // Re-evaluates freshness now; startSweeping() does it on a timer.
    void sweep();
    void startSweeping(int intervalMs = 250);

    // Mirror mode: the table of another queen, as that queen reports it (RemoteQueenConnection).
    // Records are set as given: no heartbeats, no sweeping, no job counting here; views get the
    // same added/changed/removed signals. Set before the first record.
    void setMirror(bool mirror) { m_mirror = mirror; }
    bool isMirror() const { return m_mirror; }
    // A snapshot: these records, in this order, replace every record (absent ones are removed).
    void mirrorAll(const QList<WorkerRecord> &records);
    // Adds the record, or replaces the one with its id (which keeps its place in the order).
    void mirrorOne(const WorkerRecord &record);
    // The times only (last heartbeat, first seen, clock skew) of a mirrored record, from a newer
    // read of the same queen: its events say when a worker changes, not each heartbeat. An
    // unknown id is ignored.
    void mirrorTimes(const WorkerRecord &record);
    // Marks every record offline with this reason (the mirror lost its queen); they stay listed.
    void mirrorOffline(const QString &reason);

    // All records, in registration order.
    QList<WorkerRecord> workers() const;
    const WorkerRecord *find(const QString &workerId) const;
    int onlineCount() const { return m_onlineCount; }
    int count() const { return int(m_workers.size()); }
    // A model some worker serves, or served before it left (OpenAI's model_not_found otherwise).
    bool knowsModel(const QString &model) const;

    // A job sent to the worker; returns the worker's heartbeat count, to give to jobFinished.
    quint64 jobDispatched(const QString &workerId);
    // The worker finished the job (its [DONE] arrived, sent after its slot was freed): the slot
    // is free to the scheduler now, not at the next heartbeat (see WorkerRecord::busySlots).
    void jobFinished(const QString &workerId, quint64 heartbeatsAtDispatch);
    // The job ended otherwise (cancelled, connection lost, refused): only `dispatched` drops.
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
    void insert(const WorkerRecord &record);
    bool evictOneOffline();
    bool suspended(const Heartbeat &heartbeat, qint64 nowMs) const;
    void modelAdded(const QString &model);
    void modelRemoved(const QString &model);

    const Clock &m_clock;
    qint64 m_timeoutMs = kDefaultHeartbeatTimeoutMs;
    QHash<QString, WorkerRecord> m_workers;
    QHash<QString, QString> m_idByUrl;
    QHash<QString, qint64> m_forgottenAtMs;  // forget()'s ids, for 10x the heartbeat timeout, at most 1024  // url ->
                                             // worker id, so a heartbeat costs O(1)
    // worker id, and url, -> Clock::nowMs() it may come back (a new id at the url stays out too)
    QHash<QString, qint64> m_suspendedUntil;
    QHash<QString, qint64> m_suspendedUrlUntil;
    QHash<QString, int> m_servedModels;  // model -> records serving it
    QList<QString> m_retiredModels;      // oldest first, at most kMaxRetiredModels
    int m_onlineCount = 0;
    int m_maxWorkers = kDefaultMaxWorkers;
    qint64 m_suspensionMs = kDefaultSuspensionMs;
    quint64 m_nextOrder = 0;
    bool m_mirror = false;
    QTimer m_sweepTimer;
};

}  // namespace rbee::core

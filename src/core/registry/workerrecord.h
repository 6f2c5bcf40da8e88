// WorkerRecord: what the queen knows of one worker, built from its heartbeats plus the jobs the
// queen itself has sent it. A plain value; WorkerRegistry owns the records.
#pragma once

#include "../protocol/displaystatus.h"
#include "../protocol/heartbeat.h"
#include "../result.h"

#include <QJsonObject>
#include <QString>

namespace rbee::core {

struct WorkerRecord {
    Heartbeat last;          // the newest heartbeat, as sent
    quint64 order = 0;       // registration order (first heartbeat)
    qint64 firstSeenMs = 0;  // Clock::nowMs() of the first heartbeat
    qint64 lastHeartbeatMs = 0;
    qint64 clockSkewMs = 0;  // receive wall time minus sent_at_ms
    bool online = true;
    QString offlineReason;   // e.g. "no heartbeat for 17 s", "stopping"
    int dispatched = 0;      // jobs this queen sent and has not seen finish
    quint64 heartbeats = 0;  // heartbeats applied so far; a dispatch remembers the figure
    // Jobs of this queen that finished since `last` arrived and had been sent before it arrived.
    int finishedSinceHeartbeat = 0;

    const QString &id() const { return last.workerId; }
    // Busy slots as the scheduler counts them:
    //   max(dispatched, slots_busy - finishedSinceHeartbeat)
    // - `dispatched` is a floor: a burst this queen sends between heartbeats must not all land on
    //   one worker, whatever the last heartbeat said.
    // - A job the queen has seen finish (the worker sent [DONE], after freeing its slot) frees that
    //   slot at once: the heartbeat's slots_busy, sent while it ran, still counts it. Only jobs
    //   sent before the heartbeat arrived are taken off it: one sent after it arrived was not in
    //   its figure (it was sent earlier still), and taking it off would hide a slot that another
    //   client's job holds there. The count restarts at every heartbeat, whose figure is newer.
    // Races, and which way they err:
    // - A heartbeat sent before a job finished but received after the queen saw the end puts the
    //   stale figure back until the next heartbeat: the worker looks busier than it is (a job waits
    //   or goes elsewhere), never the other way. Workers send one on every ready/busy change, so
    //   the next one is normally milliseconds behind.
    // - A heartbeat sent just before a job started but received after it was dispatched did not
    //   count it, yet the job's finish is taken off it: for that one interval the worker may look
    //   one slot freer than it is if other clients run jobs there. The worker then refuses with
    //   worker_busy and the queen tries another worker (the retry path every dispatch has).
    // - Jobs other clients run are only known from heartbeats; nothing here touches them.
    // - A cancelled job or a lost connection frees nothing early: the worker may hold the slot
    //   for one more decode step, so those wait for the heartbeat.
    int busySlots() const { return qMax(dispatched, last.slotsBusy - finishedSinceHeartbeat); }
    bool hasFreeSlot() const { return busySlots() < last.slotsTotal; }
    // Takes jobs: ready, or "busy" in a heartbeat that a job finished since has made stale
    // (a worker says busy exactly when every slot is taken).
    bool acceptsJobs() const
    {
        return last.status == WorkerStatus::Ready || (last.status == WorkerStatus::Busy && finishedSinceHeartbeat > 0);
    }
    // What the worker reports while online; offline (or stopping, when it said so) otherwise.
    DisplayStatus displayStatus() const;
    QJsonObject toJson(qint64 nowMs) const;
    // The inverse of toJson, for a client mirroring a queen's workers (GET /v1/workers,
    // /v1/events): ages become Clock::nowMs()-based times again (nowMs is the reader's now), the
    // heartbeat's own status is "reported_status". order, heartbeats and finishedSinceHeartbeat are
    // the queen's bookkeeping and are not on the wire; they come back as 0.
    static Result<WorkerRecord> fromJson(const QJsonObject &object, qint64 nowMs);
};

}  // namespace rbee::core

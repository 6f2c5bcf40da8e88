// WorkerRecord: what the queen knows of one worker, built from its heartbeats plus the jobs the
// queen itself has sent it. A plain value; WorkerRegistry owns the records.
#pragma once

#include "../protocol/heartbeat.h"

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
    QString offlineReason;  // e.g. "no heartbeat for 17 s", "stopping"
    int dispatched = 0;     // jobs this queen sent and has not seen finish

    const QString &id() const { return last.workerId; }
    // Busy slots as the scheduler counts them: the heartbeat's, or more if this queen has sent
    // more since (a burst must not all land on one worker).
    int busySlots() const { return qMax(last.slotsBusy, dispatched); }
    bool hasFreeSlot() const { return busySlots() < last.slotsTotal; }
    // "ready" | "busy" | "loading" | "stopping" | "offline"
    QString displayStatus() const;
    QJsonObject toJson(qint64 nowMs) const;
};

}  // namespace rbee::core

// HiveRecord: what the queen knows of one hive: its last report plus the queen's freshness
// bookkeeping. A plain value; HiveRegistry owns the records. Its JSON is one element of
// GET /v1/hives and of the `hive` event (docs/protocol.md).
#pragma once

#include "../protocol/displaystatus.h"
#include "../protocol/hivereport.h"
#include "../result.h"

#include <QJsonObject>
#include <QString>

namespace rbee::core {

struct HiveRecord {
    HiveReport last;         // the newest report, as sent
    quint64 order = 0;       // registration order (first report)
    qint64 firstSeenMs = 0;  // Clock::nowMs() of the first report
    qint64 lastReportMs = 0;
    qint64 clockSkewMs = 0;  // receive wall time minus sent_at_ms
    bool online = true;
    QString offlineReason;  // e.g. "no heartbeat for 17 s"

    const QString &name() const { return last.name; }
    // Ready while online, Offline otherwise: a hive has no other states.
    DisplayStatus displayStatus() const { return online ? DisplayStatus::Ready : DisplayStatus::Offline; }
    // Workers that count against max_workers: every one not exited.
    int activeWorkers() const;
    QJsonObject toJson(qint64 nowMs) const;
    // The inverse of toJson, for clients of GET /v1/hives and /v1/events: ages become
    // Clock::nowMs()-based times again (nowMs is the reader's now); `order` comes back as 0.
    static Result<HiveRecord> fromJson(const QJsonObject &object, qint64 nowMs);
};

}  // namespace rbee::core

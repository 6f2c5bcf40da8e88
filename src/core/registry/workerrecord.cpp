// JSON view and display status of a WorkerRecord.
#include "workerrecord.h"

namespace rbee::core {

DisplayStatus WorkerRecord::displayStatus() const
{
    if (online)
        return displayStatusOf(last.status);
    // A worker that said it is stopping is out of service as well, and says why.
    return last.status == WorkerStatus::Stopping ? DisplayStatus::Stopping : DisplayStatus::Offline;
}

QJsonObject WorkerRecord::toJson(qint64 nowMs) const
{
    QJsonObject o = last.toJson();
    o.insert(QStringLiteral("status"), displayStatusName(displayStatus()));
    o.insert(QStringLiteral("reported_status"), workerStatusName(last.status));
    o.insert(QStringLiteral("online"), online);
    if (!online)
        o.insert(QStringLiteral("offline_reason"), offlineReason);
    o.insert(QStringLiteral("last_heartbeat_age_ms"), nowMs - lastHeartbeatMs);
    o.insert(QStringLiteral("first_seen_age_ms"), nowMs - firstSeenMs);
    o.insert(QStringLiteral("clock_skew_ms"), clockSkewMs);
    o.insert(QStringLiteral("jobs_dispatched"), dispatched);
    return o;
}

}  // namespace rbee::core

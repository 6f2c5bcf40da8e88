// JSON view and display status of a WorkerRecord.
#include "workerrecord.h"

namespace rbee::core {

QString WorkerRecord::displayStatus() const
{
    if (online)
        return workerStatusName(last.status);
    // A worker that said it is stopping is out of service as well, and says why.
    return last.status == WorkerStatus::Stopping ? QStringLiteral("stopping") : QStringLiteral("offline");
}

QJsonObject WorkerRecord::toJson(qint64 nowMs) const
{
    QJsonObject o = last.toJson();
    o.insert(QStringLiteral("status"), displayStatus());
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

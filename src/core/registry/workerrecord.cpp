// JSON view and display status of a WorkerRecord.
#include "workerrecord.h"

#include "../json.h"

#include <limits>

namespace rbee::core {

namespace {
// Ages and skews are milliseconds that a double holds exactly.
constexpr qint64 kMaxAgeMs = qint64(1) << 52;
}  // namespace

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

Result<WorkerRecord> WorkerRecord::fromJson(const QJsonObject &object, qint64 nowMs)
{
    // "status" is what users are shown; the heartbeat's own is "reported_status".
    QJsonObject heartbeat = object;
    heartbeat.insert(QStringLiteral("status"), object.value(QStringLiteral("reported_status")));
    const auto last = Heartbeat::fromJson(heartbeat);
    if (!last)
        return last.error();
    WorkerRecord r;
    r.last = last.value();
    JsonObjectReader reader(object);
    qint64 heartbeatAge = 0;
    qint64 firstSeenAge = 0;
    reader.boolean("online", r.online, true);
    reader.string("offline_reason", r.offlineReason, false);
    reader.integer("last_heartbeat_age_ms", heartbeatAge, -kMaxAgeMs, kMaxAgeMs, true);
    reader.integer("first_seen_age_ms", firstSeenAge, -kMaxAgeMs, kMaxAgeMs, false);
    reader.integer("clock_skew_ms", r.clockSkewMs, -kMaxAgeMs, kMaxAgeMs, false);
    reader.integer("jobs_dispatched", r.dispatched, 0, std::numeric_limits<int>::max(), false);
    if (!reader.ok())
        return reader.error();
    r.lastHeartbeatMs = nowMs - heartbeatAge;
    r.firstSeenMs = nowMs - firstSeenAge;
    return r;
}

}  // namespace rbee::core

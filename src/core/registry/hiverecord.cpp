// JSON view of a HiveRecord.
#include "hiverecord.h"

#include "../json.h"

namespace rbee::core {

namespace {
// Ages and skews are milliseconds that a double holds exactly.
constexpr qint64 kMaxHiveAgeMs = qint64(1) << 52;
}  // namespace

int HiveRecord::activeWorkers() const
{
    int n = 0;
    for (const HiveWorker &w : last.workers)
        n += int(w.status != QLatin1String("exited"));
    return n;
}

QJsonObject HiveRecord::toJson(qint64 nowMs) const
{
    QJsonObject o = last.toJson();
    o.insert(QStringLiteral("status"), displayStatusName(displayStatus()));
    o.insert(QStringLiteral("online"), online);
    if (!online)
        o.insert(QStringLiteral("offline_reason"), offlineReason);
    o.insert(QStringLiteral("last_heartbeat_age_ms"), nowMs - lastReportMs);
    o.insert(QStringLiteral("first_seen_age_ms"), nowMs - firstSeenMs);
    o.insert(QStringLiteral("clock_skew_ms"), clockSkewMs);
    return o;
}

Result<HiveRecord> HiveRecord::fromJson(const QJsonObject &object, qint64 nowMs)
{
    const auto last = HiveReport::fromJson(object);
    if (!last)
        return last.error();
    HiveRecord r;
    r.last = last.value();
    JsonObjectReader reader(object);
    qint64 reportAge = 0;
    qint64 firstSeenAge = 0;
    reader.boolean("online", r.online, true);
    reader.string("offline_reason", r.offlineReason, false);
    reader.integer("last_heartbeat_age_ms", reportAge, -kMaxHiveAgeMs, kMaxHiveAgeMs, true);
    reader.integer("first_seen_age_ms", firstSeenAge, -kMaxHiveAgeMs, kMaxHiveAgeMs, false);
    reader.integer("clock_skew_ms", r.clockSkewMs, -kMaxHiveAgeMs, kMaxHiveAgeMs, false);
    if (!reader.ok())
        return reader.error();
    r.lastReportMs = nowMs - reportAge;
    r.firstSeenMs = nowMs - firstSeenAge;
    return r;
}

}  // namespace rbee::core

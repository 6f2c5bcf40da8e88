// Reading and writing of GET /v1/hives elements; see listedhive.h.
#include "listedhive.h"

#include "../json.h"

#include <QJsonArray>

namespace rbee::core {

QJsonObject ListedHive::toJson() const
{
    QJsonObject o = report.toJson();
    o.insert(QStringLiteral("status"), status);
    o.insert(QStringLiteral("online"), online);
    o.insert(QStringLiteral("last_heartbeat_age_ms"), lastHeartbeatAgeMs);
    return o;
}

Result<ListedHive> ListedHive::fromJson(const QJsonObject &object)
{
    auto report = HiveReport::fromJson(object);
    if (!report)
        return report.error();
    ListedHive h;
    h.report = std::move(report.value());
    JsonObjectReader r(object);
    r.string("status", h.status, true, false);
    r.boolean("online", h.online, true);
    r.integer("last_heartbeat_age_ms", h.lastHeartbeatAgeMs, 0, kMaxJsonInteger);
    if (!r.ok())
        return r.error();
    return h;
}

Result<QList<ListedHive>> ListedHive::parseList(const QJsonObject &body)
{
    QList<ListedHive> hives;
    const QJsonArray array = body.value(QStringLiteral("hives")).toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        auto hive = fromJson(array.at(i).toObject());
        if (!hive) {
            Error e = hive.error();
            e.message = QStringLiteral("hives[%1]: %2").arg(i).arg(e.message);
            return e;
        }
        hives.append(std::move(hive.value()));
    }
    return hives;
}

}  // namespace rbee::core

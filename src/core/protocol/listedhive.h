// ListedHive: one element of the queen's GET /v1/hives, a hive's last report plus what the queen
// knows of its freshness (docs/protocol.md, "GET /v1/hives"). Clients read it with fromJson; the
// report itself is HiveReport's, validated by the same code as the heartbeat.
#pragma once

#include "hivereport.h"

namespace rbee::core {

struct ListedHive {
    HiveReport report;
    QString status = QStringLiteral("offline");  // "ready" while online, else "offline"
    bool online = false;
    qint64 lastHeartbeatAgeMs = 0;

    QString name() const { return report.name; }

    QJsonObject toJson() const;
    static Result<ListedHive> fromJson(const QJsonObject &object);
    // The body of GET /v1/hives: {"hives":[...]}. Unreadable elements are an error naming them.
    static Result<QList<ListedHive>> parseList(const QJsonObject &body);
    friend bool operator==(const ListedHive &, const ListedHive &) = default;
};

}  // namespace rbee::core

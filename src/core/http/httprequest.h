// HttpRequest: one parsed request as the router and handlers see it.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

namespace rbee::core {

struct HttpRequest {
    QByteArray method;
    QString path;  // decoded path, without the query
    QUrlQuery query;
    QList<QPair<QByteArray, QByteArray>> headers;  // names lower-cased
    QByteArray body;
    bool keepAlive = true;
    QHash<QString, QString> pathParams;  // filled by the router, e.g. {"job_id": "..."}

    // First header with this (lower-case) name, or an empty array.
    QByteArray header(QByteArrayView lowerName) const;
    QString pathParam(const QString &name) const { return pathParams.value(name); }
};

}  // namespace rbee::core

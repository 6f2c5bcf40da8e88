// HttpResponse: a complete (non-streaming) response and its serialisation.
#pragma once

#include "../error.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>

namespace rbee::core {

struct HttpResponse {
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    static HttpResponse json(int status, const QJsonObject &body);
    // The one mapping from an Error to a response: status from the code, JSON error body.
    static HttpResponse error(const Error &error);
    HttpResponse &withHeader(const QByteArray &name, const QByteArray &value);

    QByteArray serialize(bool keepAlive) const;
    // The status line and headers of a response whose body of `contentLength` bytes follows
    // separately (a file streamed from disk); `body` is not written.
    QByteArray serializeHead(bool keepAlive, qint64 contentLength) const;
    static QByteArray reasonPhrase(int status);
};

}  // namespace rbee::core

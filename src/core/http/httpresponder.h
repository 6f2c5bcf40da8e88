// HttpResponder: a handler's handle on the request it must answer, now or later. Copyable and
// safe to keep: once the connection is gone, or has moved on, every call does nothing.
#pragma once

#include "../sse/sseevent.h"
#include "httpresponse.h"

#include <QPointer>

namespace rbee::core {

class HttpConnection;

class HttpResponder {
public:
    HttpResponder() = default;
    HttpResponder(HttpConnection *connection, quint64 seq);

    void send(const HttpResponse &response) const;
    void sendJson(int status, const QJsonObject &body) const;
    void sendError(const Error &error) const;

    // Server-Sent Events: 200, text/event-stream, chunked; one chunk per event.
    bool beginEventStream() const;
    bool sendEvent(const SseEvent &event) const;
    bool sendRaw(QByteArrayView bytes) const;  // already serialised events
    void endEventStream() const;

    // A body of `contentLength` bytes written piece by piece after `head` (whose own body is
    // ignored): write as HttpConnection::bytesWritten() makes room (see unreadBytes()).
    bool beginBody(const HttpResponse &head, qint64 contentLength) const;
    bool writeBody(QByteArrayView bytes) const;
    void endBody() const;

    // The client is still there and this request is still the one being answered.
    bool isActive() const;
    // What the client left unread so far (HttpConnection::unreadBytes); 0 once it is gone.
    qint64 unreadBytes() const;
    // For connecting to HttpConnection::closed; null once the connection is gone.
    HttpConnection *connection() const { return m_connection.data(); }

private:
    QPointer<HttpConnection> m_connection;
    quint64 m_seq = 0;
};

}  // namespace rbee::core

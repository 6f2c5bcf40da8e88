// HttpResponder forwards to its connection while the connection and the request are current.
#include "httpresponder.h"

#include "httpconnection.h"

namespace rbee::core {

HttpResponder::HttpResponder(HttpConnection *connection, quint64 seq) : m_connection(connection), m_seq(seq) {}

bool HttpResponder::isActive() const
{
    return m_connection && m_connection->isCurrent(m_seq);
}

void HttpResponder::send(const HttpResponse &response) const
{
    if (m_connection)
        m_connection->respond(m_seq, response);
}

void HttpResponder::sendJson(int status, const QJsonObject &body) const
{
    send(HttpResponse::json(status, body));
}

void HttpResponder::sendError(const Error &error) const
{
    send(HttpResponse::error(error));
}

bool HttpResponder::beginEventStream() const
{
    return m_connection && m_connection->beginStream(m_seq);
}

bool HttpResponder::sendEvent(const SseEvent &event) const
{
    return sendRaw(event.serialize());
}

bool HttpResponder::sendRaw(QByteArrayView bytes) const
{
    return m_connection && m_connection->writeStreamChunk(m_seq, bytes);
}

qint64 HttpResponder::unreadBytes() const
{
    return m_connection ? m_connection->unreadBytes() : 0;
}

void HttpResponder::endEventStream() const
{
    if (m_connection)
        m_connection->endStream(m_seq);
}

bool HttpResponder::beginBody(const HttpResponse &head, qint64 contentLength) const
{
    return m_connection && m_connection->beginBody(m_seq, head, contentLength);
}

bool HttpResponder::writeBody(QByteArrayView bytes) const
{
    return m_connection && m_connection->writeBody(m_seq, bytes);
}

void HttpResponder::endBody() const
{
    if (m_connection)
        m_connection->endBody(m_seq);
}

}  // namespace rbee::core

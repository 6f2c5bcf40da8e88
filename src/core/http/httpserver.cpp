// Accepting, capping and routing connections; see httpserver.h.
#include "httpserver.h"

#include "../logging.h"

#include <QTcpServer>
#include <QTcpSocket>

namespace rbee::core {

HttpServer::HttpServer(QObject *parent) : QObject(parent), m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &HttpServer::onNewConnection);
}

HttpServer::~HttpServer() = default;

void HttpServer::route(const QByteArray &method, const QString &pattern, Handler handler)
{
    m_routes.push_back(Route{method, RoutePattern(pattern), std::move(handler)});
}

bool HttpServer::listen(const QHostAddress &address, quint16 port)
{
    m_server->setMaxPendingConnections(128);
    return m_server->listen(address, port);
}

QString HttpServer::errorString() const
{
    return m_server->errorString();
}

QHostAddress HttpServer::serverAddress() const
{
    return m_server->serverAddress();
}

quint16 HttpServer::serverPort() const
{
    return m_server->serverPort();
}

void HttpServer::stopListening()
{
    m_server->close();
}

void HttpServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        if (m_connectionCount >= m_limits.maxConnections) {
            qCWarning(lcHttp) << "connection limit reached (" << m_limits.maxConnections << "), refusing a client";
            const Error error{ErrorCode::TooManyConnections,
                              QStringLiteral("too many open connections (limit %1)").arg(m_limits.maxConnections)};
            socket->write(HttpResponse::error(error).serialize(false));
            socket->disconnectFromHost();
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            continue;
        }
        ++m_connectionCount;
        auto *connection = new HttpConnection(
            socket, m_limits,
            [this](HttpRequest request, HttpResponder responder) {
                dispatch(std::move(request), std::move(responder));
            },
            this);
        connect(connection, &HttpConnection::closed, this, [this] { --m_connectionCount; });
    }
}

void HttpServer::dispatch(HttpRequest request, HttpResponder responder)
{
    if (m_filter) {
        if (auto refusal = m_filter(request)) {
            responder.send(*refusal);
            return;
        }
    }
    QList<QByteArray> allowed;
    for (const Route &route : m_routes) {
        auto params = route.pattern.match(request.path);
        if (!params)
            continue;
        if (route.method != request.method) {
            allowed.append(route.method);
            continue;
        }
        request.pathParams = *params;
        route.handler(std::move(request), std::move(responder));
        return;
    }
    if (!allowed.isEmpty()) {
        HttpResponse r = HttpResponse::error(Error{
            ErrorCode::MethodNotAllowed,
            QStringLiteral("method %1 is not allowed on %2").arg(QString::fromLatin1(request.method), request.path)});
        r.withHeader("Allow", allowed.join(", "));
        responder.send(r);
        return;
    }
    responder.sendError(
        Error{ErrorCode::NotFound,
              QStringLiteral("no such endpoint: %1 %2").arg(QString::fromLatin1(request.method), request.path)});
}

}  // namespace rbee::core

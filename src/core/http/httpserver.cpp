// Accepting, capping and routing connections; see httpserver.h.
#include "httpserver.h"

#include "../logging.h"
#include "openfileslimit.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace rbee::core {

HttpServer::HttpServer(QObject *parent) : QObject(parent), m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &HttpServer::onNewConnection);
    // Qt stops accepting after an error such as running out of file descriptors; start again
    // shortly, when some have been freed.
    connect(m_server, &QTcpServer::acceptError, this, [this](QAbstractSocket::SocketError error) {
        qCWarning(lcHttp) << "accepting a connection failed:" << error << m_server->errorString();
        QTimer::singleShot(kAcceptRetryMs, m_server, [this] { m_server->resumeAccepting(); });
    });
}

HttpServer::~HttpServer() = default;

void HttpServer::route(const QByteArray &method, const QString &pattern, Handler handler)
{
    m_routes.push_back(Route{method, RoutePattern(pattern), std::move(handler)});
}

bool HttpServer::listen(const QHostAddress &address, quint16 port)
{
    m_server->setMaxPendingConnections(128);
    // Qt's default backlog (50) drops the SYNs of a burst of new clients, and a dropped SYN costs
    // its client a one-second retransmit: room for a burst, so that eviction can answer them.
    m_server->setListenBacklogSize(kListenBacklog);
    updateConnectionCap();
    if (m_connectionCap < m_limits.maxConnections) {
        qCWarning(lcHttp) << "the open-files limit allows" << m_connectionCap << "connections, not"
                          << m_limits.maxConnections;
    }
    return m_server->listen(address, port);
}

void HttpServer::setLimits(const HttpLimits &limits)
{
    m_limits = limits;
    updateConnectionCap();
}

void HttpServer::updateConnectionCap()
{
    // Every connection is a file descriptor. Half of the open-files limit is left for the rest:
    // the queen's connections to workers (one per relayed job), answers being refused, model
    // files. A cap beyond the limit would end in failed accepts instead of room being made.
    m_connectionCap = m_limits.maxConnections;
    const long long files = openFilesLimit();
    if (files > 0 && files / 2 < m_connectionCap)
        m_connectionCap = int(qMax(1LL, files / 2));
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
        if (m_connectionCount >= m_connectionCap && !evictOne()) {
            refuse(socket);
            continue;
        }
        ++m_connectionCount;
        auto *connection = new HttpConnection(
            socket, m_limits,
            [this](HttpRequest request, HttpResponder responder) {
                dispatch(std::move(request), std::move(responder));
            },
            this);
        rankForEviction(connection);
        connect(connection, &HttpConnection::evictableChanged, this,
                [this, connection] { rankForEviction(connection); });
        connect(connection, &HttpConnection::closed, this, [this, connection] {
            --m_connectionCount;
            forget(connection);
        });
    }
}

// Every connection is busy with a response: the newcomer is told so and closed.
void HttpServer::refuse(QTcpSocket *socket)
{
    qCWarning(lcHttp) << "connection limit reached (" << m_connectionCap
                      << "), every connection busy; refusing a client";
    const Error error{ErrorCode::TooManyConnections,
                      QStringLiteral("too many open connections (limit %1)").arg(m_connectionCap)};
    socket->write(HttpResponse::error(error).serialize(false));
    socket->disconnectFromHost();
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
}

bool HttpServer::evictOne()
{
    if (m_evictable.empty())
        return false;
    HttpConnection *victim = m_evictable.begin()->second;
    qCDebug(lcHttp) << "connection limit reached: closing the connection that waited longest";
    victim->abort();  // emits closed(): the count drops and it leaves m_evictable
    return true;
}

void HttpServer::rankForEviction(HttpConnection *connection)
{
    forget(connection);
    const HttpConnection::Evictable evictable = connection->evictable();
    if (evictable == HttpConnection::Evictable::No)
        return;
    const EvictionKey key{evictable, ++m_evictionOrder};
    m_evictable.emplace(key, connection);
    m_evictionKeys.insert(connection, key);
}

void HttpServer::forget(HttpConnection *connection)
{
    const auto it = m_evictionKeys.constFind(connection);
    if (it == m_evictionKeys.cend())
        return;
    m_evictable.erase(*it);
    m_evictionKeys.erase(it);
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

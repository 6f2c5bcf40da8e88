// HttpServer: HTTP/1.1 on a QTcpServer with method + path routing, JSON and event-stream
// responses and deliberate limits (HttpLimits). Runs on the thread that owns it; never blocks.
#pragma once

#include "httpconnection.h"
#include "httpresponder.h"
#include "routepattern.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>

#include <map>
#include <optional>
#include <utility>
#include <vector>

class QTcpServer;

namespace rbee::core {

class HttpServer : public QObject {
    Q_OBJECT
public:
    using Handler = HttpConnection::Handler;

    explicit HttpServer(QObject *parent = nullptr);
    ~HttpServer() override;

    static constexpr int kAcceptRetryMs = 100;
    static constexpr int kListenBacklog = 1024;

    void setLimits(const HttpLimits &limits);
    const HttpLimits &limits() const { return m_limits; }
    void route(const QByteArray &method, const QString &pattern, Handler handler);
    // Runs before routing; a response it returns is sent instead (e.g. 401 without a token).
    using Filter = std::function<std::optional<HttpResponse>(const HttpRequest &request)>;
    void setFilter(Filter filter) { m_filter = std::move(filter); }

    bool listen(const QHostAddress &address, quint16 port);
    QString errorString() const;
    QHostAddress serverAddress() const;
    quint16 serverPort() const;
    // Stops accepting new connections; open ones carry on.
    void stopListening();
    int connectionCount() const { return m_connectionCount; }
    // limits().maxConnections, lowered to half the open-files limit when that is smaller.
    int connectionCap() const { return m_connectionCap; }

private:
    struct Route {
        QByteArray method;
        RoutePattern pattern;
        Handler handler;
    };

    // Eviction order: connections already closing first, then those that have waited longest
    // for (or on) a request.
    using EvictionKey = std::pair<HttpConnection::Evictable, quint64>;

    void updateConnectionCap();
    void onNewConnection();
    void refuse(QTcpSocket *socket);
    bool evictOne();
    void rankForEviction(HttpConnection *connection);
    void forget(HttpConnection *connection);
    void dispatch(HttpRequest request, HttpResponder responder);

    QTcpServer *m_server;
    HttpLimits m_limits;
    std::vector<Route> m_routes;
    Filter m_filter;
    int m_connectionCount = 0;
    int m_connectionCap = 0;
    std::map<EvictionKey, HttpConnection *> m_evictable;
    QHash<HttpConnection *, EvictionKey> m_evictionKeys;
    quint64 m_evictionOrder = 0;
};

}  // namespace rbee::core

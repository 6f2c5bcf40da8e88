// HttpServer: HTTP/1.1 on a QTcpServer with method + path routing, JSON and event-stream
// responses and deliberate limits (HttpLimits). Runs on the thread that owns it; never blocks.
#pragma once

#include "httpconnection.h"
#include "httpresponder.h"
#include "routepattern.h"

#include <QHostAddress>
#include <QObject>

#include <optional>
#include <vector>

class QTcpServer;

namespace rbee::core {

class HttpServer : public QObject {
    Q_OBJECT
public:
    using Handler = HttpConnection::Handler;

    explicit HttpServer(QObject *parent = nullptr);
    ~HttpServer() override;

    void setLimits(const HttpLimits &limits) { m_limits = limits; }
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

private:
    struct Route {
        QByteArray method;
        RoutePattern pattern;
        Handler handler;
    };

    void onNewConnection();
    void dispatch(HttpRequest request, HttpResponder responder);

    QTcpServer *m_server;
    HttpLimits m_limits;
    std::vector<Route> m_routes;
    Filter m_filter;
    int m_connectionCount = 0;
};

}  // namespace rbee::core

// HttpClientRequest: one HTTP/1.1 request on a QTcpSocket (a fresh one, or an idle keep-alive one to
// the same host), with the response parsed by
// http_parser as it arrives (Content-Length, chunked or until close). The queen relays many
// streams to the same worker at once; QNetworkAccessManager allows six connections per host in
// Qt 6.4 and queues the rest, so the queen uses this instead.
#pragma once

#include "clientrequest.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QTimer>
#include <QUrl>

#include <memory>

class QTcpSocket;

namespace rbee::core {

class HttpClientRequest : public ClientRequest {
    Q_OBJECT
public:
    HttpClientRequest(const QByteArray &method, const QUrl &url, QObject *parent = nullptr);
    ~HttpClientRequest() override;

    void start() override;
    void abort() override;
    int status() const override { return m_status; }
    QByteArray takeBody() override;
    QByteArray responseHeader(QByteArrayView lowerName) const override;

private:
    struct Parser;
    void openSocket(QTcpSocket *pooled);
    bool retryOnFreshConnection();
    void onConnected();
    void onReadyRead();
    void onDisconnected();
    void fail(const QString &reason);

    QTcpSocket *m_socket = nullptr;
    std::unique_ptr<Parser> m_parser;
    QTimer m_timeout;
    QTimer m_connectTimeout;
    int m_status = 0;
    QList<QPair<QByteArray, QByteArray>> m_responseHeaders;
    QByteArray m_received;
    bool m_done = false;
    bool m_reused = false;  // the socket came from the keep-alive pool
};

}  // namespace rbee::core

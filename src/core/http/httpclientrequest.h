// HttpClientRequest: one HTTP/1.1 request on its own QTcpSocket, with the response parsed by
// http_parser as it arrives (Content-Length, chunked or until close). The queen relays many
// streams to the same worker at once; QNetworkAccessManager allows six connections per host in
// Qt 6.4 and queues the rest, so the queen uses this instead.
#pragma once

#include "../error.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QTimer>
#include <QUrl>

#include <memory>

class QTcpSocket;

namespace rbee::core {

class HttpClientRequest : public QObject {
    Q_OBJECT
public:
    HttpClientRequest(const QByteArray &method, const QUrl &url, QObject *parent = nullptr);
    ~HttpClientRequest() override;

    void setHeader(const QByteArray &name, const QByteArray &value);
    void setBody(const QByteArray &body, const QByteArray &contentType = "application/json");
    // Gives up (failed) when connecting and receiving the headers take longer than this.
    void setHeadersTimeout(int ms) { m_headersTimeoutMs = ms; }
    void start();
    void abort();  // closes the connection; no further signals

    int status() const { return m_status; }
    QByteArray responseHeader(QByteArrayView lowerName) const;
    QByteArray takeBody();  // body bytes received and not yet taken

Q_SIGNALS:
    void headersReceived(int status);
    void dataReceived();                 // call takeBody()
    void finished();                     // the whole response arrived
    void failed(const QString &reason);  // connect error, timeout, broken or malformed response

private:
    struct Parser;
    void onConnected();
    void onReadyRead();
    void onDisconnected();
    void fail(const QString &reason);

    QByteArray m_method;
    QUrl m_url;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    QByteArray m_body;
    QTcpSocket *m_socket = nullptr;
    std::unique_ptr<Parser> m_parser;
    QTimer m_timeout;
    int m_headersTimeoutMs = 10000;
    int m_status = 0;
    QList<QPair<QByteArray, QByteArray>> m_responseHeaders;
    QByteArray m_received;
    bool m_done = false;
};

}  // namespace rbee::core

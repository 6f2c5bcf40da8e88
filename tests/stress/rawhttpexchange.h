// RawHttpExchange: one HTTP/1.1 request on its own QTcpSocket (Connection: close), with the
// response's body decoded (Content-Length, chunked or until close) and handed on as it arrives.
// The stress suites need many concurrent streams and exact control over hanging up, which
// QNetworkAccessManager (six connections per host, its own buffering) does not give.
#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QUrl>

class QTcpSocket;

namespace rbee::test {

class RawHttpExchange : public QObject {
    Q_OBJECT
public:
    RawHttpExchange(const QByteArray &method, const QUrl &url, const QByteArray &jsonBody = {},
                    QObject *parent = nullptr);
    ~RawHttpExchange() override;

    void start();
    // Closes the connection at once: the server sees the client leave. No further signals.
    void abort();

    int status() const { return m_status; }
    QByteArray header(QByteArrayView lowerName) const;
    const QByteArray &body() const { return m_body; }  // everything decoded so far
    bool isDone() const { return m_done; }

Q_SIGNALS:
    void headersReceived(int status);
    void bodyReceived(const QByteArray &chunk);  // decoded bytes, in order
    void finished();                             // the whole response arrived
    void failed(const QString &reason);          // connect error, reset, malformed or cut response

private:
    void onReadyRead();
    void onDisconnected();
    bool parseHead();
    bool decodeBody();
    void deliver(const QByteArray &bytes);
    void finish();
    void fail(const QString &reason);

    QByteArray m_method;
    QUrl m_url;
    QByteArray m_requestBody;
    QTcpSocket *m_socket = nullptr;
    QByteArray m_in;
    int m_status = 0;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    bool m_headDone = false;
    bool m_chunked = false;
    qint64 m_contentLength = -1;  // -1: until close (or chunked)
    qint64 m_chunkLeft = -1;      // chunked: bytes left in the current chunk, -1 = a size line is next
    QByteArray m_body;
    bool m_done = false;
    bool m_over = false;  // finished, failed or aborted: no further signals
};

}  // namespace rbee::test

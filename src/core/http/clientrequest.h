// ClientRequest: one outgoing HTTP request whose response arrives in pieces. Two transports
// implement it: HttpClientRequest (own socket; the queen) and QnamClientRequest
// (QNetworkAccessManager; the desktop app), so WorkerJobClient speaks the worker protocol once.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;

namespace rbee::core {

class ClientRequest : public QObject {
    Q_OBJECT
public:
    ClientRequest(const QByteArray &method, const QUrl &url, QObject *parent = nullptr)
        : QObject(parent)
        , m_method(method)
        , m_url(url)
    {}

    void setHeader(const QByteArray &name, const QByteArray &value) { m_headers.append({name, value}); }
    void setBody(const QByteArray &body, const QByteArray &contentType = "application/json")
    {
        m_body = body;
        setHeader("Content-Type", contentType);
    }
    // Gives up (failed) when connecting and receiving the headers take longer than this.
    void setHeadersTimeout(int ms) { m_headersTimeoutMs = ms; }
    // Gives up (failed, connected() false) when the server has not accepted the connection within
    // this time; 0: only the headers timeout applies. Own sockets only (QNAM has no such hook).
    void setConnectTimeout(int ms) { m_connectTimeoutMs = ms; }
    // The server accepted the connection (a reused one counts): a failure came after that.
    bool connected() const { return m_connected; }
    // This computer's address on the connection, once connected; empty when the transport does
    // not say (QNAM).
    QString localAddress() const { return m_localAddress; }

    virtual void start() = 0;
    virtual void abort() = 0;  // closes the connection; no further signals
    virtual int status() const = 0;
    virtual QByteArray takeBody() = 0;  // body bytes received and not yet taken
    // A header of the response (name in lower case); empty when absent.
    virtual QByteArray responseHeader(QByteArrayView lowerName) const = 0;

    // A request on the app's QNetworkAccessManager when `nam` is given, else on its own socket.
    static ClientRequest *create(QNetworkAccessManager *nam, const QByteArray &method, const QUrl &url,
                                 QObject *parent = nullptr);

Q_SIGNALS:
    void headersReceived(int status);
    void dataReceived();                 // call takeBody()
    void finished();                     // the whole response arrived
    void failed(const QString &reason);  // connect error, timeout, broken or malformed response

protected:
    QByteArray m_method;
    QUrl m_url;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    QByteArray m_body;
    int m_headersTimeoutMs = 10000;
    int m_connectTimeoutMs = 0;
    bool m_connected = false;
    QString m_localAddress;
};

// Makes a request not yet started, like ClientRequest::create. Lets a test put a scripted
// transport under WorkerJobClient (and so under JobManager) without sockets.
using ClientRequestFactory = std::function<ClientRequest *(const QByteArray &method, const QUrl &url, QObject *parent)>;

}  // namespace rbee::core

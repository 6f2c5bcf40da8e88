// Request writing and incremental response parsing; see httpclientrequest.h.
#include "httpclientrequest.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHash>
#include <QPointer>
#include <QTcpSocket>
#include <QThread>

#include <http_parser.h>

namespace rbee::core {

struct HttpClientRequest::Parser {
    http_parser parser{};
    http_parser_settings settings{};
    QByteArray field;
    QByteArray value;
    bool lastWasValue = false;
    bool headersDone = false;
    bool messageDone = false;
};

namespace {
// Idle keep-alive connections to workers, reused by the next request to the same host and port:
// a job's POST and its stream then cost no TCP handshakes. Main thread only (where the queen and
// the app run); requests from other threads open their own connections.
class ConnectionPool : public QObject {
public:
    static constexpr int kMaxIdlePerHost = 64;
    static constexpr qint64 kMaxIdleMs = 4000;  // workers close idle connections after 30 s

    static ConnectionPool *instance()
    {
        static QPointer<ConnectionPool> pool;
        if (!QCoreApplication::instance() || QThread::currentThread() != QCoreApplication::instance()->thread())
            return nullptr;
        if (!pool)
            pool = new ConnectionPool(QCoreApplication::instance());
        return pool;
    }

    QTcpSocket *take(const QString &key)
    {
        QList<Idle> &idle = m_idle[key];
        while (!idle.isEmpty()) {
            Idle entry = idle.takeLast();
            QTcpSocket *socket = entry.socket;
            if (socket && socket->state() == QAbstractSocket::ConnectedState && socket->bytesAvailable() == 0
                && entry.since.elapsed() < kMaxIdleMs) {
                socket->disconnect(this);
                return socket;
            }
            if (socket)
                socket->deleteLater();
        }
        return nullptr;
    }

    void give(const QString &key, QTcpSocket *socket)
    {
        QList<Idle> &idle = m_idle[key];
        if (idle.size() >= kMaxIdlePerHost) {
            socket->deleteLater();
            return;
        }
        socket->setParent(this);
        QElapsedTimer since;
        since.start();
        idle.append(Idle{socket, since});
        // A connection the worker closes, or that says anything unasked, is not reused.
        connect(socket, &QTcpSocket::disconnected, this, [this, key, socket] { drop(key, socket); });
        connect(socket, &QTcpSocket::readyRead, this, [this, key, socket] { drop(key, socket); });
    }

private:
    struct Idle {
        QPointer<QTcpSocket> socket;
        QElapsedTimer since;
    };
    using QObject::QObject;
    void drop(const QString &key, QTcpSocket *socket)
    {
        QList<Idle> &idle = m_idle[key];
        for (qsizetype i = 0; i < idle.size(); ++i) {
            if (idle[i].socket == socket) {
                idle.removeAt(i);
                break;
            }
        }
        socket->deleteLater();
    }
    QHash<QString, QList<Idle>> m_idle;
};

QString poolKey(const QUrl &url)
{
    return url.host() + u':' + QString::number(url.port(80));
}
}  // namespace

HttpClientRequest::HttpClientRequest(const QByteArray &method, const QUrl &url, QObject *parent)
    : ClientRequest(method, url, parent)
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] { fail(QStringLiteral("timed out waiting for a response")); });
    m_connectTimeout.setSingleShot(true);
    connect(&m_connectTimeout, &QTimer::timeout, this,
            [this] { fail(QStringLiteral("no connection within %1 ms").arg(m_connectTimeoutMs)); });
}

HttpClientRequest::~HttpClientRequest() = default;

QByteArray HttpClientRequest::responseHeader(QByteArrayView lowerName) const
{
    for (const auto &h : m_responseHeaders) {
        if (h.first == lowerName)
            return h.second;
    }
    return {};
}

QByteArray HttpClientRequest::takeBody()
{
    QByteArray out;
    out.swap(m_received);
    return out;
}

void HttpClientRequest::start()
{
    m_parser = std::make_unique<Parser>();
    http_parser_init(&m_parser->parser, HTTP_RESPONSE);
    m_parser->parser.data = this;
    http_parser_settings &s = m_parser->settings;
    http_parser_settings_init(&s);
    s.on_header_field = [](http_parser *p, const char *at, size_t len) {
        auto *self = static_cast<HttpClientRequest *>(p->data);
        Parser &ps = *self->m_parser;
        if (ps.lastWasValue) {
            self->m_responseHeaders.append({ps.field.toLower(), ps.value.trimmed()});
            ps.field.clear();
            ps.value.clear();
        }
        ps.lastWasValue = false;
        ps.field.append(at, qsizetype(len));
        return 0;
    };
    s.on_header_value = [](http_parser *p, const char *at, size_t len) {
        auto *self = static_cast<HttpClientRequest *>(p->data);
        self->m_parser->lastWasValue = true;
        self->m_parser->value.append(at, qsizetype(len));
        return 0;
    };
    s.on_headers_complete = [](http_parser *p) {
        auto *self = static_cast<HttpClientRequest *>(p->data);
        Parser &ps = *self->m_parser;
        if (!ps.field.isEmpty())
            self->m_responseHeaders.append({ps.field.toLower(), ps.value.trimmed()});
        ps.headersDone = true;
        self->m_status = int(p->status_code);
        return 0;
    };
    s.on_body = [](http_parser *p, const char *at, size_t len) {
        static_cast<HttpClientRequest *>(p->data)->m_received.append(at, qsizetype(len));
        return 0;
    };
    s.on_message_complete = [](http_parser *p) {
        static_cast<HttpClientRequest *>(p->data)->m_parser->messageDone = true;
        return 0;
    };

    m_timeout.start(m_headersTimeoutMs);
    QTcpSocket *pooled = nullptr;
    if (ConnectionPool *pool = ConnectionPool::instance())
        pooled = pool->take(poolKey(m_url));
    openSocket(pooled);
}

void HttpClientRequest::openSocket(QTcpSocket *pooled)
{
    m_reused = pooled != nullptr;
    m_socket = pooled ? pooled : new QTcpSocket;
    m_socket->setParent(this);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(m_socket, &QTcpSocket::connected, this, &HttpClientRequest::onConnected);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpClientRequest::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpClientRequest::onDisconnected);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (error == QAbstractSocket::RemoteHostClosedError)
            return;  // handled by onDisconnected, after the last bytes are read
        if (retryOnFreshConnection())
            return;
        fail(m_socket->errorString());
    });
    if (pooled) {
        onConnected();
    } else {
        m_connected = false;
        if (m_connectTimeoutMs > 0)
            m_connectTimeout.start(m_connectTimeoutMs);
        m_socket->connectToHost(m_url.host(), quint16(m_url.port(80)));
    }
}

bool HttpClientRequest::retryOnFreshConnection()
{
    // A reused connection the worker had just closed: nothing was answered, so send it again.
    if (!m_reused || m_parser->headersDone || m_done)
        return false;
    QTcpSocket *stale = m_socket;
    stale->disconnect(this);
    stale->abort();
    stale->deleteLater();
    http_parser_init(&m_parser->parser, HTTP_RESPONSE);
    m_parser->parser.data = this;
    openSocket(nullptr);
    return true;
}

void HttpClientRequest::onConnected()
{
    m_connectTimeout.stop();
    m_connected = true;
    m_localAddress = m_socket->localAddress().toString();
    QByteArray path = m_url.path(QUrl::FullyEncoded).toLatin1();
    if (path.isEmpty())
        path = "/";
    if (m_url.hasQuery())
        path += '?' + m_url.query(QUrl::FullyEncoded).toLatin1();
    QByteArray head = m_method + ' ' + path + " HTTP/1.1\r\nHost: " + m_url.host().toLatin1() + ':'
                      + QByteArray::number(m_url.port(80)) + "\r\nConnection: keep-alive\r\n";
    for (const auto &h : m_headers)
        head += h.first + ": " + h.second + "\r\n";
    if (!m_body.isEmpty() || m_method == "POST" || m_method == "PUT")
        head += "Content-Length: " + QByteArray::number(m_body.size()) + "\r\n";
    head += "\r\n";
    m_socket->write(head + m_body);
    m_socket->flush();  // now, not at the next turn of the event loop
}

void HttpClientRequest::onReadyRead()
{
    if (m_done)
        return;
    const QByteArray data = m_socket->readAll();
    const bool hadHeaders = m_parser->headersDone;
    const size_t parsed =
        http_parser_execute(&m_parser->parser, &m_parser->settings, data.constData(), size_t(data.size()));
    if (HTTP_PARSER_ERRNO(&m_parser->parser) != HPE_OK || parsed != size_t(data.size())) {
        fail(QStringLiteral("malformed response: %1")
                 .arg(QString::fromLatin1(http_errno_description(HTTP_PARSER_ERRNO(&m_parser->parser)))));
        return;
    }
    if (!hadHeaders && m_parser->headersDone) {
        m_timeout.stop();
        Q_EMIT headersReceived(m_status);
        if (m_done)
            return;
    }
    if (!m_received.isEmpty())
        Q_EMIT dataReceived();
    if (!m_done && m_parser->messageDone) {
        m_done = true;
        m_timeout.stop();
        QTcpSocket *socket = m_socket;
        socket->disconnect(this);
        m_socket = nullptr;
        ConnectionPool *pool = ConnectionPool::instance();
        if (pool && http_should_keep_alive(&m_parser->parser) && socket->state() == QAbstractSocket::ConnectedState)
            pool->give(poolKey(m_url), socket);
        else {
            socket->abort();
            socket->deleteLater();
        }
        Q_EMIT finished();
    }
}

void HttpClientRequest::onDisconnected()
{
    if (m_done)
        return;
    if (retryOnFreshConnection())
        return;
    // A response delimited by the end of the connection is complete now.
    http_parser_execute(&m_parser->parser, &m_parser->settings, nullptr, 0);
    if (!m_received.isEmpty())
        Q_EMIT dataReceived();
    if (m_done)
        return;
    if (m_parser->messageDone) {
        m_done = true;
        Q_EMIT finished();
        return;
    }
    fail(m_parser->headersDone ? QStringLiteral("connection closed in the middle of the response")
                               : QStringLiteral("connection closed before a response"));
}

void HttpClientRequest::fail(const QString &reason)
{
    if (m_done)
        return;
    m_done = true;
    m_timeout.stop();
    m_connectTimeout.stop();
    if (m_socket)
        m_socket->abort();
    Q_EMIT failed(reason);
}

void HttpClientRequest::abort()
{
    m_done = true;
    m_timeout.stop();
    m_connectTimeout.stop();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

}  // namespace rbee::core

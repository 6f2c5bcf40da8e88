// Implementation of RawHttpExchange: a minimal HTTP/1.1 response reader for the stress suites.
#include "rawhttpexchange.h"

#include <QTcpSocket>

namespace rbee::test {

RawHttpExchange::RawHttpExchange(const QByteArray &method, const QUrl &url, const QByteArray &jsonBody, QObject *parent)
    : QObject(parent)
    , m_method(method)
    , m_url(url)
    , m_requestBody(jsonBody)
{}

RawHttpExchange::~RawHttpExchange()
{
    abort();
}

void RawHttpExchange::start()
{
    m_socket = new QTcpSocket(this);
    connect(m_socket, &QTcpSocket::connected, this, [this] {
        QByteArray head = m_method + ' ' + m_url.path(QUrl::FullyEncoded).toUtf8()
                          + " HTTP/1.1\r\nHost: " + m_url.host().toUtf8() + ':' + QByteArray::number(m_url.port())
                          + "\r\nConnection: close\r\n";
        if (!m_requestBody.isEmpty() || m_method == "POST") {
            head += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(m_requestBody.size())
                    + "\r\n";
        }
        if (m_method == "GET")
            head += "Accept: text/event-stream, application/json\r\n";
        m_socket->write(head + "\r\n" + m_requestBody);
    });
    connect(m_socket, &QTcpSocket::readyRead, this, &RawHttpExchange::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &RawHttpExchange::onDisconnected);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (error == QAbstractSocket::RemoteHostClosedError)
            return;  // disconnected() decides whether the response was whole
        fail(m_socket->errorString());
    });
    m_socket->connectToHost(m_url.host(), quint16(m_url.port()));
}

void RawHttpExchange::abort()
{
    m_over = true;
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
}

QByteArray RawHttpExchange::header(QByteArrayView lowerName) const
{
    for (const auto &h : m_headers) {
        if (h.first == lowerName)
            return h.second;
    }
    return {};
}

void RawHttpExchange::onReadyRead()
{
    if (m_over || !m_socket)
        return;
    m_in += m_socket->readAll();
    if (!m_headDone && !parseHead())
        return;
    if (m_headDone && !m_over)
        decodeBody();
}

bool RawHttpExchange::parseHead()
{
    const qsizetype end = m_in.indexOf("\r\n\r\n");
    if (end < 0) {
        if (m_in.size() > 64 * 1024)
            fail(QStringLiteral("response head over 64 KiB"));
        return false;
    }
    const QList<QByteArray> lines = m_in.left(end).split('\n');
    m_in.remove(0, end + 4);
    const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
    bool ok = false;
    m_status = statusLine.size() >= 2 ? statusLine.at(1).toInt(&ok) : 0;
    if (!ok || !statusLine.first().startsWith("HTTP/1.")) {
        fail(QStringLiteral("malformed status line: %1").arg(QString::fromUtf8(lines.first())));
        return false;
    }
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon > 0)
            m_headers.append({lines.at(i).left(colon).trimmed().toLower(), lines.at(i).mid(colon + 1).trimmed()});
    }
    m_chunked = header("transfer-encoding").toLower().contains("chunked");
    if (!m_chunked && !header("content-length").isEmpty())
        m_contentLength = header("content-length").toLongLong();
    m_headDone = true;
    Q_EMIT headersReceived(m_status);
    return !m_over;
}

bool RawHttpExchange::decodeBody()
{
    if (!m_chunked) {
        if (!m_in.isEmpty()) {
            QByteArray bytes = m_contentLength >= 0 ? m_in.left(m_contentLength - m_body.size()) : m_in;
            m_in.clear();
            deliver(bytes);
        }
        if (!m_over && m_contentLength >= 0 && m_body.size() >= m_contentLength)
            finish();
        return true;
    }
    while (!m_over) {
        if (m_chunkLeft < 0) {
            const qsizetype eol = m_in.indexOf("\r\n");
            if (eol < 0)
                return true;
            bool ok = false;
            const QByteArray sizeText = m_in.left(eol).split(';').first().trimmed();
            m_chunkLeft = sizeText.toLongLong(&ok, 16);
            if (!ok) {
                fail(QStringLiteral("malformed chunk size: %1").arg(QString::fromLatin1(sizeText)));
                return false;
            }
            m_in.remove(0, eol + 2);
            if (m_chunkLeft == 0) {
                finish();  // trailers are not used by rbee
                return true;
            }
        }
        if (m_chunkLeft > 0) {
            // What is there of a chunk goes on at once: a stream must not wait for the chunk's end.
            const qsizetype take = qMin<qsizetype>(m_in.size(), m_chunkLeft);
            deliver(m_in.left(take));
            m_in.remove(0, take);
            m_chunkLeft -= take;
            if (m_over)
                return false;
            if (m_chunkLeft > 0)
                return true;
        }
        if (m_in.size() < 2)
            return true;
        if (!m_in.startsWith("\r\n")) {
            fail(QStringLiteral("chunk not followed by CRLF"));
            return false;
        }
        m_in.remove(0, 2);
        m_chunkLeft = -1;
    }
    return false;
}

void RawHttpExchange::deliver(const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return;
    m_body += bytes;
    Q_EMIT bodyReceived(bytes);
}

void RawHttpExchange::onDisconnected()
{
    if (m_over)
        return;
    if (m_socket)
        m_in += m_socket->readAll();
    if (!m_headDone && !parseHead()) {
        if (!m_over)
            fail(QStringLiteral("connection closed before a whole response head"));
        return;
    }
    decodeBody();
    if (m_over)
        return;
    if (!m_chunked && m_contentLength < 0)
        finish();  // the body ran until the close
    else
        fail(QStringLiteral("connection closed in the middle of the body"));
}

void RawHttpExchange::finish()
{
    if (m_over)
        return;
    m_over = true;
    m_done = true;
    Q_EMIT finished();
}

void RawHttpExchange::fail(const QString &reason)
{
    if (m_over)
        return;
    m_over = true;
    Q_EMIT failed(reason);
}

}  // namespace rbee::test

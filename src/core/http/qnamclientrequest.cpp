// QNetworkReply behind the ClientRequest signals; see qnamclientrequest.h.
#include "qnamclientrequest.h"

#include "httpclientrequest.h"

#include <QBuffer>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace rbee::core {

ClientRequest *ClientRequest::create(QNetworkAccessManager *nam, const QByteArray &method, const QUrl &url,
                                     QObject *parent)
{
    if (nam)
        return new QnamClientRequest(nam, method, url, parent);
    return new HttpClientRequest(method, url, parent);
}

QnamClientRequest::QnamClientRequest(QNetworkAccessManager *nam, const QByteArray &method, const QUrl &url,
                                     QObject *parent)
    : ClientRequest(method, url, parent)
    , m_nam(nam)
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        if (m_done)
            return;
        m_done = true;
        if (m_reply)
            m_reply->abort();
        Q_EMIT failed(QStringLiteral("timed out waiting for a response"));
    });
}

QnamClientRequest::~QnamClientRequest()
{
    abort();
}

QByteArray QnamClientRequest::responseHeader(QByteArrayView lowerName) const
{
    for (const auto &h : m_responseHeaders) {
        if (h.first == lowerName)
            return h.second;
    }
    return {};
}

QByteArray QnamClientRequest::takeBody()
{
    QByteArray out;
    out.swap(m_received);
    return out;
}

void QnamClientRequest::start()
{
    QNetworkRequest request(m_url);
    for (const auto &h : m_headers)
        request.setRawHeader(h.first, h.second);
    auto *body = new QBuffer;
    body->setData(m_body);
    body->open(QIODevice::ReadOnly);
    m_reply = m_nam->sendCustomRequest(request, m_method, body);
    body->setParent(m_reply);
    m_timeout.start(m_headersTimeoutMs);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, [this] {
        const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 0 || m_status != 0)
            return;
        m_status = status;
        m_connected = true;
        for (const auto &h : m_reply->rawHeaderPairs())
            m_responseHeaders.append({h.first.toLower(), h.second});
        m_timeout.stop();
        Q_EMIT headersReceived(status);
    });
    connect(m_reply, &QNetworkReply::readyRead, this, [this] {
        if (m_done)
            return;
        m_received += m_reply->readAll();
        if (!m_received.isEmpty())
            Q_EMIT dataReceived();
    });
    connect(m_reply, &QNetworkReply::finished, this, [this] {
        QNetworkReply *reply = m_reply;
        reply->deleteLater();
        if (m_done)
            return;
        m_done = true;
        m_timeout.stop();
        m_status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        m_connected = m_connected || m_status != 0;
        if (m_responseHeaders.isEmpty()) {
            for (const auto &h : reply->rawHeaderPairs())
                m_responseHeaders.append({h.first.toLower(), h.second});
        }
        m_received += reply->readAll();
        // An HTTP error status is still an answer; only transport failures are failures.
        if (m_status == 0
            || (reply->error() != QNetworkReply::NoError && reply->error() < QNetworkReply::ContentAccessDenied)) {
            Q_EMIT failed(reply->errorString());
            return;
        }
        if (!m_received.isEmpty())
            Q_EMIT dataReceived();
        Q_EMIT finished();
    });
}

void QnamClientRequest::abort()
{
    m_done = true;
    m_timeout.stop();
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
        m_reply = nullptr;
    }
}

}  // namespace rbee::core

// Heartbeat transport for workers and hives; see heartbeatsender.h.
#include "heartbeatsender.h"

#include "../json.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpSocket>

namespace rbee::core {

HeartbeatSender::HeartbeatSender(const QUrl &queen, const QString &path, const QString &token, int intervalMs,
                                 Snapshot snapshot, LogCategory category, QObject *parent)
    : QObject(parent)
    , m_token(token)
    , m_snapshot(std::move(snapshot))
    , m_category(category)
    , m_nam(new QNetworkAccessManager(this))
{
    m_endpoint = queen;
    QString base = m_endpoint.path();
    if (base.endsWith(u'/'))
        base.chop(1);
    m_endpoint.setPath(base + path);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, [this] { send(); });
}

void HeartbeatSender::start()
{
    discoverLocalAddress();
    m_timer.start();
    send();
}

void HeartbeatSender::sendNow()
{
    if (m_inFlight) {
        m_resend = true;  // the newest state goes out as soon as the current request ends
        return;
    }
    send();
}

void HeartbeatSender::sendFinal(std::function<void()> done)
{
    m_timer.stop();
    m_resend = false;
    if (QNetworkReply *old = m_inFlight) {
        m_inFlight = nullptr;
        old->disconnect(this);
        old->abort();
        old->deleteLater();
    }
    send(std::move(done));
}

void HeartbeatSender::discoverLocalAddress()
{
    // QNetworkAccessManager does not expose the local end of its connections, so open one
    // plain socket to the queen and read it.
    auto *socket = new QTcpSocket(this);
    connect(socket, &QTcpSocket::connected, this, [this, socket] {
        if (socket->localAddress() != m_localAddress) {
            m_localAddress = socket->localAddress();
            Q_EMIT localAddressChanged();
        }
        socket->abort();
        socket->deleteLater();
    });
    connect(socket, &QTcpSocket::errorOccurred, socket, &QObject::deleteLater);
    socket->connectToHost(m_endpoint.host(), static_cast<quint16>(m_endpoint.port(80)));
}

void HeartbeatSender::applyAnswer(const QByteArray &body)
{
    if (!m_followQueenInterval)
        return;
    // A queen answers {"ok":true,"heartbeat_interval_ms":N}; anything odd keeps the interval.
    const qint64 interval =
        QJsonDocument::fromJson(body).object().value(QLatin1String("heartbeat_interval_ms")).toInteger();
    if (interval >= 100 && interval <= 3600000 && interval != m_timer.interval())
        m_timer.setInterval(int(interval));
}

void HeartbeatSender::send(std::function<void()> done)
{
    if (m_inFlight)
        return;
    QNetworkRequest request(m_endpoint);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setTransferTimeout(done ? 2000 : std::max(1000, m_timer.interval()));
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    QNetworkReply *reply = m_nam->post(request, toCompactJson(m_snapshot()));
    m_inFlight = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply, done = std::move(done)] {
        reply->deleteLater();
        if (m_inFlight == reply)
            m_inFlight = nullptr;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const bool ok = reply->error() == QNetworkReply::NoError && status == 200;
        if (ok && (!m_queenUp || !m_everSent)) {
            qCInfo(m_category) << "queen reachable at" << m_endpoint.toString(QUrl::RemoveUserInfo);
            if (!m_queenUp)
                discoverLocalAddress();
        } else if (!ok && m_queenUp) {
            qCWarning(m_category).noquote()
                << "queen not reachable at" << m_endpoint.toString(QUrl::RemoveUserInfo) << ":"
                << (status ? QStringLiteral("HTTP %1 %2").arg(status).arg(QString::fromUtf8(reply->readAll()).trimmed())
                           : reply->errorString())
                << "(retrying quietly)";
        }
        m_queenUp = ok;
        m_everSent = true;
        if (ok)
            applyAnswer(reply->readAll());
        if (done) {
            done();
            return;
        }
        if (m_resend) {
            m_resend = false;
            send();
        }
    });
}

}  // namespace rbee::core

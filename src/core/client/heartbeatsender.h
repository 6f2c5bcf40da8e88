// HeartbeatSender: POSTs a snapshot (a worker's Heartbeat, a hive's HiveReport) to one path of the
// queen on a timer and at once whenever asked (a change). One request in flight at a time, newer
// requests coalesced into one; a queen that is down is retried quietly and the change of state is
// logged once each way. Knows nothing of what the snapshot says.
#pragma once

#include <QHostAddress>
#include <QJsonObject>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <functional>

class QLoggingCategory;
class QNetworkAccessManager;
class QNetworkReply;

namespace rbee::core {

class HeartbeatSender : public QObject {
    Q_OBJECT
public:
    using Snapshot = std::function<QJsonObject()>;
    using LogCategory = const QLoggingCategory &(*)();

    // Posts to `queen` + `path` (e.g. Endpoint::kWorkerHeartbeat) with the bearer token when one is given.
    HeartbeatSender(const QUrl &queen, const QString &path, const QString &token, int intervalMs, Snapshot snapshot,
                    LogCategory category, QObject *parent = nullptr);

    // Take the queen's answer `heartbeat_interval_ms` as the interval from then on (hives do).
    void setFollowQueenInterval(bool follow) { m_followQueenInterval = follow; }
    int intervalMs() const { return m_timer.interval(); }

    void start();
    void sendNow();
    // Sends one last heartbeat and calls `done` once it is answered, failed or timed out.
    void sendFinal(std::function<void()> done);
    // The address of this machine as the queen sees it (for servers bound to 0.0.0.0).
    QHostAddress localAddress() const { return m_localAddress; }

Q_SIGNALS:
    void localAddressChanged();

private:
    void send(std::function<void()> done = {});
    void discoverLocalAddress();
    void applyAnswer(const QByteArray &body);

    QUrl m_endpoint;
    QString m_token;
    Snapshot m_snapshot;
    LogCategory m_category;
    QNetworkAccessManager *m_nam;
    QTimer m_timer;
    QNetworkReply *m_inFlight = nullptr;
    bool m_resend = false;
    bool m_queenUp = true;
    bool m_everSent = false;
    bool m_followQueenInterval = false;
    QHostAddress m_localAddress;
};

}  // namespace rbee::core

// HeartbeatSender: POSTs the worker's Heartbeat to the queen on a timer and at once whenever
// asked (status changes). One request in flight at a time; a queen that is down is retried
// quietly and the change of state is logged once each way.
#pragma once

#include "core/protocol/heartbeat.h"

#include <QHostAddress>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace rbee::worker {

class HeartbeatSender : public QObject {
    Q_OBJECT
public:
    using Snapshot = std::function<core::Heartbeat()>;

    HeartbeatSender(const QUrl &queen, const QString &token, int intervalMs, Snapshot snapshot,
                    QObject *parent = nullptr);

    void start();
    void sendNow();
    // Sends one last heartbeat and calls `done` once it is answered, failed or timed out.
    void sendFinal(std::function<void()> done);
    // The address of this machine as the queen sees it (for workers bound to 0.0.0.0).
    QHostAddress localAddress() const { return m_localAddress; }

Q_SIGNALS:
    void localAddressChanged();

private:
    void send(std::function<void()> done = {});
    void discoverLocalAddress();

    QUrl m_endpoint;
    QString m_token;
    Snapshot m_snapshot;
    QNetworkAccessManager *m_nam;
    QTimer m_timer;
    QNetworkReply *m_inFlight = nullptr;
    bool m_resend = false;
    bool m_queenUp = true;
    bool m_everSent = false;
    QHostAddress m_localAddress;
};

}  // namespace rbee::worker

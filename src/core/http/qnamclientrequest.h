// QnamClientRequest: a ClientRequest on a QNetworkAccessManager (the desktop app's transport).
#pragma once

#include "clientrequest.h"

#include <QPointer>
#include <QTimer>

class QNetworkReply;

namespace rbee::core {

class QnamClientRequest : public ClientRequest {
    Q_OBJECT
public:
    QnamClientRequest(QNetworkAccessManager *nam, const QByteArray &method, const QUrl &url, QObject *parent = nullptr);
    ~QnamClientRequest() override;

    void start() override;
    void abort() override;
    int status() const override { return m_status; }
    QByteArray takeBody() override;
    QByteArray responseHeader(QByteArrayView lowerName) const override;

private:
    QNetworkAccessManager *m_nam;
    QPointer<QNetworkReply> m_reply;
    QTimer m_timeout;
    QByteArray m_received;
    QList<QPair<QByteArray, QByteArray>> m_responseHeaders;  // names in lower case
    int m_status = 0;
    bool m_done = false;
};

}  // namespace rbee::core

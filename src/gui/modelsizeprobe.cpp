// HEAD requests for download sizes; see modelsizeprobe.h.
#include "modelsizeprobe.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace rbee::gui {

ModelSizeProbe::ModelSizeProbe(QObject *parent) : QObject(parent), m_nam(new QNetworkAccessManager(this)) {}

void ModelSizeProbe::probe(const QUrl &url)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setTransferTimeout(kTimeoutMs);
    QNetworkReply *reply = m_nam->head(request);
    reply->setParent(this);
    auto linked = std::make_shared<qint64>(-1);
    // Hugging Face names an LFS file's size on the redirect to its CDN.
    connect(reply, &QNetworkReply::redirected, this, [reply, linked](const QUrl &) {
        bool ok = false;
        const qint64 n = reply->rawHeader("X-Linked-Size").toLongLong(&ok);
        if (ok && n > 0)
            *linked = n;
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, url, linked] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() != QNetworkReply::NoError || status < 200 || status >= 300) {
            Q_EMIT unknown(url, reply->errorString());
            return;
        }
        bool ok = false;
        qint64 n = reply->rawHeader("X-Linked-Size").toLongLong(&ok);
        if (!ok || n <= 0)
            n = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(&ok);
        if ((!ok || n <= 0) && *linked > 0) {
            n = *linked;
            ok = true;
        }
        if (ok && n > 0)
            Q_EMIT sized(url, n);
        else
            Q_EMIT unknown(url, tr("the server did not say how large the file is"));
    });
}

}  // namespace rbee::gui

// ModelSizeProbe: asks a download URL for its size before anything is downloaded (a HEAD request,
// redirects followed; Hugging Face's X-Linked-Size where the final answer has no length), so the
// Get a Model dialog can show each model's size before the user commits. Main thread only.
#pragma once

#include <QObject>
#include <QUrl>

class QNetworkAccessManager;

namespace rbee::gui {

class ModelSizeProbe : public QObject {
    Q_OBJECT
public:
    static constexpr int kTimeoutMs = 15000;

    // Its own connections: a HEAD answer with a stray body must never share a connection with a download.
    explicit ModelSizeProbe(QObject *parent = nullptr);
    // Each URL is answered once, by sized or unknown.
    void probe(const QUrl &url);

Q_SIGNALS:
    void sized(const QUrl &url, qint64 bytes);
    void unknown(const QUrl &url, const QString &why);

private:
    QNetworkAccessManager *m_nam;
};

}  // namespace rbee::gui

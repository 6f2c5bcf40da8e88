// ModelTransfers: model files coming into the hive's folder, downloaded from a URL or copied from
// another hive (its /v1/hive/models/{name}/file, found through the queen's GET /v1/hives), each
// with ModelDownloader (resume from the .part, GGUF magic, SHA-256). Their progress for the report;
// ended transfers are kept for kEndedKeepMs.
#pragma once

#include "core/protocol/hivereport.h"
#include "core/protocol/modelpullrequest.h"

#include <QList>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <optional>

class QNetworkAccessManager;

namespace rbee::core {
class ModelDownloader;
}

namespace rbee::hive {

class ModelFolder;

class ModelTransfers : public QObject {
    Q_OBJECT
public:
    static constexpr qint64 kEndedKeepMs = 60000;
    static constexpr int kProgressReportMs = 1000;
    static constexpr int kQueenTimeoutMs = 10000;

    ModelTransfers(ModelFolder *folder, const QUrl &queenUrl, const QString &token, QObject *parent = nullptr);
    ~ModelTransfers() override;

    using Accepted = std::function<void(const std::optional<core::Error> &refusal)>;
    // Starts a transfer; `accepted` with no error once it runs (202), or with the refusal: 409 when
    // the model is there or on its way, 404 for an unknown hive or a model it does not have.
    void pull(const core::ModelPullRequest &request, Accepted accepted);
    QList<core::HiveTransfer> list() const;
    bool isRunning(const QString &model) const;

Q_SIGNALS:
    // A transfer started or ended, or (at most every kProgressReportMs) made progress.
    void changed();

private:
    struct Transfer {
        core::HiveTransfer info;
        core::ModelDownloader *downloader = nullptr;
        qint64 endedAtMs = 0;
    };

    void resolveHive(const core::ModelPullRequest &request, Accepted accepted);
    void begin(const core::ModelPullRequest &request, const QUrl &url, const QString &source, bool withToken,
               Accepted accepted);
    Transfer *find(const QString &model);
    void end(const QString &model, const std::optional<core::Error> &error);
    void prune();

    ModelFolder *m_folder;
    QUrl m_queenUrl;
    QString m_token;
    QNetworkAccessManager *m_network;
    QList<Transfer> m_transfers;
    QTimer m_progressTimer;
    bool m_progressPending = false;
};

}  // namespace rbee::hive

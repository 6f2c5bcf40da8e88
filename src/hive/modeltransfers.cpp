// Model files coming into the hive; see modeltransfers.h.
#include "modeltransfers.h"

#include "modelfolder.h"

#include "core/client/modeldownloader.h"
#include "core/json.h"
#include "core/logging.h"
#include "core/protocol/endpoints.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace rbee::hive {

using core::Error;
using core::ErrorCode;

ModelTransfers::ModelTransfers(ModelFolder *folder, const QUrl &queenUrl, const QString &token, QObject *parent)
    : QObject(parent)
    , m_folder(folder)
    , m_queenUrl(queenUrl)
    , m_token(token)
    , m_network(new QNetworkAccessManager(this))
{
    m_progressTimer.setInterval(kProgressReportMs);
    m_progressTimer.setSingleShot(true);
    connect(&m_progressTimer, &QTimer::timeout, this, [this] {
        if (m_progressPending) {
            m_progressPending = false;
            Q_EMIT changed();
        }
    });
    auto *pruning = new QTimer(this);
    pruning->setInterval(5000);
    connect(pruning, &QTimer::timeout, this, &ModelTransfers::prune);
    pruning->start();
}

ModelTransfers::~ModelTransfers()
{
    for (Transfer &t : m_transfers)
        if (t.downloader)
            t.downloader->cancel();  // the .part stays for a resume after a restart
}

ModelTransfers::Transfer *ModelTransfers::find(const QString &model)
{
    for (Transfer &t : m_transfers)
        if (t.info.model == model)
            return &t;
    return nullptr;
}

bool ModelTransfers::isRunning(const QString &model) const
{
    return std::any_of(m_transfers.begin(), m_transfers.end(), [&model](const Transfer &t) {
        return t.info.model == model && t.info.status == QLatin1String("running");
    });
}

QList<core::HiveTransfer> ModelTransfers::list() const
{
    QList<core::HiveTransfer> out;
    for (const Transfer &t : m_transfers)
        out.append(t.info);
    return out;
}

void ModelTransfers::pull(const core::ModelPullRequest &request, Accepted accepted)
{
    if (isRunning(request.model)) {
        accepted(Error{ErrorCode::Conflict,
                       QStringLiteral("model '%1' is being transferred already").arg(request.model),
                       QStringLiteral("model")});
        return;
    }
    if (QFileInfo::exists(m_folder->pathFor(request.model))) {
        accepted(Error{ErrorCode::Conflict,
                       QStringLiteral("model '%1' is in this hive's folder already (delete it first to replace it)")
                           .arg(request.model),
                       QStringLiteral("model")});
        return;
    }
    if (!request.url.isEmpty()) {
        begin(request, QUrl(request.url), request.url, false, std::move(accepted));
        return;
    }
    resolveHive(request, std::move(accepted));
}

void ModelTransfers::resolveHive(const core::ModelPullRequest &request, Accepted accepted)
{
    QUrl hivesUrl = m_queenUrl;
    QString base = hivesUrl.path();
    if (base.endsWith(u'/'))
        base.chop(1);
    hivesUrl.setPath(base + QLatin1String(core::Endpoint::kHives));
    QNetworkRequest get(hivesUrl);
    get.setTransferTimeout(kQueenTimeoutMs);
    if (!m_token.isEmpty())
        get.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    QNetworkReply *reply = m_network->get(get);
    connect(reply, &QNetworkReply::finished, this, [this, reply, request, accepted] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const auto body = core::parseJsonObject(reply->readAll());
        if (reply->error() != QNetworkReply::NoError || status != 200 || !body) {
            accepted(Error{
                ErrorCode::QueenUnreachable,
                QStringLiteral("cannot ask the queen where hive '%1' is: %2")
                    .arg(request.fromHive, status ? QStringLiteral("HTTP %1").arg(status) : reply->errorString())});
            return;
        }
        // The documented shape: {"hives":[{"name","url","online","models":[{"name"}...]}...]}.
        const QJsonArray hives = body->value(QLatin1String("hives")).toArray();
        for (const QJsonValue &value : hives) {
            const QJsonObject hive = value.toObject();
            if (hive.value(QLatin1String("name")).toString() != request.fromHive)
                continue;
            if (!hive.value(QLatin1String("online")).toBool(true)) {
                accepted(Error{ErrorCode::NotFound, QStringLiteral("hive '%1' is offline").arg(request.fromHive),
                               QStringLiteral("from_hive")});
                return;
            }
            bool has = false;
            for (const QJsonValue &m : hive.value(QLatin1String("models")).toArray())
                has = has || m.toObject().value(QLatin1String("name")).toString() == request.model;
            if (!has) {
                accepted(Error{ErrorCode::ModelNotFound,
                               QStringLiteral("hive '%1' has no model '%2'").arg(request.fromHive, request.model),
                               QStringLiteral("model")});
                return;
            }
            QUrl url(hive.value(QLatin1String("url")).toString());
            if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
                accepted(Error{ErrorCode::NotFound, QStringLiteral("hive '%1' has no usable url").arg(request.fromHive),
                               QStringLiteral("from_hive")});
                return;
            }
            QString path = url.path();
            if (path.endsWith(u'/'))
                path.chop(1);
            url.setPath(path + core::Endpoint::hiveModelFile(request.model));
            begin(request, url, QStringLiteral("hive:") + request.fromHive, true, accepted);
            return;
        }
        accepted(Error{ErrorCode::NotFound, QStringLiteral("the queen knows no hive '%1'").arg(request.fromHive),
                       QStringLiteral("from_hive")});
    });
}

void ModelTransfers::begin(const core::ModelPullRequest &request, const QUrl &url, const QString &source,
                           bool withToken, Accepted accepted)
{
    // Checked again: the model may have come, or another request for it, while the queen answered.
    if (isRunning(request.model) || QFileInfo::exists(m_folder->pathFor(request.model))) {
        accepted(Error{ErrorCode::Conflict,
                       QStringLiteral("model '%1' is in this hive or on its way").arg(request.model),
                       QStringLiteral("model")});
        return;
    }
    m_transfers.erase(std::remove_if(m_transfers.begin(), m_transfers.end(),
                                     [&request](const Transfer &t) { return t.info.model == request.model; }),
                      m_transfers.end());
    auto *downloader = new core::ModelDownloader(m_network, this);
    if (withToken)
        downloader->setBearerToken(m_token);
    downloader->setExpectedSha256(request.sha256);
    downloader->setTrustServerDigest(withToken);
    Transfer t;
    t.info.model = request.model;
    t.info.source = source;
    t.info.status = QStringLiteral("running");
    t.downloader = downloader;
    m_transfers.append(t);
    const QString model = request.model;
    connect(downloader, &core::ModelDownloader::progress, this, [this, model](qint64 received, qint64 total) {
        Transfer *t = find(model);
        if (!t)
            return;
        t->info.receivedBytes = received;
        t->info.totalBytes = total;
        m_progressPending = true;
        if (!m_progressTimer.isActive())
            m_progressTimer.start();
    });
    connect(downloader, &core::ModelDownloader::finished, this, [this, model, downloader] {
        m_folder->saveSha256(model, downloader->sha256());
        end(model, std::nullopt);
    });
    connect(downloader, &core::ModelDownloader::failed, this, [this, model](const Error &error) { end(model, error); });
    qCInfo(lcHive).noquote() << "fetching model" << model << "from" << url.toDisplayString(QUrl::RemoveQuery);
    downloader->start(url, m_folder->pathFor(model));
    accepted(std::nullopt);
    Q_EMIT changed();
}

void ModelTransfers::end(const QString &model, const std::optional<Error> &error)
{
    Transfer *t = find(model);
    if (!t)
        return;
    t->info.status = error ? QStringLiteral("failed") : QStringLiteral("done");
    t->info.error = error ? error->message : QString();
    t->endedAtMs = QDateTime::currentMSecsSinceEpoch();
    if (t->downloader) {
        t->downloader->deleteLater();
        t->downloader = nullptr;
    }
    if (error)
        qCWarning(lcHive).noquote() << "model" << model << "not fetched:" << error->message;
    m_folder->refresh();
    Q_EMIT changed();
}

void ModelTransfers::prune()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const auto old = std::remove_if(m_transfers.begin(), m_transfers.end(), [now](const Transfer &t) {
        return t.info.status != QLatin1String("running") && now - t.endedAtMs > kEndedKeepMs;
    });
    if (old == m_transfers.end())
        return;
    m_transfers.erase(old, m_transfers.end());
    Q_EMIT changed();
}

}  // namespace rbee::hive

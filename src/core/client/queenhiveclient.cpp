// Hive requests to a queen; see queenhiveclient.h.
#include "queenhiveclient.h"

#include "queenconnection.h"

#include "../http/clientrequest.h"
#include "../json.h"
#include "../protocol/endpoints.h"

#include <QPointer>

namespace rbee::core {

namespace {
// The queen's {"error":{"code","message"}} as an Error; anything else named by its HTTP status.
Error errorOfAnswer(const QUrl &queenUrl, int status, const QByteArray &body)
{
    const auto json = parseJsonObject(body);
    const QJsonObject e = json ? json->value(QStringLiteral("error")).toObject() : QJsonObject();
    const QString code = e.value(QStringLiteral("code")).toString();
    const QString message = e.value(QStringLiteral("message")).toString();
    if (!code.isEmpty() && !message.isEmpty())
        return Error{errorCodeFromName(code), message, e.value(QStringLiteral("field")).toString()};
    return Error{status == 401 ? ErrorCode::Unauthorized : ErrorCode::Internal,
                 QStringLiteral("the queen at %1 answered HTTP %2: %3")
                     .arg(queenUrl.toString(), QString::number(status), QString::fromUtf8(body).trimmed().left(200))};
}
}  // namespace

QueenHiveClient::QueenHiveClient(const QueenConnection *queen, QObject *parent) : QObject(parent), m_queen(queen) {}

QueenHiveClient::~QueenHiveClient() = default;  // requests are children: destroyed (aborted) with it

void QueenHiveClient::startWorker(const WorkerStartRequest &request, QObject *context, Done done)
{
    const QJsonObject body = request.toJson();
    send("POST", QLatin1String(Endpoint::kWorkers), &body, kStartTimeoutMs, context, std::move(done));
}

void QueenHiveClient::stopWorker(const QString &workerId, QObject *context, Done done)
{
    send("DELETE", Endpoint::worker(workerId), nullptr, kTimeoutMs, context, std::move(done));
}

void QueenHiveClient::pullModel(const QString &hive, const ModelPullRequest &request, QObject *context, Done done)
{
    const QJsonObject body = request.toJson();
    send("POST", Endpoint::hiveModelsOnQueen(hive), &body, kTimeoutMs, context, std::move(done));
}

void QueenHiveClient::send(const QByteArray &method, const QString &path, const QJsonObject *body, int timeoutMs,
                           QObject *context, Done done)
{
    const QUrl queenUrl = m_queen->workerQueenUrl();
    const QByteArray token = m_queen->token().toUtf8();
    QUrl url = queenUrl;
    QString base = url.path();
    if (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + path);
    ClientRequest *request = ClientRequest::create(nullptr, method, url, this);
    if (!token.isEmpty())
        request->setHeader("Authorization", "Bearer " + token);
    if (body)
        request->setBody(toCompactJson(*body));
    request->setConnectTimeout(qMin(timeoutMs, 5000));
    request->setHeadersTimeout(timeoutMs);
    const QPointer<QObject> guard(context);
    auto finish = [request, guard, done](const Result<QJsonObject> &answer) {
        request->disconnect();
        request->deleteLater();
        if (guard)
            done(answer);
    };
    connect(request, &ClientRequest::finished, this, [queenUrl, request, finish] {
        const int status = request->status();
        const QByteArray bytes = request->takeBody();
        if (status < 200 || status >= 300) {
            finish(errorOfAnswer(queenUrl, status, bytes));
            return;
        }
        auto json = bytes.trimmed().isEmpty() ? Result<QJsonObject>(QJsonObject()) : parseJsonObject(bytes);
        finish(json);
    });
    connect(request, &ClientRequest::failed, this, [queenUrl, finish](const QString &reason) {
        finish(Error{ErrorCode::QueenUnreachable,
                     QStringLiteral("the queen at %1 cannot be reached: %2").arg(queenUrl.toString(), reason)});
    });
    request->start();
}

}  // namespace rbee::core

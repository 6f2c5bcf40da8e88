// HTTP exchanges with one worker for one job; see workerjobclient.h.
#include "workerjobclient.h"

#include "../json.h"
#include "../logging.h"
#include "../protocol/endpoints.h"
#include "../protocol/jobaccepted.h"

namespace rbee::core {

namespace {
QString workerMessage(const QByteArray &body)
{
    const auto json = parseJsonObject(body);
    if (json) {
        const QString message =
            json->value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
        if (!message.isEmpty())
            return message;
    }
    return QString::fromUtf8(body).trimmed().left(200);
}

// An rbee worker answers with JSON: its job, or {"error":{"code":...}}. Anything else (an HTML
// 404 page, a plain text error, another server's JSON) is not the worker protocol.
bool isJsonResponse(const ClientRequest &reply)
{
    const QByteArray type = reply.responseHeader("content-type").split(';').first().trimmed().toLower();
    return type == "application/json";
}

bool isErrorBody(const QByteArray &body)
{
    const auto json = parseJsonObject(body);
    return json && json->value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).isString();
}

ErrorCode workerCode(const QByteArray &body, ErrorCode fallback)
{
    const auto json = parseJsonObject(body);
    if (!json)
        return fallback;
    const QString name = json->value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString();
    return name.isEmpty() ? fallback : errorCodeFromName(name);
}
}  // namespace

WorkerJobClient::WorkerJobClient(const QUrl &workerUrl, QNetworkAccessManager *nam, QObject *parent)
    : QObject(parent)
    , m_workerUrl(workerUrl)
    , m_nam(nam)
{}

WorkerJobClient::~WorkerJobClient()
{
    if (m_submit)
        m_submit->abort();
    if (m_stream)
        m_stream->abort();
}

QUrl WorkerJobClient::endpoint(const QString &path) const
{
    QUrl url = m_workerUrl;
    QString base = url.path();
    if (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + path);
    return url;
}

ClientRequest *WorkerJobClient::newRequest(const QByteArray &method, const QUrl &url, QObject *parent) const
{
    return m_requestFactory ? m_requestFactory(method, url, parent) : ClientRequest::create(m_nam, method, url, parent);
}

void WorkerJobClient::start(const InferenceRequest &request)
{
    m_submit = newRequest("POST", endpoint(QLatin1String(Endpoint::kInference)), this);
    m_submit->setBody(toCompactJson(request.toJson()));
    m_submit->setConnectTimeout(kConnectTimeoutMs);
    connect(m_submit, &ClientRequest::finished, this, &WorkerJobClient::onSubmitted);
    connect(m_submit, &ClientRequest::failed, this, [this](const QString &reason) {
        m_submit->deleteLater();
        if (!m_submit->connected())
            Q_EMIT outOfService(QStringLiteral("unreachable: %1").arg(reason));
        Q_EMIT refused(
            Error{ErrorCode::WorkerUnreachable, QStringLiteral("Failed to send request to worker: %1").arg(reason)},
            true);
    });
    m_submit->start();
}

void WorkerJobClient::onSubmitted()
{
    ClientRequest *reply = m_submit;
    reply->deleteLater();
    const int status = reply->status();
    const QByteArray body = reply->takeBody();
    const bool json = isJsonResponse(*reply);
    if (status == 404 || status == 405 || (status != 200 && (!json || !isErrorBody(body)))) {
        // Not an rbee worker at this url (another server, or none of its endpoints): out of
        // service, and the job goes to another worker.
        const QString reason =
            QStringLiteral("Worker returned error %1: %2").arg(status).arg(workerMessage(body)).left(300);
        Q_EMIT outOfService(QStringLiteral("not an rbee worker (%1)").arg(reason));
        Q_EMIT refused(Error{ErrorCode::WorkerError, reason}, true);
        return;
    }
    if (status != 200) {
        // 5xx and 503 (busy, loading, stopping) may go to another worker; a 4xx would fail there too.
        const bool retry = status >= 500;
        const ErrorCode code = workerCode(body, retry ? ErrorCode::WorkerError : ErrorCode::BadRequest);
        Q_EMIT refused(Error{code, QStringLiteral("Worker returned error %1: %2").arg(status).arg(workerMessage(body))},
                       retry);
        return;
    }
    const auto object =
        json ? parseJsonObject(body)
             : Result<QJsonObject>(Error{ErrorCode::WorkerError, QStringLiteral("the answer is not application/json")});
    const auto accepted = object ? JobAccepted::fromJson(object.value()) : Result<JobAccepted>(object.error());
    if (!accepted) {
        Q_EMIT outOfService(
            QStringLiteral("not an rbee worker (its answer to a job: %1)").arg(accepted.error().message));
        Q_EMIT refused(Error{ErrorCode::WorkerError,
                             QStringLiteral("Worker returned error %1: %2").arg(status).arg(accepted.error().message)},
                       true);
        return;
    }
    m_jobId = accepted->jobId;
    openStream(accepted->sseUrl);
}

void WorkerJobClient::openStream(const QString &path)
{
    m_stream = newRequest("GET", endpoint(path), this);
    m_stream->setHeader("Accept", "text/event-stream");
    connect(m_stream, &ClientRequest::headersReceived, this, [](int status) {
        if (status != 200)
            return;  // the body (an error) is read when it is complete
    });
    connect(m_stream, &ClientRequest::dataReceived, this, &WorkerJobClient::onStreamData);
    connect(m_stream, &ClientRequest::finished, this, [this] {
        m_stream->deleteLater();
        if (m_done || m_cancelled)
            return;
        if (m_stream->status() != 200) {
            onStreamFailed(
                QStringLiteral("HTTP %1: %2").arg(m_stream->status()).arg(workerMessage(m_stream->takeBody())));
            return;
        }
        onStreamFailed(QStringLiteral("the stream ended without [DONE]"));
    });
    connect(m_stream, &ClientRequest::failed, this, [this](const QString &reason) {
        m_stream->deleteLater();
        onStreamFailed(reason);
    });
    m_stream->start();
}

void WorkerJobClient::onStreamData()
{
    if (m_cancelled || m_done || m_stream->status() != 200)
        return;
    for (const SseEvent &event : m_parser.feed(m_stream->takeBody())) {
        if (event.isDone()) {
            m_done = true;  // the response's last chunk follows; then its connection is reused
            Q_EMIT finished();
            return;
        }
        ++m_streamedEvents;
        Q_EMIT eventReceived(event);
        if (m_cancelled)
            return;
    }
}

void WorkerJobClient::onStreamFailed(const QString &reason)
{
    if (m_done || m_cancelled)
        return;
    m_done = true;
    if (m_streamedEvents == 0) {
        Q_EMIT refused(
            Error{ErrorCode::WorkerUnreachable, QStringLiteral("Failed to connect to worker stream: %1").arg(reason)},
            true);
        return;
    }
    Q_EMIT lost(
        Error{ErrorCode::WorkerLost, QStringLiteral("Lost the worker's stream before it ended: %1").arg(reason)});
}

void WorkerJobClient::cancel()
{
    if (m_cancelled)
        return;
    m_cancelled = true;
    if (m_submit)
        m_submit->abort();
    if (m_stream)
        m_stream->abort();
    if (!m_jobId.isEmpty() && !m_done) {
        auto *del = newRequest("DELETE", endpoint(Endpoint::inferenceJob(m_jobId)), parent());
        connect(del, &ClientRequest::finished, del, &QObject::deleteLater);
        connect(del, &ClientRequest::failed, del, &QObject::deleteLater);
        del->setHeadersTimeout(5000);
        del->start();
    }
}

}  // namespace rbee::core

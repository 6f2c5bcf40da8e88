// One job on a queen's job API; see queenjobclient.h.
#include "queenjobclient.h"

#include "../json.h"
#include "../logging.h"
#include "../protocol/endpoints.h"
#include "../protocol/jobaccepted.h"
#include "../protocol/streamevents.h"

#include <QCoreApplication>

namespace rbee::core {

namespace {
// How long the queen has to answer a submission, a cancel, or open a stream's headers.
constexpr int kQueenHeadersTimeoutMs = 15000;
}  // namespace

QueenJobClient::QueenJobClient(const QUrl &queenUrl, const QString &token, JobSubmission submission,
                               QNetworkAccessManager *nam, QObject *parent)
    : JobStream(parent)
    , m_queenUrl(queenUrl)
    , m_token(token.toUtf8())
    , m_submission(std::move(submission))
    , m_nam(nam)
{}

QueenJobClient::~QueenJobClient()
{
    if (m_submit)
        m_submit->abort();
    if (m_stream)
        m_stream->abort();
}

QJsonObject QueenJobClient::submissionBody(const JobSubmission &submission)
{
    QJsonObject body = submission.request.toJson();
    body.insert(QStringLiteral("operation"), QStringLiteral("infer"));
    body.insert(QStringLiteral("model"), submission.model);
    if (!submission.workerId.isEmpty())
        body.insert(QStringLiteral("worker_id"), submission.workerId);
    return body;
}

QUrl QueenJobClient::endpoint(const QString &path) const
{
    QUrl url = m_queenUrl;
    QString base = url.path();
    if (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + path);
    return url;
}

ClientRequest *QueenJobClient::newRequest(const QByteArray &method, const QString &path, QObject *parent) const
{
    const QUrl url = endpoint(path);
    ClientRequest *request =
        m_requestFactory ? m_requestFactory(method, url, parent) : ClientRequest::create(m_nam, method, url, parent);
    if (!m_token.isEmpty())
        request->setHeader("Authorization", "Bearer " + m_token);
    request->setHeadersTimeout(kQueenHeadersTimeoutMs);
    return request;
}

Error QueenJobClient::errorOfAnswer(int status, const QByteArray &body) const
{
    const auto json = parseJsonObject(body);
    const QJsonObject e = json ? json->value(QStringLiteral("error")).toObject() : QJsonObject();
    const QString code = e.value(QStringLiteral("code")).toString();
    const QString message = e.value(QStringLiteral("message")).toString();
    if (!code.isEmpty() && !message.isEmpty())
        return Error{errorCodeFromName(code), message, e.value(QStringLiteral("field")).toString()};
    return Error{status == 401 ? ErrorCode::Unauthorized : ErrorCode::Internal,
                 QStringLiteral("the queen at %1 answered HTTP %2: %3")
                     .arg(m_queenUrl.toString(), QString::number(status), QString::fromUtf8(body).trimmed().left(200))};
}

void QueenJobClient::start()
{
    if (m_started)
        return;
    m_started = true;
    m_submit = newRequest("POST", QLatin1String(Endpoint::kJobs), this);
    m_submit->setBody(toCompactJson(submissionBody(m_submission)));
    connect(m_submit, &ClientRequest::finished, this, &QueenJobClient::onSubmitted);
    connect(m_submit, &ClientRequest::failed, this, [this](const QString &reason) {
        m_submit->deleteLater();
        fail(Error{ErrorCode::QueenUnreachable,
                   QStringLiteral("cannot reach the queen at %1: %2").arg(m_queenUrl.toString(), reason)});
    });
    m_submit->start();
}

void QueenJobClient::onSubmitted()
{
    ClientRequest *reply = m_submit;
    reply->deleteLater();
    const int status = reply->status();
    const QByteArray body = reply->takeBody();
    if (status != 200) {
        fail(errorOfAnswer(status, body));
        return;
    }
    const auto json = parseJsonObject(body);
    const auto accepted = json ? JobAccepted::fromJson(json.value()) : Result<JobAccepted>(json.error());
    if (!accepted) {
        fail(Error{ErrorCode::Internal, QStringLiteral("the queen at %1 answered the job with something else: %2")
                                            .arg(m_queenUrl.toString(), accepted.error().message)});
        return;
    }
    m_jobId = accepted->jobId;
    openStream(accepted->sseUrl);
    if (m_cancelRequested)
        sendCancel();
}

void QueenJobClient::openStream(const QString &path)
{
    m_stream = newRequest("GET", path, this);
    m_stream->setHeader("Accept", "text/event-stream");
    connect(m_stream, &ClientRequest::dataReceived, this, &QueenJobClient::onStreamData);
    connect(m_stream, &ClientRequest::finished, this, [this] {
        m_stream->deleteLater();
        if (m_ended)
            return;
        if (m_stream->status() != 200) {
            fail(errorOfAnswer(m_stream->status(), m_stream->takeBody()));
            return;
        }
        onStreamEnded(QStringLiteral("the stream ended without [DONE]"));
    });
    connect(m_stream, &ClientRequest::failed, this, [this](const QString &reason) {
        m_stream->deleteLater();
        onStreamEnded(reason);
    });
    m_stream->start();
}

void QueenJobClient::onStreamData()
{
    if (m_ended || m_stream->status() != 200)
        return;  // an error body is read whole when it has arrived
    const QPointer<QueenJobClient> alive(this);
    for (const SseEvent &event : m_parser.feed(m_stream->takeBody())) {
        if (event.isDone()) {
            m_ended = true;
            m_stream->abort();
            Q_EMIT ended();
            return;
        }
        Q_EMIT eventReceived(event);
        if (!alive || m_ended)
            return;
    }
}

void QueenJobClient::onStreamEnded(const QString &reason)
{
    if (m_ended)
        return;
    fail(Error{ErrorCode::QueenUnreachable,
               QStringLiteral("the job stream ended early: the queen at %1: %2").arg(m_queenUrl.toString(), reason)});
}

void QueenJobClient::fail(const Error &error)
{
    if (m_ended)
        return;
    m_ended = true;
    if (m_stream)
        m_stream->abort();
    qCInfo(lcClient).noquote() << "job" << (m_jobId.isEmpty() ? QStringLiteral("(not accepted)") : m_jobId)
                               << "failed:" << errorCodeName(error.code) << error.message;
    const QPointer<QueenJobClient> alive(this);
    Q_EMIT eventReceived(errorSseEvent(error));
    if (alive)
        Q_EMIT ended();
}

void QueenJobClient::cancel()
{
    if (m_ended || m_cancelRequested)
        return;
    m_cancelRequested = true;
    if (!m_jobId.isEmpty())
        sendCancel();
    // Otherwise onSubmitted() sends it once the queen has named the job. A submission that
    // fails ends the job with its error instead.
}

void QueenJobClient::sendCancel()
{
    if (m_cancelSent)
        return;
    m_cancelSent = true;
    // Not this client's child: the DELETE finishes even when the reader deletes this client right
    // away. The application's: one still under way when the program ends is deleted with it.
    ClientRequest *del = newRequest("DELETE", Endpoint::job(m_jobId), QCoreApplication::instance());
    connect(del, &ClientRequest::finished, del, &QObject::deleteLater);
    connect(del, &ClientRequest::failed, del, [del](const QString &reason) {
        qCInfo(lcClient).noquote() << "cancelling a job on the queen failed:" << reason;
        del->deleteLater();
    });
    del->start();
}

}  // namespace rbee::core

// One request to a hive; see hivecall.h.
#include "hivecall.h"

#include "../http/clientrequest.h"
#include "../json.h"

#include <QJsonDocument>

namespace rbee::core {

namespace {
QUrl joined(const QString &base, const QString &path)
{
    QUrl url(base);
    QString prefix = url.path();
    if (prefix.endsWith(u'/'))
        prefix.chop(1);
    url.setPath(prefix + path);
    return url;
}
}  // namespace

Error HiveAnswer::error() const
{
    if (!answered()) {
        return Error{ErrorCode::HiveUnreachable,
                     QStringLiteral("hive '%1' at %2 did not answer: %3").arg(hive, hiveUrl, failure)};
    }
    const QJsonObject e = json.value(QStringLiteral("error")).toObject();
    const QString message = e.value(QStringLiteral("message")).toString();
    if (message.isEmpty()) {
        return Error{status >= 500 ? ErrorCode::Internal : ErrorCode::BadRequest,
                     QStringLiteral("hive '%1' answered HTTP %2").arg(hive).arg(status)};
    }
    const QString code = e.value(QStringLiteral("code")).toString();
    return Error{errorCodeFromName(code), QStringLiteral("hive '%1': %2").arg(hive, message),
                 e.value(QStringLiteral("field")).toString()};
}

HiveCall::HiveCall(QObject *context, HiveAnswer answer, Done done)
    : QObject(context)
    , m_answer(std::move(answer))
    , m_done(std::move(done))
{}

void HiveCall::send(QObject *context, const QString &hive, const QString &hiveUrl, const QByteArray &method,
                    const QString &path, const QJsonObject &body, const QString &token, int answerTimeoutMs, Done done)
{
    HiveAnswer answer;
    answer.hive = hive;
    answer.hiveUrl = hiveUrl;
    auto *call = new HiveCall(context, answer, std::move(done));
    ClientRequest *request = ClientRequest::create(nullptr, method, joined(hiveUrl, path), call);
    request->setConnectTimeout(kConnectTimeoutMs);
    request->setHeadersTimeout(answerTimeoutMs);
    if (!token.isEmpty())
        request->setHeader("Authorization", "Bearer " + token.toUtf8());
    if (method == "POST")
        request->setBody(QJsonDocument(body).toJson(QJsonDocument::Compact));
    connect(request, &ClientRequest::dataReceived, call, [call, request] {
        call->m_answer.body += request->takeBody();
        if (call->m_answer.body.size() > kMaxAnswerBytes) {
            request->abort();
            call->m_answer.body.clear();
            call->m_answer.failure = QStringLiteral("its answer is larger than %1 bytes").arg(kMaxAnswerBytes);
            call->finish();
        }
    });
    connect(request, &ClientRequest::finished, call, [call, request] {
        call->m_answer.body += request->takeBody();
        call->m_answer.status = request->status();
        if (const auto json = parseJsonObject(call->m_answer.body))
            call->m_answer.json = json.value();
        call->finish();
    });
    connect(request, &ClientRequest::failed, call, [call](const QString &reason) {
        call->m_answer.failure = reason;
        call->finish();
    });
    request->start();
}

void HiveCall::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    deleteLater();
    m_done(m_answer);
}

}  // namespace rbee::core

// Implementation of the test HTTP helpers with QNetworkAccessManager and SseParser.
#include "testhttp.h"

#include "core/protocol/streamevents.h"
#include "core/sse/sseparser.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

namespace rbee::test {

QByteArray HttpResult::header(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

QString HttpResult::errorCode() const
{
    return json.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString();
}

QString HttpResult::errorField() const
{
    return json.value(QStringLiteral("error")).toObject().value(QStringLiteral("field")).toString();
}

HttpResult httpRequest(const QByteArray &method, const QUrl &url, const QByteArray &body,
                       const QList<QPair<QByteArray, QByteArray>> &headers, int timeoutMs)
{
    QNetworkAccessManager nam;
    QNetworkRequest request(url);
    request.setTransferTimeout(timeoutMs);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    for (const auto &h : headers)
        request.setRawHeader(h.first, h.second);
    auto *buffer = new QBuffer;
    buffer->setData(body);
    buffer->open(QIODevice::ReadOnly);
    QNetworkReply *reply = nam.sendCustomRequest(request, method, buffer);
    buffer->setParent(reply);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs + 1000, &loop, &QEventLoop::quit);
    loop.exec();
    HttpResult result;
    if (!reply->isFinished()) {
        result.error = QStringLiteral("timed out");
        reply->abort();
    }
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.headers = reply->rawHeaderPairs();
    if (result.status == 0)
        result.error = reply->errorString();
    result.json = QJsonDocument::fromJson(result.body).object();
    delete reply;
    return result;
}

HttpResult postJson(const QUrl &url, const QJsonObject &body, int timeoutMs)
{
    return httpRequest("POST", url, QJsonDocument(body).toJson(QJsonDocument::Compact), {}, timeoutMs);
}

QList<core::SseEvent> StreamResult::named(const QString &name) const
{
    QList<core::SseEvent> out;
    for (const auto &e : events) {
        if (e.event == name)
            out.append(e);
    }
    return out;
}

QString StreamResult::text() const
{
    QString out;
    for (const auto &e : named(QStringLiteral("token"))) {
        const auto token = core::TokenEvent::fromSse(e);
        if (token)
            out += token->text;
    }
    return out;
}

StreamResult readStream(const QUrl &url, int timeoutMs, const std::function<bool(const core::SseEvent &)> &stopAfter)
{
    QNetworkAccessManager nam;
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "text/event-stream");
    QNetworkReply *reply = nam.get(request);
    StreamResult result;
    core::SseParser parser;
    QEventLoop loop;
    bool stop = false;
    QObject::connect(reply, &QNetworkReply::readyRead, &loop, [&] {
        if (stop)
            return;
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        for (const auto &event : parser.feed(reply->readAll())) {
            if (event.isDone()) {
                result.done = true;
                stop = true;
                loop.quit();
                return;
            }
            result.events.append(event);
            if (stopAfter && stopAfter(event)) {
                stop = true;
                loop.quit();
                return;
            }
        }
    });
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, &loop, [&] {
        result.timedOut = true;
        loop.quit();
    });
    timer.start(timeoutMs);
    loop.exec();
    if (result.status == 0)
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() != QNetworkReply::NoError && !stop)
        result.error = reply->errorString();
    if (!reply->isFinished())
        reply->abort();  // closes the connection: the server sees the client leave
    delete reply;
    return result;
}

bool waitFor(const std::function<bool()> &predicate, int timeoutMs, int pollMs)
{
    QElapsedTimer timer;
    timer.start();
    while (true) {
        if (predicate())
            return true;
        if (timer.elapsed() > timeoutMs)
            return false;
        QEventLoop loop;
        QTimer::singleShot(pollMs, &loop, &QEventLoop::quit);
        loop.exec();
    }
}

}  // namespace rbee::test

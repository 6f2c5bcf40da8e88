// Test-side HTTP helpers: one request, or one SSE stream, over a real socket with a timeout.
// They spin a local event loop, which is fine in tests and never done in the product.
#pragma once

#include "core/sse/sseevent.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

#include <functional>

namespace rbee::test {

struct HttpResult {
    int status = 0;  // 0 = no HTTP answer (see error)
    QByteArray body;
    QJsonObject json;
    QList<QPair<QByteArray, QByteArray>> headers;
    QString error;

    QByteArray header(const QByteArray &name) const;
    QString errorCode() const;   // json.error.code
    QString errorField() const;  // json.error.field
};

HttpResult httpRequest(const QByteArray &method, const QUrl &url, const QByteArray &body = {},
                       const QList<QPair<QByteArray, QByteArray>> &headers = {}, int timeoutMs = 15000);
HttpResult postJson(const QUrl &url, const QJsonObject &body, int timeoutMs = 15000);

struct StreamResult {
    int status = 0;
    QList<core::SseEvent> events;  // without the [DONE] sentinel
    bool done = false;             // [DONE] seen
    bool timedOut = false;
    QString error;

    QList<core::SseEvent> named(const QString &name) const;
    QString text() const;  // concatenated token texts
};

// Reads an event stream until [DONE], the timeout, or until `stopAfter` returns true for an
// event, in which case the connection is closed right there (a client walking away).
StreamResult readStream(const QUrl &url, int timeoutMs = 30000,
                        const std::function<bool(const core::SseEvent &)> &stopAfter = {});

// Polls `predicate` on the event loop until it holds or the timeout passes.
bool waitFor(const std::function<bool()> &predicate, int timeoutMs, int pollMs = 20);

}  // namespace rbee::test

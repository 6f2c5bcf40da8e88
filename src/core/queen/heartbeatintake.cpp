// Heartbeat validation, takeover confirmation and registration; see heartbeatintake.h.
#include "heartbeatintake.h"

#include "queenmetrics.h"

#include "../http/clientrequest.h"
#include "../http/httpconnection.h"
#include "../json.h"
#include "../logging.h"
#include "../protocol/endpoints.h"
#include "../registry/workerregistry.h"

#include <QUrl>

#include <memory>

namespace rbee::core {

namespace {
QUrl healthUrl(const QString &workerUrl)
{
    QUrl url(workerUrl);
    QString base = url.path();
    if (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + QLatin1String(Endpoint::kHealth));
    return url;
}
}  // namespace

HeartbeatIntake::HeartbeatIntake(WorkerRegistry *registry, QueenMetrics *metrics, QObject *parent)
    : QObject(parent)
    , m_registry(registry)
    , m_metrics(metrics)
{}

void HeartbeatIntake::reject(const Error &error, const QString &reason, const HttpResponder &responder)
{
    m_metrics->heartbeatRejected(reason);
    responder.sendError(error);
}

void HeartbeatIntake::handle(const HttpRequest &request, const HttpResponder &responder)
{
    if (request.body.size() > Heartbeat::kMaxBodyBytes) {
        reject(Error{ErrorCode::PayloadTooLarge,
                     QStringLiteral("a heartbeat must be at most %1 bytes").arg(Heartbeat::kMaxBodyBytes)},
               QStringLiteral("payload_too_large"), responder);
        return;
    }
    const auto body = parseJsonObject(request.body);
    const auto hb = body ? Heartbeat::fromJson(body.value()) : Result<Heartbeat>(body.error());
    if (!hb) {
        // Metric labels only from a fixed set: the field is the sender's text when it is unknown.
        const QString &field = hb.error().field;
        const QString reason = field.isEmpty()                           ? QStringLiteral("malformed")
                               : Heartbeat::fieldNames().contains(field) ? QStringLiteral("invalid_") + field
                                                                         : QStringLiteral("invalid_other");
        reject(hb.error(), reason, responder);
        return;
    }
    noteUnknownFields(hb->workerId, Heartbeat::unknownFields(body.value()));
    if (m_registry->needsConfirmation(hb.value()))
        confirm(hb.value(), responder);
    else
        apply(hb.value(), false, responder);
}

void HeartbeatIntake::noteUnknownFields(const QString &workerId, const QStringList &fields)
{
    if (fields.isEmpty())
        return;
    const QString names = fields.join(QStringLiteral(", ")).left(kMaxLoggedUnknownFieldChars);
    if (m_loggedUnknownFields.contains(names) || m_loggedUnknownFields.size() >= kMaxLoggedUnknownFieldSets)
        return;
    m_loggedUnknownFields.insert(names);
    qCInfo(lcRegistry).noquote() << "heartbeats of" << workerId
                                 << "carry fields this queen does not know, ignored (a newer worker?):" << names;
}

void HeartbeatIntake::apply(const Heartbeat &heartbeat, bool confirmed, const HttpResponder &responder)
{
    if (const auto error = m_registry->applyHeartbeat(heartbeat, confirmed ? HeartbeatTrust::Confirmed
                                                                           : HeartbeatTrust::Unconfirmed)) {
        reject(*error, errorCodeName(error->code), responder);
        return;
    }
    m_metrics->heartbeatAccepted();
    responder.sendJson(200, {{QStringLiteral("ok"), true},
                             {QStringLiteral("heartbeat_interval_ms"), m_registry->heartbeatTimeoutMs() / 3},
                             {QStringLiteral("server_time_ms"), m_registry->clock().wallMs()}});
}

void HeartbeatIntake::confirm(const Heartbeat &heartbeat, const HttpResponder &responder)
{
    const Error busy{ErrorCode::Conflict,
                     QStringLiteral("worker '%1' at %2 conflicts with a live worker and its confirmation is "
                                    "already under way; send the heartbeat again later")
                         .arg(heartbeat.workerId, heartbeat.url)};
    if (m_confirming.contains(heartbeat.url) || m_confirming.size() >= kMaxConfirmations) {
        reject(busy, QStringLiteral("conflict"), responder);
        return;
    }
    m_confirming.insert(heartbeat.url);
    ClientRequest *probe = ClientRequest::create(nullptr, "GET", healthUrl(heartbeat.url), this);
    probe->setConnectTimeout(kConfirmTimeoutMs);
    probe->setHeadersTimeout(kConfirmTimeoutMs);
    auto done = [this, probe, heartbeat, responder](const QString &failure) {
        probe->deleteLater();
        m_confirming.remove(heartbeat.url);
        if (failure.isEmpty()) {
            qCInfo(lcRegistry) << "worker" << heartbeat.workerId << "confirmed at" << heartbeat.url;
            apply(heartbeat, true, responder);
            return;
        }
        qCInfo(lcRegistry).noquote() << "heartbeat of" << heartbeat.workerId << "at" << heartbeat.url
                                     << "refused:" << failure;
        reject(Error{ErrorCode::Conflict,
                     QStringLiteral("another live worker is registered at %1 or under id '%2', and %3/health did "
                                    "not confirm worker_id '%2': %4")
                         .arg(heartbeat.url, heartbeat.workerId, heartbeat.url, failure)},
               QStringLiteral("conflict"), responder);
    };
    // A worker's /health is a few hundred bytes; a longer answer is not one.
    auto body = std::make_shared<QByteArray>();
    connect(probe, &ClientRequest::dataReceived, this, [probe, body, done] {
        *body += probe->takeBody();
        if (body->size() > Heartbeat::kMaxBodyBytes) {
            probe->abort();
            done(QStringLiteral("its answer is too large"));
        }
    });
    connect(probe, &ClientRequest::finished, this, [probe, heartbeat, done, body] {
        *body += probe->takeBody();
        if (probe->status() != 200) {
            done(QStringLiteral("it answered HTTP %1").arg(probe->status()));
            return;
        }
        const auto json = parseJsonObject(*body);
        const QString id = json ? json->value(QStringLiteral("worker_id")).toString() : QString();
        if (id != heartbeat.workerId) {
            done(json ? QStringLiteral("it answered worker_id '%1'").arg(id.left(Heartbeat::kMaxNameChars))
                      : QStringLiteral("its answer is not JSON"));
            return;
        }
        done({});
    });
    connect(probe, &ClientRequest::failed, this, [done](const QString &reason) { done(reason); });
    probe->start();
}

}  // namespace rbee::core

// The queen's hive endpoints; see hiveapi.h.
#include "hiveapi.h"

#include "hivecall.h"
#include "workerlauncher.h"

#include "../http/httpconnection.h"
#include "../json.h"
#include "../logging.h"
#include "../protocol/endpoints.h"
#include "../protocol/hivereport.h"
#include "../protocol/modelpullrequest.h"
#include "../protocol/workerstartrequest.h"
#include "../registry/hiveregistry.h"
#include "../registry/workerregistry.h"
#include "../scheduler/placement.h"

#include <QJsonArray>

namespace rbee::core {

HiveApi::HiveApi(HiveRegistry *hives, WorkerRegistry *workers, const QString &token, QObject *parent)
    : QObject(parent)
    , m_hives(hives)
    , m_workers(workers)
    , m_token(token)
{}

void HiveApi::handleReport(const HttpRequest &request, const HttpResponder &responder)
{
    if (request.body.size() > HiveReport::kMaxBodyBytes) {
        responder.sendError(
            Error{ErrorCode::PayloadTooLarge,
                  QStringLiteral("a hive report must be at most %1 bytes").arg(HiveReport::kMaxBodyBytes)});
        return;
    }
    const auto body = parseJsonObject(request.body);
    const auto report = body ? HiveReport::fromJson(body.value()) : Result<HiveReport>(body.error());
    if (!report) {
        responder.sendError(report.error());
        return;
    }
    if (const auto error = m_hives->applyReport(report.value())) {
        responder.sendError(*error);
        return;
    }
    responder.sendJson(200, {{QStringLiteral("ok"), true},
                             {QStringLiteral("heartbeat_interval_ms"), m_hives->heartbeatTimeoutMs() / 3},
                             {QStringLiteral("server_time_ms"), m_hives->clock().wallMs()}});
}

QJsonObject HiveApi::hivesJson() const
{
    QJsonArray list;
    const qint64 now = m_hives->clock().nowMs();
    for (const HiveRecord &h : m_hives->hives())
        list.append(h.toJson(now));
    return {{QStringLiteral("hives"), list}, {QStringLiteral("heartbeat_timeout_ms"), m_hives->heartbeatTimeoutMs()}};
}

void HiveApi::handleStartWorker(const HttpRequest &request, const HttpResponder &responder)
{
    const auto body = parseJsonObject(request.body);
    const auto start =
        body ? WorkerStartRequest::fromJson(body.value(), true) : Result<WorkerStartRequest>(body.error());
    if (!start) {
        responder.sendError(start.error());
        return;
    }
    auto plan = Placement::plan(m_hives->hives(), start.value());
    if (!plan) {
        qCInfo(lcQueen).noquote() << "no place for a worker of" << start->model << ":" << plan.error().message;
        responder.sendError(plan.error());
        return;
    }
    auto *launcher = new WorkerLauncher(std::move(plan.value()), m_token, kStartTimeoutMs, responder, this);
    connect(launcher, &WorkerLauncher::started, this, &HiveApi::workerStarted);
    launcher->start();
}

void HiveApi::handleStopWorker(const HttpRequest &request, const HttpResponder &responder)
{
    const QString id = request.pathParam(QStringLiteral("id"));
    const HiveRecord *hive = m_hives->hiveOfWorker(id);
    if (!hive) {
        if (!m_workers->remove(id)) {
            responder.sendError(Error{ErrorCode::NotFound, QStringLiteral("no such worker: %1").arg(id)});
            return;
        }
        responder.sendJson(200, {{QStringLiteral("removed"), id}});
        return;
    }
    const QString hiveName = hive->name();
    HiveCall::send(
        this, hiveName, hive->last.url, "DELETE", Endpoint::hiveWorker(id), {}, m_token, kStopTimeoutMs,
        [this, id, hiveName, responder](const HiveAnswer &answer) {
            // 404: the hive no longer runs it (it exited meanwhile); nothing left to stop.
            if (!answer.succeeded() && answer.status != 404) {
                responder.sendError(answer.error());
                return;
            }
            m_workers->forget(id);
            qCInfo(lcQueen) << "worker" << id << "stopped by hive" << hiveName;
            responder.sendJson(200, {{QStringLiteral("removed"), id}, {QStringLiteral("stopped_by"), hiveName}});
        });
}

void HiveApi::handlePullModel(const HttpRequest &request, const HttpResponder &responder)
{
    const QString name = request.pathParam(QStringLiteral("name"));
    const auto body = parseJsonObject(request.body);
    const auto pull = body ? ModelPullRequest::fromJson(body.value()) : Result<ModelPullRequest>(body.error());
    if (!pull) {
        responder.sendError(pull.error());
        return;
    }
    const HiveRecord *target = m_hives->find(name);
    if (!target || !target->online) {
        responder.sendError(Error{ErrorCode::NotFound,
                                  target ? QStringLiteral("hive '%1' is offline (%2)").arg(name, target->offlineReason)
                                         : QStringLiteral("no such hive: %1").arg(name)});
        return;
    }
    if (!pull->fromHive.isEmpty()) {
        const HiveRecord *source = m_hives->find(pull->fromHive);
        if (!source || !source->online || !source->last.model(pull->model)) {
            QStringList having;
            for (const HiveRecord &h : m_hives->hives()) {
                if (h.online && h.last.model(pull->model))
                    having << h.name();
            }
            const QString why = !source ? QStringLiteral("there is no hive '%1'").arg(pull->fromHive)
                                : !source->online
                                    ? QStringLiteral("hive '%1' is offline").arg(pull->fromHive)
                                    : QStringLiteral("hive '%1' has no model '%2'").arg(pull->fromHive, pull->model);
            responder.sendError(
                Error{ErrorCode::ModelNotFound,
                      QStringLiteral("%1; online hives that have model '%2': %3")
                          .arg(why, pull->model,
                               having.isEmpty() ? QStringLiteral("none") : having.join(QStringLiteral(", "))),
                      QStringLiteral("from_hive")});
            return;
        }
    }
    HiveCall::send(this, name, target->last.url, "POST", QLatin1String(Endpoint::kHiveModels), pull->toJson(), m_token,
                   kPullTimeoutMs, [responder](const HiveAnswer &answer) {
                       if (answer.succeeded() && !answer.json.isEmpty())
                           responder.sendJson(answer.status, answer.json);
                       else
                           responder.sendError(answer.error());
                   });
}

}  // namespace rbee::core

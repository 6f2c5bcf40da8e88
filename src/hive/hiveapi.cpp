// The hive's HTTP API; see hiveapi.h.
#include "hiveapi.h"

#include "hiveworkers.h"
#include "managedworker.h"
#include "modelfilesender.h"
#include "modelfolder.h"
#include "modeltransfers.h"

#include "core/http/httpserver.h"
#include "core/http/requestguards.h"
#include "core/json.h"
#include "core/protocol/endpoints.h"
#include "core/protocol/modelpullrequest.h"
#include "core/protocol/workerstartrequest.h"

namespace rbee::hive {

using namespace rbee::core;

namespace {
// Every byte compared whatever the first difference: the time taken tells nothing of the token.
bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    const qsizetype n = std::min(a.size(), b.size());
    for (qsizetype i = 0; i < n; ++i)
        diff |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    return diff == 0;
}
const QLatin1String kModelsPrefix("/v1/hive/models/");
}  // namespace

HiveApi::HiveApi(HttpServer *server, const QString &token, ReportFn report, HiveWorkers *workers, ModelFolder *folder,
                 ModelTransfers *transfers, QObject *parent)
    : QObject(parent)
    , m_server(server)
    , m_token(token)
    , m_report(std::move(report))
    , m_workers(workers)
    , m_folder(folder)
    , m_transfers(transfers)
{
    routes();
}

std::optional<QString> HiveApi::modelNameInPath(const QString &path)
{
    if (!path.startsWith(kModelsPrefix))
        return std::nullopt;
    QString rest = path.mid(kModelsPrefix.size());
    if (rest.endsWith(QLatin1String("/file")))
        rest.chop(5);
    return rest;
}

std::optional<HttpResponse> HiveApi::filter(const HttpRequest &r) const
{
    if (!m_token.isEmpty() && r.path != QLatin1String(Endpoint::kHealth)
        && !constantTimeEquals(r.header("authorization"), "Bearer " + m_token.toUtf8())) {
        return HttpResponse::error(Error{ErrorCode::Unauthorized,
                                         QStringLiteral("missing or wrong bearer token (Authorization: Bearer ...)")});
    }
    std::optional<Error> refusal = crossSiteError(r);
    if (!refusal && r.method == "POST")
        refusal = mediaTypeError(r);
    // The path arrives decoded: "a%2Fb" is "a/b" here, and is refused as a name, not routed.
    if (const auto name = modelNameInPath(r.path); !refusal && name)
        refusal = HiveModel::validateName(*name, QStringLiteral("name"));
    if (refusal)
        return HttpResponse::error(*refusal);
    return std::nullopt;
}

void HiveApi::routes()
{
    m_server->setFilter([this](const HttpRequest &r) { return filter(r); });
    m_server->route("GET", QLatin1String(Endpoint::kHealth), [](HttpRequest, HttpResponder s) {
        s.sendJson(200, {{QStringLiteral("status"), QStringLiteral("ok")},
                         {QStringLiteral("version"), QStringLiteral(RBEE_VERSION)}});
    });
    m_server->route("GET", QLatin1String(Endpoint::kHive),
                    [this](HttpRequest, HttpResponder s) { s.sendJson(200, m_report().toJson()); });
    m_server->route("POST", QLatin1String(Endpoint::kHiveWorkers),
                    [this](HttpRequest r, HttpResponder s) { onStartWorker(r, s); });
    m_server->route("DELETE", QLatin1String(Endpoint::kHiveWorker), [this](HttpRequest r, HttpResponder s) {
        const auto stopped = m_workers->stop(r.pathParam(QStringLiteral("id")));
        if (!stopped) {
            s.sendError(stopped.error());
            return;
        }
        s.sendJson(200,
                   {{QStringLiteral("worker_id"), stopped->workerId}, {QStringLiteral("status"), stopped->status}});
    });
    m_server->route("GET", QLatin1String(Endpoint::kHiveWorkerLog), [this](HttpRequest r, HttpResponder s) {
        const QString id = r.pathParam(QStringLiteral("id"));
        const ManagedWorker *worker = m_workers->find(id);
        if (!worker) {
            s.sendError(Error{ErrorCode::NotFound, QStringLiteral("no worker '%1' on this hive").arg(id)});
            return;
        }
        HttpResponse response;
        response.withHeader("Content-Type", "text/plain; charset=utf-8");
        response.body = worker->log();
        s.send(response);
    });
    m_server->route("GET", QLatin1String(Endpoint::kHiveModelFile),
                    [this](HttpRequest r, HttpResponder s) { onModelFile(r, s); });
    m_server->route("POST", QLatin1String(Endpoint::kHiveModels),
                    [this](HttpRequest r, HttpResponder s) { onPullModel(r, s); });
    m_server->route("DELETE", QLatin1String(Endpoint::kHiveModel),
                    [this](HttpRequest r, HttpResponder s) { onDeleteModel(r, s); });
}

void HiveApi::onStartWorker(const HttpRequest &request, const HttpResponder &responder)
{
    const auto body = parseJsonObject(request.body);
    if (!body) {
        responder.sendError(body.error());
        return;
    }
    const auto start = WorkerStartRequest::fromJson(body.value(), false);
    if (!start) {
        responder.sendError(start.error());
        return;
    }
    const auto path = m_folder->resolve(start->model);
    if (!path) {
        responder.sendError(path.error());
        return;
    }
    m_workers->start(start.value(), path.value(), [responder](const Result<WorkerStarted> &started) {
        if (!started) {
            responder.sendError(started.error());
            return;
        }
        responder.sendJson(201, started->toJson());
    });
}

void HiveApi::onPullModel(const HttpRequest &request, const HttpResponder &responder)
{
    const auto body = parseJsonObject(request.body);
    if (!body) {
        responder.sendError(body.error());
        return;
    }
    const auto pull = ModelPullRequest::fromJson(body.value());
    if (!pull) {
        responder.sendError(pull.error());
        return;
    }
    const QString model = pull->model;
    m_transfers->pull(pull.value(), [responder, model](const std::optional<Error> &refusal) {
        if (refusal) {
            responder.sendError(*refusal);
            return;
        }
        responder.sendJson(202,
                           {{QStringLiteral("model"), model}, {QStringLiteral("status"), QStringLiteral("running")}});
    });
}

void HiveApi::onDeleteModel(const HttpRequest &request, const HttpResponder &responder)
{
    const QString name = request.pathParam(QStringLiteral("name"));
    if (m_workers->runsModel(name)) {
        responder.sendError(Error{ErrorCode::Conflict,
                                  QStringLiteral("a worker of this hive runs model '%1'; stop it first").arg(name),
                                  QStringLiteral("name")});
        return;
    }
    if (m_transfers->isRunning(name)) {
        responder.sendError(Error{ErrorCode::Conflict, QStringLiteral("model '%1' is being transferred").arg(name),
                                  QStringLiteral("name")});
        return;
    }
    if (const auto error = m_folder->remove(name)) {
        responder.sendError(*error);
        return;
    }
    responder.sendJson(200, {{QStringLiteral("removed"), name}});
}

void HiveApi::onModelFile(const HttpRequest &request, const HttpResponder &responder)
{
    const QString name = request.pathParam(QStringLiteral("name"));
    const auto path = m_folder->resolve(name, QStringLiteral("name"));
    if (!path) {
        responder.sendError(path.error());
        return;
    }
    const HiveModel *model = m_folder->model(name);
    ModelFileSender::send(path.value(), model ? model->sha256 : QString(), request, responder);
}

}  // namespace rbee::hive

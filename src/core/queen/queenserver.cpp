// Routes of the queen; see queenserver.h.
#include "queenserver.h"

#include "heartbeatintake.h"
#include "hiveapi.h"
#include "jobreader.h"
#include "openaiapi.h"
#include "registryeventstream.h"

#include "../http/requestguards.h"
#include "../json.h"
#include "../logging.h"
#include "../protocol/endpoints.h"
#include "../protocol/heartbeat.h"
#include "../protocol/jobaccepted.h"
#include "../protocol/registryevents.h"

#include <QJsonArray>
#include <QTimer>

namespace rbee::core {

namespace {
// Compares without an early exit, so the time taken says nothing about the token.
bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    const qsizetype n = qMax(a.size(), b.size());
    for (qsizetype i = 0; i < n; ++i) {
        const char x = i < a.size() ? a.at(i) : 0;
        const char y = i < b.size() ? b.at(i) : 0;
        diff |= static_cast<unsigned char>(x ^ y);
    }
    return diff == 0;
}

const QStringList kOperations{QStringLiteral("infer"), QStringLiteral("status")};
}  // namespace

QueenServer::QueenServer(const QueenOptions &options, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_http(new HttpServer(this))
    , m_registry(new WorkerRegistry(clock, this))
    , m_hives(new HiveRegistry(clock, this))
    , m_jobs(new JobManager(m_registry, &m_metrics, options.jobs, this))
    , m_openai(nullptr)
    , m_heartbeats(new HeartbeatIntake(m_registry, &m_metrics, this))
    , m_hiveApi(new HiveApi(m_hives, m_registry, options.token, this))
    , m_events(new RegistryEventStream(
          m_registry, [this] { return workersJson(); }, options.eventsKeepAliveMs, this))
{
    // Every worker keeps a connection open for its heartbeats: room for thousands of them.
    HttpLimits limits = m_http->limits();
    limits.maxConnections = kMaxConnections;
    m_http->setLimits(limits);
    m_registry->setHeartbeatTimeoutMs(options.heartbeatTimeoutMs);
    m_registry->setMaxWorkers(options.maxWorkers);
    m_registry->startSweeping();
    m_hives->setHeartbeatTimeoutMs(options.heartbeatTimeoutMs);
    m_hives->startSweeping();
    m_events->followHives(m_hives, [this] { return m_hiveApi->hivesJson(); });
    m_openai = new OpenAiApi(this, this);
    routes();
}

QueenServer::~QueenServer() = default;

bool QueenServer::listen()
{
    return m_http->listen(QHostAddress(m_options.host), m_options.port);
}

std::optional<HttpResponse> QueenServer::filter(const HttpRequest &r)
{
    auto refuse = [&r](const Error &error) {
        return OpenAiApi::isOpenAiPath(r.path) ? OpenAiApi::errorResponse(error) : HttpResponse::error(error);
    };
    const bool heartbeat = r.path == QLatin1String(Endpoint::kWorkerHeartbeat);
    const QByteArray expected = "Bearer " + m_options.token.toUtf8();
    if (!m_options.token.isEmpty() && r.path != QLatin1String(Endpoint::kHealth)
        && !constantTimeEquals(r.header("authorization"), expected)) {
        if (heartbeat)
            m_metrics.heartbeatRejected(QStringLiteral("unauthorized"));
        return refuse(Error{ErrorCode::Unauthorized,
                            QStringLiteral("missing or wrong bearer token (Authorization: Bearer ...)")});
    }
    std::optional<Error> refusal = crossSiteError(r);
    if (!refusal && r.method == "POST")
        refusal = mediaTypeError(r);
    if (refusal) {
        if (heartbeat)
            m_metrics.heartbeatRejected(errorCodeName(refusal->code));
        return refuse(*refusal);
    }
    return std::nullopt;
}

void QueenServer::routes()
{
    m_http->setFilter([this](const HttpRequest &r) { return filter(r); });
    m_http->route("POST", QLatin1String(Endpoint::kWorkerHeartbeat),
                  [this](HttpRequest r, HttpResponder s) { m_heartbeats->handle(r, s); });
    m_http->route("GET", QLatin1String(Endpoint::kWorkers),
                  [this](HttpRequest, HttpResponder s) { s.sendJson(200, workersJson()); });
    m_http->route("GET", QLatin1String(Endpoint::kEvents), [this](HttpRequest, HttpResponder s) { m_events->open(s); });
    m_http->route("POST", QLatin1String(Endpoint::kWorkers),
                  [this](HttpRequest r, HttpResponder s) { m_hiveApi->handleStartWorker(r, s); });
    m_http->route("DELETE", QLatin1String(Endpoint::kWorker),
                  [this](HttpRequest r, HttpResponder s) { m_hiveApi->handleStopWorker(r, s); });
    m_http->route("POST", QLatin1String(Endpoint::kHiveHeartbeat),
                  [this](HttpRequest r, HttpResponder s) { m_hiveApi->handleReport(r, s); });
    m_http->route("GET", QLatin1String(Endpoint::kHives),
                  [this](HttpRequest, HttpResponder s) { s.sendJson(200, m_hiveApi->hivesJson()); });
    m_http->route("POST", QLatin1String(Endpoint::kHiveModelsOnQueen),
                  [this](HttpRequest r, HttpResponder s) { m_hiveApi->handlePullModel(r, s); });
    m_http->route("POST", QLatin1String(Endpoint::kJobs),
                  [this](HttpRequest r, HttpResponder s) { onSubmitJob(r, s); });
    m_http->route("GET", QLatin1String(Endpoint::kJobStream),
                  [this](HttpRequest r, HttpResponder s) { onJobStream(r, s); });
    m_http->route("DELETE", QLatin1String(Endpoint::kJob),
                  [this](HttpRequest r, HttpResponder s) { onCancelJob(r, s); });
    m_http->route("GET", QLatin1String(Endpoint::kHealth), [this](HttpRequest, HttpResponder s) {
        s.sendJson(200, {{QStringLiteral("status"), QStringLiteral("ok")},
                         {QStringLiteral("workers_online"), m_registry->onlineCount()},
                         {QStringLiteral("workers_total"), m_registry->count()},
                         {QStringLiteral("jobs_running"), m_jobs->runningJobs()},
                         {QStringLiteral("queue_depth"), m_jobs->queueDepth()},
                         {QStringLiteral("version"), QStringLiteral(RBEE_VERSION)}});
    });
    m_http->route("GET", QLatin1String(Endpoint::kMetrics), [this](HttpRequest, HttpResponder s) {
        HttpResponse r;
        r.withHeader("Content-Type", "text/plain; version=0.0.4");
        r.body = m_metrics.render(*m_registry, m_jobs->queueDepth(), m_jobs->runningJobs(), m_hives);
        s.send(r);
    });
}

QJsonObject QueenServer::workersJson() const
{
    QJsonArray list;
    const qint64 now = m_registry->clock().nowMs();
    for (const auto &w : m_registry->workers())
        list.append(w.toJson(now));
    return {{QStringLiteral("workers"), list},
            {QStringLiteral("heartbeat_timeout_ms"), m_registry->heartbeatTimeoutMs()}};
}

void QueenServer::onSubmitJob(const HttpRequest &request, const HttpResponder &responder)
{
    const auto body = parseJsonObject(request.body);
    if (!body) {
        responder.sendError(body.error());
        return;
    }
    JsonObjectReader reader(body.value());
    QString operation;
    reader.string("operation", operation, true, false);
    if (reader.ok() && !kOperations.contains(operation)) {
        reader.fail(QStringLiteral("operation"), QStringLiteral("unknown operation '%1'; known operations: %2")
                                                     .arg(operation, kOperations.join(QStringLiteral(", "))));
    }
    if (reader.ok() && operation == QLatin1String("status")) {
        reader.rejectUnknown({QStringLiteral("operation")});
        if (reader.ok()) {
            responder.sendJson(200, workersJson());
            return;
        }
    }
    QString model;
    QString workerId;
    InferenceRequest inference;
    if (reader.ok()) {
        reader.string("model", model, true, false);
        reader.string("worker_id", workerId, false, false);
        reader.rejectUnknown(InferenceRequest::fieldNames()
                             << QStringLiteral("operation") << QStringLiteral("model") << QStringLiteral("worker_id"));
        InferenceRequest::read(reader, inference, SamplingParams::kMaxContextTokens);
    }
    if (!reader.ok()) {
        responder.sendError(reader.error());
        return;
    }
    const auto job = m_jobs->submit(model, inference, workerId);
    if (!job) {
        responder.sendError(job.error());
        return;
    }
    QueenJob *j = job.value();
    QTimer::singleShot(m_options.unclaimedJobTimeoutMs, j, [j] {
        if (!j->claimed()) {
            qCInfo(lcQueen) << "job" << j->id() << "was never streamed; cancelling it";
            j->cancel();
        }
    });
    responder.sendJson(200, JobAccepted{j->id(), Endpoint::jobStream(j->id())}.toJson());
}

void QueenServer::onJobStream(const HttpRequest &request, const HttpResponder &responder)
{
    const QString id = request.pathParam(QStringLiteral("id"));
    QueenJob *job = m_jobs->job(id);
    if (!job) {
        responder.sendError(Error{ErrorCode::NotFound, QStringLiteral("no such job: %1").arg(id)});
        return;
    }
    if (job->claimed()) {
        responder.sendError(Error{ErrorCode::Conflict, QStringLiteral("the stream of job %1 is already open").arg(id)});
        return;
    }
    streamJob(job, responder);
}

void QueenServer::onCancelJob(const HttpRequest &request, const HttpResponder &responder)
{
    const QString id = request.pathParam(QStringLiteral("id"));
    QueenJob *job = m_jobs->job(id);
    if (!job) {
        responder.sendError(Error{ErrorCode::NotFound, QStringLiteral("no such job: %1").arg(id)});
        return;
    }
    const bool finished = job->isFinished();
    job->cancel();
    responder.sendJson(
        200, {{QStringLiteral("job_id"), id},
              {QStringLiteral("status"), finished ? QStringLiteral("finished") : QStringLiteral("cancelling")}});
}

void QueenServer::streamJob(QueenJob *job, const HttpResponder &responder)
{
    auto *reader = new JobReader(job, m_jobs, this);
    responder.beginEventStream();
    connect(reader, &JobReader::eventReceived, this, [responder](const SseEvent &e) { responder.sendEvent(e); });
    connect(reader, &JobReader::ended, this, [responder, reader] {
        responder.sendEvent(SseEvent::done());
        responder.endEventStream();
        reader->deleteLater();
    });
    reader->bindTo(responder);
    reader->start();
}

}  // namespace rbee::core

// Routes and the job table of the worker; see workerapi.h.
#include "workerapi.h"

#include "core/http/requestguards.h"
#include "core/json.h"
#include "core/logging.h"
#include "core/protocol/endpoints.h"
#include "core/protocol/jobaccepted.h"
#include "core/protocol/streamevents.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QUuid>

#include <cmath>

namespace rbee::worker {

using namespace rbee::core;

struct WorkerApi::Job {
    enum class State { Queued, Running, Finished };
    QString id;
    State state = State::Queued;
    QByteArray pending;  // serialised events not yet sent
    HttpResponder stream;
    bool streamOpened = false;
    bool cancelRequested = false;
    bool expired = false;  // never claimed in time: dropped as soon as it ends
    QTimer unclaimed;
    QElapsedTimer running;  // from its start in a slot
};

WorkerApi::WorkerApi(const WorkerOptions &options, InferenceEngine *engine, HttpServer *server, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_engine(engine)
{
    server->route("POST", QLatin1String(core::Endpoint::kInference),
                  [this](HttpRequest r, HttpResponder s) { submit(r, s); });
    server->route("GET", QLatin1String(core::Endpoint::kInferenceStream),
                  [this](HttpRequest r, HttpResponder s) { openStream(r, s); });
    server->route("DELETE", QLatin1String(core::Endpoint::kInferenceJob),
                  [this](HttpRequest r, HttpResponder s) { cancelJob(r, s); });
    server->route("GET", QLatin1String(core::Endpoint::kHealth),
                  [this](HttpRequest, HttpResponder s) { s.sendJson(200, health().toJson()); });

    connect(engine, &InferenceEngine::loaded, this, [this] {
        m_loaded = true;
        refreshStatus();
    });
    connect(engine, &InferenceEngine::jobStarted, this, &WorkerApi::onStarted);
    connect(engine, &InferenceEngine::tokenGenerated, this, [this](const QString &id, const QString &text, int index) {
        if (auto job = m_jobs.value(id))
            deliver(*job, TokenEvent{text, index}.toSse().serialize());
    });
    connect(engine, &InferenceEngine::jobFinished, this, [this](const QString &id, const EndEvent &end) {
        const auto job = m_jobs.value(id);
        if (job && job->running.isValid() && end.stopReason != StopReason::Cancelled)
            m_retryAfter.jobFinished(job->running.elapsed());
        complete(id, end.toSse().serialize() + SseEvent::done().serialize());
    });
    connect(engine, &InferenceEngine::jobFailed, this, [this](const QString &id, const Error &error) {
        complete(id, errorSseEvent(error).serialize() + SseEvent::done().serialize());
    });
}

WorkerApi::~WorkerApi() = default;

int WorkerApi::unfinishedJobs() const
{
    int n = 0;
    for (const auto &job : m_jobs)
        n += job->state != Job::State::Finished;
    return n;
}

void WorkerApi::setDevice(const ComputeDevice &device, const GpuLayerPlan &plan)
{
    m_device = device;
    m_plan = plan;
}

WorkerHealth WorkerApi::health() const
{
    WorkerHealth h;
    h.status = status();
    h.model = m_options.modelName;
    h.slotsTotal = m_options.slots;
    h.workerId = m_workerId;
    h.promptTokensCached = qint64(m_engine->promptTokensCached());
    h.promptTokensDecoded = qint64(m_engine->promptTokensDecoded());
    ComputeDevice device = m_device;
    ComputeDevices::refreshMemory(device);
    h.device.name = device.name;
    h.device.description = device.description;
    h.device.backend = device.backend;
    h.device.memoryTotalBytes = device.memoryTotalBytes;
    h.device.memoryFreeBytes = device.memoryFreeBytes;
    h.device.gpuLayers = m_plan.gpuLayers;
    h.device.modelLayers = m_plan.modelLayers;
    for (const auto &job : m_jobs) {
        h.slotsBusy += job->state == Job::State::Running;
        h.queueDepth += job->state == Job::State::Queued;
    }
    return h;
}

WorkerStatus WorkerApi::status() const
{
    if (m_stopping)
        return WorkerStatus::Stopping;
    if (!m_loaded)
        return WorkerStatus::Loading;
    int running = 0;
    for (const auto &job : m_jobs)
        running += job->state == Job::State::Running;
    return running >= m_options.slots ? WorkerStatus::Busy : WorkerStatus::Ready;
}

void WorkerApi::refreshStatus()
{
    const WorkerStatus now = status();
    if (now != m_lastStatus) {
        m_lastStatus = now;
        Q_EMIT statusChanged(now);
    }
}

void WorkerApi::setStopping(int graceMs)
{
    m_stopping = true;
    m_stoppingDeadline.setRemainingTime(graceMs);
    refreshStatus();
    emitIfDrained();
}

void WorkerApi::endGracePeriod()
{
    m_graceOver = true;
    emitIfDrained();
}

void WorkerApi::emitIfDrained()
{
    if (m_stopping && (m_graceOver ? unfinishedJobs() == 0 : m_jobs.isEmpty()))
        Q_EMIT jobsDrained();
}

void WorkerApi::submit(const HttpRequest &request, const HttpResponder &responder)
{
    // The queen's rules for POST bodies: no cross-site request, JSON declared as such.
    if (const auto refusal = crossSiteError(request) ? crossSiteError(request) : mediaTypeError(request)) {
        responder.sendError(*refusal);
        return;
    }
    if (m_stopping) {
        // Try again once the grace period is over (by then another worker, or this one restarted).
        Error error{ErrorCode::WorkerStopping, QStringLiteral("the worker is shutting down")};
        error.retryAfterS = int(std::ceil(double(m_stoppingDeadline.remainingTime()) / 1000.0));
        responder.sendError(error);
        return;
    }
    if (!m_loaded) {
        responder.sendError(Error{ErrorCode::WorkerLoading, QStringLiteral("the model is still loading")});
        return;
    }
    const auto body = parseJsonObject(request.body);
    if (!body) {
        responder.sendError(body.error());
        return;
    }
    const auto parsed = InferenceRequest::fromJson(body.value(), m_options.ctx);
    if (!parsed) {
        responder.sendError(parsed.error());
        return;
    }
    const int capacity = m_options.slots + m_options.queue;
    if (unfinishedJobs() >= capacity) {
        Error error{ErrorCode::WorkerBusy,
                    QStringLiteral("all %1 slots are busy and the queue of %2 is full; retry later")
                        .arg(m_options.slots)
                        .arg(m_options.queue)};
        // The waiting jobs go first, then this one: their expected time through the slots.
        error.retryAfterS = m_retryAfter.seconds(health().queueDepth + 1, m_options.slots);
        responder.sendError(error);
        return;
    }
    const InferenceRequest &req = parsed.value();
    const auto model = m_engine->model();
    QString text = req.prompt;
    if (req.isChat()) {
        const auto formatted = model->applyChatTemplate(req.messages);
        if (!formatted) {
            responder.sendError(formatted.error());
            return;
        }
        text = formatted.value();
    }
    EngineJob job;
    job.submittedAt = std::chrono::steady_clock::now();
    job.prompt = model->tokenize(text);
    const QString field = req.isChat() ? QStringLiteral("messages") : QStringLiteral("prompt");
    if (job.prompt.empty()) {
        responder.sendError(Error::badField(field, QStringLiteral("the prompt has no tokens")));
        return;
    }
    if (static_cast<qint64>(job.prompt.size()) >= m_options.ctx) {
        responder.sendError(Error::badField(
            field, QStringLiteral("the prompt is %1 tokens but the context holds %2 per job; shorten it or raise --ctx")
                       .arg(job.prompt.size())
                       .arg(m_options.ctx)));
        return;
    }
    job.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    job.sampling = req.sampling;
    job.cachePrompt = req.cachePrompt;

    auto entry = std::make_shared<Job>();
    entry->id = job.id;
    entry->unclaimed.setSingleShot(true);
    entry->unclaimed.setInterval(m_options.unclaimedJobTimeoutMs);
    connect(&entry->unclaimed, &QTimer::timeout, this, [this, id = job.id] {
        auto j = m_jobs.value(id);
        if (!j || j->streamOpened)
            return;
        qCInfo(lcWorkerApi) << "job" << id << "was never streamed; cancelling it";
        if (j->state == Job::State::Finished) {
            removeJob(id);
            emitIfDrained();
        } else {
            j->expired = true;
            if (!j->cancelRequested)
                m_engine->cancel(id);
            j->cancelRequested = true;
        }
    });
    entry->unclaimed.start();
    m_jobs.insert(job.id, entry);
    const QString id = job.id;
    m_engine->submit(std::move(job));
    refreshStatus();
    responder.sendJson(200, JobAccepted{id, core::Endpoint::inferenceStream(id)}.toJson());
}

void WorkerApi::openStream(const HttpRequest &request, const HttpResponder &responder)
{
    const QString id = request.pathParam(QStringLiteral("job_id"));
    auto job = m_jobs.value(id);
    if (!job) {
        responder.sendError(Error{ErrorCode::NotFound, QStringLiteral("no such job: %1").arg(id)});
        return;
    }
    if (job->streamOpened) {
        responder.sendError(Error{ErrorCode::Conflict, QStringLiteral("the stream of job %1 is already open").arg(id)});
        return;
    }
    job->streamOpened = true;
    job->unclaimed.stop();
    job->stream = responder;
    responder.beginEventStream();
    if (!job->pending.isEmpty())
        responder.sendRaw(job->pending);
    job->pending.clear();
    if (job->state == Job::State::Finished) {
        responder.endEventStream();
        removeJob(id);
        emitIfDrained();  // a stopping worker waited for this reader
        return;
    }
    if (auto *connection = responder.connection()) {
        connect(connection, &HttpConnection::closed, this, [this, id] {
            auto j = m_jobs.value(id);
            if (!j || j->state == Job::State::Finished || j->cancelRequested)
                return;
            qCInfo(lcWorkerApi) << "client closed the stream of job" << id << "; cancelling it";
            j->cancelRequested = true;
            m_engine->cancel(id);
        });
    }
}

void WorkerApi::cancelJob(const HttpRequest &request, const HttpResponder &responder)
{
    const QString id = request.pathParam(QStringLiteral("job_id"));
    auto job = m_jobs.value(id);
    if (!job) {
        responder.sendError(Error{ErrorCode::NotFound, QStringLiteral("no such job: %1").arg(id)});
        return;
    }
    const bool finished = job->state == Job::State::Finished;
    if (!finished && !job->cancelRequested) {
        job->cancelRequested = true;
        m_engine->cancel(id);
    }
    responder.sendJson(
        200, {{QStringLiteral("job_id"), id},
              {QStringLiteral("status"), finished ? QStringLiteral("finished") : QStringLiteral("cancelling")}});
}

void WorkerApi::onStarted(const QString &id, int promptTokens, int cachedTokens)
{
    auto job = m_jobs.value(id);
    if (!job)
        return;
    job->state = Job::State::Running;
    job->running.start();
    refreshStatus();
    deliver(*job, StartedEvent{id, m_workerId, m_options.modelName, promptTokens, cachedTokens}.toSse().serialize());
}

void WorkerApi::deliver(Job &job, const QByteArray &frames)
{
    if (job.streamOpened)
        job.stream.sendRaw(frames);
    else
        job.pending += frames;
}

void WorkerApi::complete(const QString &id, const QByteArray &lastFrames)
{
    auto job = m_jobs.value(id);
    if (!job)
        return;
    job->state = Job::State::Finished;
    deliver(*job, lastFrames);
    if (job->streamOpened) {
        job->stream.endEventStream();
        removeJob(id);
    } else if (job->expired) {
        removeJob(id);  // never claimed: nobody will ask for it
    }
    refreshStatus();
    emitIfDrained();
}

void WorkerApi::removeJob(const QString &id)
{
    m_jobs.remove(id);
}

}  // namespace rbee::worker

// WorkerApi: the worker's HTTP API (POST /v1/inference, GET .../stream, DELETE, GET /health) and
// the table of jobs between the HTTP side and the engine. Main thread only. Events produced
// before a client opens the stream are kept and replayed to it; a stream never opened is
// cancelled after the unclaimed-job timeout; a client that closes the stream cancels the job.
#pragma once

#include "computedevices.h"
#include "gpulayerplan.h"
#include "inferenceengine.h"
#include "workeroptions.h"

#include "core/http/httpserver.h"
#include "core/protocol/workerhealth.h"
#include "core/retryafterestimator.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QObject>

#include <memory>

namespace rbee::worker {

class WorkerApi : public QObject {
    Q_OBJECT
public:
    WorkerApi(const WorkerOptions &options, InferenceEngine *engine, core::HttpServer *server,
              QObject *parent = nullptr);
    ~WorkerApi() override;

    void setWorkerId(const QString &id) { m_workerId = id; }
    // The device the model runs on, reported by /health (its free memory read at each request).
    void setDevice(const ComputeDevice &device, const GpuLayerPlan &plan);
    core::WorkerStatus status() const;
    core::WorkerHealth health() const;
    int unfinishedJobs() const;
    // Refuses new jobs from now on (503 worker_stopping, Retry-After the rest of the grace
    // period); running ones carry on. jobsDrained() once every job has ended and been read by its
    // client (a job that ended before its stream was opened is kept for its client), or, after
    // endGracePeriod(), once every job has ended.
    void setStopping(int graceMs);
    void endGracePeriod();

Q_SIGNALS:
    void statusChanged(rbee::core::WorkerStatus status);
    void jobsDrained();

private:
    struct Job;
    void submit(const core::HttpRequest &request, const core::HttpResponder &responder);
    void openStream(const core::HttpRequest &request, const core::HttpResponder &responder);
    void cancelJob(const core::HttpRequest &request, const core::HttpResponder &responder);

    void onStarted(const QString &id, int promptTokens, int cachedTokens);
    void deliver(Job &job, const QByteArray &frames);
    void complete(const QString &id, const QByteArray &lastFrames);
    void removeJob(const QString &id);
    void refreshStatus();
    void emitIfDrained();

    WorkerOptions m_options;
    InferenceEngine *m_engine;
    QString m_workerId;
    ComputeDevice m_device;
    GpuLayerPlan m_plan;
    QHash<QString, std::shared_ptr<Job>> m_jobs;
    bool m_loaded = false;
    bool m_stopping = false;
    bool m_graceOver = false;
    QDeadlineTimer m_stoppingDeadline;
    core::RetryAfterEstimator m_retryAfter;
    core::WorkerStatus m_lastStatus = core::WorkerStatus::Loading;
};

}  // namespace rbee::worker

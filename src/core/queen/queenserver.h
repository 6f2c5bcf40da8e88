// QueenServer: the queen's core services on one HTTP server: heartbeat endpoint, worker
// registry, hive registry and hive API (placement), their event stream, job API with narrated scheduling,
// OpenAI-compatible API, health and metrics. Hosted by `rbee --serve` and by the desktop app alike. Main thread only.
#pragma once

#include "jobmanager.h"
#include "queenmetrics.h"
#include "queenoptions.h"

#include "../http/httpserver.h"
#include "../registry/hiveregistry.h"
#include "../registry/workerregistry.h"

#include <QObject>

namespace rbee::core {

class HeartbeatIntake;
class HiveApi;
class OpenAiApi;
class RegistryEventStream;

class QueenServer : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxConnections = 8192;

    explicit QueenServer(const QueenOptions &options, const Clock &clock = Clock::system(), QObject *parent = nullptr);
    ~QueenServer() override;

    bool listen();
    QString errorString() const { return m_http->errorString(); }
    quint16 port() const { return m_http->serverPort(); }
    QString host() const { return m_options.host; }

    WorkerRegistry *registry() const { return m_registry; }
    HiveRegistry *hives() const { return m_hives; }
    JobManager *jobs() const { return m_jobs; }
    HttpServer *http() const { return m_http; }
    const QueenOptions &options() const { return m_options; }

    // Streams a job's events (narration, worker events, error) and [DONE] to a client; a client
    // that leaves cancels the job. Reads it through a JobReader.
    void streamJob(QueenJob *job, const HttpResponder &responder);

private:
    void routes();
    // Token, then cross-site and media-type rules; a refusal to send, or nothing.
    std::optional<HttpResponse> filter(const HttpRequest &request);
    void onSubmitJob(const HttpRequest &request, const HttpResponder &responder);
    void onJobStream(const HttpRequest &request, const HttpResponder &responder);
    void onCancelJob(const HttpRequest &request, const HttpResponder &responder);
    QJsonObject workersJson() const;

    QueenOptions m_options;
    HttpServer *m_http;
    WorkerRegistry *m_registry;
    HiveRegistry *m_hives;
    QueenMetrics m_metrics;
    JobManager *m_jobs;
    OpenAiApi *m_openai;
    HeartbeatIntake *m_heartbeats;
    HiveApi *m_hiveApi;
    RegistryEventStream *m_events;
};

}  // namespace rbee::core

// WorkerApp: puts the worker together (engine, HTTP API, heartbeats) and runs its life cycle:
// listen, load, serve, and the graceful shutdown on SIGINT/SIGTERM.
#pragma once

#include "computedevices.h"
#include "gpulayerplan.h"
#include "workeroptions.h"

#include "core/error.h"
#include "core/protocol/heartbeat.h"

#include <QObject>

namespace rbee::core {
class HeartbeatSender;
class HttpServer;
class UnixSignalWatcher;
}  // namespace rbee::core

namespace rbee::worker {

class InferenceEngine;
class WorkerApi;

class WorkerApp : public QObject {
    Q_OBJECT
public:
    // Grace period for running jobs at shutdown before they are cancelled.
    static constexpr int kShutdownGraceMs = 5000;

    // The model runs on `device` with plan.gpuLayers of its layers there.
    WorkerApp(const WorkerOptions &options, const ComputeDevice &device, const GpuLayerPlan &plan,
              QObject *parent = nullptr);
    ~WorkerApp() override;

    // Binds the port and starts loading. Returns false (after printing why) when it cannot.
    bool start();

private:
    void fail(const core::Error &error, int exitCode);
    void shutdown();
    void finishShutdown();
    QString advertisedUrl() const;
    core::Heartbeat heartbeat() const;

    WorkerOptions m_options;
    ComputeDevice m_device;
    GpuLayerPlan m_plan;
    core::HttpServer *m_server;
    InferenceEngine *m_engine;
    WorkerApi *m_api;
    core::HeartbeatSender *m_heartbeats = nullptr;
    core::UnixSignalWatcher *m_signals;
    QString m_workerId;
    quint64 m_lastTokens = 0;
    qint64 m_lastTokensAtMs = 0;
    mutable double m_tokensPerS = 0.0;
    bool m_shuttingDown = false;
    bool m_finishing = false;
};

}  // namespace rbee::worker

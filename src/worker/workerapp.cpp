// Life cycle of rbee-worker; see workerapp.h.
#include "workerapp.h"

#include "inferenceengine.h"
#include "workerapi.h"

#include "core/client/heartbeatsender.h"
#include "core/http/httpserver.h"
#include "core/logging.h"
#include "core/protocol/endpoints.h"
#include "core/unixsignalwatcher.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QTimer>

#include <csignal>
#include <cstdio>

namespace rbee::worker {

using namespace rbee::core;

WorkerApp::WorkerApp(const WorkerOptions &options, const ComputeDevice &device, const GpuLayerPlan &plan,
                     QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_device(device)
    , m_plan(plan)
    , m_server(new HttpServer(this))
    , m_engine(
          new InferenceEngine(EngineConfig{options.modelPath, options.chatTemplate, options.slots, options.ctx,
                                           options.threads, 512, options.cachePrompt, options.cacheRamMiB * 1024 * 1024,
                                           ModelPlacement{device.isGpu ? device.handle : nullptr, plan.gpuLayers}},
                              this))
    , m_api(new WorkerApi(options, m_engine, m_server, this))
    , m_signals(new UnixSignalWatcher({SIGINT, SIGTERM}, this))
{
    m_api->setDevice(device, plan);
    connect(m_signals, &UnixSignalWatcher::signalReceived, this, &WorkerApp::shutdown);
    connect(m_engine, &InferenceEngine::loadFailed, this, [this](const Error &e) { fail(e, 2); });
    connect(m_engine, &InferenceEngine::loaded, this, [this] {
        if (!m_options.chatTemplate.isEmpty()) {
            const auto probe =
                m_engine->model()->applyChatTemplate({ChatMessage{QStringLiteral("user"), QStringLiteral("hi")}});
            if (!probe) {
                fail(Error{ErrorCode::BadRequest,
                           QStringLiteral("--chat-template: unknown chat template '%1'").arg(m_options.chatTemplate)},
                     2);
                return;
            }
        }
        const QString where = m_device.isGpu ? QStringLiteral("%1 (%2), %3 of %4 layers there")
                                                   .arg(m_device.name, m_device.description)
                                                   .arg(m_plan.gpuLayers)
                                                   .arg(m_plan.modelLayers)
                                             : m_device.name;
        qCInfo(lcWorkerEngine).noquote() << "model" << m_options.modelName << "loaded on" << where + u';'
                                         << m_options.slots << "slots of" << m_options.ctx << "tokens,"
                                         << m_options.threads << "threads";
    });
}

WorkerApp::~WorkerApp() = default;

bool WorkerApp::start()
{
    if (!m_server->listen(QHostAddress(m_options.host), m_options.port)) {
        std::fprintf(stderr, "rbee-worker: error: cannot listen on %s:%u: %s\n", qPrintable(m_options.host),
                     m_options.port, qPrintable(m_server->errorString()));
        return false;
    }
    const quint16 port = m_server->serverPort();
    m_workerId = m_options.workerId;
    if (m_workerId.isEmpty()) {
        const QByteArray seed = (m_options.host + u':' + QString::number(port) + u':' + m_options.modelName).toUtf8();
        m_workerId = QStringLiteral("w-")
                     + QString::fromLatin1(QCryptographicHash::hash(seed, QCryptographicHash::Sha1).toHex().left(10));
    }
    m_api->setWorkerId(m_workerId);
    std::printf("%s http://%s:%u\n", core::Endpoint::kWorkerListening, qPrintable(m_options.host), port);
    std::fflush(stdout);

    if (m_options.queenUrl.isValid()) {
        m_heartbeats = new HeartbeatSender(
            m_options.queenUrl, QLatin1String(Endpoint::kWorkerHeartbeat), m_options.token, m_options.heartbeatMs,
            [this] { return heartbeat().toJson(); }, lcWorkerHeartbeat, this);
        connect(m_api, &WorkerApi::statusChanged, m_heartbeats, &HeartbeatSender::sendNow);
        connect(m_heartbeats, &HeartbeatSender::localAddressChanged, m_heartbeats, &HeartbeatSender::sendNow);
        m_heartbeats->start();
    }
    m_engine->start();
    return true;
}

QString WorkerApp::advertisedUrl() const
{
    if (m_options.advertiseUrl.isValid())
        return m_options.advertiseUrl.toString(QUrl::StripTrailingSlash);
    QHostAddress host(m_options.host);
    if ((host == QHostAddress::AnyIPv4 || host == QHostAddress::AnyIPv6 || host == QHostAddress::Any) && m_heartbeats
        && !m_heartbeats->localAddress().isNull()) {
        host = m_heartbeats->localAddress();
    }
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(host.toString());
    url.setPort(m_server->serverPort());
    return url.toString();
}

Heartbeat WorkerApp::heartbeat() const
{
    Heartbeat hb;
    const WorkerHealth health = m_api->health();
    hb.workerId = m_workerId;
    hb.model = m_options.modelName;
    hb.url = advertisedUrl();
    hb.status = health.status;
    hb.slotsTotal = health.slotsTotal;
    hb.slotsBusy = health.slotsBusy;
    hb.queueDepth = health.queueDepth;
    hb.promptTokensCached = health.promptTokensCached;
    hb.promptTokensDecoded = health.promptTokensDecoded;
    hb.ctxSize = m_options.ctx;
    hb.device = health.device;
    hb.version = QStringLiteral(RBEE_VERSION);
    hb.sentAtMs = QDateTime::currentMSecsSinceEpoch();
    // Throughput over all slots since the previous heartbeat.
    auto *self = const_cast<WorkerApp *>(this);
    const quint64 tokens = m_engine->tokensGenerated();
    if (m_lastTokensAtMs > 0 && hb.sentAtMs > m_lastTokensAtMs)
        m_tokensPerS = double(tokens - m_lastTokens) * 1000.0 / double(hb.sentAtMs - m_lastTokensAtMs);
    self->m_lastTokens = tokens;
    self->m_lastTokensAtMs = hb.sentAtMs;
    hb.tokensPerS = m_tokensPerS;
    return hb;
}

void WorkerApp::fail(const Error &error, int exitCode)
{
    std::fprintf(stderr, "rbee-worker: error: %s\n", qPrintable(error.message));
    std::fflush(stderr);
    QCoreApplication::exit(exitCode);
}

void WorkerApp::shutdown()
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    qCInfo(lcWorkerApi) << "shutting down: no new jobs; running jobs get" << kShutdownGraceMs << "ms";
    // Still listening: new jobs get 503 worker_stopping with Retry-After, /health says stopping,
    // and running streams finish, until the process exits.
    connect(m_api, &WorkerApi::jobsDrained, this, &WorkerApp::finishShutdown);
    m_api->setStopping(kShutdownGraceMs);  // emits statusChanged (-> stopping heartbeat) and maybe jobsDrained
    QTimer::singleShot(kShutdownGraceMs, this, [this] {
        if (m_api->unfinishedJobs() > 0) {
            qCInfo(lcWorkerApi) << "cancelling" << m_api->unfinishedJobs() << "unfinished jobs";
            m_engine->cancelAll();
        }
        m_api->endGracePeriod();  // ended jobs nobody came to read no longer hold the exit
    });
}

void WorkerApp::finishShutdown()
{
    if (m_finishing)
        return;
    m_finishing = true;
    // Let the last events reach their clients before the sockets go.
    QTimer::singleShot(50, this, [this] {
        if (!m_heartbeats) {
            QCoreApplication::exit(0);
            return;
        }
        m_heartbeats->sendFinal([] { QCoreApplication::exit(0); });
    });
}

}  // namespace rbee::worker

// Life cycle of rbee-hive; see hiveapp.h.
#include "hiveapp.h"

#include "hiveapi.h"
#include "hiveworkers.h"
#include "machineprobe.h"
#include "modelfolder.h"
#include "modeltransfers.h"

#include "core/client/heartbeatsender.h"
#include "core/http/httpserver.h"
#include "core/logging.h"
#include "core/protocol/endpoints.h"
#include "core/unixsignalwatcher.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QTimer>

#include <csignal>
#include <cstdio>

namespace rbee::hive {

using namespace rbee::core;

namespace {
QString workerBinary()
{
    return QCoreApplication::applicationDirPath() + QStringLiteral("/rbee-worker");
}
}  // namespace

HiveApp::HiveApp(const HiveOptions &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_server(new HttpServer(this))
    , m_folder(new ModelFolder(options.modelsDir, this))
    , m_probe(new MachineProbe(workerBinary(), options.modelsDir, this))
    , m_workers(nullptr)
    , m_transfers(new ModelTransfers(m_folder, options.queenUrl, options.token, this))
    , m_api(nullptr)
    , m_heartbeats(nullptr)
    , m_signals(new UnixSignalWatcher({SIGINT, SIGTERM}, this))
    , m_coalesce(new QTimer(this))
{
    m_coalesce->setSingleShot(true);
    m_coalesce->setInterval(kCoalesceMs);
    connect(m_coalesce, &QTimer::timeout, this, [this] {
        if (m_heartbeats && !m_shuttingDown)
            m_heartbeats->sendNow();
    });
    connect(m_signals, &UnixSignalWatcher::signalReceived, this, &HiveApp::shutdown);
    connect(m_folder, &ModelFolder::changed, this, &HiveApp::changed);
    connect(m_probe, &MachineProbe::devicesChanged, this, &HiveApp::changed);
    connect(m_transfers, &ModelTransfers::changed, this, &HiveApp::changed);
}

HiveApp::~HiveApp() = default;

bool HiveApp::start()
{
    if (!m_folder->start()) {
        std::fprintf(stderr, "rbee-hive: error: cannot create the models folder %s\n", qPrintable(m_folder->dir()));
        return false;
    }
    if (!m_server->listen(QHostAddress(m_options.host), m_options.port)) {
        std::fprintf(stderr, "rbee-hive: error: cannot listen on %s:%u: %s\n", qPrintable(m_options.host),
                     m_options.port, qPrintable(m_server->errorString()));
        return false;
    }
    // The workers' URLs name the address they listen on, as the hive's URL names its own.
    HiveWorkers::Settings settings;
    settings.workerBinary = workerBinary();
    settings.hiveName = m_options.name;
    settings.workerHost = m_options.workerHost();
    settings.urlHost = [this] { return QUrl(url()).host(); };
    settings.queenUrl = m_options.queenUrl;
    settings.token = m_options.token;
    settings.maxWorkers = m_options.maxWorkers;
    settings.heartbeatMs = [this] { return m_heartbeats ? m_heartbeats->intervalMs() : 0; };
    m_workers = new HiveWorkers(settings, this);
    connect(m_workers, &HiveWorkers::changed, this, &HiveApp::changed);
    m_api = new HiveApi(
        m_server, m_options.token, [this] { return report(); }, m_workers, m_folder, m_transfers, this);

    std::printf("%s http://%s:%u\n", Endpoint::kHiveListening, qPrintable(m_options.host), m_server->serverPort());
    std::fflush(stdout);
    qCInfo(lcHive).noquote() << "hive" << m_options.name << "serving models from" << m_folder->dir();

    m_heartbeats = new HeartbeatSender(
        m_options.queenUrl, QLatin1String(Endpoint::kHiveHeartbeat), m_options.token, kDefaultHeartbeatMs,
        [this] { return report().toJson(); }, lcHiveHeartbeat, this);
    m_heartbeats->setFollowQueenInterval(true);
    connect(m_heartbeats, &HeartbeatSender::localAddressChanged, this, &HiveApp::changed);
    m_probe->start();
    m_heartbeats->start();
    return true;
}

QString HiveApp::url() const
{
    if (m_options.advertiseUrl.isValid())
        return m_options.advertiseUrl.toString(QUrl::StripTrailingSlash);
    QHostAddress host(m_options.host);
    if ((host == QHostAddress::AnyIPv4 || host == QHostAddress::AnyIPv6 || host == QHostAddress::Any) && m_heartbeats
        && !m_heartbeats->localAddress().isNull())
        host = m_heartbeats->localAddress();
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(host.toString());
    url.setPort(m_server->serverPort());
    return url.toString();
}

HiveReport HiveApp::report() const
{
    HiveReport r;
    r.name = m_options.name;
    r.url = url();
    r.version = QStringLiteral(RBEE_VERSION);
    r.devices = m_probe->devices();
    r.ramTotalBytes = m_probe->ramTotalBytes();
    r.ramFreeBytes = m_probe->ramFreeBytes();
    r.cpuCores = m_probe->cpuCores();
    r.diskFreeBytes = m_probe->diskFreeBytes();
    r.maxWorkers = m_options.maxWorkers;
    r.models = m_folder->models();
    if (m_workers)
        r.workers = m_workers->list();
    r.transfers = m_transfers->list();
    r.sentAtMs = QDateTime::currentMSecsSinceEpoch();
    return r;
}

void HiveApp::changed()
{
    if (!m_coalesce->isActive())
        m_coalesce->start();
}

void HiveApp::shutdown()
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    qCInfo(lcHive) << "shutting down: stopping" << (m_workers ? m_workers->liveCount() : 0) << "workers";
    m_server->stopListening();
    auto finish = [this] {
        // The last report lists no workers: they are gone.
        QTimer::singleShot(0, this, [this] {
            if (!m_heartbeats) {
                QCoreApplication::exit(0);
                return;
            }
            m_heartbeats->sendFinal([] { QCoreApplication::exit(0); });
        });
    };
    if (!m_workers) {
        finish();
        return;
    }
    m_workers->stopAll([this, finish] {
        m_workers->forgetExited();  // the final report has no workers
        finish();
    });
}

}  // namespace rbee::hive

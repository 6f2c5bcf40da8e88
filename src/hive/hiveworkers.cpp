// Worker processes of the hive; see hiveworkers.h.
#include "hiveworkers.h"

#include "managedworker.h"

#include "core/logging.h"

#include <QDateTime>
#include <QPointer>
#include <QTimer>

namespace rbee::hive {

using core::Error;
using core::ErrorCode;

namespace {
constexpr int kMaxIdChars = 128;  // the queen's limit on worker ids

// The hive's environment without its own RBEE_* settings (a worker must not take the hive's
// RBEE_PORT or RBEE_ADVERTISE_URL), plus the token.
QProcessEnvironment workerEnvironment(const QString &token)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &key : env.keys())
        if (key.startsWith(QLatin1String("RBEE_")))
            env.remove(key);
    if (!token.isEmpty())
        env.insert(QStringLiteral("RBEE_TOKEN"), token);
    return env;
}
}  // namespace

HiveWorkers::HiveWorkers(const Settings &settings, QObject *parent) : QObject(parent), m_settings(settings)
{
    auto *pruning = new QTimer(this);
    pruning->setInterval(5000);
    connect(pruning, &QTimer::timeout, this, [this] { prune(false); });
    pruning->start();
}

QString HiveWorkers::nextId(const QString &model)
{
    const QString suffix = u'-' + QString::number(++m_counter);
    const QString stem = m_settings.hiveName + u'-' + model;
    return stem.left(kMaxIdChars - suffix.size()) + suffix;
}

void HiveWorkers::start(const core::WorkerStartRequest &request, const QString &modelPath, StartDone done)
{
    if (liveCount() >= m_settings.maxWorkers) {
        done(Error{ErrorCode::Conflict,
                   QStringLiteral("this hive runs %1 workers, its --max-workers").arg(liveCount())});
        return;
    }
    prune(true);
    core::HiveWorker info;
    info.workerId = nextId(request.model);
    info.model = request.model;
    info.device = request.device;
    QStringList args{QStringLiteral("--model"),      modelPath,
                     QStringLiteral("--model-name"), request.model,
                     QStringLiteral("--worker-id"),  info.workerId,
                     QStringLiteral("--host"),       m_settings.workerHost,
                     QStringLiteral("--port"),       QStringLiteral("0"),
                     QStringLiteral("--queen"),      m_settings.queenUrl.toString()};
    if (!request.device.isEmpty())
        args << QStringLiteral("--device") << request.device;
    if (request.slots > 0)
        args << QStringLiteral("--slots") << QString::number(request.slots);
    if (request.ctx > 0)
        args << QStringLiteral("--ctx") << QString::number(request.ctx);
    if (request.threads > 0)
        args << QStringLiteral("--threads") << QString::number(request.threads);
    if (const int ms = m_settings.heartbeatMs ? m_settings.heartbeatMs() : 0; ms > 0)
        args << QStringLiteral("--heartbeat-ms") << QString::number(ms);
    if (!request.gpuLayers.isEmpty())
        args << QStringLiteral("--gpu-layers") << request.gpuLayers;

    auto *worker = new ManagedWorker(info, m_settings.urlHost, this);
    m_workers.append(worker);
    connect(worker, &ManagedWorker::changed, this, &HiveWorkers::changed);
    // Exactly one answer: listening, exited first, or the timeout.
    auto answered = std::make_shared<bool>(false);
    auto timeout = new QTimer(worker);
    timeout->setSingleShot(true);
    auto answer = [answered, timeout, done](const core::Result<core::WorkerStarted> &result) {
        if (*answered)
            return;
        *answered = true;
        timeout->stop();
        done(result);
    };
    const QString hiveName = m_settings.hiveName;
    connect(worker, &ManagedWorker::listening, this, [worker, hiveName, answer] {
        core::WorkerStarted started;
        started.workerId = worker->info().workerId;
        started.url = worker->info().url;
        started.hive = hiveName;
        started.device = worker->info().device;
        answer(started);
    });
    connect(worker, &ManagedWorker::exited, this, [worker, answer] {
        answer(Error{
            ErrorCode::Internal,
            QStringLiteral("the worker %1 before it listened: %2").arg(worker->info().exitText, worker->logTail(5))});
    });
    connect(timeout, &QTimer::timeout, this, [worker, answer] {
        answer(Error{ErrorCode::Internal, QStringLiteral("the worker did not listen within %1 s: %2")
                                              .arg(kListenTimeoutMs / 1000)
                                              .arg(worker->logTail(5))});
        worker->stop(0);
    });
    timeout->start(kListenTimeoutMs);
    qCInfo(lcHive).noquote() << "starting worker" << info.workerId << "for model" << request.model;
    worker->start(m_settings.workerBinary, args, workerEnvironment(m_settings.token));
    Q_EMIT changed();
}

core::Result<core::HiveWorker> HiveWorkers::stop(const QString &workerId)
{
    for (ManagedWorker *w : std::as_const(m_workers)) {
        if (w->info().workerId != workerId)
            continue;
        w->stop(kStopGraceMs);
        return w->info();
    }
    return Error{ErrorCode::NotFound, QStringLiteral("no worker '%1' on this hive").arg(workerId)};
}

void HiveWorkers::stopAll(std::function<void()> done)
{
    auto fired = std::make_shared<bool>(false);
    auto check = [this, done, fired] {
        if (liveCount() == 0 && !*fired) {
            *fired = true;
            if (done)
                done();
        }
    };
    auto pending = std::make_shared<std::function<void()>>(check);
    for (ManagedWorker *w : std::as_const(m_workers)) {
        if (!w->isLive())
            continue;
        connect(w, &ManagedWorker::exited, this, [pending] { (*pending)(); });
        w->stop(kStopGraceMs);
    }
    check();
}

void HiveWorkers::prune(bool allExited)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    bool removed = false;
    for (auto it = m_workers.begin(); it != m_workers.end();) {
        ManagedWorker *w = *it;
        if (!w->isLive() && (allExited || now - w->exitedAtMs() > kExitedKeepMs)) {
            w->deleteLater();
            it = m_workers.erase(it);
            removed = true;
        } else {
            ++it;
        }
    }
    if (removed)
        Q_EMIT changed();
}

QList<core::HiveWorker> HiveWorkers::list() const
{
    QList<core::HiveWorker> out;
    for (const ManagedWorker *w : m_workers)
        out.append(w->info());
    return out;
}

const ManagedWorker *HiveWorkers::find(const QString &workerId) const
{
    for (const ManagedWorker *w : m_workers)
        if (w->info().workerId == workerId)
            return w;
    return nullptr;
}

int HiveWorkers::liveCount() const
{
    return int(std::count_if(m_workers.begin(), m_workers.end(), [](const ManagedWorker *w) { return w->isLive(); }));
}

bool HiveWorkers::runsModel(const QString &model) const
{
    return std::any_of(m_workers.begin(), m_workers.end(),
                       [&model](const ManagedWorker *w) { return w->isLive() && w->info().model == model; });
}

}  // namespace rbee::hive

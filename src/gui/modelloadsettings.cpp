// Per-model load settings in QSettings; see modelloadsettings.h.
#include "modelloadsettings.h"

#include <QFileInfo>
#include <QSettings>
#include <QThread>
#include <QUrl>

namespace rbee::gui {

namespace {
const QString kGroup = QStringLiteral("modelLoad");
const QString kMachineGroup = QStringLiteral("modelLoadOnMachine");

QString keyOf(const QString &modelPath)
{
    // '/' separates QSettings groups: the whole path is one key.
    return QString::fromLatin1(QUrl::toPercentEncoding(QFileInfo(modelPath).absoluteFilePath()));
}

QString keyOf(const QString &hive, const QString &model)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(hive + u'/' + model));
}

}  // namespace

int ModelLoadSettings::defaultThreads(int logicalCores)
{
    return qMax(1, qMin(logicalCores / 2, logicalCores - 1));
}

int ModelLoadSettings::defaultThreads()
{
    return defaultThreads(QThread::idealThreadCount());
}

core::LocalWorker::Settings ModelLoadSettings::remembered(const QString &modelPath)
{
    core::LocalWorker::Settings s = core::LocalWorker::Settings::forModel(modelPath);
    s.threads = defaultThreads();
    QSettings settings(QStringLiteral("rbee"), QStringLiteral("rbee"));
    settings.beginGroup(kGroup);
    settings.beginGroup(keyOf(modelPath));
    s.slots = qBound(1, settings.value(QStringLiteral("slots"), s.slots).toInt(), 64);
    s.ctx = qBound(256, settings.value(QStringLiteral("ctx"), s.ctx).toInt(), 131072);
    s.threads = qBound(0, settings.value(QStringLiteral("threads"), s.threads).toInt(), 256);
    s.device = settings.value(QStringLiteral("device")).toString();
    s.gpuLayers = settings.value(QStringLiteral("gpuLayers")).toString();
    return s;
}

void ModelLoadSettings::remember(const core::LocalWorker::Settings &s)
{
    QSettings settings(QStringLiteral("rbee"), QStringLiteral("rbee"));
    settings.beginGroup(kGroup);
    settings.beginGroup(keyOf(s.modelPath));
    settings.setValue(QStringLiteral("slots"), s.slots);
    settings.setValue(QStringLiteral("ctx"), s.ctx);
    settings.setValue(QStringLiteral("threads"), s.threads);
    settings.setValue(QStringLiteral("device"), s.device);
    settings.setValue(QStringLiteral("gpuLayers"), s.gpuLayers);
    settings.sync();
}

std::optional<core::WorkerStartRequest> ModelLoadSettings::rememberedOnMachine(const QString &hive,
                                                                               const QString &model)
{
    QSettings settings(QStringLiteral("rbee"), QStringLiteral("rbee"));
    settings.beginGroup(kMachineGroup);
    settings.beginGroup(keyOf(hive, model));
    if (!settings.contains(QStringLiteral("slots")))
        return std::nullopt;
    core::WorkerStartRequest r;
    r.hive = hive;
    r.model = model;
    r.device = settings.value(QStringLiteral("device")).toString();
    r.slots = qBound(1, settings.value(QStringLiteral("slots")).toInt(), core::WorkerStartRequest::kMaxSlots);
    r.ctx = qBound(0, settings.value(QStringLiteral("ctx")).toInt(), 1 << 20);
    return r;
}

void ModelLoadSettings::rememberOnMachine(const core::WorkerStartRequest &request)
{
    QSettings settings(QStringLiteral("rbee"), QStringLiteral("rbee"));
    settings.beginGroup(kMachineGroup);
    settings.beginGroup(keyOf(request.hive, request.model));
    settings.setValue(QStringLiteral("device"), request.device);
    settings.setValue(QStringLiteral("slots"), request.slots);
    settings.setValue(QStringLiteral("ctx"), request.ctx);
    settings.sync();
}

bool ModelLoadSettings::loadsAtStart(const QString &modelPath)
{
    return modelsLoadedAtStart().contains(QFileInfo(modelPath).absoluteFilePath());
}

void ModelLoadSettings::setLoadsAtStart(const QString &modelPath, bool load)
{
    QStringList models = modelsLoadedAtStart();
    const QString path = QFileInfo(modelPath).absoluteFilePath();
    models.removeAll(path);
    if (load)
        models << path;
    QSettings settings(QStringLiteral("rbee"), QStringLiteral("rbee"));
    settings.setValue(kGroup + QStringLiteral("/atStart"), models);
    settings.sync();
}

QStringList ModelLoadSettings::modelsLoadedAtStart()
{
    return QSettings(QStringLiteral("rbee"), QStringLiteral("rbee"))
        .value(kGroup + QStringLiteral("/atStart"))
        .toStringList();
}

}  // namespace rbee::gui

// Hive reports for tests that feed a HiveRegistry or Placement directly: sent "now" by the clock
// (no skew), at a url derived from the hive's name.
#pragma once

#include "core/clock.h"
#include "core/protocol/hivereport.h"

namespace rbee::test {

inline core::ListedDevice testDevice(const QString &name, bool gpu, qint64 freeBytes, bool software = false)
{
    core::ListedDevice d;
    d.name = name;
    d.backend = gpu ? QStringLiteral("Vulkan") : QStringLiteral("CPU");
    d.memoryTotalBytes = freeBytes * 2;
    d.memoryFreeBytes = freeBytes;
    d.gpu = gpu;
    d.software = software;
    return d;
}

inline core::HiveModel testModel(const QString &name, qint64 sizeBytes, qint64 kvBytesPerToken = 0,
                                 qint64 computeBytes = 0)
{
    core::HiveModel m;
    m.name = name;
    m.sizeBytes = sizeBytes;
    m.architecture = QStringLiteral("llama");
    m.layers = 9;
    m.kvBytesPerToken = kvBytesPerToken;
    m.computeBytes = computeBytes;
    return m;
}

inline core::HiveWorker testHiveWorker(const QString &id, const QString &model,
                                       const QString &status = QStringLiteral("running"))
{
    core::HiveWorker w;
    w.workerId = id;
    w.model = model;
    w.status = status;
    w.pid = 1000;
    return w;
}

inline core::HiveReport testHiveReport(const core::ManualClock &clock, const QString &name,
                                       const QList<core::ListedDevice> &devices = {},
                                       const QList<core::HiveModel> &models = {})
{
    core::HiveReport h;
    h.name = name;
    h.url = QStringLiteral("http://%1.lan:7834").arg(name);
    h.version = QStringLiteral("0.1.0");
    h.devices = devices;
    h.ramTotalBytes = qint64(16) << 30;
    h.ramFreeBytes = qint64(8) << 30;
    h.cpuCores = 8;
    h.diskFreeBytes = qint64(100) << 30;
    h.maxWorkers = 4;
    h.models = models;
    h.sentAtMs = clock.wallMs();
    return h;
}

}  // namespace rbee::test

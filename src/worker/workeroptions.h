// WorkerOptions: rbee-worker's command line, each option also readable from an RBEE_* variable.
// Parsing validates every value, so the rest of the worker gets only sane settings.
#pragma once

#include "gpulayerplan.h"

#include "core/result.h"

#include <QHostAddress>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace rbee::worker {

struct WorkerOptions {
    QString modelPath;
    QString modelName;
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 0;
    QUrl queenUrl;
    QString token;
    QString workerId;
    QUrl advertiseUrl;
    int slots = 4;
    int queue = 16;
    int ctx = 4096;
    int threads = 1;
    int heartbeatMs = 5000;
    QString chatTemplate;
    int unclaimedJobTimeoutMs = 30000;
    bool cachePrompt = true;
    // Host memory for prompt states pushed out of slots. 2 GiB: see kDefaultCacheRamMiB in workeroptions.cpp.
    qint64 cacheRamMiB = kDefaultCacheRamMiB;
    static constexpr qint64 kDefaultCacheRamMiB = 2048;
    QString device;  // empty: the first GPU, else the CPU (ComputeDevices::defaultDevice)
    GpuLayersRequest gpuLayers;
    bool json = false;  // --list-devices prints JSON

    enum class Outcome { Run, ShowHelp, ShowVersion, ListDevices };
    Outcome outcome = Outcome::Run;
    QString helpText;

    static core::Result<WorkerOptions> parse(const QStringList &arguments, const QProcessEnvironment &env);
};

}  // namespace rbee::worker

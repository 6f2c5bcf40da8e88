// ModelLoadSettings: how each model file was last loaded (slots, context, threads, device, GPU
// layers) and whether it is loaded again at the next start, remembered in QSettings ("rbee",
// "rbee") under modelLoad/<the file's path, percent-encoded>; and how each model was last started
// on a machine of the cluster (device, slots, context) under modelLoadOnMachine/<hive/model,
// percent-encoded>. Starts nothing itself.
#pragma once

#include "core/client/localworker.h"
#include "core/protocol/workerstartrequest.h"

#include <QStringList>

#include <optional>

namespace rbee::gui {

class ModelLoadSettings {
public:
    // Threads for a worker the app starts without being told: half the logical cores (the
    // physical cores where SMT doubles them, which is what llama.cpp and Ollama default to),
    // never all of them (the desktop stays responsive), at least 1.
    static int defaultThreads(int logicalCores);
    static int defaultThreads();  // for this machine

    // The settings of the last load of `modelPath`; the defaults (with defaultThreads()) if none.
    static core::LocalWorker::Settings remembered(const QString &modelPath);
    static void remember(const core::LocalWorker::Settings &settings);

    // The device, slots and context of the last start of `model` on `hive`; nullopt if none.
    static std::optional<core::WorkerStartRequest> rememberedOnMachine(const QString &hive, const QString &model);
    static void rememberOnMachine(const core::WorkerStartRequest &request);

    // "Load again at next start", per model.
    static bool loadsAtStart(const QString &modelPath);
    static void setLoadsAtStart(const QString &modelPath, bool load);
    // The models to load at start, in the order they were chosen.
    static QStringList modelsLoadedAtStart();
};

}  // namespace rbee::gui

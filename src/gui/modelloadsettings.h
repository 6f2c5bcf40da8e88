// ModelLoadSettings: how each model file was last loaded (slots, context, threads, device, GPU
// layers) and whether it is loaded again at the next start, remembered in QSettings ("rbee",
// "rbee") under modelLoad/<the file's path, percent-encoded>. Starts nothing itself.
#pragma once

#include "core/client/localworker.h"

#include <QStringList>

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

    // "Load again at next start", per model.
    static bool loadsAtStart(const QString &modelPath);
    static void setLoadsAtStart(const QString &modelPath, bool load);
    // The models to load at start, in the order they were chosen.
    static QStringList modelsLoadedAtStart();
};

}  // namespace rbee::gui

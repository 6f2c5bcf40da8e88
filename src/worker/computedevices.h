// ComputeDevices: ggml's backends, loaded at run time from rbee's private library directory
// (GGML_BACKEND_DL), and the devices they offer: the CPU, Vulkan GPUs, CUDA GPUs. Names are
// ggml's ("CPU", "Vulkan0", "CUDA0"), the ones `rbee-worker --list-devices` prints and
// `--device` takes.
#pragma once

#include "core/result.h"

#include <QList>
#include <QString>

struct ggml_backend_device;

namespace rbee::worker {

struct ComputeDevice {
    QString name;         // "CPU", "Vulkan0", "CUDA0"
    QString description;  // the device's own name, e.g. "AMD Radeon RX 7800 XT (RADV NAVI32)"
    QString backend;      // "CPU", "Vulkan", "CUDA"
    qint64 memoryTotalBytes = 0;
    qint64 memoryFreeBytes = 0;
    bool isGpu = false;     // a GPU (discrete or integrated) that can hold model layers
    bool software = false;  // a CPU implementation of a GPU API (lavapipe): never the default
    ggml_backend_device *handle = nullptr;
};

class ComputeDevices {
public:
    // Loads the backends once per process: from RBEE_GGML_BACKEND_DIR if set, else from
    // <executable dir>/../lib/rbee, else (a system llama.cpp) from ggml's own search path.
    // Fails when no CPU backend could be loaded, naming the directory.
    static std::optional<core::Error> load();
    // Every device, the CPU first, then ggml's order. Memory figures are read now.
    static QList<ComputeDevice> all();
    // The first GPU that is not a software device, else the CPU.
    static ComputeDevice defaultDevice();
    // The device called `name` (case-insensitive); a bad_request naming the devices there are.
    static core::Result<ComputeDevice> find(const QString &name);
    // The device's memory, read now (free memory changes as other programs allocate).
    static void refreshMemory(ComputeDevice &device);
    // One line per device, for --list-devices.
    static QString listing(const QList<ComputeDevice> &devices);
    // The same as a JSON array, for --list-devices --json (the desktop app reads it).
    static QByteArray listingJson(const QList<ComputeDevice> &devices);
    // The directory the backends were loaded from (empty: ggml's own search path).
    static QString backendDirectory();
};

}  // namespace rbee::worker

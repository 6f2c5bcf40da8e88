// ggml backends loaded at run time and the devices they offer; see computedevices.h.
#include "computedevices.h"

#include "llamamodel.h"
#include "vulkanprobe.h"

#include "core/logging.h"
#include "core/protocol/devicereport.h"
#include "core/protocol/listeddevice.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>

#include <ggml-backend.h>

namespace rbee::worker {

using core::Error;
using core::ErrorCode;

namespace {

struct LoadState {
    bool done = false;
    std::optional<Error> error;
    QString directory;
    QStringList softwareVulkanNames;  // descriptions of CPU-type Vulkan devices
};

LoadState &loadState()
{
    static LoadState state;
    return state;
}

QMutex g_loadMutex;
constexpr int kMaxDescriptionChars = 128;

// ggml's Vulkan backend shows GPUs only, unless GGML_VK_VISIBLE_DEVICES names devices. Where the
// machine has no Vulkan GPU but a CPU implementation (lavapipe), that would hide Vulkan entirely:
// name the CPU implementations then, so they can be chosen with --device (they are marked as
// software devices, never the default). With a GPU there, ggml's choice stands: a software device
// would only be slower than the CPU backend. A GGML_VK_VISIBLE_DEVICES the user set always stands.
void showSoftwareVulkanDevices(LoadState &state)
{
    const QList<VulkanPhysicalDevice> devices = VulkanProbe::physicalDevices();
    QStringList cpuIndices;
    bool anyGpu = false;
    for (const auto &d : devices) {
        if (d.isCpu) {
            state.softwareVulkanNames.append(d.name);
            cpuIndices.append(QString::number(d.index));
        } else {
            anyGpu = true;
        }
    }
    if (anyGpu || cpuIndices.isEmpty() || qEnvironmentVariableIsSet("GGML_VK_VISIBLE_DEVICES"))
        return;
    qputenv("GGML_VK_VISIBLE_DEVICES", cpuIndices.join(u',').toLatin1());
    qCDebug(lcWorkerEngine).noquote() << "no Vulkan GPU; showing the software Vulkan devices"
                                      << state.softwareVulkanNames.join(QStringLiteral(", "));
}

// MemAvailable from /proc/meminfo, or -1.
qint64 memAvailableBytes()
{
    QFile meminfo(QStringLiteral("/proc/meminfo"));
    if (!meminfo.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = meminfo.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("MemAvailable:")) {
            const QList<QByteArray> parts = line.simplified().split(' ');  // "MemAvailable: 123 kB"
            bool ok = false;
            const qint64 kib = parts.value(1).toLongLong(&ok);
            return ok ? kib * 1024 : -1;
        }
    }
    return -1;
}

ComputeDevice describe(ggml_backend_dev_t dev)
{
    ComputeDevice d;
    d.handle = dev;
    d.name = QString::fromUtf8(ggml_backend_dev_name(dev));
    // The queen refuses a heartbeat whose description is longer (core::DeviceReport).
    d.description = QString::fromUtf8(ggml_backend_dev_description(dev)).trimmed().left(kMaxDescriptionChars);
    d.backend = QString::fromUtf8(ggml_backend_reg_name(ggml_backend_dev_backend_reg(dev)));
    const auto type = ggml_backend_dev_type(dev);
    d.isGpu = type == GGML_BACKEND_DEVICE_TYPE_GPU || type == GGML_BACKEND_DEVICE_TYPE_IGPU;
    d.software = d.backend == QLatin1String("Vulkan") && loadState().softwareVulkanNames.contains(d.description);
    ComputeDevices::refreshMemory(d);
    return d;
}

}  // namespace

std::optional<Error> ComputeDevices::load()
{
    QMutexLocker lock(&g_loadMutex);
    LoadState &state = loadState();
    if (state.done)
        return state.error;
    state.done = true;
    LlamaModel::initBackend();
    QString dir = qEnvironmentVariable("RBEE_GGML_BACKEND_DIR");
    if (!dir.isEmpty() && !QDir(dir).exists()) {
        state.error =
            Error{ErrorCode::ModelError, QStringLiteral("RBEE_GGML_BACKEND_DIR=%1: no such directory").arg(dir)};
        return state.error;
    }
    if (dir.isEmpty()) {
        const QString exe = QFileInfo(QStringLiteral("/proc/self/exe")).canonicalFilePath();
        dir = QFileInfo(exe).absolutePath() + QStringLiteral("/../lib/rbee");
    }
    dir = QDir::cleanPath(dir);
    if (QDir(dir).exists()) {
        state.directory = dir;
        if (QFile::exists(dir + QStringLiteral("/libggml-vulkan.so")))
            showSoftwareVulkanDevices(state);
        ggml_backend_load_all_from_path(QFile::encodeName(dir).constData());
    } else {
        ggml_backend_load_all();  // a llama.cpp installed elsewhere: ggml's own search path
    }
    if (!ggml_backend_dev_by_type(GGML_BACKEND_DEVICE_TYPE_CPU)) {
        state.error = Error{ErrorCode::ModelError,
                            QStringLiteral("no CPU backend of ggml could be loaded from %1 (is libggml-cpu-*.so there, "
                                           "and does it match this CPU?)")
                                .arg(state.directory.isEmpty() ? QStringLiteral("ggml's search path") : dir)};
    }
    return state.error;
}

QString ComputeDevices::backendDirectory()
{
    QMutexLocker lock(&g_loadMutex);
    return loadState().directory;
}

QList<ComputeDevice> ComputeDevices::all()
{
    QList<ComputeDevice> devices;
    for (size_t i = 0; i < ggml_backend_dev_count(); ++i) {
        ggml_backend_dev_t dev = ggml_backend_dev_get(i);
        const auto type = ggml_backend_dev_type(dev);
        if (type == GGML_BACKEND_DEVICE_TYPE_CPU)
            devices.prepend(describe(dev));
        else if (type == GGML_BACKEND_DEVICE_TYPE_GPU || type == GGML_BACKEND_DEVICE_TYPE_IGPU)
            devices.append(describe(dev));
        // accelerators (BLAS, ...) work beside the CPU and are not devices to place a model on
    }
    return devices;
}

ComputeDevice ComputeDevices::defaultDevice()
{
    const QList<ComputeDevice> devices = all();
    for (const auto &d : devices) {
        if (d.isGpu && !d.software)
            return d;
    }
    return devices.isEmpty() ? ComputeDevice{} : devices.first();
}

core::Result<ComputeDevice> ComputeDevices::find(const QString &name)
{
    const QList<ComputeDevice> devices = all();
    QStringList names;
    for (const auto &d : devices) {
        if (d.name.compare(name, Qt::CaseInsensitive) == 0)
            return d;
        names.append(d.description.isEmpty() ? d.name : QStringLiteral("%1 (%2)").arg(d.name, d.description));
    }
    return Error{
        ErrorCode::BadRequest,
        QStringLiteral("--device: no device '%1'; this machine has: %2").arg(name, names.join(QStringLiteral(", "))),
        QStringLiteral("device")};
}

void ComputeDevices::refreshMemory(ComputeDevice &device)
{
    if (!device.handle)
        return;
    size_t free = 0;
    size_t total = 0;
    ggml_backend_dev_memory(device.handle, &free, &total);
    device.memoryFreeBytes = qint64(free);
    device.memoryTotalBytes = qint64(total);
    // ggml's CPU backend calls all of the RAM free; what can be had without swapping is the
    // kernel's MemAvailable (free's "available").
    if (ggml_backend_dev_type(device.handle) == GGML_BACKEND_DEVICE_TYPE_CPU) {
        if (const qint64 available = memAvailableBytes(); available > 0)
            device.memoryFreeBytes = std::min(available, device.memoryTotalBytes);
    }
}

QString ComputeDevices::listing(const QList<ComputeDevice> &devices)
{
    const QString defaultName = defaultDevice().name;
    qsizetype nameWidth = 0;
    qsizetype descriptionWidth = 0;
    for (const auto &d : devices) {
        nameWidth = std::max(nameWidth, d.name.size());
        descriptionWidth = std::max(descriptionWidth, d.description.size());
    }
    QString out;
    for (const auto &d : devices) {
        QString line = d.name.leftJustified(nameWidth + 2) + d.description.leftJustified(descriptionWidth + 2)
                       + QStringLiteral("%1 total, %2 free")
                             .arg(core::gibText(d.memoryTotalBytes), core::gibText(d.memoryFreeBytes));
        if (d.name == defaultName)
            line += QStringLiteral("  (default)");
        if (d.software)
            line += QStringLiteral("  (software Vulkan device: slower than the CPU; used only when named)");
        out += line + u'\n';
    }
    return out;
}

QByteArray ComputeDevices::listingJson(const QList<ComputeDevice> &devices)
{
    const QString defaultName = defaultDevice().name;
    QJsonArray array;
    for (const auto &d : devices) {
        core::ListedDevice listed;
        listed.name = d.name;
        listed.description = d.description;
        listed.backend = d.backend;
        listed.memoryTotalBytes = d.memoryTotalBytes;
        listed.memoryFreeBytes = d.memoryFreeBytes;
        listed.gpu = d.isGpu;
        listed.software = d.software;
        listed.isDefault = d.name == defaultName;
        array.append(listed.toJson());
    }
    return QJsonDocument(array).toJson(QJsonDocument::Compact) + '\n';
}

}  // namespace rbee::worker

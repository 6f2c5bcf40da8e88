// Short text and tooltip of a worker's device; see devicetext.h.
#include "devicetext.h"

#include <QLocale>
#include <QStringList>

#include "core/protocol/devicereport.h"

namespace rbee::gui {

bool DeviceText::isCpu(const core::DeviceReport &device)
{
    if (!device.backend.isEmpty())
        return device.backend.compare(QLatin1String("CPU"), Qt::CaseInsensitive) == 0;
    return device.name.compare(QLatin1String("CPU"), Qt::CaseInsensitive) == 0;
}

QString DeviceText::shortText(const core::DeviceReport &device)
{
    return isCpu(device) ? device.name : device.label();
}

QString DeviceText::gib(qint64 bytes)
{
    return tr("%1 GiB").arg(QLocale().toString(double(bytes) / double(qint64(1) << 30), 'f', 1));
}

QString DeviceText::fileSize(qint64 bytes)
{
    if (bytes >= (qint64(1) << 30))
        return gib(bytes);
    return tr("%1 MiB").arg(QLocale().toString(double(bytes) / double(qint64(1) << 20), 'f', 1));
}

QString DeviceText::toolTip(const core::DeviceReport &device)
{
    QStringList lines;
    if (device.description.isEmpty() && device.backend.isEmpty()) {
        lines << device.name << tr("This worker does not report its device's details (an older rbee-worker).");
        return lines.join(u'\n');
    }
    lines << (device.description.isEmpty() ? device.name : device.description);
    if (!device.backend.isEmpty())
        lines << tr("Backend: %1").arg(device.backend);
    if (device.memoryTotalBytes > 0) {
        lines << (isCpu(device) ? tr("Memory: %1 free of %2 (RAM)") : tr("Memory: %1 free of %2"))
                     .arg(gib(device.memoryFreeBytes), gib(device.memoryTotalBytes));
    }
    if (!isCpu(device) && device.modelLayers > 0)
        lines << tr("%1 of %2 layers on the GPU").arg(device.gpuLayers).arg(device.modelLayers);
    return lines.join(u'\n');
}

}  // namespace rbee::gui

// Machine facts for the hive report; see machineprobe.h.
#include "machineprobe.h"

#include "core/client/devicelisting.h"
#include "core/logging.h"

#include <QFile>
#include <QStorageInfo>
#include <QThread>

namespace rbee::hive {

MachineProbe::MachineProbe(const QString &workerBinary, const QString &modelsDir, QObject *parent)
    : QObject(parent)
    , m_workerBinary(workerBinary)
    , m_modelsDir(modelsDir)
    , m_listing(new core::DeviceListing(this))
{
    m_refresh.setInterval(kRefreshMs);
    connect(&m_refresh, &QTimer::timeout, this, [this] {
        if (!m_listing->isRunning())
            m_listing->start(m_workerBinary);
    });
    connect(m_listing, &core::DeviceListing::listed, this, &MachineProbe::onListed);
    connect(m_listing, &core::DeviceListing::failed, this, &MachineProbe::onFailed);
}

void MachineProbe::start()
{
    m_listing->start(m_workerBinary);
    m_refresh.start();
}

void MachineProbe::onListed(const QList<core::ListedDevice> &devices)
{
    m_failureLogged = false;
    if (devices == m_devices)
        return;
    m_devices = devices;
    Q_EMIT devicesChanged();
}

void MachineProbe::onFailed(const core::Error &error)
{
    // Keep the last list: a worker binary that fails once (a busy GPU driver) leaves the devices known.
    if (!m_failureLogged)
        qCWarning(lcHive).noquote() << "cannot list the devices:" << error.message;
    m_failureLogged = true;
}

qint64 MachineProbe::memInfoBytes(const QByteArray &memInfo, const QByteArray &field)
{
    QByteArray prefix = field;
    prefix += ':';
    for (const QByteArray &line : memInfo.split('\n')) {
        if (!line.startsWith(prefix))
            continue;
        const QList<QByteArray> parts = line.mid(field.size() + 1).simplified().split(' ');
        bool ok = false;
        const qint64 value = parts.value(0).toLongLong(&ok);
        if (!ok || value < 0)
            return -1;
        return parts.value(1) == "kB" ? value * 1024 : value;
    }
    return -1;
}

namespace {
QByteArray readMemInfo()
{
    QFile file(QStringLiteral("/proc/meminfo"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();  // a sequential file of a few KiB
}
}  // namespace

qint64 MachineProbe::ramTotalBytes() const
{
    return std::max<qint64>(0, memInfoBytes(readMemInfo(), "MemTotal"));
}

qint64 MachineProbe::ramFreeBytes() const
{
    return std::max<qint64>(0, memInfoBytes(readMemInfo(), "MemAvailable"));
}

int MachineProbe::cpuCores() const
{
    return QThread::idealThreadCount();
}

qint64 MachineProbe::diskFreeBytes() const
{
    const QStorageInfo storage(m_modelsDir);
    return storage.isValid() ? std::max<qint64>(0, storage.bytesAvailable()) : 0;
}

}  // namespace rbee::hive

// MachineProbe: what this machine offers, for the hive's report: its devices as the rbee-worker
// beside the hive lists them (at start and every kRefreshMs, for their free memory), RAM from
// /proc/meminfo, CPU cores and the free disk of the models folder. Links no GPU library.
#pragma once

#include "core/protocol/listeddevice.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

namespace rbee::core {
class DeviceListing;
struct Error;
}  // namespace rbee::core

namespace rbee::hive {

class MachineProbe : public QObject {
    Q_OBJECT
public:
    static constexpr int kRefreshMs = 30000;

    MachineProbe(const QString &workerBinary, const QString &modelsDir, QObject *parent = nullptr);

    void start();
    const QList<core::ListedDevice> &devices() const { return m_devices; }
    qint64 ramTotalBytes() const;
    qint64 ramFreeBytes() const;
    int cpuCores() const;
    qint64 diskFreeBytes() const;

    // "MemTotal" or "MemAvailable" of /proc/meminfo-formatted text, in bytes; -1 when absent.
    static qint64 memInfoBytes(const QByteArray &memInfo, const QByteArray &field);

Q_SIGNALS:
    // The device list changed (not on every refresh that finds the same).
    void devicesChanged();

private:
    void onListed(const QList<core::ListedDevice> &devices);
    void onFailed(const core::Error &error);

    QString m_workerBinary;
    QString m_modelsDir;
    core::DeviceListing *m_listing;
    QTimer m_refresh;
    QList<core::ListedDevice> m_devices;
    bool m_failureLogged = false;
};

}  // namespace rbee::hive

// DeviceListing: asks an rbee-worker binary which devices this machine offers
// (`rbee-worker --list-devices --json`) without blocking: the process runs on the event loop and
// ends in listed() or failed(), once per start(). Starts no worker and keeps no devices of its own.
#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include "../error.h"
#include "../protocol/listeddevice.h"

class QProcess;

namespace rbee::core {

class DeviceListing : public QObject {
    Q_OBJECT
public:
    // Loading the GPU backends can take seconds on a cold machine; a listing that takes longer is given up.
    static constexpr int kDefaultTimeoutMs = 30000;

    explicit DeviceListing(QObject *parent = nullptr);
    // Kills a listing still under way (its signals are not emitted then).
    ~DeviceListing() override;

    // Runs `workerBinary --list-devices --json`; a listing already under way is abandoned.
    void start(const QString &workerBinary);
    bool isRunning() const;
    void setTimeout(int ms) { m_timer.setInterval(ms); }

Q_SIGNALS:
    void listed(const QList<rbee::core::ListedDevice> &devices);
    // error.message is readable on its own, e.g. "cannot start /opt/rbee/bin/rbee-worker: No such file
    // or directory" or "rbee-worker exited with code 1: no CPU backend of ggml could be loaded ...".
    void failed(const rbee::core::Error &error);

private:
    void abandon();
    void finish(int exitCode, bool crashed);
    void fail(ErrorCode code, const QString &message);

    QPointer<QProcess> m_process;
    QTimer m_timer;
};

}  // namespace rbee::core

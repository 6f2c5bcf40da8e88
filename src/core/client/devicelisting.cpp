// The --list-devices --json child process, its timeout and the reading of its answer; see devicelisting.h.
#include "devicelisting.h"

#include <QProcess>

#include "../logging.h"

namespace rbee::core {

namespace {
const QLatin1String kListingErrorPrefix("rbee-worker: error: ");
}

DeviceListing::DeviceListing(QObject *parent) : QObject(parent)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(kDefaultTimeoutMs);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        const int seconds = m_timer.interval() / 1000;
        abandon();
        fail(ErrorCode::Timeout, QStringLiteral("rbee-worker --list-devices did not answer within %1 s").arg(seconds));
    });
}

DeviceListing::~DeviceListing()
{
    abandon();
}

bool DeviceListing::isRunning() const
{
    return m_process != nullptr;
}

void DeviceListing::abandon()
{
    m_timer.stop();
    QProcess *process = m_process;
    m_process = nullptr;
    if (!process)
        return;
    disconnect(process, nullptr, this, nullptr);
    // SIGKILL; the QProcess reaps the child when it is deleted (at once: a killed process is gone).
    // Later, not here: this may run inside one of its own signals.
    process->kill();
    process->deleteLater();
}

void DeviceListing::start(const QString &workerBinary)
{
    abandon();
    auto *process = new QProcess(this);
    m_process = process;
    process->setProgram(workerBinary);
    process->setArguments({QStringLiteral("--list-devices"), QStringLiteral("--json")});
    process->setProcessChannelMode(QProcess::SeparateChannels);
    connect(process, &QProcess::finished, this, [this, process](int exitCode, QProcess::ExitStatus status) {
        if (process == m_process)
            finish(exitCode, status == QProcess::CrashExit);
    });
    connect(process, &QProcess::errorOccurred, this, [this, process](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart || process != m_process)
            return;  // other errors end in finished()
        const QString message = QStringLiteral("cannot start %1: %2").arg(process->program(), process->errorString());
        abandon();
        fail(ErrorCode::WorkerError, message);
    });
    m_timer.start();
    process->start();
}

void DeviceListing::finish(int exitCode, bool crashed)
{
    m_timer.stop();
    QProcess *process = m_process;
    m_process = nullptr;
    const QByteArray out = process->readAllStandardOutput();
    const QString err = QString::fromUtf8(process->readAllStandardError()).trimmed();
    disconnect(process, nullptr, this, nullptr);
    process->deleteLater();

    if (crashed || exitCode != 0) {
        QString detail = err.section(u'\n', -1).trimmed();
        if (detail.startsWith(kListingErrorPrefix))
            detail = detail.mid(kListingErrorPrefix.size());
        const QString what = crashed ? QStringLiteral("rbee-worker --list-devices crashed")
                                     : QStringLiteral("rbee-worker --list-devices exited with code %1").arg(exitCode);
        fail(ErrorCode::WorkerError, detail.isEmpty() ? what : what + QStringLiteral(": ") + detail);
        return;
    }
    Result<QList<ListedDevice>> devices = ListedDevice::parseList(out);
    if (!devices) {
        fail(ErrorCode::WorkerError,
             QStringLiteral("rbee-worker --list-devices printed no device list (%1)").arg(devices.error().message));
        return;
    }
    qCDebug(lcClient) << "listed" << devices.value().size() << "devices";
    Q_EMIT listed(devices.value());
}

void DeviceListing::fail(ErrorCode code, const QString &message)
{
    qCInfo(lcClient).noquote() << "listing devices failed:" << message;
    Q_EMIT failed(Error{code, message});
}

}  // namespace rbee::core

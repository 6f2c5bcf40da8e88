// One worker process of the hive; see managedworker.h.
#include "managedworker.h"

#include "core/logging.h"
#include "core/protocol/endpoints.h"

#include <QDateTime>
#include <QUrl>

#ifdef Q_OS_LINUX
#include <csignal>
#include <sys/prctl.h>
#endif

namespace rbee::hive {

ManagedWorker::ManagedWorker(const core::HiveWorker &info, std::function<QString()> urlHost, QObject *parent)
    : QObject(parent)
    , m_info(info)
    , m_urlHost(std::move(urlHost))
{
    m_info.status = QStringLiteral("starting");
    m_process.setProcessChannelMode(QProcess::MergedChannels);
#ifdef Q_OS_LINUX
    // A worker must not outlive its hive: a hive that was killed can no longer stop it, and the
    // queen would keep sending jobs to a worker nobody manages. SIGTERM lets it drain like a stop.
    m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
#endif
    m_killTimer.setSingleShot(true);
    connect(&m_killTimer, &QTimer::timeout, this, [this] {
        if (m_process.state() != QProcess::NotRunning) {
            qCWarning(lcHive).noquote() << "worker" << m_info.workerId << "did not stop in time; killing it";
            m_process.kill();
        }
    });
    connect(&m_process, &QProcess::readyRead, this, &ManagedWorker::onOutput);
    connect(&m_process, &QProcess::finished, this, &ManagedWorker::onFinished);
    connect(&m_process, &QProcess::errorOccurred, this, &ManagedWorker::onError);
}

ManagedWorker::~ManagedWorker()
{
    // Never leave an orphan behind: the hive normally stops its workers before it goes.
    m_process.disconnect(this);
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

void ManagedWorker::start(const QString &program, const QStringList &arguments, const QProcessEnvironment &environment)
{
    m_process.setProcessEnvironment(environment);
    m_process.start(program, arguments);
    m_info.pid = m_process.processId();
}

void ManagedWorker::stop(int graceMs)
{
    if (m_process.state() == QProcess::NotRunning || m_info.status == QLatin1String("stopping"))
        return;
    m_info.status = QStringLiteral("stopping");
    m_process.terminate();
    m_killTimer.start(graceMs);
    Q_EMIT changed();
}

QString ManagedWorker::exitText(int exitCode, QProcess::ExitStatus status)
{
    if (status == QProcess::CrashExit)
        return exitCode > 0 ? QStringLiteral("killed by signal %1").arg(exitCode) : QStringLiteral("crashed");
    return QStringLiteral("exit code %1").arg(exitCode);
}

QByteArray ManagedWorker::log() const
{
    QByteArray out;
    for (const QByteArray &line : m_lines)
        out += line + '\n';
    if (!m_partial.isEmpty())
        out += m_partial + '\n';
    return out;
}

QString ManagedWorker::logTail(int lines) const
{
    QStringList out;
    for (auto it = m_lines.size() > size_t(lines) ? m_lines.end() - lines : m_lines.begin(); it != m_lines.end(); ++it)
        out.append(QString::fromUtf8(*it));
    return out.join(QLatin1String(" | "));
}

void ManagedWorker::onOutput()
{
    m_partial += m_process.readAll();
    qsizetype newline;
    while ((newline = m_partial.indexOf('\n')) >= 0) {
        addLine(m_partial.left(newline));
        m_partial.remove(0, newline + 1);
    }
    if (m_partial.size() > kMaxLineChars) {  // a line without end: cut it, never hold it all
        addLine(m_partial);
        m_partial.clear();
    }
}

void ManagedWorker::addLine(const QByteArray &rawLine)
{
    QByteArray line = rawLine.left(kMaxLineChars);
    if (line.endsWith('\r'))
        line.chop(1);
    m_lines.push_back(line);
    while (m_lines.size() > size_t(kLogLines))
        m_lines.pop_front();
    const QByteArray banner = QByteArray(core::Endpoint::kWorkerListening) + ' ';
    if (m_info.status != QLatin1String("starting") || !line.startsWith(banner))
        return;
    const QUrl listened(QString::fromUtf8(line.mid(banner.size()).trimmed()));
    if (!listened.isValid() || listened.port() <= 0)
        return;
    m_info.port = listened.port();
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(m_urlHost());
    url.setPort(m_info.port);
    m_info.url = url.toString();
    m_info.status = QStringLiteral("running");
    Q_EMIT listening();
    Q_EMIT changed();
}

void ManagedWorker::onFinished(int exitCode, QProcess::ExitStatus status)
{
    onOutput();
    if (!m_partial.isEmpty()) {
        addLine(m_partial);
        m_partial.clear();
    }
    m_killTimer.stop();
    m_info.status = QStringLiteral("exited");
    m_info.exitText = exitText(exitCode, status);
    m_exitedAtMs = QDateTime::currentMSecsSinceEpoch();
    qCInfo(lcHive).noquote() << "worker" << m_info.workerId << "exited:" << m_info.exitText;
    Q_EMIT exited();
    Q_EMIT changed();
}

void ManagedWorker::onError(QProcess::ProcessError error)
{
    if (error != QProcess::FailedToStart)
        return;  // the others end in finished()
    addLine("cannot start " + m_process.program().toUtf8() + ": " + m_process.errorString().toUtf8());
    m_info.status = QStringLiteral("exited");
    m_info.exitText = QStringLiteral("failed to start");
    m_exitedAtMs = QDateTime::currentMSecsSinceEpoch();
    Q_EMIT exited();
    Q_EMIT changed();
}

}  // namespace rbee::hive

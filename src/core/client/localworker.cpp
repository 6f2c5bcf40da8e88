// The rbee-worker child process: start, output lines into the bounded log, the "listening on"
// line, stop with SIGTERM then SIGKILL, and the exit report; see localworker.h.
#include "localworker.h"

#include <algorithm>

#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>

#include "../logging.h"
#include "../protocol/endpoints.h"

#ifdef Q_OS_UNIX
#include <csignal>
#endif
#ifdef Q_OS_LINUX
#include <sys/prctl.h>
#endif

namespace rbee::core {

namespace {
// A line longer than this without a newline is logged in pieces rather than held forever.
constexpr qsizetype kMaxLineBytes = 64 * 1024;
const QLatin1String kErrorPrefix("rbee-worker: error: ");
}  // namespace

LocalWorker::LocalWorker(QObject *parent) : QObject(parent)
{
    m_killTimer.setSingleShot(true);
    connect(&m_killTimer, &QTimer::timeout, this, [this] {
        if (!m_process || m_process->state() == QProcess::NotRunning)
            return;
        appendLine(QStringLiteral("rbee-worker did not stop within %1 s; killing it").arg(m_killTimeoutMs / 1000.0),
                   false);
        m_process->kill();
    });
}

LocalWorker::~LocalWorker()
{
    if (m_process) {
        disconnect(m_process, nullptr, this, nullptr);
        if (m_process->state() != QProcess::NotRunning) {
            m_process->kill();
            m_process->waitForFinished(3000);  // SIGKILL: the process is gone at once
        }
    }
}

QStringList LocalWorker::arguments(const Settings &settings)
{
    QStringList args{QStringLiteral("--model"), settings.modelPath,           QStringLiteral("--port"),
                     QStringLiteral("0"),       QStringLiteral("--slots"),    QString::number(settings.slots),
                     QStringLiteral("--ctx"),   QString::number(settings.ctx)};
    if (settings.threads > 0)
        args << QStringLiteral("--threads") << QString::number(settings.threads);
    if (settings.queenUrl.isValid() && !settings.queenUrl.isEmpty())
        args << QStringLiteral("--queen") << settings.queenUrl.toString();
    if (!settings.host.isEmpty())
        args << QStringLiteral("--host") << settings.host;
    if (!settings.device.isEmpty())
        args << QStringLiteral("--device") << settings.device;
    if (!settings.gpuLayers.isEmpty())
        args << QStringLiteral("--gpu-layers") << settings.gpuLayers;
    return args;
}

QProcessEnvironment LocalWorker::environment(const Settings &settings)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QStringList keys = env.keys();
    for (const QString &key : keys) {
        if (key.startsWith(QLatin1String("RBEE_")))
            env.remove(key);
    }
    if (!settings.token.isEmpty())
        env.insert(QStringLiteral("RBEE_TOKEN"), settings.token);
    return env;
}

bool LocalWorker::start(const Settings &settings)
{
    if (m_state != State::NotRunning) {
        qCWarning(lcClient) << "a local worker is already running; not starting another";
        return false;
    }
    m_url.clear();
    m_lastError.clear();
    m_settings = settings;
    m_exited = false;
    m_stdoutPartial.clear();
    m_stderrPartial.clear();

    auto *process = new QProcess(this);
    m_process = process;
    process->setProgram(settings.workerBinary);
    process->setArguments(arguments(settings));
    process->setProcessEnvironment(environment(settings));
    process->setProcessChannelMode(QProcess::SeparateChannels);
#ifdef Q_OS_LINUX
    // A worker must not outlive an app that crashed; SIGTERM lets it drain like a normal stop.
    process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
#endif
    connect(process, &QProcess::readyReadStandardOutput, this, [this, process] { readOutput(*process, false); });
    connect(process, &QProcess::readyReadStandardError, this, [this, process] { readOutput(*process, true); });
    connect(process, &QProcess::finished, this, [this, process](int exitCode, QProcess::ExitStatus status) {
        if (process == m_process)
            onFinished(exitCode, status == QProcess::CrashExit);
    });
    connect(process, &QProcess::errorOccurred, this, [this, process](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart || process != m_process)
            return;  // other errors end in finished()
        m_lastError = QStringLiteral("cannot start %1: %2").arg(process->program(), process->errorString());
        appendLine(m_lastError, true);
        onFinished(-1, true);
    });

    qCInfo(lcClient).noquote() << "starting" << settings.workerBinary << arguments(settings).join(u' ');
    setState(State::Starting);
    process->start();
    return true;
}

void LocalWorker::stop()
{
    if (!m_process || (m_state != State::Starting && m_state != State::Running))
        return;
    setState(State::Stopping);
    m_process->terminate();
    m_killTimer.start(m_killTimeoutMs);
}

QString LocalWorker::signalName(int signal)
{
#ifdef Q_OS_UNIX
    switch (signal) {
    case SIGKILL: return tr("killed");
    case SIGTERM: return tr("terminated");
    case SIGINT: return tr("interrupted");
    case SIGHUP: return tr("hang-up");
    case SIGABRT: return tr("aborted");
    case SIGSEGV: return tr("segmentation fault");
    case SIGBUS: return tr("bus error");
    case SIGILL: return tr("illegal instruction");
    case SIGFPE: return tr("arithmetic error");
    default: break;
    }
#endif
    return QString::number(signal);
}

QString LocalWorker::exitDescription() const
{
    if (!m_exited || m_state != State::NotRunning)
        return QString();
    QString how;
    if (m_crashed && m_exitCode < 0)
        how = tr("The worker could not be started.");
    else if (m_crashed)
        how = tr("The worker was stopped by signal %1 (%2).").arg(m_exitCode).arg(signalName(m_exitCode));
    else if (m_exitCode != 0)
        how = tr("The worker exited with code %1.").arg(m_exitCode);
    else
        how = tr("The worker stopped.");
    return m_lastError.isEmpty() ? how : how + u' ' + m_lastError;
}

qint64 LocalWorker::processId() const
{
    return m_process ? m_process->processId() : 0;
}

void LocalWorker::setMaxLogLines(int lines)
{
    m_maxLogLines = std::max(1, lines);
    if (m_log.size() > m_maxLogLines)
        m_log.remove(0, m_log.size() - m_maxLogLines);
}

void LocalWorker::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void LocalWorker::readOutput(QProcess &process, bool fromStderr)
{
    QByteArray &partial = fromStderr ? m_stderrPartial : m_stdoutPartial;
    partial += fromStderr ? process.readAllStandardError() : process.readAllStandardOutput();
    qsizetype start = 0;
    while (true) {
        const qsizetype newline = partial.indexOf('\n', start);
        if (newline < 0)
            break;
        QByteArray line = partial.mid(start, newline - start);
        if (line.endsWith('\r'))
            line.chop(1);
        appendLine(QString::fromUtf8(line), fromStderr);
        start = newline + 1;
    }
    partial.remove(0, start);
    while (partial.size() > kMaxLineBytes) {
        appendLine(QString::fromUtf8(partial.left(kMaxLineBytes)), fromStderr);
        partial.remove(0, kMaxLineBytes);
    }
}

void LocalWorker::appendLine(const QString &line, bool fromStderr)
{
    if (fromStderr && line.startsWith(kErrorPrefix))
        m_lastError = line.mid(kErrorPrefix.size());
    m_log.append(line);
    if (m_log.size() > m_maxLogLines)
        m_log.removeFirst();
    Q_EMIT logAppended(line);

    if (!fromStderr && m_state == State::Starting) {
        static const QRegularExpression listeningLine(
            QStringLiteral("^%1 (http://\\S+)$")
                .arg(QRegularExpression::escape(QLatin1String(Endpoint::kWorkerListening))));
        const auto match = listeningLine.match(line);
        if (match.hasMatch()) {
            const QUrl url(match.captured(1), QUrl::StrictMode);
            if (url.isValid() && url.port() > 0) {
                m_url = url;
                setState(State::Running);
                Q_EMIT listening(url);
            }
        }
    }
}

void LocalWorker::onFinished(int exitCode, bool crashed)
{
    m_killTimer.stop();
    QProcess *process = m_process;
    m_process = nullptr;
    if (process) {
        // The pipes may still hold the last lines; whatever has no newline is a line of its own.
        readOutput(*process, false);
        readOutput(*process, true);
        if (!m_stdoutPartial.isEmpty())
            appendLine(QString::fromUtf8(m_stdoutPartial), false);
        if (!m_stderrPartial.isEmpty())
            appendLine(QString::fromUtf8(m_stderrPartial), true);
        m_stdoutPartial.clear();
        m_stderrPartial.clear();
        disconnect(process, nullptr, this, nullptr);
        process->deleteLater();
    }
    qCInfo(lcClient) << "local worker exited with" << exitCode << (crashed ? "(crashed)" : "");
    m_exitCode = exitCode;
    m_crashed = crashed;
    m_exited = true;
    setState(State::NotRunning);
    Q_EMIT exited(exitCode, crashed, m_lastError);
}

}  // namespace rbee::core

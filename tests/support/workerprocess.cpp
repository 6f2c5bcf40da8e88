// Implementation of WorkerProcess.
#include "workerprocess.h"

#include <QRegularExpression>

namespace rbee::test {

QString workerBinary()
{
    return QStringLiteral(RBEE_WORKER_BIN);
}

QString tinyModelPath()
{
    return QStringLiteral(RBEE_TINY_MODEL);
}

WorkerProcess::~WorkerProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

bool WorkerProcess::start(const QStringList &arguments, int timeoutMs)
{
    QStringList args = arguments;
    if (!args.contains(QStringLiteral("--port")))
        args << QStringLiteral("--port") << QStringLiteral("0");
    if (!args.contains(QStringLiteral("--threads")))
        args << QStringLiteral("--threads") << QStringLiteral("1");
    m_process.setProgram(workerBinary());
    m_process.setArguments(args);
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.start();
    if (!m_process.waitForStarted(timeoutMs)) {
        m_error = QStringLiteral("cannot start %1: %2").arg(workerBinary(), m_process.errorString());
        return false;
    }
    static const QRegularExpression re(QStringLiteral("^rbee-worker listening on (http://\\S+)$"));
    QByteArray out;
    const bool found = waitFor([&] {
        m_process.waitForReadyRead(50);
        out += m_process.readAllStandardOutput();
        return out.contains('\n') || m_process.state() == QProcess::NotRunning;
    }, timeoutMs);
    const auto match = re.match(QString::fromUtf8(out).trimmed());
    if (!found || !match.hasMatch()) {
        m_error = QStringLiteral("no listening line; stdout: '%1' stderr: '%2'")
                      .arg(QString::fromUtf8(out), QString::fromUtf8(stderrText()));
        return false;
    }
    m_base = QUrl(match.captured(1));
    return true;
}

bool WorkerProcess::waitReady(int timeoutMs)
{
    const bool ready = waitFor([&] {
        if (m_process.state() == QProcess::NotRunning)
            return true;
        const auto r = httpRequest("GET", url(QStringLiteral("/health")), {}, {}, 2000);
        return r.json.value(QStringLiteral("status")).toString() == QLatin1String("ready");
    }, timeoutMs, 50);
    if (!ready || m_process.state() == QProcess::NotRunning) {
        m_error = QStringLiteral("worker not ready; stderr: %1").arg(QString::fromUtf8(stderrText()));
        return false;
    }
    return true;
}

QUrl WorkerProcess::url(const QString &path) const
{
    QUrl u = m_base;
    u.setPath(path);
    return u;
}

QByteArray WorkerProcess::stderrText()
{
    m_stderr += m_process.readAllStandardError();
    return m_stderr;
}

int WorkerProcess::slotsBusy()
{
    const auto r = httpRequest("GET", url(QStringLiteral("/health")), {}, {}, 2000);
    if (r.status != 200)
        return -1;
    return r.json.value(QStringLiteral("slots_busy")).toInt(-1);
}

void WorkerProcess::terminate()
{
    m_process.terminate();
}

}  // namespace rbee::test

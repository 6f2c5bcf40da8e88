// Implementation of ServerProcess, WorkerProcess and QueenProcess.
#include "serverprocess.h"

#include <cstdio>

#include <QRegularExpression>

namespace rbee::test {

QString workerBinary()
{
    return QStringLiteral(RBEE_WORKER_BIN);
}

QString rbeeBinary()
{
    return QStringLiteral(RBEE_BIN);
}

QString tinyModelPath()
{
    return QStringLiteral(RBEE_TINY_MODEL);
}

ServerProcess::~ServerProcess()
{
    kill();
}

void ServerProcess::kill()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
    // A sanitizer report from the server ends with "SUMMARY: ...Sanitizer"; it goes to the test's
    // own output, where ctest's FAIL_REGULAR_EXPRESSION of the sanitizer builds fails the test.
    const QByteArray err = stderrText();
    if (!m_reported && err.contains("Sanitizer")) {
        m_reported = true;
        std::fprintf(stderr, "--- stderr of %s ---\n%s\n", qPrintable(m_process.program()), err.constData());
    }
}

bool ServerProcess::startProgram(const QString &program, const QStringList &arguments, const QString &banner,
                                 int timeoutMs)
{
    m_process.setProgram(program);
    m_process.setArguments(arguments);
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.start();
    if (!m_process.waitForStarted(timeoutMs)) {
        m_error = QStringLiteral("cannot start %1: %2").arg(program, m_process.errorString());
        return false;
    }
    const QRegularExpression re(QStringLiteral("^%1 (http://\\S+)$").arg(QRegularExpression::escape(banner)));
    QByteArray out;
    const bool found = waitFor(
        [&] {
            m_process.waitForReadyRead(50);
            out += m_process.readAllStandardOutput();
            return out.contains('\n') || m_process.state() == QProcess::NotRunning;
        },
        timeoutMs);
    const auto match = re.match(QString::fromUtf8(out).trimmed());
    if (!found || !match.hasMatch()) {
        m_error = QStringLiteral("no '%1' line; stdout: '%2' stderr: '%3'")
                      .arg(banner, QString::fromUtf8(out), QString::fromUtf8(stderrText()));
        return false;
    }
    m_base = QUrl(match.captured(1));
    return true;
}

QUrl ServerProcess::url(const QString &path) const
{
    QUrl u = m_base;
    u.setPath(path);
    return u;
}

QByteArray ServerProcess::stderrText()
{
    m_stderr += m_process.readAllStandardError();
    return m_stderr;
}

bool WorkerProcess::start(const QStringList &arguments, int timeoutMs)
{
    QStringList args = arguments;
    if (!args.contains(QStringLiteral("--port")))
        args << QStringLiteral("--port") << QStringLiteral("0");
    if (!args.contains(QStringLiteral("--threads")))
        args << QStringLiteral("--threads") << QStringLiteral("1");
    return startProgram(workerBinary(), args, QStringLiteral("rbee-worker listening on"), timeoutMs);
}

bool WorkerProcess::waitReady(int timeoutMs)
{
    const bool ready = waitFor(
        [&] {
            if (process().state() == QProcess::NotRunning)
                return true;
            const auto r = httpRequest("GET", url(QStringLiteral("/health")), {}, {}, 2000);
            return r.json.value(QStringLiteral("status")).toString() == QLatin1String("ready");
        },
        timeoutMs, 50);
    if (!ready || process().state() == QProcess::NotRunning) {
        m_error = QStringLiteral("worker not ready; stderr: %1").arg(QString::fromUtf8(stderrText()));
        return false;
    }
    return true;
}

int WorkerProcess::slotsBusy()
{
    const auto r = httpRequest("GET", url(QStringLiteral("/health")), {}, {}, 2000);
    if (r.status != 200)
        return -1;
    return r.json.value(QStringLiteral("slots_busy")).toInt(-1);
}

bool QueenProcess::start(const QStringList &arguments, int timeoutMs)
{
    QStringList args{QStringLiteral("--serve")};
    args << arguments;
    if (!args.contains(QStringLiteral("--port")))
        args << QStringLiteral("--port") << QStringLiteral("0");
    return startProgram(rbeeBinary(), args, QStringLiteral("rbee queen listening on"), timeoutMs);
}

}  // namespace rbee::test

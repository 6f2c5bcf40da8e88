// WorkerProcess: a real rbee-worker child process on an ephemeral port, for integration tests.
// Starts it, reads its "listening" line, waits for /health to say ready, and kills it at the end.
#pragma once

#include "testhttp.h"

#include <QProcess>
#include <QStringList>
#include <QUrl>

namespace rbee::test {

// Paths baked in by CMake.
QString workerBinary();
QString tinyModelPath();

class WorkerProcess {
public:
    WorkerProcess() = default;
    ~WorkerProcess();
    WorkerProcess(const WorkerProcess &) = delete;
    WorkerProcess &operator=(const WorkerProcess &) = delete;

    // --port 0 --threads 1 are added unless given. Returns false with errorString() on failure.
    bool start(const QStringList &arguments, int timeoutMs = 30000);
    bool waitReady(int timeoutMs = 30000);
    QUrl url(const QString &path = {}) const;
    QProcess &process() { return m_process; }
    QString errorString() const { return m_error; }
    QByteArray stderrText();
    // slots_busy from /health, or -1.
    int slotsBusy();
    void terminate();  // SIGTERM

private:
    QProcess m_process;
    QUrl m_base;
    QString m_error;
    QByteArray m_stderr;
};

}  // namespace rbee::test

// ServerProcess: a real rbee server process (rbee-worker or rbee --serve) on an ephemeral port
// for integration tests: started, its "listening on" line read, killed at the end.
#pragma once

#include "testhttp.h"

#include <QProcess>
#include <QStringList>
#include <QUrl>

namespace rbee::test {

// Paths baked in by CMake.
QString workerBinary();
QString rbeeBinary();
QString tinyModelPath();

class ServerProcess {
public:
    ServerProcess() = default;
    virtual ~ServerProcess();
    ServerProcess(const ServerProcess &) = delete;
    ServerProcess &operator=(const ServerProcess &) = delete;

    // Starts `program` and waits for a stdout line "<banner> http://HOST:PORT".
    bool startProgram(const QString &program, const QStringList &arguments, const QString &banner,
                      int timeoutMs = 30000);
    QUrl url(const QString &path = {}) const;
    QProcess &process() { return m_process; }
    QString errorString() const { return m_error; }
    QByteArray stderrText();
    void terminate() { m_process.terminate(); }
    void kill();

protected:
    QString m_error;

private:
    QProcess m_process;
    QUrl m_base;
    QByteArray m_stderr;
    bool m_reported = false;
};

class WorkerProcess : public ServerProcess {
public:
    // --port 0 --threads 1 are added unless given.
    bool start(const QStringList &arguments, int timeoutMs = 30000);
    bool waitReady(int timeoutMs = 30000);
    // slots_busy from /health, or -1.
    int slotsBusy();
};

class QueenProcess : public ServerProcess {
public:
    // --port 0 is added unless given.
    bool start(const QStringList &arguments = {}, int timeoutMs = 30000);
};

}  // namespace rbee::test

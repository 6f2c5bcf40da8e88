// LocalWorker: one rbee-worker child process started by the app: its command line and
// environment, the URL it listens on, a bounded log of its output, and a graceful stop.
// It does not talk to the worker over HTTP; the app matches the registry's record by url().
#pragma once

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <QUrl>

class QProcess;
class QProcessEnvironment;

namespace rbee::core {

class LocalWorker : public QObject {
    Q_OBJECT
public:
    enum class State { NotRunning, Starting, Running, Stopping };
    Q_ENUM(State)

    struct Settings {
        QString workerBinary;
        QString modelPath;
        int slots = 4;
        int threads = 0;  // 0 = the worker's default (all cores)
        int ctx = 4096;
        QUrl queenUrl;      // heartbeats go here when valid
        QString host;       // the address it listens on (--host); empty: the worker's default, 127.0.0.1
        QString token;      // passed as RBEE_TOKEN in the environment, never on the command line
        QString device;     // --device, as `rbee-worker --list-devices` names it; empty: the worker's default
        QString gpuLayers;  // --gpu-layers: "auto", "all" or a number; empty: the worker's default (auto)

        // The defaults above, on `modelPath`.
        static Settings forModel(const QString &modelPath)
        {
            Settings s;
            s.modelPath = modelPath;
            return s;
        }
    };

    static constexpr int kDefaultMaxLogLines = 2000;
    static constexpr int kDefaultKillTimeoutMs = 10000;

    explicit LocalWorker(QObject *parent = nullptr);
    // Kills a worker that is still running (call stop() and wait for exited() to stop gracefully).
    ~LocalWorker() override;

    // --model P --port 0 --slots N --ctx C [--threads T] [--queen URL] [--host H] [--device D] [--gpu-layers G]
    static QStringList arguments(const Settings &settings);
    // The app's environment without RBEE_* variables (the settings are the whole configuration),
    // plus RBEE_TOKEN when a token is set.
    static QProcessEnvironment environment(const Settings &settings);

    // Starts the worker when none is running (otherwise does nothing and returns false).
    bool start(const Settings &settings);
    // SIGTERM (the worker drains and exits 0), SIGKILL if it is still there after the kill timeout.
    void stop();

    State state() const { return m_state; }
    // http://HOST:PORT from the worker's "listening on" line; empty until then, kept after exit
    // (so the app can still find the registry's record) until the next start().
    QUrl url() const { return m_url; }
    // The last maxLogLines() lines of stdout and stderr, oldest first.
    QStringList log() const { return m_log; }
    int maxLogLines() const { return m_maxLogLines; }
    void setMaxLogLines(int lines);
    // The message of the last "rbee-worker: error: ..." line of the current or last run.
    QString lastError() const { return m_lastError; }
    // The settings of the current or last start(), to start it again as it was.
    const Settings &settings() const { return m_settings; }
    // How the last run ended, in words for the user (translated): "The worker was stopped by
    // signal 9 (killed).", "The worker exited with code 3.", followed by lastError() when there is
    // one. Empty while running or before the first run.
    QString exitDescription() const;
    // "killed", "terminated", "segmentation fault", … (translated); the number alone for others.
    static QString signalName(int signal);
    void setKillTimeout(int ms) { m_killTimeoutMs = ms; }
    qint64 processId() const;

Q_SIGNALS:
    void stateChanged(rbee::core::LocalWorker::State state);
    void listening(const QUrl &url);
    void logAppended(const QString &line);
    // exitCode is the process's exit status; when crashed it is the signal that ended it (-1 when
    // the process could not be started at all). lastError is as lastError().
    void exited(int exitCode, bool crashed, const QString &lastError);

private:
    void setState(State state);
    void readOutput(QProcess &process, bool fromStderr);
    void appendLine(const QString &line, bool fromStderr);
    void onFinished(int exitCode, bool crashed);

    QPointer<QProcess> m_process;
    State m_state = State::NotRunning;
    QUrl m_url;
    QStringList m_log;
    QByteArray m_stdoutPartial;
    QByteArray m_stderrPartial;
    QString m_lastError;
    Settings m_settings;
    int m_exitCode = 0;
    bool m_crashed = false;
    bool m_exited = false;
    int m_maxLogLines = kDefaultMaxLogLines;
    int m_killTimeoutMs = kDefaultKillTimeoutMs;
    QTimer m_killTimer;
};

}  // namespace rbee::core

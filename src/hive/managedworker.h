// ManagedWorker: one rbee-worker process a hive started: its life (starting until it prints its
// "listening on" line, running, stopping, exited with the reason), the last kLogLines lines it
// wrote, and its stop: SIGTERM, then SIGKILL after the grace period. Knows nothing of HTTP.
#pragma once

#include "core/protocol/hivereport.h"

#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QTimer>

#include <deque>

namespace rbee::hive {

class ManagedWorker : public QObject {
    Q_OBJECT
public:
    static constexpr int kLogLines = 200;
    static constexpr int kMaxLineChars = 4096;

    // `urlHost`: the host its URL names (the address it listens on, as others reach it).
    ManagedWorker(const core::HiveWorker &info, const QString &urlHost, QObject *parent = nullptr);
    ~ManagedWorker() override;

    // Starts `program` with `arguments` (no shell) in `environment`.
    void start(const QString &program, const QStringList &arguments, const QProcessEnvironment &environment);
    // SIGTERM now, SIGKILL after graceMs; nothing once it exited.
    void stop(int graceMs);

    const core::HiveWorker &info() const { return m_info; }
    bool isLive() const { return m_info.status != QLatin1String("exited"); }
    qint64 exitedAtMs() const { return m_exitedAtMs; }
    // The last kLogLines lines of its stdout and stderr.
    QByteArray log() const;
    QString logTail(int lines) const;

    // "exit code N" or "killed by signal N" as QProcess reports the end (on Unix, a crash's
    // exit code is the signal's number).
    static QString exitText(int exitCode, QProcess::ExitStatus status);

Q_SIGNALS:
    void listening();  // status is running, url and port known
    void exited();     // status is exited, exitText says how
    void changed();

private:
    void onOutput();
    void addLine(const QByteArray &line);
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onError(QProcess::ProcessError error);

    core::HiveWorker m_info;
    QString m_urlHost;
    QProcess m_process;
    QTimer m_killTimer;
    QByteArray m_partial;
    std::deque<QByteArray> m_lines;
    qint64 m_exitedAtMs = 0;
};

}  // namespace rbee::hive

// RssMonitor: samples the resident set size (VmRSS in /proc/PID/status) of the processes under
// test, keeps each one's baseline and peak, and says which grew past a bound.
// Reading /proc sends nothing to the servers, so it may run during a silent burst.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace rbee::test {

class RssMonitor {
public:
    void add(const QString &name, qint64 pid);
    // Takes a sample of every process; the first one is the baseline.
    void sample();
    // Starts the baselines again from the next sample (after warm-up).
    void resetBaseline();
    // "worker: 41.2 MiB -> peak 44.0 MiB, now 43.1 MiB" per process.
    QString summary() const;
    // The processes whose peak grew more than `boundKb` over their baseline.
    QStringList overBound(qint64 boundKb) const;

private:
    struct Process {
        QString name;
        qint64 pid = 0;
        qint64 baselineKb = -1;
        qint64 peakKb = -1;
        qint64 lastKb = -1;
    };
    QList<Process> m_processes;
};

}  // namespace rbee::test

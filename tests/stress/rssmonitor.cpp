// Sampling of /proc/PID/status; see rssmonitor.h.
#include "rssmonitor.h"

#include "processmemory.h"

namespace rbee::test {

void RssMonitor::add(const QString &name, qint64 pid)
{
    m_processes.append(Process{name, pid});
}

void RssMonitor::sample()
{
    for (Process &p : m_processes) {
        const qint64 kb = residentKiB(p.pid);
        if (kb < 0)
            continue;
        p.lastKb = kb;
        if (p.baselineKb < 0)
            p.baselineKb = kb;
        p.peakKb = qMax(p.peakKb, kb);
    }
}

void RssMonitor::resetBaseline()
{
    for (Process &p : m_processes) {
        p.baselineKb = -1;
        p.peakKb = -1;
    }
}

QString RssMonitor::summary() const
{
    QStringList parts;
    for (const Process &p : m_processes) {
        parts << QStringLiteral("%1: %2 MiB after warm-up -> peak %3 MiB, last %4 MiB")
                     .arg(p.name)
                     .arg(p.baselineKb / 1024.0, 0, 'f', 1)
                     .arg(p.peakKb / 1024.0, 0, 'f', 1)
                     .arg(p.lastKb / 1024.0, 0, 'f', 1);
    }
    return parts.join(QStringLiteral("; "));
}

QStringList RssMonitor::overBound(qint64 boundKb) const
{
    QStringList out;
    for (const Process &p : m_processes) {
        if (p.baselineKb < 0)
            out << QStringLiteral("%1: RSS could not be read").arg(p.name);
        else if (p.peakKb - p.baselineKb > boundKb)
            out << QStringLiteral("%1: RSS grew by %2 MiB (bound %3 MiB)")
                       .arg(p.name)
                       .arg((p.peakKb - p.baselineKb) / 1024.0, 0, 'f', 1)
                       .arg(boundKb / 1024);
    }
    return out;
}

}  // namespace rbee::test

// QueenMetrics: the queen's counters and the time-to-first-token histogram, rendered in the
// Prometheus text format by GET /metrics. Plain value object, updated on the main thread.
#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>

#include <array>

namespace rbee::core {

class HiveRegistry;
class WorkerRegistry;

class QueenMetrics {
public:
    static constexpr std::array<double, 10> kTtftBucketsS{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

    void jobEnded(const QString &outcome) { ++m_jobs[outcome]; }
    void firstToken(double seconds);
    void tokensRelayed(qint64 n) { m_tokens += n; }
    void heartbeatAccepted() { ++m_heartbeatsAccepted; }
    void heartbeatRejected(const QString &reason) { ++m_heartbeatsRejected[reason]; }

    // `hives`: rbee_hives{status} too (the queen has them; a bare registry in tests may not).
    QByteArray render(const WorkerRegistry &registry, int queueDepth, int runningJobs,
                      const HiveRegistry *hives = nullptr) const;

private:
    QMap<QString, qint64> m_jobs;
    std::array<qint64, kTtftBucketsS.size()> m_ttftBuckets{};
    qint64 m_ttftCount = 0;
    double m_ttftSum = 0;
    qint64 m_tokens = 0;
    qint64 m_heartbeatsAccepted = 0;
    QMap<QString, qint64> m_heartbeatsRejected;
};

}  // namespace rbee::core

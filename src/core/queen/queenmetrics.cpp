// Prometheus text exposition of QueenMetrics.
#include "queenmetrics.h"

#include "../registry/hiveregistry.h"
#include "../registry/workerregistry.h"

namespace rbee::core {

void QueenMetrics::firstToken(double seconds)
{
    ++m_ttftCount;
    m_ttftSum += seconds;
    for (size_t i = 0; i < kTtftBucketsS.size(); ++i) {
        if (seconds <= kTtftBucketsS[i])
            ++m_ttftBuckets[i];
    }
}

QByteArray QueenMetrics::render(const WorkerRegistry &registry, int queueDepth, int runningJobs,
                                const HiveRegistry *hives) const
{
    QByteArray out;
    auto line = [&](const QByteArray &text) { out += text + '\n'; };
    auto num = [](double v) { return QByteArray::number(v, 'g', 12); };

    line("# HELP rbee_workers Workers known to the queen, by status.");
    line("# TYPE rbee_workers gauge");
    QMap<QString, int> byStatus;  // every status, also at 0; sorted by name
    for (const DisplayStatus s : kDisplayStatuses)
        byStatus.insert(displayStatusName(s), 0);
    for (const auto &w : registry.workers())
        ++byStatus[displayStatusName(w.displayStatus())];
    for (auto it = byStatus.cbegin(); it != byStatus.cend(); ++it)
        line("rbee_workers{status=\"" + it.key().toUtf8() + "\"} " + QByteArray::number(it.value()));

    if (hives) {
        line("# HELP rbee_hives Hives known to the queen, by status.");
        line("# TYPE rbee_hives gauge");
        const int online = hives->onlineCount();
        line("rbee_hives{status=\"" + displayStatusName(DisplayStatus::Offline).toUtf8() + "\"} "
             + QByteArray::number(hives->count() - online));
        line("rbee_hives{status=\"" + displayStatusName(DisplayStatus::Ready).toUtf8() + "\"} "
             + QByteArray::number(online));
    }

    line("# HELP rbee_jobs_total Jobs that ended, by outcome.");
    line("# TYPE rbee_jobs_total counter");
    for (const char *o : {"completed", "failed", "cancelled", "rejected"})
        line("rbee_jobs_total{outcome=\"" + QByteArray(o) + "\"} "
             + QByteArray::number(m_jobs.value(QString::fromLatin1(o))));

    line("# HELP rbee_jobs_running Jobs dispatched to a worker and not ended.");
    line("# TYPE rbee_jobs_running gauge");
    line("rbee_jobs_running " + QByteArray::number(runningJobs));
    line("# HELP rbee_queue_depth Jobs waiting for a free worker slot.");
    line("# TYPE rbee_queue_depth gauge");
    line("rbee_queue_depth " + QByteArray::number(queueDepth));

    line("# HELP rbee_time_to_first_token_seconds From job submission to the first token relayed.");
    line("# TYPE rbee_time_to_first_token_seconds histogram");
    for (size_t i = 0; i < kTtftBucketsS.size(); ++i)
        line("rbee_time_to_first_token_seconds_bucket{le=\"" + num(kTtftBucketsS[i]) + "\"} "
             + QByteArray::number(m_ttftBuckets[i]));
    line("rbee_time_to_first_token_seconds_bucket{le=\"+Inf\"} " + QByteArray::number(m_ttftCount));
    line("rbee_time_to_first_token_seconds_sum " + num(m_ttftSum));
    line("rbee_time_to_first_token_seconds_count " + QByteArray::number(m_ttftCount));

    line("# HELP rbee_tokens_relayed_total Token events relayed from workers to clients.");
    line("# TYPE rbee_tokens_relayed_total counter");
    line("rbee_tokens_relayed_total " + QByteArray::number(m_tokens));

    line("# HELP rbee_heartbeats_total Heartbeats received, by result and reason.");
    line("# TYPE rbee_heartbeats_total counter");
    line("rbee_heartbeats_total{result=\"accepted\",reason=\"\"} " + QByteArray::number(m_heartbeatsAccepted));
    for (auto it = m_heartbeatsRejected.cbegin(); it != m_heartbeatsRejected.cend(); ++it)
        line("rbee_heartbeats_total{result=\"rejected\",reason=\"" + it.key().toUtf8() + "\"} "
             + QByteArray::number(it.value()));
    return out;
}

}  // namespace rbee::core

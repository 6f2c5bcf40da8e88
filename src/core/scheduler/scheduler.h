// Scheduler: picks a worker for a model from the registry's records, and says why. Pure and
// deterministic: the same records give the same decision, so it is tested table-driven.
#pragma once

#include "../error.h"
#include "../registry/workerrecord.h"

#include <QList>
#include <QSet>
#include <QString>

#include <optional>

namespace rbee::core {

enum class SchedulingPolicy { FirstAvailable, LeastLoaded };
QString schedulingPolicyName(SchedulingPolicy policy);
std::optional<SchedulingPolicy> schedulingPolicyFromName(const QString &name);

struct ScheduleDecision {
    enum class Kind { Selected, Wait, Fail };
    Kind kind = Kind::Fail;
    QString workerId;   // when Selected
    QString narration;  // a sentence for the user: what was picked, or why not
    Error error;        // when Fail
};

class Scheduler {
public:
    // `exclude`: workers already tried for this job.
    static ScheduleDecision choose(const QList<WorkerRecord> &workers, const QString &model, SchedulingPolicy policy,
                                   qint64 nowMs, const QSet<QString> &exclude = {});
    static QString noWorkerMessage(const QString &model);
    static QString describe(const WorkerRecord &worker, qint64 nowMs);
};

}  // namespace rbee::core

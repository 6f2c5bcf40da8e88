// Names of WorkerStatus values on the wire.
#include "workerstatus.h"

namespace rbee::core {

QString workerStatusName(WorkerStatus status)
{
    switch (status) {
    case WorkerStatus::Loading: return QStringLiteral("loading");
    case WorkerStatus::Ready: return QStringLiteral("ready");
    case WorkerStatus::Busy: return QStringLiteral("busy");
    case WorkerStatus::Stopping: return QStringLiteral("stopping");
    }
    return QStringLiteral("loading");
}

std::optional<WorkerStatus> workerStatusFromName(const QString &name)
{
    for (auto s : {WorkerStatus::Loading, WorkerStatus::Ready, WorkerStatus::Busy, WorkerStatus::Stopping}) {
        if (workerStatusName(s) == name)
            return s;
    }
    return std::nullopt;
}

}  // namespace rbee::core

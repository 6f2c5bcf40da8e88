// Wire names of DisplayStatus values.
#include "displaystatus.h"

namespace rbee::core {

QString displayStatusName(DisplayStatus status)
{
    switch (status) {
    case DisplayStatus::Ready: return workerStatusName(WorkerStatus::Ready);
    case DisplayStatus::Busy: return workerStatusName(WorkerStatus::Busy);
    case DisplayStatus::Loading: return workerStatusName(WorkerStatus::Loading);
    case DisplayStatus::Stopping: return workerStatusName(WorkerStatus::Stopping);
    case DisplayStatus::Offline: return QStringLiteral("offline");
    }
    return QStringLiteral("offline");
}

std::optional<DisplayStatus> displayStatusFromName(const QString &name)
{
    for (const DisplayStatus s : kDisplayStatuses) {
        if (displayStatusName(s) == name)
            return s;
    }
    return std::nullopt;
}

DisplayStatus displayStatusOf(WorkerStatus reported)
{
    switch (reported) {
    case WorkerStatus::Ready: return DisplayStatus::Ready;
    case WorkerStatus::Busy: return DisplayStatus::Busy;
    case WorkerStatus::Loading: return DisplayStatus::Loading;
    case WorkerStatus::Stopping: return DisplayStatus::Stopping;
    }
    return DisplayStatus::Offline;
}

}  // namespace rbee::core

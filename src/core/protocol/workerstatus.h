// WorkerStatus: what a worker says of itself in /health and heartbeats.
#pragma once

#include <QString>

#include <optional>

namespace rbee::core {

enum class WorkerStatus { Loading, Ready, Busy, Stopping };

QString workerStatusName(WorkerStatus status);
std::optional<WorkerStatus> workerStatusFromName(const QString &name);

}  // namespace rbee::core

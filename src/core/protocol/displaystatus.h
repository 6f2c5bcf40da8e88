// DisplayStatus: the status users are shown for a worker (GET /v1/workers and /v1/events "status",
// `rbee status`, the app's worker table): what the worker last reported, or offline. The one
// mapping between these values and their wire names; nothing else spells the names.
#pragma once

#include "workerstatus.h"

#include <QString>

#include <array>
#include <optional>

namespace rbee::core {

// In order of usefulness: views sort by it (ready first, offline last).
enum class DisplayStatus { Ready, Busy, Loading, Stopping, Offline };

inline constexpr std::array<DisplayStatus, 5> kDisplayStatuses{
    DisplayStatus::Ready, DisplayStatus::Busy, DisplayStatus::Loading, DisplayStatus::Stopping, DisplayStatus::Offline};

// "ready" | "busy" | "loading" | "stopping" | "offline"
QString displayStatusName(DisplayStatus status);
// Nothing for a name this version does not know (a newer queen may add some).
std::optional<DisplayStatus> displayStatusFromName(const QString &name);
// An online worker is shown as what it reports.
DisplayStatus displayStatusOf(WorkerStatus reported);

}  // namespace rbee::core

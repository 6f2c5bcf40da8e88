// A valid heartbeat for tests that feed a registry directly: sent "now" by the clock (no skew),
// at a url derived from the worker id.
#pragma once

#include "core/clock.h"
#include "core/protocol/heartbeat.h"

namespace rbee::test {

inline core::Heartbeat validHeartbeat(const core::ManualClock &clock, const QString &id, const QString &model,
                                      core::WorkerStatus status = core::WorkerStatus::Ready, int busy = 0,
                                      int total = 2)
{
    core::Heartbeat hb;
    hb.workerId = id;
    hb.model = model;
    hb.url = QStringLiteral("http://%1.lan:8081").arg(id);
    hb.device.name = QStringLiteral("CPU");
    hb.status = status;
    hb.slotsTotal = total;
    hb.slotsBusy = busy;
    hb.ctxSize = 4096;
    hb.version = QStringLiteral("0.1.0");
    hb.sentAtMs = clock.wallMs();
    return hb;
}

}  // namespace rbee::test

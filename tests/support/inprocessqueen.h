// An in-process queen (core::QueenServer) on an ephemeral port, for the widget suites that host
// one the way the desktop app does.
#pragma once

#include "core/queen/queenserver.h"

#include <memory>

namespace rbee::test {

// Listening on 127.0.0.1 and a free port, or null when it could not listen. A heartbeat timeout
// of 0 keeps the queen's default.
std::unique_ptr<core::QueenServer> startInProcessQueen(qint64 heartbeatTimeoutMs = 0);

}  // namespace rbee::test

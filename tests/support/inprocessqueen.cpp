// See inprocessqueen.h.
#include "inprocessqueen.h"

namespace rbee::test {

std::unique_ptr<core::QueenServer> startInProcessQueen(qint64 heartbeatTimeoutMs)
{
    core::QueenOptions options;
    options.port = 0;
    if (heartbeatTimeoutMs > 0)
        options.heartbeatTimeoutMs = heartbeatTimeoutMs;
    auto queen = std::make_unique<core::QueenServer>(options);
    if (!queen->listen())
        return nullptr;
    return queen;
}

}  // namespace rbee::test

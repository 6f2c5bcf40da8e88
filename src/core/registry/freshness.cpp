// The freshness rule; see freshness.h.
#include "freshness.h"

namespace rbee::core::Freshness {

State of(qint64 ageMs, qint64 timeoutMs)
{
    if (ageMs > timeoutMs * kDropFactor)
        return State::Dropped;
    return ageMs > timeoutMs ? State::Offline : State::Online;
}

QString offlineReason(qint64 ageMs)
{
    return QStringLiteral("no heartbeat for %1 s").arg(ageMs / 1000);
}

}  // namespace rbee::core::Freshness

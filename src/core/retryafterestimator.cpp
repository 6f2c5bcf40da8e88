// Retry-After from the queue and recent job durations; see retryafterestimator.h.
#include "retryafterestimator.h"

#include <algorithm>
#include <cmath>

namespace rbee::core {

namespace {
constexpr double kWeight = 0.2;  // of the newest job in the average: recent load counts most
}

void RetryAfterEstimator::jobFinished(qint64 durationMs)
{
    const double ms = double(std::max<qint64>(durationMs, 0));
    m_meanMs = m_samples == 0 ? ms : m_meanMs + kWeight * (ms - m_meanMs);
    ++m_samples;
}

int RetryAfterEstimator::seconds(int jobsAhead, int parallel) const
{
    const double waitMs = double(std::max(jobsAhead, 1)) * meanJobMs() / double(std::max(parallel, 1));
    const double s = std::ceil(waitMs / 1000.0);
    return int(std::clamp(s, double(kMinSeconds), double(kMaxSeconds)));
}

}  // namespace rbee::core

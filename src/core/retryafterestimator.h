// RetryAfterEstimator: the Retry-After a refused client is told, from the jobs ahead of it and
// how long recent jobs took. Pure arithmetic; the worker and the queen each keep one, fed from
// the main thread.
#pragma once

#include <QtGlobal>

namespace rbee::core {

class RetryAfterEstimator {
public:
    static constexpr int kMinSeconds = 1;
    static constexpr int kMaxSeconds = 60;
    static constexpr double kDefaultJobMs = 1000.0;  // before any job has ended

    // A job that ran to its end took this long (cancelled and failed jobs say little about the next).
    void jobFinished(qint64 durationMs);
    // The expected wait until `jobsAhead` jobs have gone through `parallel` slots:
    // ceil(jobsAhead * mean job duration / parallel) seconds, at least kMinSeconds, at most kMaxSeconds.
    int seconds(int jobsAhead, int parallel) const;
    // Mean duration of recent jobs (an exponential moving average), or kDefaultJobMs.
    double meanJobMs() const { return m_samples > 0 ? m_meanMs : kDefaultJobMs; }

private:
    double m_meanMs = 0.0;
    int m_samples = 0;
};

}  // namespace rbee::core

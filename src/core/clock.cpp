// The system clock: QElapsedTimer for monotonic time, QDateTime for wall time.
#include "clock.h"

#include <QDateTime>
#include <QElapsedTimer>

namespace rbee::core {

namespace {
class SystemClock final : public Clock {
public:
    SystemClock() { m_timer.start(); }
    qint64 nowMs() const override { return m_timer.elapsed(); }
    qint64 wallMs() const override { return QDateTime::currentMSecsSinceEpoch(); }

private:
    QElapsedTimer m_timer;
};
}  // namespace

const Clock &Clock::system()
{
    static const SystemClock clock;
    return clock;
}

}  // namespace rbee::core

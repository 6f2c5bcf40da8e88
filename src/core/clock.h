// Clock: the time source of freshness, timeouts and retry delays, injectable so tests can move
// time by hand. nowMs() is monotonic; wallMs() is the wall clock (for skew against senders).
#pragma once

#include <QtGlobal>

namespace rbee::core {

class Clock {
public:
    virtual ~Clock() = default;
    virtual qint64 nowMs() const = 0;
    virtual qint64 wallMs() const = 0;

    // The process-wide real clock.
    static const Clock &system();
};

class ManualClock : public Clock {
public:
    qint64 nowMs() const override { return m_now; }
    qint64 wallMs() const override { return m_wall + m_now; }
    void advance(qint64 ms) { m_now += ms; }
    void setWallOffset(qint64 wallAtZero) { m_wall = wallAtZero; }

private:
    qint64 m_now = 1000;
    qint64 m_wall = 1'700'000'000'000;
};

}  // namespace rbee::core

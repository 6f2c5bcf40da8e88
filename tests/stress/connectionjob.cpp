// One job of the remote-link stress suite; see connectionjob.h.
#include "connectionjob.h"

#include "core/error.h"
#include "core/protocol/streamevents.h"

#include <QTimer>

namespace rbee::test {

using namespace rbee::core;

qint64 ConnectionJob::nowMs()
{
    static const QElapsedTimer clock = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return clock.elapsed();
}

ConnectionJob::ConnectionJob(int number, QString side, Action action, Pin pin, int maxTokens)
    : m_number(number)
    , m_side(std::move(side))
    , m_action(action)
    , m_pin(pin)
    , m_checker(StreamChecker::Kind::QueenJob, maxTokens)
{
    if (action != Action::ReadFull)
        m_checker.allowCancelled();
}

QString ConnectionJob::actionName(Action action)
{
    switch (action) {
    case Action::ReadFull: return QStringLiteral("read-full");
    case Action::CancelBeforeId: return QStringLiteral("cancel-before-id");
    case Action::CancelMidStream: return QStringLiteral("cancel-mid-stream");
    case Action::DeleteMidStream: return QStringLiteral("delete-mid-stream");
    }
    return {};
}

QString ConnectionJob::pinName(Pin pin)
{
    switch (pin) {
    case Pin::None: return QStringLiteral("none");
    case Pin::Valid: return QStringLiteral("valid");
    case Pin::Unknown: return QStringLiteral("unknown");
    case Pin::OtherModel: return QStringLiteral("other-model");
    }
    return {};
}

void ConnectionJob::start(JobStream *stream, int cancelBoundMs)
{
    m_stream = stream;
    m_cancelBoundMs = cancelBoundMs;
    m_startedAtMs = nowMs();
    QObject::connect(stream, &JobStream::eventReceived, stream, [this](const SseEvent &e) { onEvent(e); });
    QObject::connect(stream, &JobStream::ended, stream, [this] { onEnded(); });
    stream->start();
    if (m_action == Action::CancelBeforeId && m_stream && m_endedCount == 0) {
        m_cancelAtMs = nowMs();
        m_stream->cancel();
    }
}

void ConnectionJob::onEvent(const SseEvent &event)
{
    if (m_endedCount > 0) {
        ++m_eventsAfterEnd;
        return;
    }
    m_checker.add(event);
    if (event.event == QLatin1String(StreamEventName::kError)) {
        const Error error = errorFromSse(event);
        m_errorCode = errorCodeName(error.code);
        m_errorMessage = error.message;
    }
    if (event.event != QLatin1String(StreamEventName::kToken) || m_cancelAtMs >= 0 || !m_stream)
        return;
    if (m_action == Action::CancelMidStream) {
        m_cancelAtMs = nowMs();
        m_stream->cancel();
    } else if (m_action == Action::DeleteMidStream) {
        // Not from inside its own signal: the way a view drops a chat whose stream is running.
        m_cancelAtMs = nowMs();
        QPointer<JobStream> stream = m_stream;
        QTimer::singleShot(0, [this, stream] {
            if (!stream)
                return;
            m_deleted = m_endedCount == 0;
            if (m_deleted)
                m_endedAtMs = nowMs();
            delete stream.data();
        });
    }
}

void ConnectionJob::onEnded()
{
    ++m_endedCount;
    if (m_endedCount == 1)
        m_endedAtMs = nowMs();
}

QString ConnectionJob::outcome() const
{
    QString end = m_deleted ? QStringLiteral("deleted") : m_checker.terminal();
    if (!m_errorCode.isEmpty())
        end = QStringLiteral("error ") + m_errorCode;
    else if (end.startsWith(QLatin1String("end ")))
        end = end.section(u' ', 0, 1);  // "end length", without the token count
    return QStringLiteral("%1%2 %3 %4: %5")
        .arg(m_side, m_outageErrorExpected ? QStringLiteral(" (queen down)") : QString(), actionName(m_action),
             pinName(m_pin), end);
}

QString ConnectionJob::describe() const
{
    return QStringLiteral("%1#%2 %3 pin=%4%5: %6 (%7 ms)")
        .arg(m_side)
        .arg(m_number)
        .arg(actionName(m_action), pinName(m_pin), m_outage ? QStringLiteral(" during an outage") : QString(),
             m_deleted ? QStringLiteral("deleted") : m_checker.terminal())
        .arg(m_endedAtMs >= 0 ? m_endedAtMs - m_startedAtMs : -1);
}

QStringList ConnectionJob::problems() const
{
    QStringList out;
    const QString who = describe();
    if (!m_deleted) {
        if (m_endedCount == 0)
            out << who + QStringLiteral(": never ended");
        if (m_endedCount > 1)
            out << who + QStringLiteral(": ended() %1 times").arg(m_endedCount);
        if (m_endedCount > 0 && !m_checker.terminalSeen())
            out << who + QStringLiteral(": ended() without an end or error event");
    }
    if (m_eventsAfterEnd > 0)
        out << who + QStringLiteral(": %1 event(s) after ended()").arg(m_eventsAfterEnd);
    for (const QString &p : m_checker.problems()) {
        // Error events are judged below, by kind; every other problem of the stream is one.
        if (!p.startsWith(QLatin1String("an error event:")))
            out << who + QStringLiteral(": ") + p;
    }
    if (!m_errorCode.isEmpty()) {
        QSet<QString> allowed;
        switch (m_pin) {
        case Pin::Unknown:
        case Pin::OtherModel: allowed = {QStringLiteral("bad_request")}; break;
        case Pin::Valid: allowed = {QStringLiteral("worker_busy")}; break;  // a pinned job never waits
        case Pin::None: break;
        }
        const bool internal = m_errorCode == QLatin1String("internal");
        if (internal || (!allowed.contains(m_errorCode) && !m_outage))
            out << who
                       + QStringLiteral(": error %1 '%2' is not what this job may end with")
                             .arg(m_errorCode, m_errorMessage);
    } else if ((m_pin == Pin::Unknown || m_pin == Pin::OtherModel) && !m_outage && !m_deleted) {
        out << who + QStringLiteral(": a job pinned to a bad worker_id ended without bad_request");
    }
    if (m_outageErrorExpected && m_errorCode.isEmpty() && !m_deleted)
        out << who + QStringLiteral(": made while the queen was down, but ended without an error event");
    if (m_cancelAtMs >= 0 && !m_deleted && m_endedAtMs >= 0 && m_endedAtMs - m_cancelAtMs > m_cancelBoundMs)
        out << who
                   + QStringLiteral(": ended %1 ms after cancel() (bound %2 ms)")
                         .arg(m_endedAtMs - m_cancelAtMs)
                         .arg(m_cancelBoundMs);
    return out;
}

}  // namespace rbee::test

// ConnectionJob: one job of the remote-link stress suite, made through a QueenConnection (remote or
// in-process) and watched as a JobStream: its events checked in order (StreamChecker), ended()
// counted, the error it ends with classified against what its kind allows, a cancel timed.
// Owns nothing of the product: the JobStream is parented to the connection's owner and may be
// deleted mid-stream on purpose.
#pragma once

#include "streamchecker.h"

#include "core/client/jobstream.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QStringList>

namespace rbee::test {

class ConnectionJob {
public:
    enum class Action { ReadFull, CancelBeforeId, CancelMidStream, DeleteMidStream };
    enum class Pin { None, Valid, Unknown, OtherModel };

    ConnectionJob(int number, QString side, Action action, Pin pin, int maxTokens);

    // Watches `stream` and starts it; `cancelBoundMs` bounds the time from cancel() to ended().
    // Times are nowMs(), like the suite's churn times.
    void start(core::JobStream *stream, int cancelBoundMs);
    // The job may end with an error of any code but internal (a link or worker went down
    // while it was alive); otherwise only the codes its pin allows.
    void allowOutageErrors() { m_outage = true; }
    bool isOutageAllowed() const { return m_outage; }
    // Made while the queen was down: it must end with an error event (of any code but internal).
    void expectOutageError()
    {
        m_outage = true;
        m_outageErrorExpected = true;
    }

    // The queen has accepted it (its job id is known), or it is over.
    bool isAccepted() const { return isFinished() || (m_stream && !m_stream->jobId().isEmpty()); }
    bool isFinished() const { return m_endedCount > 0 || m_deleted; }
    qint64 startedAtMs() const { return m_startedAtMs; }
    qint64 endedAtMs() const { return m_endedAtMs; }
    int number() const { return m_number; }
    const QString &side() const { return m_side; }
    // "remote#12 cancel-mid-stream pin=valid: end cancelled 3".
    QString describe() const;
    // Short outcome for the summary: "remote read-full none: end length".
    QString outcome() const;
    // What went wrong, each line naming the job; empty when the job behaved.
    QStringList problems() const;

    // Monotonic milliseconds since the first call.
    static qint64 nowMs();
    static QString actionName(Action action);
    static QString pinName(Pin pin);

private:
    void onEvent(const core::SseEvent &event);
    void onEnded();

    int m_number;
    QString m_side;
    Action m_action;
    Pin m_pin;
    StreamChecker m_checker;
    QPointer<core::JobStream> m_stream;
    qint64 m_startedAtMs = -1;
    qint64 m_cancelAtMs = -1;
    qint64 m_endedAtMs = -1;
    int m_cancelBoundMs = 0;
    int m_endedCount = 0;
    int m_eventsAfterEnd = 0;
    bool m_deleted = false;
    bool m_outage = false;
    bool m_outageErrorExpected = false;
    QString m_errorCode;  // of the error event, if any
    QString m_errorMessage;
};

}  // namespace rbee::test

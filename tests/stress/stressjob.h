// StressJob: one client of a stress run, acting out one scenario against a worker or a queen over
// its own sockets: submit, then read the stream fully, read part and hang up, cancel (DELETE)
// before or during the stream, never open it, or open it twice. It checks every answer and
// stream it sees (StreamChecker) and keeps a timed trace of everything, for the failure report.
#pragma once

#include "streamchecker.h"
#include "stressjobspec.h"

#include "core/sse/sseparser.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <QUrl>

#include <optional>

namespace rbee::test {

class RawHttpExchange;

class StressJob : public QObject {
    Q_OBJECT
public:
    StressJob(const QUrl &server, const QString &model, const StressJobSpec &spec, int silenceBoundMs,
              const QElapsedTimer *clock, QObject *parent = nullptr);
    ~StressJob() override;

    void start();
    // The run gives up on this job: a problem is recorded and its connections closed.
    void giveUp(const QString &why);

    const StressJobSpec &spec() const { return m_spec; }
    bool isEnded() const { return m_ended; }
    bool wasRefused() const { return m_refused; }
    QString outcome() const;  // "refused", "end length 12", "hung up", ...
    QStringList problems() const { return m_problems + m_checker.problems(); }
    // The spec, the problems and the trace.
    QString report() const;
    // The longest wait for a byte from the server.
    qint64 longestSilenceMs() const { return m_longestSilenceMs; }

Q_SIGNALS:
    void ended();

private:
    bool isOpenAi() const { return m_spec.isOpenAi(); }

    void onSubmitHeaders(int status);
    void onSubmitted();
    void checkRefusal(RawHttpExchange *exchange);
    void openStream();
    void onStreamHeaders(RawHttpExchange *exchange, int status);
    void onStreamBytes(const QByteArray &bytes);
    void onEvent(const core::SseEvent &event);
    void onStreamClosed();
    void sendCancel();
    void openSecondStream();
    void onSecondAnswer(RawHttpExchange *exchange);
    void checkLateTerminal(qint64 answeredAtMs, const QString &what);
    void hangUp();
    bool outstanding() const;
    // Ends the job once nothing it sent is still unanswered, or at once when forced.
    void finish(bool force = false);

    void trace(const QString &line);
    void problem(const QString &text);
    void alive();  // a byte arrived: the silence watchdog starts again
    qint64 now() const { return m_clock->elapsed(); }

    QUrl m_server;
    QString m_model;
    StressJobSpec m_spec;
    int m_silenceBoundMs;
    const QElapsedTimer *m_clock;
    QString m_jobId;
    QString m_streamPath;
    QPointer<RawHttpExchange> m_submit;
    QPointer<RawHttpExchange> m_stream;
    QPointer<RawHttpExchange> m_second;
    QPointer<RawHttpExchange> m_cancel;
    core::SseParser m_parser;
    StreamChecker m_checker;
    QTimer m_silence;
    QStringList m_trace;
    QStringList m_problems;
    QString m_waitingFor;
    qint64 m_lastAliveMs = 0;
    qint64 m_longestSilenceMs = 0;
    int m_events = 0;
    bool m_triggered = false;
    bool m_refused = false;
    bool m_hungUp = false;
    bool m_ended = false;
    bool m_streamDone = false;  // the stream's response ended
    bool m_secondAnswered = false;
    std::optional<qint64> m_terminalAtMs;
    std::optional<qint64> m_cancelAnsweredAtMs;
    std::optional<qint64> m_late404AtMs;  // a 404 that is right only if the stream ended about then
    QString m_late404What;
};

}  // namespace rbee::test

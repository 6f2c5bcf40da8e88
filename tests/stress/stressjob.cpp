// One scenario of a stress run; see stressjob.h.
#include "stressjob.h"

#include "rawhttpexchange.h"

#include "core/json.h"

#include <QJsonObject>

namespace rbee::test {

using namespace rbee::core;

namespace {
StreamChecker::Kind checkerKind(StressApi api)
{
    switch (api) {
    case StressApi::Worker: return StreamChecker::Kind::WorkerJob;
    case StressApi::QueenJobs: return StreamChecker::Kind::QueenJob;
    case StressApi::OpenAiCompletions: return StreamChecker::Kind::OpenAiCompletion;
    case StressApi::OpenAiChat: return StreamChecker::Kind::OpenAiChat;
    }
    return StreamChecker::Kind::WorkerJob;
}

QString clip(const QString &text, int n = 90)
{
    QString t = text;
    t.replace(u'\n', QStringLiteral("\\n"));
    return t.size() > n ? t.left(n) + QStringLiteral("...") : t;
}
}  // namespace

StressJob::StressJob(const QUrl &server, const QString &model, const StressJobSpec &spec, int silenceBoundMs,
                     const QElapsedTimer *clock, QObject *parent)
    : QObject(parent)
    , m_server(server)
    , m_model(model)
    , m_spec(spec)
    , m_silenceBoundMs(silenceBoundMs)
    , m_clock(clock)
    , m_checker(checkerKind(spec.api), spec.maxTokens)
{
    m_checker.setStopStrings(spec.stop);
    m_silence.setSingleShot(true);
    m_silence.setTimerType(Qt::PreciseTimer);
    m_silence.setInterval(silenceBoundMs);
    connect(&m_silence, &QTimer::timeout, this, [this] {
        m_longestSilenceMs = qMax(m_longestSilenceMs, now() - m_lastAliveMs);
        giveUp(QStringLiteral("no byte from the server for %1 ms while waiting for %2 (bound: %3 ms)")
                   .arg(now() - m_lastAliveMs)
                   .arg(m_waitingFor)
                   .arg(m_silenceBoundMs));
    });
}

StressJob::~StressJob() = default;

void StressJob::start()
{
    QUrl url = m_server;
    url.setPath(m_spec.submitPath());
    m_submit = new RawHttpExchange("POST", url, m_spec.requestBody(m_model), this);
    trace(QStringLiteral("POST %1 max_tokens=%2 temperature=%3")
              .arg(m_spec.submitPath())
              .arg(m_spec.maxTokens)
              .arg(m_spec.temperature));
    m_waitingFor = QStringLiteral("the answer to the POST");
    connect(m_submit, &RawHttpExchange::headersReceived, this, &StressJob::onSubmitHeaders);
    connect(m_submit, &RawHttpExchange::bodyReceived, this, [this](const QByteArray &bytes) {
        alive();
        if (isOpenAi() && m_submit->status() == 200)
            onStreamBytes(bytes);
    });
    connect(m_submit, &RawHttpExchange::finished, this, [this] {
        if (isOpenAi() && m_submit->status() == 200)
            onStreamClosed();
        else
            onSubmitted();
    });
    connect(m_submit, &RawHttpExchange::failed, this, [this](const QString &reason) {
        problem(QStringLiteral("the POST failed: %1").arg(reason));
        finish(true);
    });
    alive();
    m_submit->start();
}

void StressJob::onSubmitHeaders(int status)
{
    alive();
    trace(QStringLiteral("POST answered %1").arg(status));
    if (isOpenAi() && status == 200) {
        m_stream = m_submit;  // the POST's answer is the stream
        onStreamHeaders(m_submit, status);
    }
}

void StressJob::onSubmitted()
{
    const int status = m_submit->status();
    if (status != 200) {
        checkRefusal(m_submit);
        finish();
        return;
    }
    const auto body = parseJsonObject(m_submit->body());
    m_jobId = body ? body->value(QStringLiteral("job_id")).toString() : QString();
    m_streamPath = body ? body->value(QStringLiteral("sse_url")).toString() : QString();
    trace(QStringLiteral("job %1").arg(m_jobId));
    if (m_jobId.isEmpty() || !m_streamPath.endsWith(m_jobId + QStringLiteral("/stream"))) {
        problem(QStringLiteral("a 200 answer without job_id and sse_url: %1").arg(QString::fromUtf8(m_submit->body())));
        finish();
        return;
    }
    switch (m_spec.action) {
    case StressAction::NeverOpen:
        trace(QStringLiteral("never opens the stream"));
        finish();
        return;
    case StressAction::CancelBeforeStream:
    case StressAction::CancelBeforeStreamThenRead: sendCancel(); return;
    default: openStream(); return;
    }
}

void StressJob::checkRefusal(RawHttpExchange *exchange)
{
    m_refused = true;
    const int status = exchange->status();
    const auto body = parseJsonObject(exchange->body());
    const QJsonObject error = body ? body->value(QStringLiteral("error")).toObject() : QJsonObject();
    trace(QStringLiteral("refused: %1 %2").arg(status).arg(clip(QString::fromUtf8(exchange->body()), 200)));
    if (status != 503) {
        problem(QStringLiteral("a valid request answered %1, not 200 or 503: %2")
                    .arg(status)
                    .arg(QString::fromUtf8(exchange->body())));
        return;
    }
    if (!exchange->header("content-type").startsWith("application/json"))
        problem(
            QStringLiteral("a 503 with Content-Type '%1'").arg(QString::fromUtf8(exchange->header("content-type"))));
    if (error.value(QStringLiteral("message")).toString().isEmpty())
        problem(QStringLiteral("a 503 without a JSON error body: %1").arg(QString::fromUtf8(exchange->body())));
    if (error.value(QStringLiteral("code")).toString() != QLatin1String("worker_busy"))
        problem(QStringLiteral("a 503 with code '%1', expected worker_busy")
                    .arg(error.value(QStringLiteral("code")).toString()));
    if (exchange->header("retry-after").isEmpty())
        problem(QStringLiteral("a 503 worker_busy without Retry-After"));
}

void StressJob::openStream()
{
    QUrl url = m_server;
    url.setPath(m_streamPath);
    m_stream = new RawHttpExchange("GET", url, {}, this);
    trace(QStringLiteral("GET the stream"));
    m_waitingFor = QStringLiteral("the stream");
    connect(m_stream, &RawHttpExchange::headersReceived, this, [this](int status) {
        alive();
        onStreamHeaders(m_stream, status);
    });
    connect(m_stream, &RawHttpExchange::bodyReceived, this, [this](const QByteArray &bytes) {
        alive();
        if (m_stream && m_stream->status() == 200)
            onStreamBytes(bytes);
    });
    connect(m_stream, &RawHttpExchange::finished, this, [this] {
        if (m_stream && m_stream->status() != 200) {
            problem(QStringLiteral("the stream answered %1: %2")
                        .arg(m_stream->status())
                        .arg(QString::fromUtf8(m_stream->body())));
            m_streamDone = true;
            finish(true);
            return;
        }
        onStreamClosed();
    });
    connect(m_stream, &RawHttpExchange::failed, this, [this](const QString &reason) {
        problem(QStringLiteral("the stream broke: %1").arg(reason));
        m_streamDone = true;
        finish(true);
    });
    alive();
    m_stream->start();
}

void StressJob::onStreamHeaders(RawHttpExchange *exchange, int status)
{
    trace(QStringLiteral("stream answered %1").arg(status));
    if (status == 200 && !exchange->header("content-type").startsWith("text/event-stream"))
        problem(
            QStringLiteral("a stream with Content-Type '%1'").arg(QString::fromUtf8(exchange->header("content-type"))));
}

void StressJob::onStreamBytes(const QByteArray &bytes)
{
    for (const SseEvent &event : m_parser.feed(bytes)) {
        onEvent(event);
        if (m_ended || m_hungUp)
            return;
    }
}

void StressJob::onEvent(const SseEvent &event)
{
    trace(event.isDone() ? QStringLiteral("[DONE]")
                         : QStringLiteral("%1 %2").arg(event.event.isEmpty() ? QStringLiteral("data") : event.event,
                                                       clip(event.data)));
    m_checker.add(event);
    if (m_checker.terminalSeen() && !m_terminalAtMs)
        m_terminalAtMs = now();
    if (event.isDone())
        return;
    ++m_events;
    if (m_triggered || m_events < m_spec.triggerAfterEvents || m_checker.terminalSeen())
        return;
    switch (m_spec.action) {
    case StressAction::HangUpMidStream:
        m_triggered = true;
        hangUp();
        return;
    case StressAction::CancelDuringStream:
        m_triggered = true;
        sendCancel();
        return;
    case StressAction::OpenTwice:
        m_triggered = true;
        openSecondStream();
        return;
    default: return;
    }
}

void StressJob::onStreamClosed()
{
    trace(QStringLiteral("stream closed"));
    m_streamDone = true;
    m_checker.closed();
    if (m_cancelAnsweredAtMs && m_terminalAtMs && m_checker.terminal().startsWith(QLatin1String("end cancelled"))) {
        const qint64 after = *m_terminalAtMs - *m_cancelAnsweredAtMs;
        if (after > m_silenceBoundMs / 4)
            problem(QStringLiteral("the stream ended %1 ms after DELETE was answered").arg(after));
    }
    finish();
}

void StressJob::sendCancel()
{
    m_checker.allowCancelled();
    QUrl url = m_server;
    url.setPath(m_spec.cancelPath(m_jobId));
    m_cancel = new RawHttpExchange("DELETE", url, {}, this);
    trace(QStringLiteral("DELETE %1").arg(m_spec.cancelPath(m_jobId)));
    connect(m_cancel, &RawHttpExchange::finished, this, [this] {
        const int status = m_cancel->status();
        const auto body = parseJsonObject(m_cancel->body());
        const QString state = body ? body->value(QStringLiteral("status")).toString() : QString();
        trace(QStringLiteral("DELETE answered %1 %2").arg(status).arg(state));
        m_cancelAnsweredAtMs = now();
        if (status == 404 && m_spec.action == StressAction::CancelDuringStream) {
            checkLateTerminal(now(), QStringLiteral("DELETE"));
        } else if (status != 200 || (state != QLatin1String("cancelling") && state != QLatin1String("finished"))
                   || body->value(QStringLiteral("job_id")).toString() != m_jobId) {
            problem(QStringLiteral("DELETE answered %1: %2").arg(status).arg(QString::fromUtf8(m_cancel->body())));
        }
        if (m_spec.action == StressAction::CancelBeforeStreamThenRead)
            openStream();
        else
            finish();
    });
    connect(m_cancel, &RawHttpExchange::failed, this, [this](const QString &reason) {
        problem(QStringLiteral("DELETE failed: %1").arg(reason));
        finish(true);
    });
    m_cancel->start();
}

void StressJob::openSecondStream()
{
    QUrl url = m_server;
    url.setPath(m_streamPath);
    m_second = new RawHttpExchange("GET", url, {}, this);
    trace(QStringLiteral("GET the stream a second time"));
    connect(m_second, &RawHttpExchange::headersReceived, this, [this](int status) {
        if (status == 200) {
            // A second reader must never get the job: take it as answered and close it.
            problem(QStringLiteral("a second reader of the stream got 200"));
            m_secondAnswered = true;
            m_second->abort();
            finish();
        }
    });
    connect(m_second, &RawHttpExchange::finished, this, [this] { onSecondAnswer(m_second); });
    connect(m_second, &RawHttpExchange::failed, this, [this](const QString &reason) {
        problem(QStringLiteral("the second GET failed: %1").arg(reason));
        finish(true);
    });
    m_second->start();
}

void StressJob::onSecondAnswer(RawHttpExchange *exchange)
{
    m_secondAnswered = true;
    const int status = exchange->status();
    const auto body = parseJsonObject(exchange->body());
    const QString code =
        body ? body->value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString() : QString();
    trace(QStringLiteral("second GET answered %1 %2").arg(status).arg(code));
    if (status == 404) {
        checkLateTerminal(now(), QStringLiteral("the second GET"));
    } else if (status != 409 || code != QLatin1String("conflict")) {
        problem(QStringLiteral("the second GET answered %1 (expected 409 conflict): %2")
                    .arg(status)
                    .arg(QString::fromUtf8(exchange->body())));
    }
    finish();
}

void StressJob::checkLateTerminal(qint64 answeredAtMs, const QString &what)
{
    // 404 is right only when the job had ended: its stream's last event arrives about then.
    m_late404AtMs = answeredAtMs;
    m_late404What = what;
}

void StressJob::hangUp()
{
    trace(QStringLiteral("hangs up"));
    m_hungUp = true;
    m_stream->abort();
    finish(true);
}

bool StressJob::outstanding() const
{
    return (m_stream && !m_streamDone && !m_hungUp) || (m_cancel && !m_cancelAnsweredAtMs)
           || (m_second && !m_secondAnswered);
}

void StressJob::finish(bool force)
{
    if (m_ended || (!force && outstanding()))
        return;  // ends when its other requests are answered
    if (m_late404AtMs) {
        constexpr qint64 kSlackMs = 1000;
        if (!m_terminalAtMs || *m_terminalAtMs > *m_late404AtMs + kSlackMs)
            problem(QStringLiteral("%1 answered 404 while the job's stream was still going").arg(m_late404What));
    }
    m_ended = true;
    m_silence.stop();
    for (RawHttpExchange *e : {m_submit.data(), m_stream.data(), m_second.data(), m_cancel.data()}) {
        if (e && !e->isDone())
            e->abort();
    }
    Q_EMIT ended();
}

void StressJob::giveUp(const QString &why)
{
    if (m_ended)
        return;
    problem(why);
    finish(true);
}

QString StressJob::outcome() const
{
    if (m_refused)
        return QStringLiteral("refused");
    if (m_hungUp)
        return QStringLiteral("hung up");
    if (m_checker.terminalSeen())
        return m_checker.terminal();
    return stressActionName(m_spec.action);
}

QString StressJob::report() const
{
    QString out = QStringLiteral("job #%1 %2 %3%4 max_tokens=%5 trigger=%6 stop=[%7] job_id=%8\n")
                      .arg(m_spec.number)
                      .arg(stressApiName(m_spec.api), stressActionName(m_spec.action),
                           m_spec.burst ? QStringLiteral(" (silent burst)") : QString())
                      .arg(m_spec.maxTokens)
                      .arg(m_spec.triggerAfterEvents)
                      .arg(m_spec.stop.join(u','), m_jobId);
    for (const QString &p : problems())
        out += QStringLiteral("  PROBLEM: ") + p + u'\n';
    out += QStringLiteral("  trace:\n");
    for (const QString &t : m_trace)
        out += QStringLiteral("    ") + t + u'\n';
    return out;
}

void StressJob::trace(const QString &line)
{
    m_trace << QStringLiteral("%1 ms  %2").arg(now(), 6).arg(line);
}

void StressJob::problem(const QString &text)
{
    trace(QStringLiteral("PROBLEM: ") + text);
    m_problems << text;
}

void StressJob::alive()
{
    if (!m_ended) {
        if (m_lastAliveMs > 0)
            m_longestSilenceMs = qMax(m_longestSilenceMs, now() - m_lastAliveMs);
        m_lastAliveMs = now();
        m_silence.start();
    }
}

}  // namespace rbee::test

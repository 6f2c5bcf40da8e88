// The phases of a stress run; see stressdriver.h.
#include "stressdriver.h"

#include <QDebug>
#include <QEventLoop>
#include <QRegularExpression>
#include <QTimer>

namespace rbee::test {

namespace {
constexpr int kTickMs = 50;
constexpr int kRssEveryMs = 250;
constexpr int kMaxFullReports = 6;  // later failing jobs are counted, not printed
}  // namespace

StressDriver::StressDriver(const StressOptions &options, const StressPlan &plan, RssMonitor *rss, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_plan(plan)
    , m_rss(rss)
    , m_rng(options.seed)
{}

int StressDriver::uniform(int lo, int hi)
{
    return std::uniform_int_distribution<int>(lo, hi)(m_rng);
}

template<typename T>
T StressDriver::weighted(const QList<QPair<T, int>> &choices)
{
    int total = 0;
    for (const auto &c : choices)
        total += c.second;
    int pick = uniform(0, total - 1);
    for (const auto &c : choices) {
        if (pick < c.second)
            return c.first;
        pick -= c.second;
    }
    return choices.last().first;
}

void StressDriver::run()
{
    m_clock.start();
    m_rss->sample();
    QEventLoop loop;
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, this, [this, &loop] {
        tick();
        if (m_done)
            loop.quit();
    });
    ticker.start(kTickMs);
    enter(Phase::QuietBeforeBurst);  // a silent burst first, on a fresh server
    loop.exec();
    m_rss->sample();
}

void StressDriver::enter(Phase phase)
{
    m_phase = phase;
    m_phaseStartedMs = m_clock.elapsed();
    switch (phase) {
    case Phase::Mix:
        m_concurrency = uniform(1, m_plan.maxConcurrency);
        m_phaseEndsMs = m_clock.elapsed() + uniform(2000, 6000);
        break;
    case Phase::Burst: launchBurst(); break;
    default: break;
    }
}

void StressDriver::tick()
{
    if (m_inTick || m_done)
        return;
    m_inTick = true;
    const qint64 now = m_clock.elapsed();
    if (now - m_lastRssMs >= kRssEveryMs) {
        m_rss->sample();
        m_lastRssMs = now;
    }
    const bool timeUp = now >= qint64(m_options.seconds) * 1000;
    switch (m_phase) {
    case Phase::Mix:
        if (now >= m_phaseEndsMs || timeUp) {
            enter(Phase::Drain);
            break;
        }
        while (m_inFlight.size() < m_concurrency)
            launch(randomSpec());
        break;
    case Phase::Drain:
        if (m_inFlight.isEmpty()) {
            enter(timeUp ? Phase::Final : Phase::QuietBeforeBurst);
        } else if (now - m_phaseStartedMs > 2 * qint64(m_options.silenceBoundMs) + 10000) {
            const QList<StressJob *> stuck = m_inFlight;
            for (StressJob *job : stuck)
                job->giveUp(QStringLiteral("still running %1 ms after the mix ended").arg(now - m_phaseStartedMs));
        }
        break;
    case Phase::QuietBeforeBurst:
        if (waitIdle(QStringLiteral("before a silent burst")))
            enter(Phase::Burst);
        else
            enter(Phase::Final);
        break;
    case Phase::Burst:
        if (m_inFlight.isEmpty())
            enter(Phase::QuietAfterBurst);
        break;
    case Phase::QuietAfterBurst:
        waitIdle(QStringLiteral("after silent burst %1").arg(m_bursts));
        if (m_bursts == 2)
            m_rss->resetBaseline();  // warmed up: every kind of request has been served
        enter(timeUp ? Phase::Final : Phase::Mix);
        break;
    case Phase::Final:
        waitIdle(QStringLiteral("at the end of the run"));
        m_done = true;
        enter(Phase::Done);
        break;
    case Phase::Done: break;
    }
    m_inTick = false;
}

bool StressDriver::waitIdle(const QString &when)
{
    // Asking is allowed here: no burst is in flight.
    QString state;
    QElapsedTimer t;
    t.start();
    while (true) {
        state = m_plan.idleState();
        if (state.isEmpty())
            return true;
        if (t.elapsed() > m_options.silenceBoundMs)
            break;
        QEventLoop wait;
        QTimer::singleShot(100, &wait, &QEventLoop::quit);
        wait.exec();
    }
    fail(QStringLiteral("the servers were not idle %1 within %2 ms: %3")
             .arg(when)
             .arg(m_options.silenceBoundMs)
             .arg(state));
    return false;
}

QString StressDriver::randomPrompt()
{
    const QString base = m_plan.prompts.at(uniform(0, int(m_plan.prompts.size()) - 1));
    if (!m_plan.conversations)
        return base;
    constexpr int kConversations = 16;
    constexpr int kMaxChars = 400;  // well inside the stress workers' context
    if (m_recentPrompts.isEmpty() || uniform(0, 1) == 0) {
        m_recentPrompts.append(base);
    } else {
        const int i = uniform(0, int(m_recentPrompts.size()) - 1);
        QString next = m_recentPrompts.takeAt(i) + u' ' + base;
        m_recentPrompts.append(next.size() > kMaxChars ? base : next);
    }
    while (m_recentPrompts.size() > kConversations)
        m_recentPrompts.removeFirst();
    return m_recentPrompts.constLast();
}

StressJobSpec StressDriver::randomSpec()
{
    StressJobSpec spec;
    spec.number = m_nextNumber++;
    spec.api = weighted(m_plan.apis);
    spec.action = weighted(m_plan.actions);
    if (spec.api == StressApi::OpenAiCompletions || spec.api == StressApi::OpenAiChat) {
        // The POST's answer is the stream: nothing to cancel, open late or open twice.
        spec.action = uniform(0, 2) == 0 ? StressAction::HangUpMidStream : StressAction::ReadFull;
    }
    spec.maxTokens = uniform(1, m_plan.maxTokens);
    spec.prompt = randomPrompt();
    spec.temperature = uniform(0, 1) == 0 ? 0.0 : 0.8;
    spec.seed = quint32(uniform(0, 1000000));
    spec.triggerAfterEvents = uniform(1, spec.maxTokens + 2);
    if (m_options.stopStrings && uniform(0, 1) == 0) {
        // Strings that often match, and strings whose first letter often ends a token but that
        // never match whole: that letter is held back and released when the job ends.
        static const QStringList kStops{QStringLiteral("e"),  QStringLiteral("ing"), QStringLiteral(" t"),
                                        QStringLiteral("eZ"), QStringLiteral("sZ"),  QStringLiteral("nZ"),
                                        QStringLiteral("tZ"), QStringLiteral("aZ")};
        spec.stop << kStops.at(uniform(0, int(kStops.size()) - 1));
    }
    return spec;
}

void StressDriver::launchBurst()
{
    ++m_bursts;
    const int n = uniform(m_plan.burstMin, m_plan.burstMax);
    StressJobSpec spec;
    spec.api = m_plan.burstApi;
    spec.action = StressAction::ReadFull;
    spec.maxTokens = uniform(8, m_plan.maxTokens);
    spec.prompt = randomPrompt();
    spec.burst = true;
    QList<StressJobSpec> specs;
    for (int i = 0; i < n; ++i) {
        spec.number = m_nextNumber++;
        specs << spec;
    }
    // Every POST leaves in this one turn of the event loop.
    for (const StressJobSpec &s : specs)
        launch(s);
}

void StressDriver::launch(const StressJobSpec &spec)
{
    auto *job = new StressJob(m_plan.server, m_plan.model, spec, m_options.silenceBoundMs, &m_clock, this);
    m_inFlight << job;
    connect(
        job, &StressJob::ended, this, [this, job] { onJobEnded(job); }, Qt::QueuedConnection);
    job->start();
}

void StressDriver::onJobEnded(StressJob *job)
{
    m_inFlight.removeAll(job);
    m_longestSilenceMs = qMax(m_longestSilenceMs, job->longestSilenceMs());
    if (job->spec().burst)
        m_longestBurstSilenceMs = qMax(m_longestBurstSilenceMs, job->longestSilenceMs());
    QString outcome = job->outcome();
    outcome.replace(QRegularExpression(QStringLiteral(" \\d+$")), QString());  // "end length 12" -> "end length"
    ++m_outcomes[(job->spec().burst ? QStringLiteral("burst ") : QString()) + stressApiName(job->spec().api) + u' '
                 + stressActionName(job->spec().action) + QStringLiteral(": ") + outcome];
    if (!job->problems().isEmpty()) {
        ++m_failedJobs;
        if (m_failedJobs <= kMaxFullReports)
            fail(job->report());
        else
            fail(QStringLiteral("job #%1: %2").arg(job->spec().number).arg(job->problems().join(QStringLiteral("; "))));
    }
    job->deleteLater();
}

void StressDriver::fail(const QString &text)
{
    m_failures << QStringLiteral("[seed %1, %2 ms] %3").arg(m_options.seed).arg(m_clock.elapsed()).arg(text);
}

int StressDriver::outcomes(const QString &text) const
{
    int n = 0;
    for (auto it = m_outcomes.cbegin(); it != m_outcomes.cend(); ++it)
        n += it.key().contains(text) ? it.value() : 0;
    return n;
}

QStringList StressDriver::reportFailures() const
{
    QStringList failures = m_failures;
    for (const QString &over : m_rss->overBound(m_options.rssGrowthBoundKb))
        failures << QStringLiteral("[seed %1] %2; %3").arg(m_options.seed).arg(over, m_rss->summary());
    for (const QString &failure : failures)
        qWarning().noquote() << failure;
    return failures;
}

QString StressDriver::summary() const
{
    QString out = QStringLiteral("%1 jobs, %2 silent bursts, %3 failing jobs, %4 s\n")
                      .arg(m_nextNumber - 1)
                      .arg(m_bursts)
                      .arg(m_failedJobs)
                      .arg(m_clock.elapsed() / 1000.0, 0, 'f', 1);
    for (auto it = m_outcomes.cbegin(); it != m_outcomes.cend(); ++it)
        out += QStringLiteral("  %1 x %2\n").arg(it.value(), 4).arg(it.key());
    out += QStringLiteral("  longest silence of a stream: %1 ms (in a silent burst: %2 ms; bound %3 ms)\n")
               .arg(m_longestSilenceMs)
               .arg(m_longestBurstSilenceMs)
               .arg(m_options.silenceBoundMs);
    out += QStringLiteral("  RSS: ") + m_rss->summary();
    return out;
}

}  // namespace rbee::test

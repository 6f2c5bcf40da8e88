// StressDriver: runs a randomized stress plan against one server for the stated time. It
// alternates random mixes of concurrent clients (StressJob) with silent bursts: a burst of jobs
// with identical prompts and lengths submitted at once, after which nothing at all is sent until
// every one of them has ended. Between phases it waits for the server to be idle again (the
// plan's idleState), and it samples the processes' RSS throughout. All choices come from the seed.
#pragma once

#include "rssmonitor.h"
#include "stressjob.h"
#include "stressoptions.h"

#include <QElapsedTimer>
#include <QList>
#include <QMap>
#include <QObject>
#include <QPair>
#include <QUrl>

#include <functional>
#include <random>

namespace rbee::test {

struct StressPlan {
    QUrl server;
    QString model;
    QList<QPair<StressApi, int>> apis;        // weights of the mixes' APIs
    QList<QPair<StressAction, int>> actions;  // weights of the actions (OpenAI streams: read or hang up)
    int maxConcurrency = 8;
    int burstMin = 3;
    int burstMax = 5;
    StressApi burstApi = StressApi::Worker;
    int maxTokens = 48;
    QStringList prompts;
    // Half the jobs continue an earlier job's prompt (a conversation's next turn), so that the
    // worker's prompt cache keeps, trims, saves and restores slots under load.
    bool conversations = false;
    // Empty when the servers are idle (nothing running, nothing queued), else what is not.
    std::function<QString()> idleState;
};

class StressDriver : public QObject {
    Q_OBJECT
public:
    StressDriver(const StressOptions &options, const StressPlan &plan, RssMonitor *rss, QObject *parent = nullptr);

    // Returns when the time is up and everything has ended (or was given up on).
    void run();
    // Every broken invariant, each with the seed and the failing job's trace.
    QStringList failures() const { return m_failures; }
    // The run's failures plus every process over the RSS bound, each written to the log whole
    // (Qt Test cuts long failure messages); the suites give the verdict on the returned list.
    QStringList reportFailures() const;
    QString summary() const;
    int jobs() const { return m_nextNumber - 1; }
    int bursts() const { return m_bursts; }
    // How many jobs ended with an outcome whose "action: outcome" text contains `text`.
    int outcomes(const QString &text) const;

private:
    enum class Phase { Mix, Drain, QuietBeforeBurst, Burst, QuietAfterBurst, Final, Done };
    void tick();
    void enter(Phase phase);
    void launch(const StressJobSpec &spec);
    void launchBurst();
    StressJobSpec randomSpec();
    QString randomPrompt();
    void onJobEnded(StressJob *job);
    bool waitIdle(const QString &when);
    void fail(const QString &text);
    int uniform(int lo, int hi);
    template<typename T>
    T weighted(const QList<QPair<T, int>> &choices);

    StressOptions m_options;
    StressPlan m_plan;
    RssMonitor *m_rss;
    std::mt19937_64 m_rng;
    QElapsedTimer m_clock;
    Phase m_phase = Phase::Burst;
    qint64 m_phaseEndsMs = 0;
    qint64 m_phaseStartedMs = 0;
    qint64 m_lastRssMs = -1000;
    int m_concurrency = 1;
    int m_nextNumber = 1;
    int m_bursts = 0;
    int m_failedJobs = 0;
    qint64 m_longestSilenceMs = 0;
    qint64 m_longestBurstSilenceMs = 0;
    bool m_inTick = false;
    bool m_done = false;
    QList<StressJob *> m_inFlight;
    QStringList m_recentPrompts;    // the conversations' latest turns, newest last
    QMap<QString, int> m_outcomes;  // "read-full: end length 12"-style counts, by action and outcome
    QStringList m_failures;
};

}  // namespace rbee::test

// Randomized stress of the desktop app's two job paths and its link to a remote queen, in-process:
// a RemoteQueenConnection to a real `rbee --serve` (workers ra, rb) and an InProcessQueenConnection
// to a QueenServer in this process (workers la, lb); every worker --slots 2 --queue 2 --threads 1.
// Seeded phases of concurrent JobStreams from both connections (read to the end, cancel before
// the job id is known, cancel or delete mid-stream; unpinned or pinned to a valid, an unknown or
// another model's worker), with link churn on the remote side (the queen SIGKILLed and started
// again on its port, a worker stopped and started again). Every phase ends with a silent burst.
//
// Stated bounds (tiny model, at most 400 tokens a job, at most 6 jobs per connection at once):
// - every job ends (ended() once, after exactly one end or error) within RBEE_STRESS_SILENCE_MS
//   (20 s) after its phase stops making jobs; a cancelled one within half of that after cancel();
// - after a phase, within the same bound: the link is Connected, the mirror's workers equal
//   GET /v1/workers (ids, status, online, slots), both queens show 0 running and 0 queued, every
//   worker's /health slots_busy 0 and queue_depth 0;
// - then a burst (one job pinned to each worker, then unpinned ones) ends within the bound with
//   no request from the test after the last submission;
// - the RSS of this process and of the queen grows by at most RBEE_STRESS_RSS_MB over warm-up.
#include "connectionjob.h"
#include "inprocessqueen.h"
#include "rssmonitor.h"
#include "serverprocess.h"
#include "stressoptions.h"

#include "core/client/remotequeenconnection.h"
#include "core/queen/inprocessqueenconnection.h"
#include "core/queen/jobmanager.h"
#include "core/registry/workerregistry.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QTest>

#include <memory>
#include <vector>

using namespace rbee::test;
using namespace rbee::core;

namespace {
// Read to the end or cancelled before the id: short. Cancelled or deleted mid-stream: long enough
// that the cancel lands while tokens still come (the tiny model streams ~1000 tokens a second).
constexpr int kMaxTokens = 24;
constexpr int kMaxTokensMidStream = 400;
constexpr int kMaxInFlight = 6;  // per connection
qint64 nowMs()
{
    return ConnectionJob::nowMs();
}
}  // namespace

class TestStressRemote : public QObject {
    Q_OBJECT

public:
    explicit TestStressRemote(const StressOptions &options) : m_options(options), m_rng(options.seed) {}

private:
    struct Side {
        QString name;
        QueenConnection *connection = nullptr;
        QStringList workerIds;
    };
    struct Outage {
        qint64 fromMs = 0;
        qint64 toMs = -1;  // -1: not over yet
    };

    StressOptions m_options;
    QRandomGenerator m_rng;
    QueenProcess m_queen;
    quint16 m_queenPort = 0;
    WorkerProcess m_ra, m_rb, m_la, m_lb;
    std::unique_ptr<QueenServer> m_local;
    // The queen's RSS since its last start (a restart is a new process, with a new baseline).
    std::unique_ptr<RssMonitor> m_queenRss;
    QStringList m_queenRssSummaries;
    std::unique_ptr<RemoteQueenConnection> m_remote;
    std::unique_ptr<InProcessQueenConnection> m_inProcess;
    Side m_remoteSide, m_localSide;
    std::unique_ptr<QObject> m_streams;  // parent of the phase's JobStreams
    std::vector<std::unique_ptr<ConnectionJob>> m_jobs;
    QList<Outage> m_outages;
    QStringList m_failures;
    QStringList m_linkLog;  // "Reconnecting", "Connected" as linkChanged said
    QMap<QString, int> m_outcomes;
    int m_jobCount = 0;
    int m_bursts = 0;
    int m_queenRestarts = 0;
    int m_workerStops = 0;

    QStringList workerArgs(const QString &id, const QUrl &queen) const
    {
        return {QStringLiteral("--model"),         tinyModelPath(),
                QStringLiteral("--model-name"),    QStringLiteral("tiny"),
                QStringLiteral("--worker-id"),     id,
                QStringLiteral("--queen"),         queen.toString(),
                QStringLiteral("--heartbeat-ms"),  QStringLiteral("500"),
                QStringLiteral("--slots"),         QStringLiteral("2"),
                QStringLiteral("--queue"),         QStringLiteral("2"),
                QStringLiteral("--threads"),       QStringLiteral("1"),
                QStringLiteral("--chat-template"), QStringLiteral("chatml")};
    }
    QUrl localQueenUrl() const { return m_inProcess->workerQueenUrl(); }
    QUrl remoteQueenUrl() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_queenPort)); }
    WorkerProcess *worker(const QString &id)
    {
        return id == QLatin1String("ra")   ? &m_ra
               : id == QLatin1String("rb") ? &m_rb
               : id == QLatin1String("la") ? &m_la
                                           : &m_lb;
    }
    QUrl queenOf(const QString &id) const { return id.startsWith(u'r') ? remoteQueenUrl() : localQueenUrl(); }

    bool startWorker(const QString &id)
    {
        WorkerProcess *w = worker(id);
        if (!w->start(workerArgs(id, queenOf(id))) || !w->waitReady()) {
            m_failures << QStringLiteral("worker %1 did not start: %2").arg(id, w->errorString());
            return false;
        }
        return true;
    }
    bool startQueen()
    {
        QStringList args;
        if (m_queenPort != 0)
            args << QStringLiteral("--port") << QString::number(m_queenPort);
        if (!m_queen.start(args)) {
            m_failures << QStringLiteral("the queen did not start: %1").arg(m_queen.errorString());
            return false;
        }
        m_queenPort = quint16(m_queen.url().port());
        m_queenRss = std::make_unique<RssMonitor>();
        m_queenRss->add(QStringLiteral("queen %1").arg(m_queenRestarts), m_queen.process().processId());
        return true;
    }

    // Empty when the remote mirror equals the queen's GET /v1/workers in ids, status, online and
    // slots; else the difference.
    QString mirrorDifference()
    {
        const auto r = httpRequest("GET", m_queen.url(QStringLiteral("/v1/workers")), {}, {}, 5000);
        if (r.status != 200)
            return QStringLiteral("GET /v1/workers: %1 %2").arg(r.status).arg(r.error);
        const QStringList keys = {QStringLiteral("worker_id"), QStringLiteral("status"), QStringLiteral("online"),
                                  QStringLiteral("slots_total"), QStringLiteral("slots_busy")};
        auto project = [&keys](const QJsonObject &o) {
            QStringList parts;
            for (const QString &k : keys)
                parts << k + u'=' + o.value(k).toVariant().toString();
            return parts.join(u' ');
        };
        QStringList queen, mirror;
        for (const QJsonValue &v : r.json.value(QStringLiteral("workers")).toArray())
            queen << project(v.toObject());
        const qint64 now = m_remote->registry()->clock().nowMs();
        for (const WorkerRecord &w : m_remote->registry()->workers())
            mirror << project(w.toJson(now));
        queen.sort();
        mirror.sort();
        if (queen == mirror)
            return {};
        return QStringLiteral("mirror [%1] but the queen [%2]")
            .arg(mirror.join(QStringLiteral("; ")), queen.join(QStringLiteral("; ")));
    }

    // Empty when nothing runs or waits anywhere and the link and mirror are settled.
    QString idleState()
    {
        QStringList busy;
        if (m_remote->link() != QueenConnection::Link::Connected)
            busy << QStringLiteral("the link is not Connected (%1)").arg(m_remote->lastError());
        for (const QUrl &queen : {m_queen.url(), localQueenUrl()}) {
            QUrl health = queen;
            health.setPath(QStringLiteral("/health"));
            const auto h = httpRequest("GET", health, {}, {}, 5000);
            if (h.status != 200 || h.json.value(QStringLiteral("jobs_running")).toInt(-1) != 0
                || h.json.value(QStringLiteral("queue_depth")).toInt(-1) != 0
                || h.json.value(QStringLiteral("workers_online")).toInt(-1) != 2)
                busy << QStringLiteral("queen %1 /health %2: %3")
                            .arg(queen.toString())
                            .arg(h.status)
                            .arg(QString::fromUtf8(h.body));
        }
        for (const QString &id :
             {QStringLiteral("ra"), QStringLiteral("rb"), QStringLiteral("la"), QStringLiteral("lb")}) {
            const auto r = httpRequest("GET", worker(id)->url(QStringLiteral("/health")), {}, {}, 5000);
            if (r.status != 200 || r.json.value(QStringLiteral("slots_busy")).toInt(-1) != 0
                || r.json.value(QStringLiteral("queue_depth")).toInt(-1) != 0)
                busy << QStringLiteral("worker %1 /health %2: %3").arg(id).arg(r.status).arg(QString::fromUtf8(r.body));
        }
        if (busy.isEmpty()) {
            const QString diff = mirrorDifference();
            if (!diff.isEmpty())
                busy << diff;
        }
        return busy.join(QStringLiteral("; "));
    }

    QString mirrorText() const
    {
        QStringList out;
        for (const WorkerRecord &w : m_remote->registry()->workers())
            out << QStringLiteral("%1 %2").arg(w.id(), w.online ? QStringLiteral("online") : w.offlineReason);
        return out.join(QStringLiteral(", "));
    }

    // The queen's RSS growth since its first sample after an idle settle, before it is replaced.
    void checkQueenRss()
    {
        m_queenRss->sample();
        m_queenRssSummaries << m_queenRss->summary();
        m_failures << m_queenRss->overBound(m_options.rssGrowthBoundKb);
    }

    bool inOutage(qint64 fromMs, qint64 toMs) const
    {
        for (const Outage &o : m_outages) {
            // A margin after the outage: heartbeats and the link take a moment to settle.
            const qint64 end = o.toMs < 0 ? std::numeric_limits<qint64>::max() : o.toMs + 3000;
            if (fromMs <= end && (toMs < 0 || toMs >= o.fromMs))
                return true;
        }
        return false;
    }

    ConnectionJob *launch(Side &side, ConnectionJob::Action action, ConnectionJob::Pin pin, const QString &prompt)
    {
        JobSubmission s;
        s.model = pin == ConnectionJob::Pin::OtherModel ? QStringLiteral("other") : QStringLiteral("tiny");
        switch (pin) {
        case ConnectionJob::Pin::None: break;
        case ConnectionJob::Pin::Valid:
        case ConnectionJob::Pin::OtherModel:
            s.workerId = side.workerIds.at(int(m_rng.bounded(side.workerIds.size())));
            break;
        case ConnectionJob::Pin::Unknown: s.workerId = QStringLiteral("no-such-worker"); break;
        }
        s.request.prompt = prompt;
        const bool midStream =
            action == ConnectionJob::Action::CancelMidStream || action == ConnectionJob::Action::DeleteMidStream;
        const int maxTokens = midStream ? kMaxTokensMidStream : kMaxTokens;
        s.request.sampling.maxTokens = maxTokens;
        s.request.sampling.seed = 7;
        auto job = std::make_unique<ConnectionJob>(++m_jobCount, side.name, action, pin, maxTokens);
        ConnectionJob *raw = job.get();
        m_jobs.push_back(std::move(job));
        raw->start(side.connection->newJob(s, m_streams.get()), m_options.silenceBoundMs / 2);
        return raw;
    }

    int inFlight(const QString &side) const
    {
        int n = 0;
        for (const auto &j : m_jobs)
            n += !j->isFinished() && j->side() == side ? 1 : 0;
        return n;
    }

    void randomJob(Side &side)
    {
        static const QStringList prompts = {QStringLiteral("Once upon a time"), QStringLiteral("The little dog"),
                                            QStringLiteral("One day, a girl named Lily")};
        const quint32 a = m_rng.bounded(100u);
        const auto action = a < 40   ? ConnectionJob::Action::ReadFull
                            : a < 55 ? ConnectionJob::Action::CancelBeforeId
                            : a < 80 ? ConnectionJob::Action::CancelMidStream
                                     : ConnectionJob::Action::DeleteMidStream;
        const quint32 p = m_rng.bounded(100u);
        const auto pin = p < 60   ? ConnectionJob::Pin::None
                         : p < 80 ? ConnectionJob::Pin::Valid
                         : p < 90 ? ConnectionJob::Pin::Unknown
                                  : ConnectionJob::Pin::OtherModel;
        launch(side, action, pin, prompts.at(int(m_rng.bounded(prompts.size()))));
    }

    // Kills the queen or stops a worker now; brings it back after a random delay. Returns when
    // it is back (the test's own event loop keeps the jobs moving meanwhile).
    void churn()
    {
        Outage outage{nowMs()};
        m_outages << outage;
        const bool queen = m_rng.bounded(2u) == 0;
        const int downMs = 200 + int(m_rng.bounded(2000u));
        if (queen) {
            ++m_queenRestarts;
            qInfo("churn: SIGKILL the queen, start it again on port %d after %d ms", m_queenPort, downMs);
            checkQueenRss();
            m_queen.kill();
            m_queen.process().waitForFinished(5000);
            // The link notices at once (the events connection closes) and shows every worker
            // it knew offline.
            const bool down = waitFor(
                [this] {
                    if (m_remote->link() != QueenConnection::Link::Reconnecting)
                        return false;
                    for (const WorkerRecord &w : m_remote->registry()->workers()) {
                        if (w.online)
                            return false;
                    }
                    return true;
                },
                5000, 10);
            if (!down)
                m_failures << QStringLiteral("the queen was killed, but 5 s later the link is %1 with the mirror [%2]")
                                  .arg(m_remote->link() == QueenConnection::Link::Connected
                                           ? QStringLiteral("Connected")
                                           : QStringLiteral("Reconnecting"),
                                       mirrorText());
            // Jobs made while it is down: each must end with an error event, never hang.
            const int orphans = 1 + int(m_rng.bounded(3u));
            for (int i = 0; i < orphans; ++i) {
                randomJob(m_remoteSide);
                m_jobs.back()->expectOutageError();
            }
            QTest::qWait(downMs);  // pacing of the stimulus, not a wait for a result
            startQueen();
        } else {
            ++m_workerStops;
            const QString id =
                QStringList{QStringLiteral("ra"), QStringLiteral("rb"), QStringLiteral("la"), QStringLiteral("lb")}.at(
                    int(m_rng.bounded(4u)));
            qInfo("churn: stop worker %s, start it again after %d ms", qPrintable(id), downMs);
            worker(id)->terminate();
            if (!worker(id)->process().waitForFinished(10000))
                worker(id)->kill();
            QTest::qWait(downMs);
            startWorker(id);
        }
        m_outages.last().toMs = nowMs();
    }

    void collectPhase(int phase)
    {
        for (const auto &j : m_jobs) {
            if (j->isFinished() && inOutage(j->startedAtMs(), j->endedAtMs()))
                j->allowOutageErrors();
            for (const QString &p : j->problems())
                m_failures << QStringLiteral("phase %1: %2").arg(phase).arg(p);
            ++m_outcomes[j->outcome()];
        }
        m_jobs.clear();
        m_streams = std::make_unique<QObject>();
    }

    bool allEnded(int boundMs)
    {
        return waitFor(
            [this] {
                for (const auto &j : m_jobs) {
                    if (!j->isFinished())
                        return false;
                }
                return true;
            },
            boundMs, 50);
    }

    void randomPhase(int phase, qint64 untilMs)
    {
        const int lengthMs = 3000 + int(m_rng.bounded(5000u));
        const qint64 end = qMin(untilMs, nowMs() + lengthMs);
        const qint64 churnAt = m_rng.bounded(100u) < 75 ? nowMs() + m_rng.bounded(quint32(lengthMs)) : -1;
        bool churned = false;
        while (nowMs() < end) {
            if (!churned && churnAt >= 0 && nowMs() >= churnAt) {
                churned = true;
                churn();
            }
            Side &side = m_rng.bounded(2u) == 0 ? m_remoteSide : m_localSide;
            if (inFlight(side.name) < kMaxInFlight)
                randomJob(side);
            QTest::qWait(20 + int(m_rng.bounded(200u)));  // pacing of the stimulus
        }
        if (!allEnded(m_options.silenceBoundMs)) {
            QStringList open;
            for (const auto &j : m_jobs) {
                if (!j->isFinished())
                    open << j->describe();
            }
            m_failures << QStringLiteral("phase %1: jobs still open %2 ms after the last stimulus: %3")
                              .arg(phase)
                              .arg(m_options.silenceBoundMs)
                              .arg(open.join(QStringLiteral(", ")));
        }
        collectPhase(phase);
    }

    void silentBurst(int phase, RssMonitor &rss)
    {
        // Settled first: the link, the mirror, both queens and every worker idle.
        QString state;
        const bool idle = waitFor(
            [&] {
                state = idleState();
                return state.isEmpty();
            },
            m_options.silenceBoundMs, 250);
        if (!idle) {
            m_failures << QStringLiteral("phase %1: not settled %2 ms after the last stimulus: %3")
                              .arg(phase)
                              .arg(m_options.silenceBoundMs)
                              .arg(state);
            return;
        }
        rss.sample();
        m_queenRss->sample();
        ++m_bursts;
        // One job pinned to each worker, and once those run, unpinned ones (more than the free
        // slots: the rest waits in the queen's queue and must move when a job ends, with nothing
        // else happening). After the last submission, nothing but waiting for ended().
        QList<ConnectionJob *> pinned;
        for (Side *side : {&m_remoteSide, &m_localSide}) {
            for (const QString &id : side->workerIds) {
                QStringList ids = side->workerIds;
                side->workerIds = {id};
                pinned << launch(*side, ConnectionJob::Action::ReadFull, ConnectionJob::Pin::Valid,
                                 QStringLiteral("Once upon a time"));
                side->workerIds = ids;
            }
        }
        if (!waitFor(
                [&pinned] {
                    for (const ConnectionJob *j : std::as_const(pinned)) {
                        if (!j->isAccepted())
                            return false;
                    }
                    return true;
                },
                m_options.silenceBoundMs, 10))
            m_failures << QStringLiteral("phase %1: the burst's pinned jobs were not accepted within %2 ms")
                              .arg(phase)
                              .arg(m_options.silenceBoundMs);
        const int unpinned = 3 + int(m_rng.bounded(4u));
        for (Side *side : {&m_remoteSide, &m_localSide}) {
            for (int i = 0; i < unpinned; ++i)
                launch(*side, ConnectionJob::Action::ReadFull, ConnectionJob::Pin::None,
                       QStringLiteral("Once upon a time"));
        }
        if (!allEnded(m_options.silenceBoundMs)) {
            QStringList open;
            for (const auto &j : m_jobs) {
                if (!j->isFinished())
                    open << j->describe();
            }
            m_failures << QStringLiteral("phase %1: silent burst of %2 unpinned + 4 pinned: still open after %3 ms: %4")
                              .arg(phase)
                              .arg(unpinned * 2)
                              .arg(m_options.silenceBoundMs)
                              .arg(open.join(QStringLiteral(", ")));
        }
        for (const auto &j : m_jobs) {
            const QString o = j->outcome();
            if (!o.endsWith(QLatin1String(": end length")) && !o.endsWith(QLatin1String(": end eos")))
                m_failures << QStringLiteral("phase %1: burst job %2 did not complete").arg(phase).arg(j->describe());
        }
        // Burst outcomes are counted apart from the random ones.
        for (const auto &j : m_jobs)
            ++m_outcomes[QStringLiteral("burst ") + j->outcome()];
        for (const auto &j : m_jobs) {
            for (const QString &p : j->problems())
                m_failures << QStringLiteral("phase %1 burst: %2").arg(phase).arg(p);
        }
        m_jobs.clear();
        m_streams = std::make_unique<QObject>();
        rss.sample();
        m_queenRss->sample();
    }

private Q_SLOTS:
    void initTestCase()
    {
        qInfo().noquote() << "stress options:" << m_options.describe();
        m_streams = std::make_unique<QObject>();
        QVERIFY(startQueen());
        m_local = startInProcessQueen();
        QVERIFY(m_local);
        m_inProcess = std::make_unique<InProcessQueenConnection>(m_local.get());
        m_remote = std::make_unique<RemoteQueenConnection>(remoteQueenUrl(), QString());
        connect(m_remote.get(), &QueenConnection::linkChanged, this, [this] {
            m_linkLog << (m_remote->link() == QueenConnection::Link::Connected ? QStringLiteral("Connected")
                                                                               : QStringLiteral("Reconnecting"));
        });
        m_remoteSide = {QStringLiteral("remote"), m_remote.get(), {QStringLiteral("ra"), QStringLiteral("rb")}};
        m_localSide = {QStringLiteral("local"), m_inProcess.get(), {QStringLiteral("la"), QStringLiteral("lb")}};
        for (const QString &id :
             {QStringLiteral("ra"), QStringLiteral("rb"), QStringLiteral("la"), QStringLiteral("lb")})
            QVERIFY2(startWorker(id), qPrintable(m_failures.join(u'\n')));
        m_remote->start();
        QString state;
        QVERIFY2(waitFor(
                     [&] {
                         state = idleState();
                         return state.isEmpty();
                     },
                     20000, 200),
                 qPrintable(QStringLiteral("connected, all four workers online and idle: ") + state));
    }

    void randomPhasesWithChurnAndSilentBursts_endEveryJobAndSettle()
    {
        RssMonitor rss;
        rss.add(QStringLiteral("test process"), QCoreApplication::applicationPid());
        const qint64 deadline = nowMs() + qint64(m_options.seconds) * 1000;
        int phase = 0;
        while (nowMs() < deadline && m_failures.size() < 20) {
            ++phase;
            m_linkLog.clear();
            const int restartsBefore = m_queenRestarts;
            randomPhase(phase, deadline);
            silentBurst(phase, rss);
            if (m_queenRestarts > restartsBefore) {
                const int down = int(m_linkLog.indexOf(QStringLiteral("Reconnecting")));
                if (down < 0 || m_linkLog.indexOf(QStringLiteral("Connected"), down) < 0)
                    m_failures << QStringLiteral("phase %1: the queen restarted but the link said %2")
                                      .arg(phase)
                                      .arg(m_linkLog.join(QStringLiteral(", ")));
            }
            if (phase == 1) {
                // Warm-up over: from here the queen's RSS counts too (a restart makes a new one).
                rss.resetBaseline();
                rss.sample();
            }
            qInfo("phase %d done: %d failure(s) so far", phase, int(m_failures.size()));
        }
        rss.sample();
        checkQueenRss();
        QStringList outcomes;
        for (auto it = m_outcomes.cbegin(); it != m_outcomes.cend(); ++it)
            outcomes << QStringLiteral("%1 x%2").arg(it.key()).arg(it.value());
        qInfo().noquote() << "stress summary:" << phase << "phases," << m_bursts << "bursts," << m_queenRestarts
                          << "queen restarts," << m_workerStops << "worker stops;" << rss.summary() << ";"
                          << m_queenRssSummaries.join(QStringLiteral("; ")) << "\n  "
                          << outcomes.join(QStringLiteral("\n  "));
        m_failures << rss.overBound(m_options.rssGrowthBoundKb);
        for (const QString &f : std::as_const(m_failures))
            qWarning().noquote() << "FAILURE:" << f;
        QVERIFY2(m_failures.isEmpty(), qPrintable(QStringLiteral("%1 failure(s), reported above; repeat with %2")
                                                      .arg(m_failures.size())
                                                      .arg(m_options.describe())));
        QVERIFY2(m_bursts >= 1, "no silent burst ran");
    }

    void cleanupTestCase()
    {
        m_jobs.clear();
        m_streams.reset();
        m_remote.reset();
        m_inProcess.reset();
        for (WorkerProcess *w : {&m_ra, &m_rb, &m_la, &m_lb})
            w->kill();
        m_local.reset();
    }
};

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const StressOptions options = StressOptions::fromEnvironment();
    options.extendQtTestTimeout();
    TestStressRemote test(options);
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_stress_remote.moc"

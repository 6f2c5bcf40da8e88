// Randomized stress of `rbee --serve` with two rbee-workers (each --slots 2 --queue 2 --threads 1)
// over real sockets: the job API (submit, read fully, hang up, cancel before or during the stream,
// never open, open twice) and the OpenAI streaming endpoints (read fully, hang up), in random
// mixes, alternating with silent bursts of identical jobs through the job API.
//
// Stated bounds (tiny model, at most 48 tokens a job, at most 10 clients for 4 slots):
// - no stream is silent longer than RBEE_STRESS_SILENCE_MS (20 s);
// - a cancelled stream ends within a quarter of that after DELETE is answered;
// - between phases the queen's /health and /metrics show no running and no queued job, every
//   worker in /v1/workers has jobs_dispatched 0, and each worker's /health shows slots_busy 0 and
//   queue_depth 0, within the same bound;
// - each process's RSS grows by at most RBEE_STRESS_RSS_MB (64 MiB) over its value after warm-up.
#include "stressdriver.h"

#include "serverprocess.h"

#include <QJsonArray>
#include <QTest>

using namespace rbee::test;

class TestStressQueen : public QObject {
    Q_OBJECT

public:
    explicit TestStressQueen(const StressOptions &options) : m_options(options) {}

private:
    StressOptions m_options;
    QueenProcess m_queen;
    WorkerProcess m_a;
    WorkerProcess m_b;

    QStringList workerArgs() const
    {
        return {QStringLiteral("--model"),         tinyModelPath(),
                QStringLiteral("--model-name"),    QStringLiteral("tiny"),
                QStringLiteral("--queen"),         m_queen.url().toString(),
                QStringLiteral("--heartbeat-ms"),  QStringLiteral("500"),
                QStringLiteral("--slots"),         QStringLiteral("2"),
                QStringLiteral("--queue"),         QStringLiteral("2"),
                QStringLiteral("--threads"),       QStringLiteral("1"),
                QStringLiteral("--chat-template"), QStringLiteral("chatml")};
    }

    static QString metric(const QByteArray &text, const QByteArray &name)
    {
        for (const QByteArray &line : text.split('\n')) {
            if (line.startsWith(QByteArray(name + ' ')))
                return QString::fromUtf8(line.mid(name.size() + 1));
        }
        return QStringLiteral("(missing)");
    }

    // Empty when nothing runs or waits anywhere; else what the servers say.
    QString idleState()
    {
        QStringList busy;
        for (ServerProcess *p : {static_cast<ServerProcess *>(&m_queen), static_cast<ServerProcess *>(&m_a),
                                 static_cast<ServerProcess *>(&m_b)}) {
            if (p->process().state() != QProcess::Running)
                busy << QStringLiteral("%1 is not running; stderr: %2")
                            .arg(p->url().toString(), QString::fromUtf8(p->stderrText()));
        }
        const auto health = httpRequest("GET", m_queen.url(QStringLiteral("/health")), {}, {}, 5000);
        if (health.status != 200 || health.json.value(QStringLiteral("jobs_running")).toInt(-1) != 0
            || health.json.value(QStringLiteral("queue_depth")).toInt(-1) != 0
            || health.json.value(QStringLiteral("workers_online")).toInt(-1) != 2)
            busy << QStringLiteral("queen /health %1: %2").arg(health.status).arg(QString::fromUtf8(health.body));
        const auto metrics = httpRequest("GET", m_queen.url(QStringLiteral("/metrics")), {}, {}, 5000);
        if (metric(metrics.body, "rbee_jobs_running") != QLatin1String("0")
            || metric(metrics.body, "rbee_queue_depth") != QLatin1String("0"))
            busy << QStringLiteral("queen /metrics: rbee_jobs_running %1, rbee_queue_depth %2")
                        .arg(metric(metrics.body, "rbee_jobs_running"), metric(metrics.body, "rbee_queue_depth"));
        const auto workers = httpRequest("GET", m_queen.url(QStringLiteral("/v1/workers")), {}, {}, 5000);
        for (const QJsonValue &w : workers.json.value(QStringLiteral("workers")).toArray()) {
            const QJsonObject o = w.toObject();
            if (o.value(QStringLiteral("jobs_dispatched")).toInt(-1) != 0)
                busy << QStringLiteral("queen: worker %1 has jobs_dispatched %2")
                            .arg(o.value(QStringLiteral("worker_id")).toString())
                            .arg(o.value(QStringLiteral("jobs_dispatched")).toInt(-1));
        }
        for (WorkerProcess *w : {&m_a, &m_b}) {
            const auto r = httpRequest("GET", w->url(QStringLiteral("/health")), {}, {}, 5000);
            if (r.status != 200 || r.json.value(QStringLiteral("slots_busy")).toInt(-1) != 0
                || r.json.value(QStringLiteral("queue_depth")).toInt(-1) != 0)
                busy << QStringLiteral("worker %1 /health %2: %3")
                            .arg(w->url().toString())
                            .arg(r.status)
                            .arg(QString::fromUtf8(r.body));
        }
        return busy.join(QStringLiteral("; "));
    }

private Q_SLOTS:
    void initTestCase()
    {
        qInfo().noquote() << "stress options:" << m_options.describe();
        QVERIFY2(m_queen.start(), qPrintable(m_queen.errorString()));
        QVERIFY2(m_a.start(workerArgs()), qPrintable(m_a.errorString()));
        QVERIFY2(m_b.start(workerArgs()), qPrintable(m_b.errorString()));
        QVERIFY2(m_a.waitReady(), qPrintable(m_a.errorString()));
        QVERIFY2(m_b.waitReady(), qPrintable(m_b.errorString()));
        QString state;
        QVERIFY2(waitFor(
                     [&] {
                         state = idleState();
                         return state.isEmpty();
                     },
                     15000, 100),
                 qPrintable(QStringLiteral("both workers online and idle at the queen: ") + state));
    }

    void randomMixesAndSilentBursts_loseNoJobAndKeepEveryInvariant()
    {
        RssMonitor rss;
        rss.add(QStringLiteral("queen"), m_queen.process().processId());
        rss.add(QStringLiteral("worker a"), m_a.process().processId());
        rss.add(QStringLiteral("worker b"), m_b.process().processId());
        StressPlan plan;
        plan.server = m_queen.url();
        plan.model = QStringLiteral("tiny");
        plan.apis = {{StressApi::QueenJobs, 6}, {StressApi::OpenAiCompletions, 2}, {StressApi::OpenAiChat, 2}};
        plan.actions = {{StressAction::ReadFull, 30},           {StressAction::HangUpMidStream, 15},
                        {StressAction::CancelBeforeStream, 5},  {StressAction::CancelBeforeStreamThenRead, 5},
                        {StressAction::CancelDuringStream, 15}, {StressAction::NeverOpen, 10},
                        {StressAction::OpenTwice, 10}};
        plan.maxConcurrency = 10;
        plan.burstMin = 3;
        plan.burstMax = 9;  // more than the 4 slots: the rest waits in the queen's queue
        plan.burstApi = StressApi::QueenJobs;
        plan.maxTokens = 48;
        plan.prompts = {QStringLiteral("Once upon a time"), QStringLiteral("The little dog"),
                        QStringLiteral("One day, a girl named Lily")};
        plan.conversations = true;
        plan.idleState = [this] { return idleState(); };

        StressDriver driver(m_options, plan, &rss);
        driver.run();
        qInfo().noquote() << "stress summary:" << driver.summary();

        const QStringList failures = driver.reportFailures();
        QVERIFY2(failures.isEmpty(), qPrintable(QStringLiteral("%1 failure(s), reported above; repeat with %2")
                                                    .arg(failures.size())
                                                    .arg(m_options.describe())));
        QVERIFY2(driver.bursts() >= 1, qPrintable(driver.summary()));
        QVERIFY2(driver.outcomes(QStringLiteral("queen-jobs read-full: end ")) >= 1, qPrintable(driver.summary()));
        QVERIFY2(driver.outcomes(QStringLiteral("burst queen-jobs read-full: end ")) >= 3,
                 qPrintable(driver.summary()));
    }
};

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const StressOptions options = StressOptions::fromEnvironment();
    options.extendQtTestTimeout();
    TestStressQueen test(options);
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_stress_queen.moc"

// Randomized stress of one rbee-worker (--slots 2 --queue 2 --threads 1) over real sockets: random
// mixes of clients that read fully, hang up, cancel before or during the stream, never open it or
// open it twice, alternating with silent bursts of identical jobs. See StressDriver for the phases
// and StreamChecker for the stream invariants.
//
// Stated bounds (tiny model, at most 48 tokens a job, at most 4 jobs ahead of any job):
// - no stream is silent longer than RBEE_STRESS_SILENCE_MS (20 s; a job takes well under 1 s
//   here even on a loaded machine, so a silent stream is a lost job, not a slow one);
// - a cancelled stream ends within a quarter of that after DELETE is answered;
// - between phases /health shows slots_busy 0 and queue_depth 0 within the same bound;
// - the worker's RSS grows by at most RBEE_STRESS_RSS_MB (64 MiB) over its value after warm-up.
#include "stressdriver.h"

#include "serverprocess.h"

#include <QTest>

using namespace rbee::test;

class TestStressWorker : public QObject {
    Q_OBJECT

public:
    explicit TestStressWorker(const StressOptions &options) : m_options(options) {}

private:
    static constexpr int kSlots = 2;
    static constexpr int kQueue = 2;
    StressOptions m_options;
    WorkerProcess m_worker;

    QString idleState()
    {
        if (m_worker.process().state() != QProcess::Running)
            return QStringLiteral("the worker is not running; stderr: ") + QString::fromUtf8(m_worker.stderrText());
        const auto r = httpRequest("GET", m_worker.url(QStringLiteral("/health")), {}, {}, 5000);
        const int busy = r.json.value(QStringLiteral("slots_busy")).toInt(-1);
        const int queued = r.json.value(QStringLiteral("queue_depth")).toInt(-1);
        if (r.status == 200 && busy == 0 && queued == 0
            && r.json.value(QStringLiteral("status")).toString() == QLatin1String("ready"))
            return {};
        return QStringLiteral("worker /health %1: %2 %3").arg(r.status).arg(QString::fromUtf8(r.body), r.error);
    }

private Q_SLOTS:
    void initTestCase()
    {
        qInfo().noquote() << "stress options:" << m_options.describe();
        QVERIFY2(
            m_worker.start({QStringLiteral("--model"), tinyModelPath(), QStringLiteral("--model-name"),
                            QStringLiteral("tiny"), QStringLiteral("--slots"), QString::number(kSlots),
                            QStringLiteral("--queue"), QString::number(kQueue), QStringLiteral("--threads"),
                            QStringLiteral("1"), QStringLiteral("--unclaimed-job-timeout-ms"), QStringLiteral("3000"),
                            // 1 MiB of host cache: a few dozen states, so they are evicted too.
                            QStringLiteral("--cache-ram"), QStringLiteral("1")}),
            qPrintable(m_worker.errorString()));
        QVERIFY2(m_worker.waitReady(), qPrintable(m_worker.errorString()));
    }

    void randomMixesAndSilentBursts_loseNoJobAndKeepEveryInvariant()
    {
        RssMonitor rss;
        rss.add(QStringLiteral("rbee-worker"), m_worker.process().processId());
        StressPlan plan;
        plan.server = m_worker.url();
        plan.model = QStringLiteral("tiny");
        plan.apis = {{StressApi::Worker, 1}};
        plan.actions = {{StressAction::ReadFull, 30},           {StressAction::HangUpMidStream, 15},
                        {StressAction::CancelBeforeStream, 5},  {StressAction::CancelBeforeStreamThenRead, 5},
                        {StressAction::CancelDuringStream, 15}, {StressAction::NeverOpen, 10},
                        {StressAction::OpenTwice, 10}};
        plan.maxConcurrency = 8;  // up to twice what the worker holds: refusals are part of the mix
        plan.burstMin = 3;
        plan.burstMax = kSlots + kQueue + 1;
        plan.burstApi = StressApi::Worker;
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
        // The run did what it says: bursts happened and streams were read to their end.
        QVERIFY2(driver.bursts() >= 1, qPrintable(driver.summary()));
        QVERIFY2(driver.outcomes(QStringLiteral("read-full: end ")) >= 1, qPrintable(driver.summary()));
        QVERIFY2(driver.outcomes(QStringLiteral("burst worker read-full: end ")) >= 3, qPrintable(driver.summary()));
    }
};

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const StressOptions options = StressOptions::fromEnvironment();
    options.extendQtTestTimeout();
    TestStressWorker test(options);
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_stress_worker.moc"

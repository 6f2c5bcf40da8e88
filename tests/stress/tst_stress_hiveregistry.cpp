// Randomized stress of HiveRegistry on a manual Clock: reports from a pool of hives (sometimes at
// another url, sometimes with other workers), clock jumps, sweeps and removals in random order,
// with a view kept only from the registry's signals. After every step the registry agrees with a
// model of the rules (online iff heard from within the timeout once swept, nothing older than
// ten times it, the cap, the name rule, hiveOfWorker) and the view agrees with the registry. Each
// round ends in a silent period where only the sweep timer runs: every hive must go offline and
// then be dropped on its own, and the view must see it.
//
// RBEE_STRESS_SEED repeats a run; RBEE_STRESS_SECONDS bounds it (this suite caps it at 20 s, as it
// runs no processes).
#include "stressoptions.h"

#include "core/registry/hiveregistry.h"

#include "testhivereport.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHash>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QTest>

using namespace rbee::core;
using namespace rbee::test;

namespace {
constexpr qint64 kTimeoutMs = 1000;
constexpr int kPool = 24;      // hive names
constexpr int kMaxHives = 16;  // below the pool: the cap is reached
constexpr int kMaxSeconds = 20;

QString hiveName(int i)
{
    return QStringLiteral("hive-%1").arg(i);
}

// What views show of a hive (HiveRegistry's own notion; sent_at_ms left out).
struct Seen {
    HiveReport report;
    bool online = false;
    QString offlineReason;
};

Seen seen(const HiveRecord &r)
{
    Seen s{r.last, r.online, r.offlineReason};
    s.report.sentAtMs = 0;
    return s;
}
}  // namespace

class TestStressHiveRegistry : public QObject {
    Q_OBJECT
public:
    explicit TestStressHiveRegistry(const StressOptions &options) : m_options(options) {}

private Q_SLOTS:
    void randomOperations_endingInSilence_registryAndViewFollowTheRules();

private:
    // Checks the registry against the rules and the view; "" when all hold.
    QString check(const HiveRegistry &registry, const QHash<QString, Seen> &view, bool swept) const;

    StressOptions m_options;
    ManualClock m_clock;
};

QString TestStressHiveRegistry::check(const HiveRegistry &registry, const QHash<QString, Seen> &view, bool swept) const
{
    const QList<HiveRecord> hives = registry.hives();
    if (hives.size() > kMaxHives)
        return QStringLiteral("%1 hives over the cap of %2").arg(hives.size()).arg(kMaxHives);
    int online = 0;
    QHash<QString, QString> claimedBy;  // worker -> hive with the latest report listing it
    QHash<QString, qint64> claimedAt;
    for (const HiveRecord &h : hives) {
        const qint64 age = m_clock.nowMs() - h.lastReportMs;
        online += int(h.online);
        if (swept && h.online != (age <= kTimeoutMs))
            return QStringLiteral("%1 is %2 at age %3 ms after a sweep")
                .arg(h.name(), h.online ? QStringLiteral("online") : QStringLiteral("offline"))
                .arg(age);
        if (swept && age > kTimeoutMs * 10)
            return QStringLiteral("%1 kept at age %2 ms").arg(h.name()).arg(age);
        if (h.online && !h.offlineReason.isEmpty())
            return QStringLiteral("%1 online with an offline reason").arg(h.name());
        for (const HiveWorker &w : h.last.workers) {
            if (!claimedAt.contains(w.workerId) || claimedAt.value(w.workerId) < h.lastReportMs) {
                claimedAt.insert(w.workerId, h.lastReportMs);
                claimedBy.insert(w.workerId, h.name());
            }
        }
        if (!view.contains(h.name()))
            return QStringLiteral("the view misses %1").arg(h.name());
        const Seen v = view.value(h.name());
        const Seen r = seen(h);
        if (v.online != r.online || v.offlineReason != r.offlineReason || !(v.report == r.report))
            return QStringLiteral("the view of %1 is stale (view %2 '%3', registry %4 '%5')")
                .arg(h.name())
                .arg(v.online)
                .arg(v.offlineReason)
                .arg(r.online)
                .arg(r.offlineReason);
    }
    if (view.size() != hives.size())
        return QStringLiteral("the view has %1 hives, the registry %2").arg(view.size()).arg(hives.size());
    if (online != registry.onlineCount())
        return QStringLiteral("onlineCount %1, counted %2").arg(registry.onlineCount()).arg(online);
    for (auto it = claimedBy.cbegin(); it != claimedBy.cend(); ++it) {
        const HiveRecord *h = registry.hiveOfWorker(it.key());
        if (!h)
            return QStringLiteral("hiveOfWorker(%1) is null, %2 lists it").arg(it.key(), it.value());
        if (!h->last.worker(it.key()))
            return QStringLiteral("hiveOfWorker(%1) is %2, which does not list it").arg(it.key(), h->name());
    }
    for (int w = 0; w < kPool * 2; ++w) {
        const QString id = QStringLiteral("w-%1").arg(w);
        if (!claimedBy.contains(id) && registry.hiveOfWorker(id))
            return QStringLiteral("hiveOfWorker(%1) names a hive though none lists it").arg(id);
    }
    return {};
}

void TestStressHiveRegistry::randomOperations_endingInSilence_registryAndViewFollowTheRules()
{
    const int seconds = qMin(m_options.seconds, kMaxSeconds);
    qInfo().noquote() << "stress:" << m_options.describe() << "(this suite runs" << seconds << "s)";
    QRandomGenerator random(quint32(m_options.seed));
    HiveRegistry registry(m_clock);
    registry.setHeartbeatTimeoutMs(kTimeoutMs);
    registry.setMaxHives(kMaxHives);
    QHash<QString, Seen> view;
    auto show = [&](const QString &name) {
        const HiveRecord *r = registry.find(name);
        QVERIFY(r);
        view.insert(name, seen(*r));
    };
    connect(&registry, &HiveRegistry::hiveAdded, this, show);
    connect(&registry, &HiveRegistry::hiveChanged, this, show);
    connect(&registry, &HiveRegistry::hiveRemoved, this, [&](const QString &name) { QVERIFY(view.remove(name) == 1); });

    QElapsedTimer elapsed;
    elapsed.start();
    qint64 steps = 0;
    int rounds = 0;
    int conflicts = 0;
    int refusedFull = 0;
    while (elapsed.elapsed() < seconds * 1000) {
        ++rounds;
        const int burst = 200 + int(random.bounded(800));
        for (int i = 0; i < burst; ++i, ++steps) {
            const int op = int(random.bounded(100));
            bool swept = false;
            if (op < 60) {
                const int n = int(random.bounded(kPool));
                HiveReport r = testHiveReport(m_clock, hiveName(n));
                if (random.bounded(10) == 0)
                    r.url = QStringLiteral("http://elsewhere-%1.lan:7834").arg(random.bounded(3));
                for (int w = 0; w < int(random.bounded(4)); ++w)
                    r.workers << testHiveWorker(QStringLiteral("w-%1").arg(random.bounded(kPool * 2)),
                                                QStringLiteral("m"));
                r.cpuCores = 1 + int(random.bounded(2));  // a visible change now and then
                const HiveRecord *before = registry.find(r.name);
                const bool mustConflict = before && before->online && before->last.url != r.url;
                const bool mayBeFull = !before && registry.count() >= kMaxHives;
                const auto error = registry.applyReport(r);
                if (mustConflict) {
                    QVERIFY2(error && error->code == ErrorCode::Conflict,
                             qPrintable(QStringLiteral("seed %1: a taken name was not refused").arg(m_options.seed)));
                    ++conflicts;
                } else if (error) {
                    QVERIFY2(
                        mayBeFull && error->code == ErrorCode::TooManyWorkers,
                        qPrintable(QStringLiteral("seed %1: refused: %2").arg(m_options.seed).arg(error->message)));
                    ++refusedFull;
                }
            } else if (op < 85) {
                m_clock.advance(qint64(random.bounded(int(kTimeoutMs * 3 / 2))));
            } else if (op < 97) {
                registry.sweep();
                swept = true;
            } else {
                registry.remove(hiveName(int(random.bounded(kPool))));
            }
            const QString problem = check(registry, view, swept);
            QVERIFY2(problem.isEmpty(),
                     qPrintable(QStringLiteral("seed %1, step %2: %3").arg(m_options.seed).arg(steps).arg(problem)));
        }
        // Silence: no report, no call; the sweep timer alone must take every hive offline, then drop it.
        registry.sweep();
        const QString settled = check(registry, view, true);
        QVERIFY2(settled.isEmpty(), qPrintable(QStringLiteral("seed %1: %2").arg(m_options.seed).arg(settled)));
        registry.startSweeping(2);
        m_clock.advance(kTimeoutMs + 1);
        QTRY_VERIFY2_WITH_TIMEOUT(registry.onlineCount() == 0 && check(registry, view, true).isEmpty(),
                                  qPrintable(QStringLiteral("seed %1, round %2: hives still online in silence: %3")
                                                 .arg(m_options.seed)
                                                 .arg(rounds)
                                                 .arg(check(registry, view, true))),
                                  10000);
        for (const Seen &v : std::as_const(view))
            QVERIFY2(!v.online, "the view still shows a silent hive online");
        m_clock.advance(kTimeoutMs * 10);
        QTRY_VERIFY2_WITH_TIMEOUT(
            registry.count() == 0 && view.isEmpty(),
            qPrintable(QStringLiteral("seed %1, round %2: silent hives not dropped").arg(m_options.seed).arg(rounds)),
            10000);
        for (int w = 0; w < kPool * 2; ++w)
            QVERIFY(!registry.hiveOfWorker(QStringLiteral("w-%1").arg(w)));
        registry.startSweeping(3600 * 1000);  // out of the way of the next burst
    }
    qInfo() << "stress:" << rounds << "rounds," << steps << "steps," << conflicts << "name conflicts," << refusedFull
            << "refused as full";
    QVERIFY2(rounds >= 1 && conflicts > 0 && refusedFull > 0, "the mix never reached the name rule or the cap");
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    // Millions of joins, timeouts and evictions: the registry's log would be the run's main cost.
    QLoggingCategory::setFilterRules(QStringLiteral("rbee.core.registry.info=false"));
    const StressOptions options = StressOptions::fromEnvironment();
    options.extendQtTestTimeout();
    TestStressHiveRegistry test(options);
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_stress_hiveregistry.moc"

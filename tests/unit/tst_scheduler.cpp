// Scheduler::choose, table-driven: model filter, liveness and readiness, first-available,
// least-loaded and cache-aware ordering, dispatch and finish counting, the exclude set, and the
// Selected/Wait/Fail narration.
#include "core/error.h"
#include "core/registry/workerrecord.h"
#include "core/scheduler/scheduler.h"

#include <QHash>
#include <QLocale>
#include <QSet>
#include <QTest>

#include <algorithm>

using namespace rbee::core;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

constexpr qint64 kNow = 100'000;

// Workers as text, one per ';':
// "id model status busy/total [off] [d=dispatched] [f=finished since heartbeat] [o=order] [age=ms]".
// Without o=, the order is the position in the list.
QList<WorkerRecord> parseWorkers(const QString &spec)
{
    QList<WorkerRecord> list;
    const QStringList entries = spec.split(u';', Qt::SkipEmptyParts);
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QStringList f = entries.at(i).split(u' ', Qt::SkipEmptyParts);
        if (f.size() < 4)
            qFatal("bad worker spec '%s'", qPrintable(entries.at(i)));
        WorkerRecord r;
        r.last.workerId = f.at(0);
        r.last.model = f.at(1);
        const auto status = workerStatusFromName(f.at(2));
        if (!status)
            qFatal("bad status in '%s'", qPrintable(entries.at(i)));
        r.last.status = *status;
        const QStringList slots = f.at(3).split(u'/');
        r.last.slotsBusy = slots.at(0).toInt();
        r.last.slotsTotal = slots.at(1).toInt();
        r.last.url = QStringLiteral("http://%1.lan:8081").arg(f.at(0));
        r.order = quint64(i);
        r.lastHeartbeatMs = kNow - 1000;
        for (qsizetype k = 4; k < f.size(); ++k) {
            const QString &opt = f.at(k);
            if (opt == QLatin1String("off")) {
                r.online = false;
                r.offlineReason = s("no heartbeat for 20 s");
            } else if (opt.startsWith(QLatin1String("d="))) {
                r.dispatched = opt.mid(2).toInt();
            } else if (opt.startsWith(QLatin1String("f="))) {
                r.finishedSinceHeartbeat = opt.mid(2).toInt();
            } else if (opt.startsWith(QLatin1String("o="))) {
                r.order = opt.mid(2).toULongLong();
            } else if (opt.startsWith(QLatin1String("age="))) {
                r.lastHeartbeatMs = kNow - opt.mid(4).toLongLong();
            } else {
                qFatal("bad option '%s'", qPrintable(opt));
            }
        }
        list.append(r);
    }
    return list;
}

QString kindName(ScheduleDecision::Kind kind)
{
    switch (kind) {
    case ScheduleDecision::Kind::Selected: return s("selected");
    case ScheduleDecision::Kind::Wait: return s("wait");
    case ScheduleDecision::Kind::Fail: return s("fail");
    }
    return s("?");
}

// "a:640 b:128" -> {a: 640, b: 128}
QHash<QString, qint64> parseMatches(const QString &spec)
{
    QHash<QString, qint64> out;
    for (const QString &entry : spec.split(u' ', Qt::SkipEmptyParts)) {
        const QStringList kv = entry.split(u':');
        out.insert(kv.at(0), kv.at(1).toLongLong());
    }
    return out;
}

SchedulingPolicy policyNamed(const QString &name)
{
    const auto p = schedulingPolicyFromName(name);
    if (!p)
        qFatal("bad policy '%s'", qPrintable(name));
    return *p;
}

}  // namespace

class TestScheduler : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void choose_data();
    void choose();
    void choose_noWorkerAtAll_failsWithExactMessage();
    void choose_onlyOfflineOrExcludedWorkers_failsWithNoWorker();
    void choose_allBusy_waitsAndNarratesEachWorker();
    void choose_selected_narrationDescribesWorker_data();
    void choose_selected_narrationDescribesWorker();
    void choose_listOrderDoesNotMatter_data();
    void choose_listOrderDoesNotMatter();
    void choose_cacheAware_data();
    void choose_cacheAware();
    void choose_cacheAware_otherPoliciesIgnoreTheMatch();
    void choosePinned_data();
    void choosePinned();
    void groupedNumber_usesCommasWhateverTheLocale();
    void policyNames_roundTrip_data();
    void policyNames_roundTrip();
    void policyFromName_unknownName_isRejected_data();
    void policyFromName_unknownName_isRejected();
};

void TestScheduler::choose_data()
{
    QTest::addColumn<QString>("workers");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QStringList>("exclude");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("chosen");

    const QString fa = s("first-available");
    const QString ll = s("least-loaded");
    const QStringList none;
    auto row = [&](const char *tag, const char *workers, const QString &policy, const QStringList &exclude,
                   const char *kind, const char *chosen) {
        QTest::newRow(tag) << s(workers) << s("m") << policy << exclude << s(kind) << s(chosen);
    };

    // Model filter.
    row("model: other model skipped (fa)", "a other ready 0/4; b m ready 3/4", fa, none, "selected", "b");
    row("model: other model skipped (ll)", "a other ready 0/4; b m ready 3/4", ll, none, "selected", "b");
    row("model: match is exact", "a m-large ready 0/4; b M ready 0/4; c mm ready 0/4", fa, none, "fail", "");
    row("model: only other models fail", "a other ready 0/4", ll, none, "fail", "");

    // Liveness and readiness.
    row("offline: skipped (fa)", "a m ready 0/4 off; b m ready 3/4", fa, none, "selected", "b");
    row("offline: skipped (ll)", "a m ready 0/4 off; b m ready 3/4", ll, none, "selected", "b");
    row("offline: only offline fails", "a m ready 0/4 off; b m ready 0/2 off", fa, none, "fail", "");
    row("status: loading waits", "a m loading 0/4", fa, none, "wait", "");
    row("status: busy with free slot waits", "a m busy 1/4", ll, none, "wait", "");
    row("status: loading skipped for ready", "a m loading 0/4; b m ready 1/2", fa, none, "selected", "b");
    row("slots: full by heartbeat skipped", "a m ready 4/4; b m ready 3/4", fa, none, "selected", "b");
    row("slots: all full waits", "a m ready 4/4; b m ready 2/2", ll, none, "wait", "");
    row("slots: offline free and online full waits", "a m ready 0/4 off; b m ready 2/2", fa, none, "wait", "");

    // first-available: lowest registration order, not lowest load, not list position.
    row("fa: lowest order wins", "a m ready 3/4; b m ready 0/4", fa, none, "selected", "a");
    row("fa: order, not list position", "a m ready 0/4 o=7; b m ready 3/4 o=2; c m ready 1/4 o=5", fa, none, "selected",
        "b");
    row("fa: full first worker skipped", "a m ready 2/2 o=0; b m ready 3/4 o=1", fa, none, "selected", "b");

    // least-loaded: lowest busy/total ratio, ties by registration order.
    row("ll: lowest ratio wins", "a m ready 3/4; b m ready 1/4; c m ready 2/4", ll, none, "selected", "b");
    row("ll: ratio, not busy count", "a m ready 1/2; b m ready 2/8", ll, none, "selected", "b");
    row("ll: ratio, not free count", "a m ready 4/8; b m ready 0/1", ll, none, "selected", "b");
    row("ll: tie goes to lower order", "a m ready 2/4 o=5; b m ready 1/2 o=3", ll, none, "selected", "b");
    row("ll: tie goes to lower order (listed first)", "a m ready 1/2 o=1; b m ready 2/4 o=3", ll, none, "selected",
        "a");
    row("ll: all idle goes to lowest order", "a m ready 0/4 o=4; b m ready 0/1 o=2; c m ready 0/8 o=9", ll, none,
        "selected", "b");

    // Dispatch counting: busy = max(heartbeat busy, dispatched).
    row("dispatch: makes worker full (fa)", "a m ready 0/2 d=2; b m ready 1/2", fa, none, "selected", "b");
    row("dispatch: counts in ratio (ll)", "a m ready 0/4 d=3; b m ready 2/4", ll, none, "selected", "b");
    row("dispatch: heartbeat busy higher wins (ll)", "a m ready 3/4 d=1; b m ready 2/4 d=0", ll, none, "selected", "b");
    row("dispatch: all full waits", "a m ready 0/1 d=1; b m ready 1/2 d=2", fa, none, "wait", "");

    // Jobs finished since the heartbeat: their slots are free at once.
    row("finished: frees a busy heartbeat's slot (fa)", "a m busy 1/1 f=1; b m ready 0/1", fa, none, "selected", "a");
    row("finished: counts in the ratio (ll)", "a m ready 3/4 f=2; b m ready 2/4", ll, none, "selected", "a");
    row("finished: never below dispatched", "a m busy 1/1 f=1 d=1; b m ready 0/1", fa, none, "selected", "b");
    row("finished: busy without finishes waits", "a m busy 1/1; b m busy 2/2", fa, none, "wait", "");
    row("finished: loading is not made ready", "a m loading 0/1 f=1; b m ready 0/1", fa, none, "selected", "b");

    // The exclude set (workers already tried for this job).
    row("exclude: skipped (fa)", "a m ready 0/4; b m ready 3/4", fa, QStringList{s("a")}, "selected", "b");
    row("exclude: skipped (ll)", "a m ready 0/4; b m ready 3/4", ll, QStringList{s("a")}, "selected", "b");
    row("exclude: all excluded fails", "a m ready 0/4; b m ready 0/4", ll, (QStringList{s("a"), s("b")}), "fail", "");
    row("exclude: rest full waits", "a m ready 0/4; b m ready 4/4", fa, QStringList{s("a")}, "wait", "");
    row("exclude: unknown id is harmless", "a m ready 0/4", fa, QStringList{s("zz")}, "selected", "a");

    row("no workers fail (fa)", "", fa, none, "fail", "");
    row("no workers fail (ll)", "", ll, none, "fail", "");
}

void TestScheduler::choose()
{
    QFETCH(QString, workers);
    QFETCH(QString, model);
    QFETCH(QString, policy);
    QFETCH(QStringList, exclude);
    QFETCH(QString, kind);
    QFETCH(QString, chosen);

    const QList<WorkerRecord> list = parseWorkers(workers);
    const QSet<QString> excluded(exclude.cbegin(), exclude.cend());
    const ScheduleDecision d = Scheduler::choose(list, model, policyNamed(policy), kNow, excluded);
    QCOMPARE(kindName(d.kind), kind);
    QCOMPARE(d.workerId, chosen);
    QVERIFY2(!d.narration.isEmpty(), "every decision is narrated");
    if (d.kind == ScheduleDecision::Kind::Fail) {
        QCOMPARE(d.error.code, ErrorCode::NoWorker);
        QCOMPARE(cliExitCode(d.error.code), 3);
    }

    // Pure: the same input gives the same decision.
    const ScheduleDecision again = Scheduler::choose(list, model, policyNamed(policy), kNow, excluded);
    QCOMPARE(again.workerId, d.workerId);
    QCOMPARE(again.narration, d.narration);
}

void TestScheduler::choose_noWorkerAtAll_failsWithExactMessage()
{
    const ScheduleDecision d = Scheduler::choose({}, s("llama-3.2-1b"), SchedulingPolicy::FirstAvailable, kNow);
    QCOMPARE(d.kind, ScheduleDecision::Kind::Fail);
    QCOMPARE(d.error.code, ErrorCode::NoWorker);
    const QString expected = s("No available worker found for model 'llama-3.2-1b'. Make sure a worker is running "
                               "and has sent heartbeats to queen.");
    QCOMPARE(d.error.message, expected);
    QCOMPARE(d.narration, expected);
    QCOMPARE(Scheduler::noWorkerMessage(s("llama-3.2-1b")), expected);
    QVERIFY(d.workerId.isEmpty());
}

void TestScheduler::choose_onlyOfflineOrExcludedWorkers_failsWithNoWorker()
{
    const QList<WorkerRecord> list = parseWorkers(s("a m ready 0/4 off; b m ready 0/4; c other ready 0/4"));
    const ScheduleDecision d = Scheduler::choose(list, s("m"), SchedulingPolicy::LeastLoaded, kNow, {s("b")});
    QCOMPARE(d.kind, ScheduleDecision::Kind::Fail);
    QCOMPARE(d.error.code, ErrorCode::NoWorker);
    QCOMPARE(d.error.message, Scheduler::noWorkerMessage(s("m")));
}

void TestScheduler::choose_allBusy_waitsAndNarratesEachWorker()
{
    const QList<WorkerRecord> list =
        parseWorkers(s("a m ready 2/2; b m loading 0/4; c m ready 0/1 d=1; z m ready 0/4 off"));
    const ScheduleDecision d = Scheduler::choose(list, s("m"), SchedulingPolicy::FirstAvailable, kNow);
    QCOMPARE(d.kind, ScheduleDecision::Kind::Wait);
    QVERIFY(d.workerId.isEmpty());
    QVERIFY2(d.narration.contains(s("'m'")), qPrintable(d.narration));
    QVERIFY2(d.narration.contains(s("a ready 2/2")), qPrintable(d.narration));
    QVERIFY2(d.narration.contains(s("b loading 0/4")), qPrintable(d.narration));
    QVERIFY2(d.narration.contains(s("c ready 1/1")), qPrintable(d.narration));
    QVERIFY2(!d.narration.contains(s("z ")), qPrintable(d.narration));  // offline workers are not waited for
    QVERIFY2(d.narration.contains(s("waiting")), qPrintable(d.narration));
}

void TestScheduler::choose_selected_narrationDescribesWorker_data()
{
    QTest::addColumn<QString>("workers");
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QString>("expected");
    QTest::newRow("heartbeat busy") << s("w-7 m ready 1/4 age=2500") << s("least-loaded")
                                    << s("Selected worker w-7 (model m, 1/4 slots busy, heartbeat 2.5 s ago)");
    QTest::newRow("dispatched counted") << s("w-7 m ready 1/4 d=3 age=12345") << s("first-available")
                                        << s("Selected worker w-7 (model m, 3/4 slots busy, heartbeat 12.3 s ago)");
    QTest::newRow("fresh heartbeat") << s("gpu0 m ready 0/1 age=0") << s("first-available")
                                     << s("Selected worker gpu0 (model m, 0/1 slots busy, heartbeat 0.0 s ago)");
}

void TestScheduler::choose_selected_narrationDescribesWorker()
{
    QFETCH(QString, workers);
    QFETCH(QString, policy);
    QFETCH(QString, expected);
    const ScheduleDecision d = Scheduler::choose(parseWorkers(workers), s("m"), policyNamed(policy), kNow);
    QCOMPARE(d.kind, ScheduleDecision::Kind::Selected);
    QVERIFY2(d.narration.startsWith(expected), qPrintable(d.narration));
    QVERIFY2(d.narration.contains(policy), qPrintable(d.narration));
}

void TestScheduler::choose_listOrderDoesNotMatter_data()
{
    QTest::addColumn<QString>("policy");
    QTest::newRow("first-available") << s("first-available");
    QTest::newRow("least-loaded") << s("least-loaded");
}

void TestScheduler::choose_listOrderDoesNotMatter()
{
    QFETCH(QString, policy);
    // Two equally loaded workers; whichever way round the list comes, the earlier registration wins.
    QList<WorkerRecord> list = parseWorkers(s("late m ready 1/4 o=9; early m ready 1/4 o=3; full m ready 4/4 o=0"));
    const QString forward = Scheduler::choose(list, s("m"), policyNamed(policy), kNow).workerId;
    std::reverse(list.begin(), list.end());
    const QString backward = Scheduler::choose(list, s("m"), policyNamed(policy), kNow).workerId;
    QCOMPARE(forward, s("early"));
    QCOMPARE(backward, s("early"));
}

void TestScheduler::choose_cacheAware_data()
{
    QTest::addColumn<QString>("workers");
    QTest::addColumn<QString>("matches");
    QTest::addColumn<qint64>("promptChars");
    QTest::addColumn<QStringList>("exclude");
    QTest::addColumn<QString>("chosen");
    QTest::addColumn<QString>("rule");  // the narration after the worker's description

    const QStringList none;
    const QString noMatch = s(" by cache-aware (no worker holds this prompt; least loaded)");
    const QString imbalanced = s(" by cache-aware (load imbalanced; least loaded)");
    auto row = [&](const char *tag, const char *workers, const char *matches, qint64 promptChars, const char *chosen,
                   const QString &rule, const QStringList &exclude = {}) {
        QTest::newRow(tag) << s(workers) << s(matches) << promptChars << exclude << s(chosen) << rule;
    };

    // No candidate holds the prompt: least loaded, then registration order (not first-available,
    // so new conversations spread over the workers).
    row("no match: least loaded", "a m ready 1/4; b m ready 0/4", "", 500, "b", noMatch);
    row("no match: idle tie by order", "a m ready 0/4 o=3; b m ready 0/4 o=1", "", 500, "b", noMatch);
    row("no match: dispatched counts", "a m ready 0/4 d=1; b m ready 0/4", "", 500, "b", noMatch);

    // The longest match wins while the load is balanced.
    row("match: longest wins", "a m ready 0/4; b m ready 1/4", "a:128 b:640", 1910, "b",
        s(" by cache-aware: 640 of 1,910 prompt characters cached there"));
    row("match: on a busier worker within the threshold", "a m ready 0/4; b m ready 2/4", "b:64", 100, "b",
        s(" by cache-aware: 64 of 100 prompt characters cached there"));
    row("match: thousands separators", "a m ready 0/8; b m ready 0/8", "b:1856", 1910, "b",
        s(" by cache-aware: 1,856 of 1,910 prompt characters cached there"));
    row("match: big numbers", "a m ready 0/8", "a:1234560", 1234567, "a",
        s(" by cache-aware: 1,234,560 of 1,234,567 prompt characters cached there"));
    row("match: tie goes to least loaded", "a m ready 1/4; b m ready 0/4", "a:640 b:640", 700, "b",
        s(" by cache-aware: 640 of 700 prompt characters cached there"));
    row("match: tie on load goes to order", "a m ready 0/4 o=2; b m ready 0/4 o=1", "a:640 b:640", 700, "b",
        s(" by cache-aware: 640 of 700 prompt characters cached there"));

    // Imbalanced: more than kImbalanceSlots (2) busy slots between the busiest and least busy.
    row("imbalanced: least loaded despite a match", "a m ready 0/4; b m ready 3/4", "b:1856", 1910, "a", imbalanced);
    row("imbalanced: dispatched counts as load", "a m ready 0/4 d=3; b m ready 0/4", "a:640", 700, "b", imbalanced);
    row("imbalanced: only candidates count", "a m ready 8/8; b m ready 0/4; c m ready 1/4", "c:64", 100, "c",
        s(" by cache-aware: 64 of 100 prompt characters cached there"));

    // Workers that cannot take the job do not win by their match.
    row("full worker's match ignored", "a m ready 4/4; b m ready 0/4", "a:640", 700, "b", noMatch);
    row("offline worker's match ignored", "a m ready 0/4 off; b m ready 1/4", "a:640", 700, "b", noMatch);
    row("loading worker's match ignored", "a m loading 0/4; b m ready 1/4", "a:640", 700, "b", noMatch);
    row("excluded worker's match ignored", "a m ready 0/4; b m ready 1/4", "a:640", 700, "b", noMatch,
        QStringList{s("a")});
    row("unknown worker in matches harmless", "a m ready 0/4", "zz:640", 700, "a", noMatch);
}

void TestScheduler::choose_cacheAware()
{
    QFETCH(QString, workers);
    QFETCH(QString, matches);
    QFETCH(qint64, promptChars);
    QFETCH(QStringList, exclude);
    QFETCH(QString, chosen);
    QFETCH(QString, rule);

    const QList<WorkerRecord> list = parseWorkers(workers);
    const QSet<QString> excluded(exclude.cbegin(), exclude.cend());
    const PromptMatch match{promptChars, parseMatches(matches)};
    const ScheduleDecision d = Scheduler::choose(list, s("m"), SchedulingPolicy::CacheAware, kNow, excluded, match);
    QCOMPARE(kindName(d.kind), s("selected"));
    QCOMPARE(d.workerId, chosen);
    const auto it = std::find_if(list.cbegin(), list.cend(), [&](const WorkerRecord &w) { return w.id() == chosen; });
    QCOMPARE(d.narration, s("Selected worker ") + Scheduler::describe(*it, kNow) + rule);
}

void TestScheduler::choose_cacheAware_otherPoliciesIgnoreTheMatch()
{
    const QList<WorkerRecord> list = parseWorkers(s("a m ready 0/4; b m ready 1/4"));
    const PromptMatch match{700, {{s("b"), 640}}};
    const ScheduleDecision fa = Scheduler::choose(list, s("m"), SchedulingPolicy::FirstAvailable, kNow, {}, match);
    QCOMPARE(fa.workerId, s("a"));
    QVERIFY2(fa.narration.endsWith(s(" by first-available")), qPrintable(fa.narration));
    const ScheduleDecision ll = Scheduler::choose(list, s("m"), SchedulingPolicy::LeastLoaded, kNow, {}, match);
    QCOMPARE(ll.workerId, s("a"));
    QVERIFY2(ll.narration.endsWith(s(" by least-loaded")), qPrintable(ll.narration));
}

void TestScheduler::choosePinned_data()
{
    QTest::addColumn<QString>("workers");
    QTest::addColumn<QString>("pinned");
    QTest::addColumn<QString>("exclude");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("inMessage");  // a piece of the narration (and of the error)
    const QString two = s("a m ready 0/2; b m ready 1/2");
    QTest::newRow("free worker, though first-available would take another")
        << two << s("b") << QString() << s("selected") << ErrorCode::Internal << s("Selected worker b (model m, 1/2");
    QTest::newRow("the narration says it was asked for")
        << two << s("a") << QString() << s("selected") << ErrorCode::Internal << s("as asked (worker_id)");
    QTest::newRow("unknown id: 400 on the field")
        << two << s("zz") << QString() << s("fail") << ErrorCode::BadRequest << s("unknown worker_id 'zz'");
    QTest::newRow("another model: 400 naming both")
        << s("a other ready 0/2") << s("a") << QString() << s("fail") << ErrorCode::BadRequest
        << s("worker a serves model 'other', not 'm'");
    QTest::newRow("offline: named with its reason")
        << s("a m ready 0/2 off") << s("a") << QString() << s("fail") << ErrorCode::NoWorker
        << s("Worker a is offline (no heartbeat for 20 s)");
    QTest::newRow("every slot busy: named, never queued") << s("a m busy 2/2") << s("a") << QString() << s("fail")
                                                          << ErrorCode::WorkerBusy << s("Worker a (model m, 2/2");
    QTest::newRow("slots taken by dispatched jobs count")
        << s("a m ready 0/1 d=1") << s("a") << QString() << s("fail") << ErrorCode::WorkerBusy << s("is busy");
    QTest::newRow("busy in a heartbeat a finished job made stale: free")
        << s("a m busy 1/1 f=1") << s("a") << QString() << s("selected") << ErrorCode::Internal << s("as asked");
    QTest::newRow("loading") << s("a m loading 0/2") << s("a") << QString() << s("fail") << ErrorCode::WorkerLoading
                             << s("still loading");
    QTest::newRow("stopping") << s("a m stopping 0/2") << s("a") << QString() << s("fail") << ErrorCode::WorkerStopping
                              << s("is stopping");
    QTest::newRow("already tried for this job")
        << two << s("a") << s("a") << s("fail") << ErrorCode::NoWorker << s("Worker a refused the job");
}

void TestScheduler::choosePinned()
{
    QFETCH(QString, workers);
    QFETCH(QString, pinned);
    QFETCH(QString, exclude);
    QFETCH(QString, kind);
    QFETCH(ErrorCode, code);
    QFETCH(QString, inMessage);
    QSet<QString> excluded;
    if (!exclude.isEmpty())
        excluded.insert(exclude);
    const ScheduleDecision d = Scheduler::choosePinned(parseWorkers(workers), s("m"), pinned, kNow, excluded);
    QCOMPARE(kindName(d.kind), kind);
    QVERIFY2(d.narration.contains(inMessage), qPrintable(d.narration));
    if (d.kind == ScheduleDecision::Kind::Selected) {
        QCOMPARE(d.workerId, pinned);
    } else {
        QVERIFY(d.workerId.isEmpty());
        QCOMPARE(d.error.code, code);
        QCOMPARE(d.error.message, d.narration);
        if (code == ErrorCode::BadRequest)
            QCOMPARE(d.error.field, s("worker_id"));
    }
}

void TestScheduler::groupedNumber_usesCommasWhateverTheLocale()
{
    const QLocale before;
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    QCOMPARE(Scheduler::groupedNumber(0), s("0"));
    QCOMPARE(Scheduler::groupedNumber(999), s("999"));
    QCOMPARE(Scheduler::groupedNumber(1840), s("1,840"));
    QCOMPARE(Scheduler::groupedNumber(1234567), s("1,234,567"));
    QLocale::setDefault(before);
}

void TestScheduler::policyNames_roundTrip_data()
{
    QTest::addColumn<SchedulingPolicy>("policy");
    QTest::addColumn<QString>("name");
    QTest::newRow("first-available") << SchedulingPolicy::FirstAvailable << s("first-available");
    QTest::newRow("least-loaded") << SchedulingPolicy::LeastLoaded << s("least-loaded");
    QTest::newRow("cache-aware") << SchedulingPolicy::CacheAware << s("cache-aware");
}

void TestScheduler::policyNames_roundTrip()
{
    QFETCH(SchedulingPolicy, policy);
    QFETCH(QString, name);
    QCOMPARE(schedulingPolicyName(policy), name);
    const auto parsed = schedulingPolicyFromName(name);
    QVERIFY(parsed.has_value());
    QCOMPARE(*parsed, policy);
}

void TestScheduler::policyFromName_unknownName_isRejected_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("empty") << QString();
    QTest::newRow("random") << s("random");
    QTest::newRow("underscore") << s("least_loaded");
    QTest::newRow("trailing space") << s("first-available ");
}

void TestScheduler::policyFromName_unknownName_isRejected()
{
    QFETCH(QString, name);
    QVERIFY(!schedulingPolicyFromName(name).has_value());
}

QTEST_APPLESS_MAIN(TestScheduler)
#include "tst_scheduler.moc"

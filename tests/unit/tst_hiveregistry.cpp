// HiveRegistry: hive reports in, freshness by a manual Clock (online, offline after the timeout,
// dropped after ten times it), the name rule (409 for a name an online hive at another url
// holds), the cap with eviction of offline hives, hiveOfWorker from the reports' worker lists,
// the signals views follow, and the JSON of GET /v1/hives.
#include "core/registry/freshness.h"
#include "core/registry/hiveregistry.h"

#include "testhivereport.h"

#include <QSignalSpy>
#include <QTest>

using namespace rbee::core;
using rbee::test::testHiveReport;
using rbee::test::testHiveWorker;

class TestHiveRegistry : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void freshness_of_onlineUpToTimeoutOfflineThenDropped_data();
    void freshness_of_onlineUpToTimeoutOfflineThenDropped();

    void applyReport_newHive_isListedOnlineAndAnnounced();
    void hives_areListedInRegistrationOrder();
    void applyReport_identicalExceptSentAt_emitsNoHiveChanged();
    void applyReport_visibleChange_emitsHiveChangedOnce();

    void sweep_reportExactlyAtTimeout_staysOnline();
    void sweep_reportOlderThanTimeout_marksOfflineOnceWithReason();
    void sweep_afterTenTimesTimeout_dropsHive();
    void applyReport_afterTimeout_bringsHiveBackOnline();
    void startSweeping_marksStaleHiveOfflineOnItsTimer();

    void applyReport_nameOfOnlineHiveAtAnotherUrl_isRefusedWithConflict();
    void applyReport_nameOfOfflineHiveAtAnotherUrl_takesItOver();
    void applyReport_registryFull_evictsTheOldestOfflineHive();
    void applyReport_registryFullOfOnlineHives_refuses();

    void hiveOfWorker_followsTheReportsWorkerLists();
    void hiveOfWorker_hiveDropped_forgetsItsWorkers();
    void onlineCount_followsJoinsTimeoutsAndRemovals();

    void hiveRecord_toJson_statusAgesAndOfflineReason();
    void hiveRecord_fromJson_readsWhatToJsonWrote();
    void activeWorkers_exitedOnesDoNotCount();
};

void TestHiveRegistry::freshness_of_onlineUpToTimeoutOfflineThenDropped_data()
{
    QTest::addColumn<qint64>("age");
    QTest::addColumn<int>("state");
    QTest::newRow("fresh") << qint64(0) << int(Freshness::State::Online);
    QTest::newRow("at the timeout") << qint64(1000) << int(Freshness::State::Online);
    QTest::newRow("just past it") << qint64(1001) << int(Freshness::State::Offline);
    QTest::newRow("at ten times") << qint64(10000) << int(Freshness::State::Offline);
    QTest::newRow("past ten times") << qint64(10001) << int(Freshness::State::Dropped);
}

void TestHiveRegistry::freshness_of_onlineUpToTimeoutOfflineThenDropped()
{
    QFETCH(qint64, age);
    QFETCH(int, state);
    QCOMPARE(int(Freshness::of(age, 1000)), state);
}

void TestHiveRegistry::applyReport_newHive_isListedOnlineAndAnnounced()
{
    ManualClock clock;
    HiveRegistry registry(clock);
    QSignalSpy added(&registry, &HiveRegistry::hiveAdded);
    QVERIFY(!registry.applyReport(testHiveReport(clock, QStringLiteral("attic"))));
    QCOMPARE(added.size(), 1);
    QCOMPARE(added.at(0).at(0).toString(), QStringLiteral("attic"));
    const HiveRecord *r = registry.find(QStringLiteral("attic"));
    QVERIFY(r);
    QVERIFY(r->online);
    QCOMPARE(r->last.url, QStringLiteral("http://attic.lan:7834"));
    QCOMPARE(registry.onlineCount(), 1);
    QCOMPARE(registry.count(), 1);
    QVERIFY(!registry.find(QStringLiteral("kitchen")));
}

void TestHiveRegistry::hives_areListedInRegistrationOrder()
{
    ManualClock clock;
    HiveRegistry registry(clock);
    const QStringList names{QStringLiteral("zeta"), QStringLiteral("alpha"), QStringLiteral("mid"),
                            QStringLiteral("beta")};
    for (const QString &n : names)
        QVERIFY(!registry.applyReport(testHiveReport(clock, n)));
    QVERIFY(!registry.applyReport(testHiveReport(clock, QStringLiteral("alpha"))));  // again: keeps its place
    QStringList listed;
    for (const HiveRecord &r : registry.hives())
        listed << r.name();
    QCOMPARE(listed, names);
}

void TestHiveRegistry::applyReport_identicalExceptSentAt_emitsNoHiveChanged()
{
    ManualClock clock;
    HiveRegistry registry(clock);
    QVERIFY(!registry.applyReport(testHiveReport(clock, QStringLiteral("attic"))));
    QSignalSpy changed(&registry, &HiveRegistry::hiveChanged);
    clock.advance(100);
    QVERIFY(!registry.applyReport(testHiveReport(clock, QStringLiteral("attic"))));
    QCOMPARE(changed.size(), 0);
    QCOMPARE(registry.find(QStringLiteral("attic"))->lastReportMs, clock.nowMs());
}

void TestHiveRegistry::applyReport_visibleChange_emitsHiveChangedOnce()
{
    ManualClock clock;
    HiveRegistry registry(clock);
    HiveReport report = testHiveReport(clock, QStringLiteral("attic"));
    QVERIFY(!registry.applyReport(report));
    QSignalSpy changed(&registry, &HiveRegistry::hiveChanged);
    report.models.append(rbee::test::testModel(QStringLiteral("tiny"), 1000));
    QVERIFY(!registry.applyReport(report));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toString(), QStringLiteral("attic"));
    QVERIFY(registry.find(QStringLiteral("attic"))->last.model(QStringLiteral("tiny")));
}

void TestHiveRegistry::sweep_reportExactlyAtTimeout_staysOnline()
{
    ManualClock clock;
    HiveRegistry registry(clock);
    registry.setHeartbeatTimeoutMs(1000);
    QVERIFY(!registry.applyReport(testHiveReport(clock, QStringLiteral("attic"))));
    clock.advance(1000);
    registry.sweep();
    QVERIFY(registry.find(QStringLiteral("attic"))->online);
}

void TestHiveRegistry::sweep_reportOlderThanTimeout_marksOfflineOnceWithReason()
{
    ManualClock clock;
    HiveRegistry registry(clock);
    registry.setHeartbeatTimeoutMs(15000);
    QVERIFY(!registry.applyReport(testHiveReport(clock, QStringLiteral("attic"))));
    QSignalSpy changed(&registry, &HiveRegistry::hiveChanged);
    clock.advance(17000);
    registry.sweep();
    registry.sweep();  // the same second: nothing new to tell
    QCOMPARE(changed.size(), 1);
    const HiveRecord *r = registry.find(QStringLiteral("attic"));
    QVERIFY(!r->online);
    QCOMPARE(r->offlineReason, QStringLiteral("no heartbeat for 17 s"));
    QCOMPARE(r->displayStatus(), DisplayStatus::Offline);
    QCOMPARE(registry.onlineCount(), 0);
}

void TestHiveRegistry::sweep_afterTenTimesTimeout_dropsHive()
{
    ManualClock clock;
    HiveRegistry registry(clock);
    registry.setHeartbeatTimeoutMs(1000);
    QVERIFY(!registry.applyReport(testHiveReport(clock, QStringLiteral("attic"))));
    QSignalSpy removed(&registry, &HiveRegistry::hiveRemoved);
    clock.advance(10000);
    registry.sweep();
    QVERIFY(registry.find(QStringLiteral("attic")));
    QCOMPARE(removed.size(), 0);
    clock.advance(1);
    registry.sweep();
    QVERIFY(!registry.find(QStringLiteral("attic")));
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.at(0).at(0).toString(), QStringLiteral("attic"));
    QCOMPARE(registry.count(), 0);
}

void TestHiveRegistry::applyReport_afterTimeout_bringsHiveBackOnline()
{
    ManualClock clock;
    HiveRegistry registry(clock);
    registry.setHeartbeatTimeoutMs(1000);
    QVERIFY(!registry.applyReport(testHiveReport(clock, QStringLiteral("attic"))));
    clock.advance(5000);
    registry.sweep();
    QVERIFY(!registry.find(QStringLiteral("attic"))->online);
    QSignalSpy changed(&registry, &HiveRegistry::hiveChanged);
    QVERIFY(!registry.applyReport(testHiveReport(clock, QStringLiteral("attic"))));
    QCOMPARE(changed.size(), 1);
    QVERIFY(registry.find(QStringLiteral("attic"))->online);
    QVERIFY(registry.find(QStringLiteral("attic"))->offlineReason.isEmpty());
    QCOMPARE(registry.onlineCount(), 1);
}

void TestHiveRegistry::startSweeping_marksStaleHiveOfflineOnItsTimer()
{
    ManualClock clock;
    HiveRegistry registry(clock);
    registry.setHeartbeatTimeoutMs(1000);
    QVERIFY(!registry.applyReport(testHiveReport(clock, QStringLiteral("attic"))));
    registry.startSweeping(10);
    clock.advance(2000);
    // Nothing but the timer moves it: no report, no call.
    QTRY_VERIFY_WITH_TIMEOUT(!registry.find(QStringLiteral("attic"))->online, 5000);
}

void TestHiveRegistry::applyReport_nameOfOnlineHiveAtAnotherUrl_isRefusedWithConflict()
{
    ManualClock clock;
    HiveRegistry registry(clock);
    QVERIFY(!registry.applyReport(testHiveReport(clock, QStringLiteral("attic"))));
    HiveReport impostor = testHiveReport(clock, QStringLiteral("attic"));
    impostor.url = QStringLiteral("http://other.lan:7834");
    QSignalSpy changed(&registry, &HiveRegistry::hiveChanged);
    const auto error = registry.applyReport(impostor);
    QVERIFY(error);
    QCOMPARE(error->code, ErrorCode::Conflict);
    QCOMPARE(httpStatus(error->code), 409);
    QVERIFY2(error->message.contains(QStringLiteral("http://attic.lan:7834")), qPrintable(error->message));
    QCOMPARE(registry.find(QStringLiteral("attic"))->last.url, QStringLiteral("http://attic.lan:7834"));
    QCOMPARE(changed.size(), 0);
}

void TestHiveRegistry::applyReport_nameOfOfflineHiveAtAnotherUrl_takesItOver()
{
    ManualClock clock;
    HiveRegistry registry(clock);
    registry.setHeartbeatTimeoutMs(1000);
    QVERIFY(!registry.applyReport(testHiveReport(clock, QStringLiteral("attic"))));
    clock.advance(1500);
    registry.sweep();
    HiveReport moved = testHiveReport(clock, QStringLiteral("attic"));
    moved.url = QStringLiteral("http://192.168.1.30:7834");
    QVERIFY(!registry.applyReport(moved));
    QCOMPARE(registry.find(QStringLiteral("attic"))->last.url, moved.url);
    QVERIFY(registry.find(QStringLiteral("attic"))->online);
    QCOMPARE(registry.count(), 1);
}

void TestHiveRegistry::applyReport_registryFull_evictsTheOldestOfflineHive()
{
    ManualClock clock;
    HiveRegistry registry(clock);
    registry.setHeartbeatTimeoutMs(1000);
    registry.setMaxHives(3);
    QVERIFY(!registry.applyReport(testHiveReport(clock, QStringLiteral("old"))));
    clock.advance(10);
    QVERIFY(!registry.applyReport(testHiveReport(clock, QStringLiteral("older-but-later"))));
    clock.advance(10);
    QVERIFY(!registry.applyReport(testHiveReport(clock, QStringLiteral("live"))));
    clock.advance(1200);
    QVERIFY(!registry.applyReport(testHiveReport(clock, QStringLiteral("live"))));
    registry.sweep();  // old and older-but-later offline; old has the oldest report
    QSignalSpy removed(&registry, &HiveRegistry::hiveRemoved);
    QVERIFY(!registry.applyReport(testHiveReport(clock, QStringLiteral("new"))));
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.at(0).at(0).toString(), QStringLiteral("old"));
    QCOMPARE(registry.count(), 3);
    QVERIFY(registry.find(QStringLiteral("new")));
}

void TestHiveRegistry::applyReport_registryFullOfOnlineHives_refuses()
{
    ManualClock clock;
    HiveRegistry registry(clock);
    registry.setMaxHives(2);
    QVERIFY(!registry.applyReport(testHiveReport(clock, QStringLiteral("a"))));
    QVERIFY(!registry.applyReport(testHiveReport(clock, QStringLiteral("b"))));
    const auto error = registry.applyReport(testHiveReport(clock, QStringLiteral("c")));
    QVERIFY(error);
    QCOMPARE(error->code, ErrorCode::TooManyWorkers);
    QVERIFY2(error->message.contains(QStringLiteral("2 online hives")), qPrintable(error->message));
    QVERIFY(!registry.find(QStringLiteral("c")));
    // A known hive still reports.
    QVERIFY(!registry.applyReport(testHiveReport(clock, QStringLiteral("a"))));
}

void TestHiveRegistry::hiveOfWorker_followsTheReportsWorkerLists()
{
    ManualClock clock;
    HiveRegistry registry(clock);
    HiveReport attic = testHiveReport(clock, QStringLiteral("attic"));
    attic.workers << testHiveWorker(QStringLiteral("w-1"), QStringLiteral("m"))
                  << testHiveWorker(QStringLiteral("w-2"), QStringLiteral("m"));
    QVERIFY(!registry.applyReport(attic));
    QCOMPARE(registry.hiveOfWorker(QStringLiteral("w-1"))->name(), QStringLiteral("attic"));
    QCOMPARE(registry.hiveOfWorker(QStringLiteral("w-2"))->name(), QStringLiteral("attic"));
    QVERIFY(!registry.hiveOfWorker(QStringLiteral("w-3")));

    // w-1 leaves attic's list; w-2 moves to kitchen's (the later report wins).
    attic.workers.removeFirst();
    HiveReport kitchen = testHiveReport(clock, QStringLiteral("kitchen"));
    kitchen.workers << testHiveWorker(QStringLiteral("w-2"), QStringLiteral("m"));
    QVERIFY(!registry.applyReport(kitchen));
    QCOMPARE(registry.hiveOfWorker(QStringLiteral("w-2"))->name(), QStringLiteral("kitchen"));
    QVERIFY(!registry.applyReport(attic));
    QVERIFY(!registry.hiveOfWorker(QStringLiteral("w-1")));
    // attic still lists w-2 and reported last.
    QCOMPARE(registry.hiveOfWorker(QStringLiteral("w-2"))->name(), QStringLiteral("attic"));
    attic.workers.clear();
    QVERIFY(!registry.applyReport(attic));
    // attic no longer lists it; kitchen still does.
    QCOMPARE(registry.hiveOfWorker(QStringLiteral("w-2"))->name(), QStringLiteral("kitchen"));
    kitchen.workers.clear();
    QVERIFY(!registry.applyReport(kitchen));
    QVERIFY(!registry.hiveOfWorker(QStringLiteral("w-2")));
}

void TestHiveRegistry::hiveOfWorker_hiveDropped_forgetsItsWorkers()
{
    ManualClock clock;
    HiveRegistry registry(clock);
    registry.setHeartbeatTimeoutMs(1000);
    HiveReport attic = testHiveReport(clock, QStringLiteral("attic"));
    attic.workers << testHiveWorker(QStringLiteral("w-1"), QStringLiteral("m"));
    QVERIFY(!registry.applyReport(attic));
    clock.advance(5000);
    registry.sweep();
    QVERIFY(registry.hiveOfWorker(QStringLiteral("w-1")));  // offline, still known
    clock.advance(6000);
    registry.sweep();
    QVERIFY(!registry.hiveOfWorker(QStringLiteral("w-1")));
    QVERIFY(!registry.find(QStringLiteral("attic")));
}

void TestHiveRegistry::onlineCount_followsJoinsTimeoutsAndRemovals()
{
    ManualClock clock;
    HiveRegistry registry(clock);
    registry.setHeartbeatTimeoutMs(1000);
    QVERIFY(!registry.applyReport(testHiveReport(clock, QStringLiteral("a"))));
    QVERIFY(!registry.applyReport(testHiveReport(clock, QStringLiteral("b"))));
    QCOMPARE(registry.onlineCount(), 2);
    clock.advance(800);
    QVERIFY(!registry.applyReport(testHiveReport(clock, QStringLiteral("b"))));
    clock.advance(800);
    registry.sweep();
    QCOMPARE(registry.onlineCount(), 1);
    QVERIFY(registry.remove(QStringLiteral("b")));
    QCOMPARE(registry.onlineCount(), 0);
    QCOMPARE(registry.count(), 1);
    QVERIFY(!registry.applyReport(testHiveReport(clock, QStringLiteral("a"))));
    QCOMPARE(registry.onlineCount(), 1);
    QVERIFY(!registry.remove(QStringLiteral("b")));
}

void TestHiveRegistry::hiveRecord_toJson_statusAgesAndOfflineReason()
{
    ManualClock clock;
    HiveRegistry registry(clock);
    registry.setHeartbeatTimeoutMs(1000);
    HiveReport report = testHiveReport(clock, QStringLiteral("attic"));
    report.sentAtMs -= 250;  // sent 250 ms before it arrived
    QVERIFY(!registry.applyReport(report));
    clock.advance(400);
    QJsonObject o = registry.find(QStringLiteral("attic"))->toJson(clock.nowMs());
    QCOMPARE(o.value(QStringLiteral("name")).toString(), QStringLiteral("attic"));
    QCOMPARE(o.value(QStringLiteral("status")).toString(), QStringLiteral("ready"));
    QCOMPARE(o.value(QStringLiteral("online")).toBool(), true);
    QVERIFY(!o.contains(QStringLiteral("offline_reason")));
    QCOMPARE(o.value(QStringLiteral("last_heartbeat_age_ms")).toInteger(), 400);
    QCOMPARE(o.value(QStringLiteral("clock_skew_ms")).toInteger(), 250);
    QCOMPARE(o.value(QStringLiteral("max_workers")).toInt(), 4);
    clock.advance(2000);
    registry.sweep();
    o = registry.find(QStringLiteral("attic"))->toJson(clock.nowMs());
    QCOMPARE(o.value(QStringLiteral("status")).toString(), QStringLiteral("offline"));
    QCOMPARE(o.value(QStringLiteral("online")).toBool(), false);
    QCOMPARE(o.value(QStringLiteral("offline_reason")).toString(), QStringLiteral("no heartbeat for 2 s"));
}

void TestHiveRegistry::hiveRecord_fromJson_readsWhatToJsonWrote()
{
    ManualClock clock;
    HiveRecord record;
    record.last = testHiveReport(clock, QStringLiteral("attic"));
    record.last.workers << testHiveWorker(QStringLiteral("w-1"), QStringLiteral("m"));
    record.firstSeenMs = 500;
    record.lastReportMs = 900;
    record.clockSkewMs = 12;
    record.online = false;
    record.offlineReason = QStringLiteral("no heartbeat for 20 s");
    const auto back = HiveRecord::fromJson(record.toJson(1000), 5000);
    QVERIFY2(back, back ? "" : qPrintable(back.error().message));
    QCOMPARE(back->last, record.last);
    QCOMPARE(back->online, false);
    QCOMPARE(back->offlineReason, record.offlineReason);
    QCOMPARE(back->lastReportMs, 4900);
    QCOMPARE(back->firstSeenMs, 4500);
    QCOMPARE(back->clockSkewMs, 12);
}

void TestHiveRegistry::activeWorkers_exitedOnesDoNotCount()
{
    ManualClock clock;
    HiveRecord record;
    record.last = testHiveReport(clock, QStringLiteral("attic"));
    record.last.workers << testHiveWorker(QStringLiteral("a"), QStringLiteral("m"), QStringLiteral("starting"))
                        << testHiveWorker(QStringLiteral("b"), QStringLiteral("m"), QStringLiteral("running"))
                        << testHiveWorker(QStringLiteral("c"), QStringLiteral("m"), QStringLiteral("stopping"))
                        << testHiveWorker(QStringLiteral("d"), QStringLiteral("m"), QStringLiteral("exited"));
    QCOMPARE(record.activeWorkers(), 3);
}

QTEST_GUILESS_MAIN(TestHiveRegistry)
#include "tst_hiveregistry.moc"

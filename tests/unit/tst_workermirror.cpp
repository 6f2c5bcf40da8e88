// WorkerRecord::fromJson (the inverse of toJson) and WorkerRegistry's mirror mode, which a client
// attached to a remote queen fills from GET /v1/events: records set as given, the same signals as
// the heartbeat path, no sweeping.
#include "core/clock.h"
#include "core/registry/workerrecord.h"
#include "core/registry/workerregistry.h"
#include "testheartbeat.h"

#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace rbee::core;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

WorkerRecord record(const ManualClock &clock, const QString &id, WorkerStatus status = WorkerStatus::Ready,
                    int busy = 0)
{
    WorkerRecord r;
    r.last = rbee::test::validHeartbeat(clock, id, s("tiny"), status, busy, 4);
    r.last.tokensPerS = 42.5;
    r.last.queueDepth = 1;
    r.last.promptTokensCached = 7;
    r.last.promptTokensDecoded = 99;
    r.firstSeenMs = clock.nowMs() - 60000;
    r.lastHeartbeatMs = clock.nowMs() - 1200;
    r.clockSkewMs = -3000;
    r.dispatched = 2;
    return r;
}

}  // namespace

class TestWorkerMirror : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fromJson_ofToJson_givesTheRecordBack_data()
    {
        QTest::addColumn<bool>("online");
        QTest::addColumn<int>("status");
        QTest::newRow("ready") << true << int(WorkerStatus::Ready);
        QTest::newRow("busy") << true << int(WorkerStatus::Busy);
        QTest::newRow("loading") << true << int(WorkerStatus::Loading);
        QTest::newRow("offline ready") << false << int(WorkerStatus::Ready);
        QTest::newRow("stopping") << false << int(WorkerStatus::Stopping);
    }
    void fromJson_ofToJson_givesTheRecordBack()
    {
        QFETCH(bool, online);
        QFETCH(int, status);
        ManualClock clock;
        clock.advance(1000000);
        WorkerRecord r = record(clock, s("w1"), WorkerStatus(status), 3);
        r.online = online;
        if (!online)
            r.offlineReason = s("no heartbeat for 17 s");
        const QJsonObject json = r.toJson(clock.nowMs());

        // Read on another computer whose monotonic clock is elsewhere: ages stay ages.
        const qint64 readerNow = 5000;
        const auto back = WorkerRecord::fromJson(json, readerNow);
        QVERIFY2(back.ok(), back ? "" : qPrintable(back.error().message));
        QCOMPARE(back->last, r.last);
        QCOMPARE(back->online, r.online);
        QCOMPARE(back->offlineReason, r.offlineReason);
        QCOMPARE(back->displayStatus(), r.displayStatus());
        QCOMPARE(back->lastHeartbeatMs, readerNow - 1200);
        QCOMPARE(back->firstSeenMs, readerNow - 60000);
        QCOMPARE(back->clockSkewMs, r.clockSkewMs);
        QCOMPARE(back->dispatched, r.dispatched);
        QCOMPARE(back->busySlots(), r.busySlots());
        // And it writes the same JSON again.
        QCOMPARE(back->toJson(readerNow), json);
    }

    void fromJson_withoutReportedStatus_isRefused()
    {
        ManualClock clock;
        QJsonObject json = record(clock, s("w1")).toJson(clock.nowMs());
        json.remove(s("reported_status"));
        QVERIFY(!WorkerRecord::fromJson(json, 0).ok());
    }

    void fromJson_withoutOnline_isRefusedNamingTheField()
    {
        ManualClock clock;
        QJsonObject json = record(clock, s("w1")).toJson(clock.nowMs());
        json.remove(s("online"));
        const auto back = WorkerRecord::fromJson(json, 0);
        QVERIFY(!back.ok());
        QCOMPARE(back.error().field, s("online"));
    }

    void mirrorOne_addsThenChanges_withTheRegistrySignals()
    {
        ManualClock clock;
        WorkerRegistry registry(clock);
        registry.setMirror(true);
        QSignalSpy added(&registry, &WorkerRegistry::workerAdded);
        QSignalSpy changed(&registry, &WorkerRegistry::workerChanged);
        registry.mirrorOne(record(clock, s("w1")));
        registry.mirrorOne(record(clock, s("w2")));
        QCOMPARE(added.size(), 2);
        QCOMPARE(registry.onlineCount(), 2);
        QVERIFY(registry.knowsModel(s("tiny")));

        registry.mirrorOne(record(clock, s("w1"), WorkerStatus::Busy, 4));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toString(), s("w1"));
        QCOMPARE(registry.find(s("w1"))->last.status, WorkerStatus::Busy);
        // An update keeps its place in the order.
        QCOMPARE(registry.workers().first().id(), s("w1"));

        registry.mirrorOne(record(clock, s("w1"), WorkerStatus::Busy, 4));
        QCOMPARE(changed.size(), 1);  // the same record again is no change
    }

    void mirrorAll_replacesEverything_removingAbsentRecords()
    {
        ManualClock clock;
        WorkerRegistry registry(clock);
        registry.setMirror(true);
        registry.mirrorOne(record(clock, s("gone")));
        registry.mirrorOne(record(clock, s("kept")));
        QSignalSpy removed(&registry, &WorkerRegistry::workerRemoved);
        QSignalSpy added(&registry, &WorkerRegistry::workerAdded);
        registry.mirrorAll({record(clock, s("kept")), record(clock, s("new"))});
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed.at(0).at(0).toString(), s("gone"));
        QCOMPARE(added.size(), 1);
        QCOMPARE(registry.count(), 2);
        QCOMPARE(registry.workers().at(0).id(), s("kept"));
        QCOMPARE(registry.workers().at(1).id(), s("new"));
    }

    void mirrorOffline_marksEveryRecordOfflineWithTheReason_andKeepsThem()
    {
        ManualClock clock;
        WorkerRegistry registry(clock);
        registry.setMirror(true);
        registry.mirrorAll({record(clock, s("w1")), record(clock, s("w2"))});
        QSignalSpy changed(&registry, &WorkerRegistry::workerChanged);
        registry.mirrorOffline(s("queen unreachable"));
        QCOMPARE(changed.size(), 2);
        QCOMPARE(registry.onlineCount(), 0);
        QCOMPARE(registry.count(), 2);
        QCOMPARE(registry.find(s("w2"))->offlineReason, s("queen unreachable"));
        QCOMPARE(registry.find(s("w2"))->displayStatus(), DisplayStatus::Offline);
        // The mirrored queen's snapshot brings them back.
        registry.mirrorAll({record(clock, s("w1")), record(clock, s("w2"))});
        QCOMPARE(registry.onlineCount(), 2);
    }

    void mirror_isNeverSwept_whateverTheHeartbeatAge()
    {
        ManualClock clock;
        WorkerRegistry registry(clock);
        registry.setMirror(true);
        registry.mirrorOne(record(clock, s("w1")));
        clock.advance(WorkerRegistry::kDefaultHeartbeatTimeoutMs * WorkerRegistry::kDropFactor * 2);
        registry.sweep();
        QCOMPARE(registry.count(), 1);
        QVERIFY(registry.find(s("w1"))->online);
    }
};

QTEST_GUILESS_MAIN(TestWorkerMirror)
#include "tst_workermirror.moc"

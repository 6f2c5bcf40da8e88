// WorkerRegistry, WorkerRecord and the injectable Clock: heartbeat intake, freshness (offline after
// the timeout, dropped after ten times it), replacement by url, dispatch counting and change signals.
#include "core/clock.h"
#include "core/protocol/heartbeat.h"
#include "core/registry/workerrecord.h"
#include "core/registry/workerregistry.h"
#include "core/scheduler/scheduler.h"
#include "testheartbeat.h"

#include <QDateTime>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTest>

#include <functional>

using namespace rbee::core;

Q_DECLARE_METATYPE(rbee::core::Heartbeat)

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

constexpr qint64 kTimeout = WorkerRegistry::kDefaultHeartbeatTimeoutMs;
constexpr qint64 kDropAfter = kTimeout * WorkerRegistry::kDropFactor;

Heartbeat beat(const ManualClock &clock, const QString &id, WorkerStatus status = WorkerStatus::Ready, int busy = 0,
               int total = 2)
{
    return rbee::test::validHeartbeat(clock, id, s("tiny-llama"), status, busy, total);
}

QStringList ids(const QList<WorkerRecord> &records)
{
    QStringList out;
    for (const auto &r : records)
        out << r.id();
    return out;
}

QString firstArg(const QSignalSpy &spy, int index = 0)
{
    return spy.at(index).at(0).toString();
}

}  // namespace

class TestWorkerRegistry : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // A worker told to stop
    void forget_stoppingHeartbeatsWhileItDrains_doNotRegisterItAgain();

    // Clock
    void manualClock_advance_movesMonotonicAndWallTimeTogether();
    void systemClock_isMonotonicAndReadsTheWallClock();

    // Intake and listing
    void applyHeartbeat_newWorker_isListedOnlineAndAnnounced();
    void workers_areListedInRegistrationOrder();
    void find_unknownWorker_returnsNull();
    void applyHeartbeat_recordsClockSkewAsReceiveWallMinusSentAt_data();
    void applyHeartbeat_recordsClockSkewAsReceiveWallMinusSentAt();

    // Change signals
    void applyHeartbeat_identicalExceptSentAt_emitsNoWorkerChanged();
    void applyHeartbeat_visibleFieldChanged_emitsWorkerChangedOnce_data();
    void applyHeartbeat_visibleFieldChanged_emitsWorkerChangedOnce();
    void applyHeartbeat_loadingToReady_emitsCapacityChanged();
    void applyHeartbeat_slotFreedOnFullWorker_emitsCapacityChanged();
    void applyHeartbeat_readyToLoading_emitsNoCapacityChanged();

    // Freshness
    void sweep_heartbeatExactlyAtTimeout_staysOnline();
    void sweep_heartbeatOlderThanTimeout_marksOfflineButKeepsListed();
    void sweep_offlineReason_countsTheSecondsWithoutHeartbeat();
    void sweep_sameSecondAgain_emitsNoWorkerChanged();
    void sweep_customTimeout_isHonoured();
    void sweep_afterTenTimesTimeout_dropsWorker();
    void applyHeartbeat_stopping_marksOfflineAtOnce();
    void sweep_stoppingWorker_keepsReasonUntilDropped();
    void applyHeartbeat_afterTimeout_bringsWorkerBackOnline();
    void startSweeping_marksStaleWorkerOfflineOnItsTimer();

    // Replacement and removal
    void applyHeartbeat_newIdAtSameUrl_replacesOldRecord();
    void applyHeartbeat_sameIdAtNewUrl_keepsOneRecord();
    void applyHeartbeat_movedOntoAnotherWorkersUrl_replacesThatWorker();
    void applyHeartbeat_newWorkerAtVacatedUrl_keepsTheWorkerThatMoved();
    void applyHeartbeat_newIdAtLiveWorkersUrl_isRefusedWithConflictAndChangesNothing();
    void applyHeartbeat_liveWorkerToNewUrlUnconfirmed_isRefusedAndKeepsItsUrl();
    void applyHeartbeat_offlineWorkerOntoLiveWorkersUrl_isRefusedWithConflict();
    void applyHeartbeat_newIdAtOfflineWorkersUrl_replacesItWithoutConfirmation();
    void applyHeartbeat_confirmedMove_goesToTheEndOfTheOrder();
    void applyHeartbeat_sameIdSameUrl_keepsItsPlace();
    void applyHeartbeat_registryFull_evictsTheOldestOfflineWorker();
    void applyHeartbeat_registryFullOfLiveWorkers_refusesWithTooManyWorkers();
    void markFailed_heartbeatsDoNotBringWorkerBackUntilSuspensionEnds();
    void onlineCount_followsJoinsTimeoutsFailuresAndRemovals();
    void knowsModel_servedOrRetiredModels_otherwiseUnknown();
    void remove_knownWorker_emitsWorkerRemoved();
    void remove_unknownWorker_returnsFalseSilently();

    // Dispatch counting
    void busySlots_isMaxOfHeartbeatAndDispatched_data();
    void busySlots_isMaxOfHeartbeatAndDispatched();
    void jobDispatched_countsTowardBusySlotsUntilJobEnded();
    void jobEnded_onFullWorker_emitsCapacityChanged();
    void jobEnded_withNothingDispatched_staysAtZeroAndEmitsNothing();
    void jobDispatched_unknownWorker_isIgnored();
    void jobFinished_afterHeartbeatCountedIt_freesTheSlotAtOnce();
    void jobFinished_sentAfterTheHeartbeat_doesNotHideOtherClientsJobs();
    void jobFinished_nextHeartbeat_resetsTheCount();
    void jobFinished_staleHeartbeatArrivingAfterTheEnd_countsBusyAgain();
    void jobEnded_cancelledOrLost_waitsForTheHeartbeat();

    // Record view
    void workerRecord_toJson_reportsStatusAgeSkewAndDispatch();
};

void TestWorkerRegistry::jobFinished_afterHeartbeatCountedIt_freesTheSlotAtOnce()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    registry.applyHeartbeat(beat(clock, s("w1"), WorkerStatus::Ready, 0, 1));
    const quint64 at = registry.jobDispatched(s("w1"));
    // The worker's heartbeat while the job runs: every slot taken, so it says busy.
    registry.applyHeartbeat(beat(clock, s("w1"), WorkerStatus::Busy, 1, 1));
    QVERIFY(!registry.find(s("w1"))->hasFreeSlot());
    QSignalSpy capacity(&registry, &WorkerRegistry::capacityChanged);

    registry.jobFinished(s("w1"), at);

    const WorkerRecord *r = registry.find(s("w1"));
    QCOMPARE(r->busySlots(), 0);
    QVERIFY(r->hasFreeSlot());
    QVERIFY(r->acceptsJobs());
    QCOMPARE(capacity.size(), 1);
    const ScheduleDecision d =
        Scheduler::choose(registry.workers(), s("tiny-llama"), SchedulingPolicy::FirstAvailable, clock.nowMs());
    QCOMPARE(int(d.kind), int(ScheduleDecision::Kind::Selected));
    QCOMPARE(d.workerId, s("w1"));
}

void TestWorkerRegistry::jobFinished_sentAfterTheHeartbeat_doesNotHideOtherClientsJobs()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    // Another client runs one job of the two slots.
    registry.applyHeartbeat(beat(clock, s("w1"), WorkerStatus::Ready, 1, 2));
    const quint64 at = registry.jobDispatched(s("w1"));
    QCOMPARE(registry.find(s("w1"))->busySlots(), 1);
    // This queen's job ends before any heartbeat counted it: the other client's job still counts.
    registry.jobFinished(s("w1"), at);
    QCOMPARE(registry.find(s("w1"))->busySlots(), 1);
    QCOMPARE(registry.find(s("w1"))->finishedSinceHeartbeat, 0);
}

void TestWorkerRegistry::jobFinished_nextHeartbeat_resetsTheCount()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    registry.applyHeartbeat(beat(clock, s("w1"), WorkerStatus::Ready, 0, 4));
    const quint64 a = registry.jobDispatched(s("w1"));
    const quint64 b = registry.jobDispatched(s("w1"));
    registry.applyHeartbeat(beat(clock, s("w1"), WorkerStatus::Ready, 3, 4));  // ours and one other
    registry.jobFinished(s("w1"), a);
    registry.jobFinished(s("w1"), b);
    QCOMPARE(registry.find(s("w1"))->busySlots(), 1);  // 3 - 2; never below dispatched (0)
    // The next heartbeat is newer than both ends: its figure stands alone.
    registry.applyHeartbeat(beat(clock, s("w1"), WorkerStatus::Ready, 2, 4));
    QCOMPARE(registry.find(s("w1"))->finishedSinceHeartbeat, 0);
    QCOMPARE(registry.find(s("w1"))->busySlots(), 2);
}

void TestWorkerRegistry::jobFinished_staleHeartbeatArrivingAfterTheEnd_countsBusyAgain()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    registry.applyHeartbeat(beat(clock, s("w1"), WorkerStatus::Ready, 0, 1));
    const quint64 at = registry.jobDispatched(s("w1"));
    registry.applyHeartbeat(beat(clock, s("w1"), WorkerStatus::Busy, 1, 1));
    registry.jobFinished(s("w1"), at);
    QVERIFY(registry.find(s("w1"))->hasFreeSlot());
    // A heartbeat sent before the end, received after it: the worker looks busy again (the safe
    // side) until the next heartbeat.
    registry.applyHeartbeat(beat(clock, s("w1"), WorkerStatus::Busy, 1, 1));
    QVERIFY(!registry.find(s("w1"))->hasFreeSlot());
    QVERIFY(!registry.find(s("w1"))->acceptsJobs());
    registry.applyHeartbeat(beat(clock, s("w1"), WorkerStatus::Ready, 0, 1));
    QVERIFY(registry.find(s("w1"))->hasFreeSlot());
}

void TestWorkerRegistry::jobEnded_cancelledOrLost_waitsForTheHeartbeat()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    registry.applyHeartbeat(beat(clock, s("w1"), WorkerStatus::Ready, 0, 1));
    registry.jobDispatched(s("w1"));
    registry.applyHeartbeat(beat(clock, s("w1"), WorkerStatus::Busy, 1, 1));
    registry.jobEnded(s("w1"));
    QCOMPARE(registry.find(s("w1"))->dispatched, 0);
    QCOMPARE(registry.find(s("w1"))->busySlots(), 1);
    QVERIFY(!registry.find(s("w1"))->acceptsJobs());
}

void TestWorkerRegistry::forget_stoppingHeartbeatsWhileItDrains_doNotRegisterItAgain()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    registry.applyHeartbeat(beat(clock, s("w1")));
    registry.applyHeartbeat(beat(clock, s("w2")));
    QVERIFY(registry.forget(s("w1")));
    QVERIFY(!registry.forget(s("w1")));  // already gone

    QCOMPARE(registry.applyHeartbeat(beat(clock, s("w1"), WorkerStatus::Stopping)), std::nullopt);
    QVERIFY(!registry.find(s("w1")));
    // Only a forgotten worker's: another's first heartbeat may say stopping and is recorded.
    registry.remove(s("w2"));
    registry.applyHeartbeat(beat(clock, s("w2"), WorkerStatus::Stopping));
    QVERIFY(registry.find(s("w2")));
    // Started again under the same id: registered as any worker, and no longer forgotten.
    registry.applyHeartbeat(beat(clock, s("w1")));
    QVERIFY(registry.find(s("w1"))->online);
    registry.applyHeartbeat(beat(clock, s("w1"), WorkerStatus::Stopping));
    QVERIFY(registry.find(s("w1")));
    QVERIFY(!registry.find(s("w1"))->online);
}

void TestWorkerRegistry::initTestCase()
{
    QLoggingCategory::setFilterRules(s("rbee.core.registry.info=false"));
}

void TestWorkerRegistry::manualClock_advance_movesMonotonicAndWallTimeTogether()
{
    ManualClock clock;
    const qint64 now0 = clock.nowMs();
    const qint64 wall0 = clock.wallMs();
    clock.advance(2500);
    QCOMPARE(clock.nowMs() - now0, 2500);
    QCOMPARE(clock.wallMs() - wall0, 2500);
    clock.setWallOffset(5'000'000);
    QCOMPARE(clock.wallMs(), 5'000'000 + clock.nowMs());
    QCOMPARE(clock.nowMs() - now0, 2500);  // moving the wall clock does not move monotonic time
}

void TestWorkerRegistry::systemClock_isMonotonicAndReadsTheWallClock()
{
    const Clock &clock = Clock::system();
    QCOMPARE(&Clock::system(), &clock);
    const qint64 a = clock.nowMs();
    QTest::qSleep(20);
    const qint64 b = clock.nowMs();
    QVERIFY2(b >= a + 15, qPrintable(QStringLiteral("nowMs moved %1 ms in a 20 ms sleep").arg(b - a)));
    QVERIFY(qAbs(clock.wallMs() - QDateTime::currentMSecsSinceEpoch()) < 1000);
}

void TestWorkerRegistry::applyHeartbeat_newWorker_isListedOnlineAndAnnounced()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    QSignalSpy added(&registry, &WorkerRegistry::workerAdded);
    QSignalSpy changed(&registry, &WorkerRegistry::workerChanged);
    QSignalSpy capacity(&registry, &WorkerRegistry::capacityChanged);

    const Heartbeat hb = beat(clock, s("w1"), WorkerStatus::Ready, 1, 4);
    registry.applyHeartbeat(hb);

    QCOMPARE(added.size(), 1);
    QCOMPARE(firstArg(added), s("w1"));
    QCOMPARE(changed.size(), 0);
    QCOMPARE(capacity.size(), 1);
    const WorkerRecord *r = registry.find(s("w1"));
    QVERIFY(r);
    QCOMPARE(r->last, hb);
    QVERIFY(r->online);
    QVERIFY(r->offlineReason.isEmpty());
    QCOMPARE(r->firstSeenMs, clock.nowMs());
    QCOMPARE(r->lastHeartbeatMs, clock.nowMs());
    QCOMPARE(r->displayStatus(), DisplayStatus::Ready);
    QCOMPARE(registry.onlineCount(), 1);
    QCOMPARE(registry.workers().size(), 1);
}

void TestWorkerRegistry::workers_areListedInRegistrationOrder()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    const QStringList order{s("zeta"), s("alpha"), s("mid"), s("beta"), s("omega"), s("a1")};
    for (const QString &id : order) {
        registry.applyHeartbeat(beat(clock, id));
        clock.advance(10);
    }
    QCOMPARE(ids(registry.workers()), order);

    // A later heartbeat from an early worker does not move it.
    clock.advance(1000);
    registry.applyHeartbeat(beat(clock, s("zeta"), WorkerStatus::Ready, 1, 2));
    QCOMPARE(ids(registry.workers()), order);
    QVERIFY(registry.workers().at(0).order < registry.workers().at(1).order);
}

void TestWorkerRegistry::find_unknownWorker_returnsNull()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    QVERIFY(!registry.find(s("nobody")));
    registry.applyHeartbeat(beat(clock, s("w1")));
    QVERIFY(registry.find(s("w1")));
    QVERIFY(!registry.find(s("W1")));
}

void TestWorkerRegistry::applyHeartbeat_recordsClockSkewAsReceiveWallMinusSentAt_data()
{
    QTest::addColumn<qint64>("senderBehindMs");
    QTest::newRow("in sync") << qint64(0);
    QTest::newRow("sender 3.2 s behind") << qint64(3200);
    QTest::newRow("sender 2.5 s ahead") << qint64(-2500);
}

void TestWorkerRegistry::applyHeartbeat_recordsClockSkewAsReceiveWallMinusSentAt()
{
    QFETCH(qint64, senderBehindMs);
    ManualClock clock;
    clock.setWallOffset(1'800'000'000'000);
    WorkerRegistry registry(clock);
    Heartbeat hb = beat(clock, s("w1"));
    hb.sentAtMs = clock.wallMs() - senderBehindMs;
    registry.applyHeartbeat(hb);
    QCOMPARE(registry.find(s("w1"))->clockSkewMs, senderBehindMs);

    // Skew is measured again on every heartbeat.
    clock.advance(5000);
    hb.sentAtMs = clock.wallMs() - senderBehindMs - 1000;
    registry.applyHeartbeat(hb);
    QCOMPARE(registry.find(s("w1"))->clockSkewMs, senderBehindMs + 1000);
}

void TestWorkerRegistry::applyHeartbeat_identicalExceptSentAt_emitsNoWorkerChanged()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    Heartbeat hb = beat(clock, s("w1"), WorkerStatus::Ready, 1, 4);
    hb.sentAtMs = clock.wallMs() - 200;  // 200 ms in flight
    registry.applyHeartbeat(hb);

    QSignalSpy changed(&registry, &WorkerRegistry::workerChanged);
    QSignalSpy capacity(&registry, &WorkerRegistry::capacityChanged);
    QSignalSpy added(&registry, &WorkerRegistry::workerAdded);
    // The usual cadence: a heartbeat every 5 s, only sent_at_ms (and some network jitter) differs.
    for (const qint64 inFlight : {250, 180, 300, 200}) {
        clock.advance(5000);
        hb.sentAtMs = clock.wallMs() - inFlight;
        registry.applyHeartbeat(hb);
        QCOMPARE(registry.find(s("w1"))->lastHeartbeatMs, clock.nowMs());
    }
    QCOMPARE(changed.size(), 0);
    QCOMPARE(capacity.size(), 0);
    QCOMPARE(added.size(), 0);
}

void TestWorkerRegistry::applyHeartbeat_visibleFieldChanged_emitsWorkerChangedOnce_data()
{
    QTest::addColumn<Heartbeat>("next");
    ManualClock clock;
    const Heartbeat base = beat(clock, s("w1"), WorkerStatus::Ready, 1, 4);
    auto with = [&](const char *tag, const std::function<void(Heartbeat &)> &change) {
        Heartbeat hb = base;
        change(hb);
        QTest::newRow(tag) << hb;
    };
    with("slots_busy", [](Heartbeat &h) { h.slotsBusy = 2; });
    with("slots_total", [](Heartbeat &h) { h.slotsTotal = 8; });
    with("status", [](Heartbeat &h) { h.status = WorkerStatus::Busy; });
    with("model", [](Heartbeat &h) { h.model = s("other-model"); });
    with("queue_depth", [](Heartbeat &h) { h.queueDepth = 3; });
    with("tokens_per_s", [](Heartbeat &h) { h.tokensPerS = 42.5; });
    with("ctx_size", [](Heartbeat &h) { h.ctxSize = 8192; });
    with("device", [](Heartbeat &h) { h.device.name = s("CUDA0"); });
    with("device memory", [](Heartbeat &h) { h.device.memoryFreeBytes = 1; });
    with("version", [](Heartbeat &h) { h.version = s("0.2.0"); });
    with("url", [](Heartbeat &h) { h.url = s("http://w1.lan:9000"); });
}

void TestWorkerRegistry::applyHeartbeat_visibleFieldChanged_emitsWorkerChangedOnce()
{
    QFETCH(Heartbeat, next);
    ManualClock clock;
    WorkerRegistry registry(clock);
    registry.applyHeartbeat(beat(clock, s("w1"), WorkerStatus::Ready, 1, 4));
    QSignalSpy changed(&registry, &WorkerRegistry::workerChanged);

    registry.applyHeartbeat(next, HeartbeatTrust::Confirmed);  // the url row moves the worker
    QCOMPARE(changed.size(), 1);
    QCOMPARE(firstArg(changed), s("w1"));
    QCOMPARE(registry.find(s("w1"))->last, next);

    // The same heartbeat again is no change.
    registry.applyHeartbeat(next);
    QCOMPARE(changed.size(), 1);
}

void TestWorkerRegistry::applyHeartbeat_loadingToReady_emitsCapacityChanged()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    registry.applyHeartbeat(beat(clock, s("w1"), WorkerStatus::Loading, 0, 2));
    QSignalSpy capacity(&registry, &WorkerRegistry::capacityChanged);
    QSignalSpy changed(&registry, &WorkerRegistry::workerChanged);

    clock.advance(1000);
    registry.applyHeartbeat(beat(clock, s("w1"), WorkerStatus::Loading, 0, 2));
    QCOMPARE(capacity.size(), 0);

    clock.advance(1000);
    registry.applyHeartbeat(beat(clock, s("w1"), WorkerStatus::Ready, 0, 2));
    QCOMPARE(capacity.size(), 1);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(registry.find(s("w1"))->displayStatus(), DisplayStatus::Ready);
}

void TestWorkerRegistry::applyHeartbeat_slotFreedOnFullWorker_emitsCapacityChanged()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    registry.applyHeartbeat(beat(clock, s("w1"), WorkerStatus::Ready, 2, 2));
    QSignalSpy capacity(&registry, &WorkerRegistry::capacityChanged);
    clock.advance(1000);
    registry.applyHeartbeat(beat(clock, s("w1"), WorkerStatus::Ready, 2, 2));
    QCOMPARE(capacity.size(), 0);
    clock.advance(1000);
    registry.applyHeartbeat(beat(clock, s("w1"), WorkerStatus::Ready, 1, 2));
    QCOMPARE(capacity.size(), 1);
}

void TestWorkerRegistry::applyHeartbeat_readyToLoading_emitsNoCapacityChanged()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    registry.applyHeartbeat(beat(clock, s("w1"), WorkerStatus::Ready, 0, 2));
    QSignalSpy capacity(&registry, &WorkerRegistry::capacityChanged);
    QSignalSpy changed(&registry, &WorkerRegistry::workerChanged);
    registry.applyHeartbeat(beat(clock, s("w1"), WorkerStatus::Loading, 0, 2));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(capacity.size(), 0);  // nothing became usable
}

void TestWorkerRegistry::sweep_heartbeatExactlyAtTimeout_staysOnline()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    QCOMPARE(registry.heartbeatTimeoutMs(), 15000);
    registry.applyHeartbeat(beat(clock, s("w1")));
    QSignalSpy changed(&registry, &WorkerRegistry::workerChanged);

    clock.advance(kTimeout);
    registry.sweep();
    QVERIFY(registry.find(s("w1"))->online);
    QCOMPARE(changed.size(), 0);
}

void TestWorkerRegistry::sweep_heartbeatOlderThanTimeout_marksOfflineButKeepsListed()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    registry.applyHeartbeat(beat(clock, s("w1")));
    registry.applyHeartbeat(beat(clock, s("w2")));
    clock.advance(kTimeout - 5000);
    registry.applyHeartbeat(beat(clock, s("w2")));  // w2 keeps beating

    QSignalSpy changed(&registry, &WorkerRegistry::workerChanged);
    QSignalSpy removed(&registry, &WorkerRegistry::workerRemoved);
    clock.advance(5001);
    registry.sweep();

    const WorkerRecord *w1 = registry.find(s("w1"));
    QVERIFY(w1);
    QVERIFY(!w1->online);
    QCOMPARE(w1->offlineReason, s("no heartbeat for 15 s"));
    QCOMPARE(w1->displayStatus(), DisplayStatus::Offline);
    QVERIFY(registry.find(s("w2"))->online);
    QCOMPARE(registry.onlineCount(), 1);
    QCOMPARE(ids(registry.workers()), (QStringList{s("w1"), s("w2")}));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(firstArg(changed), s("w1"));
    QCOMPARE(removed.size(), 0);
}

void TestWorkerRegistry::sweep_offlineReason_countsTheSecondsWithoutHeartbeat()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    registry.applyHeartbeat(beat(clock, s("w1")));
    clock.advance(17'400);
    registry.sweep();
    QCOMPARE(registry.find(s("w1"))->offlineReason, s("no heartbeat for 17 s"));

    QSignalSpy changed(&registry, &WorkerRegistry::workerChanged);
    clock.advance(42'000);
    registry.sweep();
    QCOMPARE(registry.find(s("w1"))->offlineReason, s("no heartbeat for 59 s"));
    QCOMPARE(changed.size(), 1);
}

void TestWorkerRegistry::sweep_sameSecondAgain_emitsNoWorkerChanged()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    registry.applyHeartbeat(beat(clock, s("w1")));
    clock.advance(16'100);
    registry.sweep();
    QSignalSpy changed(&registry, &WorkerRegistry::workerChanged);
    QSignalSpy capacity(&registry, &WorkerRegistry::capacityChanged);
    clock.advance(250);
    registry.sweep();
    registry.sweep();
    QCOMPARE(changed.size(), 0);
    QCOMPARE(capacity.size(), 0);
}

void TestWorkerRegistry::sweep_customTimeout_isHonoured()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    registry.setHeartbeatTimeoutMs(3000);
    QCOMPARE(registry.heartbeatTimeoutMs(), 3000);
    registry.applyHeartbeat(beat(clock, s("w1")));

    clock.advance(3001);
    registry.sweep();
    QVERIFY(!registry.find(s("w1"))->online);
    QCOMPARE(registry.find(s("w1"))->offlineReason, s("no heartbeat for 3 s"));

    clock.advance(30'000 - 3001);
    registry.sweep();
    QVERIFY(registry.find(s("w1")));
    clock.advance(1);
    registry.sweep();
    QVERIFY(!registry.find(s("w1")));
}

void TestWorkerRegistry::sweep_afterTenTimesTimeout_dropsWorker()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    registry.applyHeartbeat(beat(clock, s("w1")));
    registry.applyHeartbeat(beat(clock, s("w2")));
    QSignalSpy removed(&registry, &WorkerRegistry::workerRemoved);

    clock.advance(kDropAfter);
    registry.sweep();
    QCOMPARE(registry.workers().size(), 2);
    QCOMPARE(removed.size(), 0);

    registry.applyHeartbeat(beat(clock, s("w2")));
    clock.advance(1);
    registry.sweep();
    QVERIFY(!registry.find(s("w1")));
    QCOMPARE(removed.size(), 1);
    QCOMPARE(firstArg(removed), s("w1"));
    QCOMPARE(ids(registry.workers()), QStringList{s("w2")});
}

void TestWorkerRegistry::applyHeartbeat_stopping_marksOfflineAtOnce()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    registry.applyHeartbeat(beat(clock, s("w1")));
    QSignalSpy changed(&registry, &WorkerRegistry::workerChanged);

    clock.advance(100);
    registry.applyHeartbeat(beat(clock, s("w1"), WorkerStatus::Stopping));
    const WorkerRecord *r = registry.find(s("w1"));
    QVERIFY(!r->online);
    QCOMPARE(r->offlineReason, s("stopping"));
    QCOMPARE(r->displayStatus(), DisplayStatus::Stopping);  // out of service, and it says why
    QCOMPARE(registry.onlineCount(), 0);
    QCOMPARE(changed.size(), 1);
}

void TestWorkerRegistry::sweep_stoppingWorker_keepsReasonUntilDropped()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    registry.applyHeartbeat(beat(clock, s("w1"), WorkerStatus::Stopping));
    QSignalSpy removed(&registry, &WorkerRegistry::workerRemoved);

    clock.advance(kTimeout + 5000);
    registry.sweep();
    QCOMPARE(registry.find(s("w1"))->offlineReason, s("stopping"));

    clock.advance(kDropAfter - kTimeout - 5000 + 1);
    registry.sweep();
    QVERIFY(!registry.find(s("w1")));
    QCOMPARE(removed.size(), 1);
}

void TestWorkerRegistry::applyHeartbeat_afterTimeout_bringsWorkerBackOnline()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    registry.applyHeartbeat(beat(clock, s("w1")));
    clock.advance(kTimeout + 1000);
    registry.sweep();
    QVERIFY(!registry.find(s("w1"))->online);

    QSignalSpy changed(&registry, &WorkerRegistry::workerChanged);
    QSignalSpy capacity(&registry, &WorkerRegistry::capacityChanged);
    QSignalSpy added(&registry, &WorkerRegistry::workerAdded);
    registry.applyHeartbeat(beat(clock, s("w1")));
    const WorkerRecord *r = registry.find(s("w1"));
    QVERIFY(r->online);
    QVERIFY(r->offlineReason.isEmpty());
    QCOMPARE(changed.size(), 1);
    QCOMPARE(capacity.size(), 1);
    QCOMPARE(added.size(), 0);

    // Back online after "stopping" too (a restart under the same id).
    registry.applyHeartbeat(beat(clock, s("w1"), WorkerStatus::Stopping));
    registry.applyHeartbeat(beat(clock, s("w1"), WorkerStatus::Loading));
    QVERIFY(registry.find(s("w1"))->online);
    QVERIFY(registry.find(s("w1"))->offlineReason.isEmpty());
}

void TestWorkerRegistry::startSweeping_marksStaleWorkerOfflineOnItsTimer()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    registry.applyHeartbeat(beat(clock, s("w1")));
    QSignalSpy changed(&registry, &WorkerRegistry::workerChanged);
    registry.startSweeping(10);
    clock.advance(kTimeout + 1);
    QTRY_VERIFY_WITH_TIMEOUT(!registry.find(s("w1"))->online, 2000);
    QCOMPARE(firstArg(changed), s("w1"));
}

void TestWorkerRegistry::applyHeartbeat_newIdAtSameUrl_replacesOldRecord()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    registry.applyHeartbeat(beat(clock, s("other")));
    Heartbeat old = beat(clock, s("old-id"));
    registry.applyHeartbeat(old);
    registry.jobDispatched(s("old-id"));

    QSignalSpy removed(&registry, &WorkerRegistry::workerRemoved);
    QSignalSpy added(&registry, &WorkerRegistry::workerAdded);
    clock.advance(2000);
    Heartbeat restarted = beat(clock, s("new-id"), WorkerStatus::Loading);
    restarted.url = old.url;
    QVERIFY(!registry.applyHeartbeat(restarted, HeartbeatTrust::Confirmed));

    QCOMPARE(removed.size(), 1);
    QCOMPARE(firstArg(removed), s("old-id"));
    QCOMPARE(added.size(), 1);
    QCOMPARE(firstArg(added), s("new-id"));
    QVERIFY(!registry.find(s("old-id")));
    QCOMPARE(ids(registry.workers()), (QStringList{s("other"), s("new-id")}));
    QCOMPARE(registry.find(s("new-id"))->dispatched, 0);
}

void TestWorkerRegistry::applyHeartbeat_sameIdAtNewUrl_keepsOneRecord()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    registry.applyHeartbeat(beat(clock, s("w1")));
    QSignalSpy removed(&registry, &WorkerRegistry::workerRemoved);
    QSignalSpy added(&registry, &WorkerRegistry::workerAdded);
    Heartbeat moved = beat(clock, s("w1"));
    moved.url = s("http://elsewhere.lan:9000");
    QVERIFY(!registry.applyHeartbeat(moved, HeartbeatTrust::Confirmed));
    QCOMPARE(removed.size(), 0);
    QCOMPARE(added.size(), 0);
    QCOMPARE(registry.workers().size(), 1);
    QCOMPARE(registry.find(s("w1"))->last.url, moved.url);
}

void TestWorkerRegistry::applyHeartbeat_movedOntoAnotherWorkersUrl_replacesThatWorker()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    registry.applyHeartbeat(beat(clock, s("w1")));
    const Heartbeat w2 = beat(clock, s("w2"));
    registry.applyHeartbeat(w2);
    QSignalSpy removed(&registry, &WorkerRegistry::workerRemoved);

    Heartbeat moved = beat(clock, s("w1"));
    moved.url = w2.url;
    QVERIFY(!registry.applyHeartbeat(moved, HeartbeatTrust::Confirmed));
    QCOMPARE(removed.size(), 1);
    QCOMPARE(firstArg(removed), s("w2"));
    QCOMPARE(ids(registry.workers()), QStringList{s("w1")});
    QCOMPARE(registry.find(s("w1"))->last.url, w2.url);
}

void TestWorkerRegistry::applyHeartbeat_newWorkerAtVacatedUrl_keepsTheWorkerThatMoved()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    const Heartbeat first = beat(clock, s("w1"));
    registry.applyHeartbeat(first);
    Heartbeat moved = first;
    moved.url = s("http://elsewhere.lan:9000");
    QVERIFY(!registry.applyHeartbeat(moved, HeartbeatTrust::Confirmed));

    QSignalSpy removed(&registry, &WorkerRegistry::workerRemoved);
    Heartbeat newcomer = beat(clock, s("w3"));
    newcomer.url = first.url;
    registry.applyHeartbeat(newcomer);
    QCOMPARE(removed.size(), 0);
    QCOMPARE(ids(registry.workers()), (QStringList{s("w1"), s("w3")}));

    // And the url of a removed worker is free again.
    QVERIFY(registry.remove(s("w3")));
    Heartbeat another = beat(clock, s("w4"));
    another.url = first.url;
    registry.applyHeartbeat(another);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(ids(registry.workers()), (QStringList{s("w1"), s("w4")}));

    // The moved worker now owns its new url: a new id there replaces it.
    Heartbeat restarted = beat(clock, s("w5"));
    restarted.url = moved.url;
    QVERIFY(!registry.applyHeartbeat(restarted, HeartbeatTrust::Confirmed));
    QCOMPARE(removed.size(), 2);
    QCOMPARE(firstArg(removed, 1), s("w1"));
    QCOMPARE(ids(registry.workers()), (QStringList{s("w4"), s("w5")}));
}

void TestWorkerRegistry::applyHeartbeat_newIdAtLiveWorkersUrl_isRefusedWithConflictAndChangesNothing()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    const Heartbeat victim = beat(clock, s("victim"));
    registry.applyHeartbeat(victim);
    QSignalSpy removed(&registry, &WorkerRegistry::workerRemoved);
    QSignalSpy added(&registry, &WorkerRegistry::workerAdded);

    Heartbeat intruder = beat(clock, s("intruder"));
    intruder.url = victim.url;
    QVERIFY(registry.needsConfirmation(intruder));
    const auto error = registry.applyHeartbeat(intruder);
    QVERIFY(error);
    QCOMPARE(error->code, ErrorCode::Conflict);
    QVERIFY2(error->message.contains(victim.url), qPrintable(error->message));
    QCOMPARE(removed.size(), 0);
    QCOMPARE(added.size(), 0);
    QCOMPARE(ids(registry.workers()), QStringList{s("victim")});
    QCOMPARE(registry.find(s("victim"))->last.url, victim.url);
}

void TestWorkerRegistry::applyHeartbeat_liveWorkerToNewUrlUnconfirmed_isRefusedAndKeepsItsUrl()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    const Heartbeat victim = beat(clock, s("victim"));
    registry.applyHeartbeat(victim);
    registry.applyHeartbeat(beat(clock, s("second")));

    Heartbeat hijack = victim;
    hijack.url = s("http://attacker.lan:6666");
    QVERIFY(registry.needsConfirmation(hijack));
    const auto error = registry.applyHeartbeat(hijack);
    QVERIFY(error);
    QCOMPARE(error->code, ErrorCode::Conflict);
    QCOMPARE(registry.find(s("victim"))->last.url, victim.url);
    QCOMPARE(ids(registry.workers()), (QStringList{s("victim"), s("second")}));
    // The victim's own heartbeats carry on as before.
    QVERIFY(!registry.needsConfirmation(victim));
    QVERIFY(!registry.applyHeartbeat(victim));
}

void TestWorkerRegistry::applyHeartbeat_offlineWorkerOntoLiveWorkersUrl_isRefusedWithConflict()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    registry.applyHeartbeat(beat(clock, s("sleeper")));
    clock.advance(kTimeout + 1);
    const Heartbeat victim = beat(clock, s("victim"));
    registry.applyHeartbeat(victim);
    registry.sweep();
    QVERIFY(!registry.find(s("sleeper"))->online);

    // A known id (offline, so it may move) onto the url of a live worker: that worker is protected.
    Heartbeat moved = beat(clock, s("sleeper"));
    moved.url = victim.url;
    QVERIFY(registry.needsConfirmation(moved));
    const auto error = registry.applyHeartbeat(moved);
    QVERIFY(error);
    QCOMPARE(error->code, ErrorCode::Conflict);
    QCOMPARE(registry.find(s("victim"))->last.url, victim.url);
    QVERIFY(registry.find(s("victim"))->online);
    QCOMPARE(registry.find(s("sleeper"))->last.url, beat(clock, s("sleeper")).url);
}

void TestWorkerRegistry::applyHeartbeat_newIdAtOfflineWorkersUrl_replacesItWithoutConfirmation()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    const Heartbeat old = beat(clock, s("old"));
    registry.applyHeartbeat(old);
    registry.applyHeartbeat(beat(clock, s("other")));
    clock.advance(kTimeout + 1);
    registry.applyHeartbeat(beat(clock, s("other")));
    registry.sweep();
    QVERIFY(!registry.find(s("old"))->online);

    Heartbeat restarted = beat(clock, s("new"));
    restarted.url = old.url;
    QVERIFY(!registry.needsConfirmation(restarted));
    QVERIFY(!registry.applyHeartbeat(restarted));
    QVERIFY(!registry.find(s("old")));
    QCOMPARE(ids(registry.workers()), (QStringList{s("other"), s("new")}));
}

void TestWorkerRegistry::applyHeartbeat_confirmedMove_goesToTheEndOfTheOrder()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    registry.applyHeartbeat(beat(clock, s("first")));
    registry.applyHeartbeat(beat(clock, s("second")));
    Heartbeat moved = beat(clock, s("first"));
    moved.url = s("http://elsewhere.lan:9000");
    QSignalSpy changed(&registry, &WorkerRegistry::workerChanged);
    QVERIFY(!registry.applyHeartbeat(moved, HeartbeatTrust::Confirmed));
    QCOMPARE(ids(registry.workers()), (QStringList{s("second"), s("first")}));
    QCOMPARE(changed.size(), 1);
    // First-available now prefers the worker that stayed where it was.
    const ScheduleDecision d =
        Scheduler::choose(registry.workers(), s("tiny-llama"), SchedulingPolicy::FirstAvailable, clock.nowMs());
    QCOMPARE(d.workerId, s("second"));
}

void TestWorkerRegistry::applyHeartbeat_sameIdSameUrl_keepsItsPlace()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    registry.applyHeartbeat(beat(clock, s("first")));
    registry.applyHeartbeat(beat(clock, s("second")));
    clock.advance(kTimeout + 1);
    registry.sweep();
    QCOMPARE(registry.onlineCount(), 0);
    QVERIFY(!registry.applyHeartbeat(beat(clock, s("second"))));
    QVERIFY(!registry.applyHeartbeat(beat(clock, s("first"))));
    QCOMPARE(ids(registry.workers()), (QStringList{s("first"), s("second")}));
}

void TestWorkerRegistry::applyHeartbeat_registryFull_evictsTheOldestOfflineWorker()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    registry.setMaxWorkers(3);
    registry.applyHeartbeat(beat(clock, s("a")));
    clock.advance(1000);
    registry.applyHeartbeat(beat(clock, s("b")));
    registry.applyHeartbeat(beat(clock, s("c")));
    clock.advance(kTimeout + 1);
    registry.applyHeartbeat(beat(clock, s("c")));
    registry.sweep();  // a and b offline; a silent the longest
    QSignalSpy removed(&registry, &WorkerRegistry::workerRemoved);

    QVERIFY(!registry.applyHeartbeat(beat(clock, s("d"))));
    QCOMPARE(removed.size(), 1);
    QCOMPARE(firstArg(removed), s("a"));
    QCOMPARE(ids(registry.workers()), (QStringList{s("b"), s("c"), s("d")}));
    QCOMPARE(registry.count(), 3);
}

void TestWorkerRegistry::applyHeartbeat_registryFullOfLiveWorkers_refusesWithTooManyWorkers()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    registry.setMaxWorkers(2);
    registry.applyHeartbeat(beat(clock, s("a")));
    registry.applyHeartbeat(beat(clock, s("b")));
    QSignalSpy added(&registry, &WorkerRegistry::workerAdded);
    const auto error = registry.applyHeartbeat(beat(clock, s("c")));
    QVERIFY(error);
    QCOMPARE(error->code, ErrorCode::TooManyWorkers);
    QCOMPARE(httpStatus(error->code), 503);
    QCOMPARE(added.size(), 0);
    QCOMPARE(ids(registry.workers()), (QStringList{s("a"), s("b")}));
    // Known workers still beat.
    QVERIFY(!registry.applyHeartbeat(beat(clock, s("a"), WorkerStatus::Busy, 2)));
}

void TestWorkerRegistry::markFailed_heartbeatsDoNotBringWorkerBackUntilSuspensionEnds()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    registry.setSuspensionMs(30000);
    registry.applyHeartbeat(beat(clock, s("fake")));
    registry.markFailed(s("fake"), s("not an rbee worker (HTTP 404)"));
    QVERIFY(!registry.find(s("fake"))->online);
    QCOMPARE(registry.find(s("fake"))->offlineReason, s("not an rbee worker (HTTP 404)"));
    QCOMPARE(registry.onlineCount(), 0);

    clock.advance(29000);
    QVERIFY(!registry.applyHeartbeat(beat(clock, s("fake"))));
    QVERIFY(!registry.find(s("fake"))->online);
    QCOMPARE(registry.find(s("fake"))->offlineReason, s("not an rbee worker (HTTP 404)"));
    const ScheduleDecision d =
        Scheduler::choose(registry.workers(), s("tiny-llama"), SchedulingPolicy::FirstAvailable, clock.nowMs());
    QCOMPARE(d.kind, ScheduleDecision::Kind::Fail);

    clock.advance(1001);
    QVERIFY(!registry.applyHeartbeat(beat(clock, s("fake"))));
    QVERIFY(registry.find(s("fake"))->online);
    QCOMPARE(registry.onlineCount(), 1);
}

void TestWorkerRegistry::onlineCount_followsJoinsTimeoutsFailuresAndRemovals()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    registry.applyHeartbeat(beat(clock, s("a")));
    registry.applyHeartbeat(beat(clock, s("b")));
    registry.applyHeartbeat(beat(clock, s("c"), WorkerStatus::Stopping));
    QCOMPARE(registry.onlineCount(), 2);
    QCOMPARE(registry.count(), 3);
    registry.markFailed(s("a"), s("unreachable"));
    QCOMPARE(registry.onlineCount(), 1);
    clock.advance(kTimeout + 1);
    registry.sweep();
    QCOMPARE(registry.onlineCount(), 0);
    registry.applyHeartbeat(beat(clock, s("b")));
    QCOMPARE(registry.onlineCount(), 1);
    QVERIFY(registry.remove(s("b")));
    QVERIFY(registry.remove(s("a")));
    QCOMPARE(registry.onlineCount(), 0);
    QCOMPARE(registry.count(), 1);
}

void TestWorkerRegistry::knowsModel_servedOrRetiredModels_otherwiseUnknown()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    QVERIFY(!registry.knowsModel(s("tiny-llama")));
    registry.applyHeartbeat(beat(clock, s("a")));
    QVERIFY(registry.knowsModel(s("tiny-llama")));
    Heartbeat other = beat(clock, s("a"));
    other.model = s("other-model");
    registry.applyHeartbeat(other);
    QVERIFY(registry.knowsModel(s("other-model")));
    QVERIFY(registry.knowsModel(s("tiny-llama")));  // served before
    QVERIFY(registry.remove(s("a")));
    QVERIFY(registry.knowsModel(s("other-model")));
    QVERIFY(!registry.knowsModel(s("never-served")));
}

void TestWorkerRegistry::remove_knownWorker_emitsWorkerRemoved()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    registry.applyHeartbeat(beat(clock, s("w1")));
    registry.applyHeartbeat(beat(clock, s("w2")));
    QSignalSpy removed(&registry, &WorkerRegistry::workerRemoved);
    QVERIFY(registry.remove(s("w1")));
    QCOMPARE(removed.size(), 1);
    QCOMPARE(firstArg(removed), s("w1"));
    QVERIFY(!registry.find(s("w1")));
    QCOMPARE(ids(registry.workers()), QStringList{s("w2")});

    // A removed worker that beats again registers anew, after the others.
    QSignalSpy added(&registry, &WorkerRegistry::workerAdded);
    registry.applyHeartbeat(beat(clock, s("w1")));
    QCOMPARE(added.size(), 1);
    QCOMPARE(ids(registry.workers()), (QStringList{s("w2"), s("w1")}));
}

void TestWorkerRegistry::remove_unknownWorker_returnsFalseSilently()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    registry.applyHeartbeat(beat(clock, s("w1")));
    QSignalSpy removed(&registry, &WorkerRegistry::workerRemoved);
    QVERIFY(!registry.remove(s("nobody")));
    QCOMPARE(removed.size(), 0);
    QCOMPARE(registry.workers().size(), 1);
}

void TestWorkerRegistry::busySlots_isMaxOfHeartbeatAndDispatched_data()
{
    QTest::addColumn<int>("heartbeatBusy");
    QTest::addColumn<int>("dispatched");
    QTest::addColumn<int>("total");
    QTest::addColumn<int>("busy");
    QTest::addColumn<bool>("freeSlot");
    QTest::newRow("idle") << 0 << 0 << 2 << 0 << true;
    QTest::newRow("heartbeat ahead") << 2 << 1 << 4 << 2 << true;
    QTest::newRow("dispatch ahead") << 1 << 3 << 4 << 3 << true;
    QTest::newRow("full by heartbeat") << 2 << 0 << 2 << 2 << false;
    QTest::newRow("full by dispatch") << 0 << 2 << 2 << 2 << false;
    QTest::newRow("over-dispatched") << 0 << 5 << 2 << 5 << false;
}

void TestWorkerRegistry::busySlots_isMaxOfHeartbeatAndDispatched()
{
    QFETCH(int, heartbeatBusy);
    QFETCH(int, dispatched);
    QFETCH(int, total);
    QFETCH(int, busy);
    QFETCH(bool, freeSlot);
    WorkerRecord r;
    r.last.slotsBusy = heartbeatBusy;
    r.last.slotsTotal = total;
    r.dispatched = dispatched;
    QCOMPARE(r.busySlots(), busy);
    QCOMPARE(r.hasFreeSlot(), freeSlot);
}

void TestWorkerRegistry::jobDispatched_countsTowardBusySlotsUntilJobEnded()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    registry.applyHeartbeat(beat(clock, s("w1"), WorkerStatus::Ready, 0, 2));
    QSignalSpy changed(&registry, &WorkerRegistry::workerChanged);

    registry.jobDispatched(s("w1"));
    QCOMPARE(registry.find(s("w1"))->dispatched, 1);
    QCOMPARE(registry.find(s("w1"))->busySlots(), 1);
    QCOMPARE(changed.size(), 1);
    registry.jobDispatched(s("w1"));
    QCOMPARE(registry.find(s("w1"))->busySlots(), 2);
    QVERIFY(!registry.find(s("w1"))->hasFreeSlot());

    // The worker's own count is older than our dispatches: ours still rule.
    registry.applyHeartbeat(beat(clock, s("w1"), WorkerStatus::Ready, 1, 2));
    QCOMPARE(registry.find(s("w1"))->busySlots(), 2);

    registry.jobEnded(s("w1"));
    QCOMPARE(registry.find(s("w1"))->dispatched, 1);
    QCOMPARE(registry.find(s("w1"))->busySlots(), 1);
    QVERIFY(registry.find(s("w1"))->hasFreeSlot());
}

void TestWorkerRegistry::jobEnded_onFullWorker_emitsCapacityChanged()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    registry.applyHeartbeat(beat(clock, s("w1"), WorkerStatus::Ready, 0, 1));
    registry.jobDispatched(s("w1"));
    QVERIFY(!registry.find(s("w1"))->hasFreeSlot());
    QSignalSpy capacity(&registry, &WorkerRegistry::capacityChanged);
    QSignalSpy changed(&registry, &WorkerRegistry::workerChanged);
    registry.jobEnded(s("w1"));
    QCOMPARE(capacity.size(), 1);
    QCOMPARE(changed.size(), 1);
}

void TestWorkerRegistry::jobEnded_withNothingDispatched_staysAtZeroAndEmitsNothing()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    registry.applyHeartbeat(beat(clock, s("w1")));
    QSignalSpy changed(&registry, &WorkerRegistry::workerChanged);
    QSignalSpy capacity(&registry, &WorkerRegistry::capacityChanged);
    registry.jobEnded(s("w1"));
    QCOMPARE(registry.find(s("w1"))->dispatched, 0);
    QCOMPARE(changed.size(), 0);
    QCOMPARE(capacity.size(), 0);
}

void TestWorkerRegistry::jobDispatched_unknownWorker_isIgnored()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    QSignalSpy changed(&registry, &WorkerRegistry::workerChanged);
    QSignalSpy added(&registry, &WorkerRegistry::workerAdded);
    registry.jobDispatched(s("ghost"));
    registry.jobEnded(s("ghost"));
    QVERIFY(registry.workers().isEmpty());
    QCOMPARE(changed.size(), 0);
    QCOMPARE(added.size(), 0);
}

void TestWorkerRegistry::workerRecord_toJson_reportsStatusAgeSkewAndDispatch()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    Heartbeat hb = beat(clock, s("w1"), WorkerStatus::Busy, 2, 2);
    hb.sentAtMs = clock.wallMs() - 1500;
    registry.applyHeartbeat(hb);
    registry.jobDispatched(s("w1"));
    clock.advance(kTimeout + 2000);
    registry.sweep();

    const QJsonObject o = registry.find(s("w1"))->toJson(clock.nowMs());
    QCOMPARE(o.value(s("worker_id")).toString(), s("w1"));
    QCOMPARE(o.value(s("status")).toString(), s("offline"));
    QCOMPARE(o.value(s("reported_status")).toString(), s("busy"));
    QCOMPARE(o.value(s("online")).toBool(true), false);
    QCOMPARE(o.value(s("offline_reason")).toString(), s("no heartbeat for 17 s"));
    QCOMPARE(o.value(s("last_heartbeat_age_ms")).toInteger(), kTimeout + 2000);
    QCOMPARE(o.value(s("first_seen_age_ms")).toInteger(), kTimeout + 2000);
    QCOMPARE(o.value(s("clock_skew_ms")).toInteger(), 1500);
    QCOMPARE(o.value(s("jobs_dispatched")).toInt(), 1);

    registry.applyHeartbeat(beat(clock, s("w1"), WorkerStatus::Ready, 0, 2));
    const QJsonObject back = registry.find(s("w1"))->toJson(clock.nowMs());
    QCOMPARE(back.value(s("status")).toString(), s("ready"));
    QVERIFY(!back.contains(s("offline_reason")));
    QCOMPARE(back.value(s("last_heartbeat_age_ms")).toInteger(), 0);
}

QTEST_GUILESS_MAIN(TestWorkerRegistry)
#include "tst_workerregistry.moc"

// Placement::plan: the rule of POST /v1/workers on hand-made hive records: GPU before CPU, the
// most free memory, registration order; the room check with the documented estimate (weights +
// KV cache for ctx x slots + compute); a hive or device given; software devices only when named;
// max_workers; and the texts of the 404 and 409 answers and of the placement's reason.
#include "core/scheduler/placement.h"

#include "testhivereport.h"

#include <QTest>

using namespace rbee::core;
using rbee::test::testDevice;
using rbee::test::testHiveReport;
using rbee::test::testHiveWorker;
using rbee::test::testModel;

namespace {
constexpr qint64 kMiB = qint64(1) << 20;
constexpr qint64 kGiB = qint64(1) << 30;

// 100 MiB of weights, 1 KiB of KV cache per token, 10 MiB of compute buffers: with the worker's
// defaults (4 slots of 4096 tokens) a worker needs 100 + 16 + 10 = 126 MiB.
HiveModel tinyModel()
{
    return testModel(QStringLiteral("tiny"), 100 * kMiB, 1024, 10 * kMiB);
}
constexpr qint64 kTinyNeeds = 126 * kMiB;

HiveRecord hive(const QString &name, const QList<ListedDevice> &devices, const QList<HiveModel> &models = {tinyModel()},
                quint64 order = 0, bool online = true)
{
    ManualClock clock;
    HiveRecord r;
    r.last = testHiveReport(clock, name, devices, models);
    r.order = order;
    r.online = online;
    return r;
}

WorkerStartRequest request(const QString &model = QStringLiteral("tiny"))
{
    WorkerStartRequest r;
    r.model = model;
    return r;
}

QStringList order(const PlacementPlan &plan)
{
    QStringList out;
    for (const PlacementCandidate &c : plan.candidates)
        out << c.hive + u'/' + c.device;
    return out;
}
}  // namespace

class TestPlacement : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void plan_gpuBeforeCpu_evenWithLessFree();
    void plan_mostFreeFirst_thenRegistrationOrder();
    void plan_roomCheck_weightsKvCacheAndCompute();
    void plan_ctxAndSlotsGiven_changeWhatIsNeeded();
    void plan_hiveGiven_onlyThatHive();
    void plan_hiveGivenNotOnline_isNotFoundNamingTheOnlineHives();
    void plan_deviceGiven_onlyThatDevice();
    void plan_deviceNobodyHas_isNotFoundListingTheDevices();
    void plan_softwareDevice_onlyWhenNamed();
    void plan_maxWorkersReached_skipsTheHiveButExitedWorkersDoNotCount();
    void plan_offlineHive_isNotConsidered();
    void plan_noHiveHasTheModel_isModelNotFoundNamingWhichHivesHaveWhich();
    void plan_hiveGivenWithoutTheModel_namesTheHivesThatHaveIt();
    void plan_noOnlineHive_saysSo();
    void plan_noRoom_isConflictWithTheNumbers();
    void describe_firstChoice_saysWhyInWords();
    void describe_gpuOverCpuWithMoreFree_saysGpuBeforeCpu();
    void sizeText_mibBelowOneGibThenGib();
};

void TestPlacement::plan_gpuBeforeCpu_evenWithLessFree()
{
    const auto plan =
        Placement::plan({hive(QStringLiteral("attic"), {testDevice(QStringLiteral("CPU"), false, 30 * kGiB),
                                                        testDevice(QStringLiteral("Vulkan0"), true, 1 * kGiB)})},
                        request());
    QVERIFY2(plan, plan ? "" : qPrintable(plan.error().message));
    QCOMPARE(order(plan.value()), (QStringList{QStringLiteral("attic/Vulkan0"), QStringLiteral("attic/CPU")}));
}

void TestPlacement::plan_mostFreeFirst_thenRegistrationOrder()
{
    const auto plan = Placement::plan(
        {hive(QStringLiteral("attic"), {testDevice(QStringLiteral("Vulkan0"), true, 2 * kGiB)}, {tinyModel()}, 0),
         hive(QStringLiteral("kitchen"),
              {testDevice(QStringLiteral("Vulkan0"), true, 4 * kGiB),
               testDevice(QStringLiteral("Vulkan1"), true, 2 * kGiB)},
              {tinyModel()}, 1),
         hive(QStringLiteral("den"), {testDevice(QStringLiteral("CPU"), false, 2 * kGiB)}, {tinyModel()}, 2)},
        request());
    QVERIFY(plan);
    QCOMPARE(order(plan.value()), (QStringList{QStringLiteral("kitchen/Vulkan0"), QStringLiteral("attic/Vulkan0"),
                                               QStringLiteral("kitchen/Vulkan1"), QStringLiteral("den/CPU")}));
    QCOMPARE(plan->candidates.first().hiveUrl, QStringLiteral("http://kitchen.lan:7834"));
    QCOMPARE(plan->candidates.first().neededBytes, kTinyNeeds);
    QCOMPARE(plan->hivesConsidered, 3);
}

void TestPlacement::plan_roomCheck_weightsKvCacheAndCompute()
{
    QCOMPARE(tinyModel().deviceBytes(4096, 4), kTinyNeeds);
    const auto plan =
        Placement::plan({hive(QStringLiteral("attic"), {testDevice(QStringLiteral("Vulkan0"), true, kTinyNeeds - 1),
                                                        testDevice(QStringLiteral("Vulkan1"), true, kTinyNeeds)})},
                        request());
    QVERIFY(plan);
    QCOMPARE(order(plan.value()), QStringList{QStringLiteral("attic/Vulkan1")});
}

void TestPlacement::plan_ctxAndSlotsGiven_changeWhatIsNeeded()
{
    WorkerStartRequest r = request();
    r.ctx = 8192;
    r.slots = 8;  // KV cache: 1 KiB x 8192 x 8 = 64 MiB, so 174 MiB in all
    const qint64 needs = 174 * kMiB;
    const auto plan =
        Placement::plan({hive(QStringLiteral("attic"), {testDevice(QStringLiteral("Vulkan0"), true, needs - 1),
                                                        testDevice(QStringLiteral("CPU"), false, needs)})},
                        r);
    QVERIFY(plan);
    QCOMPARE(order(plan.value()), QStringList{QStringLiteral("attic/CPU")});
    QCOMPARE(plan->candidates.first().neededBytes, needs);
}

void TestPlacement::plan_hiveGiven_onlyThatHive()
{
    WorkerStartRequest r = request();
    r.hive = QStringLiteral("den");
    const auto plan = Placement::plan(
        {hive(QStringLiteral("attic"), {testDevice(QStringLiteral("Vulkan0"), true, 8 * kGiB)}),
         hive(QStringLiteral("den"), {testDevice(QStringLiteral("CPU"), false, 1 * kGiB)}, {tinyModel()}, 1)},
        r);
    QVERIFY(plan);
    QCOMPARE(order(plan.value()), QStringList{QStringLiteral("den/CPU")});
}

void TestPlacement::plan_hiveGivenNotOnline_isNotFoundNamingTheOnlineHives()
{
    WorkerStartRequest r = request();
    r.hive = QStringLiteral("den");
    const auto plan = Placement::plan(
        {hive(QStringLiteral("attic"), {testDevice(QStringLiteral("CPU"), false, 8 * kGiB)}),
         hive(QStringLiteral("den"), {testDevice(QStringLiteral("CPU"), false, 8 * kGiB)}, {tinyModel()}, 1, false)},
        r);
    QVERIFY(!plan);
    QCOMPARE(plan.error().code, ErrorCode::NotFound);
    QCOMPARE(plan.error().field, QStringLiteral("hive"));
    QCOMPARE(plan.error().message, QStringLiteral("no online hive named 'den'; online hives: attic"));
}

void TestPlacement::plan_deviceGiven_onlyThatDevice()
{
    WorkerStartRequest r = request();
    r.device = QStringLiteral("CPU");
    const auto plan = Placement::plan(
        {hive(QStringLiteral("attic"), {testDevice(QStringLiteral("Vulkan0"), true, 8 * kGiB),
                                        testDevice(QStringLiteral("CPU"), false, 1 * kGiB)}),
         hive(QStringLiteral("den"), {testDevice(QStringLiteral("CPU"), false, 2 * kGiB)}, {tinyModel()}, 1)},
        r);
    QVERIFY(plan);
    QCOMPARE(order(plan.value()), (QStringList{QStringLiteral("den/CPU"), QStringLiteral("attic/CPU")}));
}

void TestPlacement::plan_deviceNobodyHas_isNotFoundListingTheDevices()
{
    WorkerStartRequest r = request();
    r.device = QStringLiteral("CUDA0");
    const auto plan =
        Placement::plan({hive(QStringLiteral("attic"), {testDevice(QStringLiteral("Vulkan0"), true, 8 * kGiB),
                                                        testDevice(QStringLiteral("CPU"), false, kGiB)})},
                        r);
    QVERIFY(!plan);
    QCOMPARE(plan.error().code, ErrorCode::NotFound);
    QCOMPARE(plan.error().field, QStringLiteral("device"));
    QCOMPARE(
        plan.error().message,
        QStringLiteral("no online hive with model 'tiny' has a device named 'CUDA0' (devices: attic: Vulkan0, CPU)"));
}

void TestPlacement::plan_softwareDevice_onlyWhenNamed()
{
    const QList<HiveRecord> hives{
        hive(QStringLiteral("attic"), {testDevice(QStringLiteral("Vulkan0"), true, 8 * kGiB, true),
                                       testDevice(QStringLiteral("CPU"), false, 1 * kGiB)})};
    const auto unnamed = Placement::plan(hives, request());
    QVERIFY(unnamed);
    QCOMPARE(order(unnamed.value()), QStringList{QStringLiteral("attic/CPU")});
    WorkerStartRequest r = request();
    r.device = QStringLiteral("Vulkan0");
    const auto named = Placement::plan(hives, r);
    QVERIFY(named);
    QCOMPARE(order(named.value()), QStringList{QStringLiteral("attic/Vulkan0")});
}

void TestPlacement::plan_maxWorkersReached_skipsTheHiveButExitedWorkersDoNotCount()
{
    HiveRecord full = hive(QStringLiteral("attic"), {testDevice(QStringLiteral("Vulkan0"), true, 8 * kGiB)});
    full.last.maxWorkers = 2;
    full.last.workers << testHiveWorker(QStringLiteral("a"), QStringLiteral("tiny"))
                      << testHiveWorker(QStringLiteral("b"), QStringLiteral("tiny"), QStringLiteral("starting"));
    HiveRecord roomy =
        hive(QStringLiteral("den"), {testDevice(QStringLiteral("CPU"), false, 1 * kGiB)}, {tinyModel()}, 1);
    roomy.last.maxWorkers = 2;
    roomy.last.workers << testHiveWorker(QStringLiteral("c"), QStringLiteral("tiny"))
                       << testHiveWorker(QStringLiteral("d"), QStringLiteral("tiny"), QStringLiteral("exited"));
    const auto plan = Placement::plan({full, roomy}, request());
    QVERIFY(plan);
    QCOMPARE(order(plan.value()), QStringList{QStringLiteral("den/CPU")});
    QCOMPARE(plan->hivesConsidered, 1);

    const auto none = Placement::plan({full}, request());
    QVERIFY(!none);
    QCOMPARE(none.error().code, ErrorCode::Conflict);
    QVERIFY2(none.error().message.contains(QStringLiteral("attic runs 2 of its 2 workers")),
             qPrintable(none.error().message));
}

void TestPlacement::plan_offlineHive_isNotConsidered()
{
    const auto plan = Placement::plan(
        {hive(QStringLiteral("attic"), {testDevice(QStringLiteral("Vulkan0"), true, 8 * kGiB)}, {tinyModel()}, 0,
              false),
         hive(QStringLiteral("den"), {testDevice(QStringLiteral("CPU"), false, 1 * kGiB)}, {tinyModel()}, 1)},
        request());
    QVERIFY(plan);
    QCOMPARE(order(plan.value()), QStringList{QStringLiteral("den/CPU")});
}

void TestPlacement::plan_noHiveHasTheModel_isModelNotFoundNamingWhichHivesHaveWhich()
{
    const auto plan = Placement::plan(
        {hive(QStringLiteral("attic"), {testDevice(QStringLiteral("CPU"), false, kGiB)},
              {testModel(QStringLiteral("llama-1b"), kGiB), testModel(QStringLiteral("qwen-0.5b"), kGiB)}),
         hive(QStringLiteral("den"), {testDevice(QStringLiteral("CPU"), false, kGiB)}, {}, 1),
         hive(QStringLiteral("cellar"), {testDevice(QStringLiteral("CPU"), false, kGiB)}, {tinyModel()}, 2, false)},
        request());
    QVERIFY(!plan);
    QCOMPARE(plan.error().code, ErrorCode::ModelNotFound);
    QCOMPARE(httpStatus(plan.error().code), 404);
    QCOMPARE(plan.error().message, QStringLiteral("no online hive has model 'tiny': attic has llama-1b, qwen-0.5b; den "
                                                  "has no models (offline hives that have it: cellar)"));
}

void TestPlacement::plan_hiveGivenWithoutTheModel_namesTheHivesThatHaveIt()
{
    WorkerStartRequest r = request();
    r.hive = QStringLiteral("attic");
    const auto plan = Placement::plan(
        {hive(QStringLiteral("attic"), {testDevice(QStringLiteral("CPU"), false, kGiB)},
              {testModel(QStringLiteral("llama-1b"), kGiB)}),
         hive(QStringLiteral("den"), {testDevice(QStringLiteral("CPU"), false, kGiB)}, {tinyModel()}, 1)},
        r);
    QVERIFY(!plan);
    QCOMPARE(plan.error().code, ErrorCode::ModelNotFound);
    QCOMPARE(plan.error().message,
             QStringLiteral("hive 'attic' has no model 'tiny' (it has: llama-1b); online hives that have it: den"));
}

void TestPlacement::plan_noOnlineHive_saysSo()
{
    const auto plan = Placement::plan({}, request());
    QVERIFY(!plan);
    QCOMPARE(plan.error().code, ErrorCode::ModelNotFound);
    QVERIFY2(plan.error().message.startsWith(QStringLiteral("no hive is online")), qPrintable(plan.error().message));
}

void TestPlacement::plan_noRoom_isConflictWithTheNumbers()
{
    const auto plan = Placement::plan(
        {hive(QStringLiteral("attic"), {testDevice(QStringLiteral("Vulkan0"), true, 64 * kMiB),
                                        testDevice(QStringLiteral("CPU"), false, 120 * kMiB)}),
         hive(QStringLiteral("den"), {testDevice(QStringLiteral("CPU"), false, 50 * kMiB)}, {tinyModel()}, 1)},
        request());
    QVERIFY(!plan);
    QCOMPARE(plan.error().code, ErrorCode::Conflict);
    QCOMPARE(httpStatus(plan.error().code), 409);
    QCOMPARE(
        plan.error().message,
        QStringLiteral("no device has room for a worker of model 'tiny' (it needs 126.0 MiB: weights 100.0 MiB + "
                       "KV cache 16.0 MiB for 4 slots of 4096 tokens + compute 10.0 MiB): attic's Vulkan0 has 64.0 "
                       "MiB free, needs 126.0 MiB; attic's CPU has 120.0 MiB free, needs 126.0 MiB; den's CPU has "
                       "50.0 MiB free, needs 126.0 MiB"));
}

void TestPlacement::describe_firstChoice_saysWhyInWords()
{
    const auto plan =
        Placement::plan({hive(QStringLiteral("attic"), {testDevice(QStringLiteral("Vulkan0"), true, 7 * kGiB)}),
                         hive(QStringLiteral("den"),
                              {testDevice(QStringLiteral("Vulkan0"), true, 3 * kGiB),
                               testDevice(QStringLiteral("Vulkan1"), true, 2 * kGiB)},
                              {tinyModel()}, 1)},
                        request());
    QVERIFY(plan);
    QCOMPARE(plan->describe(0), QStringLiteral("placed on attic's Vulkan0: needs 126.0 MiB, 7.00 GiB free (most free "
                                               "of 3 devices with room on 2 hives)"));
    QCOMPARE(
        plan->describe(1),
        QStringLiteral("placed on den's Vulkan0: needs 126.0 MiB, 3.00 GiB free (choice 2 of 3 devices with room)"));
}

void TestPlacement::describe_gpuOverCpuWithMoreFree_saysGpuBeforeCpu()
{
    WorkerStartRequest r = request();
    r.hive = QStringLiteral("attic");
    const auto plan =
        Placement::plan({hive(QStringLiteral("attic"), {testDevice(QStringLiteral("CPU"), false, 30 * kGiB),
                                                        testDevice(QStringLiteral("Vulkan0"), true, kGiB)})},
                        r);
    QVERIFY(plan);
    QCOMPARE(plan->describe(0), QStringLiteral("placed on attic's Vulkan0: needs 126.0 MiB, 1.00 GiB free (GPU before "
                                               "CPU; most free of 1 GPU device with room on 1 hive; hive attic as "
                                               "asked)"));
}

void TestPlacement::sizeText_mibBelowOneGibThenGib()
{
    QCOMPARE(Placement::sizeText(5 * kMiB / 2), QStringLiteral("2.5 MiB"));
    QCOMPARE(Placement::sizeText(1023 * kMiB), QStringLiteral("1023.0 MiB"));
    QCOMPARE(Placement::sizeText(kGiB), QStringLiteral("1.00 GiB"));
    QCOMPARE(Placement::sizeText(7 * kGiB + kGiB / 10), QStringLiteral("7.10 GiB"));
    QCOMPARE(Placement::sizeText(12 * kGiB + kGiB / 2), QStringLiteral("12.5 GiB"));
}

QTEST_APPLESS_MAIN(TestPlacement)
#include "tst_placement.moc"

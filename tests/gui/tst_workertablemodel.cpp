// WorkerTableModel, WorkerFilterProxy and StatusTagDelegate over a real WorkerRegistry driven by a
// ManualClock: row signals for add/change/offline/remove, live heartbeat age, filtering, sorting, painting.
// Every model here runs under QAbstractItemModelTester.
#include "core/clock.h"
#include "core/protocol/devicereport.h"
#include "core/protocol/heartbeat.h"
#include "core/registry/workerregistry.h"
#include "gui/statustagdelegate.h"
#include "gui/workerfilterproxy.h"
#include "gui/workertablemodel.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QGuiApplication>
#include <QImage>
#include <QLocale>
#include <QLoggingCategory>
#include <QPainter>
#include <QPalette>
#include <QSet>
#include <QSignalSpy>
#include <QStyleOptionViewItem>
#include <QTest>

#include <memory>
#include <utility>

using namespace rbee;
using Model = rbee::gui::WorkerTableModel;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

constexpr qint64 kTimeout = core::WorkerRegistry::kDefaultHeartbeatTimeoutMs;
constexpr qint64 kDropAfter = kTimeout * core::WorkerRegistry::kDropFactor;

// A heartbeat sent "now" by the worker (no clock skew), at a url derived from the id.
core::Heartbeat beat(const core::ManualClock &clock, const QString &id,
                     core::WorkerStatus status = core::WorkerStatus::Ready, int busy = 0, int total = 4,
                     double tokensPerS = 0.0)
{
    core::Heartbeat hb;
    hb.workerId = id;
    hb.model = s("llama-3.2-1b-q4");
    hb.url = QStringLiteral("http://%1.lan:8081").arg(id);
    hb.device.name = s("cpu");
    hb.status = status;
    hb.slotsTotal = total;
    hb.slotsBusy = busy;
    hb.ctxSize = 4096;
    hb.tokensPerS = tokensPerS;
    hb.version = s("0.1.0");
    hb.sentAtMs = clock.wallMs();
    return hb;
}

// A registry, its model and a tester watching the model; destroyed tester first.
struct Fixture {
    core::ManualClock clock;
    core::WorkerRegistry registry{clock};
    Model model{&registry};
    QAbstractItemModelTester tester{&model, QAbstractItemModelTester::FailureReportingMode::QtTest};

    QVariant at(const QString &id, int column, int role = Qt::DisplayRole) const
    {
        return model.index(model.rowOf(id), column).data(role);
    }
};

QColor disabledText()
{
    return QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text);
}

QStringList proxyColumn(const QAbstractItemModel &proxy, int column = Model::Name)
{
    QStringList out;
    for (int row = 0; row < proxy.rowCount(); ++row)
        out << proxy.index(row, column).data().toString();
    return out;
}

}  // namespace

class TestWorkerTableModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // Rows
    void construction_withExistingWorkers_listsThemInRegistrationOrder();
    void heartbeat_newWorker_insertsRowAtTheEnd();
    void heartbeat_changedWorker_emitsDataChangedForThatRowOnly();
    void heartbeat_identicalButForSentAt_emitsNothingYetRefreshesAge();
    void sweep_afterTimeout_turnsRowOfflineGreyedWithReason();
    void sweep_afterDropTime_removesRowAndKeepsIndexConsistent();
    void heartbeat_newIdAtKnownUrl_replacesRow();
    void registryDestroyed_emptiesModel();
    void manyWorkers_removingMiddleRows_keepsRowOfConsistent();

    // Columns and roles
    void headers_haveTitlesForEveryColumn();
    void columns_showSlotsTokensAndAddress();
    void dispatch_showsBusyAndSlotsBeforeTheNextHeartbeat_noZeroRate();
    void statusToolTip_explainsStatus_data();
    void statusToolTip_explainsStatus();
    void stoppingWorker_readsStoppingNotOffline();
    void clockSkew_shownOnlyAboveOneSecond_data();
    void clockSkew_shownOnlyAboveOneSecond();
    void setLocalWorkerIds_marksRowsAndSignalsOnlyChangedRows();
    void sortRole_isNumericForNumericColumns();
    void sortRole_status_usableWorkersFirst();
    void toolTips_showVersionContextPromptCacheAndQueue();
    void deviceColumn_showsShortTextAndDetailsInToolTip_data();
    void deviceColumn_showsShortTextAndDetailsInToolTip();
    void deviceColumn_sortsByTheShortText();

    // Live heartbeat age
    void lastHeartbeat_advancingClock_textTicks_data();
    void lastHeartbeat_advancingClock_textTicks();
    void tickTimer_emitsDataChangedForLastHeartbeatColumnOnly();
    void tickTimer_runsOnlyWhileThereAreRows();

    // Proxy
    void proxy_filterText_matchesIdModelAndUrlCaseInsensitively();
    void proxy_showOfflineFalse_hidesOfflineRowsAsTheyGoOffline();
    void proxy_sortsNumericColumnsByValueNotText();
    void proxy_sortsNamesCaseInsensitively();

    // Delegate
    void delegate_sizeHint_fitsTheTagText();
    void delegate_colours_differPerStatusAndFollowThePalette();
    void delegate_paint_drawsTheTagInItsAccentColour();
};

void TestWorkerTableModel::initTestCase()
{
    // Numbers in expectations are written the C way ("0.8"); don't depend on the machine's locale.
    QLocale::setDefault(QLocale::c());
    QLoggingCategory::setFilterRules(s("rbee.core.registry.info=false"));
}

void TestWorkerTableModel::construction_withExistingWorkers_listsThemInRegistrationOrder()
{
    core::ManualClock clock;
    core::WorkerRegistry registry(clock);
    for (const char *id : {"zeta", "alpha", "mid"}) {
        registry.applyHeartbeat(beat(clock, s(id)));
        clock.advance(10);
    }
    Model model(&registry);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), int(Model::ColumnCount));
    QCOMPARE(model.workerId(0), s("zeta"));
    QCOMPARE(model.workerId(1), s("alpha"));
    QCOMPARE(model.workerId(2), s("mid"));
    QCOMPARE(model.workerId(3), QString());
    QCOMPARE(model.rowOf(s("mid")), 2);
    QCOMPARE(model.rowOf(s("nobody")), -1);
    QCOMPARE(model.index(1, Model::Name).data().toString(), s("alpha"));
    QCOMPARE(model.index(1, Model::Name).data(Model::WorkerIdRole).toString(), s("alpha"));
}

void TestWorkerTableModel::heartbeat_newWorker_insertsRowAtTheEnd()
{
    Fixture f;
    f.registry.applyHeartbeat(beat(f.clock, s("w1")));
    QSignalSpy aboutToInsert(&f.model, &QAbstractItemModel::rowsAboutToBeInserted);
    QSignalSpy inserted(&f.model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&f.model, &QAbstractItemModel::modelReset);

    f.registry.applyHeartbeat(beat(f.clock, s("w2")));

    QCOMPARE(aboutToInsert.count(), 1);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(reset.count(), 0);
    QVERIFY(!inserted.at(0).at(0).value<QModelIndex>().isValid());
    QCOMPARE(inserted.at(0).at(1).toInt(), 1);
    QCOMPARE(inserted.at(0).at(2).toInt(), 1);
    QCOMPARE(f.model.rowCount(), 2);
    QCOMPARE(f.at(s("w2"), Model::Name).toString(), s("w2"));
    QCOMPARE(f.at(s("w2"), Model::Status).toString(), s("ready"));
    QCOMPARE(f.at(s("w2"), Model::Status, Model::StatusRole).toInt(), int(core::DisplayStatus::Ready));
    QCOMPARE(f.at(s("w2"), Model::Name, Model::OnlineRole).toBool(), true);
    QCOMPARE(f.at(s("w2"), Model::Name, Model::UrlRole).toString(), s("http://w2.lan:8081"));
    QVERIFY(!f.at(s("w2"), Model::Name, Qt::ForegroundRole).isValid());
}

void TestWorkerTableModel::heartbeat_changedWorker_emitsDataChangedForThatRowOnly()
{
    Fixture f;
    for (const char *id : {"a", "b", "c"})
        f.registry.applyHeartbeat(beat(f.clock, s(id)));
    QSignalSpy changed(&f.model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&f.model, &QAbstractItemModel::modelReset);
    QSignalSpy layout(&f.model, &QAbstractItemModel::layoutChanged);

    f.registry.applyHeartbeat(beat(f.clock, s("b"), core::WorkerStatus::Busy, 3, 4, 41.26));

    QCOMPARE(changed.count(), 1);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(layout.count(), 0);
    const auto topLeft = changed.at(0).at(0).value<QModelIndex>();
    const auto bottomRight = changed.at(0).at(1).value<QModelIndex>();
    QCOMPARE(topLeft.row(), 1);
    QCOMPARE(bottomRight.row(), 1);
    QCOMPARE(topLeft.column(), 0);
    QCOMPARE(bottomRight.column(), Model::ColumnCount - 1);
    QCOMPARE(f.at(s("b"), Model::Status).toString(), s("busy"));
    QCOMPARE(f.at(s("b"), Model::Slots).toString(), s("3/4"));
    QCOMPARE(f.at(s("b"), Model::TokensPerSecond).toString(), s("41.3"));
    QCOMPARE(f.at(s("a"), Model::Status).toString(), s("ready"));
}

void TestWorkerTableModel::heartbeat_identicalButForSentAt_emitsNothingYetRefreshesAge()
{
    Fixture f;
    f.registry.applyHeartbeat(beat(f.clock, s("w1")));
    f.clock.advance(5'000);
    QCOMPARE(f.at(s("w1"), Model::LastHeartbeat).toString(), s("5.0 s ago"));
    QSignalSpy changed(&f.model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&f.model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&f.model, &QAbstractItemModel::rowsRemoved);

    f.registry.applyHeartbeat(beat(f.clock, s("w1")));  // only sent_at_ms differs

    QCOMPARE(changed.count(), 0);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(removed.count(), 0);
    // The registry keeps this silent, but the age a repaint shows must still be the fresh one.
    QCOMPARE(f.at(s("w1"), Model::LastHeartbeat).toString(), s("0.0 s ago"));
}

void TestWorkerTableModel::sweep_afterTimeout_turnsRowOfflineGreyedWithReason()
{
    Fixture f;
    f.registry.applyHeartbeat(beat(f.clock, s("keep")));
    f.registry.applyHeartbeat(beat(f.clock, s("stale")));
    f.clock.advance(17'000);
    f.registry.applyHeartbeat(beat(f.clock, s("keep")));
    QSignalSpy changed(&f.model, &QAbstractItemModel::dataChanged);

    f.registry.sweep();

    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), f.model.rowOf(s("stale")));
    QCOMPARE(changed.at(0).at(1).value<QModelIndex>().row(), f.model.rowOf(s("stale")));
    QCOMPARE(f.at(s("stale"), Model::Status).toString(), s("offline"));
    QCOMPARE(f.at(s("stale"), Model::Status, Model::StatusRole).toInt(), int(core::DisplayStatus::Offline));
    QCOMPARE(f.at(s("stale"), Model::Status, Qt::ToolTipRole).toString(), s("offline: no heartbeat for 17 s"));
    QCOMPARE(f.at(s("stale"), Model::Name, Model::OnlineRole).toBool(), false);
    for (int column = 0; column < Model::ColumnCount; ++column)
        QCOMPARE(f.at(s("stale"), column, Qt::ForegroundRole).value<QBrush>().color(), disabledText());
    QCOMPARE(f.at(s("keep"), Model::Status).toString(), s("ready"));
    QVERIFY(!f.at(s("keep"), Model::Name, Qt::ForegroundRole).isValid());

    // A heartbeat brings it back, row and all.
    f.registry.applyHeartbeat(beat(f.clock, s("stale")));
    QCOMPARE(f.at(s("stale"), Model::Status).toString(), s("ready"));
    QVERIFY(!f.at(s("stale"), Model::Name, Qt::ForegroundRole).isValid());
}

void TestWorkerTableModel::sweep_afterDropTime_removesRowAndKeepsIndexConsistent()
{
    Fixture f;
    f.registry.applyHeartbeat(beat(f.clock, s("gone")));
    f.registry.applyHeartbeat(beat(f.clock, s("stays")));
    f.clock.advance(kDropAfter + 1);
    f.registry.applyHeartbeat(beat(f.clock, s("stays")));
    QSignalSpy aboutToRemove(&f.model, &QAbstractItemModel::rowsAboutToBeRemoved);
    QSignalSpy removed(&f.model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&f.model, &QAbstractItemModel::modelReset);

    f.registry.sweep();

    QCOMPARE(aboutToRemove.count(), 1);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(removed.at(0).at(1).toInt(), 0);
    QCOMPARE(removed.at(0).at(2).toInt(), 0);
    QCOMPARE(f.model.rowCount(), 1);
    QCOMPARE(f.model.rowOf(s("gone")), -1);
    QCOMPARE(f.model.rowOf(s("stays")), 0);
    QCOMPARE(f.model.workerId(0), s("stays"));
}

void TestWorkerTableModel::heartbeat_newIdAtKnownUrl_replacesRow()
{
    Fixture f;
    f.registry.applyHeartbeat(beat(f.clock, s("old")));
    f.registry.applyHeartbeat(beat(f.clock, s("other")));
    QSignalSpy removed(&f.model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&f.model, &QAbstractItemModel::rowsInserted);

    core::Heartbeat restarted = beat(f.clock, s("new"));
    restarted.url = s("http://old.lan:8081");
    // "old" is online: the queen applies this once the url's /health confirmed the new id.
    QVERIFY(!f.registry.applyHeartbeat(restarted, core::HeartbeatTrust::Confirmed));

    QCOMPARE(removed.count(), 1);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(f.model.rowCount(), 2);
    QCOMPARE(f.model.workerId(0), s("other"));
    QCOMPARE(f.model.workerId(1), s("new"));
    QCOMPARE(f.at(s("new"), Model::Address).toString(), s("http://old.lan:8081"));
}

void TestWorkerTableModel::registryDestroyed_emptiesModel()
{
    core::ManualClock clock;
    auto registry = std::make_unique<core::WorkerRegistry>(clock);
    registry->applyHeartbeat(beat(clock, s("w1")));
    Model model(registry.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 1);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    registry.reset();

    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.isTicking());
    QCOMPARE(model.workerId(0), QString());
}

void TestWorkerTableModel::manyWorkers_removingMiddleRows_keepsRowOfConsistent()
{
    // No tester here: it walks every cell on every signal, which is quadratic at this size.
    core::ManualClock clock;
    core::WorkerRegistry registry(clock);
    Model model(&registry);
    constexpr int kCount = 1200;
    for (int i = 0; i < kCount; ++i)
        registry.applyHeartbeat(beat(clock, QStringLiteral("w%1").arg(i, 4, 10, QLatin1Char('0'))));
    QCOMPARE(model.rowCount(), kCount);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    for (int i = 100; i < 1100; i += 3)
        QVERIFY(registry.remove(QStringLiteral("w%1").arg(i, 4, 10, QLatin1Char('0'))));

    QCOMPARE(reset.count(), 0);
    const QList<core::WorkerRecord> records = registry.workers();
    QCOMPARE(model.rowCount(), int(records.size()));
    for (int row = 0; row < records.size(); ++row) {
        QCOMPARE(model.workerId(row), records.at(row).id());
        QCOMPARE(model.rowOf(records.at(row).id()), row);
        QCOMPARE(model.index(row, Model::Name).data().toString(), records.at(row).id());
    }
}

void TestWorkerTableModel::headers_haveTitlesForEveryColumn()
{
    Fixture f;
    const QStringList expected = {s("Name"),  s("Model"),    s("Device"),         s("Address"),   s("Status"),
                                  s("Slots"), s("Tokens/s"), s("Last heartbeat"), s("Clock skew")};
    QCOMPARE(expected.size(), qsizetype(Model::ColumnCount));
    for (int column = 0; column < Model::ColumnCount; ++column)
        QCOMPARE(f.model.headerData(column, Qt::Horizontal).toString(), expected.at(column));
}

void TestWorkerTableModel::columns_showSlotsTokensAndAddress()
{
    Fixture f;
    core::Heartbeat hb = beat(f.clock, s("gpu-1"), core::WorkerStatus::Ready, 1, 4, 17.04);
    hb.device.name = s("cuda:0");
    hb.model = s("qwen2.5-7b-instruct");
    f.registry.applyHeartbeat(hb);
    f.registry.jobDispatched(s("gpu-1"));
    f.registry.jobDispatched(s("gpu-1"));  // the queen has sent more than the heartbeat knows of

    QCOMPARE(f.at(s("gpu-1"), Model::Model).toString(), s("qwen2.5-7b-instruct"));
    QCOMPARE(f.at(s("gpu-1"), Model::Device).toString(), s("cuda:0"));
    QCOMPARE(f.at(s("gpu-1"), Model::Address).toString(), s("http://gpu-1.lan:8081"));
    QCOMPARE(f.at(s("gpu-1"), Model::Slots).toString(), s("2/4"));
    QCOMPARE(f.at(s("gpu-1"), Model::TokensPerSecond).toString(), s("17.0"));
    QCOMPARE(f.at(s("gpu-1"), Model::ClockSkew).toString(), QString());
}

void TestWorkerTableModel::dispatch_showsBusyAndSlotsBeforeTheNextHeartbeat_noZeroRate()
{
    Fixture f;
    f.registry.applyHeartbeat(beat(f.clock, s("w"), core::WorkerStatus::Ready, 0, 2, 0.0));
    QCOMPARE(f.at(s("w"), Model::Status).toString(), s("ready"));
    QCOMPARE(f.at(s("w"), Model::TokensPerSecond).toString(), s("0.0"));
    QSignalSpy changed(&f.model, &QAbstractItemModel::dataChanged);

    // The queen sends a job; no heartbeat follows (the worker's next one may be seconds away).
    f.registry.jobDispatched(s("w"));
    QCOMPARE(changed.count(), 1);  // the row is repainted at once
    QCOMPARE(f.at(s("w"), Model::Status).toString(), s("busy"));
    QCOMPARE(f.at(s("w"), Model::Status, Model::StatusRole).toInt(), int(core::DisplayStatus::Busy));
    QCOMPARE(f.at(s("w"), Model::Slots).toString(), s("1/2"));
    // Not measured yet: no "0.0 tok/s" while it generates, and the tip says why.
    QCOMPARE(f.at(s("w"), Model::TokensPerSecond).toString(), QString(QChar(0x2013)));
    QVERIFY(!f.at(s("w"), Model::TokensPerSecond, Qt::ToolTipRole).toString().isEmpty());

    // The next heartbeat brings the measured rate; the job's end frees the row again.
    f.registry.applyHeartbeat(beat(f.clock, s("w"), core::WorkerStatus::Ready, 1, 2, 41.5));
    QCOMPARE(f.at(s("w"), Model::Status).toString(), s("busy"));
    QCOMPARE(f.at(s("w"), Model::TokensPerSecond).toString(), QLocale().toString(41.5, 'f', 1));
    const quint64 heartbeats = f.registry.find(s("w"))->heartbeats;
    f.registry.jobFinished(s("w"), heartbeats - 1);
    QCOMPARE(f.at(s("w"), Model::Status).toString(), s("ready"));
    QCOMPARE(f.at(s("w"), Model::Slots).toString(), s("0/2"));
}

void TestWorkerTableModel::statusToolTip_explainsStatus_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("busy");
    QTest::addColumn<QString>("display");
    QTest::addColumn<QString>("toolTip");
    QTest::newRow("ready") << int(core::WorkerStatus::Ready) << 0 << s("ready") << s("ready");
    QTest::newRow("busy") << int(core::WorkerStatus::Busy) << 3 << s("busy") << s("busy 3/4");
    QTest::newRow("loading") << int(core::WorkerStatus::Loading) << 0 << s("loading") << s("loading");
    QTest::newRow("stopping") << int(core::WorkerStatus::Stopping) << 0 << s("stopping") << s("stopping");
}

void TestWorkerTableModel::statusToolTip_explainsStatus()
{
    QFETCH(int, status);
    QFETCH(int, busy);
    QFETCH(QString, display);
    QFETCH(QString, toolTip);
    Fixture f;
    f.registry.applyHeartbeat(beat(f.clock, s("w"), core::WorkerStatus(status), busy, 4));

    QCOMPARE(f.at(s("w"), Model::Status).toString(), display);
    QCOMPARE(f.at(s("w"), Model::Status, Model::StatusRole).toInt(),
             int(core::displayStatusOf(core::WorkerStatus(status))));
    QCOMPARE(f.at(s("w"), Model::Status, Qt::ToolTipRole).toString(), toolTip);
}

void TestWorkerTableModel::stoppingWorker_readsStoppingNotOffline()
{
    Fixture f;
    f.registry.applyHeartbeat(beat(f.clock, s("w")));
    f.registry.applyHeartbeat(beat(f.clock, s("w"), core::WorkerStatus::Stopping));
    f.clock.advance(kTimeout + 2'000);
    f.registry.sweep();  // a stopping worker is not re-labelled "no heartbeat"

    QCOMPARE(f.at(s("w"), Model::Status, Model::StatusRole).toInt(), int(core::DisplayStatus::Stopping));
    QCOMPARE(f.at(s("w"), Model::Status, Qt::ToolTipRole).toString(), s("stopping"));
    QCOMPARE(f.at(s("w"), Model::Name, Model::OnlineRole).toBool(), false);
    QCOMPARE(f.at(s("w"), Model::Name, Qt::ForegroundRole).value<QBrush>().color(), disabledText());
}

void TestWorkerTableModel::clockSkew_shownOnlyAboveOneSecond_data()
{
    QTest::addColumn<qint64>("senderBehindMs");
    QTest::addColumn<QString>("expected");
    QTest::newRow("in sync") << qint64(0) << QString();
    QTest::newRow("exactly 1 s") << qint64(1000) << QString();
    QTest::newRow("-0.9 s") << qint64(-900) << QString();
    QTest::newRow("+2.4 s") << qint64(2400) << s("+2.4 s");
    QTest::newRow("-3.1 s") << qint64(-3100) << s("-3.1 s");
}

void TestWorkerTableModel::clockSkew_shownOnlyAboveOneSecond()
{
    QFETCH(qint64, senderBehindMs);
    QFETCH(QString, expected);
    Fixture f;
    core::Heartbeat hb = beat(f.clock, s("w"));
    hb.sentAtMs -= senderBehindMs;
    f.registry.applyHeartbeat(hb);

    QCOMPARE(f.at(s("w"), Model::ClockSkew).toString(), expected);
    QCOMPARE(f.at(s("w"), Model::ClockSkew, Model::SortRole).toLongLong(), senderBehindMs);
}

void TestWorkerTableModel::setLocalWorkerIds_marksRowsAndSignalsOnlyChangedRows()
{
    Fixture f;
    for (const char *id : {"a", "b", "c"})
        f.registry.applyHeartbeat(beat(f.clock, s(id)));
    QSignalSpy changed(&f.model, &QAbstractItemModel::dataChanged);

    f.model.setLocalWorkerIds({s("b"), s("not-yet-registered")});

    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 1);
    QVERIFY(changed.at(0).at(2).value<QList<int>>().contains(Model::LocalRole));
    QCOMPARE(f.at(s("a"), Model::Name, Model::LocalRole).toBool(), false);
    QCOMPARE(f.at(s("b"), Model::Name, Model::LocalRole).toBool(), true);

    changed.clear();
    f.model.setLocalWorkerIds({s("b"), s("not-yet-registered")});
    QCOMPARE(changed.count(), 0);

    f.registry.applyHeartbeat(beat(f.clock, s("not-yet-registered")));
    QCOMPARE(f.at(s("not-yet-registered"), Model::Name, Model::LocalRole).toBool(), true);
}

void TestWorkerTableModel::sortRole_isNumericForNumericColumns()
{
    Fixture f;
    f.registry.applyHeartbeat(beat(f.clock, s("w"), core::WorkerStatus::Busy, 3, 4, 12.5));
    f.clock.advance(2'345);

    QCOMPARE(f.at(s("w"), Model::LastHeartbeat, Model::SortRole).toLongLong(), 2'345);
    QCOMPARE(f.at(s("w"), Model::TokensPerSecond, Model::SortRole).toDouble(), 12.5);
    QCOMPARE(f.at(s("w"), Model::Slots, Model::SortRole).toDouble(), 0.75);
    QCOMPARE(f.at(s("w"), Model::Name, Model::SortRole).toString(), s("w"));
}

void TestWorkerTableModel::sortRole_status_usableWorkersFirst()
{
    Fixture f;
    f.registry.applyHeartbeat(beat(f.clock, s("gone")));
    f.clock.advance(17'000);
    f.registry.applyHeartbeat(beat(f.clock, s("stopping"), core::WorkerStatus::Stopping));
    f.registry.applyHeartbeat(beat(f.clock, s("loading"), core::WorkerStatus::Loading));
    f.registry.applyHeartbeat(beat(f.clock, s("busy"), core::WorkerStatus::Busy, 4, 4));
    f.registry.applyHeartbeat(beat(f.clock, s("ready")));
    f.registry.sweep();

    auto rank = [&](const char *id) { return f.at(s(id), Model::Status, Model::SortRole).toInt(); };
    QCOMPARE(f.at(s("gone"), Model::Status).toString(), s("offline"));
    QVERIFY(rank("ready") < rank("busy"));
    QVERIFY(rank("busy") < rank("loading"));
    QVERIFY(rank("loading") < rank("stopping"));
    QVERIFY(rank("stopping") < rank("gone"));
}

void TestWorkerTableModel::toolTips_showVersionContextPromptCacheAndQueue()
{
    Fixture f;
    core::Heartbeat hb = beat(f.clock, s("w"), core::WorkerStatus::Busy, 4, 4);
    f.registry.applyHeartbeat(hb);
    QCOMPARE(f.at(s("w"), Model::Model, Qt::ToolTipRole).toString(), s("Context: 4096 tokens per slot"));
    QCOMPARE(f.at(s("w"), Model::Slots, Qt::ToolTipRole).toString(), s("4 of 4 slots busy"));

    f.clock.advance(12'000);
    hb.sentAtMs = f.clock.wallMs();
    hb.queueDepth = 3;
    hb.promptTokensCached = 300;
    hb.promptTokensDecoded = 100;
    f.registry.applyHeartbeat(hb);
    QCOMPARE(f.at(s("w"), Model::Name, Qt::ToolTipRole).toString(),
             s("w\nrbee-worker 0.1.0, first heartbeat 12 s ago"));
    QCOMPARE(f.at(s("w"), Model::Model, Qt::ToolTipRole).toString(),
             s("Context: 4096 tokens per slot\nPrompt cache: 75% of 400 prompt tokens reused"));
    QCOMPARE(f.at(s("w"), Model::Slots, Qt::ToolTipRole).toString(),
             s("4 of 4 slots busy\nJobs waiting on the worker: 3"));
}

void TestWorkerTableModel::deviceColumn_showsShortTextAndDetailsInToolTip_data()
{
    QTest::addColumn<core::DeviceReport>("device");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("toolTip");

    core::DeviceReport cpu;
    cpu.name = s("CPU");
    cpu.description = s("AMD Ryzen 7 7700X 8-Core Processor");
    cpu.backend = s("CPU");
    cpu.memoryTotalBytes = qint64(32) << 30;
    cpu.memoryFreeBytes = qint64(20) << 30;
    cpu.gpuLayers = 0;
    cpu.modelLayers = 17;
    QTest::newRow("CPU: short name, brand string in the tooltip")
        << cpu << s("CPU")
        << s("AMD Ryzen 7 7700X 8-Core Processor\nBackend: CPU\nMemory: 20.0 GiB free of 32.0 GiB (RAM)");

    core::DeviceReport gpu;
    gpu.name = s("Vulkan0");
    gpu.description = s("AMD Radeon RX 7800 XT");
    gpu.backend = s("Vulkan");
    gpu.memoryTotalBytes = qint64(16) << 30;
    gpu.memoryFreeBytes = qint64(15.2 * double(qint64(1) << 30));
    gpu.gpuLayers = 24;
    gpu.modelLayers = 25;
    QTest::newRow("GPU: name and description, memory and layers in the tooltip")
        << gpu << s("Vulkan0 · AMD Radeon RX 7800 XT")
        << s("AMD Radeon RX 7800 XT\nBackend: Vulkan\nMemory: 15.2 GiB free of 16.0 GiB\n24 of 25 layers on the GPU");

    core::DeviceReport old;
    old.name = s("cpu");
    QTest::newRow("older worker: its device string as is")
        << old << s("cpu") << s("cpu\nThis worker does not report its device's details (an older rbee-worker).");
}

void TestWorkerTableModel::deviceColumn_showsShortTextAndDetailsInToolTip()
{
    QFETCH(core::DeviceReport, device);
    QFETCH(QString, text);
    QFETCH(QString, toolTip);
    Fixture f;
    core::Heartbeat hb = beat(f.clock, s("w"));
    hb.device = device;
    f.registry.applyHeartbeat(hb);
    QCOMPARE(f.at(s("w"), Model::Device).toString(), text);
    QCOMPARE(f.at(s("w"), Model::Device, Qt::ToolTipRole).toString(), toolTip);
    QCOMPARE(f.at(s("w"), Model::Device, Model::SortRole).toString(), text);
}

void TestWorkerTableModel::deviceColumn_sortsByTheShortText()
{
    Fixture f;
    const auto add = [&f](const char *id, const char *name, const char *description, const char *backend) {
        core::Heartbeat hb = beat(f.clock, s(id));
        hb.device.name = s(name);
        hb.device.description = s(description);
        hb.device.backend = s(backend);
        f.registry.applyHeartbeat(hb);
    };
    add("a", "Vulkan1", "NVIDIA GeForce RTX 3060", "Vulkan");
    add("b", "CPU", "Intel(R) Core(TM) i7", "CPU");
    add("c", "Vulkan0", "AMD Radeon RX 7800 XT", "Vulkan");
    gui::WorkerFilterProxy proxy;
    proxy.setSourceModel(&f.model);
    proxy.sort(Model::Device, Qt::AscendingOrder);
    QCOMPARE(proxyColumn(proxy, Model::Device),
             (QStringList{s("CPU"), s("Vulkan0 · AMD Radeon RX 7800 XT"), s("Vulkan1 · NVIDIA GeForce RTX 3060")}));
}

void TestWorkerTableModel::lastHeartbeat_advancingClock_textTicks_data()
{
    QTest::addColumn<qint64>("ageMs");
    QTest::addColumn<QString>("expected");
    QTest::newRow("now") << qint64(0) << s("0.0 s ago");
    QTest::newRow("0.8 s") << qint64(800) << s("0.8 s ago");
    QTest::newRow("9.99 s rounds down") << qint64(9'990) << s("9.9 s ago");
    QTest::newRow("12 s") << qint64(12'400) << s("12 s ago");
    QTest::newRow("3 min") << qint64(3 * 60'000 + 59'000) << s("3 min ago");
    QTest::newRow("2 h") << qint64(2 * 3'600'000 + 1) << s("2 h ago");
}

void TestWorkerTableModel::lastHeartbeat_advancingClock_textTicks()
{
    QFETCH(qint64, ageMs);
    QFETCH(QString, expected);
    Fixture f;
    f.registry.applyHeartbeat(beat(f.clock, s("w")));

    f.clock.advance(ageMs);

    QCOMPARE(f.at(s("w"), Model::LastHeartbeat).toString(), expected);
}

void TestWorkerTableModel::tickTimer_emitsDataChangedForLastHeartbeatColumnOnly()
{
    Fixture f;
    f.registry.applyHeartbeat(beat(f.clock, s("a")));
    f.registry.applyHeartbeat(beat(f.clock, s("b")));
    QSignalSpy changed(&f.model, &QAbstractItemModel::dataChanged);
    f.clock.advance(800);

    QTRY_VERIFY_WITH_TIMEOUT(changed.count() >= 2, 5000);

    for (const QList<QVariant> &args : std::as_const(changed)) {
        const auto topLeft = args.at(0).value<QModelIndex>();
        const auto bottomRight = args.at(1).value<QModelIndex>();
        QCOMPARE(topLeft.column(), int(Model::LastHeartbeat));
        QCOMPARE(bottomRight.column(), int(Model::LastHeartbeat));
        QCOMPARE(topLeft.row(), 0);
        QCOMPARE(bottomRight.row(), 1);
    }
    QCOMPARE(f.at(s("a"), Model::LastHeartbeat).toString(), s("0.8 s ago"));
}

void TestWorkerTableModel::tickTimer_runsOnlyWhileThereAreRows()
{
    Fixture f;
    QVERIFY(!f.model.isTicking());
    f.registry.applyHeartbeat(beat(f.clock, s("w")));
    QVERIFY(f.model.isTicking());
    QVERIFY(f.registry.remove(s("w")));
    QVERIFY(!f.model.isTicking());

    QSignalSpy changed(&f.model, &QAbstractItemModel::dataChanged);
    QTest::qWait(3 * Model::kTickIntervalMs);
    QCOMPARE(changed.count(), 0);
}

void TestWorkerTableModel::proxy_filterText_matchesIdModelAndUrlCaseInsensitively()
{
    Fixture f;
    core::Heartbeat a = beat(f.clock, s("alpha"));
    a.model = s("Llama-3-8B");
    core::Heartbeat b = beat(f.clock, s("beta"));
    b.model = s("qwen2.5-7b");
    b.url = s("http://GPU-box.lan:9000");
    core::Heartbeat c = beat(f.clock, s("Gamma-GPU"));
    c.model = s("mistral-7b");
    for (const auto &hb : {a, b, c})
        f.registry.applyHeartbeat(hb);
    gui::WorkerFilterProxy proxy;
    proxy.setSourceModel(&f.model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(proxy.rowCount(), 3);

    proxy.setFilterText(s("gpu"));  // b by url, c by id
    QCOMPARE(proxyColumn(proxy), (QStringList{s("beta"), s("Gamma-GPU")}));
    proxy.setFilterText(s("  LLAMA "));  // by model, trimmed
    QCOMPARE(proxyColumn(proxy), QStringList{s("alpha")});
    QCOMPARE(proxy.filterText(), s("LLAMA"));
    proxy.setFilterText(s("7b"));
    QCOMPARE(proxyColumn(proxy), (QStringList{s("beta"), s("Gamma-GPU")}));
    proxy.setFilterText(s("cpu"));  // the device is not searched
    QCOMPARE(proxy.rowCount(), 0);
    proxy.setFilterText(QString());
    QCOMPARE(proxy.rowCount(), 3);
}

void TestWorkerTableModel::proxy_showOfflineFalse_hidesOfflineRowsAsTheyGoOffline()
{
    Fixture f;
    f.registry.applyHeartbeat(beat(f.clock, s("up")));
    f.registry.applyHeartbeat(beat(f.clock, s("down")));
    gui::WorkerFilterProxy proxy;
    proxy.setSourceModel(&f.model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(proxy.showOffline());
    proxy.setShowOffline(false);
    QCOMPARE(proxy.rowCount(), 2);

    f.clock.advance(kTimeout + 1'000);
    f.registry.applyHeartbeat(beat(f.clock, s("up")));
    f.registry.sweep();
    QCOMPARE(proxyColumn(proxy), QStringList{s("up")});

    proxy.setShowOffline(true);
    QCOMPARE(proxyColumn(proxy), (QStringList{s("up"), s("down")}));
    proxy.setShowOffline(false);
    f.registry.applyHeartbeat(beat(f.clock, s("down")));  // back online, back in the list
    QCOMPARE(proxyColumn(proxy), (QStringList{s("up"), s("down")}));
}

void TestWorkerTableModel::proxy_sortsNumericColumnsByValueNotText()
{
    Fixture f;
    // Heartbeat ages 12 s, 9 s and 2 min: as text "12 s ago" < "2 min ago" < "9.0 s ago".
    f.registry.applyHeartbeat(beat(f.clock, s("oldest"), core::WorkerStatus::Ready, 0, 4, 100.0));
    f.clock.advance(120'000 - 12'000);
    f.registry.applyHeartbeat(beat(f.clock, s("twelve"), core::WorkerStatus::Busy, 2, 4, 9.5));
    f.clock.advance(3'000);
    f.registry.applyHeartbeat(beat(f.clock, s("nine"), core::WorkerStatus::Busy, 1, 1, 20.0));
    f.clock.advance(9'000);
    gui::WorkerFilterProxy proxy;
    proxy.setSourceModel(&f.model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);

    proxy.sort(Model::LastHeartbeat, Qt::AscendingOrder);
    QCOMPARE(proxyColumn(proxy), (QStringList{s("nine"), s("twelve"), s("oldest")}));
    QCOMPARE(proxyColumn(proxy, Model::LastHeartbeat), (QStringList{s("9.0 s ago"), s("12 s ago"), s("2 min ago")}));

    proxy.sort(Model::TokensPerSecond, Qt::DescendingOrder);  // 100.0 > 20.0 > 9.5, unlike the text
    QCOMPARE(proxyColumn(proxy), (QStringList{s("oldest"), s("nine"), s("twelve")}));

    proxy.sort(Model::Slots, Qt::AscendingOrder);  // 0/4 < 2/4 < 1/1
    QCOMPARE(proxyColumn(proxy), (QStringList{s("oldest"), s("twelve"), s("nine")}));

    // A change re-sorts the row it touches.
    f.registry.applyHeartbeat(beat(f.clock, s("oldest"), core::WorkerStatus::Busy, 3, 4, 100.0));
    QCOMPARE(proxyColumn(proxy), (QStringList{s("twelve"), s("oldest"), s("nine")}));
}

void TestWorkerTableModel::proxy_sortsNamesCaseInsensitively()
{
    Fixture f;
    for (const char *id : {"bravo", "Charlie", "alpha"})
        f.registry.applyHeartbeat(beat(f.clock, s(id)));
    gui::WorkerFilterProxy proxy;
    proxy.setSourceModel(&f.model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);

    proxy.sort(Model::Name, Qt::AscendingOrder);

    QCOMPARE(proxyColumn(proxy), (QStringList{s("alpha"), s("bravo"), s("Charlie")}));
}

void TestWorkerTableModel::delegate_sizeHint_fitsTheTagText()
{
    Fixture f;
    f.registry.applyHeartbeat(beat(f.clock, s("w"), core::WorkerStatus::Loading));
    gui::StatusTagDelegate delegate;
    QStyleOptionViewItem option;
    option.font = QGuiApplication::font();
    const QModelIndex index = f.model.index(0, Model::Status);

    const QSize hint = delegate.sizeHint(option, index);

    const QFontMetrics metrics(option.font);
    QVERIFY2(!hint.isEmpty(), qPrintable(QStringLiteral("%1x%2").arg(hint.width()).arg(hint.height())));
    QVERIFY(hint.width() > metrics.horizontalAdvance(s("loading")));
    QVERIFY(hint.height() >= metrics.height());
}

void TestWorkerTableModel::delegate_colours_differPerStatusAndFollowThePalette()
{
    QPalette light;
    light.setColor(QPalette::Base, Qt::white);
    QPalette dark;
    dark.setColor(QPalette::Base, QColor(0x20, 0x20, 0x20));
    QSet<QRgb> seen;
    for (const core::DisplayStatus status : core::kDisplayStatuses) {
        const QByteArray name = core::displayStatusName(status).toUtf8();
        const QColor accent = gui::StatusTagDelegate::accentColor(status, light);
        seen.insert(accent.rgb());
        QVERIFY2(gui::StatusTagDelegate::accentColor(status, dark).lightness() > accent.lightness(), name.constData());
        QVERIFY2(gui::StatusTagDelegate::fillColor(status, light).lightness() > accent.lightness(), name.constData());
        QVERIFY2(gui::StatusTagDelegate::fillColor(status, dark).lightness() < 128, name.constData());
    }
    QCOMPARE(seen.size(), qsizetype(core::kDisplayStatuses.size()));
    const QColor ready = gui::StatusTagDelegate::accentColor(core::DisplayStatus::Ready, light);
    QVERIFY(ready.green() > ready.red() && ready.green() > ready.blue());
    const QColor loading = gui::StatusTagDelegate::accentColor(core::DisplayStatus::Loading, light);
    QVERIFY(loading.blue() > loading.red() && loading.blue() > loading.green());
    const QColor busy = gui::StatusTagDelegate::accentColor(core::DisplayStatus::Busy, light);
    QVERIFY(busy.red() > busy.blue() && busy.green() > busy.blue());
    const QColor offline = gui::StatusTagDelegate::accentColor(core::DisplayStatus::Offline, light);
    QVERIFY(offline.red() > offline.green());
}

void TestWorkerTableModel::delegate_paint_drawsTheTagInItsAccentColour()
{
    Fixture f;
    f.registry.applyHeartbeat(beat(f.clock, s("w"), core::WorkerStatus::Ready));
    gui::StatusTagDelegate delegate;
    const QModelIndex index = f.model.index(0, Model::Status);
    QStyleOptionViewItem option;
    option.font = QGuiApplication::font();
    option.palette = QGuiApplication::palette();
    option.state = QStyle::State_Enabled;
    const QSize size = delegate.sizeHint(option, index) + QSize(20, 4);
    option.rect = QRect(QPoint(0, 0), size);
    QImage image(size, QImage::Format_ARGB32);
    image.fill(option.palette.color(QPalette::Base));

    {
        QPainter painter(&image);
        delegate.paint(&painter, option, index);
    }

    const QColor accent = gui::StatusTagDelegate::accentColor(core::DisplayStatus::Ready, option.palette);
    auto isNear = [](QColor a, QColor b) {
        return qAbs(a.red() - b.red()) + qAbs(a.green() - b.green()) + qAbs(a.blue() - b.blue()) < 24;
    };
    bool found = false;
    for (int y = 0; y < image.height() && !found; ++y) {
        for (int x = 0; x < image.width() && !found; ++x)
            found = isNear(image.pixelColor(x, y), accent);
    }
    QVERIFY2(found, "no pixel of the ready accent colour was painted");
}

QTEST_MAIN(TestWorkerTableModel)
#include "tst_workertablemodel.moc"

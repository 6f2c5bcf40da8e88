// HiveTreeModel over a real HiveList fed with HiveReports: the tree's rows (hive → devices,
// models, workers, transfers), its bars and texts in the user's locale, live updates row by row,
// a hive going offline and one removed. Every model here runs under QAbstractItemModelTester.
#include "core/client/hivelist.h"
#include "core/protocol/displaystatus.h"
#include "gui/hivetreemodel.h"
#include "gui/usagebardelegate.h"
#include "gui/workertablemodel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QImage>
#include <QLocale>
#include <QPainter>
#include <QSignalSpy>
#include <QStyleOptionViewItem>
#include <QTest>

using namespace rbee;
using Model = rbee::gui::HiveTreeModel;

namespace {

constexpr qint64 kGiB = 1024LL * 1024 * 1024;

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

core::HiveRecord hive(const QString &name, bool online = true)
{
    core::HiveRecord h;
    h.online = online;
    h.offlineReason = online ? QString() : s("no heartbeat for 16 s");
    core::HiveReport &r = h.last;
    r.name = name;
    r.url = QStringLiteral("http://%1.lan:7834").arg(name);
    r.version = s("0.1.0");
    r.ramTotalBytes = 32 * kGiB;
    r.ramFreeBytes = 24 * kGiB;  // 8 GiB used: a quarter
    r.cpuCores = 16;
    r.diskFreeBytes = 400 * kGiB;
    r.maxWorkers = 4;
    core::ListedDevice cpu;
    cpu.name = s("CPU");
    cpu.backend = s("CPU");
    cpu.memoryTotalBytes = 32 * kGiB;
    cpu.memoryFreeBytes = 24 * kGiB;
    core::ListedDevice gpu;
    gpu.name = s("Vulkan0");
    gpu.description = s("AMD Radeon RX 7800 XT");
    gpu.backend = s("Vulkan");
    gpu.gpu = true;
    gpu.memoryTotalBytes = 16 * kGiB;
    gpu.memoryFreeBytes = 4 * kGiB;  // three quarters used
    r.devices = {cpu, gpu};
    core::HiveModel m;
    m.name = s("qwen2.5-0.5b-instruct-q8_0");
    m.sizeBytes = 531067456;
    m.architecture = s("qwen2");
    m.parameters = 494032768;
    m.quantization = s("Q8_0");
    m.contextLength = 32768;
    r.models = {m};
    return h;
}

core::HiveWorker worker(const QString &id, const QString &status = s("running"))
{
    core::HiveWorker w;
    w.workerId = id;
    w.model = s("qwen2.5-0.5b-instruct-q8_0");
    w.device = s("Vulkan0");
    w.url = s("http://attic.lan:40117");
    w.status = status;
    w.pid = 4242;
    w.port = 40117;
    return w;
}

QModelIndex section(const Model &model, const QString &hiveName, Model::Section which)
{
    return model.index(which, 0, model.hiveIndex(hiveName));
}

QString text(const QModelIndex &index, int column)
{
    return index.siblingAtColumn(column).data().toString();
}

}  // namespace

class TestHiveTreeModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }
    void cleanupTestCase() { QLocale::setDefault(QLocale::system()); }

    void hives_showDevicesModelsWorkersUnderEach()
    {
        core::HiveList list;
        core::HiveRecord attic = hive(s("attic"));
        attic.last.workers = {worker(s("attic-qwen-1"))};
        list.replaceAll({attic, hive(s("kitchen"))});
        Model model(&list);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(text(model.index(0, 0), Model::Name), s("attic"));
        QCOMPARE(text(model.index(1, 0), Model::Name), s("kitchen"));
        const QModelIndex atticIdx = model.hiveIndex(s("attic"));
        QCOMPARE(model.rowCount(atticIdx), 3);  // no transfers: no Transfers section
        QCOMPARE(text(section(model, s("attic"), Model::Devices), Model::Name), s("Devices (2)"));
        QCOMPARE(text(section(model, s("attic"), Model::Models), Model::Name), s("Models (1)"));
        QCOMPARE(text(section(model, s("attic"), Model::Workers), Model::Name), s("Workers (1)"));
        QCOMPARE(text(section(model, s("kitchen"), Model::Workers), Model::Name), s("Workers (0)"));

        const QModelIndex gpu = model.itemIndex(s("attic"), Model::Devices, s("Vulkan0"));
        QVERIFY(gpu.isValid());
        QCOMPARE(text(gpu, Model::Name), s("Vulkan0 · AMD Radeon RX 7800 XT"));
        QCOMPARE(gpu.data(Model::KindRole).toInt(), int(Model::Kind::Device));
        QCOMPARE(gpu.data(Model::HiveNameRole).toString(), s("attic"));

        const QModelIndex qwen = model.itemIndex(s("attic"), Model::Models, s("qwen2.5-0.5b-instruct-q8_0"));
        QCOMPARE(text(qwen, Model::Usage), s("506.5 MiB"));  // under 1 GiB: not "0.5 GiB"
        QCOMPARE(text(qwen, Model::Details), s("qwen2 · Q8_0 · 494 M parameters · context 32,768"));
        QCOMPARE(qwen.data(Model::ItemNameRole).toString(), s("qwen2.5-0.5b-instruct-q8_0"));

        const QModelIndex w = model.itemIndex(s("attic"), Model::Workers, s("attic-qwen-1"));
        QCOMPARE(text(w, Model::Status), s("running"));
        QCOMPARE(w.siblingAtColumn(Model::Status).data(Model::StatusRole).toInt(), int(core::DisplayStatus::Ready));
        QCOMPARE(text(w, Model::Usage), s("qwen2.5-0.5b-instruct-q8_0"));
        QCOMPARE(text(w, Model::Details), s("Vulkan0 · http://attic.lan:40117"));
    }

    void bars_showMemoryInUseOfHiveAndDevices_inTheUsersLocale()
    {
        core::HiveList list;
        list.replaceAll({hive(s("attic"))});
        Model model(&list);
        const QModelIndex atticIdx = model.hiveIndex(s("attic"));
        QCOMPARE(atticIdx.siblingAtColumn(Model::Usage).data(Model::BarRole).toDouble(), 0.25);
        QCOMPARE(text(atticIdx, Model::Usage), s("RAM: 8.0 GiB used, 24.0 GiB free of 32.0 GiB"));
        QCOMPARE(text(atticIdx, Model::Details), s("http://attic.lan:7834 · 16 CPU cores · 400.0 GiB free disk"));
        QCOMPARE(text(atticIdx, Model::Status), s("online"));
        QCOMPARE(atticIdx.siblingAtColumn(Model::Status).data(Model::StatusRole).toInt(),
                 int(core::DisplayStatus::Ready));
        // The status tag delegate reads the same role as in the worker table.
        QCOMPARE(int(Model::StatusRole), int(gui::WorkerTableModel::StatusRole));

        const QModelIndex gpu = model.itemIndex(s("attic"), Model::Devices, s("Vulkan0"));
        QCOMPARE(gpu.siblingAtColumn(Model::Usage).data(Model::BarRole).toDouble(), 0.75);
        QCOMPARE(text(gpu, Model::Usage), s("12.0 GiB used, 4.0 GiB free of 16.0 GiB"));
        // No bar where there is nothing to measure.
        QVERIFY(!gpu.siblingAtColumn(Model::Details).data(Model::BarRole).isValid());
        const QModelIndex qwen = model.itemIndex(s("attic"), Model::Models, s("qwen2.5-0.5b-instruct-q8_0"));
        QVERIFY(!qwen.siblingAtColumn(Model::Usage).data(Model::BarRole).isValid());

        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        QCOMPARE(text(gpu, Model::Usage), s("12,0 GiB used, 4,0 GiB free of 16,0 GiB"));
    }

    void barDelegate_paintsTheFilledShareOfTheCell()
    {
        core::HiveList list;
        list.replaceAll({hive(s("attic"))});
        Model model(&list);
        gui::UsageBarDelegate delegate;
        const QModelIndex gpu = model.itemIndex(s("attic"), Model::Devices, s("Vulkan0")).siblingAtColumn(Model::Usage);
        QImage image(400, 24, QImage::Format_ARGB32);
        image.fill(Qt::white);
        QPainter painter(&image);
        QStyleOptionViewItem option;
        option.rect = image.rect();
        option.palette = QApplication::palette();
        option.font = QApplication::font();
        option.fontMetrics = QFontMetrics(option.font);
        delegate.paint(&painter, option, gpu);
        painter.end();
        // Three quarters used: the bar's colour at 10 % of the width, not at 95 %.
        const QColor filled = image.pixelColor(40, 4);
        const QColor empty = image.pixelColor(380, 4);
        QVERIFY2(filled != empty, qPrintable(filled.name() + s(" vs ") + empty.name()));
        QVERIFY(delegate.sizeHint(option, gpu).width() >= 220);
    }

    void workerStarted_insertsItsRowUnderWorkers_andChangesNoOtherRows()
    {
        core::HiveList list;
        list.replaceAll({hive(s("attic")), hive(s("kitchen"))});
        Model model(&list);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        const QPersistentModelIndex kitchen = model.hiveIndex(s("kitchen"));

        core::HiveRecord attic = hive(s("attic"));
        attic.last.workers = {worker(s("attic-qwen-1"), s("starting"))};
        list.upsert(attic);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.at(0).at(0).value<QModelIndex>(), section(model, s("attic"), Model::Workers));
        QCOMPARE(reset.size(), 0);
        QCOMPARE(text(section(model, s("attic"), Model::Workers), Model::Name), s("Workers (1)"));
        const QModelIndex w = model.itemIndex(s("attic"), Model::Workers, s("attic-qwen-1"));
        QCOMPARE(w.siblingAtColumn(Model::Status).data(Model::StatusRole).toInt(), int(core::DisplayStatus::Loading));

        attic.last.workers = {worker(s("attic-qwen-1"), s("running"))};
        list.upsert(attic);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(text(model.itemIndex(s("attic"), Model::Workers, s("attic-qwen-1")), Model::Status), s("running"));

        attic.last.workers.clear();
        list.upsert(attic);
        QCOMPARE(removed.size(), 1);
        QVERIFY(!model.itemIndex(s("attic"), Model::Workers, s("attic-qwen-1")).isValid());
        QCOMPARE(text(section(model, s("attic"), Model::Workers), Model::Name), s("Workers (0)"));
        QVERIFY(kitchen.isValid());
        QCOMPARE(kitchen.row(), 1);
    }

    void transfer_showsItsProgressBar_whileItLasts()
    {
        core::HiveList list;
        list.replaceAll({hive(s("attic"))});
        Model model(&list);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QModelIndex atticIdx = model.hiveIndex(s("attic"));
        QCOMPARE(model.rowCount(atticIdx), 3);

        core::HiveRecord attic = hive(s("attic"));
        core::HiveTransfer t;
        t.model = s("llama-3.2-1b-q4_k_m");
        t.source = s("hive:kitchen");
        t.receivedBytes = 200 * 1024 * 1024;
        t.totalBytes = 800 * 1024 * 1024;
        t.status = s("running");
        attic.last.transfers = {t};
        list.upsert(attic);
        QCOMPARE(model.rowCount(atticIdx), 4);
        QModelIndex row = model.itemIndex(s("attic"), Model::Transfers, s("llama-3.2-1b-q4_k_m"));
        QCOMPARE(row.siblingAtColumn(Model::Usage).data(Model::BarRole).toDouble(), 0.25);
        QCOMPARE(text(row, Model::Usage), s("25 % (200.0 MiB of 800.0 MiB)"));
        QCOMPARE(text(row, Model::Details), s("from hive kitchen"));

        attic.last.transfers[0].receivedBytes = 600 * 1024 * 1024;
        list.upsert(attic);
        row = model.itemIndex(s("attic"), Model::Transfers, s("llama-3.2-1b-q4_k_m"));
        QCOMPARE(row.siblingAtColumn(Model::Usage).data(Model::BarRole).toDouble(), 0.75);

        attic.last.transfers[0].status = s("failed");
        attic.last.transfers[0].error = s("the peer closed the connection");
        list.upsert(attic);
        row = model.itemIndex(s("attic"), Model::Transfers, s("llama-3.2-1b-q4_k_m"));
        QCOMPARE(row.siblingAtColumn(Model::Status).data(Model::StatusRole).toInt(), int(core::DisplayStatus::Offline));
        QCOMPARE(text(row, Model::Details), s("from hive kitchen · the peer closed the connection"));

        attic.last.transfers.clear();
        list.upsert(attic);
        QCOMPARE(model.rowCount(atticIdx), 3);
        QVERIFY(!model.itemIndex(s("attic"), Model::Transfers, s("llama-3.2-1b-q4_k_m")).isValid());
    }

    void hiveGoingOffline_showsItAndItsWorkersOffline_withTheLastReport()
    {
        core::HiveList list;
        core::HiveRecord attic = hive(s("attic"));
        attic.last.workers = {worker(s("attic-qwen-1"))};
        list.replaceAll({attic});
        Model model(&list);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        attic.online = false;
        attic.offlineReason = s("no heartbeat for 16 s");
        list.upsert(attic);
        QVERIFY(!changed.isEmpty());
        const QModelIndex atticIdx = model.hiveIndex(s("attic"));
        QCOMPARE(text(atticIdx, Model::Status), s("offline"));
        QCOMPARE(atticIdx.siblingAtColumn(Model::Status).data(Model::StatusRole).toInt(),
                 int(core::DisplayStatus::Offline));
        QCOMPARE(atticIdx.data(Model::OnlineRole).toBool(), false);
        const QModelIndex w = model.itemIndex(s("attic"), Model::Workers, s("attic-qwen-1"));
        QCOMPARE(text(w, Model::Status), s("offline"));
        QCOMPARE(w.siblingAtColumn(Model::Status).data(Model::StatusRole).toInt(), int(core::DisplayStatus::Offline));
        // The last known figures stay.
        QCOMPARE(text(atticIdx, Model::Usage), s("RAM: 8.0 GiB used, 24.0 GiB free of 32.0 GiB"));

        // The link to the queen lost: every hive offline at once.
        attic.online = true;
        list.upsert(attic);
        QCOMPARE(text(model.hiveIndex(s("attic")), Model::Status), s("online"));
        list.markAllOffline(s("queen unreachable"));
        QCOMPARE(text(model.hiveIndex(s("attic")), Model::Status), s("offline"));
        QVERIFY2(model.hiveIndex(s("attic")).data(Qt::ToolTipRole).toString().endsWith(s("Offline: queen unreachable")),
                 qPrintable(model.hiveIndex(s("attic")).data(Qt::ToolTipRole).toString()));
    }

    void sameReportAgain_changesNothing()
    {
        core::HiveList list;
        list.replaceAll({hive(s("attic"))});
        Model model(&list);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        core::HiveRecord again = hive(s("attic"));
        again.lastReportMs = 1234;
        again.last.sentAtMs = 99;
        list.replaceAll({again});
        QCOMPARE(changed.size(), 0);
    }

    void hiveDropped_removesItsRow_andKeepsTheOthersItems()
    {
        core::HiveList list;
        core::HiveRecord kitchen = hive(s("kitchen"));
        kitchen.last.workers = {worker(s("kitchen-qwen-1"))};
        list.replaceAll({hive(s("attic")), kitchen});
        Model model(&list);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QPersistentModelIndex w = model.itemIndex(s("kitchen"), Model::Workers, s("kitchen-qwen-1"));
        QVERIFY(w.isValid());

        list.replaceAll({kitchen});
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(!model.hiveIndex(s("attic")).isValid());
        // The kitchen's rows moved up and still read as the kitchen's.
        QVERIFY(w.isValid());
        QCOMPARE(w.data(Model::HiveNameRole).toString(), s("kitchen"));
        QCOMPARE(w.data(Model::ItemNameRole).toString(), s("kitchen-qwen-1"));
        QCOMPARE(w.parent().parent(), model.hiveIndex(s("kitchen")));

        list.upsert(hive(s("attic")));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(text(model.index(1, 0), Model::Name), s("attic"));
    }
};

QTEST_MAIN(TestHiveTreeModel)
#include "tst_hivetreemodel.moc"

// The Machines view's actions without any server: which actions a selection allows, the forms of
// Start worker here, Copy model to… and Download model to… and the requests they build, and a
// queen that cannot be reached named in the view's message line, with the GUI never blocked.
#include "widgetchild.h"

#include "gui/hivetreemodel.h"
#include "gui/machinesview.h"
#include "gui/modelloadsettings.h"
#include "gui/modelpulldialog.h"
#include "gui/starthiveworkerdialog.h"

#include "core/client/hivelist.h"
#include "core/client/remotequeenconnection.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>

using namespace rbee;
using namespace rbee::test;
using Model = rbee::gui::HiveTreeModel;

namespace {

constexpr qint64 kGiB = 1024LL * 1024 * 1024;

core::HiveRecord hive(const QString &name, bool online = true)
{
    core::HiveRecord h;
    h.online = online;
    h.last.name = name;
    h.last.url = QStringLiteral("http://%1.lan:7834").arg(name);
    h.last.version = QStringLiteral("0.1.0");
    h.last.ramTotalBytes = 16 * kGiB;
    h.last.ramFreeBytes = 8 * kGiB;
    core::ListedDevice cpu;
    cpu.name = QStringLiteral("CPU");
    cpu.backend = QStringLiteral("CPU");
    core::ListedDevice gpu;
    gpu.name = QStringLiteral("Vulkan0");
    gpu.description = QStringLiteral("AMD Radeon RX 7800 XT");
    gpu.backend = QStringLiteral("Vulkan");
    gpu.gpu = true;
    gpu.memoryTotalBytes = 16 * kGiB;
    gpu.memoryFreeBytes = 12 * kGiB;
    h.last.devices = {cpu, gpu};
    for (const char *model : {"qwen", "llama"}) {
        core::HiveModel m;
        m.name = QLatin1String(model);
        m.sizeBytes = kGiB;
        h.last.models.append(m);
    }
    core::HiveWorker w;
    w.workerId = name + QStringLiteral("-qwen-1");
    w.model = QStringLiteral("qwen");
    w.status = QStringLiteral("running");
    h.last.workers = {w};
    return h;
}

void select(gui::MachinesView &view, const QModelIndex &index)
{
    view.tree()->selectionModel()->setCurrentIndex(index,
                                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

bool enabled(gui::MachinesView &view, const char *action)
{
    return view.findChild<QAction *>(QLatin1String(action))->isEnabled();
}

}  // namespace

class TestHiveActions : public QObject {
    Q_OBJECT
    QTemporaryDir m_config;  // the dialogs' remembered settings, not the user's

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_config.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_config.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_config.path());
    }

    void actions_followTheSelection_andTheHivesOnline()
    {
        core::RemoteQueenConnection queen(QUrl(QStringLiteral("http://127.0.0.1:9")), QString());  // never started
        queen.hives()->replaceAll({hive(QStringLiteral("attic")), hive(QStringLiteral("kitchen"), false)});
        gui::MachinesView view(&queen);
        const Model &model = *view.model();
        QVERIFY(!view.findChild<QLabel *>(QStringLiteral("machinesEmpty"))->isVisibleTo(&view));

        // Nothing selected: nothing to do.
        for (const char *a :
             {"actionStartWorkerHere", "actionStopHiveWorker", "actionCopyModel", "actionDownloadModel"})
            QVERIFY2(!enabled(view, a), a);

        select(view, model.hiveIndex(QStringLiteral("attic")));
        QVERIFY(enabled(view, "actionStartWorkerHere"));
        QVERIFY(enabled(view, "actionDownloadModel"));
        QVERIFY(!enabled(view, "actionStopHiveWorker"));
        QVERIFY(!enabled(view, "actionCopyModel"));

        select(view, model.itemIndex(QStringLiteral("attic"), Model::Workers, QStringLiteral("attic-qwen-1")));
        QVERIFY(enabled(view, "actionStopHiveWorker"));

        // A model, but no other hive online to copy it to; then the kitchen comes online.
        select(view, model.itemIndex(QStringLiteral("attic"), Model::Models, QStringLiteral("qwen")));
        QVERIFY(!enabled(view, "actionCopyModel"));
        queen.hives()->upsert(hive(QStringLiteral("kitchen")));
        QVERIFY(enabled(view, "actionCopyModel"));

        // An offline hive: nothing can be asked of it.
        select(view, model.itemIndex(QStringLiteral("attic"), Model::Workers, QStringLiteral("attic-qwen-1")));
        queen.hives()->markAllOffline(QStringLiteral("queen unreachable"));
        for (const char *a :
             {"actionStartWorkerHere", "actionStopHiveWorker", "actionCopyModel", "actionDownloadModel"})
            QVERIFY2(!enabled(view, a), a);

        queen.hives()->replaceAll({});
        QVERIFY(view.findChild<QLabel *>(QStringLiteral("machinesEmpty"))->isVisibleTo(&view));
    }

    void startDialog_offersTheHivesModelsAndDevices_andBuildsTheRequest()
    {
        const core::HiveRecord attic = hive(QStringLiteral("attic"));
        gui::StartHiveWorkerDialog dialog(attic.last, QStringLiteral("llama"));
        auto *models = child<QComboBox>(dialog, "hiveModelCombo");
        QCOMPARE(models->count(), 2);
        QCOMPARE(models->currentData().toString(), QStringLiteral("llama"));  // the selected model first
        auto *devices = child<QComboBox>(dialog, "hiveDeviceCombo");
        QCOMPARE(devices->count(), 3);  // placement, CPU, Vulkan0
        QCOMPARE(devices->itemData(0).toString(), QString());
        QVERIFY2(devices->itemText(2).contains(QStringLiteral("12.0 GiB free")), qPrintable(devices->itemText(2)));

        devices->setCurrentIndex(2);
        child<QSpinBox>(dialog, "hiveSlotsSpin")->setValue(2);
        const core::WorkerStartRequest request = dialog.request();
        QCOMPARE(request.model, QStringLiteral("llama"));
        QCOMPARE(request.hive, QStringLiteral("attic"));
        QCOMPARE(request.device, QStringLiteral("Vulkan0"));
        QCOMPARE(request.slots, 2);
        QCOMPARE(request.ctx, 0);
        // What the queen reads back is what the form said.
        const auto read = core::WorkerStartRequest::fromJson(request.toJson(), true);
        QVERIFY2(read, qPrintable(read.error().message));
        QCOMPARE(read.value(), request);
    }

    void startDialog_startsFromTheModelsLastStartOnThatHive()
    {
        core::HiveRecord den = hive(QStringLiteral("den"));
        {
            gui::StartHiveWorkerDialog first(den.last, QStringLiteral("llama"));
            QCOMPARE(child<QSpinBox>(first, "hiveSlotsSpin")->value(), 4);  // nothing remembered yet
            auto *devices = child<QComboBox>(first, "hiveDeviceCombo");
            devices->setCurrentIndex(devices->findData(QStringLiteral("Vulkan0")));
            child<QSpinBox>(first, "hiveSlotsSpin")->setValue(2);
            child<QSpinBox>(first, "hiveCtxSpin")->setValue(8192);
            gui::ModelLoadSettings::rememberOnMachine(first.request());  // as a view does once the queen started it
        }
        gui::StartHiveWorkerDialog again(den.last, QStringLiteral("llama"));
        QCOMPARE(again.request().device, QStringLiteral("Vulkan0"));
        QCOMPARE(again.request().slots, 2);
        QCOMPARE(again.request().ctx, 8192);
        // Another model of the same hive has its own (none yet), and switching back restores them.
        auto *models = child<QComboBox>(again, "hiveModelCombo");
        models->setCurrentIndex(models->findData(QStringLiteral("qwen")));
        QCOMPARE(again.request().device, QString());
        QCOMPARE(again.request().slots, 4);
        QCOMPARE(again.request().ctx, 0);
        models->setCurrentIndex(models->findData(QStringLiteral("llama")));
        QCOMPARE(again.request().slots, 2);
        // The same model on another hive has its own too.
        gui::StartHiveWorkerDialog elsewhere(hive(QStringLiteral("attic2")).last, QStringLiteral("llama"));
        QCOMPARE(elsewhere.request().slots, 4);
        // A device the hive no longer lists leaves the queen's placement; the rest stays.
        den.last.devices.removeLast();
        gui::StartHiveWorkerDialog gpuGone(den.last, QStringLiteral("llama"));
        QCOMPARE(gpuGone.request().device, QString());
        QCOMPARE(gpuGone.request().slots, 2);
    }

    void copyDialog_choosesTheTargetHive()
    {
        std::unique_ptr<gui::ModelPullDialog> dialog(gui::ModelPullDialog::copy(
            QStringLiteral("qwen"), QStringLiteral("attic"), {QStringLiteral("kitchen"), QStringLiteral("den")}));
        child<QComboBox>(*dialog, "targetHiveCombo")->setCurrentIndex(1);
        QCOMPARE(dialog->targetHive(), QStringLiteral("den"));
        const core::ModelPullRequest request = dialog->request();
        QCOMPARE(request.model, QStringLiteral("qwen"));
        QCOMPARE(request.fromHive, QStringLiteral("attic"));
        QVERIFY(request.url.isEmpty());
        QVERIFY(core::ModelPullRequest::fromJson(request.toJson()));

        std::unique_ptr<gui::ModelPullDialog> none(
            gui::ModelPullDialog::copy(QStringLiteral("qwen"), QStringLiteral("attic"), {}));
        QVERIFY(!none->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled());
    }

    void downloadDialog_namesTheModelAfterTheUrl_andRefusesWhatTheHiveWould()
    {
        std::unique_ptr<gui::ModelPullDialog> dialog(gui::ModelPullDialog::download(QStringLiteral("attic")));
        auto *url = child<QLineEdit>(*dialog, "pullUrlEdit");
        auto *name = child<QLineEdit>(*dialog, "pullNameEdit");
        auto *problem = child<QLabel>(*dialog, "pullProblem");
        QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QVERIFY(!ok->isEnabled());

        QTest::keyClicks(url, QStringLiteral("ftp://example.org/x.gguf"));
        QVERIFY(!ok->isEnabled());
        QVERIFY(problem->text().contains(QStringLiteral("http")));

        url->clear();
        QTest::keyClicks(url, QStringLiteral("https://example.org/models/Qwen2.5-0.5B-Q8_0.gguf"));
        QCOMPARE(name->text(), QStringLiteral("Qwen2.5-0.5B-Q8_0"));
        QVERIFY(ok->isEnabled());

        name->clear();
        QTest::keyClicks(name, QStringLiteral("../escape"));
        QVERIFY(!ok->isEnabled());
        name->clear();
        QTest::keyClicks(name, QStringLiteral("qwen-small"));
        QVERIFY(ok->isEnabled());
        const core::ModelPullRequest request = dialog->request();
        QCOMPARE(request.model, QStringLiteral("qwen-small"));
        QCOMPARE(request.url, QStringLiteral("https://example.org/models/Qwen2.5-0.5B-Q8_0.gguf"));
        QCOMPARE(dialog->targetHive(), QStringLiteral("attic"));
        QVERIFY(core::ModelPullRequest::fromJson(request.toJson()));
    }

    void unreachableQueen_isNamedInTheMessage_withoutBlockingTheGui()
    {
        // A port that takes nothing: listen, note the port, close.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close();
        core::RemoteQueenConnection queen(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)), QString());
        queen.hives()->replaceAll({hive(QStringLiteral("attic"))});
        gui::MachinesView view(&queen);
        auto *message = child<QLabel>(view, "machinesMessage");

        select(view, view.model()->itemIndex(QStringLiteral("attic"), Model::Workers, QStringLiteral("attic-qwen-1")));
        QElapsedTimer clock;
        clock.start();
        view.stopWorker();
        QVERIFY2(clock.elapsed() < 1000, "stopWorker waited for the queen");
        QCOMPARE(message->text(), QStringLiteral("Stopping worker attic-qwen-1…"));
        QTRY_VERIFY2_WITH_TIMEOUT(message->text().startsWith(QStringLiteral("Could not stop worker attic-qwen-1: "))
                                      && message->text().contains(QString::number(port)),
                                  qPrintable(message->text()), 20000);

        // Start worker here, the dialog answered: the same, for the start.
        select(view, view.model()->hiveIndex(QStringLiteral("attic")));
        QTimer::singleShot(0, [] {
            if (auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget()))
                dialog->accept();
        });
        view.startWorkerHere();
        QTRY_VERIFY2_WITH_TIMEOUT(
            message->text().startsWith(QStringLiteral("Could not start a worker of qwen on attic: ")),
            qPrintable(message->text()), 20000);
    }
};

QTEST_MAIN(TestHiveActions)
#include "tst_hiveactions.moc"

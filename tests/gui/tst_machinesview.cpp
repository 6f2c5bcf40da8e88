// The Machines tab with real processes: the app's own queen (or a separate `rbee --serve` it is
// attached to) and a real rbee-hive with the generated tiny model in its folder. The view shows
// the hive with its devices, RAM and model; Start worker here starts a worker on it that appears
// under the hive and in the worker table; Stop ends it; a refused action shows the queen's
// message under the tree; a killed hive goes offline.
#include "dialoganswer.h"
#include "serverprocess.h"
#include "widgetchild.h"

#include "gui/hivetreemodel.h"
#include "gui/machinesview.h"
#include "gui/mainwindow.h"
#include "gui/modelloadsettings.h"

#include "core/client/hivelist.h"
#include "core/client/remotequeenconnection.h"
#include "core/protocol/endpoints.h"
#include "core/queen/queenserver.h"
#include "core/registry/hiveregistry.h"
#include "core/registry/workerregistry.h"

#include "inprocessqueen.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>

using namespace rbee;
using namespace rbee::test;
using Model = rbee::gui::HiveTreeModel;

namespace {

constexpr int kWaitMs = 60000;  // a loaded machine starts processes and loads models slowly

QString hiveBinary()
{
    return QFileInfo(workerBinary()).absolutePath() + QStringLiteral("/rbee-hive");
}

// A real rbee-hive named `name` on 127.0.0.1, its folder holding the tiny model as tiny.gguf.
struct Hive {
    QTemporaryDir folder;
    ServerProcess process;

    bool start(const QUrl &queen, const QString &name)
    {
        if (!QFile::copy(tinyModelPath(), folder.filePath(QStringLiteral("tiny.gguf"))))
            return false;
        return process.startProgram(hiveBinary(),
                                    {QStringLiteral("--queen"), queen.toString(), QStringLiteral("--name"), name,
                                     QStringLiteral("--host"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                                     QStringLiteral("0"), QStringLiteral("--models-dir"), folder.path()},
                                    QLatin1String(core::Endpoint::kHiveListening));
    }
};

QString cell(const QModelIndex &index, int column)
{
    return index.siblingAtColumn(column).data().toString();
}

void select(gui::MachinesView &view, const QModelIndex &index)
{
    view.tree()->selectionModel()->setCurrentIndex(index,
                                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

}  // namespace

class TestMachinesView : public QObject {
    Q_OBJECT
    QTemporaryDir m_config;

private:
    QTemporaryDir m_conversations;

    // The hive's row, online, with its tiny model and its CPU (listed once the hive has asked
    // rbee-worker for the devices): the view has what the hive reported.
    static bool hiveShown(const gui::MachinesView &view, const QString &name)
    {
        return QTest::qWaitFor(
            [&] {
                const QModelIndex hive = view.model()->hiveIndex(name);
                return hive.isValid() && hive.data(Model::OnlineRole).toBool()
                       && view.model()->itemIndex(name, Model::Models, QStringLiteral("tiny")).isValid()
                       && view.model()->itemIndex(name, Model::Devices, QStringLiteral("CPU")).isValid();
            },
            kWaitMs);
    }

    static void startStopThroughTheView(gui::MachinesView &view, core::WorkerRegistry &registry)
    {
        const QModelIndex hive = view.model()->hiveIndex(QStringLiteral("attic"));
        QCOMPARE(cell(hive, Model::Status), QStringLiteral("online"));
        QVERIFY(hive.siblingAtColumn(Model::Usage).data(Model::BarRole).isValid());  // the RAM bar
        QVERIFY(view.model()->itemIndex(QStringLiteral("attic"), Model::Devices, QStringLiteral("CPU")).isValid());
        const QModelIndex tiny =
            view.model()->itemIndex(QStringLiteral("attic"), Model::Models, QStringLiteral("tiny"));
        QVERIFY(!cell(tiny, Model::Usage).isEmpty());  // its size

        // Start worker here, with the dialog answered: the CPU, one slot.
        select(view, tiny);
        auto *start = view.findChild<QAction *>(QStringLiteral("actionStartWorkerHere"));
        QVERIFY(start->isEnabled());
        answerNextDialog([](QDialog &dialog) {
            auto *models = child<QComboBox>(dialog, "hiveModelCombo");
            QCOMPARE(models->currentData().toString(), QStringLiteral("tiny"));
            auto *devices = child<QComboBox>(dialog, "hiveDeviceCombo");
            devices->setCurrentIndex(devices->findData(QStringLiteral("CPU")));
            child<QSpinBox>(dialog, "hiveSlotsSpin")->setValue(1);
        });
        start->trigger();
        auto *message = view.findChild<QLabel *>(QStringLiteral("machinesMessage"));
        QTRY_VERIFY2_WITH_TIMEOUT(message->text().startsWith(QStringLiteral("Started worker")),
                                  qPrintable(message->text()), kWaitMs);

        // The worker under the hive, running, and in the queen's worker table.
        QString workerId;
        QVERIFY(QTest::qWaitFor(
            [&] {
                const QModelIndex workers =
                    view.model()->index(Model::Workers, 0, view.model()->hiveIndex(QStringLiteral("attic")));
                for (int row = 0; row < view.model()->rowCount(workers); ++row) {
                    const QModelIndex w = view.model()->index(row, 0, workers);
                    if (cell(w, Model::Status) == QStringLiteral("running"))
                        workerId = w.data(Model::ItemNameRole).toString();
                }
                return !workerId.isEmpty() && registry.find(workerId);
            },
            kWaitMs));
        QVERIFY2(message->text().contains(workerId), qPrintable(message->text()));
        QCOMPARE(cell(view.model()->itemIndex(QStringLiteral("attic"), Model::Workers, workerId), Model::Usage),
                 QStringLiteral("tiny"));

        // Stop: the hive ends it and the queen forgets it.
        select(view, view.model()->itemIndex(QStringLiteral("attic"), Model::Workers, workerId));
        auto *stop = view.findChild<QAction *>(QStringLiteral("actionStopHiveWorker"));
        QVERIFY(stop->isEnabled());
        stop->trigger();
        QTRY_VERIFY2_WITH_TIMEOUT(message->text() == QStringLiteral("Stopped worker %1.").arg(workerId),
                                  qPrintable(message->text()), kWaitMs);
        QVERIFY(QTest::qWaitFor(
            [&] {
                const QModelIndex w = view.model()->itemIndex(QStringLiteral("attic"), Model::Workers, workerId);
                return !w.isValid() || cell(w, Model::Status) == QStringLiteral("exited");
            },
            kWaitMs));
        // The queen forgets it; a last heartbeat it sent while stopping may bring it back, but
        // never as a worker that takes jobs.
        QTRY_VERIFY_WITH_TIMEOUT(!registry.find(workerId) || !registry.find(workerId)->acceptsJobs()
                                     || !registry.find(workerId)->online,
                                 kWaitMs);

        // A start the queen refuses (a context below its minimum): its message, not a crash.
        select(view, view.model()->hiveIndex(QStringLiteral("attic")));
        answerNextDialog([](QDialog &dialog) { child<QSpinBox>(dialog, "hiveCtxSpin")->setValue(8); });
        start->trigger();
        QTRY_VERIFY2_WITH_TIMEOUT(
            message->text().startsWith(QStringLiteral("Could not start a worker of tiny on attic: "))
                && message->text().contains(QStringLiteral("ctx")),
            qPrintable(message->text()), kWaitMs);
        // The next start begins from the last one the queen accepted (the CPU, one slot), not the refused one.
        const auto remembered =
            gui::ModelLoadSettings::rememberedOnMachine(QStringLiteral("attic"), QStringLiteral("tiny"));
        QVERIFY(remembered);
        QCOMPARE(remembered->device, QStringLiteral("CPU"));
        QCOMPARE(remembered->slots, 1);
        QCOMPARE(remembered->ctx, 0);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_config.isValid());  // the start dialog's remembered settings, not the user's
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_config.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_config.path());
        QVERIFY2(QFileInfo::exists(hiveBinary()), qPrintable(hiveBinary()));
    }

    void hostedQueen_showsTheHive_startsAndStopsAWorkerThere_andTheKilledHiveGoesOffline()
    {
        auto queen = startInProcessQueen(3000);
        QVERIFY(queen);
        gui::MainWindow window(queen.get(), m_conversations.path());
        window.show();
        auto *tabs = child<QTabWidget>(window, "sideTabs");
        tabs->setCurrentWidget(child<QWidget>(window, "machinesTab"));
        auto *view = window.findChild<gui::MachinesView *>(QStringLiteral("machinesView"));
        QVERIFY(view);
        QVERIFY(child<QLabel>(window, "machinesEmpty")->isVisible());

        Hive attic;
        QVERIFY2(attic.start(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(queen->port())), QStringLiteral("attic")),
                 qPrintable(attic.process.errorString()));
        QVERIFY(hiveShown(*view, QStringLiteral("attic")));
        QVERIFY(!child<QLabel>(window, "machinesEmpty")->isVisible());
        startStopThroughTheView(*view, *queen->registry());
        if (QTest::currentTestFailed())
            return;

        // Killed (no goodbye): offline after the queen's heartbeat timeout, its last report kept.
        attic.process.kill();
        QTRY_VERIFY_WITH_TIMEOUT(cell(view->model()->hiveIndex(QStringLiteral("attic")), Model::Status)
                                     == QStringLiteral("offline"),
                                 kWaitMs);
        QVERIFY(!view->findChild<QAction *>(QStringLiteral("actionStartWorkerHere"))->isEnabled());
    }

    void remoteQueen_showsTheHive_startsAndStopsAWorkerThere()
    {
        ServerProcess queen;
        QVERIFY2(queen.startProgram(rbeeBinary(),
                                    {QStringLiteral("--serve"), QStringLiteral("--host"), QStringLiteral("127.0.0.1"),
                                     QStringLiteral("--port"), QStringLiteral("0")},
                                    QLatin1String(core::Endpoint::kQueenListening)),
                 qPrintable(queen.errorString()));
        core::RemoteQueenConnection connection(queen.url(), QString());
        connection.start();
        gui::MainWindow window(&connection, m_conversations.path());
        auto *view = window.findChild<gui::MachinesView *>(QStringLiteral("machinesView"));
        QVERIFY(view);

        Hive attic;
        QVERIFY2(attic.start(queen.url(), QStringLiteral("attic")), qPrintable(attic.process.errorString()));
        QVERIFY(hiveShown(*view, QStringLiteral("attic")));
        startStopThroughTheView(*view, *connection.registry());
        if (QTest::currentTestFailed())
            return;

        // The queen gone: the hive is shown offline with its last report.
        queen.kill();
        QTRY_VERIFY_WITH_TIMEOUT(cell(view->model()->hiveIndex(QStringLiteral("attic")), Model::Status)
                                     == QStringLiteral("offline"),
                                 kWaitMs);
    }
};

QTEST_MAIN(TestMachinesView)
#include "tst_machinesview.moc"

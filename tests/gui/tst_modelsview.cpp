// The Models view (offscreen) with real rbee-worker processes: the library lists the generated
// tiny model and stories260K with their GGUF facts, read off the GUI thread; a file added to the
// folder appears; Load starts a worker with the settings remembered for that model and the row
// says where it is loaded; a second window on the same settings loads it again at start; Unload
// stops it and it is not loaded again. Load on a machine: a start the real rbee-hive's queen
// refuses says why in the row; one it accepts is remembered for that model and hive, the row names
// the hive, and Unload stops it through the queen. A Load whose worker exits before it serves
// leaves 'Loading…' for 'failed: <reason>', and Load works again.
#include "dialoganswer.h"
#include "serverprocess.h"
#include "widgetchild.h"

#include "inprocessqueen.h"

#include "gui/appsettings.h"
#include "gui/mainwindow.h"
#include "gui/modellibrary.h"
#include "gui/modelloadsettings.h"
#include "gui/modelsview.h"
#include "gui/starthiveworkerdialog.h"
#include "gui/startworkerdialog.h"

#include "core/client/localworker.h"
#include "core/model/ggufinfo.h"
#include "core/protocol/endpoints.h"
#include "core/registry/hiveregistry.h"
#include "core/registry/workerregistry.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

#include <functional>

using namespace rbee;
using rbee::gui::ModelLibrary;
using rbee::test::child;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

// stories260K, as RBEE_TEST_MODEL names it.
QString storiesPath()
{
    const QString env = qEnvironmentVariable("RBEE_TEST_MODEL");
    return QFileInfo(env).fileName().startsWith(s("stories260K")) ? env : QString();
}

QString cell(const QAbstractItemModel &model, int row, int column)
{
    return model.index(row, column).data().toString();
}

}  // namespace

class TestModelsView : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_config;
    QTemporaryDir m_conversations;

    // A dialog answerer: a timer owned by the test that runs `answer` on the first visible
    // StartWorkerDialog, and gives up (rejecting it) after 30 s.
    void answerStartWorkerDialog(const std::function<void(gui::StartWorkerDialog &)> &answer, bool *answered)
    {
        auto *timer = new QTimer(this);
        timer->setInterval(20);
        auto deadline = std::make_shared<QDeadlineTimer>(30000);
        connect(timer, &QTimer::timeout, this, [timer, answer, answered, deadline] {
            for (QWidget *w : QApplication::topLevelWidgets()) {
                auto *dialog = qobject_cast<gui::StartWorkerDialog *>(w);
                if (!dialog || !dialog->isVisible())
                    continue;
                if (deadline->hasExpired()) {
                    dialog->reject();
                } else {
                    *answered = true;
                    answer(*dialog);
                }
                timer->deleteLater();
                timer->stop();
                return;
            }
        });
        timer->start();
    }

    const core::WorkerRecord *onlineWorkerOf(core::QueenServer &queen, const QString &model)
    {
        for (const core::WorkerRecord &w : queen.registry()->workers()) {
            if (w.online && w.last.model == model)
                return queen.registry()->find(w.id());
        }
        return nullptr;
    }

    // Clicks "Load on a machine", chooses `hive` in its menu and answers the dialog that opens with
    // `answer`, then accepts it.
    void loadOnMachineThroughTheMenu(QToolButton *onMachine, const QString &hive,
                                     const std::function<void(QDialog &)> &answer)
    {
        test::answerNextDialog(answer);
        auto *poll = new QTimer(this);
        poll->setInterval(20);
        connect(poll, &QTimer::timeout, this, [hive, poll] {
            auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
            if (!menu)
                return;
            for (QAction *action : menu->actions()) {
                if (action->text() == hive) {
                    poll->stop();
                    poll->deleteLater();
                    menu->close();
                    QTimer::singleShot(0, action, &QAction::trigger);
                }
            }
        });
        poll->start();
        QTest::mouseClick(onMachine, Qt::LeftButton);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_config.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_config.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_config.path());
    }

    void library_listsTinyAndStories_withTheirGgufFacts_readOffTheGuiThread()
    {
        const QString stories = storiesPath();
        if (stories.isEmpty())
            QSKIP("RBEE_TEST_MODEL does not name stories260K.gguf: the library test needs it");
        QTemporaryDir folder, more;
        QVERIFY(QFile::copy(test::tinyModelPath(), folder.filePath(s("tiny.gguf"))));
        QVERIFY(QFile::copy(stories, more.filePath(s("stories260K.gguf"))));
        QFile junk(folder.filePath(s("junk.gguf")));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("not a model");
        junk.close();

        core::WorkerRegistry registry;
        ModelLibrary library(&registry, nullptr);
        QAbstractItemModelTester tester(&library, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy scanned(&library, &ModelLibrary::scanned);
        library.setFolders({folder.path(), more.path()});
        // The headers are read on a pool thread: setFolders returns before any row is there.
        QVERIFY(library.isScanning());
        QCOMPARE(library.rowCount(), 0);
        QVERIFY(scanned.wait(20000));
        QCOMPARE(library.rowCount(), 3);
        QCOMPARE(cell(library, 0, ModelLibrary::Name), s("junk"));
        QCOMPARE(cell(library, 1, ModelLibrary::Name), s("tiny"));
        QCOMPARE(cell(library, 2, ModelLibrary::Name), s("stories260K"));  // the second folder after the first

        QCOMPARE(cell(library, 0, ModelLibrary::Architecture), ModelLibrary::tr("unreadable"));
        QVERIFY(library.index(0, 0).data(Qt::ToolTipRole).toString().contains(s("GGUF header")));
        for (int row : {1, 2}) {
            const QString path = library.index(row, 0).data(ModelLibrary::PathRole).toString();
            const auto info = core::GgufInfo::read(path);
            QVERIFY(info);
            QCOMPARE(cell(library, row, ModelLibrary::Architecture), info.value().architecture);
            QCOMPARE(cell(library, row, ModelLibrary::Quantization), info.value().quantization());
            QCOMPARE(cell(library, row, ModelLibrary::Context), QLocale().toString(info.value().contextLength));
            QVERIFY(!cell(library, row, ModelLibrary::Parameters).isEmpty());
            QVERIFY(cell(library, row, ModelLibrary::Size).endsWith(s("MiB")));
            QVERIFY(cell(library, row, ModelLibrary::LoadedOn).isEmpty());
        }
        // stories260K as its model card describes it: a llama of about 260 thousand parameters.
        QCOMPARE(cell(library, 2, ModelLibrary::Architecture), s("llama"));
        const qint64 params = core::GgufInfo::read(stories).value().parameters;
        QVERIFY2(params > 200000 && params < 400000, qPrintable(QString::number(params)));
        QCOMPARE(cell(library, 2, ModelLibrary::Parameters),
                 s("%1 K").arg(QLocale().toString(double(params) / 1e3, 'f', 0)));
    }

    void fileAddedToTheFolder_appears_removedOneGoes()
    {
        QTemporaryDir folder;
        QVERIFY(QFile::copy(test::tinyModelPath(), folder.filePath(s("a.gguf"))));
        core::WorkerRegistry registry;
        ModelLibrary library(&registry, nullptr);
        QSignalSpy scanned(&library, &ModelLibrary::scanned);
        library.setFolders({folder.path()});
        QVERIFY(scanned.wait(20000));
        QCOMPARE(library.rowCount(), 1);
        // No Refresh: the folder is watched.
        QVERIFY(QFile::copy(test::tinyModelPath(), folder.filePath(s("b.gguf"))));
        QTRY_COMPARE_WITH_TIMEOUT(library.rowCount(), 2, 20000);
        QCOMPARE(cell(library, 1, ModelLibrary::Name), s("b"));
        QVERIFY(QFile::remove(folder.filePath(s("a.gguf"))));
        QTRY_COMPARE_WITH_TIMEOUT(library.rowCount(), 1, 20000);
        QCOMPARE(cell(library, 0, ModelLibrary::Name), s("b"));
    }

    void load_usesRememberedSettings_rowShowsWhere_nextStartLoadsAgain_unloadStops()
    {
        auto queen = test::startInProcessQueen(1000);
        QVERIFY(queen);
        QTemporaryDir folder;
        const QString model = folder.filePath(s("tiny.gguf"));
        QVERIFY(QFile::copy(test::tinyModelPath(), model));
        // Its last use, remembered: 3 slots, 1 thread, a 2048-token context, the CPU.
        core::LocalWorker::Settings last = core::LocalWorker::Settings::forModel(model);
        last.slots = 3;
        last.threads = 1;
        last.ctx = 2048;
        last.device = s("CPU");
        gui::ModelLoadSettings::remember(last);
        gui::ModelLoadSettings::setLoadsAtStart(model, false);
        gui::AppSettings settings;
        settings.modelsFolder = folder.path();

        QString firstId;
        {
            gui::MainWindow window(queen.get(), m_conversations.path());
            window.setWorkerBinary(test::workerBinary());
            window.applySettings(settings);
            window.show();
            auto *table = child<QTableView>(window, "modelTable");
            QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 1, 20000);
            auto *load = child<QPushButton>(window, "loadModelButton");
            QVERIFY(!load->isEnabled());  // nothing selected
            table->selectRow(0);
            QVERIFY(load->isEnabled());
            QVERIFY(!child<QPushButton>(window, "unloadModelButton")->isEnabled());  // not loaded

            bool answered = false;
            int slots = 0, threads = 0, ctx = 0;
            answerStartWorkerDialog(
                [&](gui::StartWorkerDialog &dialog) {
                    slots = child<QSpinBox>(dialog, "slotsSpin")->value();
                    threads = child<QSpinBox>(dialog, "threadsSpin")->value();
                    ctx = child<QSpinBox>(dialog, "ctxSpin")->value();
                    auto *again = child<QCheckBox>(dialog, "loadAtStart");
                    QVERIFY(again->isVisible());
                    again->setChecked(true);
                    dialog.accept();
                },
                &answered);
            QTest::mouseClick(load, Qt::LeftButton);  // returns when the dialog is closed
            QVERIFY(answered);
            QCOMPARE(slots, 3);
            QCOMPARE(threads, 1);
            QCOMPARE(ctx, 2048);
            QVERIFY(gui::ModelLoadSettings::loadsAtStart(model));

            QTRY_VERIFY_WITH_TIMEOUT(onlineWorkerOf(*queen, s("tiny")), 30000);
            firstId = onlineWorkerOf(*queen, s("tiny"))->id();
            QCOMPARE(onlineWorkerOf(*queen, s("tiny"))->last.slotsTotal, 3);
            QTRY_COMPARE_WITH_TIMEOUT(cell(*table->model(), 0, ModelLibrary::LoadedOn),
                                      ModelLibrary::tr("this computer"), 30000);
            // The cell reads the registry live; the buttons follow its repaint (at most 200 ms later).
            QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>(window, "unloadModelButton")->isEnabled(), 5000);
            QTRY_COMPARE_WITH_TIMEOUT(child<QLabel>(window, "modelsMessage")->text(),
                                      gui::ModelsView::tr("%1 is loaded.").arg(s("tiny")), 20000);
            // No machine of the cluster is online: nothing to load on.
            QVERIFY(!child<QToolButton>(window, "loadOnMachineButton")->isEnabled());
        }  // closing the window stops its workers
        QTRY_VERIFY_WITH_TIMEOUT(!onlineWorkerOf(*queen, s("tiny")), 60000);

        // The next start on the same settings loads it again, with the same settings.
        gui::MainWindow window(queen.get(), m_conversations.path());
        window.setWorkerBinary(test::workerBinary());
        window.applySettings(settings);
        window.show();
        QCOMPARE(window.startRememberedModels(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(onlineWorkerOf(*queen, s("tiny")), 30000);
        const QString id = onlineWorkerOf(*queen, s("tiny"))->id();
        QVERIFY(id != firstId);  // a new worker, not the first one's last heartbeat
        QCOMPARE(onlineWorkerOf(*queen, s("tiny"))->last.slotsTotal, 3);
        auto *table = child<QTableView>(window, "modelTable");
        QTRY_COMPARE_WITH_TIMEOUT(cell(*table->model(), 0, ModelLibrary::LoadedOn), ModelLibrary::tr("this computer"),
                                  20000);
        QCOMPARE(table->model()->index(0, 0).data(ModelLibrary::WorkerIdsRole).toStringList(), QStringList{id});

        // Unload stops the worker; it is not loaded again at the next start.
        auto *local = window.findChild<core::LocalWorker *>();
        QVERIFY(local);
        QSignalSpy exited(local, &core::LocalWorker::exited);
        table->selectRow(0);
        QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>(window, "unloadModelButton")->isEnabled(), 5000);
        QTest::mouseClick(child<QPushButton>(window, "unloadModelButton"), Qt::LeftButton);
        QVERIFY(exited.wait(30000));
        QTRY_VERIFY_WITH_TIMEOUT(!onlineWorkerOf(*queen, s("tiny")), 60000);
        QTRY_VERIFY_WITH_TIMEOUT(cell(*table->model(), 0, ModelLibrary::LoadedOn).isEmpty(), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(child<QLabel>(window, "modelsMessage")->text(),
                                  gui::ModelsView::tr("%1 is unloaded.").arg(s("tiny")), 20000);
        QVERIFY(!gui::ModelLoadSettings::loadsAtStart(model));
        QCOMPARE(window.startRememberedModels(), 0);
    }

    void load_workerExitsBeforeItServes_rowSaysFailedWithTheReason_loadWorksAgain()
    {
        auto queen = test::startInProcessQueen(1000);
        QVERIFY(queen);
        QTemporaryDir folder;
        // Half of the tiny model: the worker listens, then finds the tensors cut off and exits.
        const QString model = folder.filePath(s("broken.gguf"));
        QFile whole(test::tinyModelPath());
        QVERIFY(whole.open(QIODevice::ReadOnly));
        const QByteArray bytes = whole.readAll();
        {
            QFile cut(model);
            QVERIFY(cut.open(QIODevice::WriteOnly));
            QCOMPARE(cut.write(bytes.left(bytes.size() / 2)), bytes.size() / 2);
        }
        core::LocalWorker::Settings last = core::LocalWorker::Settings::forModel(model);
        last.slots = 1;
        last.threads = 1;
        last.ctx = 256;
        gui::ModelLoadSettings::remember(last);
        gui::ModelLoadSettings::setLoadsAtStart(model, false);
        gui::AppSettings settings;
        settings.modelsFolder = folder.path();

        gui::MainWindow window(queen.get(), m_conversations.path());
        window.setWorkerBinary(test::workerBinary());
        window.applySettings(settings);
        window.show();
        auto *table = child<QTableView>(window, "modelTable");
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 1, 20000);
        table->selectRow(0);
        auto *load = child<QPushButton>(window, "loadModelButton");
        auto *message = child<QLabel>(window, "modelsMessage");
        auto loadedOn = [table] { return cell(*table->model(), 0, ModelLibrary::LoadedOn); };

        bool answered = false;
        answerStartWorkerDialog([](gui::StartWorkerDialog &dialog) { dialog.accept(); }, &answered);
        QTest::mouseClick(load, Qt::LeftButton);
        QVERIFY(answered);
        QCOMPARE(loadedOn(), ModelLibrary::tr("Loading…"));

        // The worker exits: the row leaves "Loading…" and says why, the whole story in its tooltip.
        const QString failedPrefix = ModelLibrary::tr("failed: %1").arg(QString());
        QTRY_VERIFY2_WITH_TIMEOUT(loadedOn().startsWith(failedPrefix), qPrintable(loadedOn()), 60000);
        const QString reason = loadedOn().mid(failedPrefix.size());
        QVERIFY2(reason.contains(s("broken.gguf")), qPrintable(reason));  // the worker's own error line
        const QString tip = table->model()->index(0, ModelLibrary::LoadedOn).data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(reason) && tip.size() > reason.size(), qPrintable(tip));
        QVERIFY2(message->text().startsWith(gui::ModelsView::tr("Could not load %1: %2").arg(s("broken"), QString())),
                 qPrintable(message->text()));
        QVERIFY(message->text().contains(reason));
        QVERIFY(!message->isHidden());  // shown (its tab is not the current one)
        QVERIFY(load->isEnabled());

        // Made whole, the same model loads with the same button.
        QVERIFY(QFile::remove(model));
        QVERIFY(QFile::copy(test::tinyModelPath(), model));
        table->selectRow(0);
        answered = false;
        answerStartWorkerDialog([](gui::StartWorkerDialog &dialog) { dialog.accept(); }, &answered);
        QTest::mouseClick(load, Qt::LeftButton);
        QVERIFY(answered);
        QCOMPARE(loadedOn(), ModelLibrary::tr("Loading…"));
        QTRY_COMPARE_WITH_TIMEOUT(loadedOn(), ModelLibrary::tr("this computer"), 60000);
        QTRY_COMPARE_WITH_TIMEOUT(message->text(), gui::ModelsView::tr("%1 is loaded.").arg(s("broken")), 20000);
        QVERIFY(!table->model()->index(0, ModelLibrary::LoadedOn).data(Qt::ToolTipRole).toString().contains(reason));
    }

    void loadOnAMachine_refusedSaysWhy_startedRowNamesIt_remembered_unloadStopsItThroughTheQueen()
    {
        constexpr int kWaitMs = 60000;  // a loaded machine starts processes slowly
        auto queen = test::startInProcessQueen(3000);
        QVERIFY(queen);
        QTemporaryDir folder;
        QVERIFY(QFile::copy(test::tinyModelPath(), folder.filePath(s("tiny.gguf"))));
        test::ServerProcess hive;
        const QString hiveBinary = QFileInfo(test::workerBinary()).absolutePath() + s("/rbee-hive");
        QVERIFY2(hive.startProgram(hiveBinary,
                                   {s("--queen"), s("http://127.0.0.1:%1").arg(queen->port()), s("--name"), s("attic"),
                                    s("--host"), s("127.0.0.1"), s("--port"), s("0"), s("--models-dir"), folder.path()},
                                   QLatin1String(core::Endpoint::kHiveListening)),
                 qPrintable(hive.errorString()));
        gui::AppSettings settings;
        settings.modelsFolder = folder.path();  // the hive's folder: the same file in the library
        gui::MainWindow window(queen.get(), m_conversations.path());
        window.setWorkerBinary(test::workerBinary());
        window.applySettings(settings);
        window.show();
        auto *table = child<QTableView>(window, "modelTable");
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 1, 20000);
        table->selectRow(0);
        // Once the hive has reported its model and its CPU.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const core::HiveRecord *h = queen->hives()->find(s("attic"));
                return h && h->online && h->last.model(s("tiny")) && !h->last.devices.isEmpty();
            }(),
            kWaitMs);
        auto *onMachine = child<QToolButton>(window, "loadOnMachineButton");
        QTRY_VERIFY(onMachine->isEnabled());

        // A start the queen refuses (a context below its minimum): the row says why, nothing is remembered.
        QString preferred;
        loadOnMachineThroughTheMenu(onMachine, s("attic"), [&](QDialog &dialog) {
            preferred = child<QComboBox>(dialog, "hiveModelCombo")->currentData().toString();
            child<QSpinBox>(dialog, "hiveCtxSpin")->setValue(8);
        });
        QTRY_COMPARE_WITH_TIMEOUT(preferred, s("tiny"), 30000);  // the menu's hive, with this model chosen
        QTRY_VERIFY_WITH_TIMEOUT(cell(*table->model(), 0, ModelLibrary::LoadedOn).startsWith(s("failed: ")), kWaitMs);
        QVERIFY2(cell(*table->model(), 0, ModelLibrary::LoadedOn).contains(s("ctx")),
                 qPrintable(cell(*table->model(), 0, ModelLibrary::LoadedOn)));
        QVERIFY2(
            child<QLabel>(window, "modelsMessage")->text().startsWith(s("Could not start a worker of tiny on attic: ")),
            qPrintable(child<QLabel>(window, "modelsMessage")->text()));
        QVERIFY(!gui::ModelLoadSettings::rememberedOnMachine(s("attic"), s("tiny")));

        // The CPU and one slot: started.
        loadOnMachineThroughTheMenu(onMachine, s("attic"), [&](QDialog &dialog) {
            QCOMPARE(child<QSpinBox>(dialog, "hiveCtxSpin")->value(), 0);  // the refused 8 was not kept
            auto *devices = child<QComboBox>(dialog, "hiveDeviceCombo");
            devices->setCurrentIndex(devices->findData(s("CPU")));
            child<QSpinBox>(dialog, "hiveSlotsSpin")->setValue(1);
        });

        QTRY_COMPARE_WITH_TIMEOUT(cell(*table->model(), 0, ModelLibrary::LoadedOn), s("attic"), kWaitMs);
        const QString id = table->model()->index(0, 0).data(ModelLibrary::WorkerIdsRole).toStringList().value(0);
        QVERIFY(!id.isEmpty());
        QVERIFY(window.findChildren<core::LocalWorker *>().isEmpty());  // not started here
        // The next start of this model on this machine begins with what was chosen for this one.
        QTRY_VERIFY_WITH_TIMEOUT(gui::ModelLoadSettings::rememberedOnMachine(s("attic"), s("tiny")), 5000);
        const core::WorkerStartRequest next =
            gui::StartHiveWorkerDialog(queen->hives()->find(s("attic"))->last, s("tiny")).request();
        QCOMPARE(next.device, s("CPU"));
        QCOMPARE(next.slots, 1);

        // Unload: the queen stops it on the hive (DELETE /v1/workers/{id}).
        table->selectRow(0);
        QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>(window, "unloadModelButton")->isEnabled(), 5000);
        QTest::mouseClick(child<QPushButton>(window, "unloadModelButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!onlineWorkerOf(*queen, s("tiny")), kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(cell(*table->model(), 0, ModelLibrary::LoadedOn).isEmpty(), 30000);
        QVERIFY2(!child<QLabel>(window, "modelsMessage")->text().startsWith(s("Could not")),
                 qPrintable(child<QLabel>(window, "modelsMessage")->text()));
    }
};

QTEST_MAIN(TestModelsView)
#include "tst_modelsview.moc"

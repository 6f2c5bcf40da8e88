// The real main window (offscreen) with real rbee-worker processes: the worker's row appears and
// turns ready, Enter streams an answer whose footer names the worker, Stop frees the worker's
// slot, a killed worker's row turns offline, no worker gives the no-worker message, a model
// without a chat template answers at the first try (the worker continues the text), and a
// conversation survives a restart of the window.
#include "serverprocess.h"

#include "gui/chatview.h"
#include "gui/mainwindow.h"
#include "gui/windowlayoutstore.h"
#include "gui/workerlogdialog.h"
#include "gui/workertablemodel.h"

#include "core/client/localworker.h"

#include "core/queen/queenserver.h"

#include "core/registry/workerregistry.h"
#include "inprocessqueen.h"

#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QSystemTrayIcon>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextCursor>
#include <QTextDocument>

#include <csignal>

using namespace rbee;
using namespace rbee::test;

class TestMainWindow : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_conversations;

    QStringList workerArgs(core::QueenServer &queen, int slots = 2)
    {
        return {QStringLiteral("--model"),         tinyModelPath(),
                QStringLiteral("--queen"),         QStringLiteral("http://127.0.0.1:%1").arg(queen.port()),
                QStringLiteral("--heartbeat-ms"),  QStringLiteral("200"),
                QStringLiteral("--slots"),         QString::number(slots),
                QStringLiteral("--ctx"),           QStringLiteral("16384"),
                QStringLiteral("--chat-template"), QStringLiteral("chatml"),
                QStringLiteral("--device"),        QStringLiteral("CPU")};
    }
    static QString rowText(gui::MainWindow &w, int row, int column)
    {
        return w.workerModel()->index(row, column).data().toString();
    }
    // Where a word of the answer stands in the chat after `from`. The answer is shown as Markdown, so
    // its raw text (a leading space, a backslash, an asterisk) is not always in the document as is;
    // a run of letters is.
    static int positionOfAWordOf(const QString &answer, const QTextDocument &document, int from)
    {
        static const QRegularExpression word(QStringLiteral("\\p{L}{3,}"));
        for (auto it = word.globalMatch(answer); it.hasNext();) {
            const QTextCursor found = document.find(it.next().captured(), from);
            if (!found.isNull())
                return found.position();
        }
        return -1;
    }
    static void typeAndEnter(gui::MainWindow &w, const QString &text)
    {
        w.promptEdit()->setFocus();
        QTest::keyClicks(w.promptEdit(), text);
        QTest::keyClick(w.promptEdit(), Qt::Key_Return);
    }

    static bool anyRowReady(gui::MainWindow &w)
    {
        for (int row = 0; row < w.workerModel()->rowCount(); ++row) {
            if (rowText(w, row, gui::WorkerTableModel::Status) == QLatin1String("ready"))
                return true;
        }
        return false;
    }

private Q_SLOTS:
    void workerRowAppears_promptStreams_footerNamesTheWorker_stopFreesTheSlot_killTurnsOffline()
    {
        auto queen = test::startInProcessQueen(1000);
        QVERIFY(queen);
        gui::MainWindow window(queen.get(), m_conversations.path());
        window.show();
        WorkerProcess worker;
        QVERIFY2(worker.start(workerArgs(*queen)), qPrintable(worker.errorString()));

        // The row appears and turns ready.
        QVERIFY(QTest::qWaitFor([&] { return window.workerModel()->rowCount() == 1; }, 20000));
        QVERIFY(QTest::qWaitFor(
            [&] { return rowText(window, 0, gui::WorkerTableModel::Status) == QLatin1String("ready"); }, 20000));
        const QString id = rowText(window, 0, gui::WorkerTableModel::Name);
        // The model picker follows the registry (refreshed at most every 100 ms).
        QVERIFY(QTest::qWaitFor(
            [&] { return window.findChild<QComboBox *>(QStringLiteral("modelCombo"))->count() == 1; }, 2000));
        QVERIFY(window.statusSummary().contains(QStringLiteral("1 of 1 workers online")));

        // Typing a prompt and pressing Enter streams tokens into the chat.
        typeAndEnter(window, QStringLiteral("Tell me a story"));
        QVERIFY(window.promptEdit()->toPlainText().isEmpty());
        QVERIFY(QTest::qWaitFor([&] { return !window.isAnswering(); }, 30000));
        const QString transcript = window.chatView()->toPlainText();
        QVERIFY2(transcript.contains(QStringLiteral("Tell me a story")), qPrintable(transcript));
        QVERIFY(!window.chatView()->lastAnswer().isEmpty());
        // The footer names the device as the table does (the CPU backend: "CPU", not its brand string).
        QCOMPARE(rowText(window, 0, gui::WorkerTableModel::Device), QStringLiteral("CPU"));
        QVERIFY2(transcript.contains(id + QStringLiteral(" (CPU)")), qPrintable(transcript));
        QVERIFY2(transcript.contains(QStringLiteral("tokens/s")), qPrintable(transcript));
        QCOMPARE(window.currentConversation().turns.size(), 2);
        // "Copy message" finds the message under the cursor.
        const int inQuestion = window.chatView()->document()->find(QStringLiteral("Tell me")).position();
        QCOMPARE(window.chatView()->messageAt(inQuestion), QStringLiteral("Tell me a story"));
        const QString answer = window.chatView()->lastAnswer();
        const int inAnswer = positionOfAWordOf(answer, *window.chatView()->document(), inQuestion);
        QVERIFY2(inAnswer > inQuestion, qPrintable(answer));
        QCOMPARE(window.chatView()->messageAt(inAnswer), answer);
        QCOMPARE(window.currentConversation().turns.last().workerId, id);

        // A long answer, stopped: the worker's slot is free again.
        gui::Conversation longer = window.currentConversation();
        QVERIFY(QTest::qWaitFor(
            [&] { return rowText(window, 0, gui::WorkerTableModel::Status) == QLatin1String("ready"); }, 5000));
        window.sendPrompt(QStringLiteral("Go on, for a long time"));
        QVERIFY(QTest::qWaitFor([&] { return worker.slotsBusy() == 1; }, 10000));
        QVERIFY(window.isAnswering());
        QCOMPARE(window.sendButton()->text(), QStringLiteral("Stop"));
        QTest::mouseClick(window.sendButton(), Qt::LeftButton);
        QVERIFY(!window.isAnswering());
        QVERIFY(QTest::qWaitFor([&] { return worker.slotsBusy() == 0; }, 1000));
        QCOMPARE(window.currentConversation().turns.last().stopReason, QStringLiteral("cancelled"));
        QCOMPARE(window.sendButton()->text(), QStringLiteral("Send"));

        // Killing the worker turns its row offline within the timeout.
        worker.kill();
        QVERIFY(QTest::qWaitFor(
            [&] { return rowText(window, 0, gui::WorkerTableModel::Status) == QLatin1String("offline"); }, 5000));
        QVERIFY(window.workerModel()
                    ->index(0, gui::WorkerTableModel::Status)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .startsWith(QStringLiteral("offline: no heartbeat for")));
    }

    void modelWithoutChatTemplate_answersAtTheFirstTry_fromTheWorkersPlainTextFallback()
    {
        auto queen = test::startInProcessQueen(1000);
        QVERIFY(queen);
        gui::MainWindow window(queen.get(), m_conversations.path());
        window.show();
        window.newConversation();
        WorkerProcess worker;
        QStringList args = workerArgs(*queen);
        args.resize(args.size() - 2);  // no --chat-template: the tiny model has none of its own
        QVERIFY2(worker.start(args), qPrintable(worker.errorString()));
        QVERIFY(QTest::qWaitFor(
            [&] { return rowText(window, 0, gui::WorkerTableModel::Status) == QLatin1String("ready"); }, 20000));
        QVERIFY(QTest::qWaitFor(
            [&] { return window.findChild<QComboBox *>(QStringLiteral("modelCombo"))->count() == 1; }, 2000));
        window.sendPrompt(QStringLiteral("Once upon a time"));
        QVERIFY(QTest::qWaitFor([&] { return !window.isAnswering(); }, 30000));
        QCOMPARE(window.currentConversation().turns.size(), 2);
        QVERIFY2(window.currentConversation().turns.last().error.isEmpty(),
                 qPrintable(window.currentConversation().turns.last().error));
        QVERIFY(!window.chatView()->lastAnswer().isEmpty());
        // The app sent the chat once, as messages: no refusal, no retry as a prompt of its own.
        const QString narration = window.findChild<QLabel *>(QStringLiteral("narrationLabel"))->text();
        QVERIFY2(narration.startsWith(QStringLiteral("Selected worker")), qPrintable(narration));
    }

    void noWorker_showsTheNoWorkerMessage()
    {
        auto queen = test::startInProcessQueen(1000);
        gui::MainWindow window(queen.get(), m_conversations.path());
        window.show();
        window.newConversation();
        typeAndEnter(window, QStringLiteral("Hello?"));
        QVERIFY(QTest::qWaitFor(
            [&] {
                return !window.currentConversation().turns.isEmpty()
                       && !window.currentConversation().turns.last().error.isEmpty();
            },
            5000));
        QVERIFY2(window.chatView()->toPlainText().contains(QStringLiteral("No model is being served")),
                 qPrintable(window.chatView()->toPlainText()));
        QVERIFY(window.chatView()->toPlainText().contains(QStringLiteral("Retry")));
    }

    void unknownModelWorkerGone_showsTheOriginalNoWorkerText()
    {
        auto queen = test::startInProcessQueen(1000);
        gui::MainWindow window(queen.get(), m_conversations.path());
        WorkerProcess worker;
        QVERIFY2(worker.start(workerArgs(*queen)), qPrintable(worker.errorString()));
        QVERIFY(QTest::qWaitFor([&] { return window.workerModel()->rowCount() == 1; }, 20000));
        QVERIFY(QTest::qWaitFor(
            [&] { return window.findChild<QComboBox *>(QStringLiteral("modelCombo"))->count() == 1; }, 2000));
        worker.kill();
        QVERIFY(QTest::qWaitFor([&] { return queen->registry()->onlineCount() == 0; }, 5000));
        window.sendPrompt(QStringLiteral("Anyone?"));
        QVERIFY(QTest::qWaitFor([&] { return !window.isAnswering(); }, 5000));
        const QString text = window.chatView()->toPlainText();
        QVERIFY2(text.contains(QStringLiteral("No available worker found for model 'tiny'. Make sure a worker is "
                                              "running and has sent heartbeats to queen."))
                     || text.contains(QStringLiteral("No model is being served")),
                 qPrintable(text));
    }

    void conversation_survivesARestart()
    {
        QTemporaryDir folder;
        QString id;
        {
            auto queen = test::startInProcessQueen(1000);
            gui::MainWindow window(queen.get(), folder.path());
            window.newConversation();
            window.sendPrompt(QStringLiteral("Remember me"));  // no worker: an error turn, but saved
            QVERIFY(QTest::qWaitFor([&] { return window.currentConversation().turns.size() == 2; }, 5000));
            id = window.currentConversation().id;
        }
        auto queen = test::startInProcessQueen(1000);
        gui::MainWindow again(queen.get(), folder.path());
        QCOMPARE(again.currentConversation().id, id);
        QCOMPARE(again.currentConversation().turns.first().content, QStringLiteral("Remember me"));
        QVERIFY(again.chatView()->toPlainText().contains(QStringLiteral("Remember me")));
    }

    void localWorkerKilled_saysSignalNotCode_rowOfflineAtOnce_restartStartsItAgain()
    {
        // Heartbeats time out after a minute: a row that goes offline sooner was told by the app.
        auto queen = test::startInProcessQueen(60000);
        QVERIFY(queen);
        gui::MainWindow window(queen.get(), m_conversations.path());
        window.setWorkerBinary(workerBinary());
        window.show();
        core::LocalWorker::Settings settings = core::LocalWorker::Settings::forModel(tinyModelPath());
        settings.slots = 1;
        settings.ctx = 2048;
        settings.device = QStringLiteral("CPU");
        window.startLocalWorker(settings);
        QVERIFY(QTest::qWaitFor([&] { return anyRowReady(window); }, 60000));
        const QList<core::LocalWorker *> started = window.findChildren<core::LocalWorker *>();
        QCOMPARE(started.size(), 1);
        core::LocalWorker *local = started.first();
        QCOMPARE(local->state(), core::LocalWorker::State::Running);
        auto *bar = window.findChild<QWidget *>(QStringLiteral("workerExitBar"));
        QVERIFY(bar);
        QVERIFY(!bar->isVisible());

        QVERIFY(::kill(pid_t(local->processId()), SIGKILL) == 0);
        QElapsedTimer sinceKill;
        sinceKill.start();
        QVERIFY2(
            QTest::qWaitFor(
                [&] { return rowText(window, 0, gui::WorkerTableModel::Status) == QLatin1String("offline"); }, 1000),
            "the row did not go offline within a second of the kill");
        qInfo("row offline %lld ms after SIGKILL", sinceKill.elapsed());
        const QString reason =
            window.workerModel()->index(0, gui::WorkerTableModel::Status).data(Qt::ToolTipRole).toString();
        QVERIFY2(reason.contains(QStringLiteral("signal 9 (killed)")), qPrintable(reason));

        // Said in a bar, not a modal box, with the signal rather than an exit code.
        QTRY_VERIFY_WITH_TIMEOUT(bar->isVisible(), 2000);
        QCOMPARE(QApplication::activeModalWidget(), nullptr);
        auto *message = window.findChild<QLabel *>(QStringLiteral("workerExitMessage"));
        QVERIFY(message);
        QVERIFY2(message->text().contains(QStringLiteral("stopped by signal 9 (killed)")), qPrintable(message->text()));
        QVERIFY2(!message->text().contains(QStringLiteral("code")), qPrintable(message->text()));

        // Show log opens the worker's log, with the lines of the run that ended.
        auto *showLog = window.findChild<QPushButton *>(QStringLiteral("showWorkerLogButton"));
        QVERIFY(showLog);
        QTest::mouseClick(showLog, Qt::LeftButton);
        gui::WorkerLogDialog *log = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((log = window.findChild<gui::WorkerLogDialog *>()) != nullptr, 2000);
        auto *logView = log->findChild<QPlainTextEdit *>(QStringLiteral("workerLogView"));
        QVERIFY(logView);
        QVERIFY2(logView->toPlainText().contains(QStringLiteral("listening on")), qPrintable(logView->toPlainText()));
        log->close();

        // Restart starts the same worker again; its row turns ready.
        auto *restart = window.findChild<QPushButton *>(QStringLiteral("restartWorkerButton"));
        QVERIFY(restart);
        QTest::mouseClick(restart, Qt::LeftButton);
        QVERIFY(!bar->isVisible());
        QVERIFY(QTest::qWaitFor([&] { return local->state() == core::LocalWorker::State::Running; }, 60000));
        QVERIFY(QTest::qWaitFor([&] { return anyRowReady(window); }, 30000));
    }

    void workerTable_showsEveryStateColumnWithoutScrolling_data()
    {
        QTest::addColumn<int>("width");
        QTest::newRow("default size") << 0;
        QTest::newRow("1280 px") << 1280;
        QTest::newRow("1600 px") << 1600;
    }
    void workerTable_showsEveryStateColumnWithoutScrolling()
    {
        QFETCH(int, width);
        auto queen = test::startInProcessQueen();
        QVERIFY(queen);
        // A worker with a long id, model and address, as a real cluster has.
        core::Heartbeat hb;
        hb.workerId = QStringLiteral("workstation-under-the-desk-7f3a9c21");
        hb.model = QStringLiteral("qwen2.5-coder-14b-instruct-q4_k_m");
        hb.url = QStringLiteral("http://192.168.178.123:43219");
        hb.device.name = QStringLiteral("Vulkan0");
        hb.status = core::WorkerStatus::Ready;
        hb.slotsTotal = 4;
        hb.ctxSize = 4096;
        hb.version = QStringLiteral("0.1.0");
        hb.sentAtMs = QDateTime::currentMSecsSinceEpoch();
        QVERIFY(!queen->registry()->applyHeartbeat(hb));
        gui::MainWindow window(queen.get(), m_conversations.path());
        if (width > 0)
            window.resize(width, 860);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTest::qWait(50);  // layouts settle

        QTableView *table = window.workerTable();
        QHeaderView *header = table->horizontalHeader();
        int sum = 0;
        QStringList sections;
        for (int c = 0; c < header->count(); ++c) {
            sum += header->isSectionHidden(c) ? 0 : header->sectionSize(c);
            sections << QString::number(header->isSectionHidden(c) ? 0 : header->sectionSize(c));
        }
        QVERIFY2(sum <= table->viewport()->width(), qPrintable(QStringLiteral("columns %1 px (%2) in a %3 px table")
                                                                   .arg(sum)
                                                                   .arg(sections.join(u' '))
                                                                   .arg(table->viewport()->width())));
        QCOMPARE(table->horizontalScrollBar()->maximum(), 0);
        const QFontMetrics metrics = header->fontMetrics();
        for (int c : {gui::WorkerTableModel::Status, gui::WorkerTableModel::Slots,
                      gui::WorkerTableModel::TokensPerSecond, gui::WorkerTableModel::LastHeartbeat}) {
            QVERIFY(!header->isSectionHidden(c));
            const QString title = window.workerModel()->headerData(c, Qt::Horizontal).toString();
            QVERIFY2(header->sectionSize(c) > metrics.horizontalAdvance(title), qPrintable(title));
        }
        // The side pane shares the window's growth with the chat.
        auto *splitter = window.findChild<QSplitter *>(QStringLiteral("splitter"));
        QVERIFY(splitter);
        QVERIFY2(splitter->sizes().at(2) >= splitter->width() / 3,
                 qPrintable(QString::number(splitter->sizes().at(2))));
    }

    void windowLayout_sizeStateAndSplitters_restoredAtTheNextStart()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QSettings settings(dir.filePath(QStringLiteral("rbee.ini")), QSettings::IniFormat);
        auto queen = test::startInProcessQueen();
        QVERIFY(queen);
        QList<int> sizes;
        {
            gui::MainWindow window(queen.get(), m_conversations.path());
            window.resize(1400, 900);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            auto *splitter = window.findChild<QSplitter *>(QStringLiteral("splitter"));
            splitter->setSizes({150, 500, 700});
            sizes = splitter->sizes();
            window.workerTable()->horizontalHeader()->setSectionHidden(gui::WorkerTableModel::Device, true);
            gui::WindowLayoutStore::save(window, settings);
        }
        gui::MainWindow window(queen.get(), m_conversations.path());
        QVERIFY(gui::WindowLayoutStore::restore(window, settings));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.size(), QSize(1400, 900));
        QCOMPARE(window.findChild<QSplitter *>(QStringLiteral("splitter"))->sizes(), sizes);
        QVERIFY(window.workerTable()->horizontalHeader()->isSectionHidden(gui::WorkerTableModel::Device));

        // Nothing saved: the window keeps its defaults.
        QSettings empty(dir.filePath(QStringLiteral("empty.ini")), QSettings::IniFormat);
        gui::MainWindow fresh(queen.get(), m_conversations.path());
        QVERIFY(!gui::WindowLayoutStore::restore(fresh, empty));
    }

    void noSystemTray_noTrayIcon_closingTheWindowQuits()
    {
        QVERIFY2(!QSystemTrayIcon::isSystemTrayAvailable(), "the offscreen platform has no tray");
        auto queen = test::startInProcessQueen();
        QVERIFY(queen);
        gui::MainWindow window(queen.get(), m_conversations.path());
        gui::AppSettings settings = window.settings();
        settings.trayEnabled = true;  // saved on a desktop that had a tray
        window.applySettings(settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.findChildren<QSystemTrayIcon *>().isEmpty());
        QVERIFY(window.close());  // the close event is accepted: the app quits, the window is not just hidden
        QVERIFY(!window.isVisible());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"

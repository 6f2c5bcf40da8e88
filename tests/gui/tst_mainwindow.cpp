// The real main window (offscreen) with real rbee-worker processes: the worker's row appears and
// turns ready, Enter streams an answer whose footer names the worker, Stop frees the worker's
// slot, a killed worker's row turns offline, no worker gives the no-worker message, a model
// without a chat template answers at the first try (the worker continues the text), and a
// conversation survives a restart of the window.
#include "serverprocess.h"

#include "gui/chatview.h"
#include "gui/mainwindow.h"
#include "gui/workertablemodel.h"

#include "core/queen/queenserver.h"

#include "core/registry/workerregistry.h"
#include "inprocessqueen.h"

#include <QComboBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextCursor>
#include <QTextDocument>

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
    static void typeAndEnter(gui::MainWindow &w, const QString &text)
    {
        w.promptEdit()->setFocus();
        QTest::keyClicks(w.promptEdit(), text);
        QTest::keyClick(w.promptEdit(), Qt::Key_Return);
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
        const int inAnswer = window.chatView()->document()->find(answer.left(8)).position();
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
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"

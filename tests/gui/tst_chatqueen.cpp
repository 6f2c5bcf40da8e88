// The app's chat goes through its queen's JobManager (InProcessQueenConnection), with real
// rbee-worker processes: a worker killed after answering is found dead by the next job, marked
// offline with the reason, and the job runs on the other worker at the first Retry; the policy
// chosen in Settings decides; a worker picked by hand runs the job or is named in the error; the
// status bar counts the chat's job once.
#include "serverprocess.h"

#include "gui/appsettings.h"
#include "gui/chatview.h"
#include "gui/conversationstore.h"
#include "gui/mainwindow.h"
#include "gui/workertablemodel.h"

#include "core/queen/queenserver.h"
#include "core/registry/workerregistry.h"

#include "inprocessqueen.h"

#include <QComboBox>
#include <QLabel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace rbee;
using namespace rbee::test;

class TestChatQueen : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_conversations;

    static QStringList workerArgs(core::QueenServer &queen)
    {
        return {QStringLiteral("--model"),         tinyModelPath(),
                QStringLiteral("--queen"),         QStringLiteral("http://127.0.0.1:%1").arg(queen.port()),
                QStringLiteral("--heartbeat-ms"),  QStringLiteral("200"),
                QStringLiteral("--slots"),         QStringLiteral("1"),
                QStringLiteral("--chat-template"), QStringLiteral("chatml")};
    }
    static bool bothReady(core::QueenServer &queen)
    {
        return QTest::qWaitFor(
            [&] {
                const auto workers = queen.registry()->workers();
                return workers.size() == 2 && std::all_of(workers.begin(), workers.end(), [](const auto &w) {
                           return w.online && w.acceptsJobs() && w.hasFreeSlot();
                       });
            },
            20000);
    }
    // The model picker follows the registry at most every 100 ms.
    static bool modelShown(gui::MainWindow &window)
    {
        return QTest::qWaitFor(
            [&] { return window.findChild<QComboBox *>(QStringLiteral("modelCombo"))->count() == 1; }, 5000);
    }
    static bool answer(gui::MainWindow &window, const QString &prompt)
    {
        window.sendPrompt(prompt);
        return QTest::qWaitFor([&] { return !window.isAnswering(); }, 30000);
    }
    static QString narration(gui::MainWindow &window)
    {
        return window.findChild<QLabel *>(QStringLiteral("narrationLabel"))->text();
    }
    static QString lastError(gui::MainWindow &window) { return window.currentConversation().turns.last().error; }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void answeringWorkerKilled_firstRetryAnswersFromTheOther_andTheDeadOneIsOfflineWithTheReason()
    {
        // A heartbeat timeout far away: only the failed connection can tell the queen.
        auto queen = startInProcessQueen(60000);
        QVERIFY(queen);
        queen->jobs()->setPolicy(core::SchedulingPolicy::FirstAvailable);
        gui::MainWindow window(queen.get(), m_conversations.path());
        window.show();
        WorkerProcess first;
        QVERIFY2(first.start(workerArgs(*queen)), qPrintable(first.errorString()));
        QVERIFY(QTest::qWaitFor([&] { return queen->registry()->count() == 1; }, 20000));
        WorkerProcess second;
        QVERIFY2(second.start(workerArgs(*queen)), qPrintable(second.errorString()));
        QVERIFY(bothReady(*queen));
        const QString firstId = queen->registry()->workers().at(0).id();
        const QString secondId = queen->registry()->workers().at(1).id();
        window.newConversation();
        QVERIFY(modelShown(window));

        QVERIFY(answer(window, QStringLiteral("Hello")));
        QVERIFY2(lastError(window).isEmpty(), qPrintable(lastError(window)));
        QCOMPARE(window.currentConversation().turns.last().workerId, firstId);

        // Killed while the queen sees it free: the next job goes there first.
        QVERIFY(bothReady(*queen));
        first.kill();
        Q_EMIT window.chatView()->retryRequested();
        QVERIFY(QTest::qWaitFor([&] { return !window.isAnswering(); }, 30000));
        QVERIFY2(lastError(window).isEmpty(), qPrintable(lastError(window)));
        QCOMPARE(window.currentConversation().turns.last().workerId, secondId);
        const core::WorkerRecord *dead = queen->registry()->find(firstId);
        QVERIFY(dead);
        QVERIFY(!dead->online);
        QVERIFY2(dead->offlineReason.startsWith(QStringLiteral("unreachable")), qPrintable(dead->offlineReason));
        // The next job does not try the dead worker again.
        QVERIFY(answer(window, QStringLiteral("Again")));
        QVERIFY2(lastError(window).isEmpty(), qPrintable(lastError(window)));
        QVERIFY2(narration(window).startsWith(QStringLiteral("Selected worker ") + secondId),
                 qPrintable(narration(window)));
    }

    void policyChosenInSettings_decidesTheChatsWorker()
    {
        auto queen = startInProcessQueen();
        QVERIFY(queen);
        gui::MainWindow window(queen.get(), m_conversations.path());
        WorkerProcess a;
        QVERIFY2(a.start(workerArgs(*queen)), qPrintable(a.errorString()));
        WorkerProcess b;
        QVERIFY2(b.start(workerArgs(*queen)), qPrintable(b.errorString()));
        QVERIFY(bothReady(*queen));
        window.newConversation();
        QVERIFY(modelShown(window));
        for (const core::SchedulingPolicy policy : core::schedulingPolicies()) {
            gui::AppSettings settings = window.settings();
            settings.policy = policy;
            window.applySettings(settings);
            QVERIFY(answer(window, QStringLiteral("Hi")));
            QVERIFY2(lastError(window).isEmpty(), qPrintable(lastError(window)));
            const QString rule = QStringLiteral(" by ") + core::schedulingPolicyName(policy);
            QVERIFY2(narration(window).contains(rule), qPrintable(narration(window)));
            QVERIFY(bothReady(*queen));
        }
    }

    void workerPickedByHand_runsTheJob_orIsNamedInTheError()
    {
        auto queen = startInProcessQueen();
        QVERIFY(queen);
        queen->jobs()->setPolicy(core::SchedulingPolicy::FirstAvailable);
        gui::MainWindow window(queen.get(), m_conversations.path());
        WorkerProcess a;
        QVERIFY2(a.start(workerArgs(*queen)), qPrintable(a.errorString()));
        QVERIFY(QTest::qWaitFor([&] { return queen->registry()->count() == 1; }, 20000));
        WorkerProcess b;
        QVERIFY2(b.start(workerArgs(*queen)), qPrintable(b.errorString()));
        QVERIFY(bothReady(*queen));
        const QString secondId = queen->registry()->workers().at(1).id();
        window.newConversation();
        QVERIFY(modelShown(window));
        auto *picker = window.findChild<QComboBox *>(QStringLiteral("workerCombo"));
        QVERIFY(QTest::qWaitFor([&] { return picker->findData(secondId) >= 0; }, 5000));
        picker->setCurrentIndex(picker->findData(secondId));

        // First-available would take the first worker; the pick wins.
        QVERIFY(answer(window, QStringLiteral("Hi")));
        QVERIFY2(lastError(window).isEmpty(), qPrintable(lastError(window)));
        QCOMPARE(window.currentConversation().turns.last().workerId, secondId);
        QVERIFY2(narration(window).contains(QStringLiteral("as asked")), qPrintable(narration(window)));

        // Picked and gone: the error names it, and no other worker answers instead.
        b.kill();
        QVERIFY(QTest::qWaitFor([&] { return b.process().state() == QProcess::NotRunning; }, 5000));
        QVERIFY(answer(window, QStringLiteral("Hi again")));
        QVERIFY2(lastError(window).contains(secondId), qPrintable(lastError(window)));
        QVERIFY(window.currentConversation().turns.last().workerId.isEmpty());
    }

    void statusBar_countsTheChatsJobOnce()
    {
        auto queen = startInProcessQueen();
        QVERIFY(queen);
        // An answer long enough to be seen running.
        QTemporaryDir folder;
        gui::Conversation longAnswer = gui::Conversation::create();
        longAnswer.maxTokens = 4096;
        QVERIFY(gui::ConversationStore(folder.path()).save(longAnswer));
        gui::MainWindow window(queen.get(), folder.path());
        QCOMPARE(window.currentConversation().maxTokens, 4096);
        WorkerProcess a;
        QVERIFY2(a.start(workerArgs(*queen) << QStringLiteral("--ctx") << QStringLiteral("8192")),
                 qPrintable(a.errorString()));
        QVERIFY(QTest::qWaitFor([&] { return queen->registry()->count() == 1 && a.slotsBusy() == 0; }, 20000));
        QVERIFY(QTest::qWaitFor([&] { return queen->registry()->workers().at(0).acceptsJobs(); }, 20000));
        QVERIFY(modelShown(window));
        QVERIFY2(window.statusSummary().contains(QStringLiteral("0 jobs running")), qPrintable(window.statusSummary()));
        window.sendPrompt(QStringLiteral("Go on for a long time"));
        QVERIFY2(QTest::qWaitFor([&] { return a.slotsBusy() == 1; }, 10000),
                 qPrintable(window.chatView()->toPlainText().right(300)));
        QVERIFY2(window.statusSummary().contains(QStringLiteral("1 job running")), qPrintable(window.statusSummary()));
        window.stopAnswer();
        QVERIFY(!window.isAnswering());
        QVERIFY2(window.statusSummary().contains(QStringLiteral("0 jobs running")), qPrintable(window.statusSummary()));
        // The stopped answer keeps what it generated.
        QCOMPARE(window.currentConversation().turns.last().stopReason, QStringLiteral("cancelled"));
        QVERIFY(window.currentConversation().turns.last().tokens > 0
                || window.currentConversation().turns.last().content.isEmpty());
    }
};

QTEST_MAIN(TestChatQueen)
#include "tst_chatqueen.moc"

// The footer under an answer in the real main window (offscreen) with a real worker: how much of
// the prompt the worker took from its prompt cache ("1,204 cached", in the locale's digits, only
// when > 0), read from the worker's `end` event and kept in the saved conversation.
#include "gui/chatview.h"
#include "gui/conversation.h"
#include "gui/conversationstore.h"
#include "gui/mainwindow.h"
#include "gui/workertablemodel.h"

#include "core/queen/queenserver.h"

#include "inprocessqueen.h"

#include "serverprocess.h"

#include <QComboBox>
#include <QLocale>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace rbee;

class TestChatFooter : public QObject {
    Q_OBJECT

private:
    // The trained model when there is one (RBEE_TEST_MODEL): its answers are text that reads back
    // into the same tokens. The tiny model's random tokens often do not (bytes that are no UTF-8
    // of their own come back as other tokens), so with it less of an answer is found again.
    static QString model()
    {
        const QString trained = qEnvironmentVariable("RBEE_TEST_MODEL");
        return trained.isEmpty() ? test::tinyModelPath() : trained;
    }
    static QStringList workerArgs(core::QueenServer &queen)
    {
        return {QStringLiteral("--model"),        model(),
                QStringLiteral("--queen"),        QStringLiteral("http://127.0.0.1:%1").arg(queen.port()),
                QStringLiteral("--heartbeat-ms"), QStringLiteral("200"),
                QStringLiteral("--slots"),        QStringLiteral("1")};
    }
    static bool answer(gui::MainWindow &window, const QString &prompt)
    {
        window.sendPrompt(prompt);
        return QTest::qWaitFor([&] { return !window.isAnswering(); }, 30000);
    }
    static QString transcript(gui::MainWindow &window)
    {
        auto *view = window.findChild<gui::ChatView *>(QStringLiteral("chatView"));
        return view ? view->toPlainText() : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);  // never read or write the user's settings
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    }

    void secondTurn_footerShowsWhatTheWorkerTookFromItsCache_andItSurvivesARestart()
    {
        // A real worker: the first turn of a conversation finds nothing cached, the second finds
        // the first turn in the worker's slot and the footer says how much.
        QTemporaryDir folder;
        int cached = 0;
        {
            auto queen = test::startInProcessQueen();
            QVERIFY(queen);
            // Greedy, so that the answer is the same every run: sampled text can hold a token
            // sequence that the same text does not tokenize back into, and the cache then ends there.
            gui::Conversation greedy = gui::Conversation::create();
            greedy.temperature = 0.0;
            QVERIFY(gui::ConversationStore(folder.path()).save(greedy));
            gui::MainWindow window(queen.get(), folder.path());
            window.show();
            QCOMPARE(window.currentConversation().temperature, 0.0);
            test::WorkerProcess worker;
            QVERIFY2(worker.start(workerArgs(*queen)), qPrintable(worker.errorString()));
            QVERIFY(QTest::qWaitFor(
                [&] { return window.findChild<QComboBox *>(QStringLiteral("modelCombo"))->count() == 1; }, 20000));
            // Ready in the queen's registry (the model shows up in the picker while it still loads).
            QVERIFY(QTest::qWaitFor(
                [&] {
                    return window.workerModel()->index(0, gui::WorkerTableModel::Status).data().toString()
                           == QLatin1String("ready");
                },
                20000));

            QVERIFY(answer(window, QStringLiteral("Once upon a time")));
            QCOMPARE(window.currentConversation().turns.size(), 2);
            QVERIFY2(window.currentConversation().turns.last().error.isEmpty(),
                     qPrintable(window.currentConversation().turns.last().error));
            QCOMPARE(window.currentConversation().turns.last().cachedTokens, 0);
            QVERIFY2(!transcript(window).contains(QStringLiteral("cached")), qPrintable(transcript(window)));

            QVERIFY(answer(window, QStringLiteral("And then?")));
            QCOMPARE(window.currentConversation().turns.size(), 4);
            cached = window.currentConversation().turns.last().cachedTokens;
            QVERIFY2(cached > 0, qPrintable(QString::number(cached)));
            if (!qEnvironmentVariableIsEmpty("RBEE_TEST_MODEL")) {
                // The worker still held the first question and most of its answer: the model has no
                // chat template, and the app's conversation as plain text starts with that text.
                const int firstAnswerTokens = window.currentConversation().turns.at(1).tokens;
                QVERIFY2(cached > firstAnswerTokens / 2,
                         qPrintable(QStringLiteral("%1 cached, the first answer had %2 tokens")
                                        .arg(cached)
                                        .arg(firstAnswerTokens)));
            }
            const QString expected = QStringLiteral(" · %1 cached · ").arg(QLocale().toString(cached));
            QVERIFY2(transcript(window).contains(expected), qPrintable(transcript(window)));
        }
        auto queen = test::startInProcessQueen();
        QVERIFY(queen);
        gui::MainWindow again(queen.get(), folder.path());
        QCOMPARE(again.currentConversation().turns.last().cachedTokens, cached);
        QVERIFY2(transcript(again).contains(QStringLiteral("%1 cached").arg(QLocale().toString(cached))),
                 qPrintable(transcript(again)));
    }

    void footer_cachedCount_followsTheLocalesDigitGrouping_data()
    {
        QTest::addColumn<QLocale>("locale");
        QTest::addColumn<QString>("expected");
        QTest::newRow("en_US") << QLocale(QLocale::English, QLocale::UnitedStates) << QStringLiteral("1,204 cached");
        QTest::newRow("de_DE") << QLocale(QLocale::German, QLocale::Germany) << QStringLiteral("1.204 cached");
    }
    void footer_cachedCount_followsTheLocalesDigitGrouping()
    {
        QFETCH(QLocale, locale);
        QFETCH(QString, expected);
        const QLocale before;
        QLocale::setDefault(locale);
        gui::ChatTurn turn;
        turn.role = QStringLiteral("assistant");
        turn.tokens = 16;
        turn.cachedTokens = 1204;
        const QString footer = gui::ChatView::footerText(turn);
        QLocale::setDefault(before);
        QVERIFY2(footer.contains(QStringLiteral(" ms · ") + expected + QStringLiteral(" · ")), qPrintable(footer));
    }

    void savedTurn_withoutCachedTokens_readsAsZero_andWritesNoField()
    {
        gui::ChatTurn turn;
        turn.role = QStringLiteral("assistant");
        turn.tokens = 3;
        QVERIFY(!turn.toJson().contains(QStringLiteral("cached_tokens")));
        QCOMPARE(gui::ChatTurn::fromJson(turn.toJson()).cachedTokens, 0);
        turn.cachedTokens = 77;
        QCOMPARE(gui::ChatTurn::fromJson(turn.toJson()).cachedTokens, 77);
    }
};

QTEST_MAIN(TestChatFooter)
#include "tst_chatfooter.moc"

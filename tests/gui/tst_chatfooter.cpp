// The footer under an answer in the real main window (offscreen) with a real worker: how much of
// the prompt the worker took from its prompt cache ("1,204 cached", in the locale's digits, only
// when > 0), read from the worker's `end` event and kept in the saved conversation; a stopped
// answer keeps its TTFT, tokens and tok/s; the longest answer is capped at what the worker takes.
#include "gui/chatsession.h"
#include "gui/chatview.h"
#include "gui/conversation.h"
#include "gui/conversationsettingsdialog.h"
#include "gui/conversationstore.h"
#include "gui/mainwindow.h"
#include "gui/workertablemodel.h"

#include "core/queen/queenserver.h"

#include "inprocessqueen.h"

#include "serverprocess.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

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
    static QStringList workerArgs(core::QueenServer &queen, int ctx = 4096)
    {
        return {QStringLiteral("--model"),        model(),
                QStringLiteral("--queen"),        QStringLiteral("http://127.0.0.1:%1").arg(queen.port()),
                QStringLiteral("--heartbeat-ms"), QStringLiteral("200"),
                QStringLiteral("--slots"),        QStringLiteral("1"),
                QStringLiteral("--ctx"),          QString::number(ctx)};
    }
    // Starts a worker for the window's queen and waits until it is ready and its model is offered.
    static bool startWorker(gui::MainWindow &window, core::QueenServer &queen, test::WorkerProcess &worker, int ctx)
    {
        if (!worker.start(workerArgs(queen, ctx))) {
            qWarning() << worker.errorString();
            return false;
        }
        return QTest::qWaitFor(
                   [&] { return window.findChild<QComboBox *>(QStringLiteral("modelCombo"))->count() == 1; }, 20000)
               && QTest::qWaitFor(
                   [&] {
                       return window.workerModel()->index(0, gui::WorkerTableModel::Status).data().toString()
                              == QLatin1String("ready");
                   },
                   20000);
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

    void stoppedAnswer_keepsItsTtftTokensAndRate_inTheFooterAndTheSavedConversation()
    {
        QTemporaryDir folder;
        auto queen = test::startInProcessQueen();
        QVERIFY(queen);
        gui::Conversation longAnswer = gui::Conversation::create();
        longAnswer.maxTokens = 8000;  // far more than arrives before Stop
        QVERIFY(gui::ConversationStore(folder.path()).save(longAnswer));
        gui::MainWindow window(queen.get(), folder.path());
        window.show();
        test::WorkerProcess worker;
        QVERIFY(startWorker(window, *queen, worker, 16384));

        // Stop is pressed as soon as some text is in (queued: the click comes from the event loop, as
        // a user's would). The trained model writes thousands of tokens a second and a story can end
        // before any poll would see it running, so a story that ended first is told again.
        auto *session = window.findChild<gui::ChatSession *>();
        QVERIFY(session);
        int received = 0;
        connect(session, &gui::ChatSession::textAppended, &window, [&](const QString &text) {
            received += int(text.size());
            if (received > 40 && window.isAnswering())
                QTimer::singleShot(0, &window, [&] {
                    if (window.isAnswering())
                        QTest::mouseClick(window.sendButton(), Qt::LeftButton);  // Stop
                });
        });
        for (int attempt = 0; attempt < 5; ++attempt) {
            received = 0;
            window.sendPrompt(QStringLiteral("Once upon a time"));
            QVERIFY(QTest::qWaitFor([&] { return !window.isAnswering(); }, 30000));
            if (window.currentConversation().turns.last().stopReason == QLatin1String("cancelled"))
                break;
        }

        const gui::ChatTurn stopped = window.currentConversation().turns.last();
        QCOMPARE(stopped.stopReason, QStringLiteral("cancelled"));  // saved by its protocol name
        QVERIFY2(stopped.tokens > 1, qPrintable(QString::number(stopped.tokens)));
        QVERIFY2(stopped.ttftMs > 0, qPrintable(QString::number(stopped.ttftMs)));
        QVERIFY2(stopped.tokensPerS > 0, qPrintable(QString::number(stopped.tokensPerS)));
        const QString footer = gui::ChatView::footerText(stopped);
        QVERIFY2(transcript(window).contains(footer), qPrintable(transcript(window)));
        QVERIFY2(footer.contains(QStringLiteral("first token ")) && footer.contains(QStringLiteral(" tokens/s"))
                     && footer.endsWith(QStringLiteral("%L1 tokens · stopped by you").arg(stopped.tokens)),
                 qPrintable(footer));

        // The saved conversation holds the same figures next to the text.
        const QList<gui::Conversation> saved = gui::ConversationStore(folder.path()).loadAll();
        QCOMPARE(saved.size(), 1);
        const gui::ChatTurn kept = saved.first().turns.last();
        QCOMPARE(kept.content, stopped.content);
        QCOMPARE(kept.tokens, stopped.tokens);
        QCOMPARE(kept.ttftMs, stopped.ttftMs);
        QCOMPARE(kept.tokensPerS, stopped.tokensPerS);
    }

    void longestAnswer_isCappedAtWhatTheWorkerTakes_inTheSettingsAndWhenSending()
    {
        QTemporaryDir folder;
        auto queen = test::startInProcessQueen();
        QVERIFY(queen);
        gui::Conversation tooLong = gui::Conversation::create();
        tooLong.maxTokens = 9999;
        QVERIFY(gui::ConversationStore(folder.path()).save(tooLong));
        gui::MainWindow window(queen.get(), folder.path());
        window.show();
        test::WorkerProcess worker;
        QVERIFY(startWorker(window, *queen, worker, 512));

        // The settings dialog offers no more than the worker's 512 (answered by a timer, as a person would).
        int shownMaximum = 0;
        int shownValue = 0;
        auto *answerer = new QTimer(qApp);
        connect(answerer, &QTimer::timeout, answerer, [&shownMaximum, &shownValue, answerer] {
            auto *dialog = qobject_cast<gui::ConversationSettingsDialog *>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            auto *spin = dialog->findChild<QSpinBox *>(QStringLiteral("maxTokensSpin"));
            shownMaximum = spin ? spin->maximum() : -1;
            shownValue = spin ? spin->value() : -1;
            dialog->reject();
            answerer->deleteLater();
        });
        answerer->start(20);
        window.findChild<QAction *>(QStringLiteral("actionConversationSettings"))->trigger();
        QCOMPARE(shownMaximum, 512);
        QCOMPARE(shownValue, 512);
        QCOMPARE(window.currentConversation().maxTokens, 9999);  // cancelled: unchanged

        // Sent as it is saved: capped with a word, and the worker answers instead of refusing with 400.
        QVERIFY(answer(window, QStringLiteral("Once upon a time")));
        const gui::ChatTurn answered = window.currentConversation().turns.last();
        QVERIFY2(answered.error.isEmpty(), qPrintable(answered.error));
        QCOMPARE(window.currentConversation().maxTokens, 512);
        QVERIFY2(transcript(window).contains(QStringLiteral("The longest answer is now 512 tokens")),
                 qPrintable(transcript(window)));
        QCOMPARE(gui::ConversationStore(folder.path()).loadAll().first().maxTokens, 512);
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

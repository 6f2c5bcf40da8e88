// The footer under an answer in the real main window (offscreen): how much of the prompt the
// worker took from its prompt cache ("1,204 cached", in the locale's digits, only when > 0),
// read from the worker's `end` event and kept in the saved conversation. A local HTTP server
// stands in for a worker so that the cached count is known; no llama.cpp, no model.
#include "gui/chatview.h"
#include "gui/conversation.h"
#include "gui/mainwindow.h"

#include "core/http/httpserver.h"
#include "core/protocol/heartbeat.h"
#include "core/protocol/streamevents.h"
#include "core/queen/queenserver.h"
#include "core/registry/workerregistry.h"
#include "core/sse/sseevent.h"

#include <QComboBox>
#include <QDateTime>
#include <QJsonObject>
#include <QLocale>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace rbee;

class TestChatFooter : public QObject {
    Q_OBJECT

private:
    core::HttpServer m_worker;  // answers every job with one token and the end event below
    int m_cachedTokens = 0;
    int m_jobs = 0;

    static std::unique_ptr<core::QueenServer> makeQueen()
    {
        core::QueenOptions options;
        options.port = 0;
        auto queen = std::make_unique<core::QueenServer>(options);
        if (!queen->listen())
            return nullptr;
        return queen;
    }
    core::Heartbeat heartbeat() const
    {
        core::Heartbeat hb;
        hb.workerId = QStringLiteral("w-footer");
        hb.model = QStringLiteral("tiny");
        hb.url = QStringLiteral("http://127.0.0.1:%1").arg(m_worker.serverPort());
        hb.status = core::WorkerStatus::Ready;
        hb.slotsTotal = 1;
        hb.ctxSize = 4096;
        hb.version = QStringLiteral("0.1.0");
        hb.sentAtMs = QDateTime::currentMSecsSinceEpoch();
        return hb;
    }
    // A window whose queen knows the stand-in worker, with its model picked.
    bool answerOnce(gui::MainWindow &window, core::QueenServer &queen, const QString &prompt)
    {
        if (queen.registry()->applyHeartbeat(heartbeat(), core::HeartbeatTrust::Confirmed))
            return false;
        if (!QTest::qWaitFor([&] { return window.findChild<QComboBox *>(QStringLiteral("modelCombo"))->count() == 1; },
                             5000))
            return false;
        window.sendPrompt(prompt);
        return QTest::qWaitFor([&] { return !window.isAnswering(); }, 10000);
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
        m_worker.route("POST", QStringLiteral("/v1/inference"),
                       [this](const core::HttpRequest &, const core::HttpResponder &responder) {
                           const QString id = QStringLiteral("job-%1").arg(++m_jobs);
                           responder.sendJson(
                               200, {{QStringLiteral("job_id"), id},
                                     {QStringLiteral("sse_url"), QStringLiteral("/v1/inference/%1/stream").arg(id)}});
                       });
        m_worker.route("GET", QStringLiteral("/v1/inference/{job_id}/stream"),
                       [this](const core::HttpRequest &request, const core::HttpResponder &responder) {
                           const int promptTokens = 1300;
                           responder.beginEventStream();
                           responder.sendEvent(core::StartedEvent{request.pathParam(QStringLiteral("job_id")),
                                                                  QStringLiteral("w-footer"), QStringLiteral("tiny"),
                                                                  promptTokens, m_cachedTokens}
                                                   .toSse());
                           responder.sendEvent(core::TokenEvent{QStringLiteral("Hello there."), 0}.toSse());
                           core::EndEvent end;
                           end.stopReason = core::StopReason::Eos;
                           end.tokens = 1;
                           end.promptTokens = promptTokens;
                           end.cachedTokens = m_cachedTokens;
                           end.ttftMs = 12;
                           end.tokensPerS = 40;
                           responder.sendEvent(end.toSse());
                           responder.sendEvent(core::SseEvent::done());
                           responder.endEventStream();
                       });
        QVERIFY2(m_worker.listen(QHostAddress::LocalHost, 0), qPrintable(m_worker.errorString()));
    }

    void answerWithCachedPrompt_footerShowsCachedCount_andItSurvivesARestart()
    {
        QTemporaryDir folder;
        m_cachedTokens = 1204;
        {
            auto queen = makeQueen();
            QVERIFY(queen);
            gui::MainWindow window(queen.get(), folder.path());
            window.show();
            window.newConversation();
            QVERIFY(answerOnce(window, *queen, QStringLiteral("Tell me more")));
            const QString text = transcript(window);
            QVERIFY2(text.contains(QStringLiteral("Hello there.")), qPrintable(text));
            QVERIFY2(text.contains(QStringLiteral("first token 12 ms · 1,204 cached · ")), qPrintable(text));
            QCOMPARE(window.currentConversation().turns.last().cachedTokens, 1204);
        }
        auto queen = makeQueen();
        QVERIFY(queen);
        gui::MainWindow again(queen.get(), folder.path());
        QCOMPARE(again.currentConversation().turns.last().cachedTokens, 1204);
        QVERIFY2(transcript(again).contains(QStringLiteral("1,204 cached")), qPrintable(transcript(again)));
    }

    void answerWithNothingCached_footerSaysNothingAboutTheCache()
    {
        QTemporaryDir folder;
        m_cachedTokens = 0;
        auto queen = makeQueen();
        QVERIFY(queen);
        gui::MainWindow window(queen.get(), folder.path());
        window.show();
        window.newConversation();
        QVERIFY(answerOnce(window, *queen, QStringLiteral("First question")));
        const QString text = transcript(window);
        QVERIFY2(text.contains(QStringLiteral("Hello there.")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("1 token")), qPrintable(text));
        QVERIFY2(!text.contains(QStringLiteral("cached")), qPrintable(text));
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

// StreamChecker, the judge of the stress suites, on hand-made streams: every invariant it checks
// must be able to fail, and a well-formed stream must pass.
#include "streamchecker.h"

#include <QTest>

using namespace rbee;
using namespace rbee::test;

Q_DECLARE_METATYPE(rbee::test::StreamChecker::Kind)

class TestStreamChecker : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void check_data()
    {
        QTest::addColumn<StreamChecker::Kind>("kind");
        QTest::addColumn<int>("maxTokens");
        QTest::addColumn<QStringList>("stream");  // "event|data", "DONE", "CLOSE", "CANCEL", "STOP:s"
        QTest::addColumn<QString>("problem");     // a part of an expected problem; empty: none at all

        const auto W = StreamChecker::Kind::WorkerJob;
        const auto Q = StreamChecker::Kind::QueenJob;
        const QString started =
            QStringLiteral("started|{\"job_id\":\"j\",\"worker_id\":\"w\",\"model\":\"m\",\"prompt_tokens\":3}");
        auto token = [](int i, const QString &t = QStringLiteral("x")) {
            return QStringLiteral("token|{\"t\":\"%1\",\"i\":%2}").arg(t).arg(i);
        };
        auto end = [](const char *reason, int tokens) {
            return QStringLiteral("end|{\"stop_reason\":\"%1\",\"tokens\":%2,\"prompt_tokens\":3,\"ttft_ms\":1,"
                                  "\"tokens_per_s\":1}")
                .arg(QLatin1String(reason))
                .arg(tokens);
        };
        const QString error = QStringLiteral("error|{\"code\":\"internal\",\"message\":\"boom\"}");
        const QString narration = QStringLiteral("narration|{\"message\":\"Selected worker w\"}");
        const QString done = QStringLiteral("DONE");
        const QString close = QStringLiteral("CLOSE");

        QTest::newRow("worker well formed")
            << W << 2 << QStringList{started, token(0), token(1), end("length", 2), done, close} << QString();
        QTest::newRow("queen well formed")
            << Q << 2 << QStringList{narration, started, token(0), token(1), end("length", 2), done, close}
            << QString();
        QTest::newRow("repeated index") << W << 3 << QStringList{started,          token(0), token(1), token(1),
                                                                 end("length", 3), done,     close}
                                        << QStringLiteral("strictly increase");
        QTest::newRow("index beyond max_tokens")
            << W << 2 << QStringList{started, token(0), token(2), end("length", 2), done, close}
            << QStringLiteral("with max_tokens 2");
        QTest::newRow("[DONE] without end")
            << W << 2 << QStringList{started, token(0), done, close} << QStringLiteral("without an end or error");
        QTest::newRow("end and error") << W << 2
                                       << QStringList{started, token(0), token(1), end("length", 2), error, done, close}
                                       << QStringLiteral("after the terminal event");
        QTest::newRow("event after [DONE]")
            << W << 2 << QStringList{started, token(0), token(1), end("length", 2), done, token(2), close}
            << QStringLiteral("after [DONE]");
        QTest::newRow("closed without [DONE]")
            << W << 2 << QStringList{started, token(0), token(1), end("length", 2), close}
            << QStringLiteral("without [DONE]");
        QTest::newRow("length short of max_tokens")
            << W << 4 << QStringList{started, token(0), end("length", 1), done, close}
            << QStringLiteral("length after 1 of 4");
        QTest::newRow("cancelled unasked") << W << 4 << QStringList{started, token(0), end("cancelled", 1), done, close}
                                           << QStringLiteral("never cancelled");
        QTest::newRow("cancelled after DELETE")
            << W << 4 << QStringList{QStringLiteral("CANCEL"), started, token(0), end("cancelled", 1), done, close}
            << QString();
        QTest::newRow("error event") << W << 4 << QStringList{started, error, done, close}
                                     << QStringLiteral("an error event: internal");
        QTest::newRow("narration from a worker")
            << W << 2 << QStringList{narration, started, token(0), token(1), end("length", 2), done, close}
            << QStringLiteral("narration event from a worker");
        QTest::newRow("narration after started")
            << Q << 2 << QStringList{started, narration, token(0), token(1), end("length", 2), done, close}
            << QStringLiteral("after the worker's events began");
        QTest::newRow("token before started")
            << W << 2 << QStringList{token(0), started, token(1), end("length", 2), done, close}
            << QStringLiteral("token before started");
        QTest::newRow("stop without stop strings")
            << W << 4 << QStringList{started, token(0), end("stop", 1), done, close}
            << QStringLiteral("no stop strings");
        QTest::newRow("stop string sent") << W << 4 << QStringList{QStringLiteral("STOP:ab"),
                                                                   started,
                                                                   token(0, QStringLiteral("xab")),
                                                                   end("stop", 1),
                                                                   done,
                                                                   close}
                                          << QStringLiteral("contains the stop string 'ab'");

        const auto C = StreamChecker::Kind::OpenAiChat;
        auto chunk = [](const QString &delta, const QString &finish) {
            return QStringLiteral("|{\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":%1,"
                                  "\"finish_reason\":%2}]}")
                .arg(delta, finish);
        };
        const QString first =
            chunk(QStringLiteral("{\"role\":\"assistant\",\"content\":\"a\"}"), QStringLiteral("null"));
        const QString more = chunk(QStringLiteral("{\"content\":\"b\"}"), QStringLiteral("null"));
        const QString last = chunk(QStringLiteral("{}"), QStringLiteral("\"length\""));
        QTest::newRow("chat well formed") << C << 2 << QStringList{first, more, last, done, close} << QString();
        QTest::newRow("chat without role")
            << C << 2 << QStringList{more, last, done, close} << QStringLiteral("no role");
        QTest::newRow("chat two finishes") << C << 2 << QStringList{first, last, last, done, close}
                                           << QStringLiteral("after the one with finish_reason");
        QTest::newRow("chat [DONE] without finish")
            << C << 2 << QStringList{first, more, done, close} << QStringLiteral("without an end or error");
    }

    void check()
    {
        QFETCH(StreamChecker::Kind, kind);
        QFETCH(int, maxTokens);
        QFETCH(QStringList, stream);
        QFETCH(QString, problem);
        StreamChecker checker(kind, maxTokens);
        for (const QString &item : stream) {
            if (item == QLatin1String("DONE"))
                checker.add(core::SseEvent::done());
            else if (item == QLatin1String("CLOSE"))
                checker.closed();
            else if (item == QLatin1String("CANCEL"))
                checker.allowCancelled();
            else if (item.startsWith(QLatin1String("STOP:")))
                checker.setStopStrings({item.mid(5)});
            else
                checker.add(core::SseEvent(item.section(u'|', 0, 0), item.section(u'|', 1)));
        }
        const QString found = checker.problems().join(QStringLiteral(" / "));
        if (problem.isEmpty()) {
            QVERIFY2(checker.problems().isEmpty(), qPrintable(found));
        } else {
            QVERIFY2(found.contains(problem), qPrintable(found));
        }
    }
};

QTEST_APPLESS_MAIN(TestStreamChecker)
#include "tst_streamchecker.moc"

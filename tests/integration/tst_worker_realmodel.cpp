// Readable text from a real trained model (RBEE_TEST_MODEL, e.g. ../shared/models/stories260K.gguf;
// .ci/run sets it when the file exists). Without it the suite skips, saying why.
#include "serverprocess.h"

#include "core/protocol/streamevents.h"

#include <QRegularExpression>
#include <QTest>

using namespace rbee::test;

class TestWorkerRealModel : public QObject {
    Q_OBJECT

private:
    WorkerProcess m_worker;

private Q_SLOTS:
    void initTestCase()
    {
        const QString model = qEnvironmentVariable("RBEE_TEST_MODEL");
        if (model.isEmpty())
            QSKIP("RBEE_TEST_MODEL is not set: no trained model to check readable text with");
        QVERIFY2(QFile::exists(model), qPrintable(QStringLiteral("RBEE_TEST_MODEL=%1 does not exist").arg(model)));
        QVERIFY2(m_worker.start({QStringLiteral("--model"), model}), qPrintable(m_worker.errorString()));
        QVERIFY2(m_worker.waitReady(), qPrintable(m_worker.errorString()));
    }

    void greedyContinuation_isEnglishWords()
    {
        const auto r = postJson(m_worker.url(QStringLiteral("/v1/inference")),
                                {{QStringLiteral("prompt"), QStringLiteral("Once upon a time")},
                                 {QStringLiteral("max_tokens"), 48},
                                 {QStringLiteral("temperature"), 0}});
        QCOMPARE(r.status, 200);
        const auto s = readStream(m_worker.url(r.json.value(QStringLiteral("sse_url")).toString()));
        QVERIFY(s.done);
        const QString text = s.text();
        qInfo().noquote() << "Once upon a time" << text;
        static const QRegularExpression word(QStringLiteral("[A-Za-z]+"));
        QStringList words;
        for (auto it = word.globalMatch(text); it.hasNext();)
            words << it.next().captured().toLower();
        QVERIFY2(words.size() >= 10, qPrintable(text));
        const QStringList common{QStringLiteral("the"),   QStringLiteral("a"),      QStringLiteral("was"),
                                 QStringLiteral("there"), QStringLiteral("little"), QStringLiteral("she"),
                                 QStringLiteral("he"),    QStringLiteral("to"),     QStringLiteral("and"),
                                 QStringLiteral("named"), QStringLiteral("girl"),   QStringLiteral("boy")};
        int known = 0;
        for (const QString &w : words)
            known += common.contains(w);
        QVERIFY2(known >= 3, qPrintable(text));
        // Nothing but letters, spaces and punctuation: no byte garbage or replacement characters.
        static const QRegularExpression clean(QStringLiteral("^[A-Za-z ,.!?'\"\\n-]+$"));
        QVERIFY2(clean.match(text).hasMatch(), qPrintable(text));
    }

    void conversation_sameStoryWithAndWithoutPromptCache()
    {
        // Three turns of one story: each turn's greedy answer is the same, token by token, whether
        // the worker reuses the cached prefix or decodes the whole prompt (cache_prompt false).
        QString prompt = QStringLiteral("Once upon a time");
        for (int turn = 0; turn < 3; ++turn) {
            QList<QList<rbee::core::SseEvent>> runs;
            int cached = -1;
            for (const bool cache : {true, false}) {
                const auto r =
                    postJson(m_worker.url(QStringLiteral("/v1/inference")), {{QStringLiteral("prompt"), prompt},
                                                                             {QStringLiteral("max_tokens"), 24},
                                                                             {QStringLiteral("temperature"), 0},
                                                                             {QStringLiteral("cache_prompt"), cache}});
                QCOMPARE(r.status, 200);
                const auto s = readStream(m_worker.url(r.json.value(QStringLiteral("sse_url")).toString()));
                QVERIFY(s.done);
                runs << s.named(QStringLiteral("token"));
                const auto started = rbee::core::StartedEvent::fromSse(s.named(QStringLiteral("started")).value(0));
                QVERIFY(started.ok());
                if (cache)
                    cached = started->cachedTokens;
                else
                    QCOMPARE(started->cachedTokens, 0);
                if (!cache)
                    prompt += s.text() + QStringLiteral(" Then");
            }
            QCOMPARE(runs[0], runs[1]);
            if (turn > 0)
                QVERIFY2(cached > 0, qPrintable(QString::number(cached)));
        }
        qInfo().noquote() << prompt;
    }

    void stopString_cutsTheStory()
    {
        const auto r = postJson(m_worker.url(QStringLiteral("/v1/inference")),
                                {{QStringLiteral("prompt"), QStringLiteral("Once upon a time")},
                                 {QStringLiteral("max_tokens"), 64},
                                 {QStringLiteral("temperature"), 0},
                                 {QStringLiteral("stop"), QStringLiteral(".")}});
        const auto s = readStream(m_worker.url(r.json.value(QStringLiteral("sse_url")).toString()));
        QVERIFY(s.done);
        QVERIFY2(!s.text().contains(u'.') && s.text().size() > 5, qPrintable(s.text()));
    }
};

QTEST_GUILESS_MAIN(TestWorkerRealModel)
#include "tst_worker_realmodel.moc"

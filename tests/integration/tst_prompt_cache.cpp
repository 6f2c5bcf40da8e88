// The worker's prompt cache against real rbee-worker processes on the generated tiny model: a
// conversation's next turn decodes only what is new, the output is the same token by token with
// and without the cache, more conversations than slots resume from host memory (--cache-ram),
// the context limit still holds, and /health counts what was reused and decoded.
#include "serverprocess.h"

#include "core/protocol/streamevents.h"

#include <QJsonArray>
#include <QTest>

using namespace rbee::test;
using rbee::core::EndEvent;
using rbee::core::SseEvent;
using rbee::core::StartedEvent;

namespace {
QString s(const char *text)
{
    return QString::fromUtf8(text);
}

struct Turn {
    int status = 0;
    QString errorField;
    QList<QPair<QString, int>> tokens;  // text and index of every token event
    QString text;
    StartedEvent started;
    EndEvent end;
    bool done = false;
};

Turn runTurn(WorkerProcess &worker, const QString &prompt, int maxTokens, bool cachePrompt = true)
{
    Turn turn;
    QJsonObject body{{s("prompt"), prompt}, {s("max_tokens"), maxTokens}, {s("temperature"), 0}};
    if (!cachePrompt)
        body.insert(s("cache_prompt"), false);
    const auto posted = postJson(worker.url(s("/v1/inference")), body);
    turn.status = posted.status;
    turn.errorField = posted.errorField();
    if (posted.status != 200)
        return turn;
    const auto stream = readStream(worker.url(posted.json.value(s("sse_url")).toString()));
    turn.done = stream.done;
    for (const SseEvent &e : stream.events) {
        if (e.event == QLatin1String("started"))
            turn.started = StartedEvent::fromSse(e).value();
        else if (e.event == QLatin1String("end"))
            turn.end = EndEvent::fromSse(e).value();
        else if (const auto t = rbee::core::TokenEvent::fromSse(e))
            turn.tokens.append({t->text, t->index});
    }
    turn.text = stream.text();
    return turn;
}

// A user message of its own for each conversation and turn: words from a small list, so that
// conversations differ from their first token.
QString userText(int conversation, int turn)
{
    static const char *words[] = {"river",  "lamp",    "orange", "quiet",  "seven",  "market", "window", "garden",
                                  "silver", "morning", "paper",  "forest", "yellow", "stone",  "cloud",  "music"};
    QStringList out;
    for (int i = 0; i < 12; ++i)
        out << s(words[(conversation * 7 + turn * 5 + i * (conversation + 3)) % 16]);
    return QStringLiteral("%1 (%2.%3): %4.\n")
        .arg(s(words[conversation % 16]))
        .arg(conversation)
        .arg(turn)
        .arg(out.join(u' '));
}

qint64 healthCounter(WorkerProcess &worker, const char *key)
{
    const auto r = httpRequest("GET", worker.url(s("/health")));
    return r.status == 200 ? qint64(r.json.value(s(key)).toDouble(-1)) : -1;
}
}  // namespace

class TestPromptCache : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void greedyConversation_sameTokensWithAndWithoutCache_laterTurnsCached()
    {
        WorkerProcess cached;
        WorkerProcess uncached;
        QVERIFY2(cached.start({s("--model"), tinyModelPath(), s("--slots"), s("2")}), qPrintable(cached.errorString()));
        QVERIFY2(uncached.start({s("--model"), tinyModelPath(), s("--slots"), s("2"), s("--no-cache-prompt")}),
                 qPrintable(uncached.errorString()));
        QVERIFY2(cached.waitReady(), qPrintable(cached.errorString()));
        QVERIFY2(uncached.waitReady(), qPrintable(uncached.errorString()));

        QString prompt;
        qint64 cachedSum = 0;
        qint64 decodedSum = 0;
        for (int turn = 0; turn < 5; ++turn) {
            prompt += userText(0, turn);
            const Turn a = runTurn(cached, prompt, 24);
            const Turn b = runTurn(uncached, prompt, 24);
            // Also on the caching worker, a request that asks for no cache.
            const Turn c = runTurn(cached, prompt, 24, false);
            for (const Turn *t : {&a, &b, &c})
                QVERIFY2(t->status == 200 && t->done, qPrintable(QString::number(t->status)));
            qInfo("turn %d: %d prompt tokens, %d cached", turn, a.started.promptTokens, a.started.cachedTokens);
            QCOMPARE(a.tokens, b.tokens);
            QCOMPARE(c.tokens, b.tokens);
            QCOMPARE(a.end.tokens, b.end.tokens);
            QCOMPARE(b.started.cachedTokens, 0);
            QCOMPARE(b.end.cachedTokens, 0);
            QCOMPARE(c.started.cachedTokens, 0);
            QCOMPARE(a.end.cachedTokens, a.started.cachedTokens);
            QVERIFY(a.started.cachedTokens < a.started.promptTokens);
            if (turn > 0) {
                // Everything of the previous turn's prompt but (at most) its last token, whose
                // text may join the new text's first token, is in the slot already.
                QVERIFY2(a.started.cachedTokens >= m_previousPromptTokens - 1,
                         qPrintable(QStringLiteral("%1 cached of a previous prompt of %2")
                                        .arg(a.started.cachedTokens)
                                        .arg(m_previousPromptTokens)));
            }
            m_previousPromptTokens = a.started.promptTokens;
            cachedSum += a.started.cachedTokens + c.started.cachedTokens;
            decodedSum += (a.started.promptTokens - a.started.cachedTokens) + c.started.promptTokens;
            prompt += a.text + u'\n';
        }
        QCOMPARE(healthCounter(cached, "prompt_tokens_cached"), cachedSum);
        QCOMPARE(healthCounter(cached, "prompt_tokens_decoded"), decodedSum);
        QCOMPARE(healthCounter(uncached, "prompt_tokens_cached"), qint64(0));
    }

    void sameConversationAgain_lastPromptTokenDecodedAgain()
    {
        // A prompt the slot holds whole still decodes its last token: its logits give the answer.
        WorkerProcess worker;
        QVERIFY2(worker.start({s("--model"), tinyModelPath(), s("--slots"), s("1")}), qPrintable(worker.errorString()));
        QVERIFY2(worker.waitReady(), qPrintable(worker.errorString()));
        const QString prompt = userText(3, 0);
        const Turn first = runTurn(worker, prompt, 16);
        const Turn again = runTurn(worker, prompt, 16);
        QCOMPARE(again.started.cachedTokens, first.started.promptTokens - 1);
        QCOMPARE(again.tokens, first.tokens);
    }

    void moreConversationsThanSlots_resumeFromHostMemory_data()
    {
        QTest::addColumn<QString>("cacheRam");
        QTest::addColumn<bool>("expectAllCached");
        QTest::newRow("--cache-ram default") << QString() << true;
        QTest::newRow("--cache-ram 0") << s("0") << false;
    }
    void moreConversationsThanSlots_resumeFromHostMemory()
    {
        // Six conversations over two slots, taking turns: each later turn finds its conversation
        // in host memory. Without host memory, most of them find nothing.
        QFETCH(QString, cacheRam);
        QFETCH(bool, expectAllCached);
        QStringList args{s("--model"), tinyModelPath(), s("--slots"), s("2")};
        if (!cacheRam.isEmpty())
            args << s("--cache-ram") << cacheRam;
        WorkerProcess worker;
        QVERIFY2(worker.start(args), qPrintable(worker.errorString()));
        QVERIFY2(worker.waitReady(), qPrintable(worker.errorString()));

        constexpr int kConversations = 6;
        constexpr int kTurns = 3;
        QList<QString> prompts(kConversations);
        QList<int> previousTokens(kConversations, 0);
        int resumed = 0;
        int later = 0;
        for (int turn = 0; turn < kTurns; ++turn) {
            for (int c = 0; c < kConversations; ++c) {
                prompts[c] += userText(c, turn);
                const Turn t = runTurn(worker, prompts[c], 12);
                QVERIFY2(t.status == 200 && t.done, qPrintable(QString::number(t.status)));
                if (turn > 0) {
                    ++later;
                    const bool whole = t.started.cachedTokens >= previousTokens[c] - 1;
                    resumed += whole;
                    if (expectAllCached) {
                        QVERIFY2(whole, qPrintable(QStringLiteral("conversation %1 turn %2: %3 cached of %4")
                                                       .arg(c)
                                                       .arg(turn)
                                                       .arg(t.started.cachedTokens)
                                                       .arg(previousTokens[c])));
                    }
                }
                previousTokens[c] = t.started.promptTokens;
                prompts[c] += t.text + u'\n';
            }
        }
        qInfo("%d of %d later turns resumed their whole conversation", resumed, later);
        if (!expectAllCached)
            QCOMPARE(resumed, 0);  // two slots, six conversations in turn: each was pushed out
    }

    void growingConversation_contextLimitStillHolds()
    {
        // --ctx 96: turns are answered while the prompt fits, then refused naming the prompt; the
        // answer of a cached prompt near the limit stops at the context's end.
        WorkerProcess worker;
        QVERIFY2(worker.start({s("--model"), tinyModelPath(), s("--slots"), s("1"), s("--ctx"), s("96")}),
                 qPrintable(worker.errorString()));
        QVERIFY2(worker.waitReady(), qPrintable(worker.errorString()));
        QString prompt;
        bool refused = false;
        for (int turn = 0; turn < 40 && !refused; ++turn) {
            prompt += userText(1, turn);
            const Turn t = runTurn(worker, prompt, 96);
            if (t.status == 400) {
                QCOMPARE(t.errorField, s("prompt"));
                refused = true;
                break;
            }
            QVERIFY2(t.status == 200 && t.done, qPrintable(QString::number(t.status)));
            QVERIFY(t.started.promptTokens < 96);
            // Prompt plus answer fill the context at most (the last token is sampled, never fed back).
            QVERIFY2(t.started.promptTokens + t.end.tokens <= 96 + 1,
                     qPrintable(QStringLiteral("%1 + %2").arg(t.started.promptTokens).arg(t.end.tokens)));
            if (t.end.stopReason != rbee::core::StopReason::Eos)
                QCOMPARE(t.end.stopReason, rbee::core::StopReason::Length);
        }
        QVERIFY(refused);
    }

private:
    int m_previousPromptTokens = 0;
};

QTEST_GUILESS_MAIN(TestPromptCache)
#include "tst_prompt_cache.moc"

// PromptPrefixIndex and InferenceRequest::routingText: chained block hashes, longest-prefix
// matching per worker, least-recently-used eviction under the per-worker and global caps,
// forgetting a worker, and a chat's next turn matching the turn before.
#include "core/protocol/inferencerequest.h"
#include "core/scheduler/promptprefixindex.h"

#include <QTest>

using namespace rbee::core;

namespace {

constexpr int B = PromptPrefixIndex::kBlockChars;

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

// `blocks` full blocks of text whose content is distinct per tag.
QString text(const QString &tag, int blocks)
{
    QString out;
    for (int i = 0; out.size() < blocks * B; ++i)
        out += QStringLiteral("%1-%2 ").arg(tag).arg(i);
    return out.left(blocks * B);
}

QList<quint64> hashes(const QString &t)
{
    return PromptPrefixIndex::blockHashes(t);
}

InferenceRequest chat(const QList<ChatMessage> &messages)
{
    InferenceRequest r;
    r.messages = messages;
    return r;
}

}  // namespace

class TestPromptPrefixIndex : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void blockHashes_fullBlocksOnly();
    void blockHashes_areChained_sharedExactlyWhilePrefixesAgree();
    void matchedChars_longestPrefixTheWorkerWasSent();
    void matchedChars_isPerWorker();
    void matchedChars_shortPromptUnderOneBlock_neverMatches();
    void record_perWorkerCap_evictsTheEndsOfOldestPromptsFirst();
    void record_sentAgain_becomesMostRecent();
    void record_globalCap_evictsTheOldestBlockOfAnyWorker();
    void record_promptLongerThanTheCap_keepsItsStart();
    void forget_dropsOnlyThatWorker();
    void routingText_prompt_isThePrompt();
    void routingText_chatNextTurn_startsWithThisTurn();
    void routingText_chatNextTurn_matchesTheTurnBefore();
};

void TestPromptPrefixIndex::blockHashes_fullBlocksOnly()
{
    QCOMPARE(hashes(QString()).size(), 0);
    QCOMPARE(hashes(text(s("a"), 1).left(B - 1)).size(), 0);
    QCOMPARE(hashes(text(s("a"), 1)).size(), 1);
    QCOMPARE(hashes(text(s("a"), 3) + s("tail")).size(), 3);
}

void TestPromptPrefixIndex::blockHashes_areChained_sharedExactlyWhilePrefixesAgree()
{
    const QString a = text(s("a"), 4);
    QString b = a;
    b[B + 5] = u'#';  // differs inside block 1
    const auto ha = hashes(a);
    const auto hb = hashes(b);
    QCOMPARE(hb.at(0), ha.at(0));
    QVERIFY(hb.at(1) != ha.at(1));
    // Blocks 2 and 3 are equal text, but their hashes cover the differing block 1 too.
    QVERIFY(hb.at(2) != ha.at(2));
    QVERIFY(hb.at(3) != ha.at(3));
    // Equal blocks at other positions do not hash equal either.
    const QString twice = text(s("x"), 1) + text(s("x"), 1);
    QVERIFY(hashes(twice).at(0) != hashes(twice).at(1));
}

void TestPromptPrefixIndex::matchedChars_longestPrefixTheWorkerWasSent()
{
    PromptPrefixIndex index;
    const QString sent = text(s("conv"), 5) + s("partial block");
    index.record(s("w1"), hashes(sent));
    QCOMPARE(index.blockCount(s("w1")), 5);

    QCOMPARE(index.matchedChars(s("w1"), hashes(sent)), 5 * B);
    QCOMPARE(index.matchedChars(s("w1"), hashes(sent + text(s("more"), 3))), 5 * B);
    QCOMPARE(index.matchedChars(s("w1"), hashes(text(s("conv"), 3))), 3 * B);
    QString diverging = sent;
    diverging[2 * B + 1] = u'#';
    QCOMPARE(index.matchedChars(s("w1"), hashes(diverging)), 2 * B);
    QCOMPARE(index.matchedChars(s("w1"), hashes(text(s("other"), 5))), 0);
    QCOMPARE(index.matchedChars(s("nobody"), hashes(sent)), 0);
}

void TestPromptPrefixIndex::matchedChars_isPerWorker()
{
    PromptPrefixIndex index;
    index.record(s("w1"), hashes(text(s("one"), 4)));
    index.record(s("w2"), hashes(text(s("two"), 2)));
    QCOMPARE(index.matchedChars(s("w1"), hashes(text(s("one"), 4))), 4 * B);
    QCOMPARE(index.matchedChars(s("w2"), hashes(text(s("one"), 4))), 0);
    QCOMPARE(index.matchedChars(s("w2"), hashes(text(s("two"), 2))), 2 * B);
    QCOMPARE(index.blockCount(), 6);
}

void TestPromptPrefixIndex::matchedChars_shortPromptUnderOneBlock_neverMatches()
{
    PromptPrefixIndex index;
    const QString hi = s("Hello");
    index.record(s("w1"), hashes(hi));
    QCOMPARE(index.blockCount(), 0);
    QCOMPARE(index.matchedChars(s("w1"), hashes(hi)), 0);
}

void TestPromptPrefixIndex::record_perWorkerCap_evictsTheEndsOfOldestPromptsFirst()
{
    PromptPrefixIndex index(4, 100);
    const QString a = text(s("a"), 3);
    const QString b = text(s("b"), 3);
    index.record(s("w1"), hashes(a));
    index.record(s("w1"), hashes(b));
    QCOMPARE(index.blockCount(s("w1")), 4);
    // a's blocks 2 and 1 went; its first block stays, so its start still matches.
    QCOMPARE(index.matchedChars(s("w1"), hashes(a)), 1 * B);
    QCOMPARE(index.matchedChars(s("w1"), hashes(b)), 3 * B);
}

void TestPromptPrefixIndex::record_sentAgain_becomesMostRecent()
{
    PromptPrefixIndex index(6, 100);
    const QString a = text(s("a"), 3);
    const QString b = text(s("b"), 3);
    const QString c = text(s("c"), 3);
    index.record(s("w1"), hashes(a));
    index.record(s("w1"), hashes(b));
    index.record(s("w1"), hashes(a));  // a is newer than b now
    index.record(s("w1"), hashes(c));
    QCOMPARE(index.matchedChars(s("w1"), hashes(a)), 3 * B);
    QCOMPARE(index.matchedChars(s("w1"), hashes(b)), 0);
    QCOMPARE(index.matchedChars(s("w1"), hashes(c)), 3 * B);
}

void TestPromptPrefixIndex::record_globalCap_evictsTheOldestBlockOfAnyWorker()
{
    PromptPrefixIndex index(100, 5);
    index.record(s("w1"), hashes(text(s("a"), 3)));
    index.record(s("w2"), hashes(text(s("b"), 3)));
    QCOMPARE(index.blockCount(), 5);
    QCOMPARE(index.blockCount(s("w1")), 2);
    QCOMPARE(index.blockCount(s("w2")), 3);
    QCOMPARE(index.matchedChars(s("w1"), hashes(text(s("a"), 3))), 2 * B);
    // A worker whose last block goes is gone from the index.
    index.record(s("w3"), hashes(text(s("c"), 5)));
    QCOMPARE(index.blockCount(s("w1")), 0);
    QCOMPARE(index.blockCount(s("w2")), 0);
    QCOMPARE(index.blockCount(), 5);
}

void TestPromptPrefixIndex::record_promptLongerThanTheCap_keepsItsStart()
{
    PromptPrefixIndex index(4, 100);
    const QString longPrompt = text(s("long"), 10);
    index.record(s("w1"), hashes(longPrompt));
    QCOMPARE(index.blockCount(s("w1")), 4);
    QCOMPARE(index.matchedChars(s("w1"), hashes(longPrompt)), 4 * B);
}

void TestPromptPrefixIndex::forget_dropsOnlyThatWorker()
{
    PromptPrefixIndex index;
    index.record(s("w1"), hashes(text(s("a"), 3)));
    index.record(s("w2"), hashes(text(s("a"), 3)));
    index.forget(s("w1"));
    index.forget(s("never-seen"));
    QCOMPARE(index.blockCount(s("w1")), 0);
    QCOMPARE(index.matchedChars(s("w1"), hashes(text(s("a"), 3))), 0);
    QCOMPARE(index.matchedChars(s("w2"), hashes(text(s("a"), 3))), 3 * B);
    QCOMPARE(index.blockCount(), 3);
    // Recording after forgetting starts afresh and the caps still hold.
    index.record(s("w1"), hashes(text(s("b"), 2)));
    QCOMPARE(index.blockCount(), 5);
}

void TestPromptPrefixIndex::routingText_prompt_isThePrompt()
{
    InferenceRequest r;
    r.prompt = s("Once upon a time");
    QCOMPARE(r.routingText(), s("Once upon a time"));
}

void TestPromptPrefixIndex::routingText_chatNextTurn_startsWithThisTurn()
{
    const QList<ChatMessage> turn1{{s("system"), s("You are terse.")}, {s("user"), s("Name a colour.")}};
    QList<ChatMessage> turn2 = turn1;
    turn2 << ChatMessage{s("assistant"), s("Blue.")} << ChatMessage{s("user"), s("Another.")};
    QVERIFY(chat(turn2).routingText().startsWith(chat(turn1).routingText()));
    // Roles count: the same words from another role are another conversation.
    const QList<ChatMessage> asAssistant{{s("system"), s("You are terse.")}, {s("assistant"), s("Name a colour.")}};
    QVERIFY(chat(asAssistant).routingText() != chat(turn1).routingText());
    // Message boundaries count: contents joined differently render differently.
    const QList<ChatMessage> merged{{s("user"), s("ab")}};
    const QList<ChatMessage> split{{s("user"), s("a")}, {s("user"), s("b")}};
    QVERIFY(chat(merged).routingText() != chat(split).routingText());
}

void TestPromptPrefixIndex::routingText_chatNextTurn_matchesTheTurnBefore()
{
    QList<ChatMessage> turn1{{s("system"), text(s("sys"), 2)}, {s("user"), text(s("q1"), 3)}};
    QList<ChatMessage> turn2 = turn1;
    turn2 << ChatMessage{s("assistant"), text(s("a1"), 2)} << ChatMessage{s("user"), text(s("q2"), 1)};
    PromptPrefixIndex index;
    const QString first = chat(turn1).routingText();
    index.record(s("w2"), hashes(first));
    const qint64 matched = index.matchedChars(s("w2"), hashes(chat(turn2).routingText()));
    QCOMPARE(matched, first.size() / B * B);
    QVERIFY(matched >= 5 * B);
}

QTEST_APPLESS_MAIN(TestPromptPrefixIndex)
#include "tst_promptprefixindex.moc"

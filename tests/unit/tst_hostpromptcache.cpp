// HostPromptCache: longest-prefix matching (ties to the most recent), entries a new one subsumes
// dropped, least-recently-used eviction under the byte cap, and what is refused.
#include "hostpromptcache.h"

#include <QTest>

using rbee::worker::commonPrefixLength;
using rbee::worker::HostPromptCache;
using rbee::worker::Token;

namespace {
std::vector<uint8_t> bytes(size_t n)
{
    return std::vector<uint8_t>(n, 0xab);
}
}  // namespace

class TestHostPromptCache : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void commonPrefixLength_countsSharedLeadingTokens()
    {
        QCOMPARE(commonPrefixLength({}, {1, 2}), size_t(0));
        QCOMPARE(commonPrefixLength({1, 2, 3}, {1, 2, 4}), size_t(2));
        QCOMPARE(commonPrefixLength({1, 2}, {1, 2, 3}), size_t(2));
        QCOMPARE(commonPrefixLength({1, 2, 3}, {1, 2, 3}), size_t(3));
        QCOMPARE(commonPrefixLength({9}, {1}), size_t(0));
    }

    void bestMatch_longestSharedPrefix_tiesToMostRecent()
    {
        HostPromptCache cache(1000);
        QVERIFY(cache.insert({1, 2, 3, 4}, bytes(10)));
        QVERIFY(cache.insert({1, 2, 9}, bytes(10)));
        QVERIFY(cache.insert({5, 6}, bytes(10)));
        auto m = cache.bestMatch({1, 2, 3, 7});
        QCOMPARE(m.prefix, size_t(3));
        QCOMPARE(cache.entries()[size_t(m.index)].tokens, (std::vector<Token>{1, 2, 3, 4}));
        m = cache.bestMatch({1, 2, 8});  // both share two tokens: the newer one
        QCOMPARE(m.prefix, size_t(2));
        QCOMPARE(cache.entries()[size_t(m.index)].tokens, (std::vector<Token>{1, 2, 9}));
        m = cache.bestMatch({7});
        QCOMPARE(m.index, -1);
        QCOMPARE(m.prefix, size_t(0));
    }

    void take_removesEntryAndItsBytes()
    {
        HostPromptCache cache(1000);
        QVERIFY(cache.insert({1, 2}, bytes(100)));
        QVERIFY(cache.insert({3, 4}, bytes(50)));
        QCOMPARE(cache.bytes(), qint64(150));
        const auto m = cache.bestMatch({3, 4, 5});
        const HostPromptCache::Entry e = cache.take(m.index);
        QCOMPARE(e.tokens, (std::vector<Token>{3, 4}));
        QCOMPARE(e.state.size(), size_t(50));
        QCOMPARE(cache.size(), 1);
        QCOMPARE(cache.bytes(), qint64(100));
        QCOMPARE(cache.bestMatch({3, 4}).index, -1);
    }

    void insert_overCap_evictsLeastRecentlyUsedFirst()
    {
        HostPromptCache cache(300);
        QVERIFY(cache.insert({1}, bytes(100)));
        QVERIFY(cache.insert({2}, bytes(100)));
        QVERIFY(cache.insert({3}, bytes(100)));
        // Touch {1}: inserting what it already holds makes it the most recent.
        QVERIFY(!cache.insert({1}, bytes(100)));
        QVERIFY(cache.insert({4}, bytes(150)));  // needs 150: {2} and {3} go, {1} stays
        QCOMPARE(cache.size(), 2);
        QCOMPARE(cache.bytes(), qint64(250));
        QVERIFY(cache.bestMatch({1}).index >= 0);
        QVERIFY(cache.bestMatch({4}).index >= 0);
        QCOMPARE(cache.bestMatch({2}).index, -1);
        QCOMPARE(cache.bestMatch({3}).index, -1);
        QVERIFY(cache.bytes() <= cache.capBytes());
    }

    void insert_extensionOfEntry_replacesIt_prefixOfEntry_refused()
    {
        HostPromptCache cache(1000);
        QVERIFY(cache.insert({1, 2}, bytes(20)));
        QVERIFY(cache.insert({1, 2, 3, 4}, bytes(40)));  // holds all {1, 2} held
        QCOMPARE(cache.size(), 1);
        QCOMPARE(cache.bytes(), qint64(40));
        QVERIFY(!cache.insert({1, 2, 3}, bytes(30)));  // {1, 2, 3, 4} holds it already
        QCOMPARE(cache.size(), 1);
        QCOMPARE(cache.bytes(), qint64(40));
    }

    void insert_largerThanCapOrEmpty_refusedAndNothingEvicted()
    {
        HostPromptCache cache(100);
        QVERIFY(cache.insert({1}, bytes(60)));
        QVERIFY(!cache.insert({2}, bytes(101)));
        QVERIFY(!cache.insert({}, bytes(10)));
        QCOMPARE(cache.size(), 1);
        QCOMPARE(cache.bytes(), qint64(60));
        HostPromptCache none(0);
        QVERIFY(!none.insert({1}, bytes(1)));
    }

    void randomOperations_bytesAlwaysUnderCapAndAccountedExactly()
    {
        HostPromptCache cache(5000);
        std::srand(7);
        for (int i = 0; i < 5000; ++i) {
            std::vector<Token> tokens(size_t(1 + std::rand() % 8));
            for (Token &t : tokens)
                t = std::rand() % 4;
            if (std::rand() % 3 == 0) {
                const auto m = cache.bestMatch(tokens);
                if (m.index >= 0)
                    cache.take(m.index);
            } else {
                cache.insert(tokens, bytes(size_t(1 + std::rand() % 1200)));
            }
            qint64 sum = 0;
            for (const auto &e : cache.entries())
                sum += qint64(e.state.size());
            QCOMPARE(cache.bytes(), sum);
            QVERIFY(cache.bytes() <= cache.capBytes());
        }
    }
};

QTEST_APPLESS_MAIN(TestHostPromptCache)
#include "tst_hostpromptcache.moc"

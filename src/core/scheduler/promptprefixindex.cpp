// Block hashing, recording, matching and least-recently-used eviction; see promptprefixindex.h.
#include "promptprefixindex.h"

namespace rbee::core {

namespace {
// FNV-1a, 64 bits, over UTF-16 code units. Deterministic across runs (unlike qHash's seed), so
// the same prompt maps to the same blocks in tests and in logs. The state carries over block
// boundaries, which is what makes the hashes chained.
constexpr quint64 kFnvOffset = 14695981039346656037ULL;
constexpr quint64 kFnvPrime = 1099511628211ULL;
}  // namespace

PromptPrefixIndex::PromptPrefixIndex(int maxBlocksPerWorker, int maxBlocks)
    : m_maxPerWorker(qMax(1, maxBlocksPerWorker))
    , m_maxBlocks(qMax(1, maxBlocks))
{}

QList<quint64> PromptPrefixIndex::blockHashes(QStringView text)
{
    QList<quint64> out;
    out.reserve(text.size() / kBlockChars);
    quint64 h = kFnvOffset;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text[i].unicode();
        h = (h ^ (c & 0xff)) * kFnvPrime;
        h = (h ^ (c >> 8)) * kFnvPrime;
        if ((i + 1) % kBlockChars == 0)
            out.append(h);
    }
    return out;
}

void PromptPrefixIndex::record(const QString &workerId, const QList<quint64> &hashes)
{
    if (hashes.isEmpty())
        return;
    WorkerBlocks &blocks = m_workers[workerId];
    // Last block first, so the first block is the most recent of all.
    for (qsizetype i = hashes.size() - 1; i >= 0; --i)
        touch(workerId, blocks, hashes.at(i));
    while (int(blocks.byTick.size()) > m_maxPerWorker)
        evict(blocks.byTick.begin()->first);
    while (int(m_lru.size()) > m_maxBlocks)
        evict(m_lru.begin()->first);
}

void PromptPrefixIndex::touch(const QString &workerId, WorkerBlocks &blocks, quint64 hash)
{
    const auto known = blocks.tickOf.constFind(hash);
    if (known != blocks.tickOf.cend()) {
        blocks.byTick.erase(*known);
        m_lru.erase(*known);
    }
    const quint64 tick = ++m_tick;
    blocks.tickOf.insert(hash, tick);
    blocks.byTick.emplace(tick, hash);
    m_lru.emplace(tick, Owner{workerId, hash});
}

void PromptPrefixIndex::evict(quint64 tick)
{
    const auto it = m_lru.find(tick);
    if (it == m_lru.end())
        return;
    const auto w = m_workers.find(it->second.workerId);
    if (w != m_workers.end()) {
        w->tickOf.remove(it->second.hash);
        w->byTick.erase(tick);
        if (w->byTick.empty())
            m_workers.erase(w);
    }
    m_lru.erase(it);
}

qint64 PromptPrefixIndex::matchedChars(const QString &workerId, const QList<quint64> &hashes) const
{
    const auto w = m_workers.constFind(workerId);
    if (w == m_workers.cend())
        return 0;
    // A chained hash held means its whole prefix was sent, even if earlier blocks were evicted.
    for (qsizetype i = hashes.size() - 1; i >= 0; --i) {
        if (w->tickOf.contains(hashes.at(i)))
            return qint64(i + 1) * kBlockChars;
    }
    return 0;
}

void PromptPrefixIndex::forget(const QString &workerId)
{
    const auto w = m_workers.find(workerId);
    if (w == m_workers.end())
        return;
    for (const auto &[tick, hash] : w->byTick)
        m_lru.erase(tick);
    m_workers.erase(w);
}

int PromptPrefixIndex::blockCount(const QString &workerId) const
{
    const auto w = m_workers.constFind(workerId);
    return w == m_workers.cend() ? 0 : int(w->byTick.size());
}

}  // namespace rbee::core

// PromptPrefixIndex: which prompts each worker was recently sent, as chained hashes of the prompt
// text in fixed-size blocks, so the cache-aware policy can ask how much of a new prompt a worker
// has seen from its start. Holds hashes, never text; bounded. Pure: no clock, no I/O.
#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringView>

#include <map>

namespace rbee::core {

class PromptPrefixIndex {
public:
    // 64 characters: about 16 tokens of English, so a match is measured to within a few
    // tokens, and a 16,000-character conversation is 250 hashes.
    static constexpr int kBlockChars = 64;
    // Blocks remembered per worker: 8,192 blocks = 512 Ki characters of prompts, more than
    // the KV cache of a home machine's worker holds (16 slots x 8k tokens x ~4 characters),
    // so the index does not forget what the worker still has.
    static constexpr int kMaxBlocksPerWorker = 8192;
    // Blocks over all workers: 65,536 blocks; each costs about 200 bytes (two map nodes and a
    // hash entry; measured: 12.3 MiB of RSS for a full index over 64 workers), so the index
    // stays near 13 MiB however many workers and prompts come.
    static constexpr int kMaxBlocks = 65536;

    explicit PromptPrefixIndex(int maxBlocksPerWorker = kMaxBlocksPerWorker, int maxBlocks = kMaxBlocks);

    // Chained hashes of the full blocks of `text`: element i covers characters
    // [0, (i + 1) * kBlockChars), so two texts share element i exactly when (hash collisions
    // aside) their first (i + 1) blocks are equal. A partial last block is not hashed.
    static QList<quint64> blockHashes(QStringView text);

    // The worker was sent a prompt with these block hashes. Its blocks become the most
    // recently used, the first block most of all: eviction takes the ends of old prompts first.
    void record(const QString &workerId, const QList<quint64> &hashes);
    // How many leading characters of the prompt the worker was sent before: (i + 1) *
    // kBlockChars for the last block i it holds, 0 when none.
    qint64 matchedChars(const QString &workerId, const QList<quint64> &hashes) const;
    // Drops what the worker held (it left the registry; a restarted worker has a new id).
    void forget(const QString &workerId);

    int blockCount() const { return int(m_lru.size()); }
    int blockCount(const QString &workerId) const;

private:
    struct Owner {
        QString workerId;
        quint64 hash = 0;
    };
    struct WorkerBlocks {
        QHash<quint64, quint64> tickOf;     // block hash -> tick of its last use
        std::map<quint64, quint64> byTick;  // tick -> block hash, oldest first
    };
    void touch(const QString &workerId, WorkerBlocks &blocks, quint64 hash);
    void evict(quint64 tick);

    int m_maxPerWorker;
    int m_maxBlocks;
    quint64 m_tick = 0;
    std::map<quint64, Owner> m_lru;  // tick -> block, oldest first, all workers
    QHash<QString, WorkerBlocks> m_workers;
};

}  // namespace rbee::core

// HostPromptCache: KV states of prompts pushed out of the engine's slots, kept in host memory
// (--cache-ram) so that a conversation that lost its slot resumes without decoding its history
// again. A plain container: it never calls llama.cpp (DecodeLoop saves and restores the states)
// and is used on the engine thread only.
#pragma once

#include "llamamodel.h"

#include <QtGlobal>

#include <cstdint>
#include <vector>

namespace rbee::worker {

// How many leading tokens two sequences share.
size_t commonPrefixLength(const std::vector<Token> &a, const std::vector<Token> &b);

class HostPromptCache {
public:
    struct Entry {
        std::vector<Token> tokens;   // the sequence whose KV `state` holds
        std::vector<uint8_t> state;  // llama_state_seq_get_data of that sequence
        quint64 lastUsed = 0;
    };
    struct Match {
        int index = -1;     // -1: no entry shares a token with the prompt
        size_t prefix = 0;  // tokens shared with the prompt
    };

    explicit HostPromptCache(qint64 capBytes) : m_capBytes(capBytes) {}

    // The entry sharing the longest prefix with `prompt` (ties: the most recently used).
    Match bestMatch(const std::vector<Token> &prompt) const;
    // Removes the entry and hands it over (its state goes back into a slot).
    Entry take(int index);
    // Keeps `tokens` with their state, the most recently used; drops the entries whose tokens are
    // a prefix of `tokens` (this one holds all they hold), then the least recently used ones until
    // everything fits under the cap. An entry that alone exceeds the cap, or that an entry already
    // holds (`tokens` is a prefix of it), is not stored: false.
    bool insert(std::vector<Token> tokens, std::vector<uint8_t> state);

    qint64 capBytes() const { return m_capBytes; }
    qint64 bytes() const { return m_bytes; }
    int size() const { return int(m_entries.size()); }
    const std::vector<Entry> &entries() const { return m_entries; }

private:
    void eraseAt(size_t i);

    qint64 m_capBytes;
    qint64 m_bytes = 0;
    quint64 m_tick = 0;
    std::vector<Entry> m_entries;
};

}  // namespace rbee::worker

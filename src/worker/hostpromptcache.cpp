// Matching, insertion and least-recently-used eviction of the host-memory prompt cache; see
// hostpromptcache.h.
#include "hostpromptcache.h"

#include <algorithm>

namespace rbee::worker {

size_t commonPrefixLength(const std::vector<Token> &a, const std::vector<Token> &b)
{
    const auto [ia, ib] = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
    return size_t(ia - a.begin());
}

HostPromptCache::Match HostPromptCache::bestMatch(const std::vector<Token> &prompt) const
{
    Match best;
    for (size_t i = 0; i < m_entries.size(); ++i) {
        const size_t n = commonPrefixLength(m_entries[i].tokens, prompt);
        if (n == 0)
            continue;
        if (n > best.prefix || (n == best.prefix && m_entries[i].lastUsed > m_entries[size_t(best.index)].lastUsed))
            best = Match{int(i), n};
    }
    return best;
}

HostPromptCache::Entry HostPromptCache::take(int index)
{
    Entry entry = std::move(m_entries[size_t(index)]);
    m_bytes -= qint64(entry.state.size());
    m_entries.erase(m_entries.begin() + index);
    return entry;
}

void HostPromptCache::eraseAt(size_t i)
{
    m_bytes -= qint64(m_entries[i].state.size());
    m_entries.erase(m_entries.begin() + qsizetype(i));
}

bool HostPromptCache::insert(std::vector<Token> tokens, std::vector<uint8_t> state)
{
    const qint64 size = qint64(state.size());
    if (tokens.empty() || size > m_capBytes)
        return false;
    for (size_t i = 0; i < m_entries.size();) {
        const size_t shared = commonPrefixLength(m_entries[i].tokens, tokens);
        if (shared == tokens.size()) {  // already held, whole
            m_entries[i].lastUsed = ++m_tick;
            return false;
        }
        if (shared == m_entries[i].tokens.size())
            eraseAt(i);  // a prefix of the new one
        else
            ++i;
    }
    while (m_bytes + size > m_capBytes) {
        const auto oldest = std::min_element(m_entries.begin(), m_entries.end(),
                                             [](const Entry &a, const Entry &b) { return a.lastUsed < b.lastUsed; });
        eraseAt(size_t(oldest - m_entries.begin()));
    }
    m_bytes += size;
    m_entries.push_back(Entry{std::move(tokens), std::move(state), ++m_tick});
    return true;
}

}  // namespace rbee::worker

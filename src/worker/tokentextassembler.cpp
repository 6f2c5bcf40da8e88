// UTF-8 completion and stop-string hold-back; see tokentextassembler.h.
#include "tokentextassembler.h"

#include <algorithm>

namespace rbee::worker {

TokenTextAssembler::TokenTextAssembler(QStringList stopStrings) : m_stops(std::move(stopStrings)) {}

qsizetype TokenTextAssembler::completeUtf8Prefix(const QByteArray &bytes)
{
    const qsizetype size = bytes.size();
    // Look back at most 3 bytes for the lead byte of the last character.
    for (qsizetype back = 1; back <= std::min<qsizetype>(4, size); ++back) {
        const auto byte = static_cast<unsigned char>(bytes.at(size - back));
        if ((byte & 0xC0) == 0x80)
            continue;  // continuation byte
        int need = 1;
        if ((byte & 0xE0) == 0xC0)
            need = 2;
        else if ((byte & 0xF0) == 0xE0)
            need = 3;
        else if ((byte & 0xF8) == 0xF0)
            need = 4;
        return back < need ? size - back : size;
    }
    return size;  // no lead byte nearby: invalid bytes pass through as they are
}

QString TokenTextAssembler::push(const QByteArray &piece)
{
    if (m_stopped)
        return {};
    const int token = m_pushed++;
    m_pendingBytes += piece;
    const qsizetype complete = completeUtf8Prefix(m_pendingBytes);
    m_held += QString::fromUtf8(m_pendingBytes.left(complete));
    m_pendingBytes.remove(0, complete);
    // A token that ends inside a character ends, as far as text goes, with the token that
    // completes the character.
    if (m_pendingBytes.isEmpty())
        m_ends.push_back(TokenEnd{m_held.size(), token});

    qsizetype first = -1;
    for (const QString &stop : m_stops) {
        const qsizetype at = m_held.indexOf(stop);
        if (at >= 0 && (first < 0 || at < first))
            first = at;
    }
    if (first >= 0) {
        m_stopped = true;
        const QString out = m_held.left(first);
        m_held.clear();
        m_pendingBytes.clear();
        m_ends.clear();
        m_releasedThrough = token;
        return out;
    }
    // Release the text of whole tokens, up to the last token end before the held-back tail: a
    // token whose text is partly held is held whole, so no later text belongs to a token already
    // sent.
    const qsizetype releasable = m_held.size() - stopPrefixLength();
    qsizetype cut = 0;
    while (!m_ends.empty() && m_ends.front().offset <= releasable) {
        cut = m_ends.front().offset;
        if (cut > 0)
            m_releasedThrough = m_ends.front().token;
        m_ends.pop_front();
    }
    if (cut == 0)
        return {};
    const QString out = m_held.left(cut);
    m_held.remove(0, cut);
    for (auto &end : m_ends)
        end.offset -= cut;
    return out;
}

qsizetype TokenTextAssembler::stopPrefixLength() const
{
    // The longest tail of the text that could still grow into a stop string.
    qsizetype hold = 0;
    for (const QString &stop : m_stops) {
        for (qsizetype len = std::min(stop.size() - 1, m_held.size()); len > hold; --len) {
            if (QStringView(m_held).right(len) == QStringView(stop).left(len)) {
                hold = len;
                break;
            }
        }
    }
    return hold;
}

QString TokenTextAssembler::flush()
{
    if (m_stopped)
        return {};
    QString out = m_held + QString::fromUtf8(m_pendingBytes);
    m_held.clear();
    m_pendingBytes.clear();
    m_ends.clear();
    if (!out.isEmpty())
        m_releasedThrough = m_pushed - 1;
    return out;
}

}  // namespace rbee::worker

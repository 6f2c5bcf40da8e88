// Line splitting and field dispatch of the event-stream format. Bytes are buffered until a line
// ends, so a UTF-8 character split between chunks is decoded only once it is whole.
#include "sseparser.h"

namespace rbee::core {

void SseParser::reset()
{
    *this = SseParser{};
}

QList<SseEvent> SseParser::feed(QByteArrayView chunk)
{
    QList<SseEvent> out;
    qsizetype i = 0;
    if (m_skipLf && !chunk.isEmpty()) {
        if (chunk.at(0) == '\n')
            i = 1;
        m_skipLf = false;
    }
    qsizetype start = i;
    for (; i < chunk.size(); ++i) {
        const char c = chunk.at(i);
        if (c != '\n' && c != '\r')
            continue;
        m_line.append(chunk.sliced(start, i - start));
        processLine(m_line, out);
        m_line.clear();
        if (c == '\r') {
            if (i + 1 < chunk.size()) {
                if (chunk.at(i + 1) == '\n')
                    ++i;
            } else {
                m_skipLf = true;
            }
        }
        start = i + 1;
    }
    if (start < chunk.size())
        m_line.append(chunk.sliced(start));
    return out;
}

void SseParser::processLine(const QByteArray &line, QList<SseEvent> &out)
{
    if (line.isEmpty()) {
        if (m_hasData) {
            m_raw += '\n';
            out.append(SseEvent{QString::fromUtf8(m_event), QString::fromUtf8(m_data), QString::fromUtf8(m_id), m_raw});
        }
        m_event.clear();
        m_data.clear();
        m_raw.clear();
        m_hasData = false;
        return;
    }
    m_raw += line;
    m_raw += '\n';
    if (line.startsWith(':'))
        return;  // comment / keep-alive
    const qsizetype colon = line.indexOf(':');
    const QByteArray field = colon < 0 ? line : line.left(colon);
    QByteArray value = colon < 0 ? QByteArray() : line.mid(colon + 1);
    if (value.startsWith(' '))
        value.remove(0, 1);
    if (field == "data") {
        if (m_hasData)
            m_data += '\n';
        m_data += value;
        m_hasData = true;
    } else if (field == "event") {
        m_event = value;
    } else if (field == "id") {
        if (!value.contains('\0'))
            m_id = value;
    }
    // "retry" and unknown fields are ignored, as the format requires.
}

}  // namespace rbee::core

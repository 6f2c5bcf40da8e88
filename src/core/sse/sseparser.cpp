// Line splitting and field dispatch of the event-stream format. Bytes are buffered until a line
// ends, so a UTF-8 character split between chunks is decoded only once it is whole.
//
// This sits on the queen's per-token relay path, so a whole line inside the chunk is handled as a
// view of it, field buffers keep their capacity between events, and a repeated event name or id
// reuses one QString: a dispatched event costs two allocations (its data text and its raw bytes).
#include "sseparser.h"

#include <utility>

namespace rbee::core {

namespace {
constexpr qsizetype kRawReserve = 96;  // "event: token\ndata: {...}\n\n" fits

// Empties a buffer and keeps its capacity (clear() would free it).
void empty(QByteArray &bytes)
{
    bytes.resize(0);
}
}  // namespace

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
        if (m_line.isEmpty()) {
            processLine(chunk.sliced(start, i - start), out);
        } else {
            m_line.append(chunk.sliced(start, i - start));
            processLine(m_line, out);
            empty(m_line);
        }
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

void SseParser::processLine(QByteArrayView line, QList<SseEvent> &out)
{
    if (line.isEmpty()) {
        if (m_hasData) {
            m_raw += '\n';
            if (m_event != m_eventNameBytes) {
                m_eventNameBytes = m_event;
                m_eventName = QString::fromUtf8(m_event);
            }
            if (m_id != m_idTextBytes) {
                m_idTextBytes = m_id;
                m_idText = QString::fromUtf8(m_id);
            }
            out.append(SseEvent{m_eventName, QString::fromUtf8(m_data), m_idText, std::exchange(m_raw, {})});
        }
        empty(m_event);
        empty(m_data);
        empty(m_raw);  // the last event id persists, as the format requires
        m_hasData = false;
        return;
    }
    if (m_raw.capacity() < kRawReserve)
        m_raw.reserve(kRawReserve);
    m_raw += line;
    m_raw += '\n';
    if (line.startsWith(':'))
        return;  // comment / keep-alive
    const qsizetype colon = line.indexOf(':');
    const QByteArrayView field = colon < 0 ? line : line.first(colon);
    QByteArrayView value = colon < 0 ? QByteArrayView() : line.sliced(colon + 1);
    if (value.startsWith(' '))
        value = value.sliced(1);
    if (field == "data") {
        if (m_hasData)
            m_data += '\n';
        m_data += value;
        m_hasData = true;
    } else if (field == "event") {
        empty(m_event);
        m_event += value;
    } else if (field == "id") {
        if (!value.contains('\0')) {
            empty(m_id);
            m_id += value;
        }
    }
    // "retry" and unknown fields are ignored, as the format requires.
}

}  // namespace rbee::core

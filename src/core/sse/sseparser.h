// SseParser: turns arbitrary byte chunks of a text/event-stream into complete events, following
// the WHATWG event-stream rules (LF, CRLF and CR line ends; comments; multi-line data).
// Pure value class, no QObject: the desktop app, the queen and the tests feed it.
#pragma once

#include "sseevent.h"

#include <QByteArray>
#include <QList>

namespace rbee::core {

class SseParser {
public:
    // Returns the events completed by this chunk, in order.
    QList<SseEvent> feed(QByteArrayView chunk);
    // Bytes held back waiting for the end of a line (bounded by the caller's read size).
    qsizetype pendingBytes() const { return m_line.size(); }
    void reset();

private:
    void processLine(QByteArrayView line, QList<SseEvent> &out);

    QByteArray m_line;
    QByteArray m_event;
    QByteArray m_data;
    QByteArray m_id;
    QByteArray m_raw;             // the current event's lines, LF-terminated
    QByteArray m_eventNameBytes;  // the last dispatched event name, and as text (shared, not copied)
    QString m_eventName;
    QByteArray m_idTextBytes;  // likewise for the last event id
    QString m_idText;
    bool m_hasData = false;
    bool m_skipLf = false;  // the previous chunk ended in CR: a leading LF belongs to it
};

}  // namespace rbee::core

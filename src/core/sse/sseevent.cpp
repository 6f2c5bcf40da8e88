// Serialisation of SseEvent to the text/event-stream format.
#include "sseevent.h"

namespace rbee::core {

QByteArray SseEvent::serialize() const
{
    if (!raw.isEmpty())
        return raw;
    QByteArray out;
    out.reserve(data.size() + event.size() + 16);
    if (!id.isEmpty())
        out += "id: " + id.toUtf8() + '\n';
    if (!event.isEmpty())
        out += "event: " + event.toUtf8() + '\n';
    // Every line end of the format (LF, CRLF, lone CR) splits data into its own data: line.
    QByteArray bytes = data.toUtf8();
    bytes.replace("\r\n", "\n");
    bytes.replace('\r', '\n');
    qsizetype start = 0;
    while (true) {
        const qsizetype nl = bytes.indexOf('\n', start);
        out += "data: ";
        out += bytes.mid(start, nl < 0 ? -1 : nl - start);
        out += '\n';
        if (nl < 0)
            break;
        start = nl + 1;
    }
    out += '\n';
    return out;
}

}  // namespace rbee::core

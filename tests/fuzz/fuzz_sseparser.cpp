// Fuzz target: SseParser on an arbitrary event stream, fed once whole and once in the pieces the
// fuzzer chose. Both feedings must give the same events; each event's raw text ends its event
// with a blank line; after a final blank line nothing is held back; an event serialized
// anew parses back to itself.
#include <QList>

#include "core/sse/sseparser.h"
#include "fuzzcheck.h"
#include "fuzzsplit.h"

using rbee::core::SseEvent;
using rbee::core::SseParser;
using rbee::fuzz::require;

namespace {

QList<SseEvent> parse(const QList<QByteArrayView> &chunks)
{
    SseParser parser;
    QList<SseEvent> events;
    qsizetype fed = 0;
    for (const QByteArrayView chunk : chunks) {
        events += parser.feed(chunk);
        fed += chunk.size();
        require(parser.pendingBytes() <= fed, "the parser holds back no more than it was given");
    }
    // A blank line ends whatever event is open, whatever line end the stream used last.
    events += parser.feed("\n\n");
    require(parser.pendingBytes() == 0, "nothing is held back after a blank line");
    return events;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const rbee::fuzz::SplitInput in = rbee::fuzz::splitInput(data, size);
    const QList<SseEvent> whole = parse({in.stream});
    const QList<SseEvent> pieces = parse(in.chunks);
    require(whole.size() == pieces.size(), "the events do not depend on how the stream is split");
    for (qsizetype i = 0; i < whole.size(); ++i) {
        const SseEvent &a = whole.at(i);
        const SseEvent &b = pieces.at(i);
        require(a.event == b.event && a.data == b.data && a.id == b.id && a.raw == b.raw,
                "each event does not depend on how the stream is split");
        require(a.raw.endsWith("\n\n"), "an event's raw text ends with a blank line");
        // What the queen writes for an event it built itself reads back as that event.
        const SseEvent rebuilt{a.event, a.data, a.id};
        SseParser reader;
        const QList<SseEvent> back = reader.feed(rebuilt.serialize());
        require(back.size() == 1 && back.first() == rebuilt, "a serialized event parses back to itself");
    }
    return 0;
}

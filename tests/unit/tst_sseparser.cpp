// SseParser and SseEvent: field parsing, line ends, dispatch and the [DONE] sentinel, each input
// also fed split at every byte (two chunks) and byte by byte; serialize() -> feed() round trips.
#include "core/sse/sseevent.h"
#include "core/sse/sseparser.h"

#include <QList>
#include <QTest>

using rbee::core::SseEvent;
using rbee::core::SseParser;

namespace rbee::core {
// Lets QCOMPARE print events that differ.
char *toString(const SseEvent &e)
{
    const QByteArray keep = " {}[]:\",";
    const QByteArray text = "SseEvent{event=" + e.event.toUtf8().toPercentEncoding(keep)
                            + ", data=" + e.data.toUtf8().toPercentEncoding(keep)
                            + ", id=" + e.id.toUtf8().toPercentEncoding(keep) + '}';
    return qstrdup(text.constData());
}
}  // namespace rbee::core

Q_DECLARE_METATYPE(rbee::core::SseEvent)

namespace {

SseEvent ev(const char *data, const char *event = "", const char *id = "")
{
    return SseEvent{QString::fromUtf8(event), QString::fromUtf8(data), QString::fromUtf8(id)};
}

QList<SseEvent> feedChunks(const QList<QByteArray> &chunks)
{
    SseParser parser;
    QList<SseEvent> out;
    for (const QByteArray &chunk : chunks)
        out += parser.feed(chunk);
    return out;
}

QList<SseEvent> feedWhole(const QByteArray &input)
{
    return feedChunks({input});
}

QList<SseEvent> feedBytewise(const QByteArray &input)
{
    QList<QByteArray> chunks;
    for (qsizetype i = 0; i < input.size(); ++i)
        chunks.append(input.mid(i, 1));
    return feedChunks(chunks);
}

}  // namespace

class TestSseParser : public QObject {
    Q_OBJECT

private:
    void addCases();

private Q_SLOTS:
    void feed_wholeInput_yieldsEvents_data() { addCases(); }
    void feed_wholeInput_yieldsEvents();
    void feed_splitAtEveryByte_yieldsSameEvents_data() { addCases(); }
    void feed_splitAtEveryByte_yieldsSameEvents();
    void feed_byteByByte_yieldsSameEvents_data() { addCases(); }
    void feed_byteByByte_yieldsSameEvents();
    void feed_emptyChunksBetweenEveryByte_yieldsSameEvents_data() { addCases(); }
    void feed_emptyChunksBetweenEveryByte_yieldsSameEvents();

    void feed_splitInsideUtf8Character_yieldsWholeText_data();
    void feed_splitInsideUtf8Character_yieldsWholeText();
    void feed_eventsAreReturnedByTheChunkThatCompletesThem();
    void feed_crAtChunkEndThenLf_countsOneLineEnd();
    void feed_rawHoldsTheEventsLinesWithLfEnds_data();
    void feed_rawHoldsTheEventsLinesWithLfEnds();
    void feed_eventNamesAndIdsChangeBetweenEvents();
    void feed_crAtChunkEndThenOtherByte_keepsThatByte();
    void pendingBytes_countsBytesOfUnfinishedLine();
    void reset_dropsPartialLineAndEvent();
    void isDone_onlyForDefaultEventWithDoneData_data();
    void isDone_onlyForDefaultEventWithDoneData();

    void serialize_writesFieldsAndBlankLine_data();
    void serialize_writesFieldsAndBlankLine();
    void serialize_parsedBack_equalsOriginal_data();
    void serialize_parsedBack_equalsOriginal();
    void serialize_dataWithLoneCarriageReturn_losesNoText();
};

void TestSseParser::addCases()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QList<SseEvent>>("expected");

    // Fields
    QTest::newRow("data only") << QByteArray("data: hello\n\n") << QList<SseEvent>{ev("hello")};
    QTest::newRow("event, id and data") << QByteArray("event: token\nid: 7\ndata: {\"t\":\"x\",\"i\":0}\n\n")
                                        << QList<SseEvent>{ev("{\"t\":\"x\",\"i\":0}", "token", "7")};
    QTest::newRow("fields in any order") << QByteArray("data: d\nid: 1\nevent: e\n\n")
                                         << QList<SseEvent>{ev("d", "e", "1")};
    QTest::newRow("multi-line data joined with LF")
        << QByteArray("data: a\ndata: b\ndata: c\n\n") << QList<SseEvent>{ev("a\nb\nc")};
    QTest::newRow("multi-line data with empty middle line")
        << QByteArray("data: a\ndata:\ndata: c\n\n") << QList<SseEvent>{ev("a\n\nc")};
    QTest::newRow("data without space after colon") << QByteArray("data:hello\n\n") << QList<SseEvent>{ev("hello")};
    QTest::newRow("only one space after colon is stripped")
        << QByteArray("data:  two spaces\n\n") << QList<SseEvent>{ev(" two spaces")};
    QTest::newRow("tab after colon is kept") << QByteArray("data:\tx\n\n") << QList<SseEvent>{ev("\tx")};
    QTest::newRow("trailing spaces kept") << QByteArray("data: x  \n\n") << QList<SseEvent>{ev("x  ")};
    QTest::newRow("colon inside value") << QByteArray("data: a: b:c\n\n") << QList<SseEvent>{ev("a: b:c")};
    QTest::newRow("empty data value dispatches empty event") << QByteArray("data: \n\n") << QList<SseEvent>{ev("")};
    QTest::newRow("field without colon: data") << QByteArray("data\n\n") << QList<SseEvent>{ev("")};
    QTest::newRow("field without colon twice: data") << QByteArray("data\ndata\n\n") << QList<SseEvent>{ev("\n")};
    QTest::newRow("field without colon: event clears name")
        << QByteArray("event: x\nevent\ndata: d\n\n") << QList<SseEvent>{ev("d")};
    QTest::newRow("unknown field without colon ignored") << QByteArray("foo\ndata: d\n\n") << QList<SseEvent>{ev("d")};
    QTest::newRow("unknown field ignored") << QByteArray("foo: bar\ndata: d\n\n") << QList<SseEvent>{ev("d")};
    QTest::newRow("retry ignored") << QByteArray("retry: 1000\ndata: d\n\n") << QList<SseEvent>{ev("d")};
    QTest::newRow("field names are case-sensitive") << QByteArray("Data: x\nEVENT: y\n\n") << QList<SseEvent>{};
    QTest::newRow("last event field wins")
        << QByteArray("event: a\nevent: b\ndata: d\n\n") << QList<SseEvent>{ev("d", "b")};
    QTest::newRow("id containing NUL ignored") << QByteArray("id: a\0b\ndata: d\n\n", 17) << QList<SseEvent>{ev("d")};
    QTest::newRow("utf-8 in every field")
        << QByteArray("event: caf\xc3\xa9\nid: \xe2\x82\xac\ndata: \xf0\x9f\x98\x80 ok\n\n")
        << QList<SseEvent>{ev("\xf0\x9f\x98\x80 ok", "caf\xc3\xa9", "\xe2\x82\xac")};

    // Comments
    QTest::newRow("comment ignored") << QByteArray(": keep-alive\ndata: d\n\n") << QList<SseEvent>{ev("d")};
    QTest::newRow("comment between data lines")
        << QByteArray("data: a\n: ping\ndata: b\n\n") << QList<SseEvent>{ev("a\nb")};
    QTest::newRow("comment alone dispatches nothing") << QByteArray(":\n\n: x\n\n") << QList<SseEvent>{};
    QTest::newRow("comment that looks like data") << QByteArray(":data: x\n\n") << QList<SseEvent>{};

    // Line ends
    QTest::newRow("CRLF line ends") << QByteArray("event: e\r\nid: 1\r\ndata: a\r\ndata: b\r\n\r\n")
                                    << QList<SseEvent>{ev("a\nb", "e", "1")};
    QTest::newRow("CR line ends") << QByteArray("event: e\rid: 1\rdata: a\rdata: b\r\r")
                                  << QList<SseEvent>{ev("a\nb", "e", "1")};
    QTest::newRow("mixed LF, CR and CRLF")
        << QByteArray("data: a\rdata: b\r\ndata: c\n\r\n") << QList<SseEvent>{ev("a\nb\nc")};
    QTest::newRow("CR CR LF is two line ends")
        << QByteArray("data: a\r\r\ndata: b\n\n") << QList<SseEvent>{ev("a"), ev("b")};
    QTest::newRow("LF CR is two line ends")
        << QByteArray("data: a\n\rdata: b\r\n\r\n") << QList<SseEvent>{ev("a"), ev("b")};
    QTest::newRow("CRLF events back to back")
        << QByteArray("data: 1\r\n\r\ndata: 2\r\n\r\n") << QList<SseEvent>{ev("1"), ev("2")};

    // Dispatch
    QTest::newRow("no blank line, no event") << QByteArray("data: pending\n") << QList<SseEvent>{};
    QTest::newRow("no line end, no event") << QByteArray("data: pending") << QList<SseEvent>{};
    QTest::newRow("blank lines alone dispatch nothing") << QByteArray("\n\n\r\n\r") << QList<SseEvent>{};
    QTest::newRow("event without data not dispatched")
        << QByteArray("event: ping\n\ndata: d\n\n") << QList<SseEvent>{ev("d")};
    QTest::newRow("event name reset after dispatch")
        << QByteArray("event: a\ndata: 1\n\ndata: 2\n\n") << QList<SseEvent>{ev("1", "a"), ev("2")};
    QTest::newRow("last event id persists across events")
        << QByteArray("id: 5\ndata: a\n\ndata: b\n\nid\ndata: c\n\n")
        << QList<SseEvent>{ev("a", "", "5"), ev("b", "", "5"), ev("c")};
    QTest::newRow("extra blank lines between events")
        << QByteArray("\n\ndata: 1\n\n\n\ndata: 2\n\n\n") << QList<SseEvent>{ev("1"), ev("2")};
    QTest::newRow("second event incomplete") << QByteArray("data: 1\n\ndata: 2\n") << QList<SseEvent>{ev("1")};
    QTest::newRow("stream of token events then DONE")
        << QByteArray("event: started\ndata: {}\n\n"
                      "event: token\ndata: {\"t\":\"Hi\"}\n\n"
                      "event: end\ndata: {}\n\n"
                      "data: [DONE]\n\n")
        << QList<SseEvent>{ev("{}", "started"), ev("{\"t\":\"Hi\"}", "token"), ev("{}", "end"), ev("[DONE]")};
    QTest::newRow("DONE sentinel") << QByteArray("data: [DONE]\n\n") << QList<SseEvent>{SseEvent::done()};
    QTest::newRow("DONE sentinel without space")
        << QByteArray("data:[DONE]\r\n\r\n") << QList<SseEvent>{SseEvent::done()};
}

void TestSseParser::feed_wholeInput_yieldsEvents()
{
    QFETCH(QByteArray, input);
    QFETCH(QList<SseEvent>, expected);
    QCOMPARE(feedWhole(input), expected);
}

void TestSseParser::feed_splitAtEveryByte_yieldsSameEvents()
{
    QFETCH(QByteArray, input);
    QFETCH(QList<SseEvent>, expected);
    for (qsizetype at = 0; at <= input.size(); ++at) {
        const QList<SseEvent> got = feedChunks({input.left(at), input.mid(at)});
        if (got != expected) {
            qWarning("split at byte %lld differs", static_cast<long long>(at));
            QCOMPARE(got, expected);
        }
    }
}

void TestSseParser::feed_byteByByte_yieldsSameEvents()
{
    QFETCH(QByteArray, input);
    QFETCH(QList<SseEvent>, expected);
    QCOMPARE(feedBytewise(input), expected);
}

void TestSseParser::feed_emptyChunksBetweenEveryByte_yieldsSameEvents()
{
    QFETCH(QByteArray, input);
    QFETCH(QList<SseEvent>, expected);
    QList<QByteArray> chunks{QByteArray()};
    for (qsizetype i = 0; i < input.size(); ++i) {
        chunks.append(input.mid(i, 1));
        chunks.append(QByteArray());
    }
    QCOMPARE(feedChunks(chunks), expected);
}

void TestSseParser::feed_splitInsideUtf8Character_yieldsWholeText_data()
{
    QTest::addColumn<QByteArray>("character");
    QTest::newRow("2-byte e-acute") << QByteArray("\xc3\xa9");
    QTest::newRow("3-byte euro") << QByteArray("\xe2\x82\xac");
    QTest::newRow("4-byte emoji") << QByteArray("\xf0\x9f\x98\x80");
}

void TestSseParser::feed_splitInsideUtf8Character_yieldsWholeText()
{
    QFETCH(QByteArray, character);
    const QByteArray prefix = "event: t\ndata: x";
    const QByteArray input = prefix + character + "y\n\n";
    const SseEvent expected{QStringLiteral("t"), QLatin1String("x") + QString::fromUtf8(character) + u'y', {}};
    for (qsizetype inside = 1; inside < character.size(); ++inside) {
        const qsizetype at = prefix.size() + inside;
        SseParser parser;
        QVERIFY(parser.feed(input.left(at)).isEmpty());
        const QList<SseEvent> got = parser.feed(input.mid(at));
        QCOMPARE(got, QList<SseEvent>{expected});
        QVERIFY(!got.constFirst().data.contains(QChar::ReplacementCharacter));
    }
}

void TestSseParser::feed_eventsAreReturnedByTheChunkThatCompletesThem()
{
    SseParser parser;
    QCOMPARE(parser.feed("data: 1\n"), QList<SseEvent>{});
    QCOMPARE(parser.feed("\ndata: 2\n\ndata: 3\n"), (QList<SseEvent>{ev("1"), ev("2")}));
    QCOMPARE(parser.feed("\n"), QList<SseEvent>{ev("3")});
    QCOMPARE(parser.feed("\n"), QList<SseEvent>{});
}

void TestSseParser::feed_crAtChunkEndThenLf_countsOneLineEnd()
{
    // If the LF after a chunk-final CR were a second line end, "data: a" would be dispatched
    // at once instead of being joined with "data: b".
    SseParser parser;
    QCOMPARE(parser.feed("data: a\r"), QList<SseEvent>{});
    QCOMPARE(parser.feed("\ndata: b\r"), QList<SseEvent>{});
    QCOMPARE(parser.feed("\n\r"), QList<SseEvent>{ev("a\nb")});
    QCOMPARE(parser.feed("\n"), QList<SseEvent>{});  // LF of the blank line's CRLF, not another line
    QCOMPARE(parser.feed("data: c\n\n"), QList<SseEvent>{ev("c")});
}

void TestSseParser::feed_rawHoldsTheEventsLinesWithLfEnds_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QList<QByteArray>>("raw");
    // What the queen relays unchanged: each event's own lines (comments included), LF-ended.
    QTest::newRow("lf") << QByteArray("event: token\ndata: {\"t\":\"a\"}\n\ndata: 2\n\n")
                        << QList<QByteArray>{"event: token\ndata: {\"t\":\"a\"}\n\n", "data: 2\n\n"};
    QTest::newRow("crlf and cr") << QByteArray("id: 1\r\ndata: a\rdata: b\r\n\r\n")
                                 << QList<QByteArray>{"id: 1\ndata: a\ndata: b\n\n"};
    QTest::newRow("comment and dataless block")
        << QByteArray(": ping\n\nevent: x\n\n: hi\ndata: c\n\n") << QList<QByteArray>{": hi\ndata: c\n\n"};
}

void TestSseParser::feed_rawHoldsTheEventsLinesWithLfEnds()
{
    QFETCH(QByteArray, input);
    QFETCH(QList<QByteArray>, raw);
    for (const QList<SseEvent> &events : {feedWhole(input), feedBytewise(input)}) {
        QList<QByteArray> got;
        for (const SseEvent &e : events)
            got.append(e.raw);
        QCOMPARE(got, raw);
    }
}

void TestSseParser::feed_eventNamesAndIdsChangeBetweenEvents()
{
    // The parser reuses the text of a repeated name or id: a new one must still replace it.
    const QByteArray input = "event: started\ndata: 0\n\n"
                             "event: token\ndata: 1\n\n"
                             "event: token\nid: 7\ndata: 2\n\n"
                             "data: 3\n\n"
                             "event: end\nid: 8\ndata: 4\n\n";
    const QList<SseEvent> expected{ev("0", "started"), ev("1", "token"), ev("2", "token", "7"), ev("3", "", "7"),
                                   ev("4", "end", "8")};
    QCOMPARE(feedWhole(input), expected);
    QCOMPARE(feedBytewise(input), expected);
}

void TestSseParser::feed_crAtChunkEndThenOtherByte_keepsThatByte()
{
    SseParser parser;
    QCOMPARE(parser.feed("data: a\r"), QList<SseEvent>{});
    QCOMPARE(parser.feed("data: b\r"), QList<SseEvent>{});
    QCOMPARE(parser.feed("\r"), QList<SseEvent>{ev("a\nb")});
}

void TestSseParser::pendingBytes_countsBytesOfUnfinishedLine()
{
    SseParser parser;
    QCOMPARE(parser.pendingBytes(), qsizetype(0));
    parser.feed("data: ab");
    QCOMPARE(parser.pendingBytes(), qsizetype(8));
    parser.feed("c");
    QCOMPARE(parser.pendingBytes(), qsizetype(9));
    parser.feed("\n");
    QCOMPARE(parser.pendingBytes(), qsizetype(0));
}

void TestSseParser::reset_dropsPartialLineAndEvent()
{
    SseParser parser;
    parser.feed("event: old\nid: 9\ndata: first\ndata: half");
    parser.reset();
    QCOMPARE(parser.pendingBytes(), qsizetype(0));
    QCOMPARE(parser.feed("data: new\n\n"), QList<SseEvent>{ev("new")});
}

void TestSseParser::isDone_onlyForDefaultEventWithDoneData_data()
{
    QTest::addColumn<SseEvent>("event");
    QTest::addColumn<bool>("done");
    QTest::newRow("sentinel") << SseEvent::done() << true;
    QTest::newRow("parsed sentinel") << feedWhole("data: [DONE]\n\n").value(0) << true;
    QTest::newRow("named event with DONE data") << ev("[DONE]", "token") << false;
    QTest::newRow("lower case") << ev("[done]") << false;
    QTest::newRow("without brackets") << ev("DONE") << false;
    QTest::newRow("trailing space") << ev("[DONE] ") << false;
    QTest::newRow("empty") << ev("") << false;
}

void TestSseParser::isDone_onlyForDefaultEventWithDoneData()
{
    QFETCH(SseEvent, event);
    QFETCH(bool, done);
    QCOMPARE(event.isDone(), done);
}

void TestSseParser::serialize_writesFieldsAndBlankLine_data()
{
    QTest::addColumn<SseEvent>("event");
    QTest::addColumn<QByteArray>("wire");
    QTest::newRow("data only") << ev("x") << QByteArray("data: x\n\n");
    QTest::newRow("all fields") << ev("x", "token", "3") << QByteArray("id: 3\nevent: token\ndata: x\n\n");
    QTest::newRow("multi-line") << ev("a\nb") << QByteArray("data: a\ndata: b\n\n");
    QTest::newRow("empty data") << ev("") << QByteArray("data: \n\n");
    QTest::newRow("trailing newline") << ev("a\n") << QByteArray("data: a\ndata: \n\n");
    QTest::newRow("done") << SseEvent::done() << QByteArray("data: [DONE]\n\n");
}

void TestSseParser::serialize_writesFieldsAndBlankLine()
{
    QFETCH(SseEvent, event);
    QFETCH(QByteArray, wire);
    QCOMPARE(event.serialize(), wire);
}

void TestSseParser::serialize_parsedBack_equalsOriginal_data()
{
    QTest::addColumn<SseEvent>("event");
    QTest::newRow("data only") << ev("hello");
    QTest::newRow("event and id") << ev("{\"t\":\"x\"}", "token", "42");
    QTest::newRow("multi-line data") << ev("line 1\nline 2\nline 3", "token");
    QTest::newRow("empty data") << ev("");
    QTest::newRow("only a newline") << ev("\n");
    QTest::newRow("blank lines inside data") << ev("a\n\n\nb");
    QTest::newRow("leading and trailing newlines") << ev("\na\n");
    QTest::newRow("leading space kept") << ev(" indented");
    QTest::newRow("colons") << ev(": not a comment\ndata: not a field");
    QTest::newRow("utf-8") << ev("\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\n\xe4\xb8\xad", "caf\xc3\xa9", "\xe2\x82\xac");
    QTest::newRow("done sentinel") << SseEvent::done();
}

void TestSseParser::serialize_parsedBack_equalsOriginal()
{
    QFETCH(SseEvent, event);
    const QByteArray wire = event.serialize();
    QCOMPARE(feedWhole(wire), QList<SseEvent>{event});
    QCOMPARE(feedBytewise(wire), QList<SseEvent>{event});
    // Two events back to back: the second must not inherit the first's fields (except the id).
    const SseEvent second = ev("next", "", event.id.toUtf8().constData());
    QCOMPARE(feedWhole(wire + ev("next").serialize()), (QList<SseEvent>{event, second}));
}

void TestSseParser::serialize_dataWithLoneCarriageReturn_losesNoText()
{
    // A lone CR is a line end in the event-stream format, so data "a\rb" must be written as two
    // data lines (read back as "a\nb"); written as one line, "b" becomes an unknown field and is lost.
    const SseEvent event = ev("a\rb");
    const QList<SseEvent> got = feedWhole(event.serialize());
    QCOMPARE(got.size(), 1);
    QCOMPARE(got.constFirst().data, QStringLiteral("a\nb"));
}

QTEST_APPLESS_MAIN(TestSseParser)
#include "tst_sseparser.moc"

// HttpRequestParser: methods, bodies (Content-Length and chunked), paths, headers, keep-alive,
// pipelining, Expect: 100-continue, header/body limits and malformed input, at every byte split.
#include "core/http/httprequestparser.h"

#include <QList>
#include <QPair>
#include <QTest>

using rbee::core::Error;
using rbee::core::ErrorCode;
using rbee::core::HttpLimits;
using rbee::core::HttpRequest;
using rbee::core::HttpRequestParser;
using State = rbee::core::HttpRequestParser::State;

using Headers = QList<QPair<QByteArray, QByteArray>>;
using QueryItems = QList<QPair<QString, QString>>;

namespace rbee::core {
char *toString(ErrorCode code)
{
    return qstrdup(errorCodeName(code).toUtf8().constData());
}

char *toString(HttpRequestParser::State state)
{
    switch (state) {
    case HttpRequestParser::State::Incomplete: return qstrdup("Incomplete");
    case HttpRequestParser::State::Complete: return qstrdup("Complete");
    case HttpRequestParser::State::Failed: return qstrdup("Failed");
    }
    return qstrdup("?");
}
}  // namespace rbee::core

namespace {

// What a caller sees after feeding all chunks: every completed request, in order, then either the
// final state Incomplete/Failed (and the error when failed).
struct Outcome {
    QList<HttpRequest> requests;
    State state = State::Incomplete;
    Error error;
};

// Feeds chunks the way HttpConnection does: after a complete request, take it and feed({}) so
// already buffered bytes of the next request are parsed.
Outcome parseChunks(const QList<QByteArray> &chunks, const HttpLimits &limits = {})
{
    HttpRequestParser parser(limits);
    Outcome out;
    for (const QByteArray &chunk : chunks) {
        State state = parser.feed(chunk);
        while (state == State::Complete) {
            out.requests.append(parser.takeRequest());
            state = parser.feed({});
        }
        if (state == State::Failed)
            break;
    }
    out.state = parser.state();
    if (out.state == State::Failed)
        out.error = parser.error();
    return out;
}

QList<QByteArray> twoChunks(const QByteArray &input, qsizetype at)
{
    return {input.left(at), input.mid(at)};
}

QList<QByteArray> byteChunks(const QByteArray &input)
{
    QList<QByteArray> chunks;
    chunks.reserve(input.size());
    for (qsizetype i = 0; i < input.size(); ++i)
        chunks.append(input.mid(i, 1));
    return chunks;
}

// One line summing up an outcome, so that a whole/split/byte-wise run compares with one QCOMPARE.
QString describe(const Outcome &got)
{
    QStringList requests;
    for (const HttpRequest &r : got.requests) {
        requests.append(QString::fromLatin1(r.method) + u' ' + r.path + QStringLiteral(" body=")
                        + QString::number(r.body.size()));
    }
    QString text = QStringLiteral("requests=[%1] state=").arg(requests.join(QStringLiteral(", ")));
    switch (got.state) {
    case State::Incomplete: text += QStringLiteral("Incomplete"); break;
    case State::Complete: text += QStringLiteral("Complete"); break;
    case State::Failed: text += QStringLiteral("Failed error=") + rbee::core::errorCodeName(got.error.code); break;
    }
    return text;
}

QueryItems queryItems(const HttpRequest &request)
{
    return request.query.queryItems(QUrl::FullyDecoded);
}

QByteArray getWithHeaderBytes(qsizetype wireBytes)
{
    // Request line + headers + blank line, exactly wireBytes long.
    const QByteArray head = "GET / HTTP/1.1\r\nHost: h\r\nX-Fill: ";
    const QByteArray tail = "\r\n\r\n";
    return head + QByteArray(wireBytes - head.size() - tail.size(), 'a') + tail;
}

}  // namespace

class TestHttpRequestParser : public QObject {
    Q_OBJECT

private:
    void addValidRequests();
    void addMalformedRequests();
    void checkRequest(const Outcome &got);

private Q_SLOTS:
    void feed_wholeRequest_parsesIt_data() { addValidRequests(); }
    void feed_wholeRequest_parsesIt();
    void feed_splitAtEveryByte_parsesSameRequest_data() { addValidRequests(); }
    void feed_splitAtEveryByte_parsesSameRequest();
    void feed_byteByByte_parsesSameRequest_data() { addValidRequests(); }
    void feed_byteByByte_parsesSameRequest();

    void feed_partialRequest_staysIncomplete();
    void feed_chunkedTrailers_allOrNoneInHeaders();
    void header_lookupIsByLowerCaseNameAndReturnsFirst();
    void headersComplete_trueOnceHeadersParsed_resetByTake();

    void feed_twoPipelinedRequests_yieldsBothInOrder();
    void feed_pipelinedRequestsSplitAtEveryByte_yieldsBothInOrder();
    void feed_secondRequestIncomplete_waitsForRest();
    void feed_moreBytesBeforeTake_keptForNextRequest();

    void expectContinue_headersWithoutBody_reportedOnce();
    void expectContinue_caseInsensitive();
    void expectContinue_bodyAlreadyHere_notReported();
    void expectContinue_absent_notReported();
    void expectContinue_contentLengthOverLimit_notReported();

    void limits_headersJustUnder16KiB_accepted();
    void limits_headersOver16KiB_headersTooLarge_data();
    void limits_headersOver16KiB_headersTooLarge();
    void limits_endlessHeader_refusedBeforeHeadersEnd();
    void limits_headerNameSplitAcrossChunks_countedOnce();
    void limits_contentLengthOverLimit_payloadTooLargeBeforeBody();
    void limits_contentLengthOverLimit_bodyNotParsedAsNextRequest();
    void limits_contentLengthAtLimit_accepted();
    void limits_customBodyLimit_data();
    void limits_customBodyLimit();
    void limits_chunkedBodyOverLimit_payloadTooLarge();
    void limits_chunkedBodyOver1MiB_refusedBeforeEnd();
    void limits_customHeaderLimit_data();
    void limits_customHeaderLimit();

    void feed_malformed_badRequest_data() { addMalformedRequests(); }
    void feed_malformed_badRequest();
    void feed_malformedSplitAtEveryByte_badRequest_data() { addMalformedRequests(); }
    void feed_malformedSplitAtEveryByte_badRequest();
    void feed_afterFailure_staysFailed();
};

void TestHttpRequestParser::addValidRequests()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QueryItems>("query");
    QTest::addColumn<Headers>("headers");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("keepAlive");

    QTest::newRow("GET") << QByteArray("GET /health HTTP/1.1\r\nHost: localhost:8080\r\n\r\n") << QByteArray("GET")
                         << QStringLiteral("/health") << QueryItems{} << Headers{{"host", "localhost:8080"}}
                         << QByteArray() << true;
    QTest::newRow("GET root without headers")
        << QByteArray("GET / HTTP/1.1\r\n\r\n") << QByteArray("GET") << QStringLiteral("/") << QueryItems{} << Headers{}
        << QByteArray() << true;
    QTest::newRow("POST with Content-Length")
        << QByteArray("POST /v1/inference HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\n"
                      "Content-Length: 17\r\n\r\n{\"prompt\":\"hi\"}\r\n")
        << QByteArray("POST") << QStringLiteral("/v1/inference") << QueryItems{}
        << Headers{{"host", "h"}, {"content-type", "application/json"}, {"content-length", "17"}}
        << QByteArray("{\"prompt\":\"hi\"}\r\n") << true;
    QTest::newRow("POST with Content-Length 0")
        << QByteArray("POST /v1/x HTTP/1.1\r\nContent-Length: 0\r\n\r\n") << QByteArray("POST")
        << QStringLiteral("/v1/x") << QueryItems{} << Headers{{"content-length", "0"}} << QByteArray() << true;
    QTest::newRow("POST with binary body")
        << QByteArray("POST /b HTTP/1.1\r\nContent-Length: 6\r\n\r\n" + QByteArray("\0\r\n\xff\xc3\xa9", 6))
        << QByteArray("POST") << QStringLiteral("/b") << QueryItems{} << Headers{{"content-length", "6"}}
        << QByteArray("\0\r\n\xff\xc3\xa9", 6) << true;
    QTest::newRow("chunked body") << QByteArray("POST /v1/jobs HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                                                "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
                                  << QByteArray("POST") << QStringLiteral("/v1/jobs") << QueryItems{}
                                  << Headers{{"transfer-encoding", "chunked"}} << QByteArray("hello world") << true;
    QTest::newRow("chunked body, hex sizes and extensions")
        << QByteArray("POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "A;name=value\r\n0123456789\r\n1a\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\n\r\n")
        << QByteArray("POST") << QStringLiteral("/c") << QueryItems{} << Headers{{"transfer-encoding", "chunked"}}
        << QByteArray("0123456789abcdefghijklmnopqrstuvwxyz") << true;
    QTest::newRow("chunked empty body") << QByteArray("POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
                                        << QByteArray("POST") << QStringLiteral("/c") << QueryItems{}
                                        << Headers{{"transfer-encoding", "chunked"}} << QByteArray() << true;
    QTest::newRow("query string") << QByteArray("GET /v1/workers?model=tiny&limit=10 HTTP/1.1\r\n\r\n")
                                  << QByteArray("GET") << QStringLiteral("/v1/workers")
                                  << QueryItems{{QStringLiteral("model"), QStringLiteral("tiny")},
                                                {QStringLiteral("limit"), QStringLiteral("10")}}
                                  << Headers{} << QByteArray() << true;
    QTest::newRow("percent-encoded query")
        << QByteArray("GET /q?name=a%20b&sym=%26%3D HTTP/1.1\r\n\r\n") << QByteArray("GET") << QStringLiteral("/q")
        << QueryItems{{QStringLiteral("name"), QStringLiteral("a b")}, {QStringLiteral("sym"), QStringLiteral("&=")}}
        << Headers{} << QByteArray() << true;
    QTest::newRow("percent-decoded path")
        << QByteArray("GET /v1/models/my%20model HTTP/1.1\r\n\r\n") << QByteArray("GET")
        << QStringLiteral("/v1/models/my model") << QueryItems{} << Headers{} << QByteArray() << true;
    QTest::newRow("percent-decoded UTF-8 path")
        << QByteArray("GET /caf%C3%A9/%E2%82%AC HTTP/1.1\r\n\r\n") << QByteArray("GET")
        << QString::fromUtf8("/caf\xc3\xa9/\xe2\x82\xac") << QueryItems{} << Headers{} << QByteArray() << true;
    QTest::newRow("header names lower-cased, values trimmed")
        << QByteArray("GET / HTTP/1.1\r\nX-Custom-HEADER:   spaced value  \r\nAUTHORIZATION: Bearer T0k\r\n\r\n")
        << QByteArray("GET") << QStringLiteral("/") << QueryItems{}
        << Headers{{"x-custom-header", "spaced value"}, {"authorization", "Bearer T0k"}} << QByteArray() << true;
    QTest::newRow("empty header value") << QByteArray("GET / HTTP/1.1\r\nX-Empty:\r\nHost: h\r\n\r\n")
                                        << QByteArray("GET") << QStringLiteral("/") << QueryItems{}
                                        << Headers{{"x-empty", ""}, {"host", "h"}} << QByteArray() << true;
    QTest::newRow("repeated header kept twice")
        << QByteArray("GET / HTTP/1.1\r\nAccept: a\r\nAccept: b\r\n\r\n") << QByteArray("GET") << QStringLiteral("/")
        << QueryItems{} << Headers{{"accept", "a"}, {"accept", "b"}} << QByteArray() << true;
    QTest::newRow("obsolete line folding replaced by a space")
        << QByteArray("GET / HTTP/1.1\r\nX-Folded: a\r\n b\r\nHost: h\r\n\r\n") << QByteArray("GET")
        << QStringLiteral("/") << QueryItems{} << Headers{{"x-folded", "a b"}, {"host", "h"}} << QByteArray() << true;
    QTest::newRow("Connection: close") << QByteArray("GET / HTTP/1.1\r\nConnection: close\r\n\r\n") << QByteArray("GET")
                                       << QStringLiteral("/") << QueryItems{} << Headers{{"connection", "close"}}
                                       << QByteArray() << false;
    QTest::newRow("Connection: Close (any case)")
        << QByteArray("GET / HTTP/1.1\r\nconnection: CLOSE\r\n\r\n") << QByteArray("GET") << QStringLiteral("/")
        << QueryItems{} << Headers{{"connection", "CLOSE"}} << QByteArray() << false;
    QTest::newRow("HTTP/1.0 closes by default")
        << QByteArray("GET / HTTP/1.0\r\n\r\n") << QByteArray("GET") << QStringLiteral("/") << QueryItems{} << Headers{}
        << QByteArray() << false;
    QTest::newRow("HTTP/1.0 with keep-alive")
        << QByteArray("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << QByteArray("GET") << QStringLiteral("/")
        << QueryItems{} << Headers{{"connection", "keep-alive"}} << QByteArray() << true;
    QTest::newRow("DELETE") << QByteArray("DELETE /v1/jobs/abc-123 HTTP/1.1\r\n\r\n") << QByteArray("DELETE")
                            << QStringLiteral("/v1/jobs/abc-123") << QueryItems{} << Headers{} << QByteArray() << true;
    QTest::newRow("HEAD") << QByteArray("HEAD /health HTTP/1.1\r\n\r\n") << QByteArray("HEAD")
                          << QStringLiteral("/health") << QueryItems{} << Headers{} << QByteArray() << true;
    QTest::newRow("PUT with body") << QByteArray("PUT /x HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc") << QByteArray("PUT")
                                   << QStringLiteral("/x") << QueryItems{} << Headers{{"content-length", "3"}}
                                   << QByteArray("abc") << true;
}

void TestHttpRequestParser::checkRequest(const Outcome &got)
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QueryItems, query);
    QFETCH(Headers, headers);
    QFETCH(QByteArray, body);
    QFETCH(bool, keepAlive);
    QCOMPARE(got.error.message, QString());
    QCOMPARE(got.requests.size(), 1);
    QCOMPARE(got.state, State::Incomplete);  // ready for the next request
    const HttpRequest &r = got.requests.constFirst();
    QCOMPARE(r.method, method);
    QCOMPARE(r.path, path);
    QCOMPARE(queryItems(r), query);
    QCOMPARE(r.headers, headers);
    QCOMPARE(r.body, body);
    QCOMPARE(r.keepAlive, keepAlive);
    QVERIFY(r.pathParams.isEmpty());
}

void TestHttpRequestParser::feed_wholeRequest_parsesIt()
{
    QFETCH(QByteArray, input);
    HttpRequestParser parser;
    QCOMPARE(parser.feed(input), State::Complete);
    QCOMPARE(parser.state(), State::Complete);
    checkRequest(parseChunks({input}));
}

void TestHttpRequestParser::feed_splitAtEveryByte_parsesSameRequest()
{
    QFETCH(QByteArray, input);
    for (qsizetype at = 0; at <= input.size(); ++at) {
        checkRequest(parseChunks(twoChunks(input, at)));
        if (QTest::currentTestFailed()) {
            qWarning("split at byte %lld", static_cast<long long>(at));
            return;
        }
    }
}

void TestHttpRequestParser::feed_byteByByte_parsesSameRequest()
{
    QFETCH(QByteArray, input);
    checkRequest(parseChunks(byteChunks(input)));
}

void TestHttpRequestParser::feed_partialRequest_staysIncomplete()
{
    const QByteArray input = "POST /x HTTP/1.1\r\nContent-Length: 5\r\n\r\nabcde";
    for (qsizetype at = 0; at < input.size(); ++at) {
        HttpRequestParser parser;
        QCOMPARE(parser.feed(input.left(at)), State::Incomplete);
        QCOMPARE(parser.feed(input.mid(at)), State::Complete);
        QCOMPARE(parser.takeRequest().body, QByteArray("abcde"));
    }
}

void TestHttpRequestParser::feed_chunkedTrailers_allOrNoneInHeaders()
{
    // Trailer fields after the last chunk may be ignored or added to the headers, but all alike.
    HttpRequestParser parser;
    QCOMPARE(parser.feed("POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                         "3\r\nabc\r\n0\r\nX-T1: one\r\nX-T2: two\r\n\r\n"),
             State::Complete);
    const HttpRequest r = parser.takeRequest();
    QCOMPARE(r.body, QByteArray("abc"));
    const Headers base{{"transfer-encoding", "chunked"}};
    const Headers all{{"transfer-encoding", "chunked"}, {"x-t1", "one"}, {"x-t2", "two"}};
    QByteArrayList names;
    for (const auto &h : r.headers)
        names.append(h.first);
    QVERIFY2(r.headers == base || r.headers == all, names.join(", ").constData());
}

void TestHttpRequestParser::header_lookupIsByLowerCaseNameAndReturnsFirst()
{
    HttpRequestParser parser;
    QCOMPARE(parser.feed("GET / HTTP/1.1\r\nX-Trace: one\r\nx-trace: two\r\nContent-Type: text/plain\r\n\r\n"),
             State::Complete);
    const HttpRequest r = parser.takeRequest();
    QCOMPARE(r.header("x-trace"), QByteArray("one"));
    QCOMPARE(r.header("content-type"), QByteArray("text/plain"));
    QCOMPARE(r.header("x-missing"), QByteArray());
}

void TestHttpRequestParser::headersComplete_trueOnceHeadersParsed_resetByTake()
{
    HttpRequestParser parser;
    QVERIFY(!parser.headersComplete());
    QCOMPARE(parser.feed("POST /x HTTP/1.1\r\nContent-Length: 2\r\n"), State::Incomplete);
    QVERIFY(!parser.headersComplete());
    QCOMPARE(parser.feed("\r\n"), State::Incomplete);
    QVERIFY(parser.headersComplete());
    QCOMPARE(parser.feed("ok"), State::Complete);
    parser.takeRequest();
    QVERIFY(!parser.headersComplete());
    QCOMPARE(parser.state(), State::Incomplete);
}

void TestHttpRequestParser::feed_twoPipelinedRequests_yieldsBothInOrder()
{
    HttpRequestParser parser;
    QCOMPARE(parser.feed("POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
                         "GET /b?x=1 HTTP/1.1\r\nConnection: close\r\n\r\n"),
             State::Complete);
    const HttpRequest first = parser.takeRequest();
    QCOMPARE(first.method, QByteArray("POST"));
    QCOMPARE(first.path, QStringLiteral("/a"));
    QCOMPARE(first.body, QByteArray("abc"));
    QVERIFY(first.keepAlive);
    QCOMPARE(parser.state(), State::Incomplete);
    QCOMPARE(parser.feed({}), State::Complete);
    const HttpRequest second = parser.takeRequest();
    QCOMPARE(second.method, QByteArray("GET"));
    QCOMPARE(second.path, QStringLiteral("/b"));
    QCOMPARE(second.query.queryItemValue(QStringLiteral("x")), QStringLiteral("1"));
    QCOMPARE(second.headers, (Headers{{"connection", "close"}}));
    QCOMPARE(second.body, QByteArray());
    QVERIFY(!second.keepAlive);
    QCOMPARE(parser.feed({}), State::Incomplete);
}

void TestHttpRequestParser::feed_pipelinedRequestsSplitAtEveryByte_yieldsBothInOrder()
{
    const QByteArray input = "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                             "POST /b HTTP/1.1\r\nContent-Length: 2\r\n\r\nxy"
                             "GET /c HTTP/1.1\r\n\r\n";
    const auto check = [](const Outcome &got) {
        QCOMPARE(got.state, State::Incomplete);
        QCOMPARE(got.requests.size(), 3);
        QCOMPARE(got.requests.at(0).path, QStringLiteral("/a"));
        QCOMPARE(got.requests.at(0).body, QByteArray("abc"));
        QCOMPARE(got.requests.at(1).path, QStringLiteral("/b"));
        QCOMPARE(got.requests.at(1).body, QByteArray("xy"));
        QCOMPARE(got.requests.at(1).headers, (Headers{{"content-length", "2"}}));
        QCOMPARE(got.requests.at(2).path, QStringLiteral("/c"));
        QCOMPARE(got.requests.at(2).method, QByteArray("GET"));
        QCOMPARE(got.requests.at(2).body, QByteArray());
    };
    check(parseChunks({input}));
    for (qsizetype at = 0; at <= input.size() && !QTest::currentTestFailed(); ++at)
        check(parseChunks(twoChunks(input, at)));
    check(parseChunks(byteChunks(input)));
}

void TestHttpRequestParser::feed_secondRequestIncomplete_waitsForRest()
{
    HttpRequestParser parser;
    QCOMPARE(parser.feed("GET /a HTTP/1.1\r\n\r\nPOST /b HTTP/1.1\r\nContent-Le"), State::Complete);
    QCOMPARE(parser.takeRequest().path, QStringLiteral("/a"));
    QCOMPARE(parser.feed({}), State::Incomplete);
    QCOMPARE(parser.feed("ngth: 4\r\n\r\nbo"), State::Incomplete);
    QCOMPARE(parser.feed("dy"), State::Complete);
    const HttpRequest second = parser.takeRequest();
    QCOMPARE(second.path, QStringLiteral("/b"));
    QCOMPARE(second.body, QByteArray("body"));
}

void TestHttpRequestParser::feed_moreBytesBeforeTake_keptForNextRequest()
{
    // The header promises "Bytes after it are kept for the next". HttpConnection::finishResponse
    // calls feed({}) and then feed(socket->readAll()) without a take in between, so bytes given
    // to feed() while a request is complete must not be dropped.
    HttpRequestParser parser;
    QCOMPARE(parser.feed("GET /a HTTP/1.1\r\n\r\n"), State::Complete);
    QCOMPARE(parser.feed("GET /b HTTP/1.1\r\n\r\n"), State::Complete);  // /a is still untaken
    QCOMPARE(parser.takeRequest().path, QStringLiteral("/a"));
    QCOMPARE(parser.feed({}), State::Complete);
    QCOMPARE(parser.takeRequest().path, QStringLiteral("/b"));
}

void TestHttpRequestParser::expectContinue_headersWithoutBody_reportedOnce()
{
    HttpRequestParser parser;
    QVERIFY(!parser.takeExpectContinue());
    QCOMPARE(parser.feed("POST /v1/inference HTTP/1.1\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n"),
             State::Incomplete);
    QVERIFY(parser.takeExpectContinue());
    QVERIFY(!parser.takeExpectContinue());
    QCOMPARE(parser.feed("{}"), State::Complete);
    QVERIFY(!parser.takeExpectContinue());
    const HttpRequest r = parser.takeRequest();
    QCOMPARE(r.body, QByteArray("{}"));
    QCOMPARE(r.header("expect"), QByteArray("100-continue"));
    // The next request starts without the flag.
    QCOMPARE(parser.feed("POST /x HTTP/1.1\r\nContent-Length: 1\r\n\r\n"), State::Incomplete);
    QVERIFY(!parser.takeExpectContinue());
}

void TestHttpRequestParser::expectContinue_caseInsensitive()
{
    HttpRequestParser parser;
    QCOMPARE(parser.feed("POST / HTTP/1.1\r\nEXPECT: 100-Continue\r\nContent-Length: 1\r\n\r\n"), State::Incomplete);
    QVERIFY(parser.takeExpectContinue());
}

void TestHttpRequestParser::expectContinue_bodyAlreadyHere_notReported()
{
    HttpRequestParser parser;
    QCOMPARE(parser.feed("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nx"), State::Complete);
    QVERIFY(!parser.takeExpectContinue());
}

void TestHttpRequestParser::expectContinue_absent_notReported()
{
    HttpRequestParser parser;
    QCOMPARE(parser.feed("POST / HTTP/1.1\r\nContent-Length: 1\r\n\r\n"), State::Incomplete);
    QVERIFY(!parser.takeExpectContinue());
    HttpRequestParser other;
    QCOMPARE(other.feed("POST / HTTP/1.1\r\nExpect: something-else\r\nContent-Length: 1\r\n\r\n"), State::Incomplete);
    QVERIFY(!other.takeExpectContinue());
}

void TestHttpRequestParser::expectContinue_contentLengthOverLimit_notReported()
{
    // A client must not be invited to send a body that will be refused.
    HttpRequestParser parser;
    parser.feed("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 1048577\r\n\r\n");
    QVERIFY(!parser.takeExpectContinue());
}

void TestHttpRequestParser::limits_headersJustUnder16KiB_accepted()
{
    // Request line, headers and blank line together exactly 16 KiB.
    const QByteArray input = getWithHeaderBytes(16 * 1024);
    QCOMPARE(input.size(), 16 * 1024);
    const QString expected = QStringLiteral("requests=[GET / body=0] state=Incomplete");
    const Outcome whole = parseChunks({input});
    QCOMPARE(describe(whole), expected);
    QCOMPARE(whole.requests.constFirst().header("x-fill").size(), 16 * 1024 - 37);
    for (qsizetype at = 0; at <= input.size(); ++at) {
        const QString got = describe(parseChunks(twoChunks(input, at)));
        if (got != expected) {
            qWarning("split at byte %lld", static_cast<long long>(at));
            QCOMPARE(got, expected);
        }
    }
    const QString bytewise = describe(parseChunks(byteChunks(input)));
    QCOMPARE(bytewise, expected);
}

void TestHttpRequestParser::limits_headersOver16KiB_headersTooLarge_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("splitStep");
    QTest::newRow("one header, 16 KiB + 64") << getWithHeaderBytes(16 * 1024 + 64) << 97;
    QTest::newRow("one header, 32 KiB") << getWithHeaderBytes(32 * 1024) << 997;
    QByteArray many = "GET / HTTP/1.1\r\n";
    for (int i = 0; many.size() < 17 * 1024; ++i)
        many += "X-H" + QByteArray::number(i) + ": v\r\n";
    many += "\r\n";
    QTest::newRow("many short headers") << many << 101;
    QTest::newRow("long URL") << QByteArray("GET /" + QByteArray(17 * 1024, 'u') + " HTTP/1.1\r\n\r\n") << 103;
    QTest::newRow("long query") << QByteArray("GET /q?x=" + QByteArray(17 * 1024, 'u') + " HTTP/1.1\r\n\r\n") << 107;
    QTest::newRow("long header name") << QByteArray("GET / HTTP/1.1\r\nX" + QByteArray(17 * 1024, 'n') + ": v\r\n\r\n")
                                      << 109;
}

void TestHttpRequestParser::limits_headersOver16KiB_headersTooLarge()
{
    QFETCH(QByteArray, input);
    QFETCH(int, splitStep);
    const auto check = [](const Outcome &got) {
        QCOMPARE(got.requests.size(), 0);
        QCOMPARE(got.state, State::Failed);
        QCOMPARE(got.error.code, ErrorCode::HeadersTooLarge);
    };
    check(parseChunks({input}));
    for (qsizetype at = 0; at <= input.size() && !QTest::currentTestFailed(); at += splitStep)
        check(parseChunks(twoChunks(input, at)));
    check(parseChunks(byteChunks(input)));
}

void TestHttpRequestParser::limits_endlessHeader_refusedBeforeHeadersEnd()
{
    HttpRequestParser parser;
    QCOMPARE(parser.feed("GET / HTTP/1.1\r\nX-Fill: "), State::Incomplete);
    State state = State::Incomplete;
    qsizetype fed = 0;
    while (state == State::Incomplete && fed < 64 * 1024) {
        state = parser.feed(QByteArray(1000, 'a'));
        fed += 1000;
    }
    QCOMPARE(state, State::Failed);
    QCOMPARE(parser.error().code, ErrorCode::HeadersTooLarge);
    QVERIFY2(fed <= 17 * 1000, qPrintable(QStringLiteral("refused only after %1 bytes").arg(fed)));
}

void TestHttpRequestParser::limits_headerNameSplitAcrossChunks_countedOnce()
{
    // Find the smallest header limit that accepts the request in one chunk; the same request
    // split inside a header name must then be accepted too.
    const QByteArray input = "GET / HTTP/1.1\r\nContent-Type: text/plain\r\n\r\n";
    qsizetype limit = 1;
    for (; limit < 200; ++limit) {
        if (parseChunks({input}, HttpLimits{limit, 1024}).requests.size() == 1)
            break;
    }
    QVERIFY(limit < 200);
    QCOMPARE(parseChunks({input}, HttpLimits{limit - 1, 1024}).error.code, ErrorCode::HeadersTooLarge);
    const qsizetype insideName = input.indexOf("Content-Type") + 4;
    const Outcome split = parseChunks(twoChunks(input, insideName), HttpLimits{limit, 1024});
    QCOMPARE(split.error.message, QString());
    QCOMPARE(split.requests.size(), 1);
}

void TestHttpRequestParser::limits_contentLengthOverLimit_payloadTooLargeBeforeBody()
{
    HttpRequestParser parser;
    const State state = parser.feed("POST /v1/inference HTTP/1.1\r\nContent-Length: 1048577\r\n\r\n");
    QCOMPARE(parser.error().code, ErrorCode::PayloadTooLarge);
    QCOMPARE(state, State::Failed);
    QCOMPARE(parser.state(), State::Failed);
}

void TestHttpRequestParser::limits_contentLengthOverLimit_bodyNotParsedAsNextRequest()
{
    // The refused body must never be read as requests of its own (request smuggling).
    const QByteArray body = "GET /admin HTTP/1.1\r\n\r\n";
    const QByteArray input =
        "POST /x HTTP/1.1\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    const Outcome got = parseChunks({input}, HttpLimits{1024, 8});
    QCOMPARE(got.requests.size(), 0);
    QCOMPARE(got.state, State::Failed);
    QCOMPARE(got.error.code, ErrorCode::PayloadTooLarge);
}

void TestHttpRequestParser::limits_contentLengthAtLimit_accepted()
{
    const QByteArray body(1024 * 1024, 'b');
    const QByteArray head = "POST /x HTTP/1.1\r\nContent-Length: 1048576\r\n\r\n";
    const Outcome whole = parseChunks({head + body});
    QCOMPARE(whole.requests.size(), 1);
    QCOMPARE(whole.requests.constFirst().body, body);
    const Outcome pieces = parseChunks({head, body.left(1000), body.mid(1000, 500000), body.mid(501000)});
    QCOMPARE(pieces.requests.size(), 1);
    QCOMPARE(pieces.requests.constFirst().body, body);
}

void TestHttpRequestParser::limits_customBodyLimit_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("expected");
    const QString accepted = QStringLiteral("requests=[POST / body=16] state=Incomplete");
    const QString refused = QStringLiteral("requests=[] state=Failed error=payload_too_large");
    QTest::newRow("Content-Length at limit")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 16\r\n\r\n0123456789abcdef") << accepted;
    QTest::newRow("Content-Length limit + 1")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 17\r\n\r\n0123456789abcdefg") << refused;
    QTest::newRow("chunked at limit") << QByteArray(
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n01234567\r\n8\r\n89abcdef\r\n0\r\n\r\n")
                                      << accepted;
    QTest::newRow("chunked limit + 1") << QByteArray(
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n01234567\r\n9\r\n89abcdefg\r\n0\r\n\r\n")
                                       << refused;
    QTest::newRow("chunked, many small chunks over limit")
        << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "3\r\nabc\r\n3\r\nabc\r\n3\r\nabc\r\n3\r\nabc\r\n3\r\nabc\r\n3\r\nabc\r\n0\r\n\r\n")
        << refused;
}

void TestHttpRequestParser::limits_customBodyLimit()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, expected);
    const HttpLimits limits{1024, 16};
    QCOMPARE(describe(parseChunks({input}, limits)), expected);
    for (qsizetype at = 0; at <= input.size(); ++at) {
        const QString got = describe(parseChunks(twoChunks(input, at), limits));
        if (got != expected) {
            qWarning("split at byte %lld", static_cast<long long>(at));
            QCOMPARE(got, expected);
        }
    }
    QCOMPARE(describe(parseChunks(byteChunks(input), limits)), expected);
}

void TestHttpRequestParser::limits_chunkedBodyOverLimit_payloadTooLarge()
{
    // Default 1 MiB limit, body sent in 64 KiB chunks: refused once it passes 1 MiB.
    QByteArray input = "POST /v1/inference HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
    const QByteArray chunk(64 * 1024, 'c');
    for (int i = 0; i < 17; ++i)
        input += "10000\r\n" + chunk + "\r\n";
    input += "0\r\n\r\n";
    const Outcome got = parseChunks({input});
    QCOMPARE(got.requests.size(), 0);
    QCOMPARE(got.state, State::Failed);
    QCOMPARE(got.error.code, ErrorCode::PayloadTooLarge);
}

void TestHttpRequestParser::limits_chunkedBodyOver1MiB_refusedBeforeEnd()
{
    HttpRequestParser parser;
    QCOMPARE(parser.feed("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n200000\r\n"), State::Incomplete);
    State state = State::Incomplete;
    qsizetype fed = 0;
    while (state == State::Incomplete && fed < 2 * 1024 * 1024) {
        state = parser.feed(QByteArray(4096, 'x'));
        fed += 4096;
    }
    QCOMPARE(state, State::Failed);
    QCOMPARE(parser.error().code, ErrorCode::PayloadTooLarge);
    QVERIFY(fed <= 1024 * 1024 + 4096);
}

void TestHttpRequestParser::limits_customHeaderLimit_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("well under 256") << QByteArray("GET /small HTTP/1.1\r\nHost: h\r\n\r\n") << true;
    QTest::newRow("header value of 200") << QByteArray("GET / HTTP/1.1\r\nX: " + QByteArray(200, 'v') + "\r\n\r\n")
                                         << true;
    QTest::newRow("header value of 300") << QByteArray("GET / HTTP/1.1\r\nX: " + QByteArray(300, 'v') + "\r\n\r\n")
                                         << false;
    QTest::newRow("URL of 300") << QByteArray("GET /" + QByteArray(300, 'p') + " HTTP/1.1\r\n\r\n") << false;
}

void TestHttpRequestParser::limits_customHeaderLimit()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, accepted);
    const HttpLimits limits{256, 1024};
    const Outcome got = parseChunks({input}, limits);
    if (accepted) {
        QCOMPARE(got.error.message, QString());
        QCOMPARE(got.requests.size(), 1);
    } else {
        QCOMPARE(got.requests.size(), 0);
        QCOMPARE(got.state, State::Failed);
        QCOMPARE(got.error.code, ErrorCode::HeadersTooLarge);
        // The default limits would have accepted it.
        QCOMPARE(parseChunks({input}).requests.size(), 1);
    }
}

void TestHttpRequestParser::addMalformedRequests()
{
    QTest::addColumn<QByteArray>("input");
    QTest::newRow("not HTTP") << QByteArray("HELLO\r\n\r\n");
    QTest::newRow("lower-case method") << QByteArray("get / HTTP/1.1\r\n\r\n");
    QTest::newRow("unknown method") << QByteArray("FETCH / HTTP/1.1\r\n\r\n");
    QTest::newRow("bad protocol name") << QByteArray("GET / FTP/1.1\r\n\r\n");
    QTest::newRow("missing version digits") << QByteArray("GET / HTTP/\r\n\r\n");
    QTest::newRow("bad version") << QByteArray("GET / HTTP/x.1\r\n\r\n");
    QTest::newRow("space in target") << QByteArray("GET /a b HTTP/1.1\r\n\r\n");
    QTest::newRow("absolute-form target") << QByteArray("GET http://example.com/ HTTP/1.1\r\nHost: e\r\n\r\n");
    QTest::newRow("asterisk target") << QByteArray("OPTIONS * HTTP/1.1\r\n\r\n");
    QTest::newRow("separator in header name") << QByteArray("GET / HTTP/1.1\r\nBad(Header): x\r\n\r\n");
    QTest::newRow("control character in header value") << QByteArray("GET / HTTP/1.1\r\nX: a\x01b\r\n\r\n");
    QTest::newRow("bare CR in header value") << QByteArray("GET / HTTP/1.1\r\nX: a\rb\r\n\r\n");
    QTest::newRow("whitespace before colon") << QByteArray("GET / HTTP/1.1\r\nHost : h\r\n\r\n");
    QTest::newRow("empty header name") << QByteArray("GET / HTTP/1.1\r\n: x\r\n\r\n");
    QTest::newRow("header line without colon") << QByteArray("GET / HTTP/1.1\r\nNoColon\r\n\r\n");
    QTest::newRow("non-numeric Content-Length") << QByteArray("POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n");
    QTest::newRow("negative Content-Length") << QByteArray("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n");
    QTest::newRow("two Content-Lengths") << QByteArray(
        "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab");
    QTest::newRow("bad chunk size") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
    QTest::newRow("protocol upgrade") << QByteArray(
        "GET /ws HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n");
}

void TestHttpRequestParser::feed_malformed_badRequest()
{
    QFETCH(QByteArray, input);
    HttpRequestParser parser;
    const State state = parser.feed(input);
    QCOMPARE(state, State::Failed);
    QCOMPARE(parser.state(), State::Failed);
    QCOMPARE(parser.error().code, ErrorCode::BadRequest);
    QVERIFY(!parser.error().message.isEmpty());
}

void TestHttpRequestParser::feed_malformedSplitAtEveryByte_badRequest()
{
    QFETCH(QByteArray, input);
    const QString expected = QStringLiteral("requests=[] state=Failed error=bad_request");
    QCOMPARE(describe(parseChunks({input})), expected);
    for (qsizetype at = 0; at <= input.size(); ++at) {
        const QString got = describe(parseChunks(twoChunks(input, at)));
        if (got != expected) {
            qWarning("split at byte %lld", static_cast<long long>(at));
            QCOMPARE(got, expected);
        }
    }
    QCOMPARE(describe(parseChunks(byteChunks(input))), expected);
}

void TestHttpRequestParser::feed_afterFailure_staysFailed()
{
    HttpRequestParser parser;
    QCOMPARE(parser.feed("BAD REQUEST\r\n\r\n"), State::Failed);
    const Error first = parser.error();
    QCOMPARE(parser.feed("GET / HTTP/1.1\r\n\r\n"), State::Failed);
    QCOMPARE(parser.feed({}), State::Failed);
    QCOMPARE(parser.error().code, first.code);
    QCOMPARE(parser.error().message, first.message);
}

QTEST_APPLESS_MAIN(TestHttpRequestParser)
#include "tst_httprequestparser.moc"

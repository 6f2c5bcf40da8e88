// Fuzz target: HttpRequestParser on a stream of pipelined requests (chunked bodies included),
// fed once whole and once in the pieces the fuzzer chose. Both feedings must read the same
// requests and end in the same state; every request has a method and a path and respects the
// limits; takeRequest() always starts the next request; a failure is final.
#include <utility>

#include <QList>

#include "core/http/httprequestparser.h"
#include "fuzzcheck.h"
#include "fuzzsplit.h"

using rbee::core::HttpLimits;
using rbee::core::HttpRequest;
using rbee::core::HttpRequestParser;
using rbee::fuzz::require;

namespace {

// Small limits, so that short inputs reach them.
HttpLimits fuzzLimits()
{
    HttpLimits limits;
    limits.maxHeaderBytes = 512;
    limits.maxBodyBytes = 1024;
    return limits;
}

struct Outcome {
    QList<HttpRequest> requests;
    HttpRequestParser::State state = HttpRequestParser::State::Incomplete;
    rbee::core::ErrorCode error = rbee::core::ErrorCode::Internal;
};

void checkRequest(const HttpRequest &request, const HttpLimits &limits)
{
    require(!request.method.isEmpty(), "a complete request has a method");
    require(request.path.startsWith(u'/'), "a complete request has a path starting with '/'");
    require(request.body.size() <= limits.maxBodyBytes, "the body is within maxBodyBytes");
    qsizetype headerBytes = 0;
    for (const auto &[name, value] : request.headers) {
        require(!name.isEmpty(), "a header has a name");
        require(name == name.toLower(), "header names are lower-cased");
        headerBytes += name.size() + value.size();
    }
    require(headerBytes <= limits.maxHeaderBytes, "the headers are within maxHeaderBytes");
}

// Takes every request the parser has completed, as a connection does.
void takeCompleted(HttpRequestParser &parser, Outcome &out, const HttpLimits &limits)
{
    while (parser.state() == HttpRequestParser::State::Complete) {
        HttpRequest request = parser.takeRequest();
        require(parser.state() == HttpRequestParser::State::Incomplete, "takeRequest starts the next request");
        checkRequest(request, limits);
        out.requests.append(std::move(request));
        parser.feed({});
    }
    (void)parser.takeExpectContinue();
}

Outcome parse(const QList<QByteArrayView> &chunks)
{
    const HttpLimits limits = fuzzLimits();
    HttpRequestParser parser(limits);
    Outcome out;
    for (const QByteArrayView chunk : chunks) {
        parser.feed(chunk);
        takeCompleted(parser, out, limits);
        if (parser.state() == HttpRequestParser::State::Failed)
            break;
    }
    out.state = parser.state();
    if (out.state == HttpRequestParser::State::Failed) {
        require(!parser.error().message.isEmpty(), "a failure says what is wrong");
        out.error = parser.error().code;
        // The connection answers the error and closes: nothing fed later revives the parser.
        parser.feed("GET / HTTP/1.1\r\n\r\n");
        require(parser.state() == HttpRequestParser::State::Failed && parser.error().code == out.error,
                "a failed parser stays failed with its first error");
    }
    return out;
}

bool sameRequest(const HttpRequest &a, const HttpRequest &b)
{
    return a.method == b.method && a.path == b.path && a.query == b.query && a.headers == b.headers && a.body == b.body
           && a.keepAlive == b.keepAlive;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const rbee::fuzz::SplitInput in = rbee::fuzz::splitInput(data, size);
    const Outcome whole = parse({in.stream});
    const Outcome pieces = parse(in.chunks);
    require(whole.state == pieces.state, "the final state does not depend on how the input is split");
    require(whole.error == pieces.error, "the error does not depend on how the input is split");
    require(whole.requests.size() == pieces.requests.size(), "the requests do not depend on the split");
    for (qsizetype i = 0; i < whole.requests.size(); ++i)
        require(sameRequest(whole.requests.at(i), pieces.requests.at(i)), "each request does not depend on the split");
    return 0;
}

// HttpRequestParser: incremental HTTP/1.1 request parsing on top of the maintained http_parser
// library, with rbee's limits (header bytes, body bytes). Pure class: no sockets, no QObject.
#pragma once

#include "../error.h"
#include "httplimits.h"
#include "httprequest.h"

#include <QByteArray>

#include <memory>

namespace rbee::core {

class HttpRequestParser {
public:
    enum class State { Incomplete, Complete, Failed };

    explicit HttpRequestParser(const HttpLimits &limits = {});
    ~HttpRequestParser();
    HttpRequestParser(const HttpRequestParser &) = delete;
    HttpRequestParser &operator=(const HttpRequestParser &) = delete;

    // Appends bytes and parses up to the end of one request. Bytes after it are kept for the next.
    State feed(QByteArrayView data);
    // The completed request; the parser then starts on the next one (call feed({}) to parse
    // bytes that were already buffered).
    HttpRequest takeRequest();
    State state() const { return m_state; }
    const Error &error() const { return m_error; }
    // True once per request whose headers asked for "Expect: 100-continue".
    bool takeExpectContinue();
    bool headersComplete() const { return m_headersComplete; }
    // Some bytes of the next request were given (or are buffered): its head is under way.
    bool messageStarted() const { return m_headersComplete || m_headerBytes > 0 || !m_buffer.isEmpty(); }
    // Body bytes of the request under way received so far (after de-chunking).
    qsizetype bodyBytes() const { return m_request.body.size(); }

private:
    struct Callbacks;
    friend struct Callbacks;
    void resetMessage();
    int fail(ErrorCode code, const QString &message);

    HttpLimits m_limits;
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    QByteArray m_buffer;  // unparsed bytes
    HttpRequest m_request;
    QByteArray m_url;
    QByteArray m_field;
    QByteArray m_value;
    bool m_lastWasValue = false;
    bool m_headersComplete = false;
    bool m_expectContinue = false;
    qsizetype m_headerBytes = 0;
    State m_state = State::Incomplete;
    Error m_error;
};

}  // namespace rbee::core

// http_parser callbacks feed an HttpRequest; limits are enforced inside the callbacks so an
// oversized request is refused before it is buffered whole.
#include "httprequestparser.h"

#include <QUrl>

#include <algorithm>

#include <http_parser.h>

namespace rbee::core {

struct HttpRequestParser::Impl {
    http_parser parser{};
    http_parser_settings settings{};
};

struct HttpRequestParser::Callbacks {
    // on_headers_complete gives 1 and 2 their own meanings (no body, upgrade): errors are other values.
    static constexpr int kHeadersCompleteError = 3;
    static HttpRequestParser *self(http_parser *p) { return static_cast<HttpRequestParser *>(p->data); }

    // Stores the header collected so far; false for a name with whitespace in it ("Host : x"),
    // which RFC 9112 says must be rejected (a proxy may read it differently: request smuggling).
    static bool flushHeader(HttpRequestParser *s)
    {
        if (!s->m_field.isEmpty()) {
            if (s->m_field.contains(' ') || s->m_field.contains('\t')) {
                s->fail(ErrorCode::BadRequest, QStringLiteral("whitespace in a header name"));
                return false;
            }
            s->m_request.headers.append({s->m_field.toLower(), s->m_value.trimmed()});
        }
        s->m_field.clear();
        s->m_value.clear();
        return true;
    }
    static int onUrl(http_parser *p, const char *at, size_t len)
    {
        self(p)->m_url.append(at, static_cast<qsizetype>(len));
        return 0;
    }
    static int onHeaderField(http_parser *p, const char *at, size_t len)
    {
        auto *s = self(p);
        if (s->m_headersComplete)
            return 0;  // chunked trailers: not part of the request rbee reads
        if (s->m_lastWasValue && !flushHeader(s))
            return 1;
        s->m_lastWasValue = false;
        s->m_field.append(at, static_cast<qsizetype>(len));
        return 0;
    }
    static int onHeaderValue(http_parser *p, const char *at, size_t len)
    {
        auto *s = self(p);
        if (s->m_headersComplete)
            return 0;
        s->m_lastWasValue = true;
        s->m_value.append(at, static_cast<qsizetype>(len));
        return 0;
    }
    static int onHeadersComplete(http_parser *p)
    {
        auto *s = self(p);
        if (!flushHeader(s))
            return kHeadersCompleteError;
        s->m_headersComplete = true;
        s->m_request.method = http_method_str(static_cast<http_method>(p->method));
        s->m_request.keepAlive = http_should_keep_alive(p) != 0;
        if (s->m_url.isEmpty() || s->m_url.at(0) != '/') {
            s->fail(ErrorCode::BadRequest, QStringLiteral("malformed request target"));
            return kHeadersCompleteError;
        }
        if (!s->m_url.contains('%') && !s->m_url.contains('?') && !s->m_url.contains('#')) {
            s->m_request.path = QString::fromUtf8(s->m_url);  // the common case: nothing to decode
        } else {
            const QUrl url = QUrl::fromEncoded(QByteArray("http://h") + s->m_url);
            if (!url.isValid()) {
                s->fail(ErrorCode::BadRequest, QStringLiteral("malformed request target"));
                return kHeadersCompleteError;
            }
            s->m_request.path = url.path(QUrl::FullyDecoded);
            s->m_request.query = QUrlQuery(url);
        }
        if ((p->flags & F_CONTENTLENGTH) && p->content_length > static_cast<uint64_t>(s->m_limits.maxBodyBytes)) {
            s->fail(ErrorCode::PayloadTooLarge,
                    QStringLiteral("request body exceeds %1 bytes").arg(s->m_limits.maxBodyBytes));
            return kHeadersCompleteError;
        }
        s->m_expectContinue = s->m_request.header("expect").toLower() == "100-continue";
        return 0;
    }
    static int onBody(http_parser *p, const char *at, size_t len)
    {
        auto *s = self(p);
        if (s->m_request.body.size() + static_cast<qsizetype>(len) > s->m_limits.maxBodyBytes) {
            return s->fail(ErrorCode::PayloadTooLarge,
                           QStringLiteral("request body exceeds %1 bytes").arg(s->m_limits.maxBodyBytes));
        }
        s->m_request.body.append(at, static_cast<qsizetype>(len));
        return 0;
    }
    static int onMessageComplete(http_parser *p)
    {
        auto *s = self(p);
        if (s->m_state == State::Failed)
            return 1;
        s->m_state = State::Complete;
        http_parser_pause(p, 1);  // one request at a time; the rest stays buffered
        return 0;
    }
};

HttpRequestParser::HttpRequestParser(const HttpLimits &limits) : m_limits(limits), m_impl(std::make_unique<Impl>())
{
    http_parser_settings_init(&m_impl->settings);
    m_impl->settings.on_url = &Callbacks::onUrl;
    m_impl->settings.on_header_field = &Callbacks::onHeaderField;
    m_impl->settings.on_header_value = &Callbacks::onHeaderValue;
    m_impl->settings.on_headers_complete = &Callbacks::onHeadersComplete;
    m_impl->settings.on_body = &Callbacks::onBody;
    m_impl->settings.on_message_complete = &Callbacks::onMessageComplete;
    http_parser_init(&m_impl->parser, HTTP_REQUEST);
    m_impl->parser.data = this;
}

HttpRequestParser::~HttpRequestParser() = default;

int HttpRequestParser::fail(ErrorCode code, const QString &message)
{
    if (m_state != State::Failed) {
        m_state = State::Failed;
        m_error = Error{code, message, {}};
    }
    return 1;
}

void HttpRequestParser::resetMessage()
{
    m_request = HttpRequest{};
    m_url.clear();
    m_field.clear();
    m_value.clear();
    m_lastWasValue = false;
    m_headersComplete = false;
    m_expectContinue = false;
    m_headerBytes = 0;
    m_state = State::Incomplete;
    m_error = Error{};
}

HttpRequestParser::State HttpRequestParser::feed(QByteArrayView data)
{
    m_buffer.append(data);  // kept even when a request is waiting to be taken
    http_parser *p = &m_impl->parser;
    while (m_state == State::Incomplete && !m_buffer.isEmpty()) {
        // The header section (request line, headers, blank line) may use at most maxHeaderBytes:
        // hand the parser no more than what is left of that, and refuse if it is still not done.
        qsizetype chunk = m_buffer.size();
        bool capped = false;
        if (!m_headersComplete) {
            const qsizetype room = m_limits.maxHeaderBytes - m_headerBytes;
            if (room <= 0) {
                fail(ErrorCode::HeadersTooLarge,
                     QStringLiteral("request line and headers exceed %1 bytes").arg(m_limits.maxHeaderBytes));
                break;
            }
            capped = chunk > room;
            chunk = std::min(chunk, room);
        }
        const bool headersWereComplete = m_headersComplete;
        const size_t parsed =
            http_parser_execute(p, &m_impl->settings, m_buffer.constData(), static_cast<size_t>(chunk));
        const auto err = HTTP_PARSER_ERRNO(p);
        if (m_state == State::Failed)
            break;
        if (err != HPE_OK && err != HPE_PAUSED) {
            fail(ErrorCode::BadRequest,
                 QStringLiteral("malformed HTTP request: %1").arg(QString::fromLatin1(http_errno_description(err))));
            break;
        }
        if (p->upgrade && m_state == State::Complete) {
            fail(ErrorCode::BadRequest, QStringLiteral("protocol upgrades are not supported"));
            break;
        }
        m_buffer.remove(0, static_cast<qsizetype>(parsed));
        if (!headersWereComplete && !m_headersComplete) {
            m_headerBytes += static_cast<qsizetype>(parsed);
            if (capped) {
                fail(ErrorCode::HeadersTooLarge,
                     QStringLiteral("request line and headers exceed %1 bytes").arg(m_limits.maxHeaderBytes));
            }
            break;  // everything given was header bytes: wait for more
        }
        if (parsed == 0)
            break;
    }
    return m_state;
}

HttpRequest HttpRequestParser::takeRequest()
{
    HttpRequest request = std::move(m_request);
    resetMessage();
    http_parser_pause(&m_impl->parser, 0);
    return request;
}

bool HttpRequestParser::takeExpectContinue()
{
    const bool expect = m_expectContinue && m_state == State::Incomplete;
    m_expectContinue = false;
    return expect;
}

}  // namespace rbee::core

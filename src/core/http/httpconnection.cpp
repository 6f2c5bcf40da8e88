// Request/response cycle of one socket; see httpconnection.h.
#include "httpconnection.h"

#include "../logging.h"
#include "httpresponder.h"

#include <QTcpSocket>

#include <algorithm>
#include <limits>

namespace rbee::core {

namespace {
// One chunk of a chunked body: size in hex, CRLF, the bytes, CRLF.
QByteArray chunked(const QByteArray &data)
{
    QByteArray chunk = QByteArray::number(data.size(), 16);
    chunk.reserve(chunk.size() + data.size() + 4);
    chunk += "\r\n";
    chunk += data;
    chunk += "\r\n";
    return chunk;
}
}  // namespace

HttpConnection::HttpConnection(QTcpSocket *socket, const HttpLimits &limits, Handler handler, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_limits(limits)
    , m_handler(std::move(handler))
    , m_parser(limits)
{
    m_socket->setParent(this);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    // Qt reads no more than this ahead of us: while a response is under way nothing is taken, so
    // a client that keeps sending fills the kernel's buffers and TCP makes it wait.
    m_socket->setReadBufferSize(m_limits.maxBufferedInputBytes);
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, &HttpConnection::onDeadline);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpConnection::onDisconnected);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &HttpConnection::bytesWritten);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (m_socket->state() != QAbstractSocket::ConnectedState)
            onDisconnected();
    });
    armDeadline();
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::onReadyRead, Qt::QueuedConnection);
}

HttpConnection::~HttpConnection() = default;

bool HttpConnection::isCurrent(quint64 seq) const
{
    return seq == m_seq && (m_phase == Phase::Handling || m_phase == Phase::Streaming) && !m_closedEmitted;
}

HttpConnection::Evictable HttpConnection::evictable() const
{
    switch (m_phase) {
    case Phase::Closing: return Evictable::Closing;
    case Phase::Reading: return Evictable::Waiting;
    case Phase::Handling:
    case Phase::Streaming: break;
    }
    return Evictable::No;
}

void HttpConnection::setPhase(Phase phase)
{
    const Evictable before = evictable();
    m_phase = phase;
    if (phase != Phase::Reading) {
        m_wait = Wait::Nothing;
        m_deadline.stop();
    }
    // Entering Reading again counts as a change too: the server ranks waiting connections by how
    // long they have waited.
    if (evictable() != before || phase == Phase::Reading)
        Q_EMIT evictableChanged();
}

// Deadlines run from the start of what is awaited, never from the latest byte: an idle connection
// from the end of its last response, a head from its first byte, a body from the end of the head
// (growing with the bytes that arrived, so a large body sent at a fair rate gets its time).
void HttpConnection::armDeadline()
{
    if (m_phase != Phase::Reading || m_closedEmitted)
        return;
    if (!m_parser.messageStarted()) {
        if (m_wait != Wait::Idle) {
            m_wait = Wait::Idle;
            m_deadline.start(m_limits.idleTimeoutMs);
        }
        return;
    }
    if (!m_parser.headersComplete()) {
        if (m_wait != Wait::Head) {
            m_wait = Wait::Head;
            m_deadline.start(m_limits.headerTimeoutMs);
        }
        return;
    }
    if (m_wait != Wait::Body) {
        m_wait = Wait::Body;
        m_bodyClock.start();
    }
    const qint64 rate = qMax<qint64>(1, m_limits.minBodyBytesPerSecond);
    const qint64 allowedMs = m_limits.bodyTimeoutMs + qint64(m_parser.bodyBytes()) * 1000 / rate;
    const qint64 remainingMs =
        std::clamp<qint64>(allowedMs - m_bodyClock.elapsed(), 0, std::numeric_limits<int>::max());
    m_deadline.start(int(remainingMs));
}

void HttpConnection::onDeadline()
{
    if (m_phase != Phase::Reading)
        return;
    switch (m_wait) {
    case Wait::Nothing: return;
    case Wait::Idle:
        qCDebug(lcHttp) << "closing idle connection";
        abort();
        return;
    case Wait::Head:
        failRequest(Error{ErrorCode::RequestTimeout,
                          QStringLiteral("request head not completed within %1 ms").arg(m_limits.headerTimeoutMs)});
        return;
    case Wait::Body:
        failRequest(Error{ErrorCode::RequestTimeout,
                          QStringLiteral("request body not received in time (%1 ms plus 1 s per %2 bytes)")
                              .arg(m_limits.bodyTimeoutMs)
                              .arg(m_limits.minBodyBytesPerSecond)});
        return;
    }
}

void HttpConnection::onReadyRead()
{
    if (m_phase == Phase::Closing) {
        m_socket->readAll();  // lingering close: discard what the client still sends
        return;
    }
    if (m_phase != Phase::Reading)
        return;  // the next request waits, in the socket and then the kernel, until this one is answered
    m_parser.feed(m_socket->readAll());
    processInput();
}

void HttpConnection::processInput()
{
    if (m_phase != Phase::Reading)
        return;
    if (m_parser.takeExpectContinue())
        write("HTTP/1.1 100 Continue\r\n\r\n");
    switch (m_parser.state()) {
    case HttpRequestParser::State::Incomplete: armDeadline(); return;
    case HttpRequestParser::State::Failed: failRequest(m_parser.error()); return;
    case HttpRequestParser::State::Complete: break;
    }
    HttpRequest request = m_parser.takeRequest();
    m_keepAlive = request.keepAlive;
    setPhase(Phase::Handling);
    ++m_seq;
    m_handler(std::move(request), HttpResponder(this, m_seq));
}

void HttpConnection::failRequest(const Error &error)
{
    qCDebug(lcHttp) << "rejecting request:" << error.message;
    setPhase(Phase::Handling);
    ++m_seq;
    m_keepAlive = false;
    respond(m_seq, HttpResponse::error(error));
}

void HttpConnection::write(QByteArrayView data)
{
    // The cap is on what the client left unread before this write: one answer the server built
    // (a list of 50,000 workers) may be larger than the cap and still goes out whole.
    const qint64 unread = m_socket->bytesToWrite();
    m_socket->write(data.data(), data.size());
    if (unread > m_limits.maxPendingWriteBytes) {
        qCWarning(lcHttp) << "dropping a client that does not read its responses";
        abort();
    }
}

void HttpConnection::writeNow(QByteArrayView data)
{
    write(data);
    if (!m_closedEmitted)
        m_socket->flush();  // now, not at the next turn of the event loop
}

void HttpConnection::respond(quint64 seq, const HttpResponse &response)
{
    if (seq != m_seq || m_phase != Phase::Handling || m_closedEmitted)
        return;
    writeNow(response.serialize(m_keepAlive));
    finishResponse(m_keepAlive);
}

bool HttpConnection::beginStream(quint64 seq)
{
    if (seq != m_seq || m_phase != Phase::Handling || m_closedEmitted)
        return false;
    setPhase(Phase::Streaming);
    write("HTTP/1.1 200 OK\r\n"
          "Content-Type: text/event-stream\r\n"
          "Cache-Control: no-cache\r\n"
          "X-Accel-Buffering: no\r\n"
          "Transfer-Encoding: chunked\r\n"
          "Connection: keep-alive\r\n\r\n");
    return !m_closedEmitted;
}

bool HttpConnection::beginBody(quint64 seq, const HttpResponse &head, qint64 contentLength)
{
    if (seq != m_seq || m_phase != Phase::Handling || m_closedEmitted || contentLength < 0)
        return false;
    setPhase(Phase::Streaming);
    m_bodyLeft = contentLength;
    writeNow(head.serializeHead(m_keepAlive, contentLength));
    return !m_closedEmitted;
}

bool HttpConnection::writeBody(quint64 seq, QByteArrayView data)
{
    if (seq != m_seq || m_phase != Phase::Streaming || m_closedEmitted || data.size() > m_bodyLeft)
        return false;
    m_bodyLeft -= data.size();
    writeNow(data);
    return !m_closedEmitted;
}

void HttpConnection::endBody(quint64 seq)
{
    if (seq != m_seq || m_phase != Phase::Streaming || m_closedEmitted)
        return;
    const bool complete = m_bodyLeft == 0;
    m_bodyLeft = -1;
    if (!complete) {
        abort();  // a short body cannot be told apart from a complete one but by closing
        return;
    }
    finishResponse(m_keepAlive);
}

bool HttpConnection::writeStreamChunk(quint64 seq, QByteArrayView data)
{
    if (seq != m_seq || m_phase != Phase::Streaming || m_closedEmitted || m_bodyLeft >= 0)
        return false;
    if (data.isEmpty())
        return true;  // an empty chunk would end the body
    m_pendingChunk.append(data);
    if (m_pendingChunk.size() >= kMaxCoalescedChunkBytes) {
        flushStreamChunk();
    } else if (!m_flushScheduled) {
        m_flushScheduled = true;
        QMetaObject::invokeMethod(this, &HttpConnection::flushStreamChunk, Qt::QueuedConnection);
    }
    return !m_closedEmitted;
}

void HttpConnection::flushStreamChunk()
{
    m_flushScheduled = false;
    if (m_pendingChunk.isEmpty() || m_closedEmitted)
        return;
    const QByteArray chunk = chunked(m_pendingChunk);
    m_pendingChunk.resize(0);  // keeps its capacity for the next turn
    writeNow(chunk);
}

void HttpConnection::endStream(quint64 seq)
{
    if (seq != m_seq || m_phase != Phase::Streaming || m_closedEmitted)
        return;
    QByteArray tail = m_pendingChunk.isEmpty() ? QByteArray() : chunked(m_pendingChunk);
    m_pendingChunk.clear();
    tail += "0\r\n\r\n";
    writeNow(tail);
    finishResponse(m_keepAlive);
}

void HttpConnection::finishResponse(bool keepAlive)
{
    if (m_closedEmitted)
        return;
    if (!keepAlive) {
        // Lingering close: a client may still be sending a body we refused. Closing now would
        // reset the connection and could destroy our answer before it is read, so discard its
        // input until it closes, or for at most kLingerMs.
        setPhase(Phase::Closing);
        m_socket->readAll();
        QTimer::singleShot(kLingerMs, this, [this] {
            if (!m_closedEmitted)
                m_socket->disconnectFromHost();
        });
        return;
    }
    setPhase(Phase::Reading);
    armDeadline();
    // A pipelined request may already be buffered; handle it from the event loop, not recursively.
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_phase != Phase::Reading)
                return;
            m_parser.feed({});
            if (m_socket->bytesAvailable() > 0)
                m_parser.feed(m_socket->readAll());
            processInput();
        },
        Qt::QueuedConnection);
}

qint64 HttpConnection::unreadBytes() const
{
    return m_closedEmitted ? 0 : m_socket->bytesToWrite() + m_pendingChunk.size();
}

void HttpConnection::abort()
{
    m_socket->abort();
    onDisconnected();
}

void HttpConnection::onDisconnected()
{
    if (m_closedEmitted)
        return;
    m_closedEmitted = true;
    m_phase = Phase::Closing;
    m_wait = Wait::Nothing;
    m_deadline.stop();
    Q_EMIT closed();
    deleteLater();
}

}  // namespace rbee::core

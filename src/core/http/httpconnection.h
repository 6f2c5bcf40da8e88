// HttpConnection: one client socket. Reads and parses requests one at a time, hands each to the
// server's handler, writes its response (whole, or as a chunked event stream), keeps the
// connection alive between requests and closes it when idle. Holds each client to HttpLimits'
// deadlines, and reads no input while a response is under way. Lives on the server's thread.
#pragma once

#include "httprequestparser.h"
#include "httpresponse.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <functional>

class QTcpSocket;

namespace rbee::core {

class HttpResponder;

class HttpConnection : public QObject {
    Q_OBJECT
public:
    using Handler = std::function<void(HttpRequest request, HttpResponder responder)>;
    static constexpr int kLingerMs = 2000;
    static constexpr qsizetype kMaxCoalescedChunkBytes = 64 * 1024;

    HttpConnection(QTcpSocket *socket, const HttpLimits &limits, Handler handler, QObject *parent = nullptr);
    ~HttpConnection() override;

    // Used through HttpResponder; `seq` identifies the request being answered, so a late answer
    // to an old request can never land on a newer one.
    void respond(quint64 seq, const HttpResponse &response);
    bool beginStream(quint64 seq);
    bool writeStreamChunk(quint64 seq, QByteArrayView data);
    void endStream(quint64 seq);
    // A response whose body of `contentLength` bytes is written piece by piece (a file from
    // disk); writeBody() as the client reads (bytesWritten()), endBody() after the last byte.
    bool beginBody(quint64 seq, const HttpResponse &head, qint64 contentLength);
    bool writeBody(quint64 seq, QByteArrayView data);
    void endBody(quint64 seq);
    bool isCurrent(quint64 seq) const;
    // Bytes written to this client that it has not read yet (held here, not in the kernel).
    qint64 unreadBytes() const;
    // Closes the connection at once (e.g. the server shuts down, or needs room for another).
    void abort();

    // Whether the server may close this connection to make room for a new client: one that is
    // already closing first, then one waiting for (or reading) a request; never one whose
    // response is being handled or streamed.
    enum class Evictable { Closing, Waiting, No };
    Evictable evictable() const;

Q_SIGNALS:
    // The socket is gone: the client closed it, it failed, or it was dropped. Emitted once.
    void closed();
    // evictable() changed, or the connection began waiting for a new request.
    void evictableChanged();
    // The socket handed bytes to the kernel: room for more of a body being written.
    void bytesWritten();

private:
    enum class Phase { Reading, Handling, Streaming, Closing };
    // What a connection in the Reading phase waits for, and so which deadline applies.
    enum class Wait { Nothing, Idle, Head, Body };

    void onReadyRead();
    void processInput();
    void armDeadline();
    void onDeadline();
    void setPhase(Phase phase);
    void failRequest(const Error &error);
    void finishResponse(bool keepAlive);
    void write(QByteArrayView data);
    void writeNow(QByteArrayView data);  // write() and hand it to the kernel at once
    void flushStreamChunk();
    void onDisconnected();

    QTcpSocket *m_socket;
    HttpLimits m_limits;
    Handler m_handler;
    HttpRequestParser m_parser;
    QTimer m_deadline;
    Wait m_wait = Wait::Nothing;
    QElapsedTimer m_bodyClock;  // since the end of the head of the request being read
    Phase m_phase = Phase::Reading;
    quint64 m_seq = 0;
    bool m_keepAlive = true;
    bool m_closedEmitted = false;
    // Stream data written during one event-loop turn goes out as one chunk: a relay that reads
    // many events at once sends one chunk, not one per event (what nginx does too), which spares
    // the client a body callback per event.
    QByteArray m_pendingChunk;
    bool m_flushScheduled = false;
    qint64 m_bodyLeft = -1;  // of a body written with writeBody(); -1 when none is
};

}  // namespace rbee::core

// rbee_core's HttpServer over real sockets: keep-alive, routing, chunked event streams, and each
// deliberate limit (header size 431, body size 413, idle timeout, connection cap, malformed 400).
#include "testhttp.h"

#include "core/http/httpconnection.h"
#include "core/http/httpserver.h"
#include "core/sse/sseparser.h"

#include <QTcpSocket>
#include <QTest>

using namespace rbee;
using namespace rbee::test;

namespace {
// Reads from the socket until `done` holds for what arrived, the peer closes, or the timeout.
QByteArray readUntil(QTcpSocket &socket, const std::function<bool(const QByteArray &)> &done, int timeoutMs = 5000)
{
    QByteArray data;
    waitFor(
        [&] {
            socket.waitForReadyRead(20);
            data += socket.readAll();
            return done(data) || socket.state() != QAbstractSocket::ConnectedState;
        },
        timeoutMs, 1);
    data += socket.readAll();
    return data;
}

bool responseComplete(const QByteArray &data)
{
    const qsizetype headerEnd = data.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return false;
    const qsizetype at = data.toLower().indexOf("content-length: ");
    if (at < 0)
        return true;
    const qsizetype eol = data.indexOf("\r\n", at);
    const qsizetype length = data.mid(at + 16, eol - at - 16).toLongLong();
    return data.size() >= headerEnd + 4 + length;
}

core::SseEvent burstEvent(int i, int size)
{
    const QString data = QString::number(i).rightJustified(size, u'x');
    return core::SseEvent{QStringLiteral("token"), data, {}};
}

// Splits a chunked body (starting right after the response head) into its chunks; stops at the
// first incomplete one.
QList<QByteArray> chunksOf(const QByteArray &response)
{
    QList<QByteArray> chunks;
    qsizetype at = response.indexOf("\r\n\r\n") + 4;
    while (true) {
        const qsizetype eol = response.indexOf("\r\n", at);
        if (eol < 0)
            break;
        bool ok = false;
        const qsizetype size = response.mid(at, eol - at).toLongLong(&ok, 16);
        if (!ok || response.size() < eol + 2 + size + 2)
            break;
        chunks.append(response.mid(eol + 2, size));
        at = eol + 2 + size + 2;
    }
    return chunks;
}

bool waitClosed(QTcpSocket &socket, int timeoutMs)
{
    return waitFor(
        [&] {
            socket.waitForReadyRead(20);
            socket.readAll();
            return socket.state() == QAbstractSocket::UnconnectedState;
        },
        timeoutMs, 1);
}
}  // namespace

class TestHttpServer : public QObject {
    Q_OBJECT

private:
    core::HttpServer *m_server = nullptr;
    core::HttpResponder m_heldStream;

    void startServer(const core::HttpLimits &limits = {})
    {
        delete m_server;
        m_server = new core::HttpServer;
        m_server->setLimits(limits);
        m_server->route("GET", QStringLiteral("/hello/{name}"), [](core::HttpRequest r, core::HttpResponder s) {
            s.sendJson(200, {{QStringLiteral("hello"), r.pathParam(QStringLiteral("name"))},
                             {QStringLiteral("q"), r.query.queryItemValue(QStringLiteral("q"))}});
        });
        m_server->route("POST", QStringLiteral("/echo"), [](core::HttpRequest r, core::HttpResponder s) {
            s.sendJson(200, {{QStringLiteral("bytes"), r.body.size()}});
        });
        m_server->route("GET", QStringLiteral("/events"), [this](core::HttpRequest, core::HttpResponder s) {
            s.beginEventStream();
            s.sendEvent(core::SseEvent{QStringLiteral("token"), QStringLiteral("{\"t\":\"a\"}"), {}});
            m_heldStream = s;  // more comes later
        });
        // `n` events of `size` data bytes, all written in one turn of the event loop; held open.
        m_server->route("GET", QStringLiteral("/burst"), [this](core::HttpRequest r, core::HttpResponder s) {
            s.beginEventStream();
            const int n = r.query.queryItemValue(QStringLiteral("n")).toInt();
            const int size = r.query.queryItemValue(QStringLiteral("size")).toInt();
            for (int i = 0; i < n; ++i)
                s.sendEvent(burstEvent(i, size));
            m_heldStream = s;
        });
        QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
    }
    QUrl url(const QString &path) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server->serverPort()).arg(path));
    }
    void connectSocket(QTcpSocket &socket)
    {
        socket.connectToHost(QHostAddress::LocalHost, m_server->serverPort());
        QVERIFY(socket.waitForConnected(5000));
    }

    // Asks /burst for `n` events of `size` bytes; returns the chunks of the body once all of
    // their bytes arrived, and in `expected` the events as they were written.
    QList<QByteArray> readBurst(int n, int size, QByteArray &expected)
    {
        QTcpSocket socket;
        connectSocket(socket);
        socket.write(QStringLiteral("GET /burst?n=%1&size=%2 HTTP/1.1\r\nHost: x\r\n\r\n").arg(n).arg(size).toLatin1());
        for (int i = 0; i < n; ++i)
            expected += burstEvent(i, size).serialize();
        return chunksOf(
            readUntil(socket, [&](const QByteArray &d) { return chunksOf(d).join().size() >= expected.size(); }));
    }

private Q_SLOTS:
    void init() { startServer(); }
    void cleanup()
    {
        delete m_server;
        m_server = nullptr;
    }

    void route_withPathParamAndQuery_answersJson()
    {
        const auto r = httpRequest("GET", url(QStringLiteral("/hello/bee?q=x%20y")));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(r.json.value(QStringLiteral("hello")).toString(), QStringLiteral("bee"));
        QCOMPARE(r.json.value(QStringLiteral("q")).toString(), QStringLiteral("x y"));
    }

    void keepAlive_servesSeveralRequestsOnOneConnection_evenPipelined()
    {
        QTcpSocket socket;
        connectSocket(socket);
        socket.write("GET /hello/a HTTP/1.1\r\nHost: x\r\n\r\nGET /hello/b HTTP/1.1\r\nHost: x\r\n\r\n");
        const QByteArray both =
            readUntil(socket, [](const QByteArray &d) { return d.count("HTTP/1.1 200") == 2 && d.endsWith("}\n"); });
        QVERIFY2(both.contains("\"hello\":\"a\"") && both.contains("\"hello\":\"b\""), both.constData());
        QVERIFY(both.indexOf("\"hello\":\"a\"") < both.indexOf("\"hello\":\"b\""));
        socket.write("GET /hello/c HTTP/1.1\r\nHost: x\r\n\r\n");
        QVERIFY(readUntil(socket, responseComplete).contains("\"hello\":\"c\""));
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
    }

    void connectionClose_closesAfterTheResponse()
    {
        QTcpSocket socket;
        connectSocket(socket);
        socket.write("GET /hello/a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        const QByteArray data = readUntil(socket, responseComplete);
        QVERIFY(data.contains("Connection: close"));
        QVERIFY(waitClosed(socket, 5000));
    }

    void eventStream_isChunkedWithSseHeaders_andEventsArriveAsSent()
    {
        QTcpSocket socket;
        connectSocket(socket);
        socket.write("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
        const QByteArray head = readUntil(socket, [](const QByteArray &d) { return d.contains("\"a\"}"); });
        QVERIFY(head.startsWith("HTTP/1.1 200 OK\r\n"));
        QVERIFY(head.contains("Content-Type: text/event-stream\r\n"));
        QVERIFY(head.contains("Cache-Control: no-cache\r\n"));
        QVERIFY(head.contains("X-Accel-Buffering: no\r\n"));
        QVERIFY(head.contains("Transfer-Encoding: chunked\r\n"));
        QVERIFY(!head.contains("Content-Length"));
        const QByteArray first =
            core::SseEvent{QStringLiteral("token"), QStringLiteral("{\"t\":\"a\"}"), {}}.serialize();
        const QByteArray chunk = QByteArray::number(first.size(), 16) + "\r\n" + first + "\r\n";
        QVERIFY(head.endsWith(chunk));
        // A later event goes out on its own, then the terminating chunk.
        m_heldStream.sendEvent(core::SseEvent::done());
        m_heldStream.endEventStream();
        const QByteArray tail = readUntil(socket, [](const QByteArray &d) { return d.endsWith("0\r\n\r\n"); });
        QVERIFY2(tail.contains("data: [DONE]\n\n\r\n0\r\n\r\n"), tail.constData());
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);  // keep-alive after the stream
    }

    void eventStream_eventsWrittenInOneTurn_goOutAsOneChunk()
    {
        // A relay that reads many events at once sends them on together: one chunk, one body
        // callback for the client, not one per event.
        QByteArray expected;
        const QList<QByteArray> chunks = readBurst(100, 20, expected);
        QCOMPARE(chunks.size(), 1);
        QCOMPARE(chunks.first(), expected);
    }

    void eventStream_largeBurst_isSplitIntoBoundedChunks()
    {
        // 2,000 events of ~1 KiB in one turn: chunks of at most 64 KiB (plus the event that crossed
        // the bound), all bytes in order.
        QByteArray expected;
        const QList<QByteArray> chunks = readBurst(2000, 1000, expected);
        QVERIFY2(chunks.size() >= expected.size() / core::HttpConnection::kMaxCoalescedChunkBytes,
                 QByteArray::number(chunks.size()).constData());
        for (const QByteArray &chunk : chunks)
            QVERIFY(chunk.size() < core::HttpConnection::kMaxCoalescedChunkBytes + 1100);
        QCOMPARE(chunks.join(), expected);
    }

    void clientLeavingAStream_emitsClosed()
    {
        QTcpSocket socket;
        connectSocket(socket);
        socket.write("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
        readUntil(socket, [](const QByteArray &d) { return d.contains("\"a\"}"); });
        QVERIFY(m_heldStream.isActive());
        bool closed = false;
        connect(m_heldStream.connection(), &core::HttpConnection::closed, this, [&] { closed = true; });
        socket.abort();
        QVERIFY(waitFor([&] { return closed; }, 2000));
        QVERIFY(!m_heldStream.isActive());
        QVERIFY(!m_heldStream.sendEvent(core::SseEvent::done()));  // harmless after the fact
    }

    void headersOverLimit_return431AndClose()
    {
        QTcpSocket socket;
        connectSocket(socket);
        socket.write("GET /hello/a HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(17 * 1024, 'b') + "\r\n\r\n");
        const QByteArray data = readUntil(socket, responseComplete);
        QVERIFY2(data.startsWith("HTTP/1.1 431 "), data.left(200).constData());
        QVERIFY(data.contains("\"code\":\"headers_too_large\""));
        QVERIFY(waitClosed(socket, 5000));
    }

    void headersJustUnderLimit_areAccepted()
    {
        QTcpSocket socket;
        connectSocket(socket);
        socket.write("GET /hello/a HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(15 * 1024, 'b') + "\r\n\r\n");
        QVERIFY(readUntil(socket, responseComplete).startsWith("HTTP/1.1 200 "));
    }

    void bodyOverLimit_returns413_beforeTheBodyIsSent()
    {
        QTcpSocket socket;
        connectSocket(socket);
        socket.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n");
        const QByteArray data = readUntil(socket, responseComplete);
        QVERIFY2(data.startsWith("HTTP/1.1 413 "), data.left(200).constData());
        QVERIFY(data.contains("\"code\":\"payload_too_large\""));
    }

    void chunkedBodyOverLimit_returns413()
    {
        core::HttpLimits limits;
        limits.maxBodyBytes = 1000;
        startServer(limits);
        QTcpSocket socket;
        connectSocket(socket);
        socket.write("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < 3; ++i)
            socket.write("190\r\n" + QByteArray(400, 'x') + "\r\n");
        const QByteArray data = readUntil(socket, responseComplete);
        QVERIFY2(data.startsWith("HTTP/1.1 413 "), data.left(200).constData());
    }

    void bodyAtLimit_isAccepted()
    {
        const auto r = httpRequest("POST", url(QStringLiteral("/echo")), QByteArray(1024 * 1024, 'x'));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value(QStringLiteral("bytes")).toInt(), 1024 * 1024);
    }

    void malformedRequest_returns400AndCloses()
    {
        QTcpSocket socket;
        connectSocket(socket);
        socket.write("THIS IS NOT HTTP\r\n\r\n");
        const QByteArray data = readUntil(socket, responseComplete);
        QVERIFY2(data.startsWith("HTTP/1.1 400 "), data.constData());
        QVERIFY(data.contains("\"code\":\"bad_request\""));
        QVERIFY(waitClosed(socket, 5000));
    }

    void idleConnection_isClosedAfterTheTimeout()
    {
        core::HttpLimits limits;
        limits.idleTimeoutMs = 300;
        startServer(limits);
        QTcpSocket socket;
        connectSocket(socket);
        socket.write("GET /hello/a HTTP/1.1\r\nHost: x\r\n\r\n");
        QVERIFY(readUntil(socket, responseComplete).startsWith("HTTP/1.1 200 "));
        QElapsedTimer t;
        t.start();
        QVERIFY(waitClosed(socket, 5000));
        QVERIFY2(t.elapsed() >= 200, "not closed before the timeout");
    }

    void halfSentRequest_gets408AfterTheTimeout()
    {
        core::HttpLimits limits;
        limits.idleTimeoutMs = 300;
        startServer(limits);
        QTcpSocket socket;
        connectSocket(socket);
        socket.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly part");
        const QByteArray data = readUntil(socket, responseComplete);
        QVERIFY2(data.startsWith("HTTP/1.1 408 "), data.constData());
        QVERIFY(data.contains("\"code\":\"request_timeout\""));
    }

    void streamingConnection_isNotClosedByTheIdleTimeout()
    {
        core::HttpLimits limits;
        limits.idleTimeoutMs = 200;
        startServer(limits);
        QTcpSocket socket;
        connectSocket(socket);
        socket.write("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
        readUntil(socket, [](const QByteArray &d) { return d.contains("\"a\"}"); });
        QTest::qWait(600);
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
        QVERIFY(m_heldStream.isActive());
    }

    void connectionsOverTheCap_get503()
    {
        core::HttpLimits limits;
        limits.maxConnections = 2;
        startServer(limits);
        QTcpSocket a, b, c;
        connectSocket(a);
        connectSocket(b);
        QVERIFY(waitFor([&] { return m_server->connectionCount() == 2; }, 2000));
        connectSocket(c);
        const QByteArray data = readUntil(c, responseComplete);
        QVERIFY2(data.startsWith("HTTP/1.1 503 "), data.constData());
        QVERIFY(data.contains("too_many_connections"));
        // Once one leaves, a new client gets in.
        a.abort();
        QVERIFY(waitFor([&] { return m_server->connectionCount() == 1; }, 2000));
        QCOMPARE(httpRequest("GET", url(QStringLiteral("/hello/x"))).status, 200);
    }

    void unknownRoute_404_wrongMethod_405WithAllow()
    {
        const auto a = httpRequest("GET", url(QStringLiteral("/nothing")));
        QCOMPARE(a.status, 404);
        QCOMPARE(a.errorCode(), QStringLiteral("not_found"));
        const auto b = httpRequest("DELETE", url(QStringLiteral("/echo")));
        QCOMPARE(b.status, 405);
        QCOMPARE(b.header("Allow"), QByteArray("POST"));
    }

    void expectContinue_gets100ThenTheAnswer()
    {
        QTcpSocket socket;
        connectSocket(socket);
        socket.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
        QVERIFY(readUntil(socket, [](const QByteArray &d) {
                    return d.contains("\r\n\r\n");
                }).startsWith("HTTP/1.1 100 Continue\r\n\r\n"));
        socket.write("hello");
        QVERIFY(readUntil(socket, responseComplete).contains("\"bytes\":5"));
    }
};

QTEST_GUILESS_MAIN(TestHttpServer)
#include "tst_httpserver.moc"

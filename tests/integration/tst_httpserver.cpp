// rbee_core's HttpServer over real sockets: keep-alive, routing, chunked event streams, and each
// deliberate limit (header size 431, body size 413, idle timeout, head and body deadlines, input
// held back during a response, connection cap with eviction, malformed 400).
#include "testhttp.h"

#include "core/http/httpconnection.h"
#include "core/http/httpserver.h"
#include "core/sse/sseparser.h"

#include <QElapsedTimer>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <vector>

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
    QList<core::HttpResponder> m_heldStreams;  // every /events stream, oldest first

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
            m_heldStreams.append(s);
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
        m_heldStreams.clear();
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

    void halfSentBody_gets408AfterTheBodyDeadline()
    {
        core::HttpLimits limits;
        limits.bodyTimeoutMs = 300;
        startServer(limits);
        QTcpSocket socket;
        connectSocket(socket);
        socket.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly part");
        const QByteArray data = readUntil(socket, responseComplete);
        QVERIFY2(data.startsWith("HTTP/1.1 408 "), data.constData());
        QVERIFY(data.contains("\"code\":\"request_timeout\""));
    }

    void headSentByteByByte_gets408AtItsDeadline_whichLaterBytesDoNotRenew()
    {
        // Slowloris: a byte every 50 ms, far more often than any timeout. Only a deadline counted
        // from the first byte of the head ends it.
        core::HttpLimits limits;
        limits.idleTimeoutMs = 60000;
        limits.headerTimeoutMs = 800;
        startServer(limits);
        QTcpSocket socket;
        connectSocket(socket);
        const QByteArray head = "GET /hello/a HTTP/1.1\r\nHost: x\r\nX-Slow: " + QByteArray(1000, 'a');
        qsizetype sent = 0;
        QElapsedTimer t;
        t.start();
        const QByteArray data = readUntil(
            socket,
            [&](const QByteArray &d) {
                if (sent < head.size() && t.elapsed() >= sent * 50)
                    socket.write(head.mid(sent++, 1));
                return responseComplete(d);
            },
            15000);
        const qint64 elapsed = t.elapsed();
        QVERIFY2(data.startsWith("HTTP/1.1 408 "), data.constData());
        QVERIFY(data.contains("\"code\":\"request_timeout\""));
        QVERIFY2(elapsed >= 700, "not before the deadline");
        QVERIFY2(elapsed < 8000, qPrintable(QStringLiteral("408 only after %1 ms").arg(elapsed)));
        QVERIFY(waitClosed(socket, 5000));
    }

    void bodySentTooSlowly_gets408()
    {
        // 500 ms after the head plus 10 ms per byte (100 bytes/s); a byte comes every 50 ms.
        core::HttpLimits limits;
        limits.idleTimeoutMs = 60000;
        limits.bodyTimeoutMs = 500;
        limits.minBodyBytesPerSecond = 100;
        startServer(limits);
        QTcpSocket socket;
        connectSocket(socket);
        socket.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n");
        qsizetype sent = 0;
        QElapsedTimer t;
        t.start();
        const QByteArray data = readUntil(
            socket,
            [&](const QByteArray &d) {
                if (t.elapsed() >= sent * 50) {
                    socket.write("x");
                    ++sent;
                }
                return responseComplete(d);
            },
            15000);
        const qint64 elapsed = t.elapsed();
        QVERIFY2(data.startsWith("HTTP/1.1 408 "), data.constData());
        QVERIFY(data.contains("\"code\":\"request_timeout\""));
        QVERIFY2(elapsed >= 400, "not before the deadline");
        QVERIFY2(elapsed < 8000, qPrintable(QStringLiteral("408 only after %1 ms").arg(elapsed)));
    }

    void bodySentAtAFairRate_mayTakeLongerThanTheBaseDeadline()
    {
        // 500 ms plus 1 ms per byte: 5,000 bytes at 2,500 bytes/s take 2 s and are accepted.
        core::HttpLimits limits;
        limits.bodyTimeoutMs = 500;
        limits.minBodyBytesPerSecond = 1000;
        startServer(limits);
        QTcpSocket socket;
        connectSocket(socket);
        const int pieces = 20;
        const QByteArray piece(250, 'x');
        socket.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + piece);
        int sent = 1;
        QElapsedTimer t;
        t.start();
        const QByteArray data = readUntil(
            socket,
            [&](const QByteArray &d) {
                if (sent < pieces && t.elapsed() >= sent * 100) {
                    socket.write(piece);
                    ++sent;
                }
                return responseComplete(d);
            },
            15000);
        QVERIFY2(data.startsWith("HTTP/1.1 200 "), data.constData());
        QVERIFY(data.contains("\"bytes\":5000"));
        QVERIFY2(t.elapsed() >= 1500, "the body did not take longer than the base deadline");
    }

    void streamingConnection_isNotClosedByTheIdleTimeout()
    {
        core::HttpLimits limits;
        limits.idleTimeoutMs = 200;
        limits.headerTimeoutMs = 200;
        startServer(limits);
        QTcpSocket socket;
        connectSocket(socket);
        socket.write("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
        readUntil(socket, [](const QByteArray &d) { return d.contains("\"a\"}"); });
        socket.write("GET /hello/a HTTP/1.1\r\n");  // a pipelined head, begun, waits its turn
        QTest::qWait(600);
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
        QVERIFY(m_heldStream.isActive());
    }

    void inputSentDuringAStream_waitsInTheKernel_notInTheServersMemory()
    {
        // A client that keeps sending while its response streams: the server reads at most
        // maxBufferedInputBytes, then TCP holds the client back. Without the cap, Qt would read
        // all 64 MiB into memory and the client's send buffer would drain.
        QTcpSocket socket;
        connectSocket(socket);
        socket.write("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
        readUntil(socket, [](const QByteArray &d) { return d.contains("\"a\"}"); });
        QVERIFY(m_heldStream.isActive());
        auto *serverSide = m_heldStream.connection()->findChild<QTcpSocket *>();
        QVERIFY(serverSide);
        const qint64 flood = 64 * 1024 * 1024;
        socket.write(QByteArray(flood, 'x'));
        // Until the client's pending bytes stop shrinking for 300 ms (or are all gone).
        qint64 pending = socket.bytesToWrite();
        QElapsedTimer still;
        still.start();
        waitFor(
            [&] {
                socket.readAll();
                if (socket.bytesToWrite() != pending) {
                    pending = socket.bytesToWrite();
                    still.restart();
                }
                return pending == 0 || still.elapsed() >= 300;
            },
            20000);
        qInfo() << "taken from the client:" << (flood - pending) / 1024
                << "KiB; held by the server:" << serverSide->bytesAvailable() / 1024 << "KiB";
        QVERIFY2(pending > flood / 2,
                 qPrintable(QStringLiteral("the server took %1 KiB during a stream").arg((flood - pending) / 1024)));
        QVERIFY(serverSide->bytesAvailable() <= core::HttpLimits{}.maxBufferedInputBytes);
        QVERIFY(m_heldStream.isActive());
        socket.abort();
    }

    void requestsPipelinedDuringAStream_areAnsweredAfterIt_evenBeyondTheReadAheadCap()
    {
        // 3,000 requests (over 100 KiB, more than the server reads ahead) sent while a stream
        // runs: they wait, then every one is answered in order once the stream ends.
        QTcpSocket socket;
        connectSocket(socket);
        socket.write("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
        readUntil(socket, [](const QByteArray &d) { return d.contains("\"a\"}"); });
        const int n = 3000;
        QByteArray pipelined;
        for (int i = 0; i < n; ++i)
            pipelined += "GET /hello/" + QByteArray::number(i) + " HTTP/1.1\r\nHost: x\r\n\r\n";
        QVERIFY(pipelined.size() > core::HttpLimits{}.maxBufferedInputBytes);
        socket.write(pipelined);
        QVERIFY(waitFor([&] { return socket.bytesToWrite() == 0; }, 5000));
        m_heldStream.sendEvent(core::SseEvent::done());
        m_heldStream.endEventStream();
        const QByteArray last = "\"hello\":\"" + QByteArray::number(n - 1) + "\"";
        const QByteArray data = readUntil(
            socket, [&](const QByteArray &d) { return d.contains(last); }, 30000);
        QVERIFY2(data.contains("0\r\n\r\nHTTP/1.1 200 OK"), data.left(2000).constData());
        QCOMPARE(data.count("HTTP/1.1 200 OK"), n);  // the stream's own head was read above
        QVERIFY(data.indexOf("\"hello\":\"0\"") < data.indexOf("\"hello\":\"1\""));
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
    }

    void connectionsWaitingForARequest_makeRoomAtTheCap_oldestFirst_data()
    {
        QTest::addColumn<QByteArray>("sent");  // by each of the clients holding the connections
        QTest::newRow("nothing sent") << QByteArray();
        QTest::newRow("head half sent") << QByteArray("GET /hello/a HTTP/1.1\r\nX-Slow: a");
        QTest::newRow("body half sent") << QByteArray("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 9\r\n\r\nabc");
        QTest::newRow("kept alive after a response") << QByteArray("GET /hello/a HTTP/1.1\r\nHost: x\r\n\r\n");
    }

    void connectionsWaitingForARequest_makeRoomAtTheCap_oldestFirst()
    {
        QFETCH(QByteArray, sent);
        core::HttpLimits limits;
        limits.maxConnections = 4;
        startServer(limits);
        std::vector<std::unique_ptr<QTcpSocket>> holders;
        for (int i = 0; i < limits.maxConnections; ++i) {
            holders.push_back(std::make_unique<QTcpSocket>());
            connectSocket(*holders.back());
            QVERIFY(waitFor([&] { return m_server->connectionCount() == i + 1; }, 2000));
            holders.back()->write(sent);
            if (sent.endsWith("\r\n\r\n"))
                QVERIFY(readUntil(*holders.back(), responseComplete).startsWith("HTTP/1.1 200 "));
            else
                QVERIFY(waitFor([&] { return holders.back()->bytesToWrite() == 0; }, 2000));
        }
        const auto r = httpRequest("GET", url(QStringLiteral("/hello/new")), {}, {}, 5000);
        QCOMPARE(r.status, 200);
        QVERIFY2(waitClosed(*holders.front(), 2000), "the oldest was not closed");
        for (size_t i = 1; i < holders.size(); ++i)
            QCOMPARE(holders[i]->state(), QAbstractSocket::ConnectedState);
    }

    void busyConnectionsAtTheCap_newClientGets503_untilOneFrees()
    {
        core::HttpLimits limits;
        limits.maxConnections = 2;
        startServer(limits);
        QTcpSocket a, b, c;
        for (QTcpSocket *s : {&a, &b}) {
            connectSocket(*s);
            s->write("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
            readUntil(*s, [](const QByteArray &d) { return d.contains("\"a\"}"); });
        }
        QCOMPARE(m_heldStreams.size(), 2);
        connectSocket(c);
        const QByteArray data = readUntil(c, responseComplete);
        QVERIFY2(data.startsWith("HTTP/1.1 503 "), data.constData());
        QVERIFY(data.contains("too_many_connections"));
        QVERIFY(m_heldStreams.at(0).isActive() && m_heldStreams.at(1).isActive());
        // Once one leaves, a new client gets in.
        a.abort();
        QVERIFY(waitFor([&] { return m_server->connectionCount() == 1; }, 2000));
        QCOMPARE(httpRequest("GET", url(QStringLiteral("/hello/x"))).status, 200);
        QVERIFY(m_heldStreams.at(1).isActive());
    }

    void streamAtTheCap_keepsGoingWhileWaitingConnectionsMakeRoom()
    {
        core::HttpLimits limits;
        limits.maxConnections = 3;
        startServer(limits);
        QTcpSocket streaming, idle1, idle2;
        connectSocket(streaming);
        streaming.write("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
        readUntil(streaming, [](const QByteArray &d) { return d.contains("\"a\"}"); });
        connectSocket(idle1);
        connectSocket(idle2);
        QVERIFY(waitFor([&] { return m_server->connectionCount() == 3; }, 2000));
        for (int i = 0; i < 5; ++i)
            QCOMPARE(httpRequest("GET", url(QStringLiteral("/hello/x")), {}, {}, 5000).status, 200);
        QVERIFY(m_heldStream.isActive());
        m_heldStream.sendEvent(core::SseEvent{QStringLiteral("token"), QStringLiteral("{\"t\":\"b\"}"), {}});
        QVERIFY(readUntil(streaming, [](const QByteArray &d) { return d.contains("\"b\"}"); }).contains("\"b\"}"));
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

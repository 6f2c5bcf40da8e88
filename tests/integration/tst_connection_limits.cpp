// A real rbee-worker and a real rbee --serve under hostile clients, over real sockets: 2,000
// connections that sit idle or send a byte every two seconds do not keep /health or a real job
// from being answered; a head trickled a byte at a time gets 408 at its deadline; a client that
// keeps sending while its stream runs does not grow the server's memory.
#include "processmemory.h"
#include "serverprocess.h"

#include "core/http/openfileslimit.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <memory>
#include <vector>

#include <sys/resource.h>

using namespace rbee;
using namespace rbee::test;

namespace {
constexpr int kServerOpenFiles = 1024;  // a common default: the servers must fit their caps in it
constexpr int kSiegeIdle = 1000;
constexpr int kSiegeSlow = 1000;
constexpr int kSlowByteEveryMs = 2000;
constexpr int kAnswerWithinMs = 1000;

// Clients that hold connections without asking for anything: idle ones connect and wait, slow
// ones send a request head one byte every kSlowByteEveryMs. A connection the server closes is
// opened again at the next tick, as an attacker would. They run on their own thread, so that
// the time the test measures is the server's, not the time this process spends on the siege.
class Siege : public QThread {
public:
    Siege(quint16 port, int idle, int slow) : m_port(port), m_idle(idle), m_slow(slow) { start(); }
    ~Siege() override
    {
        quit();
        wait();
    }
    int connects() const { return m_connects; }
    int closedByServer() const { return m_closed; }
    int ticks() const { return m_ticks; }
    int connectedNow() const { return m_connectedNow; }

protected:
    void run() override
    {
        m_clients.resize(size_t(m_idle + m_slow));
        for (size_t i = 0; i < m_clients.size(); ++i) {
            m_clients[i].slow = i >= size_t(m_idle);
            open(i);
        }
        QTimer tick;
        tick.setInterval(kSlowByteEveryMs);
        QObject::connect(&tick, &QTimer::timeout, [this] { onTick(); });
        tick.start();
        exec();
        m_clients.clear();
    }

private:
    struct Client {
        std::unique_ptr<QTcpSocket> socket;
        bool slow = false;
        bool reopen = false;
    };

    void open(size_t i)
    {
        Client &c = m_clients[i];
        if (c.socket)
            c.socket.release()->deleteLater();  // may be inside one of its own signals
        c.reopen = false;
        c.socket = std::make_unique<QTcpSocket>();
        QTcpSocket *s = c.socket.get();
        QObject::connect(s, &QTcpSocket::connected, s, [this, i, s] {
            ++m_connects;
            ++m_connectedNow;
            if (m_clients[i].slow)
                s->write("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ");
        });
        QObject::connect(s, &QTcpSocket::readyRead, s, [s] { s->readAll(); });
        QObject::connect(s, &QTcpSocket::stateChanged, s, [this, i](QAbstractSocket::SocketState state) {
            if (state == QAbstractSocket::UnconnectedState && !m_clients[i].reopen) {
                ++m_closed;
                m_clients[i].reopen = true;
            }
        });
        QObject::connect(s, &QTcpSocket::disconnected, s, [this] { --m_connectedNow; });
        s->connectToHost(QHostAddress::LocalHost, m_port);
    }
    void onTick()
    {
        for (size_t i = 0; i < m_clients.size(); ++i) {
            Client &c = m_clients[i];
            if (c.reopen)
                open(i);
            else if (c.slow && c.socket->state() == QAbstractSocket::ConnectedState)
                c.socket->write("a");
        }
        ++m_ticks;
    }

    quint16 m_port;
    int m_idle;
    int m_slow;
    std::vector<Client> m_clients;
    std::atomic<int> m_connects = 0;
    std::atomic<int> m_closed = 0;
    std::atomic<int> m_ticks = 0;
    std::atomic<int> m_connectedNow = 0;
};

// The most the kernel can hold between a client and a server that stopped reading: the client's
// send buffer and the server's receive buffer at their largest (net.ipv4.tcp_wmem, tcp_rmem).
qint64 kernelSocketBufferBytes()
{
    qint64 total = 0;
    for (const char *path : {"/proc/sys/net/ipv4/tcp_wmem", "/proc/sys/net/ipv4/tcp_rmem"}) {
        QFile file(QString::fromLatin1(path));
        if (!file.open(QIODevice::ReadOnly))
            return -1;
        total += file.readAll().simplified().split(' ').last().toLongLong();
    }
    return total;
}

void limitOpenFiles(ServerProcess &server)
{
    server.process().setChildProcessModifier([] {
        const rlimit limit{kServerOpenFiles, kServerOpenFiles};
        setrlimit(RLIMIT_NOFILE, &limit);
    });
}
}  // namespace

class TestConnectionLimits : public QObject {
    Q_OBJECT

private:
    QueenProcess m_queen;
    WorkerProcess m_worker;

    ServerProcess &server(const QString &which)
    {
        return which == QLatin1String("worker") ? static_cast<ServerProcess &>(m_worker) : m_queen;
    }

    // Submits a short job and reads its stream to the end; returns the time taken, or -1.
    qint64 runJob(const QString &which, int maxTokens, QUrl *streamUrl = nullptr)
    {
        // Greedy: a sampled job on the random-weight model may meet its end token after a few
        // hundred tokens, and a check that needs a long stream would then find it over.
        QJsonObject body{{QStringLiteral("prompt"), QStringLiteral("Once upon a time")},
                         {QStringLiteral("max_tokens"), maxTokens},
                         {QStringLiteral("temperature"), 0}};
        QString path = QStringLiteral("/v1/inference");
        if (which == QLatin1String("queen")) {
            body.insert(QStringLiteral("operation"), QStringLiteral("infer"));
            body.insert(QStringLiteral("model"), QStringLiteral("tiny"));
            path = QStringLiteral("/v1/jobs");
        }
        QElapsedTimer t;
        t.start();
        const auto accepted = postJson(server(which).url(path), body, 5000);
        if (accepted.status != 200 && accepted.status != 202) {
            qWarning() << which << "refused the job:" << accepted.status << accepted.body << accepted.error;
            return -1;
        }
        const QUrl url = server(which).url(accepted.json.value(QStringLiteral("sse_url")).toString());
        if (streamUrl) {
            *streamUrl = url;
            return t.elapsed();
        }
        const StreamResult s = readStream(url, 10000);
        if (!s.done || s.named(QStringLiteral("end")).isEmpty()) {
            qWarning() << which << "job stream did not end well:" << s.error << s.timedOut;
            return -1;
        }
        return t.elapsed();
    }

private Q_SLOTS:
    void initTestCase()
    {
        // The sieges open thousands of sockets from this process.
        QVERIFY2(core::raiseOpenFilesLimit() >= 3 * (kSiegeIdle + kSiegeSlow),
                 "this test needs an open-files limit of at least 6000 (ulimit -n)");
        limitOpenFiles(m_queen);
        QVERIFY2(m_queen.start(), qPrintable(m_queen.errorString()));
        limitOpenFiles(m_worker);
        QVERIFY2(m_worker.start({QStringLiteral("--model"), tinyModelPath(), QStringLiteral("--model-name"),
                                 QStringLiteral("tiny"), QStringLiteral("--queen"), m_queen.url().toString(),
                                 QStringLiteral("--heartbeat-ms"), QStringLiteral("300"), QStringLiteral("--slots"),
                                 QStringLiteral("2"), QStringLiteral("--ctx"), QStringLiteral("16384")}),
                 qPrintable(m_worker.errorString()));
        QVERIFY2(m_worker.waitReady(), qPrintable(m_worker.errorString()));
        QVERIFY(
            waitFor([&] { return httpRequest("GET", m_queen.url(QStringLiteral("/v1/models"))).body.contains("tiny"); },
                    10000));
    }

    void slowAndIdleConnections_neverStopHealthOrARealJob_data()
    {
        QTest::addColumn<QString>("which");
        QTest::newRow("worker") << QStringLiteral("worker");
        QTest::newRow("queen") << QStringLiteral("queen");
    }

    void slowAndIdleConnections_neverStopHealthOrARealJob()
    {
        QFETCH(QString, which);
        ServerProcess &target = server(which);
        Siege siege(quint16(target.url().port()), kSiegeIdle, kSiegeSlow);
        // Every siege client connected at least once, and the slow ones sent a few bytes since.
        QVERIFY2(waitFor([&] { return siege.connects() >= kSiegeIdle + kSiegeSlow && siege.ticks() >= 2; }, 60000),
                 qPrintable(QStringLiteral("%1 connects").arg(siege.connects())));
        for (int round = 0; round < 3; ++round) {
            // Measured while the server is full: as many siege clients connected as it holds.
            QVERIFY2(waitFor([&] { return siege.connectedNow() >= kServerOpenFiles / 2; }, 10000),
                     qPrintable(QStringLiteral("%1 connected").arg(siege.connectedNow())));
            QElapsedTimer t;
            t.start();
            const auto health = httpRequest("GET", target.url(QStringLiteral("/health")), {}, {}, 5000);
            const qint64 healthMs = t.elapsed();
            const qint64 jobMs = runJob(which, 4);
            qInfo().noquote() << which << "round" << round << ": /health" << health.status << "in" << healthMs
                              << "ms, a 4-token job in" << jobMs << "ms; siege:" << siege.connects() << "connects,"
                              << siege.closedByServer() << "closed by the server," << siege.connectedNow()
                              << "open now";
            QCOMPARE(health.status, 200);
            QVERIFY2(healthMs < kAnswerWithinMs, qPrintable(QStringLiteral("/health took %1 ms").arg(healthMs)));
            QVERIFY2(jobMs >= 0, "the job failed");
            QVERIFY2(jobMs < kAnswerWithinMs, qPrintable(QStringLiteral("the job took %1 ms").arg(jobMs)));
            const int ticks = siege.ticks();
            QVERIFY(waitFor([&] { return siege.ticks() > ticks; }, 10000));  // the slow ones sent another byte
        }
        QVERIFY2(siege.closedByServer() > 0, "the siege never reached the cap");
    }

    void headTrickledAByteAtATime_gets408AtTheDeadline()
    {
        // Both servers at once: a byte every 500 ms, against a head deadline of 10 s.
        struct Trickle {
            QTcpSocket socket;
            QByteArray answer;
            qint64 answeredAtMs = -1;
        };
        Trickle trickles[2];
        ServerProcess *servers[2] = {&m_worker, &m_queen};
        for (int i = 0; i < 2; ++i) {
            trickles[i].socket.connectToHost(QHostAddress::LocalHost, quint16(servers[i]->url().port()));
            QVERIFY(trickles[i].socket.waitForConnected(5000));
            trickles[i].socket.write("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ");
        }
        QElapsedTimer t;
        t.start();
        qint64 nextByteAtMs = 500;
        QVERIFY(waitFor(
            [&] {
                const bool sendByte = t.elapsed() >= nextByteAtMs;
                if (sendByte)
                    nextByteAtMs += 500;
                bool all = true;
                for (Trickle &tr : trickles) {
                    tr.answer += tr.socket.readAll();
                    if (tr.answeredAtMs < 0 && tr.answer.contains("\r\n\r\n"))
                        tr.answeredAtMs = t.elapsed();
                    if (tr.answeredAtMs < 0 && sendByte && tr.socket.state() == QAbstractSocket::ConnectedState)
                        tr.socket.write("a");
                    all = all && tr.answeredAtMs >= 0;
                }
                return all;
            },
            30000));
        for (const Trickle &tr : trickles) {
            qInfo() << "408 after" << tr.answeredAtMs << "ms";
            QVERIFY2(tr.answer.startsWith("HTTP/1.1 408 "), tr.answer.constData());
            QVERIFY(tr.answeredAtMs >= 9000);
            QVERIFY(tr.answeredAtMs < 20000);
        }
    }

    void clientSendingDuringItsStream_doesNotGrowTheServer_data()
    {
        QTest::addColumn<QString>("which");
        QTest::newRow("worker") << QStringLiteral("worker");
        QTest::newRow("queen") << QStringLiteral("queen");
    }

    void clientSendingDuringItsStream_doesNotGrowTheServer()
    {
        QFETCH(QString, which);
        ServerProcess &target = server(which);
        QUrl streamUrl;
        QVERIFY(runJob(which, 16000, &streamUrl) >= 0);
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, quint16(target.url().port()));
        QVERIFY(socket.waitForConnected(5000));
        socket.write("GET " + streamUrl.path().toUtf8() + " HTTP/1.1\r\nHost: x\r\n\r\n");
        QByteArray received;
        QVERIFY(waitFor(
            [&] {
                received += socket.readAll();
                return received.contains("event: token");
            },
            10000));
        const qint64 pid = target.process().processId();
        const qint64 before = residentKiB(pid);
        // Keep 4 MiB queued on our side for 3 s, reading the stream all the while.
        const QByteArray garbage(1024 * 1024, 'x');
        qint64 offered = 0;
        QElapsedTimer t;
        t.start();
        waitFor(
            [&] {
                received += socket.readAll();
                received = received.right(4096);  // only the tail matters: has the stream ended?
                // A closed socket takes no bytes: stop offering them instead of spinning here.
                while (socket.state() == QAbstractSocket::ConnectedState && socket.bytesToWrite() < 4 * garbage.size()
                       && socket.write(garbage) > 0)
                    offered += garbage.size();
                return t.elapsed() >= 3000 || socket.state() != QAbstractSocket::ConnectedState;
            },
            10000, 5);
        const qint64 taken = offered - socket.bytesToWrite();
        const qint64 after = residentKiB(pid);
        qInfo().noquote() << which << "took" << taken / 1024 / 1024 << "MiB from the client during its stream;"
                          << "RSS" << before / 1024 << "->" << after / 1024 << "MiB";
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
        QVERIFY2(!received.contains("event: end"), "the stream ended before the check was over: use a longer job");
        QVERIFY(before > 0 && after > 0);
        // Back-pressure: what the server took is what the kernel buffers plus its read-ahead.
        const qint64 kernelBytes = kernelSocketBufferBytes();
        QVERIFY(kernelBytes > 0);
        QVERIFY2(taken <= kernelBytes + 1024 * 1024,
                 qPrintable(QStringLiteral("the server took %1 MiB, more than the kernel's buffers (%2 MiB)")
                                .arg(taken / 1024 / 1024)
                                .arg(kernelBytes / 1024 / 1024)));
        QVERIFY2(after - before < kRssGrowthBoundKiB,
                 qPrintable(QStringLiteral("RSS grew by %1 MiB").arg((after - before) / 1024)));
        socket.abort();  // the job is cancelled
        QVERIFY(waitFor([&] { return m_worker.slotsBusy() == 0; }, 5000));
    }
};

QTEST_GUILESS_MAIN(TestConnectionLimits)
#include "tst_connection_limits.moc"

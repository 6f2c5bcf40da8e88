// Heartbeat trust against a real `rbee --serve` and real rbee-workers: field limits, the worker
// cap, media type and cross-site rules, no takeover of a live worker's url or place, workers that
// do not speak the protocol or do not accept connections taken out of service, model_not_found,
// and a queen with 50,000 workers that still lists them all (`rbee status` included).
#include "serverprocess.h"

#include "core/json.h"
#include "core/protocol/heartbeat.h"
#include "core/protocol/streamevents.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <algorithm>
#include <memory>
#include <vector>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace rbee;
using namespace rbee::test;

namespace {
QString s(const char *text)
{
    return QString::fromUtf8(text);
}

core::Heartbeat fakeBeat(const QString &id, const QString &model, const QString &url)
{
    core::Heartbeat hb;
    hb.workerId = id;
    hb.model = model;
    hb.url = url;
    hb.status = core::WorkerStatus::Ready;
    hb.slotsTotal = 4;
    hb.ctxSize = 4096;
    hb.version = s("test");
    hb.sentAtMs = QDateTime::currentMSecsSinceEpoch();
    return hb;
}

QStringList narrations(const StreamResult &r)
{
    QStringList out;
    for (const auto &e : r.named(s("narration")))
        out << core::parseJsonObject(e.data.toUtf8())->value(s("message")).toString();
    return out;
}

// A listening socket whose accept queue is full: a connection to it is never accepted.
class BlackHole {
public:
    BlackHole()
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        if (m_fd < 0 || ::bind(m_fd, reinterpret_cast<sockaddr *>(&addr), len) != 0 || ::listen(m_fd, 0) != 0
            || ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&addr), &len) != 0)
            return;
        m_port = ntohs(addr.sin_port);
        // Fill the queue: one handshake completes and is never accepted; later ones are dropped.
        for (int i = 0; i < 2; ++i) {
            auto socket = std::make_unique<QTcpSocket>();
            socket->connectToHost(QHostAddress::LocalHost, m_port);
            socket->waitForConnected(500);
            m_fillers.push_back(std::move(socket));
        }
    }
    ~BlackHole()
    {
        m_fillers.clear();
        if (m_fd >= 0)
            ::close(m_fd);
    }
    quint16 port() const { return m_port; }
    // True when a further connection is not accepted within `ms`.
    bool swallows(int ms) const
    {
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, m_port);
        return !probe.waitForConnected(ms);
    }

private:
    int m_fd = -1;
    quint16 m_port = 0;
    std::vector<std::unique_ptr<QTcpSocket>> m_fillers;
};

// The VmRSS line of a process, for the log.
QByteArray rssLine(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return "VmRSS unknown";
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.simplified();
    }
    return "VmRSS unknown";
}

quint16 freePort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}
}  // namespace

class TestHeartbeatTrust : public QObject {
    Q_OBJECT

private:
    static constexpr int kHeartbeatTimeoutMs = 10000;
    QueenProcess m_queen;
    WorkerProcess m_worker;

    QUrl heartbeatUrl() const { return m_queen.url(s("/v1/worker-heartbeat")); }
    HttpResult beat(const core::Heartbeat &hb) { return postJson(heartbeatUrl(), hb.toJson()); }
    QStringList workerArgs(const QString &model)
    {
        return {s("--model"),        tinyModelPath(), s("--model-name"), model, s("--queen"), m_queen.url().toString(),
                s("--heartbeat-ms"), s("300"),        s("--slots"),      s("2")};
    }
    QJsonObject worker(const QString &id)
    {
        const auto r = httpRequest("GET", m_queen.url(s("/v1/workers")));
        for (const QJsonValue &w : r.json.value(s("workers")).toArray()) {
            if (w.toObject().value(s("worker_id")).toString() == id)
                return w.toObject();
        }
        return {};
    }
    QStringList workerIds()
    {
        QStringList out;
        const auto r = httpRequest("GET", m_queen.url(s("/v1/workers")));
        for (const QJsonValue &w : r.json.value(s("workers")).toArray())
            out << w.toObject().value(s("worker_id")).toString();
        return out;
    }
    QString idOf(WorkerProcess &w)
    {
        return httpRequest("GET", w.url(s("/health"))).json.value(s("worker_id")).toString();
    }
    bool online(const QString &id, int timeoutMs = 10000)
    {
        return waitFor([&] { return worker(id).value(s("online")).toBool(); }, timeoutMs, 50);
    }
    QUrl submit(const QString &model, int maxTokens = 4)
    {
        const auto r = postJson(m_queen.url(s("/v1/jobs")), {{s("operation"), s("infer")},
                                                             {s("model"), model},
                                                             {s("prompt"), s("Once upon a time")},
                                                             {s("max_tokens"), maxTokens}});
        return r.status == 200 ? m_queen.url(r.json.value(s("sse_url")).toString()) : QUrl();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_queen.start({s("--heartbeat-timeout-ms"), QString::number(kHeartbeatTimeoutMs)}),
                 qPrintable(m_queen.errorString()));
        QVERIFY2(m_worker.start(workerArgs(s("tiny"))), qPrintable(m_worker.errorString()));
        QVERIFY2(m_worker.waitReady(), qPrintable(m_worker.errorString()));
        QVERIFY(online(idOf(m_worker)));
    }

    // ------------------------------------------------------------------ limits and format

    void heartbeat_fieldOverItsLimit_returns400NamingTheField_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<int>("length");
        QTest::newRow("worker_id") << s("worker_id") << 129;
        QTest::newRow("model") << s("model") << 129;
        QTest::newRow("device") << s("device") << 129;
        QTest::newRow("version") << s("version") << 129;
        QTest::newRow("url") << s("url") << 2049;
    }
    void heartbeat_fieldOverItsLimit_returns400NamingTheField()
    {
        QFETCH(QString, field);
        QFETCH(int, length);
        QJsonObject body = fakeBeat(s("limits"), s("limits"), s("http://127.0.0.1:9/")).toJson();
        QString value = body.value(field).toString();
        value += QString(length - value.size(), u'x');
        body.insert(field, value);
        const auto r = postJson(heartbeatUrl(), body);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.errorField(), field);
        QVERIFY(worker(s("limits")).isEmpty());
    }

    void heartbeat_bodyOver64KiB_returns413()
    {
        const QByteArray body = core::toCompactJson(fakeBeat(s("big"), s("big"), s("http://127.0.0.1:9")).toJson());
        QByteArray padded = body;
        padded.insert(body.size() - 1, QByteArray(64 * 1024, ' '));  // whitespace: still valid JSON
        const auto r = httpRequest("POST", heartbeatUrl(), padded);
        QCOMPARE(r.status, 413);
        QCOMPARE(r.errorCode(), s("payload_too_large"));
        QVERIFY(worker(s("big")).isEmpty());
    }

    // Version skew: a newer worker's extra field does not keep it out of an older queen.
    void heartbeat_unknownField_acceptedAndIgnored()
    {
        QJsonObject body = fakeBeat(s("extra"), s("extra"), s("http://127.0.0.1:9/newer")).toJson();
        body.insert(s("gpu_temp"), 71);
        const auto r = postJson(heartbeatUrl(), body);
        QCOMPARE(r.status, 200);
        const QJsonObject listed = worker(s("extra"));
        QCOMPARE(listed.value(s("model")).toString(), s("extra"));
        QVERIFY(!listed.contains(s("gpu_temp")));
        // The queen says so once, not at every heartbeat: a later set of unknown fields is logged,
        // the first one is not logged again.
        QVERIFY2(waitFor([&] { return m_queen.stderrText().contains("gpu_temp"); }, 10000),
                 m_queen.stderrText().constData());
        QCOMPARE(postJson(heartbeatUrl(), body).status, 200);
        body.insert(s("fan_rpm"), 1200);
        QCOMPARE(postJson(heartbeatUrl(), body).status, 200);
        QVERIFY2(waitFor([&] { return m_queen.stderrText().contains("fan_rpm"); }, 10000),
                 m_queen.stderrText().constData());
        QCOMPARE(m_queen.stderrText().count("gpu_temp"), 2);  // alone once, then beside fan_rpm
        QCOMPARE(httpRequest("DELETE", m_queen.url(s("/v1/workers/extra"))).status, 200);
    }

    void heartbeat_duplicateKey_returns400NamingIt()
    {
        QByteArray body = core::toCompactJson(fakeBeat(s("dup"), s("dup"), s("http://127.0.0.1:9")).toJson());
        body.insert(1, "\"model\":\"other\",");
        const auto r = httpRequest("POST", heartbeatUrl(), body);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.errorField(), s("model"));
        QVERIFY(worker(s("dup")).isEmpty());
    }

    void post_withoutJsonContentType_returns415_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("contentType");
        const QByteArray types[] = {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data"};
        for (const char *path : {"/v1/worker-heartbeat", "/v1/jobs", "/v1/chat/completions", "/v1/completions"}) {
            for (const QByteArray &type : types)
                QTest::addRow("%s %s", path, type.constData()) << s(path) << type;
        }
    }
    void post_withoutJsonContentType_returns415()
    {
        QFETCH(QString, path);
        QFETCH(QByteArray, contentType);
        const QByteArray body =
            path.endsWith(s("heartbeat"))
                ? core::toCompactJson(fakeBeat(s("form"), s("form"), s("http://127.0.0.1:9")).toJson())
                : QByteArray(R"({"model":"tiny","prompt":"hi","operation":"infer"})");
        const auto r = httpRequest("POST", m_queen.url(path), body, {{"Content-Type", contentType}});
        QCOMPARE(r.status, 415);
        QCOMPARE(r.errorCode(), s("unsupported_media_type"));
        QVERIFY(worker(s("form")).isEmpty());
    }

    void post_jsonWithCharset_isAccepted()
    {
        const auto r = httpRequest("POST", heartbeatUrl(),
                                   core::toCompactJson(fakeBeat(s("cs"), s("cs"), s("http://127.0.0.1:9")).toJson()),
                                   {{"Content-Type", "Application/JSON; charset=utf-8"}});
        QCOMPARE(r.status, 200);
        QVERIFY(httpRequest("DELETE", m_queen.url(s("/v1/workers/cs"))).status == 200);
    }

    void crossSiteOrigin_returns403_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::newRow("heartbeat") << QByteArray("POST") << s("/v1/worker-heartbeat");
        QTest::newRow("jobs") << QByteArray("POST") << s("/v1/jobs");
        QTest::newRow("chat") << QByteArray("POST") << s("/v1/chat/completions");
        QTest::newRow("delete worker") << QByteArray("DELETE") << s("/v1/workers/anyone");
        QTest::newRow("workers") << QByteArray("GET") << s("/v1/workers");
    }
    void crossSiteOrigin_returns403()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        const QByteArray body =
            method == "POST" ? core::toCompactJson(fakeBeat(s("xsite"), s("x"), s("http://127.0.0.1:9")).toJson())
                             : QByteArray();
        const auto r = httpRequest(method, m_queen.url(path), body,
                                   {{"Content-Type", "text/plain"}, {"Origin", "http://evil.example"}});
        QCOMPARE(r.status, 403);
        QCOMPARE(r.errorCode(), s("forbidden"));
        QVERIFY(worker(s("xsite")).isEmpty());
    }

    void queensOwnOrigin_isAccepted()
    {
        const QByteArray own = "http://127.0.0.1:" + QByteArray::number(m_queen.url().port());
        const auto r = httpRequest("POST", heartbeatUrl(),
                                   core::toCompactJson(fakeBeat(s("own"), s("own"), s("http://127.0.0.1:9")).toJson()),
                                   {{"Origin", own}});
        QCOMPARE(r.status, 200);
        QCOMPARE(httpRequest("DELETE", m_queen.url(s("/v1/workers/own"))).status, 200);
    }

    void workerInference_crossSiteOrNotJson_isRefused()
    {
        const QUrl url = m_worker.url(s("/v1/inference"));
        const QByteArray body = R"({"prompt":"hi","max_tokens":1})";
        const auto form = httpRequest("POST", url, body, {{"Content-Type", "application/x-www-form-urlencoded"}});
        QCOMPARE(form.status, 415);
        QCOMPARE(form.errorCode(), s("unsupported_media_type"));
        const auto xsite = httpRequest("POST", url, body, {{"Origin", "http://evil.example"}});
        QCOMPARE(xsite.status, 403);
        QCOMPARE(xsite.errorCode(), s("forbidden"));
        const auto ok = httpRequest("POST", url, body);
        QCOMPARE(ok.status, 200);
        QVERIFY(readStream(m_worker.url(ok.json.value(s("sse_url")).toString())).done);
    }

    // ------------------------------------------------------------------ no takeover

    void newIdAtLiveWorkersUrl_returns409AndTheWorkerKeepsItsRecord()
    {
        const QString id = idOf(m_worker);
        const auto r = beat(fakeBeat(s("intruder"), s("tiny"), m_worker.url().toString()));
        QCOMPARE(r.status, 409);
        QCOMPARE(r.errorCode(), s("conflict"));
        QVERIFY2(r.json.value(s("error")).toObject().value(s("message")).toString().contains(id), r.body.constData());
        QVERIFY(worker(s("intruder")).isEmpty());
        QCOMPARE(worker(id).value(s("url")).toString(), m_worker.url().toString());
        QVERIFY(worker(id).value(s("online")).toBool());
    }

    void liveWorkersIdAtAnotherUrl_returns409AndKeepsItsUrlAndPlace()
    {
        const QString id = idOf(m_worker);
        const QStringList before = workerIds();
        const quint16 port = freePort();
        for (int i = 0; i < 2; ++i) {
            const auto r = beat(fakeBeat(id, s("tiny"), QStringLiteral("http://127.0.0.1:%1").arg(port)));
            QCOMPARE(r.status, 409);
        }
        QCOMPARE(worker(id).value(s("url")).toString(), m_worker.url().toString());
        QCOMPARE(workerIds(), before);
        const StreamResult job = readStream(submit(s("tiny")));
        QVERIFY(job.done);
        QVERIFY2(narrations(job).first().startsWith(s("Selected worker ") + id), qPrintable(narrations(job).first()));
    }

    void restartedWorkerAtTheSameUrl_isConfirmedByItsHealthAndReplacesTheOld()
    {
        const quint16 port = freePort();
        WorkerProcess first;
        QVERIFY2(first.start(workerArgs(s("restart"))
                             << s("--port") << QString::number(port) << s("--worker-id") << s("restart-1")),
                 qPrintable(first.errorString()));
        QVERIFY(first.waitReady());
        QVERIFY(online(s("restart-1")));
        first.kill();
        // The old record is still online (its timeout has not passed) when the new one beats.
        WorkerProcess second;
        QVERIFY2(second.start(workerArgs(s("restart"))
                              << s("--port") << QString::number(port) << s("--worker-id") << s("restart-2")),
                 qPrintable(second.errorString()));
        QVERIFY(second.waitReady());
        QVERIFY(online(s("restart-2"), kHeartbeatTimeoutMs / 2));
        QVERIFY(worker(s("restart-1")).isEmpty());
        QVERIFY(workerIds().endsWith(s("restart-2")));
    }

    // ------------------------------------------------------------------ routing around bad workers

    void workersThatAreNotRbeeOrNeverAccept_areTakenOutOfService_andJobsRunElsewhere()
    {
        BlackHole hole;
        QVERIFY2(hole.port() != 0 && hole.swallows(300), "the test needs a socket whose connections hang");
        // Both registered before the real worker, so first-available tries them first.
        const core::Heartbeat impostor = fakeBeat(s("impostor"), s("bait"), m_queen.url().toString());
        const core::Heartbeat sink =
            fakeBeat(s("sink"), s("bait"), QStringLiteral("http://127.0.0.1:%1").arg(hole.port()));
        QCOMPARE(beat(impostor).status, 200);
        QCOMPARE(beat(sink).status, 200);
        WorkerProcess real;
        QVERIFY2(real.start(workerArgs(s("bait"))), qPrintable(real.errorString()));
        QVERIFY(real.waitReady());
        const QString realId = idOf(real);
        QVERIFY(online(realId));

        QElapsedTimer timer;
        timer.start();
        const StreamResult first = readStream(submit(s("bait")));
        const qint64 firstMs = timer.elapsed();
        QVERIFY2(first.done && !first.named(s("end")).isEmpty(), qPrintable(first.error));
        const QStringList told = narrations(first);
        QVERIFY2(told.size() == 5, qPrintable(told.join(u'\n')));
        QVERIFY(told[0].startsWith(s("Selected worker impostor")));
        QVERIFY2(told[1].contains(s("Worker returned error 404")), qPrintable(told[1]));
        QVERIFY(told[2].startsWith(s("Selected worker sink")));
        QVERIFY(told[4].startsWith(s("Selected worker ") + realId));
        // Two seconds for the connection that never comes, with room for a loaded machine.
        QVERIFY2(firstMs < 8000, qPrintable(QString::number(firstMs)));
        const QJsonObject impostorRecord = worker(s("impostor"));
        QVERIFY(!impostorRecord.value(s("online")).toBool());
        QVERIFY2(impostorRecord.value(s("offline_reason")).toString().startsWith(s("not an rbee worker")),
                 qPrintable(impostorRecord.value(s("offline_reason")).toString()));
        QVERIFY2(worker(s("sink")).value(s("offline_reason")).toString().startsWith(s("unreachable")),
                 qPrintable(worker(s("sink")).value(s("offline_reason")).toString()));

        // Their heartbeats go on; they stay out of service and the next job goes straight through.
        QCOMPARE(beat(impostor).status, 200);
        QCOMPARE(beat(sink).status, 200);
        const StreamResult second = readStream(submit(s("bait")));
        QVERIFY(second.done);
        QCOMPARE(narrations(second).size(), 1);
        QVERIFY(narrations(second).first().startsWith(s("Selected worker ") + realId));
        QVERIFY(!worker(s("impostor")).value(s("online")).toBool());
    }

    void rbeeInfer_whenEveryWorkerIsNotRbee_exitsWithWorkerFailed()
    {
        // Another path on the queen: not an rbee worker either, and not yet out of service.
        QCOMPARE(beat(fakeBeat(s("only-impostor"), s("lonely"), m_queen.url(s("/elsewhere/")).toString())).status, 200);
        QProcess p;
        p.start(rbeeBinary(), {s("infer"), s("--queen"), m_queen.url().toString(), s("--model"), s("lonely"),
                               s("--prompt"), s("hi")});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), core::cliExitCode(core::ErrorCode::WorkerError));
        QVERIFY2(p.readAllStandardError().contains("Worker returned error 404"), "the worker's error is shown");
    }

    // ------------------------------------------------------------------ OpenAI model_not_found

    void openAi_modelNeverServed_returns404ModelNotFound_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("chat") << s("/v1/chat/completions")
                              << QByteArray(R"({"model":"nobody-serves","messages":[{"role":"user","content":"hi"}]})");
        QTest::newRow("completion") << s("/v1/completions") << QByteArray(R"({"model":"nobody-serves","prompt":"hi"})");
    }
    void openAi_modelNeverServed_returns404ModelNotFound()
    {
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        const auto r = httpRequest("POST", m_queen.url(path), body);
        QCOMPARE(r.status, 404);
        const QJsonObject e = r.json.value(s("error")).toObject();
        QCOMPARE(e.value(s("code")).toString(), s("model_not_found"));
        QCOMPARE(e.value(s("type")).toString(), s("invalid_request_error"));
        QVERIFY2(e.value(s("message")).toString().startsWith(s("No available worker found for model 'nobody-serves'")),
                 qPrintable(e.value(s("message")).toString()));
    }

    void openAi_modelServedButNoWorkerAvailable_keeps503()
    {
        core::Heartbeat stopping = fakeBeat(s("stopping-one"), s("was-served"), s("http://127.0.0.1:9"));
        stopping.status = core::WorkerStatus::Stopping;
        QCOMPARE(beat(stopping).status, 200);
        const auto r =
            httpRequest("POST", m_queen.url(s("/v1/completions")), R"({"model":"was-served","prompt":"hi"})");
        QCOMPARE(r.status, 503);
        QCOMPARE(r.json.value(s("error")).toObject().value(s("code")).toString(), s("no_worker"));
    }

    // ------------------------------------------------------------------ many workers

    void workerCap_full_returns503TooManyWorkers_andEvictsOfflineFirst()
    {
        QueenProcess small;
        QVERIFY2(small.start({s("--max-workers"), s("2"), s("--heartbeat-timeout-ms"), s("500")}),
                 qPrintable(small.errorString()));
        const QUrl url = small.url(s("/v1/worker-heartbeat"));
        QCOMPARE(postJson(url, fakeBeat(s("a"), s("m"), s("http://127.0.0.1:9/a")).toJson()).status, 200);
        QCOMPARE(postJson(url, fakeBeat(s("b"), s("m"), s("http://127.0.0.1:9/b")).toJson()).status, 200);
        const auto full = postJson(url, fakeBeat(s("c"), s("m"), s("http://127.0.0.1:9/c")).toJson());
        QCOMPARE(full.status, 503);
        QCOMPARE(full.errorCode(), s("too_many_workers"));
        // Once a and b are offline, a newcomer takes the place of one of them.
        QVERIFY(waitFor(
            [&] { return httpRequest("GET", small.url(s("/health"))).json.value(s("workers_online")).toInt() == 0; },
            10000, 100));
        QCOMPARE(postJson(url, fakeBeat(s("c"), s("m"), s("http://127.0.0.1:9/c")).toJson()).status, 200);
        const auto health = httpRequest("GET", small.url(s("/health")));
        QCOMPARE(health.json.value(s("workers_total")).toInt(), 2);
        QCOMPARE(health.json.value(s("workers_online")).toInt(), 1);
    }

    void fiftyThousandWorkers_areListedWhole_andRbeeStatusPrintsThem()
    {
        constexpr int kWorkers = 50000;
        constexpr int kSockets = 10;
        QueenProcess big;
        QVERIFY2(big.start({s("--heartbeat-timeout-ms"), s("600000")}), qPrintable(big.errorString()));
        // Pipelined on a few keep-alive connections; ids and models at their 128-character limit.
        std::vector<std::unique_ptr<QTcpSocket>> sockets;
        std::vector<int> answered(kSockets, 0);
        std::vector<QByteArray> pending(kSockets);
        const QString pad(100, u'p');
        for (int c = 0; c < kSockets; ++c) {
            auto socket = std::make_unique<QTcpSocket>();
            socket->connectToHost(QHostAddress::LocalHost, quint16(big.url().port()));
            QVERIFY(socket->waitForConnected(5000));
            QTcpSocket *raw = socket.get();
            connect(raw, &QTcpSocket::readyRead, this, [raw, c, &answered, &pending] {
                pending[c] += raw->readAll();
                qsizetype at = 0;
                while ((at = pending[c].indexOf("HTTP/1.1 200", at)) >= 0) {
                    ++answered[c];
                    at += 12;
                }
                pending[c] = pending[c].right(11);
            });
            QByteArray requests;
            for (int i = c; i < kWorkers; i += kSockets) {
                const core::Heartbeat hb =
                    fakeBeat(QStringLiteral("w-%1-").arg(i) + pad, QStringLiteral("model-%1-").arg(i % 7) + pad,
                             QStringLiteral("http://10.%1.%2.%3:9000/").arg(i / 65536).arg(i / 256 % 256).arg(i % 256));
                const QByteArray body = core::toCompactJson(hb.toJson());
                requests += "POST /v1/worker-heartbeat HTTP/1.1\r\nHost: q\r\nContent-Type: application/json\r\n"
                            "Content-Length: "
                            + QByteArray::number(body.size()) + "\r\n\r\n" + body;
            }
            raw->write(requests);
            sockets.push_back(std::move(socket));
        }
        const auto total = [&] {
            int n = 0;
            for (int a : answered)
                n += a;
            return n;
        };
        QVERIFY2(waitFor([&] { return total() == kWorkers; }, 240000, 50), qPrintable(QString::number(total())));

        QElapsedTimer healthTime;
        healthTime.start();
        const auto health = httpRequest("GET", big.url(s("/health")));
        qInfo() << "/health with" << kWorkers << "workers answered in" << healthTime.nsecsElapsed() / 1e6 << "ms;"
                << rssLine(big.process().processId());
        QCOMPARE(health.json.value(s("workers_total")).toInt(), kWorkers);
        const auto list = httpRequest("GET", big.url(s("/v1/workers")), {}, {}, 120000);
        QCOMPARE(list.status, 200);
        QVERIFY2(list.body.size() > 8 * 1024 * 1024, "the answer is larger than the server's write cap");
        QCOMPARE(list.json.value(s("workers")).toArray().size(), kWorkers);
        const auto models = httpRequest("GET", big.url(s("/v1/models")), {}, {}, 60000);
        QCOMPARE(models.json.value(s("data")).toArray().size(), 7);

        QProcess status;
        status.start(rbeeBinary(), {s("status"), s("--queen"), big.url().toString()});
        QVERIFY(status.waitForStarted(10000));
        QByteArray out;
        QVERIFY(waitFor(
            [&] {
                out += status.readAllStandardOutput();
                return status.state() == QProcess::NotRunning;
            },
            120000, 50));
        out += status.readAllStandardOutput();
        QCOMPARE(status.exitCode(), 0);
        // A header line, one per worker (each may have notes under it, indented), the timeout line.
        const QList<QByteArray> lines = out.split('\n');
        const auto rows = std::count_if(lines.begin(), lines.end(),
                                        [](const QByteArray &l) { return !l.isEmpty() && !l.startsWith("  "); });
        QCOMPARE(rows, qsizetype(kWorkers + 2));
    }

    void rbeeStatus_stripsControlCharactersFromWorkerText()
    {
        const QString id = QStringLiteral("esc\u001b[2J\u001b]0;pwned\u0007-id");
        const QString model = QStringLiteral("mod\u009b31mel\r\n");
        QCOMPARE(beat(fakeBeat(id, model, s("http://127.0.0.1:9/esc"))).status, 200);
        QProcess p;
        p.start(rbeeBinary(), {s("status"), s("--queen"), m_queen.url().toString()});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        const QByteArray out = p.readAllStandardOutput();
        QVERIFY2(out.contains("esc[2J]0;pwned-id"), out.constData());
        QVERIFY2(out.contains("mod31mel"), out.constData());
        for (const char c : out) {
            const auto u = static_cast<unsigned char>(c);
            QVERIFY2(u >= 0x20 || c == '\n', qPrintable(QStringLiteral("control byte 0x%1").arg(u, 2, 16)));
        }
        QVERIFY(!out.contains("\xc2\x9b"));  // C1 CSI
    }
};

QTEST_GUILESS_MAIN(TestHeartbeatTrust)
#include "tst_heartbeat_trust.moc"

// rbee-hive as a real process on an ephemeral port, with a temporary models folder holding the
// generated tiny model and a stand-in queen (an in-test HttpServer) that receives and checks its
// reports: the report's content, the token, model names that try to leave the folder, workers
// started, logged, stopped and killed, --max-workers, the model file with ranges, pulls from a URL
// (resumed after a cut, refused on a wrong SHA-256) and from another hive, and SIGTERM.
#include "serverprocess.h"
#include "testhttp.h"

#include "core/http/httpserver.h"
#include "core/json.h"
#include "core/protocol/hivereport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <csignal>
#include <memory>

using namespace rbee;
using namespace rbee::test;

namespace {

const QByteArray kToken = "hive-test-token";
const QList<QPair<QByteArray, QByteArray>> kAuth{{"Authorization", "Bearer " + kToken}};

QString hiveBinary()
{
    return QStringLiteral(RBEE_HIVE_BIN);
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QString sha256Hex(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

bool processGone(qint64 pid)
{
    return ::kill(pid_t(pid), 0) != 0 && errno == ESRCH;
}

// One raw request, so that paths reach the hive byte for byte ("..", "%2F") without a URL
// class normalising them on the way.
int rawStatus(quint16 port, const QByteArray &method, const QByteArray &path, bool withToken = true)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        return -1;
    QByteArray request = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    if (withToken)
        request += "Authorization: Bearer " + kToken + "\r\n";
    socket.write(request + "\r\n");
    QByteArray answer;
    while (!answer.contains("\r\n") && socket.waitForReadyRead(10000))
        answer += socket.readAll();
    const QList<QByteArray> statusLine = answer.left(answer.indexOf("\r\n")).split(' ');
    return statusLine.size() >= 2 ? statusLine.at(1).toInt() : -1;
}

// The queen's side of the hive's heartbeats, and of GET /v1/hives for copies between hives.
struct FakeQueen {
    core::HttpServer server;
    QList<core::HiveReport> reports;
    QList<QByteArray> authorizations;
    QJsonArray hives;  // what GET /v1/hives lists
    int invalidReports = 0;

    FakeQueen()
    {
        server.route("POST", QStringLiteral("/v1/hive-heartbeat"), [this](core::HttpRequest r, core::HttpResponder s) {
            authorizations.append(r.header("authorization"));
            const auto body = core::parseJsonObject(r.body);
            const auto report =
                body ? core::HiveReport::fromJson(body.value()) : core::Result<core::HiveReport>(body.error());
            if (!report) {
                ++invalidReports;
                qWarning() << "invalid hive report:" << report.error().message;
                s.sendError(report.error());
                return;
            }
            reports.append(report.value());
            s.sendJson(200, {{QStringLiteral("ok"), true}, {QStringLiteral("heartbeat_interval_ms"), 500}});
        });
        server.route("POST", QStringLiteral("/v1/worker-heartbeat"), [](core::HttpRequest, core::HttpResponder s) {
            s.sendJson(200, {{QStringLiteral("ok"), true}, {QStringLiteral("heartbeat_interval_ms"), 5000}});
        });
        server.route("GET", QStringLiteral("/v1/hives"), [this](core::HttpRequest r, core::HttpResponder s) {
            if (r.header("authorization") != "Bearer " + kToken) {
                s.sendError(core::Error{core::ErrorCode::Unauthorized, QStringLiteral("token")});
                return;
            }
            s.sendJson(200, {{QStringLiteral("hives"), hives}});
        });
        server.listen(QHostAddress::LocalHost, 0);
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(server.serverPort()); }
};

// Serves one model file: whole, by Range, or (cut) its first half under the full length and
// then the connection closes. Records the Range and Authorization of every request.
struct FileServer {
    core::HttpServer server;
    QByteArray file;
    QByteArray digestHeader;  // X-Rbee-Sha256 to send, when not empty
    QList<QByteArray> ranges;
    QList<QByteArray> authorizations;
    QTcpServer cutServer;
    QList<QPointer<QTcpSocket>> cutSockets;

    explicit FileServer(const QByteArray &bytes) : file(bytes)
    {
        core::HttpLimits limits;
        limits.maxPendingWriteBytes = 256 * 1024 * 1024;
        server.setLimits(limits);
        auto serve = [this](core::HttpRequest r, core::HttpResponder s) {
            ranges.append(r.header("range"));
            authorizations.append(r.header("authorization"));
            core::HttpResponse response{200, {}, file};
            const QByteArray range = r.header("range");
            if (range.startsWith("bytes=")) {
                const qint64 from = range.mid(6, range.indexOf('-') - 6).toLongLong();
                response.status = 206;
                response.body = file.mid(from);
                response.withHeader("Content-Range", "bytes " + QByteArray::number(from) + '-'
                                                         + QByteArray::number(file.size() - 1) + '/'
                                                         + QByteArray::number(file.size()));
            }
            if (!digestHeader.isEmpty())
                response.withHeader("X-Rbee-Sha256", digestHeader);
            s.send(response);
        };
        server.route("GET", QStringLiteral("/model.gguf"), serve);
        server.route("GET", QStringLiteral("/v1/hive/models/{name}/file"), serve);
        server.listen(QHostAddress::LocalHost, 0);
        QObject::connect(&cutServer, &QTcpServer::newConnection, &cutServer, [this] {
            while (QTcpSocket *socket = cutServer.nextPendingConnection()) {
                cutSockets.append(socket);
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    socket->readAll();
                    socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                                  + QByteArray::number(file.size()) + "\r\n\r\n");
                    socket->write(file.left(file.size() / 2));
                    socket->flush();
                    QTimer::singleShot(200, socket, [socket] { socket->abort(); });
                });
            }
        });
        cutServer.listen(QHostAddress::LocalHost, 0);
    }
    QString url(const QString &path = QStringLiteral("/model.gguf")) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(server.serverPort()).arg(path);
    }
    QString cutUrl() const { return QStringLiteral("http://127.0.0.1:%1/model.gguf").arg(cutServer.serverPort()); }
};

class HiveProcess : public ServerProcess {
public:
    bool start(const QStringList &arguments)
    {
        return startProgram(hiveBinary(), arguments, QStringLiteral("rbee-hive listening on"));
    }
};

}  // namespace

class TestHive : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void options_versionHelpAndUnknownFlag();
    void report_listsModelsDevicesAndMachine();
    void heartbeat_reachesQueenWithTokenAndValidates();
    void token_requiredEverywhereButHealth();
    void modelName_outsideTheFolder_refused_data();
    void modelName_outsideTheFolder_refused();
    void worker_startsReportsLogsAndStops();
    void worker_overMaxWorkers_409();
    void worker_unknownModelOrField_refused();
    void worker_killed_reportedWithSignal();
    void deleteModel_whileWorkerRuns_409_thenRemoves();
    void modelFile_wholeRangesAnd416();
    void pull_cutMidBody_resumesFromPart();
    void pull_sha256Mismatch_failsAndLeavesNoFile();
    void pull_fromHive_sendsTokenAndChecksPeerDigest();
    void pull_existingOrUnknownHive_refused();
    void sigterm_stopsWorkersAndLastReportHasNone();

private:
    QJsonObject report();
    QJsonObject waitWorker(const QString &id, const QString &status, int timeoutMs = 30000);
    QJsonObject waitTransfer(const QString &model, const QString &status, int timeoutMs = 30000);
    QString startWorker(const QString &model = QStringLiteral("tiny"));
    void stopWorker(const QString &id);

    QTemporaryDir m_dir;
    QString m_models;
    std::unique_ptr<FakeQueen> m_queen;
    std::unique_ptr<HiveProcess> m_hive;
    QByteArray m_tiny;
};

void TestHive::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_tiny = readFile(tinyModelPath());
    QVERIFY2(m_tiny.startsWith("GGUF"), "the tiny model fixture is missing");
    m_models = m_dir.filePath(QStringLiteral("models"));
    QVERIFY(QDir().mkpath(m_models));
    QVERIFY(QFile::copy(tinyModelPath(), m_models + QStringLiteral("/tiny.gguf")));
    QFile outside(m_dir.filePath(QStringLiteral("outside.gguf")));
    QVERIFY(outside.open(QIODevice::WriteOnly));
    outside.write(m_tiny.left(4096));
    outside.close();
    QVERIFY(QFile::link(outside.fileName(), m_models + QStringLiteral("/outside.gguf")));
    m_queen = std::make_unique<FakeQueen>();
    m_hive = std::make_unique<HiveProcess>();
    QVERIFY2(m_hive->start({QStringLiteral("--queen"), m_queen->url(), QStringLiteral("--token"),
                            QString::fromLatin1(kToken), QStringLiteral("--name"), QStringLiteral("testhive"),
                            QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--models-dir"), m_models,
                            QStringLiteral("--max-workers"), QStringLiteral("1")}),
             qPrintable(m_hive->errorString()));
}

void TestHive::cleanupTestCase()
{
    m_hive.reset();
    // Every report of the run (starting workers without a URL, transfers of unknown size,
    // failed ones with their error) passed the queen's validation.
    QVERIFY(m_queen->reports.size() > 5);
    QCOMPARE(m_queen->invalidReports, 0);
}

QJsonObject TestHive::report()
{
    const HttpResult r = httpRequest("GET", m_hive->url(QStringLiteral("/v1/hive")), {}, kAuth);
    return r.status == 200 ? r.json : QJsonObject();
}

QJsonObject TestHive::waitWorker(const QString &id, const QString &status, int timeoutMs)
{
    QJsonObject found;
    waitFor(
        [&] {
            for (const QJsonValue &w : report().value(QLatin1String("workers")).toArray())
                if (w.toObject().value(QLatin1String("worker_id")).toString() == id
                    && w.toObject().value(QLatin1String("status")).toString() == status) {
                    found = w.toObject();
                    return true;
                }
            return false;
        },
        timeoutMs, 100);
    return found;
}

QJsonObject TestHive::waitTransfer(const QString &model, const QString &status, int timeoutMs)
{
    QJsonObject found;
    waitFor(
        [&] {
            for (const QJsonValue &t : report().value(QLatin1String("transfers")).toArray())
                if (t.toObject().value(QLatin1String("model")).toString() == model
                    && t.toObject().value(QLatin1String("status")).toString() == status) {
                    found = t.toObject();
                    return true;
                }
            return false;
        },
        timeoutMs, 100);
    return found;
}

QString TestHive::startWorker(const QString &model)
{
    const HttpResult r =
        httpRequest("POST", m_hive->url(QStringLiteral("/v1/hive/workers")),
                    core::toCompactJson({{QStringLiteral("model"), model},
                                         {QStringLiteral("threads"), 1},
                                         {QStringLiteral("slots"), 1},
                                         {QStringLiteral("ctx"), 256}}),
                    {{"Authorization", "Bearer " + kToken}, {"Content-Type", "application/json"}}, 60000);
    if (r.status != 201) {
        qWarning() << "start worker:" << r.status << r.body;
        return {};
    }
    return r.json.value(QLatin1String("worker_id")).toString();
}

void TestHive::stopWorker(const QString &id)
{
    httpRequest("DELETE", m_hive->url(QStringLiteral("/v1/hive/workers/") + id), {}, kAuth);
    waitWorker(id, QStringLiteral("exited"));
}

void TestHive::options_versionHelpAndUnknownFlag()
{
    QProcess p;
    p.start(hiveBinary(), {QStringLiteral("--version")});
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 0);
    QVERIFY(p.readAllStandardOutput().startsWith("rbee-hive "));
    p.start(hiveBinary(), {QStringLiteral("--help")});
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 0);
    QVERIFY(p.readAllStandardOutput().contains("RBEE_MODELS_DIR"));
    p.start(hiveBinary(), {QStringLiteral("--queen"), m_queen->url(), QStringLiteral("--bogus")});
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 2);
    const QByteArray err = p.readAllStandardError();
    QVERIFY2(err.startsWith("rbee-hive: error: ") && err.contains("bogus"), err.constData());
    p.start(hiveBinary(), {QStringLiteral("--queen"), m_queen->url(), QStringLiteral("--name"), QStringLiteral("a/b")});
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 2);
}

void TestHive::report_listsModelsDevicesAndMachine()
{
    const QJsonObject r = report();
    QCOMPARE(r.value(QLatin1String("name")).toString(), QStringLiteral("testhive"));
    QCOMPARE(r.value(QLatin1String("url")).toString(), m_hive->url().toString(QUrl::StripTrailingSlash));
    QCOMPARE(r.value(QLatin1String("max_workers")).toInt(), 1);
    QVERIFY(r.value(QLatin1String("ram_total_bytes")).toInteger() > 0);
    QVERIFY(r.value(QLatin1String("ram_free_bytes")).toInteger() > 0);
    QVERIFY(r.value(QLatin1String("cpu_cores")).toInt() > 0);
    QVERIFY(r.value(QLatin1String("disk_free_bytes")).toInteger() > 0);
    // The devices come from the worker beside the hive, a moment after start.
    QVERIFY2(waitFor([&] { return !report().value(QLatin1String("devices")).toArray().isEmpty(); }, 30000, 100),
             "no devices listed");
    bool cpu = false;
    for (const QJsonValue &d : report().value(QLatin1String("devices")).toArray())
        cpu = cpu || d.toObject().value(QLatin1String("name")).toString() == QLatin1String("CPU");
    QVERIFY(cpu);
    const QJsonArray models = r.value(QLatin1String("models")).toArray();
    QCOMPARE(models.size(), 1);  // the symlink leading out of the folder is not listed
    const QJsonObject tiny = models.at(0).toObject();
    QCOMPARE(tiny.value(QLatin1String("name")).toString(), QStringLiteral("tiny"));
    QCOMPARE(tiny.value(QLatin1String("size_bytes")).toInteger(), m_tiny.size());
    QCOMPARE(tiny.value(QLatin1String("architecture")).toString(), QStringLiteral("llama"));
    QCOMPARE(tiny.value(QLatin1String("quantization")).toString(), QStringLiteral("F32"));
    QVERIFY(tiny.value(QLatin1String("parameters")).toInteger() > 0);
    QVERIFY(tiny.value(QLatin1String("layers")).toInt() >= 2);
    QVERIFY(tiny.value(QLatin1String("context_length")).toInt() > 0);
    QVERIFY(tiny.value(QLatin1String("kv_bytes_per_token")).toInteger() > 0);
    QVERIFY(tiny.value(QLatin1String("compute_bytes")).toInteger() > 0);
    QVERIFY(core::HiveReport::fromJson(r));
}

void TestHive::heartbeat_reachesQueenWithTokenAndValidates()
{
    QVERIFY2(waitFor([&] { return m_queen->reports.size() >= 2; }, 20000), "fewer than two reports at the queen");
    QCOMPARE(m_queen->invalidReports, 0);
    QCOMPARE(m_queen->reports.last().name, QStringLiteral("testhive"));
    QCOMPARE(m_queen->reports.last().models.size(), 1);
    for (const QByteArray &a : std::as_const(m_queen->authorizations))
        QCOMPARE(a, "Bearer " + kToken);
}

void TestHive::token_requiredEverywhereButHealth()
{
    QCOMPARE(httpRequest("GET", m_hive->url(QStringLiteral("/v1/hive"))).status, 401);
    QCOMPARE(
        httpRequest("GET", m_hive->url(QStringLiteral("/v1/hive")), {}, {{"Authorization", "Bearer wrong"}}).status,
        401);
    QCOMPARE(httpRequest("GET", m_hive->url(QStringLiteral("/v1/hive/models/tiny/file"))).status, 401);
    QCOMPARE(httpRequest("POST", m_hive->url(QStringLiteral("/v1/hive/workers")), "{\"model\":\"tiny\"}",
                         {{"Content-Type", "application/json"}})
                 .status,
             401);
    QCOMPARE(httpRequest("DELETE", m_hive->url(QStringLiteral("/v1/hive/models/tiny"))).status, 401);
    QCOMPARE(httpRequest("GET", m_hive->url(QStringLiteral("/health"))).status, 200);
    QVERIFY(QFile::exists(m_models + QStringLiteral("/tiny.gguf")));
}

void TestHive::modelName_outsideTheFolder_refused_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<int>("status");
    QTest::newRow("dotdot file") << QByteArray("/v1/hive/models/../file") << 400;
    QTest::newRow("encoded slash") << QByteArray("/v1/hive/models/a%2Fb/file") << 400;
    QTest::newRow("encoded traversal") << QByteArray("/v1/hive/models/..%2F..%2Fetc%2Fpasswd/file") << 400;
    QTest::newRow("encoded dots") << QByteArray("/v1/hive/models/%2E%2E/file") << 400;
    QTest::newRow("nul") << QByteArray("/v1/hive/models/a%00b/file") << 400;
    QTest::newRow("space") << QByteArray("/v1/hive/models/a%20b/file") << 400;
    QTest::newRow("symlink out") << QByteArray("/v1/hive/models/outside/file") << 404;
    QTest::newRow("absent") << QByteArray("/v1/hive/models/absent/file") << 404;
}

void TestHive::modelName_outsideTheFolder_refused()
{
    QFETCH(QByteArray, path);
    QFETCH(int, status);
    QCOMPARE(rawStatus(m_hive->url().port(), "GET", path), status);
    QByteArray deletePath = path;
    deletePath.chop(5);  // "/file"
    QCOMPARE(rawStatus(m_hive->url().port(), "DELETE", deletePath), status);
    QVERIFY(QFile::exists(m_dir.filePath(QStringLiteral("outside.gguf"))));
}

void TestHive::worker_startsReportsLogsAndStops()
{
    const QString id = startWorker();
    QCOMPARE(id, QStringLiteral("testhive-tiny-1"));
    const QJsonObject running = waitWorker(id, QStringLiteral("running"));
    QVERIFY2(!running.isEmpty(), "the worker is not reported running");
    const QUrl url(running.value(QLatin1String("url")).toString());
    QCOMPARE(url.host(), QStringLiteral("127.0.0.1"));
    QVERIFY(url.port() > 0);
    const qint64 pid = running.value(QLatin1String("pid")).toInteger();
    QVERIFY(pid > 0);
    QCOMPARE(httpRequest("GET", url.resolved(QUrl(QStringLiteral("/health"))), {}, kAuth).status, 200);
    const HttpResult log =
        httpRequest("GET", m_hive->url(QStringLiteral("/v1/hive/workers/") + id + QStringLiteral("/log")), {}, kAuth);
    QCOMPARE(log.status, 200);
    QVERIFY2(log.body.contains("rbee-worker listening on"), log.body.constData());
    QVERIFY(!log.body.contains(kToken));  // the token is in the worker's environment, never its arguments
    QVERIFY2(waitFor(
                 [&] {
                     return !m_queen->reports.isEmpty() && m_queen->reports.last().worker(id)
                            && m_queen->reports.last().worker(id)->status == QLatin1String("running");
                 },
                 15000),
             "no report with the running worker at the queen");

    const HttpResult stop = httpRequest("DELETE", m_hive->url(QStringLiteral("/v1/hive/workers/") + id), {}, kAuth);
    QCOMPARE(stop.status, 200);
    QCOMPARE(stop.json.value(QLatin1String("status")).toString(), QStringLiteral("stopping"));
    const QJsonObject exited = waitWorker(id, QStringLiteral("exited"));
    QVERIFY2(!exited.isEmpty(), "the worker did not exit");
    QCOMPARE(exited.value(QLatin1String("exit")).toString(), QStringLiteral("exit code 0"));
    QVERIFY(waitFor([&] { return processGone(pid); }, 10000));
    QCOMPARE(httpRequest("DELETE", m_hive->url(QStringLiteral("/v1/hive/workers/nobody")), {}, kAuth).status, 404);
    QCOMPARE(httpRequest("GET", m_hive->url(QStringLiteral("/v1/hive/workers/nobody/log")), {}, kAuth).status, 404);
}

void TestHive::worker_overMaxWorkers_409()
{
    const QString first = startWorker();
    QVERIFY(!first.isEmpty());
    const HttpResult second =
        httpRequest("POST", m_hive->url(QStringLiteral("/v1/hive/workers")), "{\"model\":\"tiny\"}",
                    {{"Authorization", "Bearer " + kToken}, {"Content-Type", "application/json"}});
    QCOMPARE(second.status, 409);
    QCOMPARE(second.errorCode(), QStringLiteral("conflict"));
    stopWorker(first);
}

void TestHive::worker_unknownModelOrField_refused()
{
    const QList<QPair<QByteArray, QByteArray>> headers{{"Authorization", "Bearer " + kToken},
                                                       {"Content-Type", "application/json"}};
    const QUrl workers = m_hive->url(QStringLiteral("/v1/hive/workers"));
    const HttpResult absent = httpRequest("POST", workers, "{\"model\":\"absent\"}", headers);
    QCOMPARE(absent.status, 404);
    QCOMPARE(absent.errorCode(), QStringLiteral("model_not_found"));
    QCOMPARE(httpRequest("POST", workers, "{\"model\":\"outside\"}", headers).status, 404);
    const HttpResult traversal = httpRequest("POST", workers, "{\"model\":\"../tiny\"}", headers);
    QCOMPARE(traversal.status, 400);
    QCOMPARE(traversal.errorField(), QStringLiteral("model"));
    const HttpResult unknown = httpRequest("POST", workers, "{\"model\":\"tiny\",\"color\":\"red\"}", headers);
    QCOMPARE(unknown.status, 400);
    QCOMPARE(httpRequest("POST", workers, "{\"model\":\"tiny\"}",
                         {{"Authorization", "Bearer " + kToken}, {"Content-Type", "text/plain"}})
                 .status,
             415);
    for (const QJsonValue &w : report().value(QLatin1String("workers")).toArray())
        QCOMPARE(w.toObject().value(QLatin1String("status")).toString(), QStringLiteral("exited"));  // none started
}

void TestHive::worker_killed_reportedWithSignal()
{
    const QString id = startWorker();
    QVERIFY(!id.isEmpty());
    const QJsonObject running = waitWorker(id, QStringLiteral("running"));
    QVERIFY(!running.isEmpty());
    QCOMPARE(::kill(pid_t(running.value(QLatin1String("pid")).toInteger()), SIGKILL), 0);
    const QJsonObject exited = waitWorker(id, QStringLiteral("exited"));
    QVERIFY2(!exited.isEmpty(), "the killed worker is not reported exited");
    QCOMPARE(exited.value(QLatin1String("exit")).toString(), QStringLiteral("killed by signal 9"));
}

void TestHive::deleteModel_whileWorkerRuns_409_thenRemoves()
{
    QVERIFY(QFile::copy(tinyModelPath(), m_models + QStringLiteral("/second.gguf")));
    QVERIFY(waitFor([&] { return report().value(QLatin1String("models")).toArray().size() == 2; }, 10000));
    const QString id = startWorker(QStringLiteral("second"));
    QVERIFY(!id.isEmpty());
    const QUrl model = m_hive->url(QStringLiteral("/v1/hive/models/second"));
    QCOMPARE(httpRequest("DELETE", model, {}, kAuth).status, 409);
    stopWorker(id);
    QCOMPARE(httpRequest("DELETE", model, {}, kAuth).status, 200);
    QVERIFY(!QFile::exists(m_models + QStringLiteral("/second.gguf")));
    QCOMPARE(httpRequest("DELETE", model, {}, kAuth).status, 404);
    QVERIFY(waitFor([&] { return report().value(QLatin1String("models")).toArray().size() == 1; }, 10000));
}

void TestHive::modelFile_wholeRangesAnd416()
{
    const QUrl file = m_hive->url(QStringLiteral("/v1/hive/models/tiny/file"));
    const HttpResult whole = httpRequest("GET", file, {}, kAuth, 60000);
    QCOMPARE(whole.status, 200);
    QCOMPARE(whole.header("accept-ranges"), QByteArray("bytes"));
    QCOMPARE(whole.header("content-type"), QByteArray("application/octet-stream"));
    QVERIFY2(whole.body == m_tiny, "the served file differs from the model");

    auto ranged = [&](const QByteArray &range) {
        return httpRequest("GET", file, {}, {{"Authorization", "Bearer " + kToken}, {"Range", range}}, 60000);
    };
    const HttpResult middle = ranged("bytes=100-199");
    QCOMPARE(middle.status, 206);
    QCOMPARE(middle.body, m_tiny.mid(100, 100));
    QCOMPARE(middle.header("content-range"), "bytes 100-199/" + QByteArray::number(m_tiny.size()));
    const qint64 from = m_tiny.size() - 1000;
    const HttpResult tail = ranged("bytes=" + QByteArray::number(from) + '-');
    QCOMPARE(tail.status, 206);
    QCOMPARE(tail.body, m_tiny.mid(from));
    const HttpResult beyond = ranged("bytes=" + QByteArray::number(m_tiny.size()) + '-');
    QCOMPARE(beyond.status, 416);
    QCOMPARE(beyond.header("content-range"), "bytes */" + QByteArray::number(m_tiny.size()));
}

void TestHive::pull_cutMidBody_resumesFromPart()
{
    FileServer source(m_tiny);
    const QList<QPair<QByteArray, QByteArray>> headers{{"Authorization", "Bearer " + kToken},
                                                       {"Content-Type", "application/json"}};
    const QUrl models = m_hive->url(QStringLiteral("/v1/hive/models"));
    HttpResult r = httpRequest("POST", models,
                               core::toCompactJson({{QStringLiteral("model"), QStringLiteral("pulled")},
                                                    {QStringLiteral("url"), source.cutUrl()}}),
                               headers);
    QCOMPARE(r.status, 202);
    QCOMPARE(r.json.value(QLatin1String("status")).toString(), QStringLiteral("running"));
    const QJsonObject failed = waitTransfer(QStringLiteral("pulled"), QStringLiteral("failed"));
    QVERIFY2(!failed.isEmpty(), "the cut transfer did not fail");
    QVERIFY(!failed.value(QLatin1String("error")).toString().isEmpty());
    const QString part = m_models + QStringLiteral("/pulled.gguf.part");
    QCOMPARE(QFileInfo(part).size(), m_tiny.size() / 2);
    QVERIFY(!QFile::exists(m_models + QStringLiteral("/pulled.gguf")));

    r = httpRequest("POST", models,
                    core::toCompactJson({{QStringLiteral("model"), QStringLiteral("pulled")},
                                         {QStringLiteral("url"), source.url()},
                                         {QStringLiteral("sha256"), sha256Hex(m_tiny)}}),
                    headers);
    QCOMPARE(r.status, 202);
    const QJsonObject done = waitTransfer(QStringLiteral("pulled"), QStringLiteral("done"));
    QVERIFY2(!done.isEmpty(), "the resumed transfer did not finish");
    QCOMPARE(done.value(QLatin1String("received_bytes")).toInteger(), m_tiny.size());
    QCOMPARE(source.ranges, QList<QByteArray>{"bytes=" + QByteArray::number(m_tiny.size() / 2) + '-'});
    QCOMPARE(source.authorizations, QList<QByteArray>{QByteArray()});  // no token to a URL
    QCOMPARE(readFile(m_models + QStringLiteral("/pulled.gguf")), m_tiny);
    QVERIFY(!QFile::exists(part));
    QVERIFY(readFile(m_models + QStringLiteral("/pulled.gguf.sha256")).startsWith(sha256Hex(m_tiny).toLatin1()));
    QJsonObject listed;
    QVERIFY(waitFor(
        [&] {
            for (const QJsonValue &m : report().value(QLatin1String("models")).toArray())
                if (m.toObject().value(QLatin1String("name")).toString() == QLatin1String("pulled"))
                    listed = m.toObject();
            return !listed.isEmpty();
        },
        10000));
    QCOMPARE(listed.value(QLatin1String("sha256")).toString(), sha256Hex(m_tiny));
    QCOMPARE(listed.value(QLatin1String("architecture")).toString(), QStringLiteral("llama"));
    // The file endpoint tells peers the digest.
    const HttpResult served = httpRequest("GET", m_hive->url(QStringLiteral("/v1/hive/models/pulled/file")), {},
                                          {{"Authorization", "Bearer " + kToken}, {"Range", "bytes=0-3"}});
    QCOMPARE(served.header("x-rbee-sha256"), sha256Hex(m_tiny).toLatin1());
    QCOMPARE(httpRequest("DELETE", m_hive->url(QStringLiteral("/v1/hive/models/pulled")), {}, kAuth).status, 200);
    QVERIFY(!QFile::exists(m_models + QStringLiteral("/pulled.gguf.sha256")));
}

void TestHive::pull_sha256Mismatch_failsAndLeavesNoFile()
{
    FileServer source(m_tiny);
    const HttpResult r = httpRequest("POST", m_hive->url(QStringLiteral("/v1/hive/models")),
                                     core::toCompactJson({{QStringLiteral("model"), QStringLiteral("wrongsum")},
                                                          {QStringLiteral("url"), source.url()},
                                                          {QStringLiteral("sha256"), QString(64, u'0')}}),
                                     {{"Authorization", "Bearer " + kToken}, {"Content-Type", "application/json"}});
    QCOMPARE(r.status, 202);
    const QJsonObject failed = waitTransfer(QStringLiteral("wrongsum"), QStringLiteral("failed"));
    QVERIFY2(!failed.isEmpty(), "a file with the wrong digest was not refused");
    QVERIFY2(failed.value(QLatin1String("error")).toString().contains(QLatin1String("SHA-256")),
             qPrintable(failed.value(QLatin1String("error")).toString()));
    QVERIFY(!QFile::exists(m_models + QStringLiteral("/wrongsum.gguf")));
    QVERIFY(!QFile::exists(m_models + QStringLiteral("/wrongsum.gguf.part")));
}

void TestHive::pull_fromHive_sendsTokenAndChecksPeerDigest()
{
    FileServer peer(m_tiny);
    peer.digestHeader = sha256Hex(m_tiny).toLatin1();
    m_queen->hives = QJsonArray{QJsonObject{
        {QStringLiteral("name"), QStringLiteral("peer")},
        {QStringLiteral("url"), QStringLiteral("http://127.0.0.1:%1").arg(peer.server.serverPort())},
        {QStringLiteral("online"), true},
        {QStringLiteral("models"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("copied")}},
                                              QJsonObject{{QStringLiteral("name"), QStringLiteral("badcopy")}}}}}};
    const QList<QPair<QByteArray, QByteArray>> headers{{"Authorization", "Bearer " + kToken},
                                                       {"Content-Type", "application/json"}};
    const QUrl models = m_hive->url(QStringLiteral("/v1/hive/models"));
    HttpResult r = httpRequest("POST", models,
                               core::toCompactJson({{QStringLiteral("model"), QStringLiteral("copied")},
                                                    {QStringLiteral("from_hive"), QStringLiteral("peer")}}),
                               headers);
    QCOMPARE(r.status, 202);
    const QJsonObject done = waitTransfer(QStringLiteral("copied"), QStringLiteral("done"));
    QVERIFY2(!done.isEmpty(), "the copy from the peer did not finish");
    QCOMPARE(done.value(QLatin1String("source")).toString(), QStringLiteral("hive:peer"));
    QCOMPARE(peer.authorizations, QList<QByteArray>{"Bearer " + kToken});
    QCOMPARE(readFile(m_models + QStringLiteral("/copied.gguf")), m_tiny);

    peer.digestHeader = QByteArray(64, 'f');  // the peer's digest is checked
    r = httpRequest("POST", models,
                    core::toCompactJson({{QStringLiteral("model"), QStringLiteral("badcopy")},
                                         {QStringLiteral("from_hive"), QStringLiteral("peer")}}),
                    headers);
    QCOMPARE(r.status, 202);
    QVERIFY(!waitTransfer(QStringLiteral("badcopy"), QStringLiteral("failed")).isEmpty());
    QVERIFY(!QFile::exists(m_models + QStringLiteral("/badcopy.gguf")));

    r = httpRequest("POST", models,
                    core::toCompactJson({{QStringLiteral("model"), QStringLiteral("notthere")},
                                         {QStringLiteral("from_hive"), QStringLiteral("peer")}}),
                    headers);
    QCOMPARE(r.status, 404);
    r = httpRequest("POST", models,
                    core::toCompactJson({{QStringLiteral("model"), QStringLiteral("copied2")},
                                         {QStringLiteral("from_hive"), QStringLiteral("nobody")}}),
                    headers);
    QCOMPARE(r.status, 404);
    QCOMPARE(httpRequest("DELETE", m_hive->url(QStringLiteral("/v1/hive/models/copied")), {}, kAuth).status, 200);
}

void TestHive::pull_existingOrUnknownHive_refused()
{
    const QList<QPair<QByteArray, QByteArray>> headers{{"Authorization", "Bearer " + kToken},
                                                       {"Content-Type", "application/json"}};
    const QUrl models = m_hive->url(QStringLiteral("/v1/hive/models"));
    HttpResult r = httpRequest("POST", models, "{\"model\":\"tiny\",\"url\":\"http://127.0.0.1:1/x.gguf\"}", headers);
    QCOMPARE(r.status, 409);
    r = httpRequest("POST", models, "{\"model\":\"x\",\"url\":\"http://127.0.0.1:1/x.gguf\",\"from_hive\":\"a\"}",
                    headers);
    QCOMPARE(r.status, 400);
    r = httpRequest("POST", models, "{\"model\":\"../x\",\"url\":\"http://127.0.0.1:1/x.gguf\"}", headers);
    QCOMPARE(r.status, 400);
}

void TestHive::sigterm_stopsWorkersAndLastReportHasNone()
{
    // A hive of its own, so that the shared one stays up for the other tests.
    FakeQueen queen;
    HiveProcess hive;
    QVERIFY2(hive.start({QStringLiteral("--queen"), queen.url(), QStringLiteral("--name"), QStringLiteral("ending"),
                         QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--models-dir"), m_models}),
             qPrintable(hive.errorString()));
    const HttpResult started = httpRequest("POST", hive.url(QStringLiteral("/v1/hive/workers")),
                                           "{\"model\":\"tiny\",\"threads\":1,\"slots\":1,\"ctx\":256}",
                                           {{"Content-Type", "application/json"}}, 60000);
    QCOMPARE(started.status, 201);
    QVERIFY(waitFor(
        [&] {
            return !queen.reports.isEmpty() && queen.reports.last().workers.size() == 1
                   && queen.reports.last().workers.first().status == QLatin1String("running");
        },
        20000));
    const qint64 workerPid = queen.reports.last().workers.first().pid;
    QVERIFY(workerPid > 0);
    hive.terminate();
    QVERIFY2(waitFor([&] { return hive.process().state() == QProcess::NotRunning; }, 20000), "the hive did not exit");
    QCOMPARE(hive.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(hive.process().exitCode(), 0);
    QVERIFY(processGone(workerPid));
    QVERIFY(!queen.reports.isEmpty());
    QVERIFY2(queen.reports.last().workers.isEmpty(), "the last report still lists workers");
}

QTEST_GUILESS_MAIN(TestHive)
#include "tst_hive.moc"

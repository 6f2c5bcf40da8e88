// A cluster of real processes on one machine: a queen (`rbee --serve`) and two `rbee-hive`s on
// distinct loopback addresses (127.0.0.2 and 127.0.0.3; Linux routes all of 127/8 to lo), each
// with its own models folder, one token everywhere, a short heartbeat timeout. Listing, placement,
// start and stop through the hive, a model copy resumed after the receiving hive was killed
// mid-copy, a hive killed with its workers, names that try to leave the models folder, and the
// token on the hive's own API; through HTTP and through the CLI (`rbee hives/run/stop/pull`).
#include "hiveprocess.h"
#include "throttledproxy.h"

#include "core/protocol/endpoints.h"
#include "core/protocol/hivereport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <csignal>
#include <sys/types.h>

using namespace rbee;
using namespace rbee::test;

namespace {

const QByteArray kToken = QByteArrayLiteral("cluster-test-token");
// Above the 5 s at which the workers a hive starts send heartbeats (the worker's default).
constexpr int kHeartbeatTimeoutMs = 8000;
// The copy from hive A goes through a proxy at this rate: the 17 MB tiny model takes seconds,
// long enough to kill the receiving hive in the middle, short enough for the test.
constexpr qint64 kCopyBytesPerSecond = 3 * 1024 * 1024;

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

QList<QPair<QByteArray, QByteArray>> auth(const QByteArray &token = kToken)
{
    return {{QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + token}};
}

QList<QPair<QByteArray, QByteArray>> authJson()
{
    return {{QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + kToken},
            {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")}};
}

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// One request with the path exactly as given (no client normalises it), for names that try to
// climb out of a folder. The status code, or 0 without an answer.
int rawStatus(const QUrl &server, const QByteArray &method, const QByteArray &path, const QByteArray &body = {})
{
    QTcpSocket socket;
    socket.connectToHost(server.host(), quint16(server.port()));
    if (!socket.waitForConnected(5000))
        return 0;
    QByteArray request = method + ' ' + path + " HTTP/1.1\r\nHost: " + server.authority().toUtf8()
                         + "\r\nAuthorization: Bearer " + kToken + "\r\nConnection: close\r\n";
    if (!body.isEmpty())
        request += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    socket.write(request + "\r\n" + body);
    QByteArray answer;
    waitFor(
        [&] {
            socket.waitForReadyRead(20);
            answer += socket.readAll();
            return answer.contains("\r\n") || socket.state() == QAbstractSocket::UnconnectedState;
        },
        10000);
    const QRegularExpression statusLine(QStringLiteral("^HTTP/1\\.[01] (\\d{3}) "));
    const auto match = statusLine.match(QString::fromLatin1(answer));
    return match.hasMatch() ? match.captured(1).toInt() : 0;
}

struct CliResult {
    int code = -1;
    QByteArray out;
    QByteArray err;
    QString text() const { return QString::fromUtf8(out + err); }
};

// Runs `rbee ARGS` while this process's event loop keeps turning (the proxy in front of hive A
// lives on it, and the queen may call hive A while the command waits).
CliResult runRbee(const QStringList &args, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
                  int timeoutMs = 60000)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(rbeeBinary(), args);
    if (!p.waitForStarted(10000))
        return {};
    const bool finished = waitFor([&] { return p.state() == QProcess::NotRunning; }, timeoutMs);
    if (!finished) {
        p.kill();
        p.waitForFinished(5000);
    }
    return {finished && p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

bool processGone(qint64 pid)
{
    if (pid <= 0)
        return false;
    if (::kill(pid_t(pid), 0) != 0)
        return errno == ESRCH;
    // A zombie has ended too; only its parent has not read its status yet.
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray text = stat.readAll();
    const qsizetype paren = text.lastIndexOf(')');
    return paren > 0 && text.mid(paren + 2, 1) == "Z";
}

QByteArray sha256Of(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&f);
    return hash.result().toHex();
}

}  // namespace

class TestCluster : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dirA;
    QTemporaryDir m_dirB;
    QTemporaryDir m_outside;
    QueenProcess m_queen;
    HiveProcess m_a;
    HiveProcess m_b;
    ThrottledProxy m_proxyA{kCopyBytesPerSecond};
    quint16 m_portB = 0;
    QList<qint64> m_workerPids;  // workers the hives started for this test, ended by pid if still there

    QProcessEnvironment hiveEnvironment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("RBEE_TOKEN"), QString::fromUtf8(kToken));
        // Workers the hive starts inherit it: they beat often enough for the short timeout.
        env.insert(QStringLiteral("RBEE_HEARTBEAT_MS"), QStringLiteral("300"));
        return env;
    }
    QStringList hiveArgs(const QString &name, const QString &host, const QString &dir, quint16 port) const
    {
        return {QStringLiteral("--queen"),      m_queen.url().toString(),
                QStringLiteral("--name"),       name,
                QStringLiteral("--host"),       host,
                QStringLiteral("--port"),       QString::number(port),
                QStringLiteral("--models-dir"), dir};
    }
    bool startHiveB()
    {
        if (!m_b.start(hiveArgs(QStringLiteral("B"), QStringLiteral("127.0.0.3"), m_dirB.path(), m_portB),
                       hiveEnvironment()))
            return false;
        m_portB = quint16(m_b.url().port());
        return true;
    }
    QStringList cli(const QStringList &args) const
    {
        return QStringList(args) << QStringLiteral("--queen") << m_queen.url().toString() << QStringLiteral("--token")
                                 << QString::fromUtf8(kToken);
    }
    HttpResult queenGet(const QString &path) { return httpRequest("GET", m_queen.url(path), {}, auth()); }
    HttpResult queenPost(const QString &path, const QJsonObject &body)
    {
        return httpRequest("POST", m_queen.url(path), json(body), authJson(), 60000);
    }
    QJsonObject listedHive(const QString &name)
    {
        for (const QJsonValue &h : queenGet(QLatin1String(core::Endpoint::kHives)).json.value(s("hives")).toArray()) {
            if (h.toObject().value(s("name")).toString() == name)
                return h.toObject();
        }
        return {};
    }
    QJsonObject listedWorker(const QString &id)
    {
        for (const QJsonValue &w :
             queenGet(QLatin1String(core::Endpoint::kWorkers)).json.value(s("workers")).toArray()) {
            if (w.toObject().value(s("worker_id")).toString() == id)
                return w.toObject();
        }
        return {};
    }
    std::optional<core::HiveWorker> hiveWorker(const QString &hive, const QString &id)
    {
        const auto report = core::HiveReport::fromJson(listedHive(hive));
        if (!report || !report->worker(id))
            return std::nullopt;
        return *report->worker(id);
    }
    std::optional<core::HiveTransfer> transfer(const QString &hive, const QString &model)
    {
        const auto report = core::HiveReport::fromJson(listedHive(hive));
        if (!report)
            return std::nullopt;
        for (const auto &t : report->transfers) {
            if (t.model == model)
                return t;
        }
        return std::nullopt;
    }
    bool workerReady(const QString &id)
    {
        return listedWorker(id).value(s("status")).toString() == QLatin1String("ready");
    }
    // Started on a hive by placement; waits until it registered ready. Its pid is remembered.
    // `onHive`: name the hive in the request; otherwise placement chooses.
    QString placeWorker(const QString &expectedHive, bool onHive = false)
    {
        const auto r = queenPost(
            QLatin1String(core::Endpoint::kWorkers),
            onHive ? QJsonObject{{s("model"), s("tiny")}, {s("hive"), expectedHive}, {s("slots"), 1}, {s("ctx"), 512}}
                   : QJsonObject{{s("model"), s("tiny")}, {s("slots"), 1}, {s("ctx"), 512}});
        if (r.status != 202) {
            qWarning("POST /v1/workers: %d %s", r.status, r.body.constData());
            return {};
        }
        const QString id = r.json.value(s("worker_id")).toString();
        if (r.json.value(s("hive")).toString() != expectedHive) {
            qWarning("placed on %s", qPrintable(r.json.value(s("hive")).toString()));
            return {};
        }
        rememberPid(expectedHive, id);
        if (!waitFor([&] { return workerReady(id); }, 60000, 100)) {
            qWarning("worker %s not ready: %s", qPrintable(id),
                     QJsonDocument(listedWorker(id)).toJson(QJsonDocument::Compact).constData());
            return {};
        }
        return id;
    }
    void rememberPid(const QString &hive, const QString &id)
    {
        qint64 pid = 0;
        waitFor(
            [&] {
                const auto w = hiveWorker(hive, id);
                pid = w ? w->pid : 0;
                return pid > 0;
            },
            10000, 50);
        if (pid > 0)
            m_workerPids << pid;
    }
    qint64 pidOf(const QString &hive, const QString &id)
    {
        const auto w = hiveWorker(hive, id);
        return w ? w->pid : 0;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dirA.isValid() && m_dirB.isValid() && m_outside.isValid());
        QVERIFY(QFile::copy(tinyModelPath(), m_dirA.filePath(s("tiny.gguf"))));
        // A link that leads out of the folder: never listed, never served.
        QFile outside(m_outside.filePath(s("secret.gguf")));
        QVERIFY(outside.open(QIODevice::WriteOnly));
        outside.write("GGUF not for peers");
        outside.close();
        QVERIFY(QFile::link(outside.fileName(), m_dirA.filePath(s("outside.gguf"))));

        QVERIFY2(m_queen.start({QStringLiteral("--heartbeat-timeout-ms"), QString::number(kHeartbeatTimeoutMs),
                                QStringLiteral("--token"), QString::fromUtf8(kToken)}),
                 qPrintable(m_queen.errorString()));
        // Hive A is reached through a throttling proxy on its own address (its advertised URL).
        QVERIFY(m_proxyA.listen(QHostAddress(s("127.0.0.2"))));
        const QString advertised = QStringLiteral("http://127.0.0.2:%1").arg(m_proxyA.port());
        QVERIFY2(m_a.start(hiveArgs(QStringLiteral("A"), QStringLiteral("127.0.0.2"), m_dirA.path(), 0)
                               << QStringLiteral("--advertise-url") << advertised,
                           hiveEnvironment()),
                 qPrintable(m_a.errorString()));
        m_proxyA.setTarget(QHostAddress(s("127.0.0.2")), quint16(m_a.url().port()));
        QVERIFY2(startHiveB(), qPrintable(m_b.errorString()));
        QVERIFY2(waitFor(
                     [&] {
                         // Online, with the devices the hive's worker binary enumerated.
                         return listedHive(s("A")).value(s("online")).toBool()
                                && listedHive(s("B")).value(s("online")).toBool()
                                && !listedHive(s("A")).value(s("devices")).toArray().isEmpty()
                                && !listedHive(s("B")).value(s("devices")).toArray().isEmpty();
                     },
                     60000, 100),
                 queenGet(QLatin1String(core::Endpoint::kHives)).body.constData());
    }

    void cleanupTestCase()
    {
        m_a.kill();
        m_b.kill();
        for (qint64 pid : std::as_const(m_workerPids)) {
            // A worker that outlived its hive; the check keeps a reused pid safe.
            QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
            if (!processGone(pid) && cmdline.open(QIODevice::ReadOnly) && cmdline.readAll().contains("rbee-worker"))
                ::kill(pid_t(pid), SIGKILL);
        }
    }

    void hiveApi_wrongOrMissingToken_isRefused()
    {
        for (HiveProcess *hive : {&m_a, &m_b}) {
            QCOMPARE(httpRequest("GET", hive->url(QLatin1String(core::Endpoint::kHive))).status, 401);
            QCOMPARE(httpRequest("GET", hive->url(QLatin1String(core::Endpoint::kHive)), {}, auth("wrong")).status,
                     401);
            QCOMPARE(httpRequest("GET", hive->url(core::Endpoint::hiveModelFile(s("tiny")))).status, 401);
            QCOMPARE(httpRequest("POST", hive->url(QLatin1String(core::Endpoint::kHiveWorkers)),
                                 json({{s("model"), s("tiny")}}),
                                 {{QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")}})
                         .status,
                     401);
            QCOMPARE(httpRequest("GET", hive->url(QLatin1String(core::Endpoint::kHive)), {}, auth()).status, 200);
            QCOMPARE(httpRequest("GET", hive->url(QLatin1String(core::Endpoint::kHealth))).status, 200);
        }
        // No worker was started by the refused request.
        QVERIFY(core::HiveReport::fromJson(listedHive(s("A")))->workers.isEmpty());
    }

    void hives_listsBothWithTheirModels()
    {
        const auto a = core::HiveReport::fromJson(listedHive(s("A")));
        const auto b = core::HiveReport::fromJson(listedHive(s("B")));
        QVERIFY2(a && b, queenGet(QLatin1String(core::Endpoint::kHives)).body.constData());
        QCOMPARE(a->url, QStringLiteral("http://127.0.0.2:%1").arg(m_proxyA.port()));
        QCOMPARE(b->url, m_b.url().toString());
        QVERIFY(a->model(s("tiny")));
        QCOMPARE(a->model(s("tiny"))->sizeBytes, QFileInfo(tinyModelPath()).size());
        QVERIFY(!a->model(s("outside")));  // the link out of the folder
        QVERIFY(b->models.isEmpty());
        QVERIFY(!a->devices.isEmpty());
        QVERIFY(a->ramTotalBytes > 0 && a->cpuCores > 0 && a->diskFreeBytes > 0);

        const CliResult cli = runRbee(this->cli({s("hives")}));
        QVERIFY2(cli.code == 0, qPrintable(cli.text()));
        const QString out = QString::fromUtf8(cli.out);
        QVERIFY2(out.contains(QRegularExpression(s("^A +http://127\\.0\\.0\\.2:\\d+ +ready "),
                                                 QRegularExpression::MultilineOption)),
                 qPrintable(out));
        QVERIFY2(out.contains(QRegularExpression(s("^B +http://127\\.0\\.0\\.3:\\d+ +ready "),
                                                 QRegularExpression::MultilineOption)),
                 qPrintable(out));
        QVERIFY2(out.contains(s("  model tiny: ")), qPrintable(out));
        QVERIFY2(out.contains(s("  device CPU")), qPrintable(out));

        // The environment stands in for --queen and --token.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(s("RBEE_QUEEN_URL"), m_queen.url().toString());
        env.insert(s("RBEE_TOKEN"), QString::fromUtf8(kToken));
        const CliResult viaEnv = runRbee({s("hives"), s("--json")}, env);
        QVERIFY2(viaEnv.code == 0, qPrintable(viaEnv.text()));
        QCOMPARE(QJsonDocument::fromJson(viaEnv.out).object().value(s("hives")).toArray().size(), 2);
    }

    void cli_wrongTokenOrNoQueen_exitsWithItsClass()
    {
        const CliResult wrong = runRbee({s("hives"), s("--queen"), m_queen.url().toString(), s("--token"), s("wrong")});
        QVERIFY2(wrong.code == 7, qPrintable(wrong.text()));
        // A port nothing listens on: the queen's, once it is closed, is not certain; port 1 is.
        const CliResult none = runRbee({s("hives"), s("--queen"), s("http://127.0.0.1:1")});
        QVERIFY2(none.code == 5, qPrintable(none.text()));
        const CliResult usage = runRbee(this->cli({s("pull"), s("--hive"), s("B"), s("--model"), s("tiny")}));
        QVERIFY2(usage.code == 2, qPrintable(usage.text()));  // neither --from-hive nor --url
    }

    void traversingNames_areRefusedByQueenAndHive()
    {
        // Through the queen.
        for (const char *name : {"../tiny", "..", "a/b", "tiny.gguf/..", ""}) {
            const auto r = queenPost(QLatin1String(core::Endpoint::kWorkers), {{s("model"), s(name)}});
            QVERIFY2(r.status == 400,
                     qPrintable(QStringLiteral("%1: %2 %3").arg(s(name)).arg(r.status).arg(QString::fromUtf8(r.body))));
            const auto pull =
                queenPost(core::Endpoint::hiveModelsOnQueen(s("B")), {{s("model"), s(name)}, {s("from_hive"), s("A")}});
            QVERIFY2(pull.status == 400, qPrintable(QStringLiteral("%1: %2").arg(s(name)).arg(pull.status)));
        }
        const CliResult cliRun = runRbee(cli({s("run"), s("--model"), s("../../etc/passwd")}));
        QVERIFY2(cliRun.code == 2, qPrintable(cliRun.text()));
        // On the hive itself, with paths no client normalises.
        const QUrl a = m_a.url();
        for (const char *path : {"/v1/hive/models/..%2F..%2Fetc%2Fpasswd/file", "/v1/hive/models/%2E%2E/file",
                                 "/v1/hive/models/../file", "/v1/hive/models/..%2Ftiny/file"}) {
            const int status = rawStatus(a, "GET", path);
            QVERIFY2(status == 400 || status == 404, qPrintable(QStringLiteral("%1: %2").arg(s(path)).arg(status)));
        }
        // A name that matches the route is refused by its check (400); one that adds segments
        // matches no route (404).
        QCOMPARE(rawStatus(a, "DELETE", "/v1/hive/models/%2E%2E"), 400);
        QCOMPARE(rawStatus(a, "GET", "/v1/hive/models/%2E%2E/file"), 400);
        const int deleteUp = rawStatus(a, "DELETE", "/v1/hive/models/..%2Ftiny");
        QVERIFY2(deleteUp == 400 || deleteUp == 404, qPrintable(QString::number(deleteUp)));
        QCOMPARE(rawStatus(a, "POST", "/v1/hive/models",
                           json({{s("model"), s("../x")}, {s("url"), s("http://127.0.0.1:1/x.gguf")}})),
                 400);
        QCOMPARE(rawStatus(a, "POST", "/v1/hive/workers", json({{s("model"), s("../tiny")}})), 400);
        // The link that leads out of the folder is not served.
        QCOMPARE(rawStatus(a, "GET", "/v1/hive/models/outside/file"), 404);
        QVERIFY(QFile::exists(m_dirA.filePath(s("tiny.gguf"))));
        QVERIFY(QFile::exists(m_outside.filePath(s("secret.gguf"))));
    }

    void placement_startsOnTheHiveWithTheModel_andAJobRunsThroughTheQueen()
    {
        // Only A has the model: B must not be chosen, and naming B is refused with who has what.
        const auto onB =
            queenPost(QLatin1String(core::Endpoint::kWorkers), {{s("model"), s("tiny")}, {s("hive"), s("B")}});
        QVERIFY2(onB.status == 404, onB.body.constData());
        QVERIFY2(onB.body.contains("A"), onB.body.constData());

        const QString id = placeWorker(s("A"));
        QVERIFY(!id.isEmpty());
        const auto w = hiveWorker(s("A"), id);
        QVERIFY(w);
        QCOMPARE(QUrl(w->url).host(), s("127.0.0.2"));  // on the hive's own address
        const CliResult infer = runRbee(cli({s("infer"), s("--model"), s("tiny"), s("--prompt"), s("Once upon a time"),
                                             s("--max-tokens"), s("8"), s("--temperature"), s("0")}));
        QVERIFY2(infer.code == 0, qPrintable(infer.text()));
        QVERIFY2(infer.err.contains(" tokens ("), infer.err.constData());  // the end line

        // Stopped through the queen, which asks the hive.
        const qint64 pid = pidOf(s("A"), id);
        const auto stop = httpRequest("DELETE", m_queen.url(core::Endpoint::worker(id)), {}, auth());
        QVERIFY2(stop.status == 200, stop.body.constData());
        QCOMPARE(stop.json.value(s("stopped_by")).toString(), s("A"));
        QVERIFY2(waitFor([&] { return processGone(pid); }, 20000), "the worker process is still there");
        QVERIFY(waitFor([&] { return !listedWorker(id).value(s("online")).toBool(); }, 10000));
    }

    void cliRunAndStop_placeAndStopThroughTheHive()
    {
        const CliResult missing = runRbee(cli({s("run"), s("--model"), s("nosuch")}));
        QVERIFY2(missing.code == 2, qPrintable(missing.text()));          // model_not_found
        QVERIFY2(missing.err.contains("tiny"), missing.err.constData());  // names who has which model

        const CliResult run =
            runRbee(cli({s("run"), s("--model"), s("tiny"), s("--slots"), s("1"), s("--ctx"), s("512")}));
        QVERIFY2(run.code == 0, qPrintable(run.text()));
        const auto match = QRegularExpression(s("^Started worker (\\S+) on hive A")).match(QString::fromUtf8(run.out));
        QVERIFY2(match.hasMatch(), run.out.constData());
        const QString id = match.captured(1);
        rememberPid(s("A"), id);
        QVERIFY2(waitFor([&] { return workerReady(id); }, 60000, 100), qPrintable(id));
        const qint64 pid = pidOf(s("A"), id);
        QVERIFY(pid > 0);

        const CliResult stop = runRbee(cli({s("stop"), id}));
        QVERIFY2(stop.code == 0, qPrintable(stop.text()));
        QVERIFY2(stop.out.contains("through hive A"), stop.out.constData());
        QVERIFY2(waitFor([&] { return processGone(pid); }, 20000), "the worker process is still there");
        QVERIFY(waitFor([&] { return !listedWorker(id).value(s("online")).toBool(); }, 10000));
        const CliResult again = runRbee(cli({s("stop"), s("no-such-worker")}));
        QVERIFY2(again.code == 2, qPrintable(again.text()));
    }

    void copy_hiveKilledMidCopy_resumesFromThePartFile()
    {
        const QString part = m_dirB.filePath(s("tiny.gguf.part"));
        const qint64 total = QFileInfo(tinyModelPath()).size();
        const CliResult pull =
            runRbee(cli({s("pull"), s("--hive"), s("B"), s("--model"), s("tiny"), s("--from-hive"), s("A")}));
        QVERIFY2(pull.code == 0, qPrintable(pull.text()));

        // Killed once the copy has visibly started (the proxy keeps it from finishing meanwhile).
        qint64 before = 0;
        QVERIFY2(waitFor(
                     [&] {
                         const auto t = transfer(s("B"), s("tiny"));
                         before = t ? t->receivedBytes : 0;
                         return before > 0;
                     },
                     30000, 50),
                 queenGet(QLatin1String(core::Endpoint::kHives)).body.constData());
        QVERIFY2(before < total, "the copy ended before it could be interrupted");
        m_b.kill();
        const qint64 kept = QFileInfo(part).size();
        // What the hive had reported may still have been in its write buffer: some of it is kept.
        QVERIFY2(kept > 0 && kept < total, qPrintable(QStringLiteral("%1 of %2 bytes kept").arg(kept).arg(total)));
        QVERIFY(!QFile::exists(m_dirB.filePath(s("tiny.gguf"))));

        // Back on the same address; the copy goes on from the .part, followed by `rbee pull --wait`.
        QVERIFY2(startHiveB(), qPrintable(m_b.errorString()));
        QVERIFY(waitFor([&] { return listedHive(s("B")).value(s("online")).toBool(); }, 20000, 100));
        const CliResult resumed = runRbee(
            cli({s("pull"), s("--hive"), s("B"), s("--model"), s("tiny"), s("--from-hive"), s("A"), s("--wait")}),
            QProcessEnvironment::systemEnvironment(), 120000);
        QVERIFY2(resumed.code == 0, qPrintable(resumed.text()));
        QVERIFY2(resumed.out.contains("tiny is on hive B"), resumed.out.constData());

        // The second request for the file asked for the rest only.
        QList<ThrottledProxy::Request> gets;
        for (const auto &r : m_proxyA.requests()) {
            if (r.requestLine.startsWith("GET /v1/hive/models/tiny/file"))
                gets << r;
        }
        QVERIFY2(gets.size() >= 2, qPrintable(QString::number(gets.size())));
        const auto range = QRegularExpression(s("^bytes=(\\d+)-")).match(QString::fromLatin1(gets.last().range));
        QVERIFY2(range.hasMatch(), gets.last().range.constData());
        QVERIFY2(range.captured(1).toLongLong() == kept,
                 qPrintable(QStringLiteral("resumed at %1, the .part had %2").arg(range.captured(1)).arg(kept)));

        qInfo("copy killed at %lld reported bytes, %lld in the .part; resumed with Range: %s of %lld", before, kept,
              gets.last().range.constData(), total);
        QVERIFY(!QFile::exists(part));
        const QByteArray digest = sha256Of(m_dirB.filePath(s("tiny.gguf")));
        QCOMPARE(digest, sha256Of(m_dirA.filePath(s("tiny.gguf"))));
        QVERIFY(waitFor(
            [&] {
                const auto b = core::HiveReport::fromJson(listedHive(s("B")));
                return b && b->model(s("tiny")) && b->model(s("tiny"))->sha256.toUtf8() == digest;
            },
            10000, 100));
    }

    void hiveKilled_itAndItsWorkersGoOffline()
    {
        const QString id = placeWorker(s("A"), true);  // B has the model too by now
        QVERIFY(!id.isEmpty());
        const qint64 pid = pidOf(s("A"), id);
        m_a.kill();  // SIGKILL: no last heartbeat, no goodbye to its workers
        QElapsedTimer sinceKill;
        sinceKill.start();
        const int limitMs = kHeartbeatTimeoutMs + 5000;
        QVERIFY2(waitFor([&] { return listedHive(s("A")).value(s("status")).toString() == QLatin1String("offline"); },
                         limitMs, 100),
                 QJsonDocument(listedHive(s("A"))).toJson(QJsonDocument::Compact).constData());
        QVERIFY2(waitFor([&] { return !listedWorker(id).value(s("online")).toBool(); }, limitMs, 100),
                 QJsonDocument(listedWorker(id)).toJson(QJsonDocument::Compact).constData());
        qInfo("hive and worker offline %lld ms after SIGKILL (timeout %d ms)", sinceKill.elapsed(),
              kHeartbeatTimeoutMs);
        QVERIFY2(waitFor([&] { return processGone(pid); }, 10000), "the worker outlived its hive");
        // B is untouched.
        QVERIFY(listedHive(s("B")).value(s("online")).toBool());
    }
};

QTEST_GUILESS_MAIN(TestCluster)
#include "tst_cluster.moc"

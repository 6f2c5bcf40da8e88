// LocalWorker with the real rbee-worker and the generated tiny model: the command line and
// environment, listening + /health, the bounded log, a graceful stop (exit 0), a missing model
// (exit 2 naming it), heartbeats with the token from the environment, kill after the timeout.
#include "serverprocess.h"

#include "core/client/localworker.h"
#include "core/http/httpserver.h"
#include "core/json.h"

#include <QFile>
#include <QProcessEnvironment>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace rbee;
using core::LocalWorker;

namespace {

LocalWorker::Settings tinySettings()
{
    LocalWorker::Settings s;
    s.workerBinary = test::workerBinary();
    s.modelPath = test::tinyModelPath();
    s.slots = 1;
    s.threads = 1;
    s.ctx = 512;
    return s;
}

// A queen stand-in that records every heartbeat and its Authorization header.
struct FakeQueen {
    core::HttpServer server;
    QList<QJsonObject> beats;
    QList<QByteArray> authorizations;

    FakeQueen()
    {
        server.route("POST", QStringLiteral("/v1/worker-heartbeat"),
                     [this](core::HttpRequest r, core::HttpResponder s) {
                         const auto body = core::parseJsonObject(r.body);
                         beats.append(body ? body.value() : QJsonObject());
                         authorizations.append(r.header("authorization"));
                         s.sendJson(200, {{QStringLiteral("ok"), true}});
                     });
        server.listen(QHostAddress::LocalHost, 0);
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.serverPort())); }
};

struct Watch {
    explicit Watch(LocalWorker &w)
        : listening(&w, &LocalWorker::listening)
        , exited(&w, &LocalWorker::exited)
        , states(&w, &LocalWorker::stateChanged)
        , lines(&w, &LocalWorker::logAppended)
    {}
    QSignalSpy listening;
    QSignalSpy exited;
    QSignalSpy states;
    QSignalSpy lines;

    bool waitListening(int timeoutMs = 30000)
    {
        return test::waitFor([this] { return !listening.isEmpty() || !exited.isEmpty(); }, timeoutMs)
               && !listening.isEmpty();
    }
    bool waitExited(int timeoutMs)
    {
        return test::waitFor([this] { return !exited.isEmpty(); }, timeoutMs);
    }
    QList<LocalWorker::State> stateList() const
    {
        QList<LocalWorker::State> out;
        for (const auto &args : states)
            out.append(args.at(0).value<LocalWorker::State>());
        return out;
    }
    QStringList lineList() const
    {
        QStringList out;
        for (const auto &args : lines)
            out.append(args.at(0).toString());
        return out;
    }
};

}  // namespace

class TestLocalWorker : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void arguments_carrySettingsButNeverTheToken();
    void environment_dropsInheritedRbeeVariablesAndAddsToken();
    void start_listensOnUrlWhoseHealthAnswers_stopExitsZero();
    void log_isBoundedToMaxLines();
    void start_missingModel_exitsTwoNamingTheFile();
    void start_withQueen_heartbeatsCarryTokenFromEnvironment();
    void stop_workerIgnoringSigterm_isKilledAfterTimeout();
    void start_missingBinary_reportsExitWithError();
    void start_whileRunning_isRefused();
    void start_withDeviceCpu_healthReportsTheCpu();
};

void TestLocalWorker::initTestCase()
{
    QVERIFY2(QFile::exists(test::workerBinary()), qPrintable(test::workerBinary()));
    QVERIFY2(QFile::exists(test::tinyModelPath()), qPrintable(test::tinyModelPath()));
}

void TestLocalWorker::arguments_carrySettingsButNeverTheToken()
{
    LocalWorker::Settings s;
    s.modelPath = QStringLiteral("/models/m.gguf");
    s.token = QStringLiteral("s3cret");
    QCOMPARE(LocalWorker::arguments(s),
             (QStringList{QStringLiteral("--model"), QStringLiteral("/models/m.gguf"), QStringLiteral("--port"),
                          QStringLiteral("0"), QStringLiteral("--slots"), QStringLiteral("4"), QStringLiteral("--ctx"),
                          QStringLiteral("4096")}));
    s.threads = 3;
    s.slots = 2;
    s.ctx = 1024;
    s.queenUrl = QUrl(QStringLiteral("http://127.0.0.1:7833"));
    const QStringList args = LocalWorker::arguments(s);
    QCOMPARE(args.mid(4), (QStringList{QStringLiteral("--slots"), QStringLiteral("2"), QStringLiteral("--ctx"),
                                       QStringLiteral("1024"), QStringLiteral("--threads"), QStringLiteral("3"),
                                       QStringLiteral("--queen"), QStringLiteral("http://127.0.0.1:7833")}));
    QVERIFY(!args.join(u' ').contains(QLatin1String("s3cret")));
    // A worker for a queen on another computer listens where that queen reaches it.
    s.host = QStringLiteral("192.168.1.20");
    QCOMPARE(LocalWorker::arguments(s).mid(args.size()),
             (QStringList{QStringLiteral("--host"), QStringLiteral("192.168.1.20")}));
    // The device and GPU layers chosen in the app.
    s.host.clear();
    s.device = QStringLiteral("Vulkan0");
    s.gpuLayers = QStringLiteral("all");
    QCOMPARE(LocalWorker::arguments(s).mid(args.size()),
             (QStringList{QStringLiteral("--device"), QStringLiteral("Vulkan0"), QStringLiteral("--gpu-layers"),
                          QStringLiteral("all")}));
}

void TestLocalWorker::environment_dropsInheritedRbeeVariablesAndAddsToken()
{
    qputenv("RBEE_THREADS", "7");
    qputenv("RBEE_QUEEN_URL", "http://elsewhere:1");
    LocalWorker::Settings s;
    QProcessEnvironment env = LocalWorker::environment(s);
    qunsetenv("RBEE_THREADS");
    qunsetenv("RBEE_QUEEN_URL");
    QVERIFY(!env.contains(QStringLiteral("RBEE_THREADS")));
    QVERIFY(!env.contains(QStringLiteral("RBEE_QUEEN_URL")));
    QVERIFY(!env.contains(QStringLiteral("RBEE_TOKEN")));
    QVERIFY(env.contains(QStringLiteral("PATH")));
    s.token = QStringLiteral("s3cret");
    env = LocalWorker::environment(s);
    QCOMPARE(env.value(QStringLiteral("RBEE_TOKEN")), QStringLiteral("s3cret"));
}

void TestLocalWorker::start_listensOnUrlWhoseHealthAnswers_stopExitsZero()
{
    LocalWorker worker;
    Watch watch(worker);
    QCOMPARE(worker.state(), LocalWorker::State::NotRunning);
    QVERIFY(worker.start(tinySettings()));
    QCOMPARE(worker.state(), LocalWorker::State::Starting);
    QVERIFY2(watch.waitListening(), qPrintable(worker.log().join(u'\n')));
    QCOMPARE(worker.state(), LocalWorker::State::Running);
    const QUrl url = watch.listening.at(0).at(0).toUrl();
    QCOMPARE(worker.url(), url);
    QCOMPARE(url.scheme(), QStringLiteral("http"));
    QCOMPARE(url.host(), QStringLiteral("127.0.0.1"));
    QVERIFY(url.port() > 0);
    QVERIFY(worker.processId() > 0);

    const auto health = test::httpRequest("GET", url.resolved(QUrl(QStringLiteral("/health"))));
    QCOMPARE(health.status, 200);
    QCOMPARE(health.json.value(QStringLiteral("model")).toString(), QStringLiteral("tiny"));
    QCOMPARE(health.json.value(QStringLiteral("slots_total")).toInt(), 1);

    worker.stop();
    QCOMPARE(worker.state(), LocalWorker::State::Stopping);
    QVERIFY2(watch.waitExited(10000), "the worker did not exit within 10 s of SIGTERM");
    QCOMPARE(watch.exited.at(0).at(0).toInt(), 0);
    QCOMPARE(watch.exited.at(0).at(1).toBool(), false);
    QCOMPARE(watch.exited.at(0).at(2).toString(), QString());
    QCOMPARE(worker.state(), LocalWorker::State::NotRunning);
    QCOMPARE(watch.stateList(),
             (QList<LocalWorker::State>{LocalWorker::State::Starting, LocalWorker::State::Running,
                                        LocalWorker::State::Stopping, LocalWorker::State::NotRunning}));
    QCOMPARE(worker.url(), url);  // kept after exit, for matching the registry's record
    QVERIFY(worker.log().contains(QStringLiteral("rbee-worker listening on ") + url.toString()));
}

void TestLocalWorker::log_isBoundedToMaxLines()
{
    LocalWorker worker;
    QCOMPARE(worker.maxLogLines(), LocalWorker::kDefaultMaxLogLines);
    worker.setMaxLogLines(2);
    Watch watch(worker);
    QVERIFY(worker.start(tinySettings()));
    QVERIFY2(watch.waitListening(), qPrintable(worker.log().join(u'\n')));
    // "listening on", then "model ... loaded" from the engine; stopping adds "shutting down".
    QVERIFY2(test::waitFor([&] { return watch.lines.size() >= 2; }, 30000), qPrintable(worker.log().join(u'\n')));
    worker.stop();
    QVERIFY(watch.waitExited(10000));
    const QStringList all = watch.lineList();
    QVERIFY2(all.size() > 2, qPrintable(all.join(u'\n')));
    QCOMPARE(worker.log(), all.mid(all.size() - 2));
    worker.setMaxLogLines(1);
    QCOMPARE(worker.log(), all.mid(all.size() - 1));
}

void TestLocalWorker::start_missingModel_exitsTwoNamingTheFile()
{
    QTemporaryDir dir;
    const QString missing = dir.filePath(QStringLiteral("no-such-model.gguf"));
    LocalWorker worker;
    Watch watch(worker);
    LocalWorker::Settings s = tinySettings();
    s.modelPath = missing;
    QVERIFY(worker.start(s));
    QVERIFY2(watch.waitExited(15000), "the worker did not exit");
    QCOMPARE(watch.exited.at(0).at(0).toInt(), 2);
    QCOMPARE(watch.exited.at(0).at(1).toBool(), false);
    const QString lastError = watch.exited.at(0).at(2).toString();
    QVERIFY2(lastError.contains(missing), qPrintable(lastError));
    QVERIFY2(!lastError.startsWith(QLatin1String("rbee-worker:")), qPrintable(lastError));
    QCOMPARE(worker.lastError(), lastError);
    QVERIFY(watch.listening.isEmpty());
    QCOMPARE(worker.state(), LocalWorker::State::NotRunning);
    QVERIFY(worker.url().isEmpty());
}

void TestLocalWorker::start_withQueen_heartbeatsCarryTokenFromEnvironment()
{
    FakeQueen queen;
    // A token in the app's own environment must not win over the settings.
    qputenv("RBEE_TOKEN", "from-the-app-environment");
    LocalWorker worker;
    Watch watch(worker);
    LocalWorker::Settings s = tinySettings();
    s.queenUrl = queen.url();
    s.token = QStringLiteral("s3cret-token");
    QVERIFY(worker.start(s));
    qunsetenv("RBEE_TOKEN");
    QVERIFY2(watch.waitListening(), qPrintable(worker.log().join(u'\n')));
    QVERIFY2(test::waitFor([&] { return !queen.beats.isEmpty(); }, 15000), "no heartbeat arrived");
    QCOMPARE(queen.authorizations.first(), QByteArray("Bearer s3cret-token"));
    // The app finds the worker's registry record by its url.
    QCOMPARE(queen.beats.first().value(QStringLiteral("url")).toString(), worker.url().toString());

#ifdef Q_OS_LINUX
    QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(worker.processId()));
    QVERIFY(cmdline.open(QIODevice::ReadOnly));
    const QByteArray args = cmdline.readAll();
    QVERIFY(args.contains(QFile::encodeName(queen.url().toString())));
    QVERIFY(!args.contains("s3cret-token"));
#endif

    worker.stop();
    QVERIFY(watch.waitExited(10000));
    QCOMPARE(watch.exited.at(0).at(0).toInt(), 0);
    for (const QByteArray &authorization : std::as_const(queen.authorizations))
        QCOMPARE(authorization, QByteArray("Bearer s3cret-token"));
}

void TestLocalWorker::stop_workerIgnoringSigterm_isKilledAfterTimeout()
{
    QTemporaryDir dir;
    const QString script = dir.filePath(QStringLiteral("stubborn-worker"));
    QFile f(script);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("#!/bin/sh\n"
            "trap '' TERM\n"
            "echo 'rbee-worker listening on http://127.0.0.1:9'\n"
            "while :; do sleep 0.1; done\n");
    f.close();
    QVERIFY(f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));

    LocalWorker worker;
    worker.setKillTimeout(300);
    Watch watch(worker);
    LocalWorker::Settings s = tinySettings();
    s.workerBinary = script;
    QVERIFY(worker.start(s));
    QVERIFY(watch.waitListening(10000));
    QCOMPARE(worker.url(), QUrl(QStringLiteral("http://127.0.0.1:9")));
    worker.stop();
    QVERIFY2(watch.waitExited(5000), "the worker was not killed");
    QCOMPARE(watch.exited.at(0).at(1).toBool(), true);
    QVERIFY(worker.log().last().contains(QLatin1String("killing it")));
}

void TestLocalWorker::start_missingBinary_reportsExitWithError()
{
    LocalWorker worker;
    Watch watch(worker);
    LocalWorker::Settings s = tinySettings();
    s.workerBinary = QStringLiteral("/nonexistent/rbee-worker");
    QVERIFY(worker.start(s));
    QVERIFY(watch.waitExited(5000));
    QCOMPARE(watch.exited.at(0).at(1).toBool(), true);
    const QString lastError = watch.exited.at(0).at(2).toString();
    QVERIFY2(lastError.startsWith(QLatin1String("cannot start /nonexistent/rbee-worker")), qPrintable(lastError));
    QCOMPARE(worker.state(), LocalWorker::State::NotRunning);
}

void TestLocalWorker::start_whileRunning_isRefused()
{
    LocalWorker worker;
    Watch watch(worker);
    QVERIFY(worker.start(tinySettings()));
    QVERIFY(!worker.start(tinySettings()));
    QVERIFY(watch.waitListening());
    worker.stop();
    QVERIFY(watch.waitExited(10000));
    QCOMPARE(watch.exited.count(), 1);
}

void TestLocalWorker::start_withDeviceCpu_healthReportsTheCpu()
{
    LocalWorker worker;
    Watch watch(worker);
    LocalWorker::Settings s = tinySettings();
    s.device = QStringLiteral("CPU");
    QVERIFY(worker.start(s));
    QVERIFY2(watch.waitListening(), qPrintable(worker.log().join(u'\n')));
    const auto health = test::httpRequest("GET", worker.url().resolved(QUrl(QStringLiteral("/health"))));
    QCOMPARE(health.status, 200);
    QCOMPARE(health.json.value(QStringLiteral("device")).toString(), QStringLiteral("CPU"));
    QCOMPARE(health.json.value(QStringLiteral("backend")).toString(), QStringLiteral("CPU"));
#ifdef Q_OS_LINUX
    // The CPU is also the default where there is no GPU: the command line shows it was asked for.
    QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(worker.processId()));
    QVERIFY(cmdline.open(QIODevice::ReadOnly));
    QVERIFY2(cmdline.readAll().contains(QByteArray("--device\0CPU\0", 13)), "no --device CPU on the command line");
#endif
    worker.stop();
    QVERIFY(watch.waitExited(10000));
    QCOMPARE(watch.exited.at(0).at(0).toInt(), 0);
}

QTEST_GUILESS_MAIN(TestLocalWorker)
#include "tst_localworker.moc"

// rbee-worker as a process: bad command lines and model files exit 2 with one clear line;
// heartbeats reach a queen endpoint with the full payload and at every status change; the
// chat-template override; SIGTERM drains, sends a stopping heartbeat and exits 0; while it drains,
// new jobs get 503 worker_stopping with Retry-After and /health says stopping.
#include "serverprocess.h"

#include "core/http/httpserver.h"
#include "core/json.h"
#include "core/protocol/heartbeat.h"
#include "core/protocol/streamevents.h"
#include "core/sse/sseparser.h"

#include <QDataStream>
#include <QFileInfo>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace rbee;
using namespace rbee::test;

namespace {
// A queen stand-in: records every heartbeat it receives.
struct FakeQueen {
    core::HttpServer server;
    QList<core::Heartbeat> beats;
    QList<QByteArray> authorizations;
    QList<QString> rejected;

    FakeQueen()
    {
        server.route("POST", QStringLiteral("/v1/worker-heartbeat"),
                     [this](core::HttpRequest r, core::HttpResponder s) {
                         const auto body = core::parseJsonObject(r.body);
                         const auto hb = body ? core::Heartbeat::fromJson(body.value())
                                              : core::Result<core::Heartbeat>(body.error());
                         if (!hb) {
                             rejected.append(hb.error().message);
                             s.sendError(hb.error());
                             return;
                         }
                         beats.append(hb.value());
                         authorizations.append(r.header("authorization"));
                         s.sendJson(200, {{QStringLiteral("ok"), true}});
                     });
        server.listen(QHostAddress::LocalHost, 0);
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(server.serverPort()); }
    bool sawStatus(core::WorkerStatus status) const
    {
        return std::any_of(beats.begin(), beats.end(), [&](const auto &b) { return b.status == status; });
    }
};

struct ExitResult {
    int code = -1;
    QByteArray err;
};

ExitResult runToExit(const QStringList &args, int timeoutMs = 30000)
{
    QProcess p;
    p.start(workerBinary(), args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return {};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardError()};
}

// A syntactically valid GGUF v3 file with no tensors and an architecture llama.cpp does not know.
QByteArray ggufWithArchitecture(const QByteArray &arch)
{
    QByteArray out;
    QDataStream s(&out, QIODevice::WriteOnly);
    s.setByteOrder(QDataStream::LittleEndian);
    s.writeRawData("GGUF", 4);
    s << quint32(3) << quint64(0) << quint64(1);  // version, tensors, key-value pairs
    const QByteArray key("general.architecture");
    s << quint64(key.size());
    s.writeRawData(key.constData(), int(key.size()));
    s << quint32(8) << quint64(arch.size());  // GGUF_TYPE_STRING
    s.writeRawData(arch.constData(), int(arch.size()));
    return out;
}
}  // namespace

class TestWorkerLifecycle : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void badModel_exits2WithOneLineNamingFileAndReason_data()
    {
        QTest::addColumn<QByteArray>("content");  // empty = do not create the file
        QTest::addColumn<QString>("reason");
        QTest::newRow("missing file") << QByteArray() << QStringLiteral("no such file");
        QTest::newRow("not gguf") << QByteArray("this is not a model\n") << QStringLiteral("not a GGUF file");
        QTest::newRow("unknown architecture")
            << ggufWithArchitecture("rbee-unknown-arch") << QStringLiteral("rbee-unknown-arch");
    }
    void badModel_exits2WithOneLineNamingFileAndReason()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("model.gguf"));
        if (!content.isEmpty()) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(content);
        }
        const auto r = runToExit({QStringLiteral("--model"), path, QStringLiteral("--threads"), QStringLiteral("1")});
        QCOMPARE(r.code, 2);
        const QList<QByteArray> errorLines = [&] {
            QList<QByteArray> lines;
            for (const auto &l : r.err.split('\n')) {
                if (l.startsWith("rbee-worker: error:"))
                    lines.append(l);
            }
            return lines;
        }();
        QCOMPARE(errorLines.size(), 1);
        QVERIFY2(errorLines.first().contains(path.toUtf8()), r.err.constData());
        QVERIFY2(errorLines.first().contains(reason.toUtf8()), r.err.constData());
    }

    void badOption_exits2_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no model") << QStringList{};
        QTest::newRow("slots 0") << QStringList{QStringLiteral("--model"), tinyModelPath(), QStringLiteral("--slots"),
                                                QStringLiteral("0")};
        QTest::newRow("port text") << QStringList{QStringLiteral("--model"), tinyModelPath(), QStringLiteral("--port"),
                                                  QStringLiteral("x")};
        QTest::newRow("queen not url") << QStringList{QStringLiteral("--model"), tinyModelPath(),
                                                      QStringLiteral("--queen"), QStringLiteral("nowhere")};
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--model"), tinyModelPath(),
                                                       QStringLiteral("--bogus")};
    }
    void badOption_exits2()
    {
        QFETCH(QStringList, args);
        const auto r = runToExit(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.startsWith("rbee-worker: error:"), r.err.constData());
    }

    // The queen would refuse every heartbeat with a longer id or model name (protocol.md, Heartbeat).
    void nameOverHeartbeatLimit_exits2WithOneLineNamingOptionAndLimit_data()
    {
        QTest::addColumn<QString>("option");
        QTest::newRow("worker-id") << QStringLiteral("worker-id");
        QTest::newRow("model-name") << QStringLiteral("model-name");
    }
    void nameOverHeartbeatLimit_exits2WithOneLineNamingOptionAndLimit()
    {
        QFETCH(QString, option);
        const auto r = runToExit({QStringLiteral("--model"), tinyModelPath(), QStringLiteral("--threads"),
                                  QStringLiteral("1"), QString(QStringLiteral("--") + option), QString(129, u'w')});
        QCOMPARE(r.code, 2);
        const QList<QByteArray> lines = r.err.trimmed().split('\n');
        const QByteArray expected =
            "rbee-worker: error: --" + option.toUtf8() + " must be at most 128 characters, got 129";
        QVERIFY2(lines.first() == expected, r.err.constData());
    }

    void longModelFileName_isShortenedAndAcceptedByTheQueen()
    {
        QTemporaryDir dir;
        const QString stem = QString(180, u'm') + QStringLiteral("-Q4_K_M");
        const QString link = dir.filePath(stem + QStringLiteral(".gguf"));
        QVERIFY(QFile::link(QFileInfo(tinyModelPath()).absoluteFilePath(), link));
        FakeQueen queen;
        WorkerProcess worker;
        QVERIFY2(worker.start({QStringLiteral("--model"), link, QStringLiteral("--queen"), queen.url(),
                               QStringLiteral("--threads"), QStringLiteral("1")}),
                 qPrintable(worker.errorString()));
        QVERIFY2(waitFor([&] { return !queen.beats.isEmpty() || !queen.rejected.isEmpty(); }, 20000),
                 qPrintable(QString::fromUtf8(worker.stderrText())));
        QVERIFY2(queen.rejected.isEmpty(), qPrintable(queen.rejected.join(u'\n')));
        const QString model = queen.beats.first().model;
        QCOMPARE(model.size(), core::Heartbeat::kMaxNameChars);
        QVERIFY2(stem.startsWith(model.section(u'~', 0, 0)) && model.endsWith(QLatin1String("mmm-Q4_K_M")),
                 qPrintable(model));
    }

    void unknownChatTemplate_exits2()
    {
        const auto r =
            runToExit({QStringLiteral("--model"), tinyModelPath(), QStringLiteral("--threads"), QStringLiteral("1"),
                       QStringLiteral("--chat-template"), QStringLiteral("no-such-template")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("no-such-template"), r.err.constData());
    }

    void chatTemplateOverride_formatsMessages()
    {
        WorkerProcess worker;
        QVERIFY2(worker.start({QStringLiteral("--model"), tinyModelPath(), QStringLiteral("--chat-template"),
                               QStringLiteral("chatml")}),
                 qPrintable(worker.errorString()));
        QVERIFY2(worker.waitReady(), qPrintable(worker.errorString()));
        const QJsonArray messages{QJsonObject{{QStringLiteral("role"), QStringLiteral("system")},
                                              {QStringLiteral("content"), QStringLiteral("Be brief.")}},
                                  QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                              {QStringLiteral("content"), QStringLiteral("Hello")}}};
        const auto r = postJson(worker.url(QStringLiteral("/v1/inference")),
                                {{QStringLiteral("messages"), messages}, {QStringLiteral("max_tokens"), 4}});
        QCOMPARE(r.status, 200);
        const auto s = readStream(worker.url(r.json.value(QStringLiteral("sse_url")).toString()));
        QVERIFY(s.done);
        const auto started = core::StartedEvent::fromSse(s.events.first());
        QVERIFY(started);
        // chatml wraps each message in <|im_start|>role ... <|im_end|>: far more tokens than the words.
        QVERIFY2(started->promptTokens > 12, qPrintable(QString::number(started->promptTokens)));
    }

    void heartbeats_fullPayload_statusChangesAtOnce_stoppingOnSigterm()
    {
        FakeQueen queen;
        WorkerProcess worker;
        // A long interval: every heartbeat after the first ones comes from a status change.
        QVERIFY2(worker.start({QStringLiteral("--model"), tinyModelPath(), QStringLiteral("--queen"), queen.url(),
                               QStringLiteral("--token"), QStringLiteral("s3cret"), QStringLiteral("--heartbeat-ms"),
                               QStringLiteral("600000"), QStringLiteral("--slots"), QStringLiteral("2"),
                               QStringLiteral("--worker-id"), QStringLiteral("w-test"), QStringLiteral("--ctx"),
                               QStringLiteral("16384")}),
                 qPrintable(worker.errorString()));
        QVERIFY2(waitFor([&] { return queen.sawStatus(core::WorkerStatus::Ready); }, 20000),
                 qPrintable(QString::fromUtf8(worker.stderrText())));
        QVERIFY2(queen.rejected.isEmpty(), qPrintable(queen.rejected.join(u'\n')));
        QCOMPARE(queen.beats.first().status, core::WorkerStatus::Loading);
        const core::Heartbeat &hb = queen.beats.last();
        QCOMPARE(hb.workerId, QStringLiteral("w-test"));
        QCOMPARE(hb.model, QStringLiteral("tiny"));
        QCOMPARE(hb.url, worker.url().toString());
        QCOMPARE(hb.device.name, QStringLiteral("CPU"));
        QCOMPARE(hb.device.backend, QStringLiteral("CPU"));
        QCOMPARE(hb.device.modelLayers, 3);
        QCOMPARE(hb.slotsTotal, 2);
        QCOMPARE(hb.ctxSize, 16384);
        QVERIFY(!hb.version.isEmpty());
        QVERIFY(qAbs(hb.sentAtMs - QDateTime::currentMSecsSinceEpoch()) < 60000);
        for (const auto &auth : queen.authorizations)
            QCOMPARE(auth, QByteArray("Bearer s3cret"));

        // Filling both slots makes the worker busy, and the queen hears it at once.
        const int before = int(queen.beats.size());
        QStringList ids;
        for (int i = 0; i < 2; ++i) {
            const auto r = postJson(worker.url(QStringLiteral("/v1/inference")),
                                    {{QStringLiteral("prompt"), QStringLiteral("Once")},
                                     {QStringLiteral("max_tokens"), 16000},
                                     {QStringLiteral("temperature"), 0}});
            QCOMPARE(r.status, 200);
            ids << r.json.value(QStringLiteral("job_id")).toString();
        }
        QVERIFY(waitFor(
            [&] {
                return queen.beats.size() > before && queen.beats.last().status == core::WorkerStatus::Busy
                       && queen.beats.last().slotsBusy == 2;
            },
            5000));

        // SIGTERM: running jobs get their grace period, are cancelled, their streams end with
        // [DONE]; the queen hears "stopping"; the process exits 0.
        bool terminated = false;
        const auto s = readStream(worker.url(QStringLiteral("/v1/inference/%1/stream").arg(ids.first())), 30000,
                                  [&](const core::SseEvent &e) {
                                      if (!terminated && e.event == QLatin1String("token")) {
                                          terminated = true;
                                          worker.terminate();
                                      }
                                      return false;
                                  });
        QVERIFY(s.done);
        QVERIFY(worker.process().waitForFinished(15000));
        QCOMPARE(worker.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(worker.process().exitCode(), 0);
        QVERIFY(waitFor([&] { return queen.sawStatus(core::WorkerStatus::Stopping); }, 2000));
        QCOMPARE(queen.beats.last().status, core::WorkerStatus::Stopping);
        const auto end = core::EndEvent::fromSse(s.named(QStringLiteral("end")).constLast());
        QVERIFY(end);
        QCOMPARE(end->stopReason, core::StopReason::Cancelled);
    }

    void sigterm_whileAJobRuns_newJobsGet503Stopping_andTheJobEndsNormally()
    {
        WorkerProcess worker;
        QVERIFY2(worker.start(
                     {QStringLiteral("--model"), tinyModelPath(), QStringLiteral("--ctx"), QStringLiteral("16384")}),
                 qPrintable(worker.errorString()));
        QVERIFY2(worker.waitReady(), qPrintable(worker.errorString()));
        auto job = [&](int maxTokens) {
            return QJsonObject{{QStringLiteral("prompt"), QStringLiteral("Once")},
                               {QStringLiteral("max_tokens"), maxTokens},
                               {QStringLiteral("temperature"), 0}};
        };
        // Size the job to this machine: the first of 200, 400, ... tokens that took half a second or
        // more here (a job's tokens get slower as its context grows), well inside the 5 s grace
        // period even when the machine slows down meanwhile.
        int tokens = 100;
        for (qint64 took = 0; took < 500 && tokens < 8000;) {
            tokens *= 2;
            QElapsedTimer timer;
            timer.start();
            const auto probe = postJson(worker.url(QStringLiteral("/v1/inference")), job(tokens));
            QCOMPARE(probe.status, 200);
            QVERIFY(readStream(worker.url(probe.json.value(QStringLiteral("sse_url")).toString())).done);
            took = timer.elapsed();
        }
        qInfo() << "a job of" << tokens << "tokens";

        const auto r = postJson(worker.url(QStringLiteral("/v1/inference")), job(tokens));
        QCOMPARE(r.status, 200);
        // The client reads its stream while the worker stops.
        QNetworkAccessManager nam;
        std::unique_ptr<QNetworkReply> stream(
            nam.get(QNetworkRequest(worker.url(r.json.value(QStringLiteral("sse_url")).toString()))));
        QByteArray streamed;
        connect(stream.get(), &QNetworkReply::readyRead, this, [&] { streamed += stream->readAll(); });
        QVERIFY(waitFor([&] { return streamed.contains("event: started"); }, 5000));
        worker.terminate();
        QVERIFY2(waitFor(
                     [&] {
                         const auto h = httpRequest("GET", worker.url(QStringLiteral("/health")), {}, {}, 2000);
                         return h.json.value(QStringLiteral("status")).toString() == QLatin1String("stopping");
                     },
                     5000),
                 "/health says stopping during the grace period");
        const auto refused = postJson(worker.url(QStringLiteral("/v1/inference")), job(4));
        QCOMPARE(refused.status, 503);
        QCOMPARE(refused.errorCode(), QStringLiteral("worker_stopping"));
        const int retryAfter = refused.header("Retry-After").toInt();
        QVERIFY2(retryAfter >= 1 && retryAfter <= 5, refused.header("Retry-After").constData());
        QCOMPARE(worker.process().state(), QProcess::Running);

        QVERIFY2(waitFor([&] { return stream->isFinished(); }, 15000), streamed.right(300).constData());
        streamed += stream->readAll();
        core::SseParser parser;
        const QList<core::SseEvent> events = parser.feed(streamed);
        QVERIFY(events.size() >= 3);
        QVERIFY(events.last().isDone());
        const auto end = core::EndEvent::fromSse(events.at(events.size() - 2));
        QVERIFY2(end, streamed.right(300).constData());
        QCOMPARE(end->stopReason, core::StopReason::Length);
        QCOMPARE(end->tokens, tokens);
        QVERIFY(worker.process().waitForFinished(10000));
        QCOMPARE(worker.process().exitCode(), 0);
    }

    void sigterm_jobEndedBeforeItsStreamWasOpened_isKeptForItsReader()
    {
        WorkerProcess worker;
        QVERIFY2(worker.start({QStringLiteral("--model"), tinyModelPath()}), qPrintable(worker.errorString()));
        QVERIFY2(worker.waitReady(), qPrintable(worker.errorString()));
        const auto r =
            postJson(worker.url(QStringLiteral("/v1/inference")), {{QStringLiteral("prompt"), QStringLiteral("Once")},
                                                                   {QStringLiteral("max_tokens"), 8},
                                                                   {QStringLiteral("temperature"), 0}});
        QCOMPARE(r.status, 200);
        worker.terminate();
        // The job ends within the grace period; the worker waits for its client to read it.
        QVERIFY(waitFor(
            [&] {
                const auto h = httpRequest("GET", worker.url(QStringLiteral("/health")), {}, {}, 2000);
                return h.json.value(QStringLiteral("status")).toString() == QLatin1String("stopping")
                       && h.json.value(QStringLiteral("slots_busy")).toInt() == 0
                       && h.json.value(QStringLiteral("queue_depth")).toInt() == 0;
            },
            4000));
        QVERIFY2(!waitFor([&] { return worker.process().state() != QProcess::Running; }, 500),
                 "the stopping worker waits for the reader of the ended job");
        const auto s = readStream(worker.url(r.json.value(QStringLiteral("sse_url")).toString()), 10000);
        QVERIFY2(s.done, qPrintable(s.error));
        const auto end = core::EndEvent::fromSse(s.named(QStringLiteral("end")).constLast());
        QVERIFY(end);
        QCOMPARE(end->tokens, 8);
        // Read: nothing holds the worker any more.
        QVERIFY(worker.process().waitForFinished(3000));
        QCOMPARE(worker.process().exitCode(), 0);
    }

    void boundToAllAddresses_advertisesTheAddressTheQueenSees()
    {
        FakeQueen queen;
        WorkerProcess worker;
        QVERIFY2(worker.start({QStringLiteral("--model"), tinyModelPath(), QStringLiteral("--host"),
                               QStringLiteral("0.0.0.0"), QStringLiteral("--queen"), queen.url()}),
                 qPrintable(worker.errorString()));
        QVERIFY2(waitFor([&] { return queen.sawStatus(core::WorkerStatus::Ready); }, 20000),
                 qPrintable(QString::fromUtf8(worker.stderrText())));
        const QUrl advertised(queen.beats.last().url);
        QCOMPARE(advertised.host(), QStringLiteral("127.0.0.1"));
        QCOMPARE(advertised.port(), worker.url().port());
    }

    void advertiseUrl_isSentAsGiven()
    {
        FakeQueen queen;
        WorkerProcess worker;
        QVERIFY2(worker.start({QStringLiteral("--model"), tinyModelPath(), QStringLiteral("--queen"), queen.url(),
                               QStringLiteral("--advertise-url"), QStringLiteral("http://worker.lan:9000")}),
                 qPrintable(worker.errorString()));
        QVERIFY(waitFor([&] { return !queen.beats.isEmpty(); }, 20000));
        QCOMPARE(queen.beats.last().url, QStringLiteral("http://worker.lan:9000"));
    }

    void sigterm_whenIdle_exits0Promptly()
    {
        WorkerProcess worker;
        QVERIFY2(worker.start({QStringLiteral("--model"), tinyModelPath()}), qPrintable(worker.errorString()));
        QVERIFY2(worker.waitReady(), qPrintable(worker.errorString()));
        QElapsedTimer t;
        t.start();
        worker.terminate();
        QVERIFY(worker.process().waitForFinished(10000));
        QCOMPARE(worker.process().exitCode(), 0);
        QVERIFY2(t.elapsed() < 3000, "an idle worker does not wait out the grace period");
    }

    void queenDown_isRetriedQuietly_andLoggedOnce()
    {
        core::HttpServer closed;  // take a free port, then close it: nothing listens there
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const quint16 port = closed.serverPort();
        closed.stopListening();
        WorkerProcess worker;
        QVERIFY2(worker.start({QStringLiteral("--model"), tinyModelPath(), QStringLiteral("--queen"),
                               QStringLiteral("http://127.0.0.1:%1").arg(port), QStringLiteral("--heartbeat-ms"),
                               QStringLiteral("100")}),
                 qPrintable(worker.errorString()));
        QVERIFY2(worker.waitReady(), qPrintable(worker.errorString()));
        QTest::qWait(800);  // several failed heartbeats
        QCOMPARE(worker.process().state(), QProcess::Running);
        QCOMPARE(worker.stderrText().count("queen not reachable"), 1);
    }

    void unclaimedJob_isCancelledAfterTheTimeout()
    {
        WorkerProcess worker;
        QVERIFY2(worker.start({QStringLiteral("--model"), tinyModelPath(), QStringLiteral("--unclaimed-job-timeout-ms"),
                               QStringLiteral("300"), QStringLiteral("--ctx"), QStringLiteral("16384")}),
                 qPrintable(worker.errorString()));
        QVERIFY2(worker.waitReady(), qPrintable(worker.errorString()));
        const auto r =
            postJson(worker.url(QStringLiteral("/v1/inference")),
                     {{QStringLiteral("prompt"), QStringLiteral("Once")}, {QStringLiteral("max_tokens"), 16000}});
        QCOMPARE(r.status, 200);
        QVERIFY(waitFor([&] { return worker.slotsBusy() == 1; }, 5000));
        QVERIFY(waitFor([&] { return worker.slotsBusy() == 0; }, 3000));
        const QString id = r.json.value(QStringLiteral("job_id")).toString();
        QCOMPARE(httpRequest("GET", worker.url(QStringLiteral("/v1/inference/%1/stream").arg(id))).status, 404);
    }
};

QTEST_GUILESS_MAIN(TestWorkerLifecycle)
#include "tst_worker_lifecycle.moc"

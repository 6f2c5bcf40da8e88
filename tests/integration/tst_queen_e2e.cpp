// The queen end to end: a real `rbee --serve` and real rbee-workers on ephemeral ports. Workers
// appear, jobs stream through with narration, the scheduler queues, retries and routes around
// dead workers, clients that leave free their slot, and `rbee infer`/`rbee status` work.
#include "serverprocess.h"

#include "core/json.h"
#include "core/protocol/heartbeat.h"
#include "core/protocol/streamevents.h"
#include "core/scheduler/scheduler.h"

#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <memory>
#include <vector>

using namespace rbee;
using namespace rbee::test;

namespace {
struct CliResult {
    int code = -1;
    QByteArray out;
    QByteArray err;
};

CliResult runRbee(const QStringList &args, int timeoutMs = 60000)
{
    QProcess p;
    p.start(rbeeBinary(), args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

QStringList narrations(const StreamResult &s)
{
    QStringList out;
    for (const auto &e : s.named(QStringLiteral("narration")))
        out << core::parseJsonObject(e.data.toUtf8())->value(QStringLiteral("message")).toString();
    return out;
}
}  // namespace

class TestQueenE2E : public QObject {
    Q_OBJECT

private:
    static constexpr int kHeartbeatTimeoutMs = 1500;
    QueenProcess m_queen;
    WorkerProcess m_a;
    WorkerProcess m_b;

    QStringList workerArgs(const QString &name, int slots = 1)
    {
        return {QStringLiteral("--model"),        tinyModelPath(),
                QStringLiteral("--model-name"),   name,
                QStringLiteral("--queen"),        m_queen.url().toString(),
                QStringLiteral("--heartbeat-ms"), QStringLiteral("300"),
                QStringLiteral("--slots"),        QString::number(slots),
                QStringLiteral("--queue"),        QStringLiteral("0"),
                QStringLiteral("--ctx"),          QStringLiteral("16384")};
    }
    QJsonObject worker(const QString &id)
    {
        const auto r = httpRequest("GET", m_queen.url(QStringLiteral("/v1/workers")));
        for (const QJsonValue &w : r.json.value(QStringLiteral("workers")).toArray()) {
            if (w.toObject().value(QStringLiteral("worker_id")).toString() == id)
                return w.toObject();
        }
        return {};
    }
    QString workerIdOf(WorkerProcess &w)
    {
        return httpRequest("GET", w.url(QStringLiteral("/health"))).json.value(QStringLiteral("worker_id")).toString();
    }
    bool online(const QString &id, bool expected, int timeoutMs)
    {
        return waitFor(
            [&] { return worker(id).value(QStringLiteral("online")).toBool() == expected && !worker(id).isEmpty(); },
            timeoutMs, 50);
    }
    // POSTs an infer job; returns the job's stream URL or an empty URL.
    QUrl submit(const QString &model, int maxTokens, const QString &prompt = QStringLiteral("Once upon a time"),
                core::Error *error = nullptr)
    {
        const auto r =
            postJson(m_queen.url(QStringLiteral("/v1/jobs")), {{QStringLiteral("operation"), QStringLiteral("infer")},
                                                               {QStringLiteral("model"), model},
                                                               {QStringLiteral("prompt"), prompt},
                                                               {QStringLiteral("max_tokens"), maxTokens},
                                                               {QStringLiteral("temperature"), 0}});
        if (r.status != 200) {
            if (error)
                *error = core::Error{
                    core::errorCodeFromName(r.errorCode()),
                    r.json.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString()};
            return {};
        }
        return m_queen.url(r.json.value(QStringLiteral("sse_url")).toString());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_queen.start({QStringLiteral("--heartbeat-timeout-ms"), QString::number(kHeartbeatTimeoutMs),
                                QStringLiteral("--max-queue"), QStringLiteral("1")}),
                 qPrintable(m_queen.errorString()));
        QVERIFY2(m_a.start(workerArgs(QStringLiteral("tiny"))), qPrintable(m_a.errorString()));
        QVERIFY2(m_a.waitReady(), qPrintable(m_a.errorString()));
        QVERIFY2(m_b.start(workerArgs(QStringLiteral("tiny"))), qPrintable(m_b.errorString()));
        QVERIFY2(m_b.waitReady(), qPrintable(m_b.errorString()));
    }

    void workers_appearInTheRegistry()
    {
        QVERIFY(online(workerIdOf(m_a), true, 5000));
        QVERIFY(online(workerIdOf(m_b), true, 5000));
        const QJsonObject a = worker(workerIdOf(m_a));
        QCOMPARE(a.value(QStringLiteral("status")).toString(), QStringLiteral("ready"));
        QCOMPARE(a.value(QStringLiteral("url")).toString(), m_a.url().toString());
        QVERIFY(a.value(QStringLiteral("last_heartbeat_age_ms")).toInt() < 5000);
        const auto models = httpRequest("GET", m_queen.url(QStringLiteral("/v1/models")));
        QCOMPARE(models.json.value(QStringLiteral("data"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("id"))
                     .toString(),
                 QStringLiteral("tiny"));
    }

    void jobStream_narratesThenRelaysEveryTokenInOrder()
    {
        const StreamResult viaQueen = readStream(submit(QStringLiteral("tiny"), 48));
        QVERIFY(viaQueen.done);
        QCOMPARE(viaQueen.events.first().event, QStringLiteral("narration"));
        const QStringList told = narrations(viaQueen);
        QVERIFY2(told.first().startsWith(QStringLiteral("Selected worker ")), qPrintable(told.join(u'\n')));
        QVERIFY2(told.first().contains(QStringLiteral("slots busy, heartbeat ")), qPrintable(told.first()));
        QVERIFY2(told.first().contains(QStringLiteral(" by cache-aware")), qPrintable(told.first()));  // the default
        // Against the same request sent straight to a worker: the same events, in the same order.
        const auto direct = postJson(m_a.url(QStringLiteral("/v1/inference")),
                                     {{QStringLiteral("prompt"), QStringLiteral("Once upon a time")},
                                      {QStringLiteral("max_tokens"), 48},
                                      {QStringLiteral("temperature"), 0}});
        const StreamResult straight = readStream(m_a.url(direct.json.value(QStringLiteral("sse_url")).toString()));
        QCOMPARE(viaQueen.named(QStringLiteral("token")).size(), straight.named(QStringLiteral("token")).size());
        for (qsizetype i = 0; i < straight.named(QStringLiteral("token")).size(); ++i)
            QCOMPARE(viaQueen.named(QStringLiteral("token")).at(i), straight.named(QStringLiteral("token")).at(i));
        QCOMPARE(viaQueen.text(), straight.text());
        QCOMPARE(viaQueen.events.last().event, QStringLiteral("end"));
    }

    void workerId_pinsTheJob_unknownIs400_otherModelIs400()
    {
        const QString b = workerIdOf(m_b);
        QVERIFY(online(b, true, 5000));
        auto job = [](const QString &model, const QString &workerId) {
            return QJsonObject{{QStringLiteral("operation"), QStringLiteral("infer")},
                               {QStringLiteral("model"), model},
                               {QStringLiteral("worker_id"), workerId},
                               {QStringLiteral("prompt"), QStringLiteral("Once upon a time")},
                               {QStringLiteral("max_tokens"), 8}};
        };
        // The second worker, though the policy would take the first (both free).
        for (int i = 0; i < 3; ++i) {
            const auto r = postJson(m_queen.url(QStringLiteral("/v1/jobs")), job(QStringLiteral("tiny"), b));
            QVERIFY2(r.status == 200, r.body.constData());
            const StreamResult stream = readStream(m_queen.url(r.json.value(QStringLiteral("sse_url")).toString()));
            QVERIFY(stream.done);
            const QStringList told = narrations(stream);
            QVERIFY2(told.first().startsWith(QStringLiteral("Selected worker ") + b), qPrintable(told.join(u'\n')));
            QVERIFY2(told.first().contains(QStringLiteral("as asked (worker_id)")), qPrintable(told.first()));
            const auto started = core::StartedEvent::fromSse(stream.named(QStringLiteral("started")).first());
            QVERIFY(started);
            QCOMPARE(started->workerId, b);
        }
        const auto unknown =
            postJson(m_queen.url(QStringLiteral("/v1/jobs")), job(QStringLiteral("tiny"), QStringLiteral("w-nobody")));
        QCOMPARE(unknown.status, 400);
        QCOMPARE(unknown.errorCode(), QStringLiteral("bad_request"));
        QCOMPARE(unknown.json.value(QStringLiteral("error")).toObject().value(QStringLiteral("field")).toString(),
                 QStringLiteral("worker_id"));
        const auto otherModel = postJson(m_queen.url(QStringLiteral("/v1/jobs")), job(QStringLiteral("other"), b));
        QCOMPARE(otherModel.status, 400);
        QVERIFY2(otherModel.json.value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("message"))
                     .toString()
                     .contains(b),
                 otherModel.body.constData());
        const auto empty = postJson(m_queen.url(QStringLiteral("/v1/jobs")), job(QStringLiteral("tiny"), QString()));
        QCOMPARE(empty.status, 400);
    }

    void unknownModel_failsAtOnceWithTheNoWorkerMessage()
    {
        core::Error error;
        QVERIFY(submit(QStringLiteral("no-such-model"), 4, QStringLiteral("x"), &error).isEmpty());
        QCOMPARE(error.code, core::ErrorCode::NoWorker);
        QCOMPARE(error.message, core::Scheduler::noWorkerMessage(QStringLiteral("no-such-model")));
        QCOMPARE(error.message,
                 QStringLiteral("No available worker found for model 'no-such-model'. Make sure a worker "
                                "is running and has sent heartbeats to queen."));
    }

    void openAiChat_onAModelWithoutChatTemplate_continuesTheTextAs200()
    {
        // The tiny model has no chat template: the worker continues the conversation as plain
        // text, as it does for the app, instead of refusing with 400.
        const auto r =
            postJson(m_queen.url(QStringLiteral("/v1/chat/completions")),
                     {{QStringLiteral("model"), QStringLiteral("tiny")},
                      {QStringLiteral("messages"),
                       QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                              {QStringLiteral("content"), QStringLiteral("Once upon a time")}}}},
                      {QStringLiteral("max_tokens"), 8},
                      {QStringLiteral("temperature"), 0}});
        QCOMPARE(r.status, 200);
        const QJsonObject choice = r.json.value(QStringLiteral("choices")).toArray().first().toObject();
        QVERIFY2(
            !choice.value(QStringLiteral("message")).toObject().value(QStringLiteral("content")).toString().isEmpty(),
            r.body.constData());
        QVERIFY(r.json.value(QStringLiteral("usage")).toObject().value(QStringLiteral("completion_tokens")).toInt()
                > 0);
        // OpenAI's name for the prompt tokens taken from the worker's prompt cache.
        const QJsonObject details =
            r.json.value(QStringLiteral("usage")).toObject().value(QStringLiteral("prompt_tokens_details")).toObject();
        QVERIFY2(details.value(QStringLiteral("cached_tokens")).isDouble(), r.body.constData());
    }

    void jobApi_operations()
    {
        const auto bad =
            postJson(m_queen.url(QStringLiteral("/v1/jobs")), {{QStringLiteral("operation"), QStringLiteral("dance")}});
        QCOMPARE(bad.status, 400);
        QCOMPARE(bad.errorField(), QStringLiteral("operation"));
        QVERIFY(bad.body.contains("infer, status"));
        const auto status = postJson(m_queen.url(QStringLiteral("/v1/jobs")),
                                     {{QStringLiteral("operation"), QStringLiteral("status")}});
        QCOMPARE(status.status, 200);
        QCOMPARE(status.json.value(QStringLiteral("workers")).toArray().size(), 2);
        const auto badField =
            postJson(m_queen.url(QStringLiteral("/v1/jobs")), {{QStringLiteral("operation"), QStringLiteral("infer")},
                                                               {QStringLiteral("model"), QStringLiteral("tiny")},
                                                               {QStringLiteral("prompt"), QStringLiteral("x")},
                                                               {QStringLiteral("top_p"), 7}});
        QCOMPARE(badField.status, 400);
        QCOMPARE(badField.errorField(), QStringLiteral("top_p"));
    }

    void rbeeInfer_streamsTextAndRbeeStatusListsWorkers()
    {
        const auto infer = runRbee({QStringLiteral("infer"), QStringLiteral("--queen"), m_queen.url().toString(),
                                    QStringLiteral("--model"), QStringLiteral("tiny"), QStringLiteral("--prompt"),
                                    QStringLiteral("Once upon a time"), QStringLiteral("--max-tokens"),
                                    QStringLiteral("24"), QStringLiteral("--temperature"), QStringLiteral("0")});
        QCOMPARE(infer.code, 0);
        QVERIFY(infer.out.trimmed().size() > 0);
        QVERIFY2(infer.err.contains("[rbee] Selected worker"), infer.err.constData());
        QVERIFY2(infer.err.contains("24 tokens (reached the length limit)"), infer.err.constData());
        QVERIFY2(QRegularExpression(QStringLiteral("prompt [1-9][0-9]* tokens, [0-9]+ of them from the prompt cache"))
                     .match(QString::fromUtf8(infer.err))
                     .hasMatch(),
                 infer.err.constData());

        const auto missing = runRbee({QStringLiteral("infer"), QStringLiteral("--queen"), m_queen.url().toString(),
                                      QStringLiteral("--model"), QStringLiteral("nope"), QStringLiteral("--prompt"),
                                      QStringLiteral("x")});
        QCOMPARE(missing.code, core::cliExitCode(core::ErrorCode::NoWorker));
        QVERIFY(missing.err.contains("No available worker found for model 'nope'"));

        const auto unreachable = runRbee({QStringLiteral("infer"), QStringLiteral("--queen"),
                                          QStringLiteral("http://127.0.0.1:1"), QStringLiteral("--model"),
                                          QStringLiteral("tiny"), QStringLiteral("--prompt"), QStringLiteral("x")});
        QCOMPARE(unreachable.code, core::cliExitCode(core::ErrorCode::QueenUnreachable));
        QVERIFY(unreachable.err.contains("cannot reach the queen"));

        const auto status = runRbee({QStringLiteral("status"), QStringLiteral("--queen"), m_queen.url().toString()});
        QCOMPARE(status.code, 0);
        QVERIFY(status.out.contains(workerIdOf(m_a).toUtf8()));
        QVERIFY(status.out.contains(m_b.url().toString().toUtf8()));
        QVERIFY(status.out.contains("LAST HEARTBEAT"));
        QVERIFY2(status.out.contains("CTX") && status.out.contains("VERSION")
                     && status.out.contains(" " RBEE_VERSION " "),
                 status.out.constData());
        QVERIFY2(status.out.contains("A worker is offline after"), status.out.constData());
        const auto json = runRbee(
            {QStringLiteral("status"), QStringLiteral("--json"), QStringLiteral("--queen"), m_queen.url().toString()});
        QCOMPARE(core::parseJsonObject(json.out)->value(QStringLiteral("workers")).toArray().size(), 2);
    }

    void allSlotsFull_nextJobQueuesThenCompletes_andAFullQueueAnswers503()
    {
        // Each worker has one slot: two long jobs fill them.
        QList<QUrl> longJobs{submit(QStringLiteral("tiny"), 16000), submit(QStringLiteral("tiny"), 16000)};
        QVERIFY(!longJobs[0].isEmpty() && !longJobs[1].isEmpty());
        QVERIFY(waitFor([&] { return m_a.slotsBusy() == 1 && m_b.slotsBusy() == 1; }, 5000));
        const QUrl queued = submit(QStringLiteral("tiny"), 8);
        QVERIFY(!queued.isEmpty());
        // The queue holds one job (--max-queue 1): the next is refused at once.
        core::Error error;
        QVERIFY(submit(QStringLiteral("tiny"), 8, QStringLiteral("x"), &error).isEmpty());
        QCOMPARE(error.code, core::ErrorCode::WorkerBusy);
        // A client leaving the first long job frees its worker; the queued job then runs.
        readStream(longJobs[0], 10000, [](const core::SseEvent &e) { return e.event == QLatin1String("token"); });
        const StreamResult s = readStream(queued, 30000);
        QVERIFY(s.done);
        const QStringList told = narrations(s);
        QVERIFY2(told.size() >= 2 && told.first().contains(QStringLiteral("busy"))
                     && told.last().startsWith(QStringLiteral("Selected worker")),
                 qPrintable(told.join(u'\n')));
        QCOMPARE(core::EndEvent::fromSse(s.named(QStringLiteral("end")).last())->tokens, 8);
        readStream(longJobs[1], 10000, [](const core::SseEvent &e) { return e.event == QLatin1String("token"); });
        QVERIFY(waitFor([&] { return m_a.slotsBusy() == 0 && m_b.slotsBusy() == 0; }, 2000));
    }

    void fullQueue_retryAfterReflectsTheQueue_onJobsAndOpenAi()
    {
        QueenProcess queen;
        QVERIFY2(queen.start({QStringLiteral("--max-queue"), QStringLiteral("3")}), qPrintable(queen.errorString()));
        WorkerProcess worker;
        QVERIFY2(worker.start({QStringLiteral("--model"), tinyModelPath(), QStringLiteral("--queen"),
                               queen.url().toString(), QStringLiteral("--heartbeat-ms"), QStringLiteral("300"),
                               QStringLiteral("--slots"), QStringLiteral("1"), QStringLiteral("--queue"),
                               QStringLiteral("0"), QStringLiteral("--ctx"), QStringLiteral("16384")}),
                 qPrintable(worker.errorString()));
        QVERIFY2(worker.waitReady(), qPrintable(worker.errorString()));
        QVERIFY(waitFor(
            [&] { return httpRequest("GET", queen.url(QStringLiteral("/v1/models"))).body.contains("tiny"); }, 10000));
        const QJsonObject job{{QStringLiteral("operation"), QStringLiteral("infer")},
                              {QStringLiteral("model"), QStringLiteral("tiny")},
                              {QStringLiteral("prompt"), QStringLiteral("Once")},
                              {QStringLiteral("max_tokens"), 16000}};
        // One job runs on the only slot, three wait: the queue (--max-queue 3) is full.
        for (int i = 0; i < 4; ++i)
            QCOMPARE(postJson(queen.url(QStringLiteral("/v1/jobs")), job).status, 200);
        QVERIFY(waitFor(
            [&] {
                return httpRequest("GET", queen.url(QStringLiteral("/health")))
                           .json.value(QStringLiteral("queue_depth"))
                           .toInt()
                       == 3;
            },
            5000));
        // No job has ended yet, so each counts one second: (3 waiting + this one) x 1 s / 1 slot.
        const auto refused = postJson(queen.url(QStringLiteral("/v1/jobs")), job);
        QCOMPARE(refused.status, 503);
        QCOMPARE(refused.errorCode(), QStringLiteral("worker_busy"));
        QCOMPARE(refused.header("Retry-After"), QByteArray("4"));
        const auto openai = postJson(
            queen.url(QStringLiteral("/v1/chat/completions")),
            {{QStringLiteral("model"), QStringLiteral("tiny")},
             {QStringLiteral("messages"), QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                                                 {QStringLiteral("content"), QStringLiteral("Hi")}}}},
             {QStringLiteral("max_tokens"), 4}});
        QCOMPARE(openai.status, 503);
        QCOMPARE(openai.header("Retry-After"), QByteArray("4"));
    }

    void queuedJob_endsWithWorkerBusyAfterTheQueueTimeout()
    {
        QueenProcess queen;
        QVERIFY2(queen.start({QStringLiteral("--queue-timeout-ms"), QStringLiteral("400")}),
                 qPrintable(queen.errorString()));
        QStringList args = workerArgs(QStringLiteral("tiny"));
        args[args.indexOf(QStringLiteral("--queen")) + 1] = queen.url().toString();
        WorkerProcess single;
        QVERIFY2(single.start(args), qPrintable(single.errorString()));
        QVERIFY(single.waitReady());
        QVERIFY(waitFor(
            [&] { return httpRequest("GET", queen.url(QStringLiteral("/v1/models"))).body.contains("tiny"); }, 5000));
        auto job = [&](int maxTokens) {
            return postJson(queen.url(QStringLiteral("/v1/jobs")),
                            {{QStringLiteral("operation"), QStringLiteral("infer")},
                             {QStringLiteral("model"), QStringLiteral("tiny")},
                             {QStringLiteral("prompt"), QStringLiteral("Once")},
                             {QStringLiteral("max_tokens"), maxTokens}});
        };
        const auto longJob = job(16000);
        QCOMPARE(longJob.status, 200);
        QVERIFY(waitFor([&] { return single.slotsBusy() == 1; }, 5000));
        const auto waiting = job(4);
        QCOMPARE(waiting.status, 200);
        QElapsedTimer t;
        t.start();
        const StreamResult s = readStream(queen.url(waiting.json.value(QStringLiteral("sse_url")).toString()), 10000);
        QVERIFY(s.done);
        QVERIFY2(t.elapsed() >= 300, "not before the timeout");
        QCOMPARE(core::errorFromSse(s.named(QStringLiteral("error")).first()).code, core::ErrorCode::WorkerBusy);
        readStream(queen.url(longJob.json.value(QStringLiteral("sse_url")).toString()), 10000,
                   [](const core::SseEvent &e) { return e.event == QLatin1String("token"); });
    }

    void clientThatLeaves_freesTheWorkerSlotWithinASecond()
    {
        const QUrl job = submit(QStringLiteral("tiny"), 16000);
        readStream(job, 10000, [](const core::SseEvent &e) { return e.event == QLatin1String("token"); });
        QElapsedTimer t;
        t.start();
        QVERIFY(waitFor([&] { return m_a.slotsBusy() == 0 && m_b.slotsBusy() == 0; }, 1000));
        qInfo() << "slot free" << t.elapsed() << "ms after the client left";
    }

    void openAiClientThatLeaves_freesTheWorkerSlot_data()
    {
        QTest::addColumn<bool>("stream");
        QTest::newRow("streaming") << true;
        QTest::newRow("not streaming") << false;
    }

    void openAiClientThatLeaves_freesTheWorkerSlot()
    {
        QFETCH(bool, stream);
        const QByteArray body = core::toCompactJson({{QStringLiteral("model"), QStringLiteral("tiny")},
                                                     {QStringLiteral("prompt"), QStringLiteral("Once upon a time")},
                                                     {QStringLiteral("max_tokens"), 16000},
                                                     {QStringLiteral("stream"), stream}});
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, quint16(m_queen.url().port()));
        QVERIFY(socket.waitForConnected(5000));
        socket.write("POST /v1/completions HTTP/1.1\r\nHost: q\r\nContent-Type: application/json\r\nContent-Length: "
                     + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QByteArray answer;
        QVERIFY2(waitFor(
                     [&] {
                         socket.waitForReadyRead(20);
                         answer += socket.readAll();
                         return (m_a.slotsBusy() + m_b.slotsBusy() == 1) && (!stream || answer.contains("data: "));
                     },
                     10000, 1),
                 answer.constData());
        QVERIFY2(!answer.contains("[DONE]") && (stream || !answer.contains("\"choices\"")),
                 "the answer is still being written");

        socket.abort();

        QVERIFY2(waitFor([&] { return m_a.slotsBusy() == 0 && m_b.slotsBusy() == 0; }, 3000),
                 "the queen cancels the job of an OpenAI client that left");
    }

    void jobDelete_endsTheStreamCancelled_andFreesTheWorker()
    {
        auto jobPath = [](const QUrl &stream) -> QString {
            return QStringLiteral("/v1/jobs/") + stream.path().section(u'/', 3, 3);
        };
        // A running job: its stream ends with `end` (cancelled) and [DONE], and the slot frees.
        const QUrl running = submit(QStringLiteral("tiny"), 16000);
        QVERIFY(!running.isEmpty());
        bool deleted = false;
        QJsonObject answer;
        const StreamResult s = readStream(running, 20000, [&](const core::SseEvent &e) {
            if (!deleted && e.event == QLatin1String("token")) {
                deleted = true;
                // Outside this callback: the DELETE's own event loop must not re-enter the reader.
                QTimer::singleShot(0, [&] { answer = httpRequest("DELETE", m_queen.url(jobPath(running))).json; });
            }
            return false;
        });
        QVERIFY(deleted);
        QCOMPARE(answer.value(QStringLiteral("status")).toString(), QStringLiteral("cancelling"));
        QVERIFY2(s.done, qPrintable(s.error));
        QCOMPARE(s.named(QStringLiteral("end")).size(), 1);
        QCOMPARE(s.events.last().event, QStringLiteral("end"));
        const auto end = core::EndEvent::fromSse(s.events.last());
        QVERIFY(end);
        QCOMPARE(end->stopReason, core::StopReason::Cancelled);
        QVERIFY2(end->tokens >= 1 && end->tokens < 16000, qPrintable(QString::number(end->tokens)));
        QCOMPARE(core::TokenEvent::fromSse(s.named(QStringLiteral("token")).last())->index + 1, end->tokens);
        QVERIFY(waitFor([&] { return m_a.slotsBusy() == 0 && m_b.slotsBusy() == 0; }, 2000));

        // A queued job, cancelled before any worker took it: the stream opened afterwards says so.
        QList<QUrl> longJobs{submit(QStringLiteral("tiny"), 16000), submit(QStringLiteral("tiny"), 16000)};
        QVERIFY(waitFor([&] { return m_a.slotsBusy() == 1 && m_b.slotsBusy() == 1; }, 5000));
        const QUrl queued = submit(QStringLiteral("tiny"), 8);
        QVERIFY(!queued.isEmpty());
        const auto cancelled = httpRequest("DELETE", m_queen.url(jobPath(queued)));
        QCOMPARE(cancelled.status, 200);
        QCOMPARE(cancelled.json.value(QStringLiteral("status")).toString(), QStringLiteral("cancelling"));
        const StreamResult q = readStream(queued, 5000);
        QVERIFY(q.done);
        QVERIFY(q.named(QStringLiteral("started")).isEmpty());
        QCOMPARE(q.events.last().event, QStringLiteral("end"));
        QCOMPARE(core::EndEvent::fromSse(q.events.last())->stopReason, core::StopReason::Cancelled);
        QCOMPARE(core::EndEvent::fromSse(q.events.last())->tokens, 0);
        for (const QUrl &job : longJobs)
            QCOMPARE(httpRequest("DELETE", m_queen.url(jobPath(job))).status, 200);
        QVERIFY(waitFor([&] { return m_a.slotsBusy() == 0 && m_b.slotsBusy() == 0; }, 2000));

        const auto unknown = httpRequest("DELETE", m_queen.url(QStringLiteral("/v1/jobs/no-such-job")));
        QCOMPARE(unknown.status, 404);
        QCOMPARE(unknown.errorCode(), QStringLiteral("not_found"));
    }

    void refusingWorker_isSkippedWithNarration()
    {
        // A "worker" whose url refuses connections registers first for model "retry".
        core::Heartbeat ghost;
        ghost.workerId = QStringLiteral("w-ghost");
        ghost.model = QStringLiteral("retry");
        ghost.url = QStringLiteral("http://127.0.0.1:1");
        ghost.status = core::WorkerStatus::Ready;
        ghost.slotsTotal = 4;
        ghost.ctxSize = 4096;
        ghost.version = QStringLiteral("test");
        ghost.sentAtMs = QDateTime::currentMSecsSinceEpoch();
        QCOMPARE(postJson(m_queen.url(QStringLiteral("/v1/worker-heartbeat")), ghost.toJson()).status, 200);
        WorkerProcess real;
        QVERIFY2(real.start(workerArgs(QStringLiteral("retry"))), qPrintable(real.errorString()));
        QVERIFY(real.waitReady());
        QVERIFY(online(workerIdOf(real), true, 5000));
        ghost.sentAtMs = QDateTime::currentMSecsSinceEpoch();
        QCOMPARE(postJson(m_queen.url(QStringLiteral("/v1/worker-heartbeat")), ghost.toJson()).status, 200);
        const StreamResult s = readStream(submit(QStringLiteral("retry"), 8));
        QVERIFY(s.done);
        const QStringList told = narrations(s);
        QVERIFY2(told.size() == 3, qPrintable(told.join(u'\n')));
        QVERIFY(told[0].startsWith(QStringLiteral("Selected worker w-ghost")));
        QVERIFY2(told[1].contains(QStringLiteral("Worker w-ghost refused the job (Failed to send request to worker: ")),
                 qPrintable(told[1]));
        QVERIFY(told[2].startsWith(QStringLiteral("Selected worker ") + workerIdOf(real)));
        QCOMPARE(core::EndEvent::fromSse(s.named(QStringLiteral("end")).last())->tokens, 8);
    }

    void workerKilledMidStream_endsTheStreamWithWorkerLost()
    {
        WorkerProcess victim;
        QVERIFY2(victim.start(workerArgs(QStringLiteral("victim"))), qPrintable(victim.errorString()));
        QVERIFY(victim.waitReady());
        QVERIFY(online(workerIdOf(victim), true, 5000));
        QElapsedTimer sinceKill;
        bool killed = false;
        const StreamResult s = readStream(submit(QStringLiteral("victim"), 16000), 20000, [&](const core::SseEvent &e) {
            if (!killed && e.event == QLatin1String("token")) {
                killed = true;
                victim.kill();
                sinceKill.start();
            }
            return false;
        });
        QVERIFY(killed);
        QVERIFY(s.done);
        QVERIFY2(sinceKill.elapsed() < 2000, qPrintable(QString::number(sinceKill.elapsed())));
        const auto errors = s.named(QStringLiteral("error"));
        QCOMPARE(errors.size(), 1);
        QCOMPARE(core::errorFromSse(errors.first()).code, core::ErrorCode::WorkerLost);
        QVERIFY(s.named(QStringLiteral("end")).isEmpty());
    }

    void killedWorker_turnsOfflineWithinTheTimeout_andJobsGoToTheOther()
    {
        const QString idA = workerIdOf(m_a);
        const QString idB = workerIdOf(m_b);
        m_a.kill();
        QElapsedTimer t;
        t.start();
        QVERIFY(online(idA, false, kHeartbeatTimeoutMs + 2000));
        qInfo() << "offline after" << t.elapsed() << "ms";
        QVERIFY(worker(idA)
                    .value(QStringLiteral("offline_reason"))
                    .toString()
                    .startsWith(QStringLiteral("no heartbeat for")));
        const StreamResult s = readStream(submit(QStringLiteral("tiny"), 4));
        QVERIFY(s.done);
        QVERIFY2(narrations(s).first().startsWith(QStringLiteral("Selected worker ") + idB),
                 qPrintable(narrations(s).first()));
    }

    void metrics_countJobsHeartbeatsAndTokens()
    {
        const auto r = httpRequest("GET", m_queen.url(QStringLiteral("/metrics")));
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.contains("rbee_jobs_total{outcome=\"completed\"}"));
        QVERIFY(!r.body.contains("rbee_jobs_total{outcome=\"completed\"} 0\n"));
        QVERIFY2(!r.body.contains("rbee_workers{status=\"offline\"} 0\n"), r.body.constData());
        QVERIFY(!r.body.contains("rbee_tokens_relayed_total 0\n"));
        QVERIFY(r.body.contains("rbee_time_to_first_token_seconds_count"));
        QVERIFY(!r.body.contains("rbee_heartbeats_total{result=\"accepted\",reason=\"\"} 0\n"));
    }

    void token_isRequiredEverywhereButHealth()
    {
        QueenProcess guarded;
        QVERIFY2(guarded.start({QStringLiteral("--token"), QStringLiteral("s3cret")}),
                 qPrintable(guarded.errorString()));
        QCOMPARE(httpRequest("GET", guarded.url(QStringLiteral("/health"))).status, 200);
        const auto noToken = httpRequest("GET", guarded.url(QStringLiteral("/v1/workers")));
        QCOMPARE(noToken.status, 401);
        QCOMPARE(noToken.errorCode(), QStringLiteral("unauthorized"));
        QCOMPARE(httpRequest("GET", guarded.url(QStringLiteral("/v1/workers")), {}, {{"Authorization", "Bearer wrong"}})
                     .status,
                 401);
        QCOMPARE(
            httpRequest("GET", guarded.url(QStringLiteral("/v1/workers")), {}, {{"Authorization", "Bearer s3cret"}})
                .status,
            200);
        QCOMPARE(httpRequest("POST", guarded.url(QStringLiteral("/v1/worker-heartbeat")), "{}").status, 401);
        const auto openai = httpRequest("GET", guarded.url(QStringLiteral("/v1/models")));
        QCOMPARE(openai.status, 401);
        QCOMPARE(openai.json.value(QStringLiteral("error")).toObject().value(QStringLiteral("type")).toString(),
                 QStringLiteral("authentication_error"));
        QVERIFY(!guarded.stderrText().contains("s3cret"));
    }

    void manyWorkersOnKeepAliveConnections_areAllAccepted()
    {
        // Each worker keeps its heartbeat connection open; the queen takes far more than 512.
        constexpr int kWorkers = 700;
        std::vector<std::unique_ptr<QTcpSocket>> sockets;
        for (int i = 0; i < kWorkers; ++i) {
            core::Heartbeat hb;
            hb.workerId = QStringLiteral("sim-%1").arg(i);
            hb.model = QStringLiteral("sim");
            hb.url = QStringLiteral("http://10.9.%1.%2:9000").arg(i / 250).arg(i % 250);
            hb.status = core::WorkerStatus::Ready;
            hb.slotsTotal = 1;
            hb.ctxSize = 1;
            hb.version = QStringLiteral("test");
            hb.sentAtMs = QDateTime::currentMSecsSinceEpoch();
            const QByteArray body = core::toCompactJson(hb.toJson());
            auto socket = std::make_unique<QTcpSocket>();
            socket->connectToHost(QHostAddress::LocalHost, quint16(m_queen.url().port()));
            QVERIFY(socket->waitForConnected(5000));
            socket->write("POST /v1/worker-heartbeat HTTP/1.1\r\nHost: q\r\nContent-Type: application/json\r\n"
                          "Content-Length: "
                          + QByteArray::number(body.size()) + "\r\n\r\n" + body);
            sockets.push_back(std::move(socket));
        }
        int accepted = 0;
        for (auto &socket : sockets) {
            QByteArray answer;
            waitFor(
                [&] {
                    socket->waitForReadyRead(20);
                    answer += socket->readAll();
                    return answer.contains("\r\n\r\n");
                },
                5000, 1);
            accepted += answer.startsWith("HTTP/1.1 200");
        }
        QCOMPARE(accepted, kWorkers);
        for (auto &socket : sockets)
            socket->abort();
        for (int i = 0; i < kWorkers; ++i)
            httpRequest("DELETE", m_queen.url(QStringLiteral("/v1/workers/sim-%1").arg(i)));
    }

    void badHeartbeat_returns400NamingTheField()
    {
        const auto r = httpRequest(
            "POST", m_queen.url(QStringLiteral("/v1/worker-heartbeat")),
            "{\"worker_id\":\"w\",\"model\":\"m\",\"url\":\"http://h:1\",\"device\":\"cpu\",\"status\":\"dancing\","
            "\"slots_total\":1,\"slots_busy\":0,\"queue_depth\":0,\"ctx_size\":1,\"tokens_per_s\":0,"
            "\"version\":\"v\",\"sent_at_ms\":1}");
        QCOMPARE(r.status, 400);
        QCOMPARE(r.errorField(), QStringLiteral("status"));
    }
};

QTEST_GUILESS_MAIN(TestQueenE2E)
#include "tst_queen_e2e.moc"

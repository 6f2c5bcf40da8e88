// RemoteQueenConnection against a real `rbee --serve` (with a token) and a real rbee-worker on the
// tiny model: the mirrored worker table follows GET /v1/events, jobs go through the queen's job
// API (narration, a pinned worker, cancel, no worker), a wrong token is reported and retried, and
// after the queen is killed and started again on the same port the link comes back by itself.
#include "serverprocess.h"

#include "core/client/remotequeenconnection.h"
#include "core/protocol/streamevents.h"
#include "core/registry/workerregistry.h"

#include <QElapsedTimer>
#include <QProcessEnvironment>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace rbee;
using namespace rbee::test;
using core::QueenConnection;
using core::RemoteQueenConnection;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

const QString kToken = s("remote-test-token");
// The queen's keep-alive comment interval in this suite, and the client's silence limit to match.
constexpr int kKeepAliveMs = 300;
constexpr int kSilenceLimitMs = kKeepAliveMs * 5 / 2;

// What one job delivered, read through a QueenConnection.
struct JobResult {
    QList<core::SseEvent> events;
    bool ended = false;

    QStringList names() const
    {
        QStringList out;
        for (const auto &e : events)
            out << e.event;
        return out;
    }
    QList<core::SseEvent> named(const QString &name) const
    {
        QList<core::SseEvent> out;
        for (const auto &e : events) {
            if (e.event == name)
                out << e;
        }
        return out;
    }
};

// Runs one job to its end; `onEvent` may act on the job (cancel it).
JobResult runJob(QueenConnection &queen, const core::JobSubmission &submission, int timeoutMs = 60000,
                 const std::function<void(core::JobStream *, const core::SseEvent &)> &onEvent = {})
{
    JobResult result;
    QObject owner;
    core::JobStream *job = queen.newJob(submission, &owner);
    QObject::connect(job, &core::JobStream::eventReceived, &owner, [&](const core::SseEvent &e) {
        result.events << e;
        if (onEvent)
            onEvent(job, e);
    });
    QObject::connect(job, &core::JobStream::ended, &owner, [&] { result.ended = true; });
    job->start();
    waitFor([&] { return result.ended; }, timeoutMs);
    return result;
}

core::JobSubmission submission(const QString &model, int maxTokens, const QString &workerId = {})
{
    core::JobSubmission sub;
    sub.model = model;
    sub.workerId = workerId;
    sub.request.prompt = s("Once upon a time");
    sub.request.sampling.maxTokens = maxTokens;
    sub.request.sampling.temperature = 0.0;
    return sub;
}

}  // namespace

class TestRemoteQueen : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void mirror_getsTheWorker_andFollowsItsChanges();
    void keepAliveComments_keepASilentLinkUp_andAgesStayFresh();
    void job_streamsNarrationStartedTokensEnd();
    void job_pinnedToAWorker_runsThere();
    void job_cancelled_endsCancelled();
    void job_unknownModel_isANoWorkerErrorThenEnded();
    void silentStream_isTakenAsBroken_andReopened();
    void refusedStream_isRetriedWithDoublingDelays();
    void wrongToken_isReportedAs401_withNoWorkers();
    void queenKilledAndRestartedOnItsPort_linkAndWorkerComeBackByThemselves();
    void cleanupTestCase();

private:
    bool startQueen(int port = 0);
    bool waitConnectedWithWorker(RemoteQueenConnection &remote, int timeoutMs);
    const core::WorkerRecord *mirrored(const RemoteQueenConnection &remote) const
    {
        return remote.registry()->find(m_workerId);
    }

    std::unique_ptr<QueenProcess> m_queen;
    WorkerProcess m_worker;
    QString m_workerId;
};

bool TestRemoteQueen::startQueen(int port)
{
    m_queen = std::make_unique<QueenProcess>();
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert(s("RBEE_EVENTS_KEEPALIVE_MS"), QString::number(kKeepAliveMs));
    m_queen->process().setProcessEnvironment(env);
    QStringList args{s("--token"), kToken, s("--heartbeat-timeout-ms"), s("3000")};
    if (port)
        args << s("--port") << QString::number(port);
    return m_queen->start(args);
}

bool TestRemoteQueen::waitConnectedWithWorker(RemoteQueenConnection &remote, int timeoutMs)
{
    return waitFor(
        [&] {
            const core::WorkerRecord *w = mirrored(remote);
            return remote.link() == QueenConnection::Link::Connected && w && w->online
                   && w->last.status == core::WorkerStatus::Ready;
        },
        timeoutMs);
}

void TestRemoteQueen::initTestCase()
{
    QVERIFY2(startQueen(), qPrintable(m_queen->errorString()));
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert(s("RBEE_TOKEN"), kToken);
    m_worker.process().setProcessEnvironment(env);
    QVERIFY2(m_worker.start({s("--model"), tinyModelPath(), s("--model-name"), s("tiny"), s("--queen"),
                             m_queen->url().toString(), s("--heartbeat-ms"), s("300"), s("--slots"), s("2"), s("--ctx"),
                             s("16384")}),
             qPrintable(m_worker.errorString()));
    QVERIFY2(m_worker.waitReady(), qPrintable(m_worker.errorString()));
    m_workerId = httpRequest("GET", m_worker.url(s("/health"))).json.value(s("worker_id")).toString();
    QVERIFY(!m_workerId.isEmpty());
}

void TestRemoteQueen::cleanupTestCase()
{
    m_worker.kill();
    if (m_queen)
        m_queen->kill();
}

void TestRemoteQueen::mirror_getsTheWorker_andFollowsItsChanges()
{
    RemoteQueenConnection remote(m_queen->url(), kToken);
    QSignalSpy linkChanged(&remote, &QueenConnection::linkChanged);
    QCOMPARE(remote.link(), QueenConnection::Link::Reconnecting);
    QVERIFY(!remote.isHosted());
    remote.start();
    QVERIFY2(waitConnectedWithWorker(remote, 30000), qPrintable(remote.lastError()));
    QCOMPARE(linkChanged.size(), 1);
    QVERIFY(remote.lastError().isEmpty());
    QCOMPARE(remote.workerQueenUrl(), m_queen->url());
    QCOMPARE(remote.token(), kToken);
    QCOMPARE(remote.workerHost(), s("127.0.0.1"));
    QCOMPARE(remote.address(), s("127.0.0.1:%1").arg(m_queen->url().port()));

    const core::WorkerRecord *w = mirrored(remote);
    QCOMPARE(w->last.url, m_worker.url().toString());
    QCOMPARE(w->last.model, s("tiny"));
    QCOMPARE(w->last.slotsTotal, 2);
    QCOMPARE(w->displayStatus(), core::DisplayStatus::Ready);
    // A heartbeat age turned into a local time: a moment ago, not in the future nor long past.
    const qint64 age = remote.registry()->clock().nowMs() - w->lastHeartbeatMs;
    QVERIFY2(age >= -100 && age < 10000, qPrintable(QString::number(age)));

    // The queen forgets the worker: removed here; its next heartbeat brings it back.
    QSignalSpy removed(remote.registry(), &core::WorkerRegistry::workerRemoved);
    QSignalSpy added(remote.registry(), &core::WorkerRegistry::workerAdded);
    const auto del = httpRequest("DELETE", m_queen->url(s("/v1/workers/") + m_workerId), {},
                                 {{"Authorization", "Bearer " + kToken.toUtf8()}});
    QCOMPARE(del.status, 200);
    QVERIFY2(waitFor([&] { return !removed.isEmpty(); }, 10000), "no workerRemoved in the mirror");
    QCOMPARE(removed.first().first().toString(), m_workerId);
    QVERIFY2(waitFor([&] { return !added.isEmpty() && mirrored(remote); }, 10000), "the worker did not come back");
    QCOMPARE(remote.link(), QueenConnection::Link::Connected);

    // The same through the connection (the worker table's "Forget"): the queen forgets it, not
    // only the mirror.
    removed.clear();
    added.clear();
    remote.forgetWorker(m_workerId);
    QVERIFY2(waitFor([&] { return !removed.isEmpty(); }, 10000), "forgetWorker did not reach the queen");
    QCOMPARE(removed.first().first().toString(), m_workerId);
    QVERIFY2(waitFor([&] { return !added.isEmpty() && mirrored(remote); }, 10000), "the worker did not come back");
}

void TestRemoteQueen::keepAliveComments_keepASilentLinkUp_andAgesStayFresh()
{
    RemoteQueenConnection remote(m_queen->url(), kToken);
    remote.setSilenceLimitMs(kSilenceLimitMs);
    remote.start();
    QVERIFY2(waitConnectedWithWorker(remote, 30000), qPrintable(remote.lastError()));
    // The worker's heartbeats change nothing now, so only keep-alive comments arrive: for many
    // silence limits the link stays up.
    QSignalSpy linkChanged(&remote, &QueenConnection::linkChanged);
    QTest::qWait(RemoteQueenConnection::kTimesPollMs + 1000);
    QCOMPARE(linkChanged.size(), 0);
    QCOMPARE(remote.link(), QueenConnection::Link::Connected);
    // No event came in that time, yet the heartbeat age is fresh (read again from /v1/workers).
    const qint64 age = remote.registry()->clock().nowMs() - mirrored(remote)->lastHeartbeatMs;
    QVERIFY2(age >= -100 && age < 4000, qPrintable(QString::number(age)));
}

void TestRemoteQueen::job_streamsNarrationStartedTokensEnd()
{
    RemoteQueenConnection remote(m_queen->url(), kToken);
    remote.start();
    QVERIFY2(waitConnectedWithWorker(remote, 30000), qPrintable(remote.lastError()));
    const JobResult r = runJob(remote, submission(s("tiny"), 8));
    QVERIFY2(r.ended, qPrintable(r.names().join(u',')));
    QVERIFY2(r.named(s("error")).isEmpty(), qPrintable(r.events.last().data));
    QVERIFY2(r.names().first() == s("narration"), qPrintable(r.names().join(u',')));
    QCOMPARE(r.named(s("started")).size(), 1);
    QCOMPARE(r.named(s("token")).size(), 8);
    QCOMPARE(r.names().last(), s("end"));
    QCOMPARE(core::EndEvent::fromSse(r.events.last())->stopReason, core::StopReason::Length);
    // The queen's running jobs, as /health reports them, polled while connected.
    QVERIFY(waitFor([&] { return remote.runningJobs() == 0; }, 10000));
}

void TestRemoteQueen::job_pinnedToAWorker_runsThere()
{
    RemoteQueenConnection remote(m_queen->url(), kToken);
    remote.start();
    QVERIFY2(waitConnectedWithWorker(remote, 30000), qPrintable(remote.lastError()));
    const JobResult r = runJob(remote, submission(s("tiny"), 4, m_workerId));
    QVERIFY(r.ended);
    QCOMPARE(r.named(s("started")).size(), 1);
    QCOMPARE(core::StartedEvent::fromSse(r.named(s("started")).first())->workerId, m_workerId);
    QCOMPARE(r.names().last(), s("end"));

    // A worker id the queen does not know: refused with the queen's 400, then ended.
    const JobResult unknown = runJob(remote, submission(s("tiny"), 4, s("no-such-worker")));
    QVERIFY(unknown.ended);
    QCOMPARE(unknown.names(), QStringList{s("error")});
    QCOMPARE(core::errorFromSse(unknown.events.first()).code, core::ErrorCode::BadRequest);
}

void TestRemoteQueen::job_cancelled_endsCancelled()
{
    RemoteQueenConnection remote(m_queen->url(), kToken);
    remote.start();
    QVERIFY2(waitConnectedWithWorker(remote, 30000), qPrintable(remote.lastError()));
    bool cancelled = false;
    const JobResult r =
        runJob(remote, submission(s("tiny"), 16000), 60000, [&](core::JobStream *job, const core::SseEvent &e) {
            if (!cancelled && e.event == s("token")) {
                cancelled = true;
                job->cancel();
            }
        });
    QVERIFY(cancelled);
    QVERIFY(r.ended);
    QCOMPARE(r.names().last(), s("end"));
    const auto end = core::EndEvent::fromSse(r.events.last());
    QCOMPARE(end->stopReason, core::StopReason::Cancelled);
    QVERIFY2(end->tokens < 16000, qPrintable(QString::number(end->tokens)));
}

void TestRemoteQueen::job_unknownModel_isANoWorkerErrorThenEnded()
{
    RemoteQueenConnection remote(m_queen->url(), kToken);
    remote.start();
    QVERIFY2(waitConnectedWithWorker(remote, 30000), qPrintable(remote.lastError()));
    const JobResult r = runJob(remote, submission(s("nope"), 4));
    QVERIFY(r.ended);
    QCOMPARE(r.names(), QStringList{s("error")});
    const core::Error e = core::errorFromSse(r.events.first());
    QCOMPARE(e.code, core::ErrorCode::NoWorker);
    QVERIFY2(e.message.contains(s("nope")), qPrintable(e.message));
}

void TestRemoteQueen::silentStream_isTakenAsBroken_andReopened()
{
    // A "queen" that sends the headers and an empty snapshot, then nothing: no keep-alive either
    // (a network path that died without closing the connection looks the same).
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    QList<QTcpSocket *> accepted;
    connect(&silent, &QTcpServer::newConnection, &silent, [&] {
        while (QTcpSocket *socket = silent.nextPendingConnection()) {
            accepted << socket;
            const QByteArray event = "event: snapshot\ndata: {\"workers\":[]}\n\n";
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                          + QByteArray::number(event.size(), 16) + "\r\n" + event + "\r\n");
        }
    });
    QUrl url;
    url.setScheme(s("http"));
    url.setHost(s("127.0.0.1"));
    url.setPort(silent.serverPort());
    RemoteQueenConnection remote(url, kToken);
    remote.setSilenceLimitMs(kSilenceLimitMs);
    // When the link went up and down, taken as it happens (polling would add its own delay).
    QElapsedTimer clock;
    clock.start();
    qint64 upAt = -1;
    qint64 downAt = -1;
    connect(&remote, &QueenConnection::linkChanged, &remote, [&] {
        if (remote.link() == QueenConnection::Link::Connected && upAt < 0)
            upAt = clock.elapsed();
        else if (remote.link() == QueenConnection::Link::Reconnecting && upAt >= 0 && downAt < 0)
            downAt = clock.elapsed();
    });
    remote.start();
    QVERIFY2(waitFor([&] { return upAt >= 0; }, 10000), qPrintable(remote.lastError()));
    QVERIFY2(waitFor([&] { return downAt >= 0; }, kSilenceLimitMs * 10), "a silent stream kept the link up");
    qInfo("link down after %lld ms of silence (limit %d ms)", downAt - upAt, kSilenceLimitMs);
    // A coarse timer may fire up to 5 % early.
    QVERIFY2(downAt - upAt >= kSilenceLimitMs * 9 / 10, qPrintable(QString::number(downAt - upAt)));
    QVERIFY2(remote.lastError().contains(s("no word from the queen")), qPrintable(remote.lastError()));
    // Reopened after the first backoff step, and up again with the new snapshot.
    QVERIFY2(waitFor([&] { return accepted.size() >= 2 && remote.link() == QueenConnection::Link::Connected; }, 10000),
             "not reopened");
}

void TestRemoteQueen::refusedStream_isRetriedWithDoublingDelays()
{
    // A "queen" that refuses every events request with 401: each attempt is timed.
    QTcpServer refusing;
    QVERIFY(refusing.listen(QHostAddress::LocalHost));
    QElapsedTimer clock;
    clock.start();
    QList<qint64> attempts;
    connect(&refusing, &QTcpServer::newConnection, &refusing, [&] {
        while (QTcpSocket *socket = refusing.nextPendingConnection()) {
            attempts << clock.elapsed();
            const QByteArray body = R"({"error":{"code":"unauthorized","message":"wrong token"}})";
            socket->write("HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: "
                          + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
            socket->disconnectFromHost();
        }
    });
    QUrl url;
    url.setScheme(s("http"));
    url.setHost(s("127.0.0.1"));
    url.setPort(refusing.serverPort());
    RemoteQueenConnection remote(url, kToken);
    remote.start();
    QVERIFY2(waitFor([&] { return attempts.size() >= 4; }, 20000), qPrintable(QString::number(attempts.size())));
    QCOMPARE(remote.lastError(), s("401 unauthorized: wrong token"));
    QCOMPARE(remote.link(), QueenConnection::Link::Reconnecting);
    // Waits of 0.5 s, 1 s, 2 s (a coarse timer may fire up to 5 % early; a loaded machine, late).
    for (int i = 1; i < 4; ++i) {
        const qint64 wait = attempts.at(i) - attempts.at(i - 1);
        const qint64 planned = qint64(RemoteQueenConnection::kFirstRetryMs) << (i - 1);
        QVERIFY2(wait >= planned * 9 / 10,
                 qPrintable(s("wait %1: %2 ms, planned %3 ms").arg(i).arg(wait).arg(planned)));
    }
    qInfo("attempts at %lld, %lld, %lld, %lld ms", attempts.at(0), attempts.at(1), attempts.at(2), attempts.at(3));
}

void TestRemoteQueen::wrongToken_isReportedAs401_withNoWorkers()
{
    RemoteQueenConnection remote(m_queen->url(), s("wrong-token"));
    QSignalSpy linkChanged(&remote, &QueenConnection::linkChanged);
    remote.start();
    QVERIFY2(waitFor([&] { return !remote.lastError().isEmpty(); }, 10000), "no error reported");
    QVERIFY2(remote.lastError().contains(s("401")) && remote.lastError().contains(s("unauthorized")),
             qPrintable(remote.lastError()));
    QCOMPARE(remote.link(), QueenConnection::Link::Reconnecting);
    QCOMPARE(remote.registry()->count(), 0);
    // Retried, and still refused: it never pretends to be up.
    QTest::qWait(2500);
    QCOMPARE(remote.link(), QueenConnection::Link::Reconnecting);
    QCOMPARE(linkChanged.size(), 0);
    QCOMPARE(remote.registry()->count(), 0);
    QVERIFY(remote.lastError().contains(s("401")));
    // A job with the wrong token is the queen's 401, as it is.
    const JobResult r = runJob(remote, submission(s("tiny"), 4));
    QCOMPARE(r.names(), QStringList{s("error")});
    QCOMPARE(core::errorFromSse(r.events.first()).code, core::ErrorCode::Unauthorized);
}

void TestRemoteQueen::queenKilledAndRestartedOnItsPort_linkAndWorkerComeBackByThemselves()
{
    RemoteQueenConnection remote(m_queen->url(), kToken);
    remote.setSilenceLimitMs(kSilenceLimitMs);
    remote.start();
    QVERIFY2(waitConnectedWithWorker(remote, 30000), qPrintable(remote.lastError()));

    const int port = m_queen->url().port();
    QElapsedTimer down;
    down.start();
    m_queen->kill();  // SIGKILL
    QVERIFY2(waitFor([&] { return remote.link() == QueenConnection::Link::Reconnecting; }, 5000),
             "the link did not go down within 5 s");
    qInfo("link down %lld ms after SIGKILL", down.elapsed());
    QVERIFY(!remote.lastError().isEmpty());
    const core::WorkerRecord *w = mirrored(remote);
    QVERIFY2(w, "the last known worker is kept");
    QVERIFY(!w->online);
    QCOMPARE(w->offlineReason, QString::fromLatin1(RemoteQueenConnection::kUnreachableReason));
    QCOMPARE(remote.registry()->onlineCount(), 0);

    QVERIFY2(startQueen(port), qPrintable(m_queen->errorString()));
    QElapsedTimer back;
    back.start();
    // Backoff is at most 10 s; the worker's next heartbeat (300 ms) registers it again.
    QVERIFY2(waitConnectedWithWorker(remote, 30000), qPrintable(remote.lastError()));
    qInfo("connected with the worker online %lld ms after the new queen listened", back.elapsed());
    QVERIFY(remote.lastError().isEmpty());

    const JobResult r = runJob(remote, submission(s("tiny"), 4));
    QVERIFY(r.ended);
    QVERIFY2(r.named(s("error")).isEmpty(), qPrintable(r.events.isEmpty() ? QString() : r.events.last().data));
    QCOMPARE(r.names().last(), s("end"));
}

QTEST_GUILESS_MAIN(TestRemoteQueen)
#include "tst_remotequeen.moc"

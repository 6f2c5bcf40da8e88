// QueenJobClient over scripted queen answers (FakeTransport, no sockets): the submission's body,
// the events relayed until [DONE], a cancel that comes before the queen named the job, and every
// failure (refused at once, queen unreachable, stream broken before [DONE]) as one error event
// followed by ended().
#include "core/client/queenjobclient.h"
#include "core/json.h"
#include "core/protocol/streamevents.h"
#include "fakeclientrequest.h"

#include <QSignalSpy>
#include <QTest>

using namespace rbee::core;
using rbee::test::FakeRequest;
using rbee::test::FakeTransport;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

const QUrl kQueen(QStringLiteral("http://queen.lan:7833"));

// A client under test and what it emitted.
struct Harness {
    FakeTransport transport;
    QueenJobClient client;
    QList<SseEvent> events;
    int ended = 0;

    explicit Harness(const QString &workerId = {}) : client(kQueen, s("secret"), submission(workerId))
    {
        client.setRequestFactory(transport.factory());
        QObject::connect(&client, &JobStream::eventReceived, &client, [this](const SseEvent &e) { events.append(e); });
        QObject::connect(&client, &JobStream::ended, &client, [this] { ++ended; });
    }
    static JobSubmission submission(const QString &workerId)
    {
        JobSubmission sub;
        sub.model = s("tiny");
        sub.workerId = workerId;
        sub.request.prompt = s("Once upon a time");
        sub.request.sampling.maxTokens = 8;
        return sub;
    }
    FakeRequest *post() const { return transport.open("POST", s("queen")); }
    FakeRequest *stream() const { return transport.open("GET", s("queen")); }
    void accept(const QString &jobId)
    {
        post()->answer(200, toCompactJson({{s("job_id"), jobId}, {s("sse_url"), s("/v1/jobs/%1/stream").arg(jobId)}}));
    }
    QStringList names() const
    {
        QStringList out;
        for (const SseEvent &e : events)
            out << e.event;
        return out;
    }
};

SseEvent endEvent(StopReason reason)
{
    EndEvent end;
    end.stopReason = reason;
    end.tokens = 3;
    return end.toSse();
}

}  // namespace

class TestQueenJobClient : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void start_postsAnInferJobWithTheModelPinnedWorkerAndSampling()
    {
        Harness h(s("w-7"));
        h.client.start();
        QCOMPARE(h.transport.requests("POST").size(), 1);
        QCOMPARE(h.transport.requests("POST").first().path, s("/v1/jobs"));
        const auto body = parseJsonObject(h.transport.requests("POST").first().body);
        QVERIFY(body);
        QCOMPARE(body->value(s("operation")).toString(), s("infer"));
        QCOMPARE(body->value(s("model")).toString(), s("tiny"));
        QCOMPARE(body->value(s("worker_id")).toString(), s("w-7"));
        QCOMPARE(body->value(s("prompt")).toString(), s("Once upon a time"));
        QCOMPARE(body->value(s("max_tokens")).toInt(), 8);
    }

    void submission_withoutWorkerId_sendsNoWorkerId()
    {
        QVERIFY(!QueenJobClient::submissionBody(Harness::submission({})).contains(s("worker_id")));
    }

    void acceptedJob_relaysEveryEventInOrderUntilDone_thenEnded()
    {
        Harness h;
        h.client.start();
        h.accept(s("job-1"));
        QCOMPARE(h.client.jobId(), s("job-1"));
        QVERIFY(h.stream());
        QCOMPARE(h.transport.requests("GET").first().path, s("/v1/jobs/job-1/stream"));
        h.stream()->send(SseEvent{s("narration"), s(R"({"message":"Selected worker w1"})")});
        h.stream()->send(StartedEvent{s("job-1"), s("w1"), s("tiny"), 4, 0}.toSse());
        h.stream()->send(TokenEvent{s("Once"), 0}.toSse());
        h.stream()->send(endEvent(StopReason::Length));
        QCOMPARE(h.ended, 0);
        h.stream()->send(SseEvent::done());
        QCOMPARE(h.names(), (QStringList{s("narration"), s("started"), s("token"), s("end")}));
        QCOMPARE(h.ended, 1);
        QVERIFY(h.transport.requests("DELETE").isEmpty());
    }

    void cancelBeforeTheJobIdIsKnown_isSentOnceThePostAnswers()
    {
        Harness h;
        h.client.start();
        h.client.cancel();
        QVERIFY(h.transport.requests("DELETE").isEmpty());  // nothing to name yet
        h.accept(s("job-2"));
        QCOMPARE(h.transport.requests("DELETE").size(), 1);
        QCOMPARE(h.transport.requests("DELETE").first().path, s("/v1/jobs/job-2"));
        QCOMPARE(h.transport.requests("DELETE").first().state, FakeRequest::State::Started);
        // The stream is still read: the queen ends it with a cancelled end and [DONE].
        QVERIFY(h.stream());
        h.stream()->send(endEvent(StopReason::Cancelled));
        h.stream()->send(SseEvent::done());
        QCOMPARE(h.names(), QStringList{s("end")});
        QCOMPARE(EndEvent::fromSse(h.events.first())->stopReason, StopReason::Cancelled);
        QCOMPARE(h.ended, 1);
        h.client.cancel();
        QCOMPARE(h.transport.requests("DELETE").size(), 1);  // once only
    }

    void cancelWhileStreaming_sendsOneDelete()
    {
        Harness h;
        h.client.start();
        h.accept(s("job-3"));
        h.stream()->send(TokenEvent{s("a"), 0}.toSse());
        h.client.cancel();
        h.client.cancel();
        QCOMPARE(h.transport.requests("DELETE").size(), 1);
        QCOMPARE(h.transport.requests("DELETE").first().path, s("/v1/jobs/job-3"));
    }

    void refusedAtOnce_isTheQueensErrorAsIt_thenEnded()
    {
        Harness h;
        h.client.start();
        h.post()->answer(
            503, toCompactJson(errorBody(Error{ErrorCode::NoWorker, s("No available worker found for model 'tiny'")})));
        QCOMPARE(h.names(), QStringList{s("error")});
        const Error e = errorFromSse(h.events.first());
        QCOMPARE(e.code, ErrorCode::NoWorker);
        QCOMPARE(e.message, s("No available worker found for model 'tiny'"));
        QCOMPARE(h.ended, 1);
        QVERIFY(h.transport.requests("GET").isEmpty());
    }

    void queenUnreachable_isAnUnreachableErrorNamingTheQueen_thenEnded()
    {
        Harness h;
        h.client.start();
        h.post()->refuseConnection();
        QCOMPARE(h.names(), QStringList{s("error")});
        const Error e = errorFromSse(h.events.first());
        QCOMPARE(e.code, ErrorCode::QueenUnreachable);
        QVERIFY2(e.message.contains(s("cannot reach the queen at http://queen.lan:7833")), qPrintable(e.message));
        QVERIFY2(e.message.contains(s("Connection refused")), qPrintable(e.message));
        QCOMPARE(h.ended, 1);
    }

    void streamBrokenBeforeDone_isAnErrorEventAfterWhatCame_thenEnded()
    {
        Harness h;
        h.client.start();
        h.accept(s("job-4"));
        h.stream()->send(TokenEvent{s("a"), 0}.toSse());
        h.stream()->breakOff();
        QCOMPARE(h.names(), (QStringList{s("token"), s("error")}));
        const Error e = errorFromSse(h.events.last());
        QCOMPARE(e.code, ErrorCode::QueenUnreachable);
        QVERIFY2(e.message.contains(s("http://queen.lan:7833")), qPrintable(e.message));
        QCOMPARE(h.ended, 1);
        h.client.cancel();  // nothing happens once ended
        QVERIFY(h.transport.requests("DELETE").isEmpty());
    }

    void streamEndingCleanlyWithoutDone_isAnError_thenEnded()
    {
        Harness h;
        h.client.start();
        h.accept(s("job-5"));
        h.stream()->send(TokenEvent{s("a"), 0}.toSse());
        h.stream()->endResponse();
        QCOMPARE(h.names(), (QStringList{s("token"), s("error")}));
        QVERIFY(errorFromSse(h.events.last()).message.contains(s("without [DONE]")));
        QCOMPARE(h.ended, 1);
    }

    void readerDeletingTheClientOnAnEvent_isSafe()
    {
        FakeTransport transport;
        auto *client = new QueenJobClient(kQueen, {}, Harness::submission({}));
        client->setRequestFactory(transport.factory());
        int events = 0;
        QObject::connect(client, &JobStream::eventReceived, client, [&events, client](const SseEvent &) {
            ++events;
            delete client;
        });
        client->start();
        transport.open("POST", s("queen"))
            ->answer(200, toCompactJson({{s("job_id"), s("j")}, {s("sse_url"), s("/v1/jobs/j/stream")}}));
        FakeRequest *stream = transport.open("GET", s("queen"));
        QVERIFY(stream);
        stream->send(TokenEvent{s("a"), 0}.toSse());
        QCOMPARE(events, 1);
        QCOMPARE(transport.requests("GET").first().state,
                 FakeRequest::State::Aborted);  // deleting it closed the stream
    }
};

QTEST_GUILESS_MAIN(TestQueenJobClient)
#include "tst_queenjobclient.moc"

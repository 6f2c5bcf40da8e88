// JobReader over a JobManager whose workers are scripted fakes (no sockets): replay then live,
// in order and once; a job that ended before its reader came; cancel when the reader goes first;
// a consumer that deletes the reader from its own slot; the job forgotten once the reader is done.
#include "core/clock.h"
#include "core/http/httpconnection.h"
#include "core/http/httpresponder.h"
#include "core/protocol/inferencerequest.h"
#include "core/protocol/streamevents.h"
#include "core/queen/jobmanager.h"
#include "core/queen/jobreader.h"
#include "core/queen/queenjob.h"
#include "core/queen/queenmetrics.h"
#include "core/registry/workerregistry.h"
#include "core/sse/sseevent.h"
#include "fakeclientrequest.h"
#include "testheartbeat.h"

#include <QList>
#include <QLoggingCategory>
#include <QPointer>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace rbee::core;
using rbee::test::FakeRequest;
using rbee::test::FakeTransport;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

const QString kModel = s("tiny-llama");

// The stream events of a job, by name and, for tokens, text: "narration", "started", "token:Once".
QStringList describe(const QList<SseEvent> &events)
{
    QStringList out;
    for (const SseEvent &e : events) {
        if (const auto token = TokenEvent::fromSse(e); token && e.event == QLatin1String(StreamEventName::kToken))
            out << s("token:") + token->text;
        else if (const auto end = EndEvent::fromSse(e); end && e.event == QLatin1String(StreamEventName::kEnd))
            out << s("end:") + stopReasonName(end->stopReason);
        else
            out << e.event;
    }
    return out;
}

// What a consumer of a reader saw: the events, and when ended() came.
struct Seen {
    QList<SseEvent> events;
    int ends = 0;
    qsizetype eventsAtEnd = -1;
    bool eventAfterEnd = false;
};

void record(JobReader *reader, Seen &seen)
{
    QObject::connect(reader, &JobReader::eventReceived, reader, [&seen](const SseEvent &e) {
        seen.eventAfterEnd = seen.eventAfterEnd || seen.ends > 0;
        seen.events << e;
    });
    QObject::connect(reader, &JobReader::ended, reader, [&seen] {
        ++seen.ends;
        seen.eventsAtEnd = seen.events.size();
    });
}

}  // namespace

class TestJobReader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void replayThenLive_deliversEveryEventOnceInOrder_thenEndedOnce();
    void readerCreatedAfterTheJobEnded_getsEveryEventAndEnded();
    void delivery_startsByItselfOnTheEventLoop();
    void destroyingTheReaderMidJob_cancelsTheJobOnTheWorker_andForgetsIt();
    void consumerDeletingTheReaderDuringReplay_cancelsTheJob_withoutAnotherSignal();
    void consumerDeletingTheReaderOnALiveEvent_cancelsTheJob_withoutAnotherSignal();
    void consumerDeletingTheReaderInEnded_isSafe();
    void jobCancelledDuringReplay_deliversItsLastEventInOrder_thenEnded();
    void failedJob_endsWithItsErrorEvent_andTheErrorReadable();
    void bindingToAClientAlreadyGone_cancelsTheJob();
    void managerDeletedUnderTheReader_endsTheReaderOnce();
    void cancelOnTheRetryNarration_sendsTheJobNowhereElse();

private:
    void makeManager();
    QueenJob *submitOk();
    // The job's worker took it and sent `started` and one token.
    FakeRequest *runUntilFirstToken();

    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<WorkerRegistry> m_registry;
    std::unique_ptr<QueenMetrics> m_metrics;
    std::unique_ptr<FakeTransport> m_transport;
    std::unique_ptr<JobManager> m_manager;
};

void TestJobReader::initTestCase()
{
    QLoggingCategory::setFilterRules(s("rbee.core.*.info=false"));
}

void TestJobReader::init()
{
    m_clock = std::make_unique<ManualClock>();
    m_registry = std::make_unique<WorkerRegistry>(*m_clock);
    m_metrics = std::make_unique<QueenMetrics>();
    m_transport = std::make_unique<FakeTransport>();
    QVERIFY(
        !m_registry->applyHeartbeat(rbee::test::validHeartbeat(*m_clock, s("w1"), kModel, WorkerStatus::Ready, 0, 2)));
    makeManager();
}

void TestJobReader::cleanup()
{
    m_manager.reset();
    m_registry.reset();
    m_metrics.reset();
    m_transport.reset();
    m_clock.reset();
}

void TestJobReader::makeManager()
{
    JobManager::Options options;
    options.requestFactory = m_transport->factory();
    m_manager = std::make_unique<JobManager>(m_registry.get(), m_metrics.get(), options);
}

QueenJob *TestJobReader::submitOk()
{
    InferenceRequest r;
    r.prompt = s("Once");
    r.sampling.maxTokens = 8;
    const Result<QueenJob *> job = m_manager->submit(kModel, r);
    return job ? job.value() : nullptr;
}

FakeRequest *TestJobReader::runUntilFirstToken()
{
    FakeRequest *submit = m_transport->open("POST", s("w1"));
    if (!submit)
        return nullptr;
    submit->accept(s("wj"));
    FakeRequest *stream = m_transport->open("GET", s("w1"));
    if (!stream)
        return nullptr;
    stream->send(StartedEvent{s("wj"), s("w1"), kModel, 4, 0}.toSse());
    stream->send(TokenEvent{s("Once"), 0}.toSse());
    return stream;
}

void TestJobReader::replayThenLive_deliversEveryEventOnceInOrder_thenEndedOnce()
{
    QueenJob *job = submitOk();
    QVERIFY(job);
    const QString id = job->id();
    FakeRequest *stream = runUntilFirstToken();
    QVERIFY(stream);
    auto *reader = new JobReader(job, m_manager.get());
    QVERIFY2(job->claimed(), "a reader claims its job");
    Seen seen;
    record(reader, seen);

    reader->start();
    QCOMPARE(describe(seen.events), (QStringList{s("narration"), s("started"), s("token:Once")}));
    stream->send(TokenEvent{s(" upon"), 1}.toSse());
    stream->send(EndEvent{StopReason::Length, 2, 4, 1.0, 10.0, 0}.toSse());
    QCOMPARE(seen.ends, 0);
    stream->send(SseEvent::done());

    QCOMPARE(describe(seen.events),
             (QStringList{s("narration"), s("started"), s("token:Once"), s("token: upon"), s("end:length")}));
    QCOMPARE(seen.ends, 1);
    QCOMPARE(seen.eventsAtEnd, seen.events.size());
    QCOMPARE(reader->outcome(), QueenJob::Outcome::Completed);
    QVERIFY2(!m_manager->job(id), "the job is forgotten once its reader has read the end");
    QVERIFY2(job->events().size() < seen.events.size(), "live events are relayed, not also kept");
    const QPointer<QueenJob> gone(job);
    delete reader;
    QTRY_VERIFY_WITH_TIMEOUT(!gone, 5000);
    QCOMPARE(m_transport->requests("DELETE").size(), 0);
}

void TestJobReader::readerCreatedAfterTheJobEnded_getsEveryEventAndEnded()
{
    QueenJob *job = submitOk();
    QVERIFY(job);
    FakeRequest *stream = runUntilFirstToken();
    QVERIFY(stream);
    stream->send(EndEvent{StopReason::Eos, 1, 4, 1.0, 10.0, 0}.toSse());
    stream->send(SseEvent::done());
    QVERIFY(job->isFinished());

    auto reader = std::make_unique<JobReader>(job, m_manager.get());
    Seen seen;
    record(reader.get(), seen);
    reader->start();

    QCOMPARE(describe(seen.events), (QStringList{s("narration"), s("started"), s("token:Once"), s("end:eos")}));
    QCOMPARE(seen.ends, 1);
    QCOMPARE(seen.eventsAtEnd, 4);
    QVERIFY(reader->isEnded());
    QCOMPARE(reader->outcome(), QueenJob::Outcome::Completed);
    QVERIFY(!m_manager->job(reader->jobId()));
}

void TestJobReader::delivery_startsByItselfOnTheEventLoop()
{
    QueenJob *job = submitOk();
    QVERIFY(job);
    auto reader = std::make_unique<JobReader>(job, m_manager.get());
    Seen seen;
    record(reader.get(), seen);
    QCOMPARE(seen.events.size(), 0);  // nothing before the consumer could connect

    QTRY_COMPARE_WITH_TIMEOUT(seen.events.size(), 1, 5000);
    QCOMPARE(describe(seen.events), QStringList{s("narration")});
    FakeRequest *stream = runUntilFirstToken();
    QVERIFY(stream);
    QCOMPARE(describe(seen.events), (QStringList{s("narration"), s("started"), s("token:Once")}));
    reader->start();  // a second start delivers nothing again
    QCOMPARE(seen.events.size(), 3);
}

void TestJobReader::destroyingTheReaderMidJob_cancelsTheJobOnTheWorker_andForgetsIt()
{
    QueenJob *job = submitOk();
    QVERIFY(job);
    const QString id = job->id();
    const QPointer<QueenJob> guard(job);
    FakeRequest *stream = runUntilFirstToken();
    QVERIFY(stream);
    auto *reader = new JobReader(job, m_manager.get());
    reader->start();
    QCOMPARE(m_registry->find(s("w1"))->dispatched, 1);

    delete reader;

    QVERIFY(guard);  // deleted later, not under the caller
    QCOMPARE(job->outcome(), QueenJob::Outcome::Cancelled);
    const QList<FakeTransport::Entry> deletes = m_transport->requests("DELETE", s("w1"));
    QCOMPARE(deletes.size(), 1);
    QCOMPARE(deletes.first().path, s("/v1/inference/wj"));
    QCOMPARE(m_registry->find(s("w1"))->dispatched, 0);
    QVERIFY2(!m_manager->job(id), "a cancelled job whose reader is gone is forgotten");
    QTRY_VERIFY_WITH_TIMEOUT(!guard, 5000);
}

void TestJobReader::consumerDeletingTheReaderDuringReplay_cancelsTheJob_withoutAnotherSignal()
{
    QueenJob *job = submitOk();
    QVERIFY(job);
    const QString id = job->id();
    QVERIFY(runUntilFirstToken());
    QPointer<JobReader> reader = new JobReader(job, m_manager.get());
    int events = 0;
    int ends = 0;
    connect(reader, &JobReader::eventReceived, this, [&](const SseEvent &) {
        ++events;
        delete reader.data();  // on the first of three replayed events
    });
    connect(reader, &JobReader::ended, this, [&] { ++ends; });

    reader->start();

    QVERIFY(!reader);
    QCOMPARE(events, 1);
    QCOMPARE(ends, 0);
    QCOMPARE(job->outcome(), QueenJob::Outcome::Cancelled);
    QVERIFY(!m_manager->job(id));
    QCOMPARE(m_transport->requests("DELETE", s("w1")).size(), 1);
}

void TestJobReader::consumerDeletingTheReaderOnALiveEvent_cancelsTheJob_withoutAnotherSignal()
{
    QueenJob *job = submitOk();
    QVERIFY(job);
    const QString id = job->id();
    FakeRequest *stream = runUntilFirstToken();
    QVERIFY(stream);
    QPointer<JobReader> reader = new JobReader(job, m_manager.get());
    reader->start();
    int live = 0;
    int ends = 0;
    connect(reader, &JobReader::eventReceived, this, [&](const SseEvent &) {
        ++live;
        delete reader.data();
    });
    connect(reader, &JobReader::ended, this, [&] { ++ends; });

    // Deleted inside the worker's event, deep in the client's and the manager's own emits.
    stream->send(TokenEvent{s(" upon"), 1}.toSse());
    stream->send(TokenEvent{s(" a"), 2}.toSse());  // the stream was aborted: says nothing more

    QVERIFY(!reader);
    QCOMPARE(live, 1);
    QCOMPARE(ends, 0);
    QCOMPARE(job->outcome(), QueenJob::Outcome::Cancelled);
    QVERIFY(!m_manager->job(id));
    QCOMPARE(m_registry->find(s("w1"))->dispatched, 0);
    QTRY_VERIFY_WITH_TIMEOUT(m_transport->live("GET").isEmpty(), 5000);
}

void TestJobReader::consumerDeletingTheReaderInEnded_isSafe()
{
    QueenJob *job = submitOk();
    QVERIFY(job);
    const QPointer<QueenJob> guard(job);
    FakeRequest *stream = runUntilFirstToken();
    QVERIFY(stream);
    QPointer<JobReader> reader = new JobReader(job, m_manager.get());
    int ends = 0;
    connect(reader, &JobReader::ended, this, [&] {
        ++ends;
        delete reader.data();
    });
    reader->start();

    stream->send(EndEvent{StopReason::Stop, 1, 4, 1.0, 10.0, 0}.toSse());
    stream->send(SseEvent::done());

    QVERIFY(!reader);
    QCOMPARE(ends, 1);
    QCOMPARE(job->outcome(), QueenJob::Outcome::Completed);
    QCOMPARE(m_transport->requests("DELETE").size(), 0);  // ended: nothing to cancel
    QTRY_VERIFY_WITH_TIMEOUT(!guard, 5000);
}

void TestJobReader::jobCancelledDuringReplay_deliversItsLastEventInOrder_thenEnded()
{
    QueenJob *job = submitOk();
    QVERIFY(job);
    QVERIFY(runUntilFirstToken());
    auto reader = std::make_unique<JobReader>(job, m_manager.get());
    Seen seen;
    record(reader.get(), seen);
    connect(reader.get(), &JobReader::eventReceived, this, [&reader](const SseEvent &) { reader->cancel(); });

    reader->start();

    QCOMPARE(describe(seen.events), (QStringList{s("narration"), s("started"), s("token:Once"), s("end:cancelled")}));
    QCOMPARE(seen.ends, 1);
    QCOMPARE(seen.eventsAtEnd, 4);
    QVERIFY(!seen.eventAfterEnd);
    QCOMPARE(reader->outcome(), QueenJob::Outcome::Cancelled);
    QCOMPARE(m_transport->requests("DELETE", s("w1")).size(), 1);
}

void TestJobReader::failedJob_endsWithItsErrorEvent_andTheErrorReadable()
{
    QueenJob *job = submitOk();
    QVERIFY(job);
    auto reader = std::make_unique<JobReader>(job, m_manager.get());
    Seen seen;
    record(reader.get(), seen);
    reader->start();
    FakeRequest *stream = runUntilFirstToken();
    QVERIFY(stream);

    stream->breakOff();  // after a token: not retried

    QCOMPARE(seen.ends, 1);
    QCOMPARE(describe(seen.events).last(), s("error"));
    QCOMPARE(seen.eventsAtEnd, seen.events.size());
    QCOMPARE(reader->outcome(), QueenJob::Outcome::Failed);
    QCOMPARE(reader->error().code, ErrorCode::WorkerLost);
}

void TestJobReader::bindingToAClientAlreadyGone_cancelsTheJob()
{
    QueenJob *job = submitOk();
    QVERIFY(job);
    QVERIFY(runUntilFirstToken());
    auto reader = std::make_unique<JobReader>(job, m_manager.get());
    Seen seen;
    record(reader.get(), seen);

    reader->bindTo(HttpResponder());  // a responder whose connection is gone
    QCOMPARE(job->outcome(), QueenJob::Outcome::Cancelled);
    reader->start();

    QCOMPARE(seen.ends, 1);
    QCOMPARE(describe(seen.events).last(), s("end:cancelled"));
    QCOMPARE(m_transport->requests("DELETE", s("w1")).size(), 1);
}

void TestJobReader::managerDeletedUnderTheReader_endsTheReaderOnce()
{
    QueenJob *job = submitOk();
    QVERIFY(job);
    QVERIFY(runUntilFirstToken());
    auto reader = std::make_unique<JobReader>(job, m_manager.get());
    Seen seen;
    record(reader.get(), seen);
    reader->start();

    m_manager.reset();

    QCOMPARE(seen.ends, 1);
    QVERIFY(!reader->job());
    QCOMPARE(reader->outcome(), QueenJob::Outcome::Cancelled);
    reader.reset();  // nothing left to cancel or forget
}

void TestJobReader::cancelOnTheRetryNarration_sendsTheJobNowhereElse()
{
    QVERIFY(
        !m_registry->applyHeartbeat(rbee::test::validHeartbeat(*m_clock, s("w2"), kModel, WorkerStatus::Ready, 0, 2)));
    QueenJob *job = submitOk();
    QVERIFY(job);
    const QString first = job->workerId();
    auto reader = std::make_unique<JobReader>(job, m_manager.get());
    Seen seen;
    record(reader.get(), seen);
    reader->start();
    // A consumer that stops the job on the narration that it goes elsewhere (a client whose
    // connection turns out closed when that narration is written to it).
    connect(reader.get(), &JobReader::eventReceived, this, [&reader](const SseEvent &e) {
        if (e.event == QLatin1String(StreamEventName::kNarration) && e.data.contains(s("refused")))
            reader->cancel();
    });
    FakeRequest *submit = m_transport->open("POST", first);
    QVERIFY(submit);

    submit->answer(503, R"({"error":{"code":"worker_busy","message":"all slots are busy"}})");

    QCOMPARE(reader->outcome(), QueenJob::Outcome::Cancelled);
    QCOMPARE(seen.ends, 1);
    QCOMPARE(m_transport->requests("POST").size(), 1);
    QCOMPARE(m_manager->queueDepth(), 0);
    QCOMPARE(m_manager->runningJobs(), 0);
    QCOMPARE(m_registry->find(s("w1"))->dispatched + m_registry->find(s("w2"))->dispatched, 0);
}

QTEST_GUILESS_MAIN(TestJobReader)
#include "tst_jobreader.moc"

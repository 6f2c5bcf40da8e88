// JobManager over a scripted transport: a fake ClientRequest stands in for each HTTP request to
// a worker (submit, event stream, cancel), so retry, queueing, queue timeout, cancel and lost
// workers are driven step by step without sockets; the registry runs on a ManualClock.
#include "core/clock.h"
#include "core/error.h"
#include "core/json.h"
#include "core/protocol/heartbeat.h"
#include "core/protocol/inferencerequest.h"
#include "core/protocol/streamevents.h"
#include "core/queen/jobmanager.h"
#include "core/queen/queenjob.h"
#include "core/queen/queenmetrics.h"
#include "core/registry/workerregistry.h"
#include "core/sse/sseevent.h"
#include "fakeclientrequest.h"
#include "testheartbeat.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QLoggingCategory>
#include <QPointer>
#include <QRandomGenerator>
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

Heartbeat beat(const ManualClock &clock, const QString &id, int slots)
{
    return rbee::test::validHeartbeat(clock, id, kModel, WorkerStatus::Ready, 0, slots);
}

InferenceRequest request(const QString &prompt)
{
    InferenceRequest r;
    r.prompt = prompt;
    r.sampling.maxTokens = 8;
    return r;
}

QByteArray busyBody()
{
    return toCompactJson(
        {{s("error"), QJsonObject{{s("code"), s("worker_busy")}, {s("message"), s("all slots are busy")}}}});
}

QStringList narration(const QueenJob *job)
{
    QStringList out;
    for (const SseEvent &e : job->events()) {
        if (e.event == QLatin1String(StreamEventName::kNarration))
            out << e.data;
    }
    return out;
}

// The facts of each narration event, "kind worker_id rule" (docs/protocol.md), for clients that
// word the narration themselves.
QStringList narrationFacts(const QueenJob *job)
{
    QStringList out;
    for (const QString &data : narration(job)) {
        const QJsonObject o = QJsonDocument::fromJson(data.toUtf8()).object();
        out << QStringList{o.value(s("kind")).toString(), o.value(s("worker_id")).toString(),
                           o.value(s("rule")).toString()}
                   .join(u' ')
                   .trimmed();
    }
    return out;
}

// A worker's whole answer on an open stream: started, a token, end, [DONE].
void streamToTheEnd(FakeRequest *stream, const QString &workerId)
{
    stream->send(StartedEvent{s("wj"), workerId, kModel, 4, 0}.toSse());
    stream->send(TokenEvent{s("Once"), 0}.toSse());
    stream->send(EndEvent{StopReason::Length, 1, 4, 1.0, 10.0, 0}.toSse());
    stream->send(SseEvent::done());
}

JobManager::Options options(SchedulingPolicy policy = SchedulingPolicy::CacheAware)
{
    JobManager::Options o;
    o.policy = policy;
    return o;
}

// A prompt long enough for several cache blocks.
QString longPrompt()
{
    return QString(PromptPrefixIndex::kBlockChars * 4, u'a') + s(" Once upon a time");
}

}  // namespace

class TestJobManager : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void refused503BeforeAnyToken_retriesAnotherWorker_andNarratesIt();
    void connectionRefused_retriesAnotherWorker_andTakesTheFirstOutOfService();
    void completedJob_releasesTheSlot_andRecordsTheWorker();
    void streamBrokenAfterAToken_isNotRetried_endsWorkerLost();
    void streamEndedWithoutDone_afterAToken_endsWorkerLost();
    void refusals_stopAfterMaxRetries_withTheLastRefusal();
    void refusalWith4xx_isNotRetried();
    void allBusy_queuesJobs_andDispatchesThemInFifoOrderWhenASlotFrees();
    void queueFull_refusesAtOnceWithWorkerBusyAndRetryAfter();
    void queueTimeout_endsTheJobWithAWorkerBusyErrorEvent();
    void cancelWhileQueued_takesTheJobOffTheQueue_withoutAnyRequest();
    void cancelWhileRunning_abortsTheStreamDeletesOnTheWorker_andFreesTheSlot();
    void workerGoingOffline_endsItsRunningJobsAsWorkerLost();
    void queuedJob_whoseWorkersAllLeave_failsNoWorker_andLeavesTheQueue();
    void forget_deletesAnEndedJobOnly();
    void cacheAware_recordsThePromptOnlyWhenTheWorkerStartedIt();
    void randomRefusalsCancelsAndTimeouts_endEveryJobOnce_andFreeEverySlot();

private:
    void addWorkers(const QStringList &ids, int slots);
    void makeManager(JobManager::Options options);
    QueenJob *submitOk(const QString &prompt = s("Once"));
    int dispatched(const QString &workerId) const { return m_registry->find(workerId)->dispatched; }

    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<WorkerRegistry> m_registry;
    std::unique_ptr<QueenMetrics> m_metrics;
    std::unique_ptr<FakeTransport> m_transport;
    std::unique_ptr<JobManager> m_manager;
    QHash<QString, int> m_ends;  // job id -> jobEnded count
};

void TestJobManager::initTestCase()
{
    // Refusals take workers out of service on purpose; the suite would drown in their logs.
    QLoggingCategory::setFilterRules(s("rbee.core.*.info=false\nrbee.core.registry.warning=false"));
}

void TestJobManager::init()
{
    m_clock = std::make_unique<ManualClock>();
    m_registry = std::make_unique<WorkerRegistry>(*m_clock);
    m_metrics = std::make_unique<QueenMetrics>();
    m_transport = std::make_unique<FakeTransport>();
    m_ends.clear();
}

void TestJobManager::cleanup()
{
    m_manager.reset();
    m_registry.reset();
    m_metrics.reset();
    m_transport.reset();
    m_clock.reset();
}

void TestJobManager::addWorkers(const QStringList &ids, int slots)
{
    for (const QString &id : ids)
        QVERIFY(!m_registry->applyHeartbeat(beat(*m_clock, id, slots)));
}

void TestJobManager::makeManager(JobManager::Options options)
{
    options.requestFactory = m_transport->factory();
    m_manager = std::make_unique<JobManager>(m_registry.get(), m_metrics.get(), options);
    connect(m_manager.get(), &JobManager::jobEnded, this, [this](QueenJob *job) { ++m_ends[job->id()]; });
}

QueenJob *TestJobManager::submitOk(const QString &prompt)
{
    const Result<QueenJob *> r = m_manager->submit(kModel, request(prompt));
    if (!r) {
        qWarning().noquote() << "submit failed:" << r.error().message;
        return nullptr;
    }
    return r.value();
}

void TestJobManager::refused503BeforeAnyToken_retriesAnotherWorker_andNarratesIt()
{
    addWorkers({s("w1"), s("w2")}, 1);
    makeManager(options(SchedulingPolicy::FirstAvailable));
    QueenJob *job = submitOk();
    QVERIFY(job);
    FakeRequest *first = m_transport->open("POST", s("w1"));
    QVERIFY2(first, "the first-available worker w1 is asked first");
    QCOMPARE(first->url().path(), s("/v1/inference"));

    first->answer(503, busyBody());

    FakeRequest *second = m_transport->open("POST", s("w2"));
    QVERIFY2(second, "the job goes to w2 after w1 refused");
    QCOMPARE(job->workerId(), s("w2"));
    QCOMPARE(dispatched(s("w1")), 0);
    QCOMPARE(dispatched(s("w2")), 1);
    QVERIFY2(m_registry->find(s("w1"))->online, "a busy worker stays in service");
    const QString said = narration(job).join(u'\n');
    QVERIFY2(said.contains(s("Worker w1 refused the job")) && said.contains(s("trying another worker")),
             qPrintable(said));
    QVERIFY2(said.contains(s("all slots are busy")), qPrintable(said));
    QCOMPARE(narrationFacts(job).mid(0, 3),
             (QStringList{s("selected w1 first-available"), s("retrying w1"), s("selected w2 first-available")}));

    second->accept(s("wj-2"));
    FakeRequest *stream = m_transport->open("GET", s("w2"));
    QVERIFY(stream);
    QCOMPARE(stream->url().path(), s("/v1/inference/wj-2/events"));
    streamToTheEnd(stream, s("w2"));
    QCOMPARE(job->outcome(), QueenJob::Outcome::Completed);
    QCOMPARE(m_ends.value(job->id()), 1);
    QCOMPARE(dispatched(s("w2")), 0);
}

void TestJobManager::connectionRefused_retriesAnotherWorker_andTakesTheFirstOutOfService()
{
    addWorkers({s("w1"), s("w2")}, 1);
    makeManager(options(SchedulingPolicy::FirstAvailable));
    QueenJob *job = submitOk();
    QVERIFY(job);
    m_transport->open("POST", s("w1"))->refuseConnection();

    QVERIFY2(m_transport->open("POST", s("w2")), "the job goes to w2 after w1 could not be reached");
    const WorkerRecord *w1 = m_registry->find(s("w1"));
    QVERIFY2(!w1->online, "a worker that refuses connections gets no more jobs");
    QVERIFY2(w1->offlineReason.contains(s("unreachable")), qPrintable(w1->offlineReason));
    QCOMPARE(w1->dispatched, 0);
    const QString said = narration(job).join(u'\n');
    QVERIFY2(said.contains(s("Worker w1 refused the job")) && said.contains(s("Connection refused")), qPrintable(said));
    QVERIFY(!job->isFinished());

    // The next job does not pick w1.
    m_transport->open("POST", s("w2"))->accept(s("wj-1"));
    streamToTheEnd(m_transport->open("GET", s("w2")), s("w2"));
    QCOMPARE(job->outcome(), QueenJob::Outcome::Completed);
    QueenJob *next = submitOk();
    QVERIFY(next);
    QCOMPARE(next->workerId(), s("w2"));
    QCOMPARE(m_transport->requests("POST", s("w1")).size(), 1);
}

void TestJobManager::completedJob_releasesTheSlot_andRecordsTheWorker()
{
    addWorkers({s("w1")}, 1);
    makeManager(options());
    QueenJob *job = submitOk(s("Tell me a story"));
    QVERIFY(job);
    FakeRequest *submit = m_transport->open("POST", s("w1"));
    QVERIFY(submit);
    const auto sent = parseJsonObject(submit->body());
    QVERIFY(sent);
    QCOMPARE(sent->value(s("prompt")).toString(), s("Tell me a story"));
    QCOMPARE(job->state(), QueenJob::State::Dispatching);
    QCOMPARE(m_manager->runningJobs(), 1);

    submit->accept(s("wj-1"));
    FakeRequest *stream = m_transport->open("GET", s("w1"));
    stream->send(StartedEvent{s("wj-1"), s("w1"), kModel, 4, 0}.toSse());
    QCOMPARE(job->state(), QueenJob::State::Running);
    stream->send(TokenEvent{s("Once"), 0}.toSse());
    stream->send(EndEvent{}.toSse());
    QVERIFY(!job->isFinished());
    stream->send(SseEvent::done());

    QCOMPARE(job->outcome(), QueenJob::Outcome::Completed);
    QCOMPARE(job->workerId(), s("w1"));
    QCOMPARE(m_ends.value(job->id()), 1);
    QCOMPARE(dispatched(s("w1")), 0);
    QCOMPARE(m_manager->runningJobs(), 0);
    QStringList kinds;
    for (const SseEvent &e : job->events())
        kinds << e.event;
    QCOMPARE(kinds, (QStringList{s("narration"), s("started"), s("token"), s("end")}));
    QVERIFY2(m_transport->requests("DELETE").isEmpty(), "a finished job is not cancelled on the worker");
}

void TestJobManager::streamBrokenAfterAToken_isNotRetried_endsWorkerLost()
{
    addWorkers({s("w1"), s("w2")}, 1);
    makeManager(options(SchedulingPolicy::FirstAvailable));
    QueenJob *job = submitOk();
    m_transport->open("POST", s("w1"))->accept(s("wj-1"));
    FakeRequest *stream = m_transport->open("GET", s("w1"));
    stream->send(StartedEvent{s("wj-1"), s("w1"), kModel, 4, 0}.toSse());
    stream->send(TokenEvent{s("Once"), 0}.toSse());

    stream->breakOff();

    QCOMPARE(job->outcome(), QueenJob::Outcome::Failed);
    QCOMPARE(job->error().code, ErrorCode::WorkerLost);
    QVERIFY2(job->error().message.contains(s("Connection reset by peer")), qPrintable(job->error().message));
    QVERIFY2(m_transport->requests("POST", s("w2")).isEmpty(), "a job that streamed a token is never retried");
    QCOMPARE(job->events().last().event, s("error"));
    QCOMPARE(errorFromSse(job->events().last()).code, ErrorCode::WorkerLost);
    QCOMPARE(dispatched(s("w1")), 0);
    QCOMPARE(m_ends.value(job->id()), 1);
}

void TestJobManager::streamEndedWithoutDone_afterAToken_endsWorkerLost()
{
    addWorkers({s("w1"), s("w2")}, 1);
    makeManager(options(SchedulingPolicy::FirstAvailable));
    QueenJob *job = submitOk();
    m_transport->open("POST", s("w1"))->accept(s("wj-1"));
    FakeRequest *stream = m_transport->open("GET", s("w1"));
    stream->send(TokenEvent{s("Once"), 0}.toSse());

    stream->endResponse();

    QCOMPARE(job->outcome(), QueenJob::Outcome::Failed);
    QCOMPARE(job->error().code, ErrorCode::WorkerLost);
    QVERIFY2(job->error().message.contains(s("without [DONE]")), qPrintable(job->error().message));
    QVERIFY(m_transport->requests("POST", s("w2")).isEmpty());
}

void TestJobManager::refusals_stopAfterMaxRetries_withTheLastRefusal()
{
    addWorkers({s("w1"), s("w2"), s("w3"), s("w4")}, 1);
    JobManager::Options o = options(SchedulingPolicy::FirstAvailable);
    o.maxRetries = 2;
    makeManager(o);
    QueenJob *job = submitOk();
    QStringList asked;
    for (int i = 0; i < 4 && !job->isFinished(); ++i) {
        asked << job->workerId();
        m_transport->open("POST", job->workerId())->answer(503, busyBody());
    }
    QCOMPARE(asked, (QStringList{s("w1"), s("w2"), s("w3")}));
    QVERIFY(job->isFinished());
    QCOMPARE(job->outcome(), QueenJob::Outcome::Failed);
    QCOMPARE(job->error().code, ErrorCode::WorkerBusy);
    QVERIFY2(job->error().message.contains(s("503")), qPrintable(job->error().message));
    QVERIFY2(m_transport->requests("POST", s("w4")).isEmpty(), "maxRetries 2: three workers asked, not four");
    for (const QString &w : {s("w1"), s("w2"), s("w3"), s("w4")})
        QCOMPARE(dispatched(w), 0);
    QCOMPARE(narration(job).filter(s("trying another worker")).size(), 2);
}

void TestJobManager::refusalWith4xx_isNotRetried()
{
    addWorkers({s("w1"), s("w2")}, 1);
    makeManager(options(SchedulingPolicy::FirstAvailable));
    QueenJob *job = submitOk();
    m_transport->open("POST", s("w1"))
        ->answer(400, toCompactJson({{s("error"), QJsonObject{{s("code"), s("bad_request")},
                                                              {s("message"), s("max_tokens too large")}}}}));
    QCOMPARE(job->outcome(), QueenJob::Outcome::Failed);
    QCOMPARE(job->error().code, ErrorCode::BadRequest);
    QVERIFY2(m_transport->requests("POST", s("w2")).isEmpty(), "a request another worker would refuse too");
}

void TestJobManager::allBusy_queuesJobs_andDispatchesThemInFifoOrderWhenASlotFrees()
{
    addWorkers({s("w1")}, 1);
    makeManager(options());
    QueenJob *a = submitOk(s("A"));
    m_transport->open("POST", s("w1"))->accept(s("wj-a"));
    FakeRequest *streamA = m_transport->open("GET", s("w1"));
    streamA->send(StartedEvent{s("wj-a"), s("w1"), kModel, 1, 0}.toSse());

    QueenJob *b = submitOk(s("B"));
    QueenJob *c = submitOk(s("C"));
    QVERIFY(b && c);
    QCOMPARE(b->state(), QueenJob::State::Queued);
    QCOMPARE(c->state(), QueenJob::State::Queued);
    QCOMPARE(m_manager->queueDepth(), 2);
    QCOMPARE(m_transport->requests("POST").size(), 1);
    QVERIFY2(narration(b).join(u'\n').contains(s("waiting for a free slot")), qPrintable(narration(b).join(u'\n')));
    QCOMPARE(narrationFacts(b), QStringList{s("waiting")});

    streamA->send(SseEvent::done());
    QCOMPARE(a->outcome(), QueenJob::Outcome::Completed);
    // capacityChanged reaches the queue through the event loop.
    QTRY_COMPARE_WITH_TIMEOUT(b->state(), QueenJob::State::Dispatching, 5000);
    QCOMPARE(c->state(), QueenJob::State::Queued);
    QCOMPARE(m_manager->queueDepth(), 1);

    m_transport->open("POST", s("w1"))->accept(s("wj-b"));
    streamToTheEnd(m_transport->open("GET", s("w1")), s("w1"));
    QCOMPARE(b->outcome(), QueenJob::Outcome::Completed);
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), QueenJob::State::Dispatching, 5000);
    QCOMPARE(m_manager->queueDepth(), 0);

    QStringList prompts;
    for (const FakeTransport::Entry &e : m_transport->requests("POST"))
        prompts << parseJsonObject(e.body)->value(s("prompt")).toString();
    QCOMPARE(prompts, (QStringList{s("A"), s("B"), s("C")}));
}

void TestJobManager::queueFull_refusesAtOnceWithWorkerBusyAndRetryAfter()
{
    addWorkers({s("w1")}, 1);
    JobManager::Options o = options();
    o.maxQueue = 1;
    makeManager(o);
    QVERIFY(submitOk(s("A")));
    QueenJob *b = submitOk(s("B"));
    QVERIFY(b);
    QCOMPARE(b->state(), QueenJob::State::Queued);

    const Result<QueenJob *> c = m_manager->submit(kModel, request(s("C")));
    QVERIFY(!c);
    QCOMPARE(c.error().code, ErrorCode::WorkerBusy);
    QVERIFY2(c.error().message.contains(s("queue of 1 jobs is full")), qPrintable(c.error().message));
    QVERIFY2(c.error().retryAfterS >= 1, qPrintable(QString::number(c.error().retryAfterS)));
    QCOMPARE(m_manager->queueDepth(), 1);
    QCOMPARE(m_transport->requests("POST").size(), 1);
}

void TestJobManager::queueTimeout_endsTheJobWithAWorkerBusyErrorEvent()
{
    addWorkers({s("w1")}, 1);
    JobManager::Options o = options();
    o.queueTimeoutMs = 100;
    makeManager(o);
    QueenJob *a = submitOk(s("A"));
    QueenJob *b = submitOk(s("B"));
    QCOMPARE(b->state(), QueenJob::State::Queued);

    QTRY_VERIFY_WITH_TIMEOUT(b->isFinished(), 5000);
    QCOMPARE(b->outcome(), QueenJob::Outcome::Failed);
    QCOMPARE(b->error().code, ErrorCode::WorkerBusy);
    QVERIFY2(b->error().message.contains(s("stayed busy for 0.1 s")), qPrintable(b->error().message));
    QCOMPARE(b->events().last().event, s("error"));
    QCOMPARE(errorFromSse(b->events().last()).code, ErrorCode::WorkerBusy);
    QCOMPARE(m_manager->queueDepth(), 0);
    QCOMPARE(m_ends.value(b->id()), 1);
    QVERIFY2(!a->isFinished(), "the running job is not touched");
    QCOMPARE(m_transport->requests("POST").size(), 1);
}

void TestJobManager::cancelWhileQueued_takesTheJobOffTheQueue_withoutAnyRequest()
{
    addWorkers({s("w1")}, 1);
    makeManager(options());
    QueenJob *a = submitOk(s("A"));
    QueenJob *b = submitOk(s("B"));
    QCOMPARE(b->state(), QueenJob::State::Queued);

    b->cancel();

    QCOMPARE(b->outcome(), QueenJob::Outcome::Cancelled);
    QCOMPARE(m_manager->queueDepth(), 0);
    QCOMPARE(m_ends.value(b->id()), 1);
    QCOMPARE(dispatched(s("w1")), 1);  // a's slot, untouched
    // When a's slot frees, nothing queued follows it.
    m_transport->open("POST", s("w1"))->accept(s("wj-a"));
    streamToTheEnd(m_transport->open("GET", s("w1")), s("w1"));
    QCOMPARE(a->outcome(), QueenJob::Outcome::Completed);
    QCoreApplication::processEvents();
    QCOMPARE(m_transport->requests("POST").size(), 1);
    QVERIFY(m_transport->requests("DELETE").isEmpty());
}

void TestJobManager::cancelWhileRunning_abortsTheStreamDeletesOnTheWorker_andFreesTheSlot()
{
    addWorkers({s("w1")}, 1);
    makeManager(options());
    QueenJob *a = submitOk(s("A"));
    m_transport->open("POST", s("w1"))->accept(s("wj-a"));
    FakeRequest *stream = m_transport->open("GET", s("w1"));
    stream->send(StartedEvent{s("wj-a"), s("w1"), kModel, 1, 0}.toSse());
    stream->send(TokenEvent{s("Once"), 0}.toSse());
    QueenJob *b = submitOk(s("B"));
    QCOMPARE(b->state(), QueenJob::State::Queued);
    QCOMPARE(dispatched(s("w1")), 1);
    const int streamIndex = int(m_transport->log().size()) - 1;

    a->cancel();

    QCOMPARE(a->outcome(), QueenJob::Outcome::Cancelled);
    QCOMPARE(m_ends.value(a->id()), 1);
    QCOMPARE(m_transport->log().at(streamIndex).state, FakeRequest::State::Aborted);
    const QList<FakeTransport::Entry> deletes = m_transport->requests("DELETE", s("w1"));
    QCOMPARE(deletes.size(), 1);
    QCOMPARE(deletes.first().path, s("/v1/inference/wj-a"));
    QCOMPARE(deletes.first().state, FakeRequest::State::Started);
    // The slot returns: the queued job goes there.
    QTRY_COMPARE_WITH_TIMEOUT(b->state(), QueenJob::State::Dispatching, 5000);
    QCOMPARE(dispatched(s("w1")), 1);
    b->cancel();
    QCOMPARE(dispatched(s("w1")), 0);
    QCOMPARE(m_manager->runningJobs(), 0);
    QVERIFY2(m_transport->requests("DELETE").size() == 1, "b had no worker job id yet: nothing to delete");
}

void TestJobManager::workerGoingOffline_endsItsRunningJobsAsWorkerLost()
{
    addWorkers({s("w1"), s("w2")}, 2);
    makeManager(options(SchedulingPolicy::FirstAvailable));
    QueenJob *a = submitOk(s("A"));
    QueenJob *b = submitOk(s("B"));
    QCOMPARE(a->workerId(), s("w1"));
    QCOMPARE(b->workerId(), s("w1"));
    m_transport->open("POST", s("w1"))->accept(s("wj-b"));
    m_transport->open("GET", s("w1"))->send(TokenEvent{s("x"), 0}.toSse());

    // w2 keeps beating; w1 falls silent past the heartbeat timeout.
    m_clock->advance(WorkerRegistry::kDefaultHeartbeatTimeoutMs + 1);
    QVERIFY(!m_registry->applyHeartbeat(beat(*m_clock, s("w2"), 2)));
    m_registry->sweep();
    QVERIFY(!m_registry->find(s("w1"))->online);

    for (QueenJob *job : {a, b}) {
        QCOMPARE(job->outcome(), QueenJob::Outcome::Failed);
        QCOMPARE(job->error().code, ErrorCode::WorkerLost);
        QVERIFY2(job->error().message.contains(s("Worker w1 went offline")), qPrintable(job->error().message));
        QCOMPARE(m_ends.value(job->id()), 1);
    }
    QCOMPARE(dispatched(s("w1")), 0);
    for (const FakeTransport::Entry &e : m_transport->log()) {
        if (e.method != "DELETE")
            QVERIFY2(e.state != FakeRequest::State::Started && e.state != FakeRequest::State::Streaming,
                     "every request to the lost worker was closed");
    }
    // b had a job on the worker: it is cancelled there too, should the worker still be alive.
    const QList<FakeTransport::Entry> deletes = m_transport->requests("DELETE", s("w1"));
    QCOMPARE(deletes.size(), 1);
    QCOMPARE(deletes.first().path, s("/v1/inference/wj-b"));
    QVERIFY(m_transport->requests("POST", s("w2")).isEmpty());
}

void TestJobManager::queuedJob_whoseWorkersAllLeave_failsNoWorker_andLeavesTheQueue()
{
    addWorkers({s("w1")}, 1);
    makeManager(options());
    QueenJob *a = submitOk(s("A"));
    QueenJob *b = submitOk(s("B"));
    QCOMPARE(b->state(), QueenJob::State::Queued);

    m_clock->advance(WorkerRegistry::kDefaultHeartbeatTimeoutMs + 1);
    m_registry->sweep();
    QCOMPARE(a->error().code, ErrorCode::WorkerLost);
    // Any change of capacity makes the queue look again; a worker of another model will do.
    Heartbeat other = beat(*m_clock, s("x1"), 1);
    other.model = s("other-model");
    QVERIFY(!m_registry->applyHeartbeat(other));
    QTRY_VERIFY_WITH_TIMEOUT(b->isFinished(), 5000);
    QCOMPARE(b->error().code, ErrorCode::NoWorker);
    QCOMPARE(m_manager->queueDepth(), 0);

    // The worker returns: the ended job is not run again.
    QVERIFY(!m_registry->applyHeartbeat(beat(*m_clock, s("w1"), 1)));
    QTest::qWait(50);
    QCOMPARE(m_transport->requests("POST").size(), 1);
    QCOMPARE(b->state(), QueenJob::State::Finished);
    QCOMPARE(m_ends.value(b->id()), 1);
}

void TestJobManager::forget_deletesAnEndedJobOnly()
{
    addWorkers({s("w1")}, 1);
    makeManager(options());
    QPointer<QueenJob> job = submitOk();
    const QString id = job->id();

    m_manager->forget(id);
    QCOMPARE(m_manager->job(id), job.data());

    job->cancel();
    m_manager->forget(id);
    QVERIFY(!m_manager->job(id));
    QTRY_VERIFY_WITH_TIMEOUT(job.isNull(), 5000);
}

void TestJobManager::cacheAware_recordsThePromptOnlyWhenTheWorkerStartedIt()
{
    addWorkers({s("w1"), s("w2")}, 2);
    makeManager(options(SchedulingPolicy::CacheAware));
    const QString prompt = longPrompt();

    // Job 1: the first worker refuses, the second takes it but has not started it yet.
    QueenJob *one = submitOk(prompt);
    const QString refuser = one->workerId();
    m_transport->open("POST", refuser)->answer(503, busyBody());
    const QString taker = one->workerId();
    QVERIFY(taker != refuser);
    m_transport->open("POST", taker)->accept(s("wj-1"));
    FakeRequest *stream = m_transport->open("GET", taker);

    QueenJob *early = submitOk(prompt);
    QVERIFY2(narration(early).join(u'\n').contains(s("no worker holds this prompt")),
             qPrintable(narration(early).join(u'\n')));
    early->cancel();

    // The worker's `started` event: now it holds the prompt.
    stream->send(StartedEvent{s("wj-1"), taker, kModel, 20, 0}.toSse());
    QueenJob *two = submitOk(prompt);
    QCOMPARE(two->workerId(), taker);
    QVERIFY2(narration(two).join(u'\n').contains(s("prompt characters cached there")),
             qPrintable(narration(two).join(u'\n')));
    two->cancel();
    streamToTheEnd(stream, taker);
    QCOMPARE(one->outcome(), QueenJob::Outcome::Completed);

    // Without the taker, the refuser holds nothing of the prompt.
    m_registry->markFailed(taker, s("test"));
    QueenJob *three = submitOk(prompt);
    QCOMPARE(three->workerId(), refuser);
    QVERIFY2(narration(three).join(u'\n').contains(s("no worker holds this prompt")),
             qPrintable(narration(three).join(u'\n')));
}

void TestJobManager::randomRefusalsCancelsAndTimeouts_endEveryJobOnce_andFreeEverySlot()
{
    bool fromEnv = false;
    const quint32 seed = quint32(qEnvironmentVariableIntValue("RBEE_TEST_SEED", &fromEnv));
    const quint32 used = fromEnv ? seed : QRandomGenerator::global()->generate();
    qInfo("seed %u (set RBEE_TEST_SEED to replay)", used);
    QRandomGenerator rng(used);

    const QStringList workers{s("w1"), s("w2"), s("w3")};
    m_registry->setSuspensionMs(0);
    addWorkers(workers, 2);
    const QList<SchedulingPolicy> policies = schedulingPolicies();
    JobManager::Options o = options(policies.at(int(rng.bounded(quint32(policies.size())))));
    o.maxQueue = 6;
    o.queueTimeoutMs = 60;
    o.maxRetries = 2;
    makeManager(o);
    qInfo("policy %s", qPrintable(schedulingPolicyName(o.policy)));

    QList<QPointer<QueenJob>> jobs;
    int rejected = 0;
    int nextWorkerJob = 0;
    auto pick = [&rng](const auto &list) { return list.at(int(rng.bounded(quint32(list.size())))); };
    auto beatAll = [&] {
        m_clock->advance(10);
        for (const QString &w : workers)
            m_registry->applyHeartbeat(beat(*m_clock, w, 2));
    };

    for (int step = 0; step < 400; ++step) {
        const quint32 action = rng.bounded(100);
        const QList<FakeRequest *> submits = m_transport->live("POST");
        const QList<FakeRequest *> streams = m_transport->live("GET");
        if (action < 25) {
            const Result<QueenJob *> r = m_manager->submit(kModel, request(s("p%1").arg(rng.bounded(4))));
            if (r) {
                jobs.append(r.value());
            } else {
                QVERIFY2(r.error().code == ErrorCode::WorkerBusy || r.error().code == ErrorCode::NoWorker,
                         qPrintable(r.error().message));
                ++rejected;
            }
        } else if (action < 45 && !submits.isEmpty()) {
            FakeRequest *req = pick(submits);
            switch (rng.bounded(4)) {
            case 0: req->answer(503, busyBody()); break;
            case 1: req->refuseConnection(); break;
            default: req->accept(s("wj-%1").arg(++nextWorkerJob)); break;
            }
        } else if (action < 70 && !streams.isEmpty()) {
            FakeRequest *req = pick(streams);
            switch (rng.bounded(6)) {
            case 0: req->send(StartedEvent{s("wj"), s("w"), kModel, 1, 0}.toSse()); break;
            case 1: req->send(TokenEvent{s("t"), 0}.toSse()); break;
            case 2: req->send(SseEvent::done()); break;
            case 3: req->breakOff(); break;
            case 4: req->endResponse(); break;
            default: req->send(errorSseEvent(Error{ErrorCode::WorkerError, s("decode failed")})); break;
            }
        } else if (action < 78 && !jobs.isEmpty()) {
            if (QueenJob *job = pick(jobs))
                job->cancel();
        } else if (action < 84) {
            beatAll();
        } else if (action < 86) {
            // One worker falls silent past the timeout; the others keep beating.
            const QString silent = pick(workers);
            m_clock->advance(WorkerRegistry::kDefaultHeartbeatTimeoutMs + 1);
            for (const QString &w : workers) {
                if (w != silent)
                    m_registry->applyHeartbeat(beat(*m_clock, w, 2));
            }
            m_registry->sweep();
        } else if (action < 90) {
            QTest::qWait(int(rng.bounded(80)));  // queue timeouts fire
        } else {
            QCoreApplication::processEvents();
        }
    }

    // The silent burst: every worker back, every request answered, every stream to [DONE].
    beatAll();
    QDeadlineTimer deadline(10000);
    auto unfinished = [&jobs] {
        int n = 0;
        for (const QPointer<QueenJob> &job : jobs)
            n += job && !job->isFinished();
        return n;
    };
    while (unfinished() > 0 && !deadline.hasExpired()) {
        for (FakeRequest *req : m_transport->live("POST"))
            req->accept(s("wj-%1").arg(++nextWorkerJob));
        for (FakeRequest *req : m_transport->live("GET")) {
            req->send(StartedEvent{s("wj"), s("w"), kModel, 1, 0}.toSse());
            req->send(SseEvent::done());
        }
        beatAll();
        QTest::qWait(5);
    }
    for (FakeRequest *req : m_transport->live("DELETE"))
        req->answer(200, "{}");
    QCoreApplication::processEvents();

    QVERIFY2(unfinished() == 0, qPrintable(s("%1 jobs never ended (seed %2)").arg(unfinished()).arg(used)));
    for (const QPointer<QueenJob> &job : jobs) {
        QVERIFY2(job, "a job is kept until it is forgotten");
        QVERIFY2(m_ends.value(job->id()) == 1,
                 qPrintable(s("job ended %1 times (seed %2)").arg(m_ends.value(job->id())).arg(used)));
        QVERIFY(job->outcome() != QueenJob::Outcome::None);
    }
    for (const QString &w : workers)
        QVERIFY2(dispatched(w) == 0,
                 qPrintable(s("%1 still counts %2 dispatched (seed %3)").arg(w).arg(dispatched(w)).arg(used)));
    QCOMPARE(m_manager->queueDepth(), 0);
    QCOMPARE(m_manager->runningJobs(), 0);
    QVERIFY2(jobs.size() > 20, "the run submitted jobs");
    qInfo("%d jobs, %d rejected at submit", int(jobs.size()), rejected);
}

QTEST_GUILESS_MAIN(TestJobManager)
#include "tst_jobmanager.moc"

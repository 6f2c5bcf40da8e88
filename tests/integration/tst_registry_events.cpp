// GET /v1/events end to end: a real `rbee --serve`, real rbee-workers on the tiny model, and
// heartbeats posted by the test where timing must be controlled. The snapshot is /v1/workers;
// workers added, changed and removed arrive as events; several readers get the same events; a
// reader that never reads is dropped while the queen stays fast and small; keep-alive comments.
#include "processmemory.h"
#include "serverprocess.h"

#include "core/json.h"
#include "core/protocol/heartbeat.h"
#include "core/protocol/registryevents.h"
#include "core/sse/sseparser.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcessEnvironment>
#include <QTest>

#include <memory>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace rbee;
using namespace rbee::test;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

const QString kSnapshot = QString::fromLatin1(core::RegistryEvents::kSnapshot);
const QString kWorker = QString::fromLatin1(core::RegistryEvents::kWorker);
const QString kWorkerRemoved = QString::fromLatin1(core::RegistryEvents::kWorkerRemoved);

QJsonObject dataOf(const core::SseEvent &e)
{
    const auto o = core::parseJsonObject(e.data.toUtf8());
    return o ? o.value() : QJsonObject{};
}

// Fields that say how long ago something happened: they differ between two reads a moment apart.
QJsonObject withoutAges(QJsonObject worker)
{
    worker.remove(s("last_heartbeat_age_ms"));
    worker.remove(s("first_seen_age_ms"));
    return worker;
}

QJsonObject withoutAges(const QJsonObject &body, const QString &listKey)
{
    QJsonObject out = body;
    QJsonArray list;
    for (const auto &w : body.value(listKey).toArray())
        list.append(withoutAges(w.toObject()));
    out.insert(listKey, list);
    return out;
}

// One reader of /v1/events that keeps up: every event and every raw byte, as they arrive.
class EventReader {
public:
    explicit EventReader(const QUrl &url, const QString &token = {})
    {
        QNetworkRequest request(url);
        request.setRawHeader("Accept", "text/event-stream");
        if (!token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
        m_reply.reset(m_nam.get(request));
        QObject::connect(m_reply.get(), &QNetworkReply::readyRead, m_reply.get(), [this] {
            const QByteArray bytes = m_reply->readAll();
            raw += bytes;
            events += m_parser.feed(bytes);
        });
    }

    int status() const { return m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(); }
    bool finished() const { return m_reply->isFinished(); }
    void close() { m_reply->abort(); }

    // The first event from index `from` on that matches, or -1 after the timeout.
    int waitForEvent(const std::function<bool(const core::SseEvent &)> &match, int timeoutMs, int from = 0)
    {
        int found = -1;
        waitFor(
            [&] {
                for (int i = from; i < events.size(); ++i) {
                    if (match(events.at(i))) {
                        found = i;
                        return true;
                    }
                }
                return false;
            },
            timeoutMs);
        return found;
    }

    QList<core::SseEvent> events;
    QByteArray raw;

private:
    QNetworkAccessManager m_nam;
    std::unique_ptr<QNetworkReply> m_reply;
    core::SseParser m_parser;
};

std::function<bool(const core::SseEvent &)> workerEvent(const QString &id, const QString &status = {})
{
    return [id, status](const core::SseEvent &e) {
        if (e.event != kWorker)
            return false;
        const QJsonObject w = dataOf(e);
        return w.value(s("worker_id")).toString() == id
               && (status.isEmpty() || w.value(s("status")).toString() == status);
    };
}

core::Heartbeat fakeHeartbeat(const QString &id)
{
    core::Heartbeat hb;
    hb.workerId = id;
    hb.model = s("tiny");
    hb.url = s("http://127.0.0.1:9/") + id;  // nothing listens there: the test speaks for it
    hb.status = core::WorkerStatus::Ready;
    hb.slotsTotal = 1;
    hb.ctxSize = 512;
    hb.version = s("test");
    return hb;
}

int beat(QueenProcess &queen, core::Heartbeat &hb, const QString &token = {})
{
    hb.sentAtMs = QDateTime::currentMSecsSinceEpoch();
    if (token.isEmpty())
        return postJson(queen.url(s("/v1/worker-heartbeat")), hb.toJson()).status;
    return httpRequest("POST", queen.url(s("/v1/worker-heartbeat")), core::toCompactJson(hb.toJson()),
                       {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token.toUtf8()}})
        .status;
}

// What the queen logged about its event readers.
QByteArray eventLog(QueenProcess &queen)
{
    QByteArray out;
    for (const QByteArray &line : queen.stderrText().split('\n')) {
        if (line.contains("event reader"))
            out += line + '\n';
    }
    return out;
}

// A client that asks for the event stream and then never reads a byte. Its receive buffer is
// small, so what the queen writes piles up on the queen's side, where its cap applies.
class StalledReader {
public:
    ~StalledReader()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    bool open(quint16 port)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        if (m_fd < 0)
            return false;
        const int small = 4096;
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(m_fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0)
            return false;
        const QByteArray request = "GET /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n";
        return ::write(m_fd, request.constData(), size_t(request.size())) == request.size();
    }
    // Reads what the queen sent until it closed the connection; -1 if it is still open after the
    // timeout.
    qint64 drain(int timeoutMs)
    {
        QElapsedTimer clock;
        clock.start();
        qint64 total = 0;
        char buffer[64 * 1024];
        while (clock.elapsed() < timeoutMs) {
            pollfd p{m_fd, POLLIN, 0};
            if (::poll(&p, 1, 100) != 1)
                continue;
            const ssize_t n = ::read(m_fd, buffer, sizeof buffer);
            if (n <= 0)
                return total;  // closed (or reset) by the queen
            total += n;
        }
        return -1;
    }

private:
    int m_fd = -1;
};

}  // namespace

class TestRegistryEvents : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void snapshot_isTheWorkersList_thenARealWorkerArrivesAndStops();
    void heartbeatChangingOnlySentAt_sendsNoEvent_butALoadChangeDoes();
    void silentWorker_goesOffline_asAWorkerEvent();
    void deleteWorker_sendsWorkerRemoved();
    void withoutToken_returns401_andWithTokenStreams();
    void twoReaders_receiveTheSameEvents_andClosedReadersAreCleanedUp();
    void readerThatNeverReads_isDropped_whileTheQueenStaysFastAndSmall();
    void keepAliveComment_isSentAtTheConfiguredInterval();
};

void TestRegistryEvents::snapshot_isTheWorkersList_thenARealWorkerArrivesAndStops()
{
    QueenProcess queen;
    QVERIFY2(queen.start({s("--heartbeat-timeout-ms"), s("60000")}), qPrintable(queen.errorString()));
    core::Heartbeat a = fakeHeartbeat(s("fake-a"));
    QCOMPARE(beat(queen, a), 200);

    EventReader reader(queen.url(s("/v1/events")));
    QVERIFY2(reader.waitForEvent([](const core::SseEvent &e) { return e.event == kSnapshot; }, 15000) == 0,
             "no snapshot first");
    QCOMPARE(reader.status(), 200);
    const HttpResult list = httpRequest("GET", queen.url(s("/v1/workers")));
    QCOMPARE(list.status, 200);
    const QJsonObject snapshot = dataOf(reader.events.first());
    QCOMPARE(snapshot.keys(), list.json.keys());
    QCOMPARE(snapshot.value(s("workers")).toArray().size(), 1);
    QCOMPARE(withoutAges(snapshot, s("workers")), withoutAges(list.json, s("workers")));

    WorkerProcess w;
    QVERIFY2(w.start({s("--model"), tinyModelPath(), s("--model-name"), s("tiny"), s("--queen"), queen.url().toString(),
                      s("--heartbeat-ms"), s("300")}),
             qPrintable(w.errorString()));
    QVERIFY2(w.waitReady(), qPrintable(w.errorString()));
    const QString id = httpRequest("GET", w.url(s("/health"))).json.value(s("worker_id")).toString();
    QVERIFY(!id.isEmpty());
    const int added = reader.waitForEvent(workerEvent(id), 30000);
    QVERIFY2(added > 0, "no worker event for the new worker");
    // The same shape as an element of /v1/workers.
    const QJsonObject event = dataOf(reader.events.at(added));
    QJsonObject listed;
    QVERIFY(waitFor(
        [&] {
            for (const auto &v : httpRequest("GET", queen.url(s("/v1/workers"))).json.value(s("workers")).toArray()) {
                if (v.toObject().value(s("worker_id")).toString() == id)
                    listed = v.toObject();
            }
            return !listed.isEmpty();
        },
        15000));
    QCOMPARE(event.keys(), listed.keys());
    QVERIFY(reader.waitForEvent(workerEvent(id, s("ready")), 30000) > 0);

    w.terminate();  // a worker shutting down says so in a last heartbeat
    QVERIFY2(reader.waitForEvent(workerEvent(id, s("stopping")), 30000) > 0, "no worker event saying it stops");
    QVERIFY(w.process().waitForFinished(30000));
}

void TestRegistryEvents::heartbeatChangingOnlySentAt_sendsNoEvent_butALoadChangeDoes()
{
    QueenProcess queen;
    QVERIFY2(queen.start({s("--heartbeat-timeout-ms"), s("60000")}), qPrintable(queen.errorString()));
    EventReader reader(queen.url(s("/v1/events")));
    QVERIFY(reader.waitForEvent([](const core::SseEvent &e) { return e.event == kSnapshot; }, 15000) == 0);
    core::Heartbeat hb = fakeHeartbeat(s("fake-b"));
    QCOMPARE(beat(queen, hb), 200);
    const int added = reader.waitForEvent(workerEvent(hb.workerId), 15000);
    QVERIFY(added > 0);
    QCOMPARE(beat(queen, hb), 200);  // the same heartbeat, a later sent_at_ms
    hb.status = core::WorkerStatus::Busy;
    hb.slotsBusy = 1;
    QCOMPARE(beat(queen, hb), 200);
    const int busy = reader.waitForEvent(workerEvent(hb.workerId, s("busy")), 15000, added + 1);
    QVERIFY2(busy == added + 1, "an event came between the two changes: the sent_at_ms-only heartbeat");
    QCOMPARE(dataOf(reader.events.at(busy)).value(s("slots_busy")).toInt(), 1);
}

void TestRegistryEvents::silentWorker_goesOffline_asAWorkerEvent()
{
    QueenProcess queen;
    QVERIFY2(queen.start({s("--heartbeat-timeout-ms"), s("500")}), qPrintable(queen.errorString()));
    EventReader reader(queen.url(s("/v1/events")));
    QVERIFY(reader.waitForEvent([](const core::SseEvent &e) { return e.event == kSnapshot; }, 15000) == 0);
    core::Heartbeat hb = fakeHeartbeat(s("fake-c"));
    QCOMPARE(beat(queen, hb), 200);
    const int offline = reader.waitForEvent(workerEvent(hb.workerId, s("offline")), 15000);
    QVERIFY2(offline > 0, "no worker event when the worker went silent");
    const QJsonObject w = dataOf(reader.events.at(offline));
    QCOMPARE(w.value(s("online")).toBool(), false);
    QVERIFY(!w.value(s("offline_reason")).toString().isEmpty());
}

void TestRegistryEvents::deleteWorker_sendsWorkerRemoved()
{
    QueenProcess queen;
    QVERIFY2(queen.start({s("--heartbeat-timeout-ms"), s("60000")}), qPrintable(queen.errorString()));
    core::Heartbeat hb = fakeHeartbeat(s("fake-d"));
    QCOMPARE(beat(queen, hb), 200);
    EventReader reader(queen.url(s("/v1/events")));
    QVERIFY(reader.waitForEvent([](const core::SseEvent &e) { return e.event == kSnapshot; }, 15000) == 0);
    QCOMPARE(httpRequest("DELETE", queen.url(s("/v1/workers/fake-d"))).status, 200);
    const int removed = reader.waitForEvent([](const core::SseEvent &e) { return e.event == kWorkerRemoved; }, 15000);
    QVERIFY2(removed > 0, "no worker_removed event");
    QCOMPARE(dataOf(reader.events.at(removed)), (QJsonObject{{s("worker_id"), s("fake-d")}}));
}

void TestRegistryEvents::withoutToken_returns401_andWithTokenStreams()
{
    QueenProcess queen;
    QVERIFY2(queen.start({s("--token"), s("sesame")}), qPrintable(queen.errorString()));
    const HttpResult refused = httpRequest("GET", queen.url(s("/v1/events")));
    QCOMPARE(refused.status, 401);
    QCOMPARE(refused.errorCode(), s("unauthorized"));
    const HttpResult wrong = httpRequest("GET", queen.url(s("/v1/events")), {}, {{"Authorization", "Bearer nope"}});
    QCOMPARE(wrong.status, 401);
    // A page of another site may not read the registry, token or not (the rule of every endpoint).
    const HttpResult crossSite = httpRequest("GET", queen.url(s("/v1/events")), {},
                                             {{"Authorization", "Bearer sesame"}, {"Origin", "http://evil.example"}});
    QCOMPARE(crossSite.status, 403);

    EventReader reader(queen.url(s("/v1/events")), s("sesame"));
    QVERIFY(reader.waitForEvent([](const core::SseEvent &e) { return e.event == kSnapshot; }, 15000) == 0);
    QCOMPARE(reader.status(), 200);
    core::Heartbeat hb = fakeHeartbeat(s("fake-e"));
    QCOMPARE(beat(queen, hb, s("sesame")), 200);
    QVERIFY(reader.waitForEvent(workerEvent(hb.workerId), 15000) > 0);
}

void TestRegistryEvents::twoReaders_receiveTheSameEvents_andClosedReadersAreCleanedUp()
{
    QueenProcess queen;
    QVERIFY2(queen.start({s("--heartbeat-timeout-ms"), s("60000")}), qPrintable(queen.errorString()));
    EventReader first(queen.url(s("/v1/events")));
    EventReader second(queen.url(s("/v1/events")));
    auto isSnapshot = [](const core::SseEvent &e) { return e.event == kSnapshot; };
    QVERIFY(first.waitForEvent(isSnapshot, 15000) == 0);
    QVERIFY(second.waitForEvent(isSnapshot, 15000) == 0);
    core::Heartbeat hb = fakeHeartbeat(s("fake-f"));
    QCOMPARE(beat(queen, hb), 200);
    hb.status = core::WorkerStatus::Busy;
    hb.slotsBusy = 1;
    QCOMPARE(beat(queen, hb), 200);
    QCOMPARE(httpRequest("DELETE", queen.url(s("/v1/workers/fake-f"))).status, 200);
    auto isRemoved = [](const core::SseEvent &e) { return e.event == kWorkerRemoved; };
    QVERIFY(first.waitForEvent(isRemoved, 15000) > 0);
    QVERIFY(second.waitForEvent(isRemoved, 15000) > 0);
    QVERIFY(first.events.size() >= 4);  // snapshot, added, busy, removed
    QCOMPARE(second.events.size(), first.events.size());
    for (int i = 1; i < first.events.size(); ++i) {
        QCOMPARE(second.events.at(i).event, first.events.at(i).event);
        QCOMPARE(withoutAges(dataOf(second.events.at(i))), withoutAges(dataOf(first.events.at(i))));
    }

    // Readers that come and go leave nothing behind: the queen counts them back to none.
    for (int i = 0; i < 20; ++i) {
        EventReader passing(queen.url(s("/v1/events")));
        QVERIFY(passing.waitForEvent(isSnapshot, 15000) == 0);
        passing.close();
    }
    first.close();
    second.close();
    QVERIFY2(waitFor([&] { return queen.stderrText().contains("left; 0 reading"); }, 15000),
             qPrintable(QString::fromUtf8(queen.stderrText().right(2000))));
}

void TestRegistryEvents::readerThatNeverReads_isDropped_whileTheQueenStaysFastAndSmall()
{
    QueenProcess queen;
    QVERIFY2(queen.start({s("--heartbeat-timeout-ms"), s("600000")}), qPrintable(queen.errorString()));
    const qint64 pid = queen.process().processId();
    EventReader keepsUp(queen.url(s("/v1/events")));
    QVERIFY(keepsUp.waitForEvent([](const core::SseEvent &e) { return e.event == kSnapshot; }, 15000) == 0);
    StalledReader stalled;
    QVERIFY(stalled.open(queen.url().port()));

    // Each change of this worker is an event of about 2.5 KB: the longest url a heartbeat may carry.
    core::Heartbeat hb = fakeHeartbeat(s("fake-g"));
    hb.url = s("http://127.0.0.1:9/") + QString(core::Heartbeat::kMaxUrlChars - 20, u'x');
    QCOMPARE(beat(queen, hb), 200);
    QVERIFY(keepsUp.waitForEvent(workerEvent(hb.workerId), 15000) > 0);
    const qint64 before = residentKiB(pid);
    QVERIFY(before > 0);

    // Far more than the cap (1 MiB) and the kernel's buffers together, unless it is dropped first.
    constexpr int kMaxBeats = 4000;
    qint64 slowestHealthMs = 0;
    int beats = 0;
    bool dropped = false;
    for (; beats < kMaxBeats && !dropped; ++beats) {
        hb.status = beats % 2 ? core::WorkerStatus::Ready : core::WorkerStatus::Busy;
        hb.slotsBusy = beats % 2 ? 0 : 1;
        QCOMPARE(beat(queen, hb), 200);
        if (beats % 50 == 0) {
            QElapsedTimer t;
            t.start();
            QCOMPARE(httpRequest("GET", queen.url(s("/health"))).status, 200);
            slowestHealthMs = qMax(slowestHealthMs, t.elapsed());
            dropped = eventLog(queen).contains("dropping event reader");
        }
    }
    QVERIFY2(dropped, qPrintable(QStringLiteral("the stalled reader was not dropped after %1 events: %2")
                                     .arg(beats)
                                     .arg(QString::fromUtf8(eventLog(queen)))));
    // The queen writes nothing more to it: about 1 MB of events after the drop never reaches it.
    const int beatsAtDrop = beats;
    for (; beats < beatsAtDrop + 400; ++beats) {
        hb.status = beats % 2 ? core::WorkerStatus::Ready : core::WorkerStatus::Busy;
        hb.slotsBusy = beats % 2 ? 0 : 1;
        QCOMPARE(beat(queen, hb), 200);
    }
    QVERIFY2(waitFor([&] { return keepsUp.events.size() == 2 + beats; }, 15000),
             qPrintable(QStringLiteral("%1 events of %2").arg(keepsUp.events.size()).arg(2 + beats)));
    const qint64 eventBytes = keepsUp.raw.size();
    const qint64 received = stalled.drain(15000);
    QVERIFY2(received >= 0, "the queen did not close the stalled reader's connection");
    QVERIFY2(received < eventBytes - 512 * 1024,
             qPrintable(QStringLiteral("the stalled reader got %1 of %2 bytes").arg(received).arg(eventBytes)));
    const qint64 after = residentKiB(pid);
    qInfo() << "dropped after" << beatsAtDrop << "events of ~2.5 KB (" << received << "of" << eventBytes
            << "bytes read); slowest /health" << slowestHealthMs << "ms; RSS" << before / 1024 << "->" << after / 1024
            << "MiB";
    QVERIFY2(after - before < kRssGrowthBoundKiB,
             qPrintable(QStringLiteral("RSS grew by %1 MiB").arg((after - before) / 1024)));
    // Generous for a loaded two-core machine; a queen waiting on the stalled reader would hang.
    QVERIFY2(slowestHealthMs < 3000, qPrintable(QStringLiteral("/health took %1 ms").arg(slowestHealthMs)));

    // The reader that keeps up saw every change, and the queen goes on as before.
    hb.status = core::WorkerStatus::Stopping;
    QCOMPARE(beat(queen, hb), 200);
    QVERIFY(keepsUp.waitForEvent(workerEvent(hb.workerId, s("stopping")), 15000) > 0);
    QCOMPARE(keepsUp.events.size(), 2 + beats + 1);
    QVERIFY(!keepsUp.finished());
}

void TestRegistryEvents::keepAliveComment_isSentAtTheConfiguredInterval()
{
    QueenProcess queen;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(s("RBEE_EVENTS_KEEPALIVE_MS"), s("200"));
    queen.process().setProcessEnvironment(env);
    QVERIFY2(queen.start(), qPrintable(queen.errorString()));
    EventReader reader(queen.url(s("/v1/events")));
    QVERIFY(reader.waitForEvent([](const core::SseEvent &e) { return e.event == kSnapshot; }, 15000) == 0);
    QVERIFY2(waitFor([&] { return reader.raw.count(core::RegistryEvents::kKeepAlive) >= 3; }, 15000),
             reader.raw.right(500).constData());
    QCOMPARE(reader.events.size(), 1);  // comments are not events
    QVERIFY(!reader.finished());
}

QTEST_GUILESS_MAIN(TestRegistryEvents)
#include "tst_registry_events.moc"

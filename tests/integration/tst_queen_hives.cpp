// The queen's side of hives end to end: a real `rbee --serve` with a token and a short heartbeat
// timeout, hive reports posted by the test (valid, invalid, too large, without the token), the
// table of GET /v1/hives going offline after the timeout, placement's 404 and 409 answers, and
// POST /v1/workers, DELETE /v1/workers/{id} and POST /v1/hives/{name}/models against hives that
// the test serves itself on loopback (they answer as docs/protocol.md says rbee-hive does, and
// record what the queen sent them). Hive events on GET /v1/events, hive counts in /metrics.
#include "serverprocess.h"

#include "core/http/httpconnection.h"
#include "core/http/httpserver.h"
#include "core/json.h"
#include "core/protocol/endpoints.h"
#include "core/protocol/hivereport.h"
#include "core/protocol/registryevents.h"
#include "core/sse/sseparser.h"

#include <QDateTime>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTest>

#include <memory>

using namespace rbee;
using namespace rbee::test;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

const QString kToken = s("hive-secret");
constexpr int kTimeoutMs = 1500;  // the queen's --heartbeat-timeout-ms
constexpr qint64 kMiB = qint64(1) << 20;
constexpr qint64 kGiB = qint64(1) << 30;

QList<QPair<QByteArray, QByteArray>> auth(const QString &token = kToken)
{
    QList<QPair<QByteArray, QByteArray>> h{{"Content-Type", "application/json"}};
    if (!token.isEmpty())
        h.append({"Authorization", "Bearer " + token.toUtf8()});
    return h;
}

HttpResult post(QueenProcess &queen, const QString &path, const QJsonObject &body, const QString &token = kToken)
{
    return httpRequest("POST", queen.url(path), QJsonDocument(body).toJson(QJsonDocument::Compact), auth(token));
}

HttpResult get(QueenProcess &queen, const QString &path)
{
    return httpRequest("GET", queen.url(path), {}, auth());
}

core::ListedDevice device(const QString &name, bool gpu, qint64 freeBytes)
{
    core::ListedDevice d;
    d.name = name;
    d.backend = gpu ? s("Vulkan") : s("CPU");
    d.memoryTotalBytes = freeBytes * 2;
    d.memoryFreeBytes = freeBytes;
    d.gpu = gpu;
    return d;
}

// 100 MiB of weights, 1 KiB of KV cache per token, 10 MiB of compute: 126 MiB with 4 x 4096.
core::HiveModel model(const QString &name = s("tiny"))
{
    core::HiveModel m;
    m.name = name;
    m.sizeBytes = 100 * kMiB;
    m.architecture = s("llama");
    m.layers = 9;
    m.kvBytesPerToken = 1024;
    m.computeBytes = 10 * kMiB;
    return m;
}

core::HiveReport report(const QString &name, const QString &url, const QList<core::ListedDevice> &devices,
                        const QList<core::HiveModel> &models = {model()})
{
    core::HiveReport h;
    h.name = name;
    h.url = url;
    h.version = s("0.1.0");
    h.devices = devices;
    h.ramTotalBytes = 16 * kGiB;
    h.ramFreeBytes = 8 * kGiB;
    h.cpuCores = 4;
    h.diskFreeBytes = 50 * kGiB;
    h.maxWorkers = 4;
    h.models = models;
    h.sentAtMs = QDateTime::currentMSecsSinceEpoch();
    return h;
}

HttpResult beat(QueenProcess &queen, core::HiveReport h)
{
    h.sentAtMs = QDateTime::currentMSecsSinceEpoch();
    return post(queen, QLatin1String(core::Endpoint::kHiveHeartbeat), h.toJson());
}

QJsonObject hiveIn(const HttpResult &hives, const QString &name)
{
    for (const auto &v : hives.json.value(s("hives")).toArray()) {
        if (v.toObject().value(s("name")).toString() == name)
            return v.toObject();
    }
    return {};
}

// A hive's API served by the test on loopback: answers as rbee-hive does (docs/protocol.md,
// "Hive") with what the test set, and records every request the queen sent it.
class FakeHive {
public:
    struct Seen {
        QByteArray method;
        QString path;
        QByteArray authorization;
        QJsonObject body;
    };

    FakeHive()
    {
        auto record = [this](const core::HttpRequest &r) {
            const auto body = core::parseJsonObject(r.body);
            seen.append({r.method, r.path, r.header("authorization"), body ? body.value() : QJsonObject{}});
        };
        m_http.route("POST", QLatin1String(core::Endpoint::kHiveWorkers),
                     [this, record](core::HttpRequest r, core::HttpResponder responder) {
                         record(r);
                         QJsonObject answer = startAnswer;
                         if (startStatus == 201)
                             answer.insert(s("hive"), name);
                         responder.sendJson(startStatus, answer);
                     });
        m_http.route(
            "DELETE", QLatin1String(core::Endpoint::kHiveWorker),
            [this, record](core::HttpRequest r, core::HttpResponder responder) {
                record(r);
                responder.sendJson(200, {{s("worker_id"), r.pathParam(s("id"))}, {s("status"), s("stopping")}});
            });
        m_http.route("POST", QLatin1String(core::Endpoint::kHiveModels),
                     [this, record](core::HttpRequest r, core::HttpResponder responder) {
                         record(r);
                         responder.sendJson(
                             202, {{s("model"), seen.last().body.value(s("model"))}, {s("status"), s("running")}});
                     });
        if (!m_http.listen(QHostAddress::LocalHost, 0))
            qFatal("the fake hive cannot listen");
    }

    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_http.serverPort()); }

    QString name;
    int startStatus = 201;
    QJsonObject startAnswer;
    QList<Seen> seen;

private:
    core::HttpServer m_http;
};

// One reader of /v1/events that keeps up: every event, as it arrives.
class EventReader {
public:
    explicit EventReader(const QUrl &url)
    {
        QNetworkRequest request(url);
        request.setRawHeader("Authorization", "Bearer " + kToken.toUtf8());
        m_reply.reset(m_nam.get(request));
        QObject::connect(m_reply.get(), &QNetworkReply::readyRead, m_reply.get(),
                         [this] { events += m_parser.feed(m_reply->readAll()); });
    }

    // The first event from index `from` on with this name whose data matches, or -1 after the timeout.
    int waitForEvent(const QString &name, const std::function<bool(const QJsonObject &)> &match, int timeoutMs,
                     int from = 0)
    {
        int found = -1;
        waitFor(
            [&] {
                for (int i = from; i < events.size(); ++i) {
                    const auto data = core::parseJsonObject(events.at(i).data.toUtf8());
                    if (events.at(i).event == name && data && match(data.value())) {
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

private:
    QNetworkAccessManager m_nam;
    std::unique_ptr<QNetworkReply> m_reply;
    core::SseParser m_parser;
};

}  // namespace

class TestQueenHives : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void hiveHeartbeat_valid_isListedByGetHives();
    void hiveHeartbeat_invalidField_returns400NamingIt_data();
    void hiveHeartbeat_invalidField_returns400NamingIt();
    void hiveHeartbeat_tooLarge_returns413();
    void hiveHeartbeat_withoutToken_returns401AndRegistersNothing();
    void hiveHeartbeat_nameOfOnlineHiveAtAnotherUrl_returns409();
    void hives_silentHive_goesOfflineAfterTheTimeout();
    void metrics_countHivesByStatus();

    void startWorker_noHiveHasTheModel_returns404NamingWhoHasWhat();
    void startWorker_noRoom_returns409WithTheNumbers();
    void startWorker_invalidBody_returns400NamingTheField();
    void startWorker_placed_hiveStartsItWithTokenAndDevice_returns202WithReason();
    void startWorker_firstHiveRefuses_nextIsTriedAndTheReasonSaysSo();
    void startWorker_onlyHiveUnreachable_returns502NamingIt();

    void stopWorker_hivesWorker_isStoppedThroughItsHive();
    void stopWorker_hiveDoesNotAnswer_returns502NamingItAndKeepsTheWorker();
    void stopWorker_unmanagedWorker_isOnlyForgotten();

    void pullModel_unknownHive_returns404();
    void pullModel_fromHiveWithoutTheModel_returns404NamingWhoHasIt();
    void pullModel_forwardedToTheHive_andItsAnswerRelayed();

    void events_hiveSnapshotThenHiveChangesAndRemoval();

private:
    std::unique_ptr<QueenProcess> m_queen;
};

void TestQueenHives::init()
{
    m_queen = std::make_unique<QueenProcess>();
    QVERIFY2(m_queen->start({s("--token"), kToken, s("--heartbeat-timeout-ms"), QString::number(kTimeoutMs)}),
             qPrintable(m_queen->errorString()));
}

void TestQueenHives::cleanup()
{
    m_queen.reset();
}

void TestQueenHives::hiveHeartbeat_valid_isListedByGetHives()
{
    const auto r = beat(*m_queen, report(s("attic"), s("http://127.0.0.1:9"), {device(s("CPU"), false, kGiB)}));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value(s("ok")).toBool(), true);
    QCOMPARE(r.json.value(s("heartbeat_interval_ms")).toInt(), kTimeoutMs / 3);
    QVERIFY(r.json.value(s("server_time_ms")).toInteger() > 0);

    const auto hives = get(*m_queen, QLatin1String(core::Endpoint::kHives));
    QCOMPARE(hives.status, 200);
    QCOMPARE(hives.json.value(s("heartbeat_timeout_ms")).toInt(), kTimeoutMs);
    const QJsonObject attic = hiveIn(hives, s("attic"));
    QCOMPARE(attic.value(s("status")).toString(), s("ready"));
    QCOMPARE(attic.value(s("online")).toBool(), true);
    QCOMPARE(attic.value(s("url")).toString(), s("http://127.0.0.1:9"));
    QCOMPARE(attic.value(s("devices")).toArray().size(), 1);
    QCOMPARE(attic.value(s("models")).toArray().at(0).toObject().value(s("name")).toString(), s("tiny"));
    QVERIFY(attic.value(s("last_heartbeat_age_ms")).toInteger() >= 0);
}

void TestQueenHives::hiveHeartbeat_invalidField_returns400NamingIt_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("field");
    QTest::newRow("model name leaving the folder")
        << s("models.0.name") << QJsonValue(s("../etc")) << s("models[0].name");
    QTest::newRow("negative free memory")
        << s("devices.0.memory_free_bytes") << QJsonValue(-1) << s("devices[0].memory_free_bytes");
    QTest::newRow("url not http") << s("url") << QJsonValue(s("ftp://attic")) << s("url");
    QTest::newRow("name missing") << s("name") << QJsonValue() << s("name");
}

void TestQueenHives::hiveHeartbeat_invalidField_returns400NamingIt()
{
    QFETCH(QString, path);
    QFETCH(QJsonValue, value);
    QFETCH(QString, field);
    QJsonObject body = report(s("attic"), s("http://127.0.0.1:9"), {device(s("CPU"), false, kGiB)}).toJson();
    const QStringList parts = path.split(u'.');
    if (parts.size() == 1) {
        if (value.isUndefined() || value.isNull())
            body.remove(path);
        else
            body.insert(path, value);
    } else {
        QJsonArray array = body.value(parts.at(0)).toArray();
        QJsonObject element = array.at(parts.at(1).toInt()).toObject();
        element.insert(parts.at(2), value);
        array.replace(parts.at(1).toInt(), element);
        body.insert(parts.at(0), array);
    }
    const auto r = post(*m_queen, QLatin1String(core::Endpoint::kHiveHeartbeat), body);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.errorCode(), s("bad_request"));
    QCOMPARE(r.errorField(), field);
    QCOMPARE(get(*m_queen, QLatin1String(core::Endpoint::kHives)).json.value(s("hives")).toArray().size(), 0);
}

void TestQueenHives::hiveHeartbeat_tooLarge_returns413()
{
    QJsonObject body = report(s("attic"), s("http://127.0.0.1:9"), {}).toJson();
    body.insert(s("padding"), QString(int(core::HiveReport::kMaxBodyBytes), u'x'));
    const auto r = post(*m_queen, QLatin1String(core::Endpoint::kHiveHeartbeat), body);
    QCOMPARE(r.status, 413);
    QCOMPARE(r.errorCode(), s("payload_too_large"));
}

void TestQueenHives::hiveHeartbeat_withoutToken_returns401AndRegistersNothing()
{
    const core::HiveReport h = report(s("attic"), s("http://127.0.0.1:9"), {});
    QCOMPARE(post(*m_queen, QLatin1String(core::Endpoint::kHiveHeartbeat), h.toJson(), QString()).status, 401);
    QCOMPARE(post(*m_queen, QLatin1String(core::Endpoint::kHiveHeartbeat), h.toJson(), s("wrong")).status, 401);
    const auto listing = httpRequest("GET", m_queen->url(QLatin1String(core::Endpoint::kHives)));
    QCOMPARE(listing.status, 401);
    QCOMPARE(get(*m_queen, QLatin1String(core::Endpoint::kHives)).json.value(s("hives")).toArray().size(), 0);
}

void TestQueenHives::hiveHeartbeat_nameOfOnlineHiveAtAnotherUrl_returns409()
{
    QCOMPARE(beat(*m_queen, report(s("attic"), s("http://127.0.0.1:9"), {})).status, 200);
    const auto r = beat(*m_queen, report(s("attic"), s("http://127.0.0.2:9"), {}));
    QCOMPARE(r.status, 409);
    QCOMPARE(r.errorCode(), s("conflict"));
    QVERIFY2(r.json.value(s("error")).toObject().value(s("message")).toString().contains(s("http://127.0.0.1:9")),
             r.body.constData());
    QCOMPARE(hiveIn(get(*m_queen, QLatin1String(core::Endpoint::kHives)), s("attic")).value(s("url")).toString(),
             s("http://127.0.0.1:9"));
}

void TestQueenHives::hives_silentHive_goesOfflineAfterTheTimeout()
{
    QCOMPARE(beat(*m_queen, report(s("attic"), s("http://127.0.0.1:9"), {})).status, 200);
    QJsonObject attic;
    QVERIFY2(waitFor(
                 [&] {
                     attic = hiveIn(get(*m_queen, QLatin1String(core::Endpoint::kHives)), s("attic"));
                     return attic.value(s("status")).toString() == s("offline");
                 },
                 kTimeoutMs * 6, 100),
             "the silent hive never went offline");
    QVERIFY(!attic.value(s("online")).toBool());
    QVERIFY2(attic.value(s("offline_reason")).toString().startsWith(s("no heartbeat for")),
             qPrintable(attic.value(s("offline_reason")).toString()));
    QVERIFY(attic.value(s("last_heartbeat_age_ms")).toInteger() > kTimeoutMs);
    // A report brings it back.
    QCOMPARE(beat(*m_queen, report(s("attic"), s("http://127.0.0.1:9"), {})).status, 200);
    QCOMPARE(hiveIn(get(*m_queen, QLatin1String(core::Endpoint::kHives)), s("attic")).value(s("status")).toString(),
             s("ready"));
}

void TestQueenHives::metrics_countHivesByStatus()
{
    QCOMPARE(beat(*m_queen, report(s("attic"), s("http://127.0.0.1:9"), {})).status, 200);
    const auto metrics = get(*m_queen, QLatin1String(core::Endpoint::kMetrics));
    QCOMPARE(metrics.status, 200);
    QVERIFY2(metrics.body.contains("rbee_hives{status=\"ready\"} 1\n"), metrics.body.constData());
    QVERIFY2(metrics.body.contains("rbee_hives{status=\"offline\"} 0\n"), metrics.body.constData());
}

void TestQueenHives::startWorker_noHiveHasTheModel_returns404NamingWhoHasWhat()
{
    QCOMPARE(beat(*m_queen,
                  report(s("attic"), s("http://127.0.0.1:9"), {device(s("CPU"), false, kGiB)}, {model(s("llama-1b"))}))
                 .status,
             200);
    const auto r = post(*m_queen, QLatin1String(core::Endpoint::kWorkers), {{s("model"), s("tiny")}});
    QCOMPARE(r.status, 404);
    QCOMPARE(r.errorCode(), s("model_not_found"));
    QCOMPARE(r.json.value(s("error")).toObject().value(s("message")).toString(),
             s("no online hive has model 'tiny': attic has llama-1b"));
}

void TestQueenHives::startWorker_noRoom_returns409WithTheNumbers()
{
    QCOMPARE(beat(*m_queen, report(s("attic"), s("http://127.0.0.1:9"), {device(s("CPU"), false, 64 * kMiB)})).status,
             200);
    const auto r = post(*m_queen, QLatin1String(core::Endpoint::kWorkers), {{s("model"), s("tiny")}});
    QCOMPARE(r.status, 409);
    QCOMPARE(r.errorCode(), s("conflict"));
    const QString message = r.json.value(s("error")).toObject().value(s("message")).toString();
    QVERIFY2(message.contains(s("it needs 126.0 MiB")), qPrintable(message));
    QVERIFY2(message.contains(s("attic's CPU has 64.0 MiB free, needs 126.0 MiB")), qPrintable(message));
}

void TestQueenHives::startWorker_invalidBody_returns400NamingTheField()
{
    const auto r = post(*m_queen, QLatin1String(core::Endpoint::kWorkers), {{s("model"), s("../x")}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.errorField(), s("model"));
    const auto unknown =
        post(*m_queen, QLatin1String(core::Endpoint::kWorkers), {{s("model"), s("tiny")}, {s("gpus"), 2}});
    QCOMPARE(unknown.status, 400);
    QCOMPARE(unknown.errorField(), s("gpus"));
}

void TestQueenHives::startWorker_placed_hiveStartsItWithTokenAndDevice_returns202WithReason()
{
    FakeHive attic;
    attic.name = s("attic");
    attic.startAnswer = {{s("worker_id"), s("attic-tiny-1")}, {s("url"), s("http://127.0.0.1:40001")}};
    QCOMPARE(beat(*m_queen, report(s("attic"), attic.url(),
                                   {device(s("CPU"), false, 8 * kGiB), device(s("Vulkan0"), true, 2 * kGiB)}))
                 .status,
             200);
    const auto r = post(*m_queen, QLatin1String(core::Endpoint::kWorkers), {{s("model"), s("tiny")}, {s("slots"), 2}});
    QCOMPARE(r.status, 202);
    QCOMPARE(r.json.value(s("worker_id")).toString(), s("attic-tiny-1"));
    QCOMPARE(r.json.value(s("url")).toString(), s("http://127.0.0.1:40001"));
    QCOMPARE(r.json.value(s("hive")).toString(), s("attic"));
    QCOMPARE(r.json.value(s("device")).toString(), s("Vulkan0"));
    QCOMPARE(r.json.value(s("reason")).toString(),
             s("placed on attic's Vulkan0: needs 118.0 MiB, 2.00 GiB free (GPU before CPU; most free of 1 GPU device "
               "with room on 1 hive)"));
    QCOMPARE(attic.seen.size(), 1);
    QCOMPARE(attic.seen.at(0).authorization, "Bearer " + kToken.toUtf8());
    QCOMPARE(attic.seen.at(0).body,
             (QJsonObject{{s("model"), s("tiny")}, {s("device"), s("Vulkan0")}, {s("slots"), 2}}));
}

void TestQueenHives::startWorker_firstHiveRefuses_nextIsTriedAndTheReasonSaysSo()
{
    FakeHive attic;
    attic.name = s("attic");
    attic.startStatus = 409;
    attic.startAnswer = {{s("error"), QJsonObject{{s("code"), s("conflict")}, {s("message"), s("4 workers run")}}}};
    FakeHive den;
    den.name = s("den");
    den.startAnswer = {{s("worker_id"), s("den-tiny-1")}, {s("url"), s("http://127.0.0.1:40002")}};
    QCOMPARE(beat(*m_queen, report(s("attic"), attic.url(),
                                   {device(s("Vulkan0"), true, 8 * kGiB), device(s("CPU"), false, 8 * kGiB)}))
                 .status,
             200);
    QCOMPARE(beat(*m_queen, report(s("den"), den.url(), {device(s("CPU"), false, 4 * kGiB)})).status, 200);
    const auto r = post(*m_queen, QLatin1String(core::Endpoint::kWorkers), {{s("model"), s("tiny")}});
    QCOMPARE(r.status, 202);
    QCOMPARE(r.json.value(s("worker_id")).toString(), s("den-tiny-1"));
    QCOMPARE(r.json.value(s("hive")).toString(), s("den"));
    QCOMPARE(r.json.value(s("device")).toString(), s("CPU"));
    const QString reason = r.json.value(s("reason")).toString();
    QVERIFY2(reason.startsWith(s("attic's Vulkan0 refused: hive 'attic': 4 workers run; placed on den's CPU")),
             qPrintable(reason));
    // Full: its other device was not asked.
    QCOMPARE(attic.seen.size(), 1);
    QCOMPARE(den.seen.size(), 1);
}

void TestQueenHives::startWorker_onlyHiveUnreachable_returns502NamingIt()
{
    QCOMPARE(beat(*m_queen, report(s("attic"), s("http://127.0.0.1:9"), {device(s("CPU"), false, kGiB)})).status, 200);
    const auto r = post(*m_queen, QLatin1String(core::Endpoint::kWorkers), {{s("model"), s("tiny")}}, kToken);
    QCOMPARE(r.status, 502);
    QCOMPARE(r.errorCode(), s("hive_unreachable"));
    const QString message = r.json.value(s("error")).toObject().value(s("message")).toString();
    QVERIFY2(message.startsWith(s("hive 'attic' at http://127.0.0.1:9 did not answer")), qPrintable(message));
}

void TestQueenHives::stopWorker_hivesWorker_isStoppedThroughItsHive()
{
    FakeHive attic;
    attic.name = s("attic");
    core::HiveReport h = report(s("attic"), attic.url(), {device(s("CPU"), false, kGiB)});
    core::HiveWorker w;
    w.workerId = s("attic-tiny-1");
    w.model = s("tiny");
    w.status = s("running");
    w.url = s("http://127.0.0.1:40001");
    h.workers.append(w);
    QCOMPARE(beat(*m_queen, h).status, 200);
    const auto r = httpRequest("DELETE", m_queen->url(core::Endpoint::worker(s("attic-tiny-1"))), {}, auth());
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json, (QJsonObject{{s("removed"), s("attic-tiny-1")}, {s("stopped_by"), s("attic")}}));
    QCOMPARE(attic.seen.size(), 1);
    QCOMPARE(attic.seen.at(0).method, QByteArray("DELETE"));
    QCOMPARE(attic.seen.at(0).path, s("/v1/hive/workers/attic-tiny-1"));
    QCOMPARE(attic.seen.at(0).authorization, "Bearer " + kToken.toUtf8());
}

void TestQueenHives::stopWorker_hiveDoesNotAnswer_returns502NamingItAndKeepsTheWorker()
{
    core::HiveReport h = report(s("attic"), s("http://127.0.0.1:9"), {device(s("CPU"), false, kGiB)});
    core::HiveWorker w;
    w.workerId = s("attic-tiny-1");
    w.model = s("tiny");
    w.status = s("running");
    h.workers.append(w);
    QCOMPARE(beat(*m_queen, h).status, 200);
    const auto r = httpRequest("DELETE", m_queen->url(core::Endpoint::worker(s("attic-tiny-1"))), {}, auth());
    QCOMPARE(r.status, 502);
    QCOMPARE(r.errorCode(), s("hive_unreachable"));
    QVERIFY2(r.json.value(s("error")).toObject().value(s("message")).toString().contains(s("hive 'attic'")),
             r.body.constData());
}

void TestQueenHives::stopWorker_unmanagedWorker_isOnlyForgotten()
{
    const auto r = httpRequest("DELETE", m_queen->url(core::Endpoint::worker(s("nobody"))), {}, auth());
    QCOMPARE(r.status, 404);
    QCOMPARE(r.errorCode(), s("not_found"));
}

void TestQueenHives::pullModel_unknownHive_returns404()
{
    const auto r = post(*m_queen, core::Endpoint::hiveModelsOnQueen(s("attic")),
                        {{s("model"), s("tiny")}, {s("url"), s("http://127.0.0.1:9/tiny.gguf")}});
    QCOMPARE(r.status, 404);
    QCOMPARE(r.errorCode(), s("not_found"));
}

void TestQueenHives::pullModel_fromHiveWithoutTheModel_returns404NamingWhoHasIt()
{
    QCOMPARE(beat(*m_queen, report(s("attic"), s("http://127.0.0.1:9"), {}, {})).status, 200);
    QCOMPARE(beat(*m_queen, report(s("kitchen"), s("http://127.0.0.2:9"), {}, {model(s("llama-1b"))})).status, 200);
    QCOMPARE(beat(*m_queen, report(s("den"), s("http://127.0.0.3:9"), {}, {model(s("tiny"))})).status, 200);
    const auto r = post(*m_queen, core::Endpoint::hiveModelsOnQueen(s("attic")),
                        {{s("model"), s("tiny")}, {s("from_hive"), s("kitchen")}});
    QCOMPARE(r.status, 404);
    QCOMPARE(r.errorCode(), s("model_not_found"));
    QCOMPARE(r.errorField(), s("from_hive"));
    QCOMPARE(r.json.value(s("error")).toObject().value(s("message")).toString(),
             s("hive 'kitchen' has no model 'tiny'; online hives that have model 'tiny': den"));
}

void TestQueenHives::pullModel_forwardedToTheHive_andItsAnswerRelayed()
{
    FakeHive attic;
    attic.name = s("attic");
    QCOMPARE(beat(*m_queen, report(s("attic"), attic.url(), {}, {})).status, 200);
    QCOMPARE(beat(*m_queen, report(s("den"), s("http://127.0.0.3:9"), {}, {model(s("tiny"))})).status, 200);
    const QJsonObject pull{{s("model"), s("tiny")}, {s("from_hive"), s("den")}};
    const auto r = post(*m_queen, core::Endpoint::hiveModelsOnQueen(s("attic")), pull);
    QCOMPARE(r.status, 202);
    QCOMPARE(r.json, (QJsonObject{{s("model"), s("tiny")}, {s("status"), s("running")}}));
    QCOMPARE(attic.seen.size(), 1);
    QCOMPARE(attic.seen.at(0).path, s("/v1/hive/models"));
    QCOMPARE(attic.seen.at(0).body, pull);
    QCOMPARE(attic.seen.at(0).authorization, "Bearer " + kToken.toUtf8());
}

void TestQueenHives::events_hiveSnapshotThenHiveChangesAndRemoval()
{
    QCOMPARE(beat(*m_queen, report(s("attic"), s("http://127.0.0.1:9"), {})).status, 200);
    EventReader reader(m_queen->url(QLatin1String(core::Endpoint::kEvents)));
    const auto named = [](const QString &name) {
        return [name](const QJsonObject &o) { return o.value(s("name")).toString() == name; };
    };
    const int snapshot = reader.waitForEvent(
        QLatin1String(core::RegistryEvents::kHiveSnapshot),
        [](const QJsonObject &o) { return o.value(s("hives")).toArray().size() == 1; }, 15000);
    QVERIFY2(snapshot >= 0, "no hive_snapshot listing attic");
    QCOMPARE(reader.events.first().event, QLatin1String(core::RegistryEvents::kSnapshot));

    QCOMPARE(beat(*m_queen, report(s("kitchen"), s("http://127.0.0.2:9"), {})).status, 200);
    const int added = reader.waitForEvent(QLatin1String(core::RegistryEvents::kHive), named(s("kitchen")), 15000);
    QVERIFY2(added > snapshot, "no hive event for kitchen");
    // Both go silent: offline after the timeout, removed after ten times it.
    const int offline = reader.waitForEvent(
        QLatin1String(core::RegistryEvents::kHive),
        [](const QJsonObject &o) {
            return o.value(s("name")).toString() == s("kitchen") && o.value(s("status")).toString() == s("offline");
        },
        kTimeoutMs * 6, added);
    QVERIFY2(offline > added, "kitchen never went offline on the stream");
    const int removed = reader.waitForEvent(QLatin1String(core::RegistryEvents::kHiveRemoved), named(s("kitchen")),
                                            kTimeoutMs * 20, offline);
    QVERIFY2(removed > offline, "kitchen was never removed on the stream");
}

QTEST_GUILESS_MAIN(TestQueenHives)
#include "tst_queen_hives.moc"

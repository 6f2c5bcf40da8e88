// The wire contract in src/core/protocol and error.h: InferenceRequest and Heartbeat validation
// (every field), stream events over SSE, error codes/statuses/bodies, and RoutePattern matching.
#include "core/error.h"
#include "core/http/httpresponse.h"
#include "core/http/routepattern.h"
#include "core/json.h"
#include "core/protocol/displaystatus.h"
#include "core/protocol/heartbeat.h"
#include "core/protocol/inferencerequest.h"
#include "core/protocol/jobaccepted.h"
#include "core/protocol/streamevents.h"
#include "core/protocol/workerhealth.h"
#include "core/sse/sseparser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <algorithm>
#include <iterator>

using namespace rbee::core;

using Params = QHash<QString, QString>;

namespace rbee::core {
char *toString(ErrorCode code)
{
    return qstrdup(errorCodeName(code).toUtf8().constData());
}
char *toString(WorkerStatus status)
{
    return qstrdup(workerStatusName(status).toUtf8().constData());
}
char *toString(StopReason reason)
{
    return qstrdup(stopReasonName(reason).toUtf8().constData());
}
}  // namespace rbee::core

Q_DECLARE_METATYPE(rbee::core::ErrorCode)
Q_DECLARE_METATYPE(rbee::core::SseEvent)
Q_DECLARE_METATYPE(rbee::core::StopReason)
Q_DECLARE_METATYPE(rbee::core::WorkerStatus)
Q_DECLARE_METATYPE(rbee::core::DisplayStatus)

namespace {

constexpr int kMaxTokensLimit = 4096;

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

QJsonObject userMessage(const char *content = "hi")
{
    return {{s("role"), s("user")}, {s("content"), s(content)}};
}

QJsonObject prompt(const QString &key, const QJsonValue &value)
{
    QJsonObject o{{s("prompt"), s("Hello")}};
    o.insert(key, value);
    return o;
}

QJsonObject chat(const QJsonValue &messages)
{
    return {{s("messages"), messages}};
}

QJsonArray stops(int count, const QString &each = s("x"))
{
    QJsonArray a;
    for (int i = 0; i < count; ++i)
        a.append(QString(each + QString::number(i)));
    return a;
}

Heartbeat validHeartbeat()
{
    Heartbeat hb;
    hb.workerId = s("worker-1");
    hb.model = s("tiny-llama");
    hb.url = s("http://127.0.0.1:8081");
    hb.device.name = s("CUDA0");
    hb.device.description = s("NVIDIA GeForce RTX 4090");
    hb.device.backend = s("CUDA");
    hb.device.memoryTotalBytes = qint64(24) << 30;
    hb.device.memoryFreeBytes = qint64(20) << 30;
    hb.device.gpuLayers = 3;
    hb.device.modelLayers = 3;
    hb.status = WorkerStatus::Ready;
    hb.slotsTotal = 4;
    hb.slotsBusy = 1;
    hb.queueDepth = 2;
    hb.ctxSize = 4096;
    hb.tokensPerS = 12.5;
    hb.version = s("0.1.0");
    hb.sentAtMs = 1700000000123;
    hb.promptTokensCached = 1500;
    hb.promptTokensDecoded = 700;
    return hb;
}

QJsonObject heartbeatWith(const QString &key, const QJsonValue &value)
{
    QJsonObject o = validHeartbeat().toJson();
    o.insert(key, value);
    return o;
}

QJsonObject heartbeatWithout(const QString &key)
{
    QJsonObject o = validHeartbeat().toJson();
    o.remove(key);
    return o;
}

QList<SseEvent> overTheWire(const SseEvent &event)
{
    SseParser parser;
    return parser.feed(event.serialize());
}

struct CodeRow {
    ErrorCode code;
    const char *name;
    int status;
};

// Every enumerator of ErrorCode, as documented in error.h.
const CodeRow kAllCodes[] = {
    {ErrorCode::BadRequest, "bad_request", 400},
    {ErrorCode::Unauthorized, "unauthorized", 401},
    {ErrorCode::NotFound, "not_found", 404},
    {ErrorCode::MethodNotAllowed, "method_not_allowed", 405},
    {ErrorCode::Conflict, "conflict", 409},
    {ErrorCode::PayloadTooLarge, "payload_too_large", 413},
    {ErrorCode::HeadersTooLarge, "headers_too_large", 431},
    {ErrorCode::Internal, "internal", 500},
    {ErrorCode::WorkerError, "worker_error", 502},
    {ErrorCode::WorkerUnreachable, "worker_unreachable", 502},
    {ErrorCode::QueenUnreachable, "queen_unreachable", 502},
    {ErrorCode::HiveUnreachable, "hive_unreachable", 502},
    {ErrorCode::WorkerLost, "worker_lost", 502},
    {ErrorCode::WorkerBusy, "worker_busy", 503},
    {ErrorCode::WorkerLoading, "worker_loading", 503},
    {ErrorCode::WorkerStopping, "worker_stopping", 503},
    {ErrorCode::NoWorker, "no_worker", 503},
    {ErrorCode::TooManyConnections, "too_many_connections", 503},
    {ErrorCode::RequestTimeout, "request_timeout", 408},
    {ErrorCode::Timeout, "timeout", 504},
    {ErrorCode::Cancelled, "cancelled", 499},
    {ErrorCode::ModelError, "model_error", 500},
    {ErrorCode::ModelNotFound, "model_not_found", 404},
    {ErrorCode::Forbidden, "forbidden", 403},
    {ErrorCode::UnsupportedMediaType, "unsupported_media_type", 415},
    {ErrorCode::TooManyWorkers, "too_many_workers", 503},
};

}  // namespace

class TestProtocol : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // InferenceRequest
    void inferenceRequest_minimalPrompt_usesDefaults();
    void inferenceRequest_minimalChat_readsMessages();
    void inferenceRequest_fullRequest_appliesEveryField();
    void inferenceRequest_boundaryValues_accepted_data();
    void inferenceRequest_boundaryValues_accepted();
    void inferenceRequest_badField_rejectedNamingField_data();
    void inferenceRequest_badField_rejectedNamingField();
    void inferenceRequest_maxTokensLimit_isTheCallersLimit();
    void inferenceRequest_toJsonFromJson_roundTrips_data();
    void inferenceRequest_toJsonFromJson_roundTrips();
    void inferenceRequest_read_allowsOtherFieldsForEmbeddingApis();
    void samplingParams_read_onlySamplingFields_nullKeepsDefaults();

    void chatMessage_plainTextPrompt_answersFollowTheirPromptDirectly();
    // Heartbeat
    void displayStatus_wireNames_mapBothWays_data();
    void displayStatus_wireNames_mapBothWays();
    void displayStatus_unknownName_isNothing();
    void displayStatus_ofReportedStatus_isTheSameName();
    void heartbeat_toJsonFromJson_roundTrips_data();
    void heartbeat_toJsonFromJson_roundTrips();
    void heartbeat_toJson_writesEveryField();
    void heartbeat_fromBeforeDevices_accepted();
    void heartbeat_boundaryValues_accepted_data();
    void heartbeat_boundaryValues_accepted();
    void heartbeat_badField_rejectedNamingField_data();
    void heartbeat_badField_rejectedNamingField();
    void heartbeat_fieldOfANewerWorker_ignoredAndListed_data();
    void heartbeat_fieldOfANewerWorker_ignoredAndListed();
    void heartbeat_badKnownFieldBesideUnknownOne_stillRejected();
    void parseJsonObject_duplicateKey_rejectedNamingKey_data();
    void parseJsonObject_duplicateKey_rejectedNamingKey();
    void parseJsonObject_equalKeysInDifferentObjects_accepted_data();
    void parseJsonObject_equalKeysInDifferentObjects_accepted();

    // Other wire types
    void workerHealth_roundTrips();
    void workerHealth_badStatus_rejected();
    void jobAccepted_roundTripsAndRequiresBothFields();

    // Stream events
    void startedEvent_roundTripsOverSse();
    void tokenEvent_roundTripsOverSse_data();
    void tokenEvent_roundTripsOverSse();
    void endEvent_roundTripsOverSse_data();
    void endEvent_roundTripsOverSse();
    void streamEvent_wrongEventName_rejected();
    void streamEvent_malformedPayload_rejectedNamingField_data();
    void streamEvent_malformedPayload_rejectedNamingField();
    void stopReason_namesRoundTrip();
    void errorSseEvent_roundTripsEveryCode_data();
    void errorSseEvent_roundTripsEveryCode();
    void errorSseEvent_carriesField();
    void errorFromSse_malformedEvent_readsAsWorkerError_data();
    void errorFromSse_malformedEvent_readsAsWorkerError();

    // Errors
    void errorCode_statusAndName_data();
    void errorCode_statusAndName();
    void errorCode_tableCoversEveryEnumerator();
    void errorCodeFromName_unknown_isInternal();
    void errorBody_shape();
    void errorBody_withField_addsField();
    void httpResponseError_usesStatusAndBody();

    // RoutePattern
    void routePattern_match_data();
    void routePattern_match();
};

// ---------------------------------------------------------------- InferenceRequest

void TestProtocol::inferenceRequest_minimalPrompt_usesDefaults()
{
    const auto r = InferenceRequest::fromJson({{s("prompt"), s("Hello")}}, kMaxTokensLimit);
    QVERIFY2(r.ok(), qPrintable(r.error().message));
    QCOMPARE(r->prompt, s("Hello"));
    QVERIFY(r->messages.isEmpty());
    QVERIFY(!r->isChat());
    QVERIFY(r->sampling == SamplingParams{});
    QCOMPARE(r->sampling.maxTokens, 256);
    QVERIFY(!r->sampling.seed.has_value());
    QVERIFY(r->sampling.stop.isEmpty());
}

void TestProtocol::inferenceRequest_minimalChat_readsMessages()
{
    const QJsonArray messages{QJsonObject{{s("role"), s("system")}, {s("content"), s("Be brief.")}},
                              userMessage("What is 2+2?"),
                              QJsonObject{{s("role"), s("assistant")}, {s("content"), s("")}}};
    const auto r = InferenceRequest::fromJson(chat(messages), kMaxTokensLimit);
    QVERIFY2(r.ok(), qPrintable(r.error().message));
    QVERIFY(r->isChat());
    QVERIFY(r->prompt.isEmpty());
    const QList<ChatMessage> expected{
        {s("system"), s("Be brief.")}, {s("user"), s("What is 2+2?")}, {s("assistant"), s("")}};
    QVERIFY(r->messages == expected);
    QVERIFY(r->sampling == SamplingParams{});
}

void TestProtocol::inferenceRequest_fullRequest_appliesEveryField()
{
    const QJsonObject body{{s("prompt"), s("Once upon")},
                           {s("max_tokens"), 100},
                           {s("temperature"), 0.25},
                           {s("top_p"), 0.5},
                           {s("top_k"), 7},
                           {s("min_p"), 0.125},
                           {s("repeat_penalty"), 1.5},
                           {s("seed"), 42},
                           {s("stop"), QJsonArray{s("\n\n"), s("END")}},
                           {s("cache_prompt"), false}};
    for (const QString &name : InferenceRequest::fieldNames())
        QVERIFY2(body.contains(name) || name == QLatin1String("messages"), qPrintable(name));
    const auto r = InferenceRequest::fromJson(body, kMaxTokensLimit);
    QVERIFY2(r.ok(), qPrintable(r.error().message));
    QCOMPARE(r->prompt, s("Once upon"));
    QCOMPARE(r->sampling.maxTokens, 100);
    QCOMPARE(r->sampling.temperature, 0.25);
    QCOMPARE(r->sampling.topP, 0.5);
    QCOMPARE(r->sampling.topK, 7);
    QCOMPARE(r->sampling.minP, 0.125);
    QCOMPARE(r->sampling.repeatPenalty, 1.5);
    QVERIFY(r->sampling.seed.has_value());
    QCOMPARE(*r->sampling.seed, 42u);
    QCOMPARE(r->sampling.stop, (QStringList{s("\n\n"), s("END")}));
    QCOMPARE(r->cachePrompt, false);
    QCOMPARE(InferenceRequest::fromJson(r->toJson(), kMaxTokensLimit).value(), r.value());
}

void TestProtocol::inferenceRequest_boundaryValues_accepted_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("applied");  // what the field reads back as through toJson()

    QTest::newRow("max_tokens 1") << prompt(s("max_tokens"), 1) << s("max_tokens") << QJsonValue(1);
    QTest::newRow("max_tokens at limit") << prompt(s("max_tokens"), kMaxTokensLimit) << s("max_tokens")
                                         << QJsonValue(kMaxTokensLimit);
    QTest::newRow("max_tokens 5.0 is an integer") << prompt(s("max_tokens"), 5.0) << s("max_tokens") << QJsonValue(5);
    QTest::newRow("max_tokens null means default")
        << prompt(s("max_tokens"), QJsonValue::Null) << s("max_tokens") << QJsonValue(256);
    QTest::newRow("temperature 0 (greedy)") << prompt(s("temperature"), 0) << s("temperature") << QJsonValue(0.0);
    QTest::newRow("temperature 2") << prompt(s("temperature"), 2) << s("temperature") << QJsonValue(2.0);
    QTest::newRow("top_p 0") << prompt(s("top_p"), 0) << s("top_p") << QJsonValue(0.0);
    QTest::newRow("top_p 1") << prompt(s("top_p"), 1) << s("top_p") << QJsonValue(1.0);
    QTest::newRow("top_k 0 (off)") << prompt(s("top_k"), 0) << s("top_k") << QJsonValue(0);
    QTest::newRow("top_k 100000") << prompt(s("top_k"), 100000) << s("top_k") << QJsonValue(100000);
    QTest::newRow("min_p 0") << prompt(s("min_p"), 0) << s("min_p") << QJsonValue(0.0);
    QTest::newRow("min_p 1") << prompt(s("min_p"), 1) << s("min_p") << QJsonValue(1.0);
    QTest::newRow("repeat_penalty just above 0")
        << prompt(s("repeat_penalty"), 0.001) << s("repeat_penalty") << QJsonValue(0.001);
    QTest::newRow("repeat_penalty 10") << prompt(s("repeat_penalty"), 10) << s("repeat_penalty") << QJsonValue(10.0);
    QTest::newRow("seed 0") << prompt(s("seed"), 0) << s("seed") << QJsonValue(0);
    QTest::newRow("seed 0xFFFFFFFE") << prompt(s("seed"), qint64(0xFFFFFFFELL)) << s("seed")
                                     << QJsonValue(qint64(0xFFFFFFFELL));
    QTest::newRow("stop as one string") << prompt(s("stop"), s("END")) << s("stop") << QJsonValue(QJsonArray{s("END")});
    QTest::newRow("stop, 4 strings") << prompt(s("stop"), stops(4)) << s("stop") << QJsonValue(stops(4));
    QTest::newRow("stop of 256 characters")
        << prompt(s("stop"), QString(256, u'z')) << s("stop") << QJsonValue(QJsonArray{QString(256, u'z')});
    QTest::newRow("stop, empty array") << prompt(s("stop"), QJsonArray{}) << s("stop")
                                       << QJsonValue(QJsonValue::Undefined);
    QTest::newRow("stop null") << prompt(s("stop"), QJsonValue::Null) << s("stop") << QJsonValue(QJsonValue::Undefined);
    QTest::newRow("messages with empty content")
        << chat(QJsonArray{QJsonObject{{s("role"), s("user")}, {s("content"), s("")}}}) << s("messages")
        << QJsonValue(QJsonArray{QJsonObject{{s("role"), s("user")}, {s("content"), s("")}}});
}

void TestProtocol::inferenceRequest_boundaryValues_accepted()
{
    QFETCH(QJsonObject, body);
    QFETCH(QString, field);
    QFETCH(QJsonValue, applied);
    const auto r = InferenceRequest::fromJson(body, kMaxTokensLimit);
    QVERIFY2(r.ok(), qPrintable(r.error().message));
    QCOMPARE(r->toJson().value(field), applied);
}

void TestProtocol::inferenceRequest_badField_rejectedNamingField_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QString>("field");

    // prompt / messages
    QTest::newRow("prompt empty") << QJsonObject{{s("prompt"), s("")}} << s("prompt");
    QTest::newRow("prompt number") << QJsonObject{{s("prompt"), 5}} << s("prompt");
    QTest::newRow("prompt array") << QJsonObject{{s("prompt"), QJsonArray{s("a")}}} << s("prompt");
    QTest::newRow("prompt null") << QJsonObject{{s("prompt"), QJsonValue::Null}} << s("prompt");
    QTest::newRow("both prompt and messages")
        << QJsonObject{{s("prompt"), s("a")}, {s("messages"), QJsonArray{userMessage()}}} << s("prompt");
    QTest::newRow("neither prompt nor messages") << QJsonObject{{s("max_tokens"), 5}} << s("prompt");
    QTest::newRow("empty object") << QJsonObject{} << s("prompt");
    QTest::newRow("messages not an array: string") << chat(s("hi")) << s("messages");
    QTest::newRow("messages not an array: object") << chat(userMessage()) << s("messages");
    QTest::newRow("messages null") << chat(QJsonValue::Null) << s("messages");
    QTest::newRow("messages empty") << chat(QJsonArray{}) << s("messages");
    QTest::newRow("messages[0] not an object") << chat(QJsonArray{s("hi")}) << s("messages[0]");
    QTest::newRow("messages[1] not an object") << chat(QJsonArray{userMessage(), 5}) << s("messages[1]");
    QTest::newRow("messages[1] bad role")
        << chat(QJsonArray{userMessage(), QJsonObject{{s("role"), s("robot")}, {s("content"), s("x")}}})
        << s("messages[1].role");
    QTest::newRow("messages[0] role wrong case")
        << chat(QJsonArray{QJsonObject{{s("role"), s("User")}, {s("content"), s("x")}}}) << s("messages[0].role");
    QTest::newRow("messages[0] role empty")
        << chat(QJsonArray{QJsonObject{{s("role"), s("")}, {s("content"), s("x")}}}) << s("messages[0].role");
    QTest::newRow("messages[0] role not a string")
        << chat(QJsonArray{QJsonObject{{s("role"), 1}, {s("content"), s("x")}}}) << s("messages[0].role");
    QTest::newRow("messages[0] missing role")
        << chat(QJsonArray{QJsonObject{{s("content"), s("x")}}}) << s("messages[0].role");
    QTest::newRow("messages[1] missing content")
        << chat(QJsonArray{userMessage(), QJsonObject{{s("role"), s("user")}}}) << s("messages[1].content");
    QTest::newRow("messages[0] content not a string")
        << chat(QJsonArray{QJsonObject{{s("role"), s("user")}, {s("content"), QJsonArray{}}}})
        << s("messages[0].content");
    QTest::newRow("messages[2] extra field")
        << chat(QJsonArray{userMessage(), userMessage(),
                           QJsonObject{{s("role"), s("user")}, {s("content"), s("x")}, {s("name"), s("bob")}}})
        << s("messages[2].name");

    // max_tokens
    QTest::newRow("max_tokens string") << prompt(s("max_tokens"), s("10")) << s("max_tokens");
    QTest::newRow("max_tokens bool") << prompt(s("max_tokens"), true) << s("max_tokens");
    QTest::newRow("max_tokens fraction") << prompt(s("max_tokens"), 1.5) << s("max_tokens");
    QTest::newRow("max_tokens 0") << prompt(s("max_tokens"), 0) << s("max_tokens");
    QTest::newRow("max_tokens negative") << prompt(s("max_tokens"), -1) << s("max_tokens");
    QTest::newRow("max_tokens over limit") << prompt(s("max_tokens"), kMaxTokensLimit + 1) << s("max_tokens");
    QTest::newRow("max_tokens huge") << prompt(s("max_tokens"), 1e300) << s("max_tokens");
    // temperature
    QTest::newRow("temperature string") << prompt(s("temperature"), s("0.5")) << s("temperature");
    QTest::newRow("temperature below 0") << prompt(s("temperature"), -0.01) << s("temperature");
    QTest::newRow("temperature above 2") << prompt(s("temperature"), 2.01) << s("temperature");
    QTest::newRow("temperature array") << prompt(s("temperature"), QJsonArray{0.5}) << s("temperature");
    // top_p
    QTest::newRow("top_p string") << prompt(s("top_p"), s("x")) << s("top_p");
    QTest::newRow("top_p below 0") << prompt(s("top_p"), -0.1) << s("top_p");
    QTest::newRow("top_p above 1") << prompt(s("top_p"), 1.01) << s("top_p");
    // top_k
    QTest::newRow("top_k string") << prompt(s("top_k"), s("40")) << s("top_k");
    QTest::newRow("top_k fraction") << prompt(s("top_k"), 4.5) << s("top_k");
    QTest::newRow("top_k negative") << prompt(s("top_k"), -1) << s("top_k");
    QTest::newRow("top_k above 100000") << prompt(s("top_k"), 100001) << s("top_k");
    // min_p
    QTest::newRow("min_p bool") << prompt(s("min_p"), false) << s("min_p");
    QTest::newRow("min_p below 0") << prompt(s("min_p"), -0.5) << s("min_p");
    QTest::newRow("min_p above 1") << prompt(s("min_p"), 1.5) << s("min_p");
    // repeat_penalty
    QTest::newRow("repeat_penalty string") << prompt(s("repeat_penalty"), s("1.1")) << s("repeat_penalty");
    QTest::newRow("repeat_penalty 0") << prompt(s("repeat_penalty"), 0) << s("repeat_penalty");
    QTest::newRow("repeat_penalty negative") << prompt(s("repeat_penalty"), -1) << s("repeat_penalty");
    QTest::newRow("repeat_penalty above 10") << prompt(s("repeat_penalty"), 10.5) << s("repeat_penalty");
    // seed
    QTest::newRow("seed string") << prompt(s("seed"), s("42")) << s("seed");
    QTest::newRow("cache_prompt string") << prompt(s("cache_prompt"), s("no")) << s("cache_prompt");
    QTest::newRow("cache_prompt number") << prompt(s("cache_prompt"), 0) << s("cache_prompt");
    QTest::newRow("seed fraction") << prompt(s("seed"), 1.5) << s("seed");
    QTest::newRow("seed negative") << prompt(s("seed"), -1) << s("seed");
    QTest::newRow("seed 0xFFFFFFFF (random)") << prompt(s("seed"), qint64(0xFFFFFFFFLL)) << s("seed");
    QTest::newRow("seed 2^40") << prompt(s("seed"), qint64(1) << 40) << s("seed");
    // stop
    QTest::newRow("stop number") << prompt(s("stop"), 5) << s("stop");
    QTest::newRow("stop object") << prompt(s("stop"), QJsonObject{{s("a"), s("b")}}) << s("stop");
    QTest::newRow("stop bool") << prompt(s("stop"), true) << s("stop");
    QTest::newRow("stop empty string") << prompt(s("stop"), s("")) << s("stop");
    QTest::newRow("stop array with empty string") << prompt(s("stop"), QJsonArray{s("a"), s("")}) << s("stop");
    QTest::newRow("stop array with number") << prompt(s("stop"), QJsonArray{s("a"), 1}) << s("stop");
    QTest::newRow("stop array with null") << prompt(s("stop"), QJsonArray{QJsonValue::Null}) << s("stop");
    QTest::newRow("stop array with array") << prompt(s("stop"), QJsonArray{QJsonArray{s("a")}}) << s("stop");
    QTest::newRow("stop too many (5)") << prompt(s("stop"), stops(5)) << s("stop");
    QTest::newRow("stop string too long (257)") << prompt(s("stop"), QString(257, u'z')) << s("stop");
    QTest::newRow("stop array entry too long (257)")
        << prompt(s("stop"), QJsonArray{s("ok"), QString(257, u'z')}) << s("stop");
    // unknown fields
    QTest::newRow("unknown top-level field") << prompt(s("stream"), true) << s("stream");
    QTest::newRow("misspelt field") << prompt(s("temprature"), 0.5) << s("temprature");
    QTest::newRow("OpenAI name for repeat_penalty") << prompt(s("repetition_penalty"), 1.1) << s("repetition_penalty");
    QTest::newRow("unknown field beside messages")
        << QJsonObject{{s("messages"), QJsonArray{userMessage()}}, {s("model"), s("x")}} << s("model");
}

void TestProtocol::inferenceRequest_badField_rejectedNamingField()
{
    QFETCH(QJsonObject, body);
    QFETCH(QString, field);
    const auto r = InferenceRequest::fromJson(body, kMaxTokensLimit);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::BadRequest);
    QCOMPARE(r.error().field, field);
    QVERIFY2(r.error().message.contains(field), qPrintable(r.error().message));
    // The same body through the error body a client sees.
    const QJsonObject error = errorBody(r.error()).value(s("error")).toObject();
    QCOMPARE(error.value(s("code")).toString(), s("bad_request"));
    QCOMPARE(error.value(s("field")).toString(), field);
}

void TestProtocol::inferenceRequest_maxTokensLimit_isTheCallersLimit()
{
    const QJsonObject body = prompt(s("max_tokens"), 101);
    QCOMPARE(InferenceRequest::fromJson(body, 100).error().field, s("max_tokens"));
    const auto r = InferenceRequest::fromJson(body, 101);
    QVERIFY2(r.ok(), qPrintable(r.error().message));
    QCOMPARE(r->sampling.maxTokens, 101);
}

void TestProtocol::inferenceRequest_toJsonFromJson_roundTrips_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::newRow("minimal prompt") << QJsonObject{{s("prompt"), s("Hello")}};
    QTest::newRow("unicode prompt") << QJsonObject{
        {s("prompt"), s("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\n\"q\"")}};
    QTest::newRow("chat") << chat(
        QJsonArray{QJsonObject{{s("role"), s("system")}, {s("content"), s("sys")}}, userMessage("u1"),
                   QJsonObject{{s("role"), s("assistant")}, {s("content"), s("a1")}}, userMessage("u2")});
    QTest::newRow("every field") << QJsonObject{
        {s("prompt"), s("p")},      {s("max_tokens"), 7}, {s("temperature"), 0.0},
        {s("top_p"), 0.9},          {s("top_k"), 0},      {s("min_p"), 0.0},
        {s("repeat_penalty"), 1.3}, {s("seed"), 0},       {s("stop"), stops(4)}};
    QTest::newRow("largest seed") << prompt(s("seed"), qint64(0xFFFFFFFELL));
    QTest::newRow("stop as string") << prompt(s("stop"), s("###"));
    QTest::newRow("odd doubles") << QJsonObject{
        {s("prompt"), s("p")}, {s("temperature"), 0.1 + 0.2}, {s("top_p"), 1.0 / 3.0}, {s("min_p"), 1e-9}};
}

void TestProtocol::inferenceRequest_toJsonFromJson_roundTrips()
{
    QFETCH(QJsonObject, body);
    const auto first = InferenceRequest::fromJson(body, kMaxTokensLimit);
    QVERIFY2(first.ok(), qPrintable(first.error().message));
    const QJsonObject json = first->toJson();
    // Through text as well, as it travels from the queen to a worker.
    const QByteArray text = QJsonDocument(json).toJson(QJsonDocument::Compact);
    const auto reparsed = parseJsonObject(text);
    QVERIFY(reparsed.ok());
    const auto second = InferenceRequest::fromJson(reparsed.value(), kMaxTokensLimit);
    QVERIFY2(second.ok(), qPrintable(second.error().message));
    QVERIFY(second.value() == first.value());
    QCOMPARE(second->toJson(), json);
    QCOMPARE(json.contains(s("seed")), body.contains(s("seed")));
}

void TestProtocol::inferenceRequest_read_allowsOtherFieldsForEmbeddingApis()
{
    QJsonObject body = prompt(s("model"), s("tiny"));
    body.insert(s("top_k"), 3);
    JsonObjectReader reader(body);
    InferenceRequest request;
    InferenceRequest::read(reader, request, kMaxTokensLimit);
    QVERIFY(reader.ok());
    QCOMPARE(request.sampling.topK, 3);
    QVERIFY(!InferenceRequest::fromJson(body, kMaxTokensLimit).ok());
}

// ---------------------------------------------------------------- DisplayStatus

void TestProtocol::displayStatus_wireNames_mapBothWays_data()
{
    QTest::addColumn<DisplayStatus>("status");
    QTest::addColumn<QString>("name");
    QTest::newRow("ready") << DisplayStatus::Ready << s("ready");
    QTest::newRow("busy") << DisplayStatus::Busy << s("busy");
    QTest::newRow("loading") << DisplayStatus::Loading << s("loading");
    QTest::newRow("stopping") << DisplayStatus::Stopping << s("stopping");
    QTest::newRow("offline") << DisplayStatus::Offline << s("offline");
}

void TestProtocol::displayStatus_wireNames_mapBothWays()
{
    QFETCH(DisplayStatus, status);
    QFETCH(QString, name);
    QCOMPARE(displayStatusName(status), name);
    QCOMPARE(displayStatusFromName(name), std::optional<DisplayStatus>(status));
    QVERIFY(std::find(kDisplayStatuses.begin(), kDisplayStatuses.end(), status) != kDisplayStatuses.end());
}

void TestProtocol::displayStatus_unknownName_isNothing()
{
    for (const QString &name : {s("idle"), s("READY"), s(""), s("online")})
        QVERIFY2(!displayStatusFromName(name), qPrintable(name));
}

void TestProtocol::displayStatus_ofReportedStatus_isTheSameName()
{
    for (const WorkerStatus s :
         {WorkerStatus::Loading, WorkerStatus::Ready, WorkerStatus::Busy, WorkerStatus::Stopping})
        QCOMPARE(displayStatusName(displayStatusOf(s)), workerStatusName(s));
}

// ---------------------------------------------------------------- Heartbeat

void TestProtocol::heartbeat_toJsonFromJson_roundTrips_data()
{
    QTest::addColumn<WorkerStatus>("status");
    QTest::newRow("loading") << WorkerStatus::Loading;
    QTest::newRow("ready") << WorkerStatus::Ready;
    QTest::newRow("busy") << WorkerStatus::Busy;
    QTest::newRow("stopping") << WorkerStatus::Stopping;
}

void TestProtocol::heartbeat_toJsonFromJson_roundTrips()
{
    QFETCH(WorkerStatus, status);
    Heartbeat hb = validHeartbeat();
    hb.status = status;
    const auto back = Heartbeat::fromJson(hb.toJson());
    QVERIFY2(back.ok(), qPrintable(back.error().message));
    QCOMPARE(back->status, status);
    QVERIFY(back.value() == hb);
    const auto viaText = parseJsonObject(QJsonDocument(hb.toJson()).toJson());
    QVERIFY(viaText.ok());
    const auto back2 = Heartbeat::fromJson(viaText.value());
    QVERIFY2(back2.ok(), qPrintable(back2.error().message));
    QVERIFY(back2.value() == hb);
}

void TestProtocol::samplingParams_read_onlySamplingFields_nullKeepsDefaults()
{
    // No prompt needed: the sampling fields are read on their own, from any object.
    const QJsonObject body{
        {s("model"), s("m")},          {s("max_tokens"), 9},          {s("temperature"), QJsonValue::Null},
        {s("seed"), QJsonValue::Null}, {s("stop"), QJsonValue::Null}, {s("top_k"), 3}};
    JsonObjectReader reader(body);
    SamplingParams sampling;
    SamplingParams::read(reader, sampling, 16);
    QVERIFY(reader.ok());
    QCOMPARE(sampling.maxTokens, 9);
    QCOMPARE(sampling.topK, 3);
    QCOMPARE(sampling.temperature, SamplingParams{}.temperature);
    QVERIFY(!sampling.seed.has_value());  // null is no seed (random), not seed 0
    QVERIFY(sampling.stop.isEmpty());
    const QJsonObject over{{s("max_tokens"), 17}};
    JsonObjectReader tooMany(over);
    SamplingParams::read(tooMany, sampling, 16);
    QCOMPARE(tooMany.error().field, s("max_tokens"));
    // Every sampling field is an inference request field.
    for (const QString &name : SamplingParams::fieldNames())
        QVERIFY2(InferenceRequest::fieldNames().contains(name), qPrintable(name));
}

void TestProtocol::chatMessage_plainTextPrompt_answersFollowTheirPromptDirectly()
{
    const auto m = [](const char *role, const char *content) { return ChatMessage{s(role), s(content)}; };
    QCOMPARE(ChatMessage::plainTextPrompt({m("user", "Once upon a time")}), s("Once upon a time"));
    // The model continued "Once upon a time" with ", there was": the next prompt starts with
    // exactly that text, then the next message on a line of its own.
    QCOMPARE(ChatMessage::plainTextPrompt({m("system", "Be brief."), m("user", "Once upon a time"),
                                           m("assistant", ", there was a dog."), m("user", "Then")}),
             s("Be brief.\nOnce upon a time, there was a dog.\nThen"));
    QCOMPARE(ChatMessage::plainTextPrompt({m("assistant", "Hello."), m("assistant", "Again.")}), s("Hello.\nAgain."));
}

void TestProtocol::heartbeat_toJson_writesEveryField()
{
    const QJsonObject o = validHeartbeat().toJson();
    QStringList keys = o.keys();
    keys.sort();
    QCOMPARE(keys, (QStringList{s("backend"),
                                s("ctx_size"),
                                s("device"),
                                s("device_description"),
                                s("gpu_layers"),
                                s("memory_free_bytes"),
                                s("memory_total_bytes"),
                                s("model"),
                                s("model_layers"),
                                s("prompt_tokens_cached"),
                                s("prompt_tokens_decoded"),
                                s("queue_depth"),
                                s("sent_at_ms"),
                                s("slots_busy"),
                                s("slots_total"),
                                s("status"),
                                s("tokens_per_s"),
                                s("url"),
                                s("version"),
                                s("worker_id")}));
    QCOMPARE(o.value(s("status")).toString(), s("ready"));
    QCOMPARE(o.value(s("sent_at_ms")).toInteger(), 1700000000123LL);
    QCOMPARE(o.value(s("tokens_per_s")).toDouble(), 12.5);
}

void TestProtocol::heartbeat_fromBeforeDevices_accepted()
{
    QJsonObject o = validHeartbeat().toJson();
    for (const char *key :
         {"device_description", "backend", "memory_total_bytes", "memory_free_bytes", "gpu_layers", "model_layers"})
        o.remove(s(key));
    o.insert(s("device"), s("cpu"));
    const auto hb = Heartbeat::fromJson(o);
    QVERIFY2(hb.ok(), qPrintable(hb.error().message));
    QCOMPARE(hb->device.name, s("cpu"));
    QCOMPARE(hb->device.label(), s("cpu"));
    QVERIFY(hb->device.description.isEmpty());
    QCOMPARE(hb->device.modelLayers, 0);
    QVERIFY(hb->device.layersText().isEmpty());
    QVERIFY(hb->device.memoryText().isEmpty());
    QCOMPARE(validHeartbeat().device.label(), s("CUDA0 · NVIDIA GeForce RTX 4090"));
    QCOMPARE(validHeartbeat().device.memoryText(), s("20.0 GiB free of 24.0 GiB"));
    QCOMPARE(validHeartbeat().device.layersText(), s("3 of 3 layers on the GPU"));
}

void TestProtocol::heartbeat_boundaryValues_accepted_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::newRow("slots_total 1, busy 1") << [] {
        QJsonObject o = heartbeatWith(s("slots_total"), 1);
        o.insert(s("slots_busy"), 1);
        return o;
    }();
    QTest::newRow("slots_total 4096") << heartbeatWith(s("slots_total"), 4096);
    QTest::newRow("slots_busy 0") << heartbeatWith(s("slots_busy"), 0);
    QTest::newRow("slots_busy == slots_total") << heartbeatWith(s("slots_busy"), 4);
    QTest::newRow("queue_depth 0") << heartbeatWith(s("queue_depth"), 0);
    QTest::newRow("queue_depth 1000000") << heartbeatWith(s("queue_depth"), 1000000);
    QTest::newRow("ctx_size 1") << heartbeatWith(s("ctx_size"), 1);
    QTest::newRow("ctx_size 100000000") << heartbeatWith(s("ctx_size"), 100000000);
    QTest::newRow("tokens_per_s 0") << heartbeatWith(s("tokens_per_s"), 0);
    QTest::newRow("tokens_per_s 1e9") << heartbeatWith(s("tokens_per_s"), 1e9);
    QTest::newRow("sent_at_ms 0") << heartbeatWith(s("sent_at_ms"), 0);
    QTest::newRow("sent_at_ms year 3000") << heartbeatWith(s("sent_at_ms"), qint64(32503680000000LL));
    QTest::newRow("https url with path") << heartbeatWith(s("url"), s("https://worker.lan:8443/api"));
    QTest::newRow("IPv6 url") << heartbeatWith(s("url"), s("http://[::1]:8081"));
    QTest::newRow("host name url") << heartbeatWith(s("url"), s("http://gpu-box:9000"));
    for (const char *key : {"worker_id", "model", "device", "version", "device_description", "backend"})
        QTest::addRow("%s of 128 characters", key) << heartbeatWith(s(key), QString(128, u'x'));
    QTest::newRow("gpu_layers == model_layers") << heartbeatWith(s("gpu_layers"), 3);
    QTest::newRow("memory 2^53 bytes") << heartbeatWith(s("memory_total_bytes"), qint64(1) << 53);

    const QString base = s("http://worker.lan:8081/");
    QTest::newRow("url of 2048 characters")
        << heartbeatWith(s("url"), QString(base + QString(2048 - base.size(), u'p')));
}

void TestProtocol::heartbeat_boundaryValues_accepted()
{
    QFETCH(QJsonObject, body);
    const auto hb = Heartbeat::fromJson(body);
    QVERIFY2(hb.ok(), qPrintable(hb.error().message));
    QCOMPARE(hb->toJson(), body);
}

void TestProtocol::heartbeat_badField_rejectedNamingField_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QString>("field");

    const QStringList strings{s("worker_id"), s("model"),   s("url"),     s("device"),
                              s("status"),    s("version"), s("backend"), s("device_description")};
    const QStringList integers{
        s("slots_total"),       s("slots_busy"),           s("queue_depth"),           s("ctx_size"),
        s("sent_at_ms"),        s("prompt_tokens_cached"), s("prompt_tokens_decoded"), s("memory_total_bytes"),
        s("memory_free_bytes"), s("gpu_layers"),           s("model_layers")};
    // Absent from workers that predate the prompt cache, or the device report.
    const QStringList optional{s("prompt_tokens_cached"), s("prompt_tokens_decoded"), s("backend"),
                               s("device_description"),   s("memory_total_bytes"),    s("memory_free_bytes"),
                               s("gpu_layers"),           s("model_layers")};
    const QStringList all = validHeartbeat().toJson().keys();
    QCOMPARE(all.size(), strings.size() + integers.size() + 1);
    for (const QString &key : all) {
        if (!optional.contains(key)) {  // an optional field may be absent or null
            QTest::addRow("%s missing", qPrintable(key)) << heartbeatWithout(key) << key;
            QTest::addRow("%s null", qPrintable(key)) << heartbeatWith(key, QJsonValue::Null) << key;
        }
        QTest::addRow("%s bool", qPrintable(key)) << heartbeatWith(key, true) << key;
        QTest::addRow("%s object", qPrintable(key)) << heartbeatWith(key, QJsonObject{}) << key;
    }
    for (const QString &key : strings) {
        QTest::addRow("%s number", qPrintable(key)) << heartbeatWith(key, 1) << key;
        QTest::addRow("%s empty", qPrintable(key)) << heartbeatWith(key, s("")) << key;
    }
    for (const QString &key : integers) {
        QTest::addRow("%s string", qPrintable(key)) << heartbeatWith(key, s("1")) << key;
        QTest::addRow("%s fraction", qPrintable(key)) << heartbeatWith(key, 1.5) << key;
        QTest::addRow("%s negative", qPrintable(key)) << heartbeatWith(key, -1) << key;
    }
    QTest::newRow("tokens_per_s string") << heartbeatWith(s("tokens_per_s"), s("12")) << s("tokens_per_s");
    QTest::newRow("tokens_per_s negative") << heartbeatWith(s("tokens_per_s"), -0.5) << s("tokens_per_s");
    QTest::newRow("tokens_per_s above 1e9") << heartbeatWith(s("tokens_per_s"), 1.1e9) << s("tokens_per_s");

    QTest::newRow("slots_total 0") << heartbeatWith(s("slots_total"), 0) << s("slots_total");
    QTest::newRow("slots_total 4097") << heartbeatWith(s("slots_total"), 4097) << s("slots_total");
    QTest::newRow("slots_busy 4097") << heartbeatWith(s("slots_busy"), 4097) << s("slots_busy");
    QTest::newRow("slots_busy > slots_total") << heartbeatWith(s("slots_busy"), 5) << s("slots_busy");
    QTest::newRow("queue_depth 1000001") << heartbeatWith(s("queue_depth"), 1000001) << s("queue_depth");
    QTest::newRow("ctx_size 0") << heartbeatWith(s("ctx_size"), 0) << s("ctx_size");
    QTest::newRow("ctx_size 100000001") << heartbeatWith(s("ctx_size"), 100000001) << s("ctx_size");
    QTest::newRow("prompt_tokens_cached above 2^53")
        << heartbeatWith(s("prompt_tokens_cached"), 1.8e16) << s("prompt_tokens_cached");
    QTest::newRow("sent_at_ms after year 3000")
        << heartbeatWith(s("sent_at_ms"), qint64(32503680000001LL)) << s("sent_at_ms");

    QTest::newRow("status unknown") << heartbeatWith(s("status"), s("idle")) << s("status");
    QTest::newRow("status upper case") << heartbeatWith(s("status"), s("READY")) << s("status");

    QTest::newRow("url ftp") << heartbeatWith(s("url"), s("ftp://host/")) << s("url");
    QTest::newRow("url without scheme") << heartbeatWith(s("url"), s("127.0.0.1:8081")) << s("url");
    QTest::newRow("url without host") << heartbeatWith(s("url"), s("http://")) << s("url");
    QTest::newRow("url relative") << heartbeatWith(s("url"), s("/v1/health")) << s("url");
    QTest::newRow("url not a url") << heartbeatWith(s("url"), s("not a url")) << s("url");
    QTest::newRow("url with space in host") << heartbeatWith(s("url"), s("http://exa mple:80")) << s("url");
    QTest::newRow("url with bad port") << heartbeatWith(s("url"), s("http://host:99999")) << s("url");

    for (const char *key : {"worker_id", "model", "device", "version", "device_description", "backend"})
        QTest::addRow("%s of 129 characters", key) << heartbeatWith(s(key), QString(129, u'x')) << s(key);
    QTest::newRow("gpu_layers above model_layers") << heartbeatWith(s("gpu_layers"), 4) << s("gpu_layers");

    const QString base = s("http://worker.lan:8081/");
    QTest::newRow("url of 2049 characters")
        << heartbeatWith(s("url"), QString(base + QString(2049 - base.size(), u'p'))) << s("url");
}

void TestProtocol::heartbeat_badField_rejectedNamingField()
{
    QFETCH(QJsonObject, body);
    QFETCH(QString, field);
    const auto hb = Heartbeat::fromJson(body);
    QVERIFY(!hb.ok());
    QCOMPARE(hb.error().code, ErrorCode::BadRequest);
    QCOMPARE(hb.error().field, field);
    QVERIFY2(hb.error().message.contains(field), qPrintable(hb.error().message));
}

// Version skew: a newer worker may send a field this queen does not know. The heartbeat is read as
// if the field were absent (a report, not a request: nothing asked for goes unapplied), and the
// field is listed so that the queen can say so.
void TestProtocol::heartbeat_fieldOfANewerWorker_ignoredAndListed_data()
{
    QTest::addColumn<QJsonObject>("extra");
    QTest::addColumn<QStringList>("unknown");
    QTest::newRow("number") << QJsonObject{{s("gpu_temp"), 71}} << QStringList{s("gpu_temp")};
    QTest::newRow("null") << QJsonObject{{s("extra"), QJsonValue::Null}} << QStringList{s("extra")};
    QTest::newRow("object and string") << QJsonObject{{s("vram"), QJsonObject{{s("total_mib"), 8192}}},
                                                      {s("arch"), s("sm_89")}}
                                       << QStringList{s("arch"), s("vram")};
    QTest::newRow("none") << QJsonObject{} << QStringList{};
}

void TestProtocol::heartbeat_fieldOfANewerWorker_ignoredAndListed()
{
    QFETCH(QJsonObject, extra);
    QFETCH(QStringList, unknown);
    QJsonObject body = validHeartbeat().toJson();
    for (auto it = extra.constBegin(); it != extra.constEnd(); ++it)
        body.insert(it.key(), it.value());
    const auto hb = Heartbeat::fromJson(body);
    QVERIFY2(hb.ok(), qPrintable(hb.error().message));
    QCOMPARE(hb.value(), validHeartbeat());
    QCOMPARE(Heartbeat::unknownFields(body), unknown);
}

void TestProtocol::heartbeat_badKnownFieldBesideUnknownOne_stillRejected()
{
    QJsonObject body = heartbeatWith(s("slots_total"), 0);
    body.insert(s("gpu_temp"), 71);
    const auto hb = Heartbeat::fromJson(body);
    QVERIFY(!hb.ok());
    QCOMPARE(hb.error().field, s("slots_total"));
}

void TestProtocol::parseJsonObject_duplicateKey_rejectedNamingKey_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("field");
    const QByteArray hb = QJsonDocument(validHeartbeat().toJson()).toJson(QJsonDocument::Compact);
    QTest::newRow("heartbeat worker_id twice") << QByteArray(hb).insert(1, "\"worker_id\":\"evil\",") << s("worker_id");
    QTest::newRow("top level") << QByteArray(R"({"a":1,"b":2,"a":3})") << s("a");
    QTest::newRow("same value") << QByteArray(R"({"a":1,"a":1})") << s("a");
    QTest::newRow("escaped spelling") << QByteArray(R"({"model":"x","mod\u0065l":"y"})") << s("model");
    QTest::newRow("nested") << QByteArray(R"({"o":{"k":1,"k":2}})") << s("o.k");
    QTest::newRow("in an array's object") << QByteArray(R"({"m":[{"r":"u"},{"r":"a","r":"b"}]})") << s("m.r");
    QTest::newRow("with whitespace") << QByteArray("{ \"a\" : 1 ,\n \"a\" : 2 }") << s("a");
}

void TestProtocol::parseJsonObject_duplicateKey_rejectedNamingKey()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, field);
    const auto parsed = parseJsonObject(body);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().code, ErrorCode::BadRequest);
    QCOMPARE(parsed.error().field, field);
    QVERIFY2(parsed.error().message.contains(s("duplicate key")), qPrintable(parsed.error().message));
}

void TestProtocol::parseJsonObject_equalKeysInDifferentObjects_accepted_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("sibling objects") << QByteArray(R"({"a":{"k":1},"b":{"k":2}})");
    QTest::newRow("array of objects") << QByteArray(R"({"m":[{"role":"user"},{"role":"assistant"}]})");
    QTest::newRow("key equals a value") << QByteArray(R"({"a":"a","b":"a"})");
    QTest::newRow("quotes and braces in strings") << QByteArray(R"({"a":"\"b\":{","b":"}\\"})");
    QTest::newRow("parent key inside child") << QByteArray(R"({"a":{"a":{"a":1}}})");
}

void TestProtocol::parseJsonObject_equalKeysInDifferentObjects_accepted()
{
    QFETCH(QByteArray, body);
    const auto parsed = parseJsonObject(body);
    QVERIFY2(parsed.ok(), qPrintable(parsed.error().message));
}

// ---------------------------------------------------------------- other wire types

void TestProtocol::workerHealth_roundTrips()
{
    WorkerHealth h;
    h.status = WorkerStatus::Busy;
    h.model = s("tiny");
    h.slotsTotal = 2;
    h.slotsBusy = 2;
    h.queueDepth = 5;
    h.workerId = s("w");
    h.promptTokensCached = 9007199254740992LL;
    h.promptTokensDecoded = 3;
    const auto back = WorkerHealth::fromJson(h.toJson());
    QVERIFY2(back.ok(), qPrintable(back.error().message));
    QCOMPARE(back->status, h.status);
    QCOMPARE(back->model, h.model);
    QCOMPARE(back->slotsTotal, 2);
    QCOMPARE(back->slotsBusy, 2);
    QCOMPARE(back->queueDepth, 5);
    QCOMPARE(back->workerId, h.workerId);
    QCOMPARE(back->promptTokensCached, h.promptTokensCached);
    QCOMPARE(back->promptTokensDecoded, 3);
}

void TestProtocol::workerHealth_badStatus_rejected()
{
    QJsonObject o = WorkerHealth{}.toJson();
    o.insert(s("status"), s("sleeping"));
    const auto back = WorkerHealth::fromJson(o);
    QVERIFY(!back.ok());
    QCOMPARE(back.error().field, s("status"));
}

void TestProtocol::jobAccepted_roundTripsAndRequiresBothFields()
{
    const JobAccepted a{s("job-1"), s("/v1/jobs/job-1/stream")};
    const auto back = JobAccepted::fromJson(a.toJson());
    QVERIFY(back.ok());
    QCOMPARE(back->jobId, a.jobId);
    QCOMPARE(back->sseUrl, a.sseUrl);
    QCOMPARE(JobAccepted::fromJson({{s("job_id"), s("x")}}).error().field, s("sse_url"));
    QCOMPARE(JobAccepted::fromJson({{s("job_id"), s("")}, {s("sse_url"), s("/s")}}).error().field, s("job_id"));
}

// ---------------------------------------------------------------- stream events

void TestProtocol::startedEvent_roundTripsOverSse()
{
    const StartedEvent e{s("job-7"), s("worker-1"), s("tiny-llama"), 12, 8};
    const SseEvent sse = e.toSse();
    QCOMPARE(sse.event, s("started"));
    QVERIFY(sse.id.isEmpty());
    const auto json = parseJsonObject(sse.data.toUtf8());
    QVERIFY(json.ok());
    QCOMPARE(json.value(), (QJsonObject{{s("job_id"), s("job-7")},
                                        {s("worker_id"), s("worker-1")},
                                        {s("model"), s("tiny-llama")},
                                        {s("prompt_tokens"), 12},
                                        {s("cached_tokens"), 8}}));
    const QList<SseEvent> wire = overTheWire(sse);
    QCOMPARE(wire.size(), 1);
    const auto back = StartedEvent::fromSse(wire.constFirst());
    QVERIFY2(back.ok(), qPrintable(back.error().message));
    QCOMPARE(back->jobId, e.jobId);
    QCOMPARE(back->workerId, e.workerId);
    QCOMPARE(back->model, e.model);
    QCOMPARE(back->promptTokens, 12);
    QCOMPARE(back->cachedTokens, 8);
    // Workers from before the prompt cache send no cached_tokens; more than the prompt is refused.
    QJsonObject old = json.value();
    old.remove(s("cached_tokens"));
    QCOMPARE(StartedEvent::fromSse({s("started"), QString::fromUtf8(toCompactJson(old)), {}})->cachedTokens, 0);
    old.insert(s("cached_tokens"), 13);
    QCOMPARE(StartedEvent::fromSse({s("started"), QString::fromUtf8(toCompactJson(old)), {}}).error().field,
             s("cached_tokens"));
}

void TestProtocol::tokenEvent_roundTripsOverSse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("index");
    QTest::newRow("word") << s("Hello") << 0;
    QTest::newRow("leading space") << s(" world") << 1;
    QTest::newRow("newlines") << s("\n\nline\r\n") << 2;
    QTest::newRow("json specials") << s("\"quoted\" \\ back / slash\t") << 3;
    QTest::newRow("utf-8") << s("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80") << 4;
    QTest::newRow("looks like sse") << s("data: [DONE]\n\nevent: end\n\n") << 5;
    QTest::newRow("empty") << QString() << 99999999;
}

void TestProtocol::tokenEvent_roundTripsOverSse()
{
    QFETCH(QString, text);
    QFETCH(int, index);
    const SseEvent sse = TokenEvent{text, index}.toSse();
    QCOMPARE(sse.event, s("token"));
    QVERIFY(!sse.data.contains(u'\n'));  // one data line: the JSON escapes newlines
    QVERIFY(!sse.data.contains(u'\r'));
    const QList<SseEvent> wire = overTheWire(sse);
    QCOMPARE(wire.size(), 1);
    QVERIFY(!wire.constFirst().isDone());
    const auto back = TokenEvent::fromSse(wire.constFirst());
    QVERIFY2(back.ok(), qPrintable(back.error().message));
    QCOMPARE(back->text, text);
    QCOMPARE(back->index, index);
}

void TestProtocol::endEvent_roundTripsOverSse_data()
{
    QTest::addColumn<StopReason>("reason");
    QTest::addColumn<QString>("name");
    QTest::newRow("length") << StopReason::Length << s("length");
    QTest::newRow("stop") << StopReason::Stop << s("stop");
    QTest::newRow("eos") << StopReason::Eos << s("eos");
    QTest::newRow("cancelled") << StopReason::Cancelled << s("cancelled");
}

void TestProtocol::endEvent_roundTripsOverSse()
{
    QFETCH(StopReason, reason);
    QFETCH(QString, name);
    const EndEvent e{reason, 17, 5, 123.25, 45.5, 4};
    const SseEvent sse = e.toSse();
    QCOMPARE(sse.event, s("end"));
    QCOMPARE(parseJsonObject(sse.data.toUtf8()).value().value(s("stop_reason")).toString(), name);
    const QList<SseEvent> wire = overTheWire(sse);
    QCOMPARE(wire.size(), 1);
    const auto back = EndEvent::fromSse(wire.constFirst());
    QVERIFY2(back.ok(), qPrintable(back.error().message));
    QCOMPARE(back->stopReason, reason);
    QCOMPARE(back->tokens, 17);
    QCOMPARE(back->promptTokens, 5);
    QCOMPARE(back->ttftMs, 123.25);
    QCOMPARE(back->tokensPerS, 45.5);
    QCOMPARE(back->cachedTokens, 4);
}

void TestProtocol::streamEvent_wrongEventName_rejected()
{
    const SseEvent token = TokenEvent{s("x"), 0}.toSse();
    const SseEvent started = StartedEvent{s("j"), s("w"), s("m"), 1}.toSse();
    const SseEvent end = EndEvent{}.toSse();
    QCOMPARE(StartedEvent::fromSse(token).error().code, ErrorCode::BadRequest);
    QCOMPARE(TokenEvent::fromSse(started).error().code, ErrorCode::BadRequest);
    QCOMPARE(EndEvent::fromSse(token).error().code, ErrorCode::BadRequest);
    QVERIFY(!TokenEvent::fromSse(SseEvent::done()).ok());
    QVERIFY(!TokenEvent::fromSse(end).ok());
    QVERIFY(!EndEvent::fromSse(errorSseEvent(Error{ErrorCode::Internal, s("x")})).ok());
}

void TestProtocol::streamEvent_malformedPayload_rejectedNamingField_data()
{
    QTest::addColumn<SseEvent>("event");
    QTest::addColumn<QString>("field");
    const auto make = [](const char *name, const char *data) { return SseEvent{s(name), s(data), {}}; };
    QTest::newRow("token not json") << make("token", "not json") << QString();
    QTest::newRow("token json array") << make("token", "[1]") << QString();
    QTest::newRow("token missing t") << make("token", "{\"i\":0}") << s("t");
    QTest::newRow("token t not string") << make("token", "{\"t\":1,\"i\":0}") << s("t");
    QTest::newRow("token missing i") << make("token", "{\"t\":\"x\"}") << s("i");
    QTest::newRow("token negative i") << make("token", "{\"t\":\"x\",\"i\":-1}") << s("i");
    QTest::newRow("started missing job_id")
        << make("started", "{\"worker_id\":\"w\",\"model\":\"m\",\"prompt_tokens\":1}") << s("job_id");
    QTest::newRow("started prompt_tokens string")
        << make("started", "{\"job_id\":\"j\",\"worker_id\":\"w\",\"model\":\"m\",\"prompt_tokens\":\"1\"}")
        << s("prompt_tokens");
    QTest::newRow("end unknown stop_reason")
        << make("end", "{\"stop_reason\":\"tired\",\"tokens\":1,\"prompt_tokens\":1,\"ttft_ms\":1,\"tokens_per_s\":1}")
        << s("stop_reason");
    QTest::newRow("end missing tokens_per_s")
        << make("end", "{\"stop_reason\":\"eos\",\"tokens\":1,\"prompt_tokens\":1,\"ttft_ms\":1}") << s("tokens_per_s");
    QTest::newRow("end negative ttft_ms")
        << make("end", "{\"stop_reason\":\"eos\",\"tokens\":1,\"prompt_tokens\":1,\"ttft_ms\":-1,\"tokens_per_s\":1}")
        << s("ttft_ms");
}

void TestProtocol::streamEvent_malformedPayload_rejectedNamingField()
{
    QFETCH(SseEvent, event);
    QFETCH(QString, field);
    Error error;
    if (event.event == QLatin1String("token"))
        error = TokenEvent::fromSse(event).error();
    else if (event.event == QLatin1String("started"))
        error = StartedEvent::fromSse(event).error();
    else
        error = EndEvent::fromSse(event).error();
    QCOMPARE(error.code, ErrorCode::BadRequest);
    QVERIFY(!error.message.isEmpty());
    QCOMPARE(error.field, field);
}

void TestProtocol::stopReason_namesRoundTrip()
{
    for (const auto r : {StopReason::Length, StopReason::Stop, StopReason::Eos, StopReason::Cancelled}) {
        const std::optional<StopReason> back = stopReasonFromName(stopReasonName(r));
        QVERIFY(back.has_value());
        QCOMPARE(*back, r);
    }
    QVERIFY(!stopReasonFromName(s("Length")).has_value());
    QVERIFY(!stopReasonFromName(QString()).has_value());
}

void TestProtocol::errorSseEvent_roundTripsEveryCode_data()
{
    QTest::addColumn<ErrorCode>("code");
    for (const CodeRow &row : kAllCodes)
        QTest::newRow(row.name) << row.code;
}

void TestProtocol::errorSseEvent_roundTripsEveryCode()
{
    QFETCH(ErrorCode, code);
    const Error error{code, s("something went wrong: \"x\"\nsecond line")};
    const SseEvent sse = errorSseEvent(error);
    QCOMPARE(sse.event, s("error"));
    QCOMPARE(parseJsonObject(sse.data.toUtf8()).value(), errorEventBody(error));
    const QList<SseEvent> wire = overTheWire(sse);
    QCOMPARE(wire.size(), 1);
    const Error back = errorFromSse(wire.constFirst());
    QCOMPARE(back.code, code);
    QCOMPARE(back.message, error.message);
    QCOMPARE(back.field, QString());
}

void TestProtocol::errorSseEvent_carriesField()
{
    const Error error = Error::badField(s("messages[1].role"), s("bad role"));
    const SseEvent sse = errorSseEvent(error);
    QCOMPARE(parseJsonObject(sse.data.toUtf8()).value(),
             (QJsonObject{
                 {s("code"), s("bad_request")}, {s("message"), s("bad role")}, {s("field"), s("messages[1].role")}}));
    const Error back = errorFromSse(overTheWire(sse).value(0));
    QCOMPARE(back.code, ErrorCode::BadRequest);
    QCOMPARE(back.message, s("bad role"));
    QCOMPARE(back.field, s("messages[1].role"));
}

void TestProtocol::errorFromSse_malformedEvent_readsAsWorkerError_data()
{
    QTest::addColumn<SseEvent>("event");
    QTest::addColumn<ErrorCode>("code");
    QTest::newRow("not json") << SseEvent{s("error"), s("oops"), {}} << ErrorCode::WorkerError;
    QTest::newRow("wrong event name") << SseEvent{s("token"), s("{\"code\":\"no_worker\",\"message\":\"m\"}"), {}}
                                      << ErrorCode::WorkerError;
    QTest::newRow("missing code") << SseEvent{s("error"), s("{\"message\":\"m\"}"), {}} << ErrorCode::WorkerError;
    QTest::newRow("missing message") << SseEvent{s("error"), s("{\"code\":\"no_worker\"}"), {}}
                                     << ErrorCode::WorkerError;
    QTest::newRow("code not a string") << SseEvent{s("error"), s("{\"code\":503,\"message\":\"m\"}"), {}}
                                       << ErrorCode::WorkerError;
    QTest::newRow("unknown code name") << SseEvent{s("error"), s("{\"code\":\"gremlins\",\"message\":\"m\"}"), {}}
                                       << ErrorCode::Internal;
}

void TestProtocol::errorFromSse_malformedEvent_readsAsWorkerError()
{
    QFETCH(SseEvent, event);
    QFETCH(ErrorCode, code);
    const Error e = errorFromSse(event);
    QCOMPARE(e.code, code);
    QVERIFY(!e.message.isEmpty());
}

// ---------------------------------------------------------------- error codes

void TestProtocol::errorCode_statusAndName_data()
{
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("status");
    for (const CodeRow &row : kAllCodes)
        QTest::newRow(row.name) << row.code << s(row.name) << row.status;
}

void TestProtocol::errorCode_statusAndName()
{
    QFETCH(ErrorCode, code);
    QFETCH(QString, name);
    QFETCH(int, status);
    QCOMPARE(httpStatus(code), status);
    QCOMPARE(errorCodeName(code), name);
    QCOMPARE(errorCodeFromName(name), code);
    QVERIFY(HttpResponse::reasonPhrase(status) != "Unknown");
}

void TestProtocol::errorCode_tableCoversEveryEnumerator()
{
    // HiveUnreachable is the last enumerator; a new code must be added to kAllCodes above.
    const int last = static_cast<int>(ErrorCode::HiveUnreachable);
    QCOMPARE(static_cast<int>(std::size(kAllCodes)), last + 1);
    QStringList names;
    for (int i = 0; i <= last; ++i) {
        const auto code = static_cast<ErrorCode>(i);
        const auto row = std::find_if(std::begin(kAllCodes), std::end(kAllCodes),
                                      [code](const CodeRow &r) { return r.code == code; });
        QVERIFY2(row != std::end(kAllCodes), qPrintable(QString::number(i)));
        names.append(errorCodeName(code));
    }
    names.removeDuplicates();
    QCOMPARE(names.size(), last + 1);  // every code has a name of its own
    // Nothing after HiveUnreachable has a name (the table in error.cpp falls back to internal).
    for (int i = last + 1; i < last + 16; ++i)
        QCOMPARE(errorCodeName(static_cast<ErrorCode>(i)), s("internal"));
}

void TestProtocol::errorCodeFromName_unknown_isInternal()
{
    QCOMPARE(errorCodeFromName(s("no_such_code")), ErrorCode::Internal);
    QCOMPARE(errorCodeFromName(QString()), ErrorCode::Internal);
    QCOMPARE(errorCodeFromName(s("Worker_Busy")), ErrorCode::Internal);
}

void TestProtocol::errorBody_shape()
{
    const Error error{ErrorCode::WorkerBusy, s("all 4 slots are busy")};
    const QJsonObject body = errorBody(error);
    QCOMPARE(body, (QJsonObject{{s("error"), QJsonObject{{s("code"), s("worker_busy")},
                                                         {s("message"), s("all 4 slots are busy")}}}}));
    QCOMPARE(body.value(s("error")).toObject(), errorEventBody(error));
}

void TestProtocol::errorBody_withField_addsField()
{
    const QJsonObject body = errorBody(Error::badField(s("max_tokens"), s("too big")));
    QCOMPARE(body, (QJsonObject{{s("error"), QJsonObject{{s("code"), s("bad_request")},
                                                         {s("message"), s("too big")},
                                                         {s("field"), s("max_tokens")}}}}));
}

void TestProtocol::httpResponseError_usesStatusAndBody()
{
    for (const CodeRow &row : kAllCodes) {
        const Error error{row.code, s("msg")};
        const HttpResponse r = HttpResponse::error(error);
        QCOMPARE(r.status, row.status);
        const auto body = parseJsonObject(r.body);
        QVERIFY(body.ok());
        QCOMPARE(body.value(), errorBody(error));
        const QByteArray wire = r.serialize(false);
        QVERIFY(wire.startsWith(QByteArray("HTTP/1.1 " + QByteArray::number(row.status) + ' ')));
        QVERIFY(wire.contains("Content-Type: application/json\r\n"));
        QVERIFY(wire.endsWith(QByteArray("\r\n\r\n" + r.body)));
    }
}

// ---------------------------------------------------------------- RoutePattern

void TestProtocol::routePattern_match_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("matches");
    QTest::addColumn<Params>("params");

    QTest::newRow("literal") << s("/health") << s("/health") << true << Params{};
    QTest::newRow("root") << s("/") << s("/") << true << Params{};
    QTest::newRow("literal, other path") << s("/health") << s("/healthz") << false << Params{};
    QTest::newRow("literal is case-sensitive") << s("/v1/health") << s("/v1/Health") << false << Params{};
    QTest::newRow("prefix is not a match") << s("/v1/jobs") << s("/v1/jobs/1") << false << Params{};
    QTest::newRow("longer pattern") << s("/v1/jobs/{id}") << s("/v1/jobs") << false << Params{};
    QTest::newRow("one param") << s("/v1/inference/{job_id}/stream") << s("/v1/inference/abc-123/stream") << true
                               << Params{{s("job_id"), s("abc-123")}};
    QTest::newRow("param then wrong literal")
        << s("/v1/inference/{job_id}/stream") << s("/v1/inference/abc/cancel") << false << Params{};
    QTest::newRow("param must not be empty")
        << s("/v1/inference/{job_id}/stream") << s("/v1/inference//stream") << false << Params{};
    QTest::newRow("param is one segment") << s("/v1/jobs/{id}") << s("/v1/jobs/a/b") << false << Params{};
    QTest::newRow("two params") << s("/v1/{kind}/x/{id}") << s("/v1/models/x/42") << true
                                << Params{{s("kind"), s("models")}, {s("id"), s("42")}};
    QTest::newRow("decoded param") << s("/v1/models/{name}") << s("/v1/models/my model \xc3\xa9") << true
                                   << Params{{s("name"), s("my model \xc3\xa9")}};
    QTest::newRow("other version") << s("/v1/jobs/{id}") << s("/v2/jobs/1") << false << Params{};
}

void TestProtocol::routePattern_match()
{
    QFETCH(QString, pattern);
    QFETCH(QString, path);
    QFETCH(bool, matches);
    QFETCH(Params, params);
    const RoutePattern route(pattern);
    QCOMPARE(route.pattern(), pattern);
    const auto got = route.match(path);
    QCOMPARE(got.has_value(), matches);
    if (matches)
        QCOMPARE(*got, params);
}

QTEST_APPLESS_MAIN(TestProtocol)
#include "tst_protocol.moc"

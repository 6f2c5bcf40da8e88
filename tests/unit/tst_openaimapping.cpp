// openai::parseRequest (every accepted field applied, everything else refused naming the field) and
// the OpenAI response objects: completions, stream chunks, usage, finish reasons and error bodies.
#include "core/error.h"
#include "core/json.h"
#include "core/protocol/streamevents.h"
#include "core/queen/openaimapping.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

using namespace rbee::core;

Q_DECLARE_METATYPE(rbee::core::OpenAiRequest::Kind)
Q_DECLARE_METATYPE(rbee::core::StopReason)
Q_DECLARE_METATYPE(rbee::core::ErrorCode)

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

// JSON written with single quotes for readability (moc cannot read raw strings in Qt 6.4).
QJsonObject json(const char *singleQuoted)
{
    QByteArray text(singleQuoted);
    text.replace('\'', '"');
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        qFatal("test JSON does not parse: %s (%s)", singleQuoted, qPrintable(error.errorString()));
    return doc.object();
}

constexpr auto Chat = OpenAiRequest::Kind::Chat;
constexpr auto Completion = OpenAiRequest::Kind::Completion;

OpenAiRequest request(OpenAiRequest::Kind kind)
{
    OpenAiRequest r;
    r.kind = kind;
    r.model = s("tiny-llama");
    return r;
}

openai::ResponseIds responseIds(const char *id)
{
    return {s(id), 1'717'000'000, s("tiny-llama")};
}

EndEvent endEvent(StopReason reason = StopReason::Stop, int prompt = 11, int tokens = 7)
{
    EndEvent e;
    e.stopReason = reason;
    e.promptTokens = prompt;
    e.tokens = tokens;
    e.ttftMs = 12.0;
    e.tokensPerS = 30.0;
    return e;
}

QJsonObject firstChoice(const QJsonObject &o)
{
    return o.value(s("choices")).toArray().at(0).toObject();
}

QSet<QString> keys(const QJsonObject &o)
{
    const QStringList k = o.keys();
    return QSet<QString>(k.cbegin(), k.cend());
}

QSet<QString> keySet(std::initializer_list<const char *> names)
{
    QSet<QString> out;
    for (const char *n : names)
        out.insert(s(n));
    return out;
}

}  // namespace

class TestOpenAiMapping : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parseRequest_validBody_appliesEveryField_data();
    void parseRequest_validBody_appliesEveryField();
    void parseRequest_invalidBody_isRefusedNamingTheField_data();
    void parseRequest_invalidBody_isRefusedNamingTheField();
    void parseRequest_unknownField_messageNamesIt();

    void completion_chat_hasOpenAiShape();
    void completion_text_hasOpenAiShape();
    void textChunk_chat_namesRoleOnlyInFirstChunk();
    void textChunk_completion_carriesTextWithoutDelta();
    void finalChunk_chat_hasEmptyDeltaAndFinishReason();
    void finalChunk_completion_hasEmptyTextAndFinishReason();
    void usageChunk_hasNoChoicesAndTheUsage();
    void usage_cachedTokens_inPromptTokensDetails();
    void chunks_shareIdCreatedAndModel();
    void finishReason_mapsStopReasons_data();
    void finishReason_mapsStopReasons();
    void errorBody_hasOpenAiErrorShape_data();
    void errorBody_hasOpenAiErrorShape();
};

void TestOpenAiMapping::parseRequest_validBody_appliesEveryField_data()
{
    QTest::addColumn<OpenAiRequest::Kind>("kind");
    QTest::addColumn<QJsonObject>("body");
    // Keys of InferenceRequest::toJson() that must have these values (others: not checked here).
    QTest::addColumn<QJsonObject>("expected");
    QTest::addColumn<bool>("stream");
    QTest::addColumn<bool>("includeUsage");

    QTest::newRow("chat: minimal gets defaults")
        << Chat << json("{'model':'tiny-llama','messages':[{'role':'user','content':'hi'}]}")
        << json("{'messages':[{'role':'user','content':'hi'}],'max_tokens':256,'temperature':0.8,'top_p':0.95,"
                "'top_k':40,'min_p':0.05,'repeat_penalty':1}")
        << false << false;
    QTest::newRow("chat: all roles kept in order")
        << Chat
        << json("{'model':'m','messages':[{'role':'system','content':'be brief'},{'role':'user','content':'hi'},"
                "{'role':'assistant','content':'hello'},{'role':'user','content':'again'}]}")
        << json("{'messages':[{'role':'system','content':'be brief'},{'role':'user','content':'hi'},"
                "{'role':'assistant','content':'hello'},{'role':'user','content':'again'}]}")
        << false << false;
    QTest::newRow("chat: developer role becomes system")
        << Chat
        << json("{'model':'m','messages':[{'role':'developer','content':'rules'},{'role':'user','content':'q'}]}")
        << json("{'messages':[{'role':'system','content':'rules'},{'role':'user','content':'q'}]}") << false << false;
    QTest::newRow("chat: one text part")
        << Chat << json("{'model':'m','messages':[{'role':'user','content':[{'type':'text','text':'hi there'}]}]}")
        << json("{'messages':[{'role':'user','content':'hi there'}]}") << false << false;
    QTest::newRow("chat: text parts are joined")
        << Chat
        << json("{'model':'m','messages':[{'role':'user','content':[{'type':'text','text':'Hel'},"
                "{'type':'text','text':'lo'}]}]}")
        << json("{'messages':[{'role':'user','content':'Hello'}]}") << false << false;
    QTest::newRow("chat: max_completion_tokens is max_tokens")
        << Chat << json("{'model':'m','messages':[{'role':'user','content':'hi'}],'max_completion_tokens':17}")
        << json("{'max_tokens':17}") << false << false;
    QTest::newRow("chat: max_completion_tokens wins over max_tokens")
        << Chat
        << json("{'model':'m','messages':[{'role':'user','content':'hi'}],'max_tokens':99,'max_completion_tokens':17}")
        << json("{'max_tokens':17}") << false << false;
    QTest::newRow("chat: every sampling field applied")
        << Chat
        << json("{'model':'m','messages':[{'role':'user','content':'hi'}],'max_tokens':64,'temperature':0.2,"
                "'top_p':0.5,'top_k':10,'min_p':0.1,'repeat_penalty':1.1,'seed':42,'stop':['\\n\\n','END']}")
        << json("{'max_tokens':64,'temperature':0.2,'top_p':0.5,'top_k':10,'min_p':0.1,'repeat_penalty':1.1,"
                "'seed':42,'stop':['\\n\\n','END']}")
        << false << false;
    QTest::newRow("chat: cache_prompt false reaches the worker")
        << Chat << json("{'model':'m','messages':[{'role':'user','content':'hi'}],'cache_prompt':false}")
        << json("{'cache_prompt':false}") << false << false;
    QTest::newRow("chat: stop as one string")
        << Chat << json("{'model':'m','messages':[{'role':'user','content':'hi'}],'stop':'END'}")
        << json("{'stop':['END']}") << false << false;
    QTest::newRow("chat: greedy temperature 0")
        << Chat << json("{'model':'m','messages':[{'role':'user','content':'hi'}],'temperature':0}")
        << json("{'temperature':0}") << false << false;
    QTest::newRow("chat: null sampling fields keep defaults")
        << Chat
        << json("{'model':'m','messages':[{'role':'user','content':'hi'}],'temperature':null,'max_tokens':null,"
                "'stop':null,'seed':null}")
        << json("{'temperature':0.8,'max_tokens':256}") << false << false;
    QTest::newRow("chat: null max_completion_tokens keeps max_tokens")
        << Chat
        << json(
               "{'model':'m','messages':[{'role':'user','content':'hi'}],'max_tokens':50,'max_completion_tokens':null}")
        << json("{'max_tokens':50}") << false << false;
    QTest::newRow("chat: neutral n and penalties accepted")
        << Chat
        << json("{'model':'m','messages':[{'role':'user','content':'hi'}],'n':1,'frequency_penalty':0,"
                "'presence_penalty':0}")
        << json("{'max_tokens':256}") << false << false;
    QTest::newRow("chat: stream") << Chat
                                  << json("{'model':'m','messages':[{'role':'user','content':'hi'}],'stream':true}")
                                  << QJsonObject() << true << false;
    QTest::newRow("chat: stream with usage")
        << Chat
        << json("{'model':'m','messages':[{'role':'user','content':'hi'}],'stream':true,"
                "'stream_options':{'include_usage':true}}")
        << QJsonObject() << true << true;
    QTest::newRow("chat: include_usage false")
        << Chat
        << json("{'model':'m','messages':[{'role':'user','content':'hi'}],'stream':true,"
                "'stream_options':{'include_usage':false}}")
        << QJsonObject() << true << false;
    QTest::newRow("completion: prompt string")
        << Completion << json("{'model':'m','prompt':'Once upon a time'}")
        << json("{'prompt':'Once upon a time','max_tokens':256}") << false << false;
    QTest::newRow("completion: prompt array of one")
        << Completion << json("{'model':'m','prompt':['Once upon a time']}") << json("{'prompt':'Once upon a time'}")
        << false << false;
    QTest::newRow("completion: sampling and stream")
        << Completion
        << json("{'model':'m','prompt':'x','max_tokens':8,'temperature':1.5,'seed':7,'stop':['.'],'stream':true,"
                "'stream_options':{'include_usage':true}}")
        << json("{'prompt':'x','max_tokens':8,'temperature':1.5,'seed':7,'stop':['.']}") << true << true;
}

void TestOpenAiMapping::parseRequest_validBody_appliesEveryField()
{
    QFETCH(OpenAiRequest::Kind, kind);
    QFETCH(QJsonObject, body);
    QFETCH(QJsonObject, expected);
    QFETCH(bool, stream);
    QFETCH(bool, includeUsage);

    const auto parsed = openai::parseRequest(body, kind);
    QVERIFY2(parsed.ok(), qPrintable(parsed.error().field + s(": ") + parsed.error().message));
    QCOMPARE(parsed->kind, kind);
    QCOMPARE(parsed->model, body.value(s("model")).toString());
    QCOMPARE(parsed->stream, stream);
    QCOMPARE(parsed->includeUsage, includeUsage);
    QCOMPARE(parsed->inference.isChat(), kind == Chat);

    const QJsonObject actual = parsed->inference.toJson();
    for (const QString &key : expected.keys()) {
        QVERIFY2(actual.contains(key), qPrintable(s("missing ") + key));
        const QJsonValue want = expected.value(key);
        const QJsonValue got = actual.value(key);
        if (want.isDouble() && got.isDouble()) {
            QVERIFY2(qFuzzyCompare(got.toDouble() + 1.0, want.toDouble() + 1.0),
                     qPrintable(key + s(" = ") + QString::number(got.toDouble())));
        } else {
            QVERIFY2(got == want,
                     qPrintable(key + s(" = ") + QString::fromUtf8(toCompactJson(QJsonObject{{key, got}}))));
        }
    }
    if (!expected.contains(s("seed")))
        QVERIFY(!parsed->inference.sampling.seed.has_value());
    if (!expected.contains(s("stop")))
        QVERIFY(parsed->inference.sampling.stop.isEmpty());
    QCOMPARE(parsed->inference.cachePrompt, !expected.contains(s("cache_prompt")));
}

void TestOpenAiMapping::parseRequest_invalidBody_isRefusedNamingTheField_data()
{
    QTest::addColumn<OpenAiRequest::Kind>("kind");
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QString>("field");

    auto chat = [](const char *tag, const char *body, const char *field) {
        QTest::newRow(tag) << Chat << json(body) << s(field);
    };
    auto text = [](const char *tag, const char *body, const char *field) {
        QTest::newRow(tag) << Completion << json(body) << s(field);
    };
#define MSG "'messages':[{'role':'user','content':'hi'}]"

    // Unknown fields, including OpenAI ones rbee does not implement.
    chat("chat: unknown logprobs", "{'model':'m'," MSG ",'logprobs':true}", "logprobs");
    chat("chat: unknown tools", "{'model':'m'," MSG ",'tools':[]}", "tools");
    chat("chat: unknown user", "{'model':'m'," MSG ",'user':'u1'}", "user");
    chat("chat: unknown response_format", "{'model':'m'," MSG ",'response_format':{'type':'text'}}", "response_format");
    chat("chat: prompt is not a chat field", "{'model':'m'," MSG ",'prompt':'x'}", "prompt");
    text("completion: messages is not a completion field", "{'model':'m','prompt':'x'," MSG "}", "messages");
    text("completion: max_completion_tokens is chat only", "{'model':'m','prompt':'x','max_completion_tokens':5}",
         "max_completion_tokens");
    text("completion: unknown echo", "{'model':'m','prompt':'x','echo':true}", "echo");
    text("completion: unknown suffix", "{'model':'m','prompt':'x','suffix':'y'}", "suffix");

    // model
    chat("chat: model missing", "{" MSG "}", "model");
    chat("chat: model empty", "{'model':''," MSG "}", "model");
    chat("chat: model not a string", "{'model':3," MSG "}", "model");
    text("completion: model missing", "{'prompt':'x'}", "model");

    // messages
    chat("chat: messages missing", "{'model':'m'}", "messages");
    chat("chat: messages empty", "{'model':'m','messages':[]}", "messages");
    chat("chat: messages a string", "{'model':'m','messages':'hi'}", "messages");
    chat("chat: role tool", "{'model':'m','messages':[{'role':'tool','content':'x'}]}", "messages[0].role");
    chat("chat: role missing in second", "{'model':'m','messages':[{'role':'user','content':'a'},{'content':'b'}]}",
         "messages[1].role");
    chat("chat: message not an object", "{'model':'m','messages':['hi']}", "messages[0].role");
    chat("chat: unknown message field", "{'model':'m','messages':[{'role':'user','content':'hi','name':'bob'}]}",
         "messages[0].name");
    chat("chat: content a number", "{'model':'m','messages':[{'role':'user','content':5}]}", "messages[0].content");
    chat("chat: content missing", "{'model':'m','messages':[{'role':'user'}]}", "messages[0].content");
    chat("chat: content null", "{'model':'m','messages':[{'role':'assistant','content':null}]}", "messages[0].content");
    chat("chat: image part",
         "{'model':'m','messages':[{'role':'user','content':[{'type':'image_url','image_url':{'url':'x'}}]}]}",
         "messages[0].content");
    chat("chat: text part without text", "{'model':'m','messages':[{'role':'user','content':[{'type':'text'}]}]}",
         "messages[0].content");

    // prompt
    text("completion: prompt missing", "{'model':'m'}", "prompt");
    text("completion: prompt empty", "{'model':'m','prompt':''}", "prompt");
    text("completion: prompt array of two", "{'model':'m','prompt':['a','b']}", "prompt");
    text("completion: prompt empty array", "{'model':'m','prompt':[]}", "prompt");
    text("completion: prompt token ids", "{'model':'m','prompt':[1,2,3]}", "prompt");
    text("completion: prompt array of one empty string", "{'model':'m','prompt':['']}", "prompt");
    text("completion: prompt a number", "{'model':'m','prompt':7}", "prompt");

    // stream and stream_options
    chat("chat: stream not a bool", "{'model':'m'," MSG ",'stream':'yes'}", "stream");
    chat("chat: stream_options not an object", "{'model':'m'," MSG ",'stream_options':true}", "stream_options");
    chat("chat: include_usage not a bool", "{'model':'m'," MSG ",'stream_options':{'include_usage':1}}",
         "stream_options.include_usage");
    chat("chat: unknown stream option", "{'model':'m'," MSG ",'stream_options':{'continuous_usage_stats':true}}",
         "stream_options.continuous_usage_stats");

    // n and penalties: only the neutral value
    chat("chat: n 2", "{'model':'m'," MSG ",'n':2}", "n");
    chat("chat: n 0", "{'model':'m'," MSG ",'n':0}", "n");
    chat("chat: frequency_penalty 0.5", "{'model':'m'," MSG ",'frequency_penalty':0.5}", "frequency_penalty");
    text("completion: presence_penalty -1", "{'model':'m','prompt':'x','presence_penalty':-1}", "presence_penalty");

    // sampling ranges and types
    chat("chat: max_tokens 0", "{'model':'m'," MSG ",'max_tokens':0}", "max_tokens");
    chat("chat: max_tokens fractional", "{'model':'m'," MSG ",'max_tokens':1.5}", "max_tokens");
    chat("chat: max_tokens a string", "{'model':'m'," MSG ",'max_tokens':'5'}", "max_tokens");
    chat("chat: max_completion_tokens 0", "{'model':'m'," MSG ",'max_completion_tokens':0}", "max_completion_tokens");
    chat("chat: temperature 2.5", "{'model':'m'," MSG ",'temperature':2.5}", "temperature");
    chat("chat: temperature negative", "{'model':'m'," MSG ",'temperature':-0.1}", "temperature");
    chat("chat: top_p 1.5", "{'model':'m'," MSG ",'top_p':1.5}", "top_p");
    chat("chat: top_k negative", "{'model':'m'," MSG ",'top_k':-1}", "top_k");
    chat("chat: min_p 2", "{'model':'m'," MSG ",'min_p':2}", "min_p");
    chat("chat: repeat_penalty 0", "{'model':'m'," MSG ",'repeat_penalty':0}", "repeat_penalty");
    chat("chat: cache_prompt a string", "{'model':'m'," MSG ",'cache_prompt':'no'}", "cache_prompt");
    chat("chat: seed negative", "{'model':'m'," MSG ",'seed':-1}", "seed");
    chat("chat: seed a string", "{'model':'m'," MSG ",'seed':'42'}", "seed");
    chat("chat: stop a number", "{'model':'m'," MSG ",'stop':3}", "stop");
    chat("chat: stop empty string", "{'model':'m'," MSG ",'stop':['']}", "stop");
    chat("chat: five stop strings", "{'model':'m'," MSG ",'stop':['a','b','c','d','e']}", "stop");
    text("completion: top_k fractional", "{'model':'m','prompt':'x','top_k':2.5}", "top_k");
#undef MSG
}

void TestOpenAiMapping::parseRequest_invalidBody_isRefusedNamingTheField()
{
    QFETCH(OpenAiRequest::Kind, kind);
    QFETCH(QJsonObject, body);
    QFETCH(QString, field);

    const auto parsed = openai::parseRequest(body, kind);
    QVERIFY2(!parsed.ok(), "accepted an invalid body");
    QCOMPARE(parsed.error().code, ErrorCode::BadRequest);
    QCOMPARE(parsed.error().field, field);
    QVERIFY2(parsed.error().message.contains(field), qPrintable(parsed.error().message));
}

void TestOpenAiMapping::parseRequest_unknownField_messageNamesIt()
{
    const auto parsed = openai::parseRequest(json("{'model':'m','prompt':'x','best_of':3}"), Completion);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().field, s("best_of"));
    QCOMPARE(parsed.error().message, s("unknown field 'best_of'"));
    const QJsonObject body = openai::errorBody(parsed.error());
    QCOMPARE(body.value(s("error")).toObject().value(s("param")).toString(), s("best_of"));
}

void TestOpenAiMapping::completion_chat_hasOpenAiShape()
{
    const QJsonObject o = openai::completion(request(Chat), responseIds("chatcmpl-1"), s("Hello there"),
                                             endEvent(StopReason::Eos, 11, 7));
    QCOMPARE(o.value(s("object")).toString(), s("chat.completion"));
    QCOMPARE(o.value(s("id")).toString(), s("chatcmpl-1"));
    QVERIFY(o.value(s("created")).isDouble());
    QCOMPARE(o.value(s("created")).toInteger(), 1'717'000'000);
    QCOMPARE(o.value(s("model")).toString(), s("tiny-llama"));
    QCOMPARE(o.value(s("choices")).toArray().size(), 1);

    const QJsonObject choice = firstChoice(o);
    QCOMPARE(choice.value(s("index")).toInt(-1), 0);
    QCOMPARE(choice.value(s("finish_reason")).toString(), s("stop"));
    QVERIFY(!choice.contains(s("delta")));
    QVERIFY(!choice.contains(s("text")));
    const QJsonObject message = choice.value(s("message")).toObject();
    QCOMPARE(keys(message), keySet({"role", "content"}));
    QCOMPARE(message.value(s("role")).toString(), s("assistant"));
    QCOMPARE(message.value(s("content")).toString(), s("Hello there"));

    const QJsonObject usage = o.value(s("usage")).toObject();
    QCOMPARE(keys(usage), keySet({"prompt_tokens", "completion_tokens", "total_tokens", "prompt_tokens_details"}));
    QCOMPARE(usage.value(s("prompt_tokens")).toInt(), 11);
    QCOMPARE(usage.value(s("completion_tokens")).toInt(), 7);
    QCOMPARE(usage.value(s("total_tokens")).toInt(), 18);
}

void TestOpenAiMapping::completion_text_hasOpenAiShape()
{
    const QJsonObject o = openai::completion(request(Completion), responseIds("cmpl-9"), s(" a story"),
                                             endEvent(StopReason::Length, 4, 16));
    QCOMPARE(o.value(s("object")).toString(), s("text_completion"));
    QCOMPARE(o.value(s("id")).toString(), s("cmpl-9"));
    const QJsonObject choice = firstChoice(o);
    QCOMPARE(choice.value(s("index")).toInt(-1), 0);
    QCOMPARE(choice.value(s("text")).toString(), s(" a story"));
    QCOMPARE(choice.value(s("finish_reason")).toString(), s("length"));
    QVERIFY(choice.contains(s("logprobs")));
    QVERIFY(choice.value(s("logprobs")).isNull());
    QVERIFY(!choice.contains(s("message")));
    QCOMPARE(o.value(s("usage")).toObject().value(s("total_tokens")).toInt(), 20);
}

void TestOpenAiMapping::textChunk_chat_namesRoleOnlyInFirstChunk()
{
    const OpenAiRequest r = request(Chat);
    const QJsonObject first = openai::textChunk(r, responseIds("chatcmpl-1"), s("Hel"), true);
    const QJsonObject second = openai::textChunk(r, responseIds("chatcmpl-1"), s("lo"), false);
    for (const QJsonObject &chunk : {first, second}) {
        QCOMPARE(chunk.value(s("object")).toString(), s("chat.completion.chunk"));
        QVERIFY(!chunk.contains(s("usage")));
        const QJsonObject choice = firstChoice(chunk);
        QCOMPARE(choice.value(s("index")).toInt(-1), 0);
        QVERIFY(choice.contains(s("finish_reason")));
        QVERIFY(choice.value(s("finish_reason")).isNull());
        QVERIFY(!choice.contains(s("message")));
    }
    const QJsonObject d1 = firstChoice(first).value(s("delta")).toObject();
    QCOMPARE(keys(d1), keySet({"role", "content"}));
    QCOMPARE(d1.value(s("role")).toString(), s("assistant"));
    QCOMPARE(d1.value(s("content")).toString(), s("Hel"));
    const QJsonObject d2 = firstChoice(second).value(s("delta")).toObject();
    QCOMPARE(keys(d2), keySet({"content"}));
    QCOMPARE(d2.value(s("content")).toString(), s("lo"));
}

void TestOpenAiMapping::textChunk_completion_carriesTextWithoutDelta()
{
    const QJsonObject chunk = openai::textChunk(request(Completion), responseIds("cmpl-2"), s(" upon"), true);
    QCOMPARE(chunk.value(s("object")).toString(), s("text_completion"));
    const QJsonObject choice = firstChoice(chunk);
    QCOMPARE(choice.value(s("text")).toString(), s(" upon"));
    QVERIFY(!choice.contains(s("delta")));
    QVERIFY(choice.value(s("finish_reason")).isNull());
    QVERIFY(!chunk.toVariantMap().contains(s("role")));
}

void TestOpenAiMapping::finalChunk_chat_hasEmptyDeltaAndFinishReason()
{
    const QJsonObject chunk =
        openai::finalChunk(request(Chat), responseIds("chatcmpl-1"), endEvent(StopReason::Length));
    QCOMPARE(chunk.value(s("object")).toString(), s("chat.completion.chunk"));
    const QJsonObject choice = firstChoice(chunk);
    QVERIFY(choice.value(s("delta")).isObject());
    QVERIFY(choice.value(s("delta")).toObject().isEmpty());
    QCOMPARE(choice.value(s("finish_reason")).toString(), s("length"));
    QVERIFY(!chunk.contains(s("usage")));
}

void TestOpenAiMapping::finalChunk_completion_hasEmptyTextAndFinishReason()
{
    const QJsonObject chunk =
        openai::finalChunk(request(Completion), responseIds("cmpl-2"), endEvent(StopReason::Stop));
    QCOMPARE(chunk.value(s("object")).toString(), s("text_completion"));
    const QJsonObject choice = firstChoice(chunk);
    QVERIFY(choice.value(s("text")).isString());
    QVERIFY(choice.value(s("text")).toString().isEmpty());
    QCOMPARE(choice.value(s("finish_reason")).toString(), s("stop"));
}

void TestOpenAiMapping::usageChunk_hasNoChoicesAndTheUsage()
{
    for (const auto kind : {Chat, Completion}) {
        const QJsonObject chunk =
            openai::usageChunk(request(kind), responseIds("x-1"), endEvent(StopReason::Stop, 3, 5));
        QCOMPARE(chunk.value(s("object")).toString(), kind == Chat ? s("chat.completion.chunk") : s("text_completion"));
        QVERIFY(chunk.value(s("choices")).isArray());
        QVERIFY(chunk.value(s("choices")).toArray().isEmpty());
        const QJsonObject usage = chunk.value(s("usage")).toObject();
        QCOMPARE(usage.value(s("prompt_tokens")).toInt(), 3);
        QCOMPARE(usage.value(s("completion_tokens")).toInt(), 5);
        QCOMPARE(usage.value(s("total_tokens")).toInt(), 8);
    }
}

void TestOpenAiMapping::usage_cachedTokens_inPromptTokensDetails()
{
    EndEvent cached = endEvent(StopReason::Stop, 40, 5);
    cached.cachedTokens = 32;
    for (const auto kind : {Chat, Completion}) {
        for (const QJsonObject &o : {openai::completion(request(kind), responseIds("x-1"), s("hi"), cached),
                                     openai::usageChunk(request(kind), responseIds("x-1"), cached)}) {
            const QJsonObject usage = o.value(s("usage")).toObject();
            QCOMPARE(usage.value(s("prompt_tokens")).toInt(), 40);
            QCOMPARE(usage.value(s("prompt_tokens_details")).toObject().value(s("cached_tokens")).toInt(-1), 32);
        }
    }
    // Nothing cached is said as 0, not left out: clients read the field without a fallback.
    const QJsonObject none = openai::usage(endEvent(StopReason::Stop, 40, 5));
    QCOMPARE(none.value(s("prompt_tokens_details")).toObject().value(s("cached_tokens")).toInt(-1), 0);
}

void TestOpenAiMapping::chunks_shareIdCreatedAndModel()
{
    const OpenAiRequest r = request(Chat);
    const openai::ResponseIds ids = responseIds("chatcmpl-abc");
    const QList<QJsonObject> all{openai::textChunk(r, ids, s("a"), true), openai::textChunk(r, ids, s("b"), false),
                                 openai::finalChunk(r, ids, endEvent()), openai::usageChunk(r, ids, endEvent()),
                                 openai::completion(r, ids, s("ab"), endEvent())};
    for (const QJsonObject &o : all) {
        QCOMPARE(o.value(s("id")).toString(), s("chatcmpl-abc"));
        QCOMPARE(o.value(s("created")).toInteger(), ids.created);
        QCOMPARE(o.value(s("model")).toString(), s("tiny-llama"));
        QVERIFY(o.value(s("system_fingerprint")).isString());
    }
}

void TestOpenAiMapping::finishReason_mapsStopReasons_data()
{
    QTest::addColumn<StopReason>("reason");
    QTest::addColumn<QString>("expected");
    QTest::newRow("length") << StopReason::Length << s("length");
    QTest::newRow("stop string") << StopReason::Stop << s("stop");
    QTest::newRow("end of sequence") << StopReason::Eos << s("stop");
    QTest::newRow("cancelled") << StopReason::Cancelled << s("stop");
}

void TestOpenAiMapping::finishReason_mapsStopReasons()
{
    QFETCH(StopReason, reason);
    QFETCH(QString, expected);
    QCOMPARE(openai::finishReason(reason), expected);
    QCOMPARE(firstChoice(openai::completion(request(Chat), responseIds("c"), s("t"), endEvent(reason)))
                 .value(s("finish_reason"))
                 .toString(),
             expected);
}

void TestOpenAiMapping::errorBody_hasOpenAiErrorShape_data()
{
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("type");
    QTest::newRow("bad request with field") << ErrorCode::BadRequest << s("temperature") << s("invalid_request_error");
    QTest::newRow("not found") << ErrorCode::NotFound << QString() << s("invalid_request_error");
    QTest::newRow("payload too large") << ErrorCode::PayloadTooLarge << QString() << s("invalid_request_error");
    QTest::newRow("unauthorized") << ErrorCode::Unauthorized << QString() << s("authentication_error");
    QTest::newRow("no worker") << ErrorCode::NoWorker << QString() << s("server_error");
    QTest::newRow("worker busy") << ErrorCode::WorkerBusy << QString() << s("server_error");
    QTest::newRow("worker unreachable") << ErrorCode::WorkerUnreachable << QString() << s("server_error");
    QTest::newRow("internal") << ErrorCode::Internal << QString() << s("server_error");
}

void TestOpenAiMapping::errorBody_hasOpenAiErrorShape()
{
    QFETCH(ErrorCode, code);
    QFETCH(QString, field);
    QFETCH(QString, type);
    const QJsonObject body = openai::errorBody(Error{code, s("something went wrong"), field});
    QCOMPARE(keys(body), keySet({"error"}));
    const QJsonObject e = body.value(s("error")).toObject();
    QCOMPARE(keys(e), keySet({"message", "type", "param", "code"}));
    QCOMPARE(e.value(s("message")).toString(), s("something went wrong"));
    QCOMPARE(e.value(s("type")).toString(), type);
    QCOMPARE(e.value(s("code")).toString(), errorCodeName(code));
    if (field.isEmpty())
        QVERIFY(e.value(s("param")).isNull());
    else
        QCOMPARE(e.value(s("param")).toString(), field);
}

QTEST_APPLESS_MAIN(TestOpenAiMapping)
#include "tst_openaimapping.moc"

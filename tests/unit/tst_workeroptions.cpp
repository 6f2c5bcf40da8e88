// WorkerOptions::parse: defaults, range checks naming the option, RBEE_* variables, command line
// over environment, required --model, --help/--version, model-name default and URL/host checks.
#include "workeroptions.h"

#include "core/protocol/heartbeat.h"

#include <QTest>

#include <thread>

using rbee::core::ErrorCode;
using rbee::core::Heartbeat;
using rbee::core::Result;
using rbee::worker::WorkerOptions;

namespace rbee::core {
char *toString(ErrorCode code)
{
    return qstrdup(errorCodeName(code).toUtf8().constData());
}
}  // namespace rbee::core

Q_DECLARE_METATYPE(QProcessEnvironment)

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

Result<WorkerOptions> parse(const QStringList &args, const QProcessEnvironment &env = QProcessEnvironment())
{
    return WorkerOptions::parse(QStringList{s("rbee-worker")} + args, env);
}

QProcessEnvironment envWith(std::initializer_list<std::pair<const char *, const char *>> vars)
{
    QProcessEnvironment env;
    for (const auto &[name, value] : vars)
        env.insert(s(name), s(value));
    return env;
}

// The parsed value of one option, as text, so one table can cover every option.
QString valueOf(const WorkerOptions &o, const QString &option)
{
    if (option == QLatin1String("model"))
        return o.modelPath;
    if (option == QLatin1String("model-name"))
        return o.modelName;
    if (option == QLatin1String("host"))
        return o.host;
    if (option == QLatin1String("port"))
        return QString::number(o.port);
    if (option == QLatin1String("queen"))
        return o.queenUrl.toString();
    if (option == QLatin1String("token"))
        return o.token;
    if (option == QLatin1String("worker-id"))
        return o.workerId;
    if (option == QLatin1String("advertise-url"))
        return o.advertiseUrl.toString();
    if (option == QLatin1String("slots"))
        return QString::number(o.slots);
    if (option == QLatin1String("queue"))
        return QString::number(o.queue);
    if (option == QLatin1String("ctx"))
        return QString::number(o.ctx);
    if (option == QLatin1String("threads"))
        return QString::number(o.threads);
    if (option == QLatin1String("heartbeat-ms"))
        return QString::number(o.heartbeatMs);
    if (option == QLatin1String("chat-template"))
        return o.chatTemplate;
    if (option == QLatin1String("unclaimed-job-timeout-ms"))
        return QString::number(o.unclaimedJobTimeoutMs);
    if (option == QLatin1String("cache-ram"))
        return QString::number(o.cacheRamMiB);
    if (option == QLatin1String("device"))
        return o.device;
    if (option == QLatin1String("gpu-layers"))
        return o.gpuLayers.text();
    qFatal("valueOf: unknown option %s", qPrintable(option));
    return {};
}

struct OptionRow {
    const char *option;
    const char *env;
    const char *value;     // a valid value
    const char *other;     // another valid value, for command line vs environment
    const char *parsedAs;  // what valueOf() reads back for `value`
};

const OptionRow kOptions[] = {
    {"model", "RBEE_MODEL", "/models/a.gguf", "/models/b.gguf", "/models/a.gguf"},
    {"model-name", "RBEE_MODEL_NAME", "alpha", "beta", "alpha"},
    {"host", "RBEE_HOST", "0.0.0.0", "::1", "0.0.0.0"},
    {"port", "RBEE_PORT", "8081", "9090", "8081"},
    {"queen", "RBEE_QUEEN_URL", "http://10.0.0.2:7833", "https://queen.lan", "http://10.0.0.2:7833"},
    {"token", "RBEE_TOKEN", "s3cret", "other", "s3cret"},
    {"worker-id", "RBEE_WORKER_ID", "gpu-box-1", "gpu-box-2", "gpu-box-1"},
    {"advertise-url", "RBEE_ADVERTISE_URL", "http://192.168.1.5:8081", "http://w:1", "http://192.168.1.5:8081"},
    {"slots", "RBEE_SLOTS", "8", "2", "8"},
    {"queue", "RBEE_QUEUE", "0", "5", "0"},
    {"ctx", "RBEE_CTX", "2048", "8192", "2048"},
    {"threads", "RBEE_THREADS", "1023", "1022", "1023"},
    {"heartbeat-ms", "RBEE_HEARTBEAT_MS", "250", "1000", "250"},
    {"chat-template", "RBEE_CHAT_TEMPLATE", "chatml", "llama3", "chatml"},
    {"unclaimed-job-timeout-ms", "RBEE_UNCLAIMED_JOB_TIMEOUT_MS", "1000", "2000", "1000"},
    {"cache-ram", "RBEE_CACHE_RAM", "0", "512", "0"},
    {"device", "RBEE_DEVICE", "Vulkan0", "CUDA1", "Vulkan0"},
    {"gpu-layers", "RBEE_GPU_LAYERS", "all", "12", "all"},
};

QStringList withModel(QStringList args)
{
    return QStringList{s("--model"), s("/m/tiny.gguf")} + args;
}

}  // namespace

class TestWorkerOptions : public QObject {
    Q_OBJECT

private:
    void addOptions();

private Q_SLOTS:
    void parse_onlyModel_usesDefaults();
    void gpuLayers_autoAllOrCount_data();
    void gpuLayers_autoAllOrCount();
    void gpuLayers_bad_errorNamesOption_data();
    void gpuLayers_bad_errorNamesOption();
    void listDevices_needsNoModel();
    void json_onlyWithListDevices();
    void noCachePrompt_fromFlagOrEnvironment_data();
    void noCachePrompt_fromFlagOrEnvironment();
    void noCachePrompt_badEnvironmentValue_errorNamesIt();
    void parse_optionGiven_applied_data() { addOptions(); }
    void parse_optionGiven_applied();
    void parse_optionAbsent_readsEnvironment_data() { addOptions(); }
    void parse_optionAbsent_readsEnvironment();
    void parse_optionAndEnvironment_commandLineWins_data() { addOptions(); }
    void parse_optionAndEnvironment_commandLineWins();
    void parse_emptyEnvironmentValue_ignored();
    void parse_equalsAndSingleDashForms_accepted();

    void parse_numericBoundaries_accepted_data();
    void parse_numericBoundaries_accepted();
    void parse_numericOutOfRange_errorNamesOption_data();
    void parse_numericOutOfRange_errorNamesOption();
    void parse_badValueFromEnvironment_errorNamesOption_data();
    void parse_badValueFromEnvironment_errorNamesOption();

    void parse_missingModel_errorNamesModel_data();
    void parse_missingModel_errorNamesModel();
    void parse_help_showsHelpWithoutModel_data();
    void parse_help_showsHelpWithoutModel();
    void parse_help_flagNamesItsVariableWithValue();
    void parse_badValue_sameMessageFromCommandLineOrEnvironment_data();
    void parse_badValue_sameMessageFromCommandLineOrEnvironment();
    void parse_version_showsVersion();
    void parse_version_withBadValueAndNoModel_stillShowsVersion();
    void parse_unknownOptionOrArgument_rejected_data();
    void parse_unknownOptionOrArgument_rejected();

    void modelName_defaultsToFileNameWithoutGguf_data();
    void modelName_defaultsToFileNameWithoutGguf();
    void modelName_explicit_winsOverFileName();
    void modelName_longFileName_shortenedToHeartbeatLimit_data();
    void modelName_longFileName_shortenedToHeartbeatLimit();
    void nameOptions_atHeartbeatLimit_accepted_data();
    void nameOptions_atHeartbeatLimit_accepted();
    void nameOptions_overHeartbeatLimit_errorNamesOptionAndLimit_data();
    void nameOptions_overHeartbeatLimit_errorNamesOptionAndLimit();
    void advertiseUrl_overHeartbeatLimit_errorNamesOptionAndLimit();

    void queen_badUrl_errorNamesQueen_data();
    void queen_badUrl_errorNamesQueen();
    void advertiseUrl_badUrl_errorNamesAdvertiseUrl();
    void host_validAddresses_accepted_data();
    void host_validAddresses_accepted();
    void host_notAnAddress_errorNamesHost();
};

void TestWorkerOptions::addOptions()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("env");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("other");
    QTest::addColumn<QString>("parsedAs");
    for (const OptionRow &row : kOptions)
        QTest::newRow(row.option) << s(row.option) << s(row.env) << s(row.value) << s(row.other) << s(row.parsedAs);
}

void TestWorkerOptions::parse_onlyModel_usesDefaults()
{
    const auto o = parse({s("--model"), s("/models/tiny.gguf")});
    QVERIFY2(o.ok(), qPrintable(o.error().message));
    QCOMPARE(o->outcome, WorkerOptions::Outcome::Run);
    QCOMPARE(o->modelPath, s("/models/tiny.gguf"));
    QCOMPARE(o->modelName, s("tiny"));
    QCOMPARE(o->host, s("127.0.0.1"));
    QCOMPARE(o->port, quint16(0));
    QVERIFY(o->queenUrl.isEmpty());
    QVERIFY(o->token.isEmpty());
    QVERIFY(o->workerId.isEmpty());
    QVERIFY(o->advertiseUrl.isEmpty());
    QCOMPARE(o->slots, 4);
    QCOMPARE(o->queue, 16);
    QCOMPARE(o->ctx, 4096);
    QCOMPARE(o->threads, static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
    QCOMPARE(o->heartbeatMs, 5000);
    QVERIFY(o->chatTemplate.isEmpty());
    QCOMPARE(o->unclaimedJobTimeoutMs, 30000);
    QVERIFY(o->cachePrompt);
    QCOMPARE(o->cacheRamMiB, qint64(2048));
}

void TestWorkerOptions::noCachePrompt_fromFlagOrEnvironment_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QProcessEnvironment>("env");
    QTest::addColumn<bool>("cachePrompt");
    QTest::newRow("default") << QStringList{} << QProcessEnvironment() << true;
    QTest::newRow("--no-cache-prompt") << QStringList{s("--no-cache-prompt")} << QProcessEnvironment() << false;
    QTest::newRow("RBEE_NO_CACHE_PROMPT=1") << QStringList{} << envWith({{"RBEE_NO_CACHE_PROMPT", "1"}}) << false;
    QTest::newRow("RBEE_NO_CACHE_PROMPT=0") << QStringList{} << envWith({{"RBEE_NO_CACHE_PROMPT", "0"}}) << true;
    QTest::newRow("flag wins over =0") << QStringList{s("--no-cache-prompt")}
                                       << envWith({{"RBEE_NO_CACHE_PROMPT", "0"}}) << false;
}

void TestWorkerOptions::noCachePrompt_fromFlagOrEnvironment()
{
    QFETCH(QStringList, args);
    QFETCH(QProcessEnvironment, env);
    QFETCH(bool, cachePrompt);
    const auto o = parse(withModel(args), env);
    QVERIFY2(o.ok(), qPrintable(o.error().message));
    QCOMPARE(o->cachePrompt, cachePrompt);
}

void TestWorkerOptions::noCachePrompt_badEnvironmentValue_errorNamesIt()
{
    const auto o = parse(withModel({}), envWith({{"RBEE_NO_CACHE_PROMPT", "yes"}}));
    QVERIFY(!o.ok());
    QCOMPARE(o.error().field, s("no-cache-prompt"));
    QVERIFY2(o.error().message.contains(s("RBEE_NO_CACHE_PROMPT")), qPrintable(o.error().message));
}

void TestWorkerOptions::parse_optionGiven_applied()
{
    QFETCH(QString, option);
    QFETCH(QString, value);
    QFETCH(QString, parsedAs);
    QStringList args{QString(QStringLiteral("--") + option), value};
    if (option != QLatin1String("model"))
        args = withModel(args);
    const auto o = parse(args);
    QVERIFY2(o.ok(), qPrintable(o.error().message));
    QCOMPARE(valueOf(o.value(), option), parsedAs);
}

void TestWorkerOptions::parse_optionAbsent_readsEnvironment()
{
    QFETCH(QString, option);
    QFETCH(QString, env);
    QFETCH(QString, value);
    QFETCH(QString, parsedAs);
    QProcessEnvironment environment;
    environment.insert(env, value);
    const QStringList args = option == QLatin1String("model") ? QStringList{} : withModel({});
    const auto o = parse(args, environment);
    QVERIFY2(o.ok(), qPrintable(o.error().message));
    QCOMPARE(valueOf(o.value(), option), parsedAs);
    // Without the variable the value differs, so the variable was really read.
    const auto without = parse(withModel({}));
    QVERIFY(without.ok());
    QVERIFY(valueOf(without.value(), option) != parsedAs);
}

void TestWorkerOptions::parse_optionAndEnvironment_commandLineWins()
{
    QFETCH(QString, option);
    QFETCH(QString, env);
    QFETCH(QString, value);
    QFETCH(QString, other);
    QFETCH(QString, parsedAs);
    QProcessEnvironment environment;
    environment.insert(env, other);
    if (option != QLatin1String("model"))
        environment.insert(s("RBEE_MODEL"), s("/m/env.gguf"));
    const auto o = parse({QString(QStringLiteral("--") + option), value}, environment);
    QVERIFY2(o.ok(), qPrintable(o.error().message));
    QCOMPARE(valueOf(o.value(), option), parsedAs);
}

void TestWorkerOptions::parse_emptyEnvironmentValue_ignored()
{
    const auto o = parse(withModel({}), envWith({{"RBEE_SLOTS", ""}, {"RBEE_HOST", ""}, {"RBEE_QUEEN_URL", ""}}));
    QVERIFY2(o.ok(), qPrintable(o.error().message));
    QCOMPARE(o->slots, 4);
    QCOMPARE(o->host, s("127.0.0.1"));
    QVERIFY(o->queenUrl.isEmpty());
}

void TestWorkerOptions::parse_equalsAndSingleDashForms_accepted()
{
    const auto o = parse({s("--model=/m/x.gguf"), s("--slots=2"), s("-port"), s("7000"), s("-ctx=512")});
    QVERIFY2(o.ok(), qPrintable(o.error().message));
    QCOMPARE(o->modelPath, s("/m/x.gguf"));
    QCOMPARE(o->slots, 2);
    QCOMPARE(o->port, quint16(7000));
    QCOMPARE(o->ctx, 512);
}

void TestWorkerOptions::parse_numericBoundaries_accepted_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("value");
    const struct {
        const char *option;
        const char *min;
        const char *max;
    } ranges[] = {
        {"port", "0", "65535"},
        {"slots", "1", "256"},
        {"queue", "0", "100000"},
        {"ctx", "32", "1048576"},
        {"threads", "1", "1024"},
        {"heartbeat-ms", "100", "3600000"},
        {"unclaimed-job-timeout-ms", "100", "3600000"},
        {"cache-ram", "0", "1073741824"},
    };
    for (const auto &r : ranges) {
        QTest::addRow("%s min %s", r.option, r.min) << s(r.option) << s(r.min);
        QTest::addRow("%s max %s", r.option, r.max) << s(r.option) << s(r.max);
    }
}

void TestWorkerOptions::parse_numericBoundaries_accepted()
{
    QFETCH(QString, option);
    QFETCH(QString, value);
    const auto o = parse(withModel({QString(QStringLiteral("--") + option), value}));
    QVERIFY2(o.ok(), qPrintable(o.error().message));
    QCOMPARE(valueOf(o.value(), option), value);
}

void TestWorkerOptions::parse_numericOutOfRange_errorNamesOption_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("value");
    const struct {
        const char *option;
        const char *below;
        const char *above;
    } ranges[] = {
        {"port", "-1", "65536"},
        {"slots", "0", "257"},
        {"queue", "-1", "100001"},
        {"ctx", "31", "1048577"},
        {"threads", "0", "1025"},
        {"heartbeat-ms", "99", "3600001"},
        {"unclaimed-job-timeout-ms", "99", "3600001"},
        {"cache-ram", "-1", "1073741825"},
    };
    for (const auto &r : ranges) {
        QTest::addRow("%s below: %s", r.option, r.below) << s(r.option) << s(r.below);
        QTest::addRow("%s above: %s", r.option, r.above) << s(r.option) << s(r.above);
        QTest::addRow("%s not a number", r.option) << s(r.option) << s("many");
        QTest::addRow("%s fraction", r.option) << s(r.option) << s("1.5");
        QTest::addRow("%s hex", r.option) << s(r.option) << s("0x10");
        QTest::addRow("%s huge", r.option) << s(r.option) << s("99999999999999999999999");
    }
}

void TestWorkerOptions::parse_numericOutOfRange_errorNamesOption()
{
    QFETCH(QString, option);
    QFETCH(QString, value);
    const auto o = parse(withModel({QString(QStringLiteral("--") + option), value}));
    QVERIFY(!o.ok());
    QCOMPARE(o.error().code, ErrorCode::BadRequest);
    QCOMPARE(o.error().field, option);
    QVERIFY2(o.error().message.contains(option), qPrintable(o.error().message));
    QVERIFY2(o.error().message.contains(value), qPrintable(o.error().message));
}

void TestWorkerOptions::parse_badValueFromEnvironment_errorNamesOption_data()
{
    QTest::addColumn<QString>("env");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("good");  // a valid command-line value for the same option
    QTest::newRow("RBEE_PORT") << s("RBEE_PORT") << s("70000") << s("port") << s("8080");
    QTest::newRow("RBEE_SLOTS") << s("RBEE_SLOTS") << s("0") << s("slots") << s("2");
    QTest::newRow("RBEE_QUEUE") << s("RBEE_QUEUE") << s("-5") << s("queue") << s("5");
    QTest::newRow("RBEE_CTX") << s("RBEE_CTX") << s("16") << s("ctx") << s("512");
    QTest::newRow("RBEE_THREADS") << s("RBEE_THREADS") << s("all") << s("threads") << s("2");
    QTest::newRow("RBEE_HEARTBEAT_MS") << s("RBEE_HEARTBEAT_MS") << s("10") << s("heartbeat-ms") << s("1000");
    QTest::newRow("RBEE_UNCLAIMED_JOB_TIMEOUT_MS")
        << s("RBEE_UNCLAIMED_JOB_TIMEOUT_MS") << s("4000000") << s("unclaimed-job-timeout-ms") << s("1000");
    QTest::newRow("RBEE_QUEEN_URL") << s("RBEE_QUEEN_URL") << s("queen:7833") << s("queen") << s("http://q:1");
    QTest::newRow("RBEE_ADVERTISE_URL") << s("RBEE_ADVERTISE_URL") << s("w:1") << s("advertise-url") << s("http://w:1");
    QTest::newRow("RBEE_HOST") << s("RBEE_HOST") << s("my-host") << s("host") << s("::1");
}

void TestWorkerOptions::parse_badValueFromEnvironment_errorNamesOption()
{
    QFETCH(QString, env);
    QFETCH(QString, value);
    QFETCH(QString, option);
    QFETCH(QString, good);
    QProcessEnvironment environment;
    environment.insert(env, value);
    const auto o = parse(withModel({}), environment);
    QVERIFY(!o.ok());
    QCOMPARE(o.error().code, ErrorCode::BadRequest);
    QCOMPARE(o.error().field, option);
    // A valid command-line value hides the bad variable.
    const auto fixed = parse(withModel({QString(QStringLiteral("--") + option), good}), environment);
    QVERIFY2(fixed.ok(), qPrintable(fixed.error().message));
    QCOMPARE(valueOf(fixed.value(), option),
             option.endsWith(QLatin1String("url")) || option == QLatin1String("queen") ? QUrl(good).toString() : good);
}

void TestWorkerOptions::parse_missingModel_errorNamesModel_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QProcessEnvironment>("env");
    QTest::newRow("no arguments") << QStringList{} << QProcessEnvironment();
    QTest::newRow("other options only") << QStringList{s("--slots"), s("2"), s("--port"), s("1")}
                                        << QProcessEnvironment();
    QTest::newRow("empty --model") << QStringList{s("--model=")} << QProcessEnvironment();
    QTest::newRow("empty RBEE_MODEL") << QStringList{} << envWith({{"RBEE_MODEL", ""}});
    QTest::newRow("model-name is not a model") << QStringList{s("--model-name"), s("x")} << QProcessEnvironment();
}

void TestWorkerOptions::parse_missingModel_errorNamesModel()
{
    QFETCH(QStringList, args);
    QFETCH(QProcessEnvironment, env);
    const auto o = parse(args, env);
    QVERIFY(!o.ok());
    QCOMPARE(o.error().code, ErrorCode::BadRequest);
    QCOMPARE(o.error().field, s("model"));
    QVERIFY(o.error().message.contains(s("--model")));
}

void TestWorkerOptions::parse_help_showsHelpWithoutModel_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("--help") << QStringList{s("--help")};
    QTest::newRow("-h") << QStringList{s("-h")};
    QTest::newRow("--help with other options") << QStringList{s("--slots"), s("2"), s("--help")};
    QTest::newRow("--help with a bad value") << QStringList{s("--slots"), s("0"), s("--help")};
}

void TestWorkerOptions::parse_help_showsHelpWithoutModel()
{
    QFETCH(QStringList, args);
    const auto o = parse(args);
    QVERIFY2(o.ok(), qPrintable(o.error().message));
    QCOMPARE(o->outcome, WorkerOptions::Outcome::ShowHelp);
    for (const OptionRow &row : kOptions) {
        QVERIFY2(o->helpText.contains(QString(QStringLiteral("--") + s(row.option))), row.option);
        QVERIFY2(o->helpText.contains(s(row.env)), row.env);
    }
    QVERIFY(o->helpText.contains(s("--help")));
}

void TestWorkerOptions::parse_help_flagNamesItsVariableWithValue()
{
    const auto o = parse({s("--help")});
    QVERIFY2(o.ok(), qPrintable(o.error().message));
    QVERIFY2(o->helpText.contains(s("[RBEE_NO_CACHE_PROMPT=1]")), qPrintable(o->helpText));
    QVERIFY2(!o->helpText.contains(s("--no-cache-prompt <")), qPrintable(o->helpText));  // takes no value
    QVERIFY2(o->helpText.contains(s("--slots <n>")), qPrintable(o->helpText));
    QVERIFY(o->helpText.contains(s("environment variable in brackets")));
}

void TestWorkerOptions::parse_badValue_sameMessageFromCommandLineOrEnvironment_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("env");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("message");
    QTest::newRow("slots") << s("slots") << s("RBEE_SLOTS") << s("0")
                           << s("--slots must be an integer from 1 to 256, got '0'");
    QTest::newRow("port") << s("port") << s("RBEE_PORT") << s("65536")
                          << s("--port must be an integer from 0 to 65535, got '65536'");
    QTest::newRow("host") << s("host") << s("RBEE_HOST") << s("my-host")
                          << s("--host must be an IP address, got 'my-host'");
    QTest::newRow("queen") << s("queen") << s("RBEE_QUEEN_URL") << s("queen:7833")
                           << s("--queen must be an http:// URL, got 'queen:7833'");
    QTest::newRow("worker-id") << s("worker-id") << s("RBEE_WORKER_ID") << QString(129, u'w')
                               << s("--worker-id must be at most 128 characters, got 129");
}

void TestWorkerOptions::parse_badValue_sameMessageFromCommandLineOrEnvironment()
{
    QFETCH(QString, option);
    QFETCH(QString, env);
    QFETCH(QString, value);
    QFETCH(QString, message);
    const auto fromArgs = parse(withModel({QString(QStringLiteral("--") + option), value}));
    QVERIFY(!fromArgs.ok());
    QCOMPARE(fromArgs.error().message, message);
    QCOMPARE(fromArgs.error().field, option);
    QProcessEnvironment environment;
    environment.insert(env, value);
    const auto fromEnv = parse(withModel({}), environment);
    QVERIFY(!fromEnv.ok());
    QCOMPARE(fromEnv.error().message, message);
    QCOMPARE(fromEnv.error().field, option);
}

void TestWorkerOptions::parse_version_showsVersion()
{
    const auto o = parse({s("--version")});
    QVERIFY2(o.ok(), qPrintable(o.error().message));
    QCOMPARE(o->outcome, WorkerOptions::Outcome::ShowVersion);
}

void TestWorkerOptions::parse_version_withBadValueAndNoModel_stillShowsVersion()
{
    const auto o = parse({s("--version"), s("--port"), s("99999")});
    QVERIFY2(o.ok(), qPrintable(o.error().message));
    QCOMPARE(o->outcome, WorkerOptions::Outcome::ShowVersion);
}

void TestWorkerOptions::parse_unknownOptionOrArgument_rejected_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("unknown option") << withModel({s("--turbo")}) << s("turbo");
    QTest::newRow("option missing its value") << QStringList{s("--model")} << s("model");
    QTest::newRow("positional argument") << withModel({s("extra.gguf")}) << s("extra.gguf");
}

void TestWorkerOptions::parse_unknownOptionOrArgument_rejected()
{
    QFETCH(QStringList, args);
    QFETCH(QString, mentions);
    const auto o = parse(args);
    QVERIFY(!o.ok());
    QCOMPARE(o.error().code, ErrorCode::BadRequest);
    QVERIFY2(o.error().message.contains(mentions), qPrintable(o.error().message));
}

void TestWorkerOptions::modelName_defaultsToFileNameWithoutGguf_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("name");
    QTest::newRow("absolute path") << s("/models/tiny-llama.Q4_K_M.gguf") << s("tiny-llama.Q4_K_M");
    QTest::newRow("relative path") << s("./qwen2.gguf") << s("qwen2");
    QTest::newRow("bare file name") << s("phi.gguf") << s("phi");
    QTest::newRow("upper-case extension") << s("/m/MODEL.GGUF") << s("MODEL");
    QTest::newRow("mixed-case extension") << s("/m/model.GgUf") << s("model");
    QTest::newRow("other extension kept") << s("/m/model.bin") << s("model.bin");
    QTest::newRow("no extension") << s("/m/model") << s("model");
    QTest::newRow("gguf only in directory") << s("/m/x.gguf/model.bin") << s("model.bin");
    QTest::newRow("gguf not at end") << s("/m/model.gguf.part") << s("model.gguf.part");
}

void TestWorkerOptions::modelName_defaultsToFileNameWithoutGguf()
{
    QFETCH(QString, path);
    QFETCH(QString, name);
    const auto o = parse({s("--model"), path});
    QVERIFY2(o.ok(), qPrintable(o.error().message));
    QCOMPARE(o->modelPath, path);
    QCOMPARE(o->modelName, name);
}

void TestWorkerOptions::modelName_explicit_winsOverFileName()
{
    const auto o = parse({s("--model"), s("/m/tiny.gguf"), s("--model-name"), s("friendly")});
    QVERIFY(o.ok());
    QCOMPARE(o->modelName, s("friendly"));
    const auto fromEnv = parse({s("--model"), s("/m/tiny.gguf")}, envWith({{"RBEE_MODEL_NAME", "env-name"}}));
    QVERIFY(fromEnv.ok());
    QCOMPARE(fromEnv->modelName, s("env-name"));
}

void TestWorkerOptions::modelName_longFileName_shortenedToHeartbeatLimit_data()
{
    QTest::addColumn<QString>("stem");  // the file name without .gguf
    const QString ascii = QString(200, u'm') + s("-Q4_K_M");
    QTest::newRow("ascii, 207 characters") << ascii;
    QTest::newRow("129 characters") << QString(129, u'x');
    // Characters outside the BMP take two UTF-16 units; the cut must never split one.
    QTest::newRow("surrogate pairs throughout") << QString(s("\U0001F41D")).repeated(100);
    QTest::newRow("surrogate pairs, both cuts inside a pair") << QString(s("\U0001F41D")).repeated(100) + s("b");
    QTest::newRow("surrogate pairs, no cut inside a pair") << s("a") + QString(s("\U0001F41D")).repeated(100);
}

void TestWorkerOptions::modelName_longFileName_shortenedToHeartbeatLimit()
{
    QFETCH(QString, stem);
    const auto o = parse({s("--model"), s("/models/") + stem + s(".gguf")});
    QVERIFY2(o.ok(), qPrintable(o.error().message));
    const QString name = o->modelName;
    QVERIFY2(name.size() <= Heartbeat::kMaxNameChars, qPrintable(QString::number(name.size())));
    QVERIFY2(name.size() >= Heartbeat::kMaxNameChars - 2, qPrintable(QString::number(name.size())));
    QVERIFY(name.isValidUtf16());
    QVERIFY(name.contains(u'~'));
    const QString head = name.section(u'~', 0, 0);
    const QString tail = name.section(u'~', 1);
    QVERIFY2(stem.startsWith(head) && head.size() >= 90, qPrintable(head));
    QVERIFY2(stem.endsWith(tail) && tail.size() >= 30, qPrintable(tail));

    // What the worker will announce passes the queen's heartbeat validation.
    Heartbeat hb;
    hb.workerId = s("w-1");
    hb.model = name;
    hb.url = s("http://127.0.0.1:8081");
    hb.version = s("1");
    hb.slotsTotal = 1;
    hb.ctxSize = 512;
    const auto back = Heartbeat::fromJson(hb.toJson());
    QVERIFY2(back.ok(), qPrintable(back.error().message));
    QCOMPARE(back->model, name);
}

void TestWorkerOptions::nameOptions_atHeartbeatLimit_accepted_data()
{
    QTest::addColumn<QString>("option");
    QTest::newRow("worker-id") << s("worker-id");
    QTest::newRow("model-name") << s("model-name");
}

void TestWorkerOptions::nameOptions_atHeartbeatLimit_accepted()
{
    QFETCH(QString, option);
    const QString value(Heartbeat::kMaxNameChars, u'n');
    const auto o = parse(withModel({QString(QStringLiteral("--") + option), value}));
    QVERIFY2(o.ok(), qPrintable(o.error().message));
    QCOMPARE(valueOf(o.value(), option), value);
}

void TestWorkerOptions::nameOptions_overHeartbeatLimit_errorNamesOptionAndLimit_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("env");
    QTest::addColumn<int>("length");
    QTest::newRow("--worker-id 129") << s("worker-id") << QString() << 129;
    QTest::newRow("--model-name 129") << s("model-name") << QString() << 129;
    QTest::newRow("--worker-id 400000") << s("worker-id") << QString() << 400000;
    QTest::newRow("RBEE_WORKER_ID 200") << s("worker-id") << s("RBEE_WORKER_ID") << 200;
    QTest::newRow("RBEE_MODEL_NAME 200") << s("model-name") << s("RBEE_MODEL_NAME") << 200;
}

void TestWorkerOptions::nameOptions_overHeartbeatLimit_errorNamesOptionAndLimit()
{
    QFETCH(QString, option);
    QFETCH(QString, env);
    QFETCH(int, length);
    const QString value(length, u'n');
    QProcessEnvironment environment;
    QStringList args = withModel({});
    if (env.isEmpty())
        args << QString(QStringLiteral("--") + option) << value;
    else
        environment.insert(env, value);
    const auto o = parse(args, environment);
    QVERIFY(!o.ok());
    QCOMPARE(o.error().code, ErrorCode::BadRequest);
    QCOMPARE(o.error().field, option);
    QCOMPARE(o.error().message,
             QStringLiteral("--%1 must be at most %2 characters, got %3").arg(option).arg(128).arg(length));
}

void TestWorkerOptions::advertiseUrl_overHeartbeatLimit_errorNamesOptionAndLimit()
{
    const QString prefix = s("http://worker.lan:8081/");
    const QString atLimit = prefix + QString(Heartbeat::kMaxUrlChars - prefix.size(), u'p');
    const auto good = parse(withModel({s("--advertise-url"), atLimit}));
    QVERIFY2(good.ok(), qPrintable(good.error().message));
    QCOMPARE(good->advertiseUrl.toString(), atLimit);

    const auto o = parse(withModel({s("--advertise-url"), atLimit + u'p'}));
    QVERIFY(!o.ok());
    QCOMPARE(o.error().field, s("advertise-url"));
    QCOMPARE(o.error().message, s("--advertise-url must be at most 2048 characters, got 2049"));
}

void TestWorkerOptions::queen_badUrl_errorNamesQueen_data()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("no scheme") << s("127.0.0.1:7833");
    QTest::newRow("host:port only") << s("localhost:7833");
    QTest::newRow("ftp scheme") << s("ftp://queen/");
    QTest::newRow("ws scheme") << s("ws://queen:7833");
    QTest::newRow("no host") << s("http://");
    QTest::newRow("empty host with path") << s("http:///v1");
    QTest::newRow("not a url") << s("not a url");
    QTest::newRow("bad port") << s("http://queen:99999");
    QTest::newRow("space in host") << s("http://que en:7833");
}

void TestWorkerOptions::queen_badUrl_errorNamesQueen()
{
    QFETCH(QString, url);
    const auto o = parse(withModel({s("--queen"), url}));
    QVERIFY(!o.ok());
    QCOMPARE(o.error().code, ErrorCode::BadRequest);
    QCOMPARE(o.error().field, s("queen"));
    QVERIFY2(o.error().message.contains(url), qPrintable(o.error().message));
}

void TestWorkerOptions::advertiseUrl_badUrl_errorNamesAdvertiseUrl()
{
    const auto o = parse(withModel({s("--advertise-url"), s("192.168.1.5:8081")}));
    QVERIFY(!o.ok());
    QCOMPARE(o.error().field, s("advertise-url"));
    const auto good = parse(withModel({s("--advertise-url"), s("https://worker.lan:8443")}));
    QVERIFY(good.ok());
    QCOMPARE(good->advertiseUrl, QUrl(s("https://worker.lan:8443")));
}

void TestWorkerOptions::host_validAddresses_accepted_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("parsedAs");
    QTest::newRow("loopback") << s("127.0.0.1") << s("127.0.0.1");
    QTest::newRow("any") << s("0.0.0.0") << s("0.0.0.0");
    QTest::newRow("IPv6 loopback") << s("::1") << s("::1");
    QTest::newRow("IPv6 any") << s("::") << s("::");
    QTest::newRow("localhost means loopback") << s("localhost") << s("127.0.0.1");
}

void TestWorkerOptions::host_validAddresses_accepted()
{
    QFETCH(QString, host);
    QFETCH(QString, parsedAs);
    const auto o = parse(withModel({s("--host"), host}));
    QVERIFY2(o.ok(), qPrintable(o.error().message));
    QCOMPARE(o->host, parsedAs);
}

void TestWorkerOptions::host_notAnAddress_errorNamesHost()
{
    for (const char *bad : {"example.com", "256.1.1.1", "127.0.0.1:80", "::g"}) {
        const auto o = parse(withModel({s("--host"), s(bad)}));
        QVERIFY2(!o.ok(), bad);
        QCOMPARE(o.error().field, s("host"));
    }
}

void TestWorkerOptions::gpuLayers_autoAllOrCount_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("mode");
    QTest::addColumn<int>("count");
    QTest::newRow("auto") << s("auto") << int(rbee::worker::GpuLayersRequest::Mode::Auto) << 0;
    QTest::newRow("all") << s("all") << int(rbee::worker::GpuLayersRequest::Mode::All) << 0;
    QTest::newRow("zero") << s("0") << int(rbee::worker::GpuLayersRequest::Mode::Count) << 0;
    QTest::newRow("99") << s("99") << int(rbee::worker::GpuLayersRequest::Mode::Count) << 99;
}

void TestWorkerOptions::gpuLayers_autoAllOrCount()
{
    QFETCH(QString, text);
    QFETCH(int, mode);
    QFETCH(int, count);
    const auto o = parse(withModel({s("--gpu-layers"), text}));
    QVERIFY2(o.ok(), o.ok() ? "" : qPrintable(o.error().message));
    QCOMPARE(int(o->gpuLayers.mode), mode);
    QCOMPARE(o->gpuLayers.count, count);
    QVERIFY(o->gpuLayers.explicitlySet);
    QCOMPARE(o->gpuLayers.text(), text);
    const auto defaults = parse(withModel({}));
    QVERIFY(defaults.ok());
    QCOMPARE(defaults->gpuLayers.mode, rbee::worker::GpuLayersRequest::Mode::Auto);
    QVERIFY(!defaults->gpuLayers.explicitlySet);
    QVERIFY(defaults->device.isEmpty());
}

void TestWorkerOptions::gpuLayers_bad_errorNamesOption_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("negative") << s("-1");
    QTest::newRow("word") << s("most");
    QTest::newRow("fraction") << s("1.5");
    QTest::newRow("upper-case") << s("ALL");
}

void TestWorkerOptions::gpuLayers_bad_errorNamesOption()
{
    QFETCH(QString, text);
    const auto o = parse(withModel({s("--gpu-layers"), text}));
    QVERIFY(!o.ok());
    QCOMPARE(o.error().code, ErrorCode::BadRequest);
    QCOMPARE(o.error().field, s("gpu-layers"));
    QVERIFY2(o.error().message.contains(s("--gpu-layers must be auto, all or a number of layers")),
             qPrintable(o.error().message));
    QVERIFY2(o.error().message.contains(text), qPrintable(o.error().message));
}

void TestWorkerOptions::listDevices_needsNoModel()
{
    const auto o = parse({s("--list-devices")});
    QVERIFY2(o.ok(), o.ok() ? "" : qPrintable(o.error().message));
    QCOMPARE(o->outcome, WorkerOptions::Outcome::ListDevices);
    QVERIFY(!o->json);
    const auto j = parse({s("--list-devices"), s("--json")});
    QVERIFY(j.ok());
    QVERIFY(j->json);
    QVERIFY(o->helpText.contains(s("--list-devices")));
    QVERIFY(o->helpText.contains(s("--device <name>")));
    QVERIFY(o->helpText.contains(s("[RBEE_GPU_LAYERS]")));
}

void TestWorkerOptions::json_onlyWithListDevices()
{
    const auto o = parse(withModel({s("--json")}));
    QVERIFY(!o.ok());
    QCOMPARE(o.error().field, s("json"));
    QCOMPARE(o.error().message, s("--json goes only with --list-devices"));
}

QTEST_APPLESS_MAIN(TestWorkerOptions)
#include "tst_workeroptions.moc"

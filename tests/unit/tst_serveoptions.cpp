// parseServeOptions (`rbee --serve`): the same option table as rbee-worker: every option from the
// command line or its RBEE_* variable (command line wins, an empty variable is absent), range
// errors naming the option in the worker's words, --help listing every option with its variable.
#include "app/serveoptions.h"

#include <QTest>

using rbee::app::parseServeOptions;
using rbee::app::ServeCommandLine;
using rbee::core::ErrorCode;
using rbee::core::Result;
using rbee::core::SchedulingPolicy;

Q_DECLARE_METATYPE(QProcessEnvironment)

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

Result<ServeCommandLine> parse(const QStringList &args, const QProcessEnvironment &env = QProcessEnvironment())
{
    return parseServeOptions(QStringList{s("rbee"), s("--serve")} + args, env);
}

// The parsed value of one option, as text, so one table can cover every option.
QString valueOf(const ServeCommandLine &c, const QString &option)
{
    const auto &o = c.options;
    if (option == QLatin1String("host"))
        return o.host;
    if (option == QLatin1String("port"))
        return QString::number(o.port);
    if (option == QLatin1String("token"))
        return o.token;
    if (option == QLatin1String("heartbeat-timeout-ms"))
        return QString::number(o.heartbeatTimeoutMs);
    if (option == QLatin1String("policy"))
        return rbee::core::schedulingPolicyName(o.jobs.policy);
    if (option == QLatin1String("max-queue"))
        return QString::number(o.jobs.maxQueue);
    if (option == QLatin1String("queue-timeout-ms"))
        return QString::number(o.jobs.queueTimeoutMs);
    if (option == QLatin1String("max-workers"))
        return QString::number(o.maxWorkers);
    qFatal("valueOf: unknown option %s", qPrintable(option));
    return {};
}

struct OptionRow {
    const char *option;
    const char *env;
    const char *value;  // a valid value, not the default
    const char *other;  // another valid value, for command line vs environment
};

const OptionRow kOptions[] = {
    {"host", "RBEE_HOST", "0.0.0.0", "::1"},
    {"port", "RBEE_PORT", "8081", "9090"},
    {"token", "RBEE_TOKEN", "s3cret", "other"},
    {"heartbeat-timeout-ms", "RBEE_HEARTBEAT_TIMEOUT_MS", "2000", "3000"},
    {"policy", "RBEE_POLICY", "least-loaded", "first-available"},
    {"max-queue", "RBEE_MAX_QUEUE", "0", "5"},
    {"queue-timeout-ms", "RBEE_QUEUE_TIMEOUT_MS", "100", "200"},
    {"max-workers", "RBEE_MAX_WORKERS", "10", "20"},
};

void addOptionRows()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("env");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("other");
    for (const OptionRow &r : kOptions)
        QTest::newRow(r.option) << s(r.option) << s(r.env) << s(r.value) << s(r.other);
}

}  // namespace

class TestServeOptions : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parse_noOptions_usesDefaults();
    void parse_optionGiven_applied_data() { addOptionRows(); }
    void parse_optionGiven_applied();
    void parse_optionAbsent_readsEnvironment_data() { addOptionRows(); }
    void parse_optionAbsent_readsEnvironment();
    void parse_optionAndEnvironment_commandLineWins_data() { addOptionRows(); }
    void parse_optionAndEnvironment_commandLineWins();
    void parse_emptyEnvironmentValue_ignored();
    void parse_equalsAndSingleDashForms_accepted();
    void parse_badValue_errorNamesOptionInTheWorkersWords_data();
    void parse_badValue_errorNamesOptionInTheWorkersWords();
    void parse_badValueFromEnvironment_errorNamesOption_data();
    void parse_badValueFromEnvironment_errorNamesOption();
    void parse_help_listsEveryOptionWithItsVariable();
    void parse_unknownOptionOrArgument_rejected_data();
    void parse_unknownOptionOrArgument_rejected();
    void eventsKeepAlive_onlyFromEnvironment_checked();
};

void TestServeOptions::parse_noOptions_usesDefaults()
{
    const auto c = parse({});
    QVERIFY2(c.ok(), qPrintable(c.error().message));
    QVERIFY(!c->showHelp);
    const rbee::core::QueenOptions defaults;
    QCOMPARE(c->options.host, s("127.0.0.1"));
    QCOMPARE(c->options.port, quint16(7833));
    QVERIFY(c->options.token.isEmpty());
    QCOMPARE(c->options.heartbeatTimeoutMs, qint64(15000));
    QCOMPARE(c->options.jobs.policy, defaults.jobs.policy);
    QCOMPARE(c->options.jobs.maxQueue, 256);
    QCOMPARE(c->options.jobs.queueTimeoutMs, 30000);
    QCOMPARE(c->options.maxWorkers, 65536);
}

void TestServeOptions::parse_optionGiven_applied()
{
    QFETCH(QString, option);
    QFETCH(QString, value);
    const auto c = parse({QString(QStringLiteral("--") + option), value});
    QVERIFY2(c.ok(), qPrintable(c.error().message));
    QCOMPARE(valueOf(c.value(), option), value);
}

void TestServeOptions::parse_optionAbsent_readsEnvironment()
{
    QFETCH(QString, option);
    QFETCH(QString, env);
    QFETCH(QString, value);
    QProcessEnvironment environment;
    environment.insert(env, value);
    const auto c = parse({}, environment);
    QVERIFY2(c.ok(), qPrintable(c.error().message));
    QCOMPARE(valueOf(c.value(), option), value);
    // Without the variable the value differs, so the variable was really read.
    QVERIFY(valueOf(parse({}).value(), option) != value);
}

void TestServeOptions::parse_optionAndEnvironment_commandLineWins()
{
    QFETCH(QString, option);
    QFETCH(QString, env);
    QFETCH(QString, value);
    QFETCH(QString, other);
    QProcessEnvironment environment;
    environment.insert(env, other);
    const auto c = parse({QString(QStringLiteral("--") + option), value}, environment);
    QVERIFY2(c.ok(), qPrintable(c.error().message));
    QCOMPARE(valueOf(c.value(), option), value);
}

void TestServeOptions::parse_emptyEnvironmentValue_ignored()
{
    QProcessEnvironment environment;
    for (const OptionRow &r : kOptions)
        environment.insert(s(r.env), QString());
    const auto c = parse({}, environment);
    QVERIFY2(c.ok(), qPrintable(c.error().message));
    QCOMPARE(c->options.port, quint16(7833));
    QCOMPARE(c->options.host, s("127.0.0.1"));
}

void TestServeOptions::parse_equalsAndSingleDashForms_accepted()
{
    const auto c = parse({s("--port=7000"), s("-max-queue"), s("3"), s("-policy=least-loaded")});
    QVERIFY2(c.ok(), qPrintable(c.error().message));
    QCOMPARE(c->options.port, quint16(7000));
    QCOMPARE(c->options.jobs.maxQueue, 3);
    QCOMPARE(c->options.jobs.policy, SchedulingPolicy::LeastLoaded);
}

void TestServeOptions::parse_badValue_errorNamesOptionInTheWorkersWords_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("message");
    // rbee-worker says the same of its own --port and --host (tst_workeroptions).
    QTest::newRow("port above") << s("port") << s("65536")
                                << s("--port must be an integer from 0 to 65535, got '65536'");
    QTest::newRow("port not a number") << s("port") << s("many")
                                       << s("--port must be an integer from 0 to 65535, got 'many'");
    QTest::newRow("host") << s("host") << s("my-host") << s("--host must be an IP address, got 'my-host'");
    QTest::newRow("heartbeat-timeout-ms below")
        << s("heartbeat-timeout-ms") << s("99")
        << s("--heartbeat-timeout-ms must be an integer from 100 to 86400000, got '99'");
    QTest::newRow("max-queue negative") << s("max-queue") << s("-1")
                                        << s("--max-queue must be an integer from 0 to 1000000, got '-1'");
    QTest::newRow("queue-timeout-ms above")
        << s("queue-timeout-ms") << s("3600001")
        << s("--queue-timeout-ms must be an integer from 0 to 3600000, got '3600001'");
    QTest::newRow("max-workers 0") << s("max-workers") << s("0")
                                   << s("--max-workers must be an integer from 1 to 10000000, got '0'");
    QTest::newRow("policy") << s("policy") << s("random")
                            << s("--policy must be first-available, least-loaded or cache-aware, got 'random'");
}

void TestServeOptions::parse_badValue_errorNamesOptionInTheWorkersWords()
{
    QFETCH(QString, option);
    QFETCH(QString, value);
    QFETCH(QString, message);
    const auto c = parse({QString(QStringLiteral("--") + option), value});
    QVERIFY(!c.ok());
    QCOMPARE(c.error().code, ErrorCode::BadRequest);
    QCOMPARE(c.error().field, option);
    QCOMPARE(c.error().message, message);
}

void TestServeOptions::parse_badValueFromEnvironment_errorNamesOption_data()
{
    QTest::addColumn<QString>("env");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("good");
    QTest::newRow("RBEE_PORT") << s("RBEE_PORT") << s("70000") << s("port") << s("8080");
    QTest::newRow("RBEE_HOST") << s("RBEE_HOST") << s("my-host") << s("host") << s("::1");
    QTest::newRow("RBEE_POLICY") << s("RBEE_POLICY") << s("fastest") << s("policy") << s("cache-aware");
    QTest::newRow("RBEE_MAX_WORKERS") << s("RBEE_MAX_WORKERS") << s("lots") << s("max-workers") << s("3");
}

void TestServeOptions::parse_badValueFromEnvironment_errorNamesOption()
{
    QFETCH(QString, env);
    QFETCH(QString, value);
    QFETCH(QString, option);
    QFETCH(QString, good);
    QProcessEnvironment environment;
    environment.insert(env, value);
    const auto c = parse({}, environment);
    QVERIFY(!c.ok());
    QCOMPARE(c.error().field, option);
    QVERIFY2(c.error().message.contains(value), qPrintable(c.error().message));
    // A valid command-line value hides the bad variable.
    const auto fixed = parse({QString(QStringLiteral("--") + option), good}, environment);
    QVERIFY2(fixed.ok(), qPrintable(fixed.error().message));
    QCOMPARE(valueOf(fixed.value(), option), good);
}

void TestServeOptions::parse_help_listsEveryOptionWithItsVariable()
{
    for (const QString &flag : {s("--help"), s("-h")}) {
        const auto c = parse({s("--port"), s("0"), flag}, QProcessEnvironment());
        QVERIFY2(c.ok(), qPrintable(c.error().message));
        QVERIFY(c->showHelp);
        for (const OptionRow &r : kOptions) {
            const QString line = QStringLiteral("--%1 <").arg(s(r.option));
            QVERIFY2(c->helpText.contains(line), r.option);
            QVERIFY2(c->helpText.contains(QStringLiteral("[%1]").arg(s(r.env))), r.env);
        }
        QVERIFY(c->helpText.contains(s("-h, --help")));
        QVERIFY(c->helpText.contains(s("environment variable in brackets")));
    }
    // A bad value does not keep --help from answering.
    const auto help = parse({s("--port"), s("x"), s("--help")});
    QVERIFY2(help.ok(), qPrintable(help.error().message));
    QVERIFY(help->showHelp);
}

void TestServeOptions::parse_unknownOptionOrArgument_rejected_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("unknown option") << QStringList{s("--turbo")} << s("turbo");
    QTest::newRow("option missing its value") << QStringList{s("--port")} << s("port");
    QTest::newRow("positional argument") << QStringList{s("extra")} << s("extra");
}

void TestServeOptions::parse_unknownOptionOrArgument_rejected()
{
    QFETCH(QStringList, args);
    QFETCH(QString, mentions);
    const auto c = parse(args);
    QVERIFY(!c.ok());
    QCOMPARE(c.error().code, ErrorCode::BadRequest);
    QVERIFY2(c.error().message.contains(mentions), qPrintable(c.error().message));
}

void TestServeOptions::eventsKeepAlive_onlyFromEnvironment_checked()
{
    QProcessEnvironment env;
    env.insert(s("RBEE_EVENTS_KEEPALIVE_MS"), s("50"));
    const auto c = parse({}, env);
    QVERIFY2(c.ok(), qPrintable(c.error().message));
    QCOMPARE(c->options.eventsKeepAliveMs, 50);
    env.insert(s("RBEE_EVENTS_KEEPALIVE_MS"), s("5"));
    const auto bad = parse({}, env);
    QVERIFY(!bad.ok());
    QVERIFY2(bad.error().message.contains(s("RBEE_EVENTS_KEEPALIVE_MS")), qPrintable(bad.error().message));
    QVERIFY(!parse({s("--events-keepalive-ms"), s("50")}).ok());
}

QTEST_APPLESS_MAIN(TestServeOptions)
#include "tst_serveoptions.moc"

// Parsing and validation of the queen's options.
#include "serveoptions.h"

#include "core/commandline.h"

#include <QCommandLineParser>

namespace rbee::app {

using core::Error;
using core::ErrorCode;

namespace {
using core::OptionSpec;

constexpr OptionSpec kSpecs[] = {
    {"host", "RBEE_HOST", "address", "Address to listen on (default 127.0.0.1)."},
    {"port", "RBEE_PORT", "port", "Port to listen on (default 7833; 0 picks a free one)."},
    {"token", "RBEE_TOKEN", "token", "Require 'Authorization: Bearer TOKEN' on every endpoint but /health."},
    {"heartbeat-timeout-ms", "RBEE_HEARTBEAT_TIMEOUT_MS", "ms",
     "A worker silent this long is offline (default 15000)."},
    {"policy", "RBEE_POLICY", "name",
     "Scheduling policy: cache-aware (default; the worker that holds the longest start of the prompt, unless "
     "load is uneven), first-available, or least-loaded."},
    {"max-queue", "RBEE_MAX_QUEUE", "n", "Jobs that may wait for a free worker (default 256)."},
    {"queue-timeout-ms", "RBEE_QUEUE_TIMEOUT_MS", "ms", "How long a job may wait for a free worker (default 30000)."},
    {"max-workers", "RBEE_MAX_WORKERS", "n",
     "Workers the queen keeps track of; offline ones are evicted first, then new ones refused (default 65536)."},
};

}  // namespace

core::Result<ServeCommandLine> parseServeOptions(const QStringList &arguments, const QProcessEnvironment &env)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "rbee --serve: the queen. Workers send heartbeats here; clients submit jobs (job API, OpenAI API)\n"
        "and the queen runs them on the first available worker serving the model."));
    parser.addOption(QCommandLineOption(QStringLiteral("serve"), QStringLiteral("Run the queen without a window.")));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    parser.addOption(help);
    core::addOptions(parser, kSpecs);
    ServeCommandLine out;
    out.helpText = parser.helpText();
    if (!parser.parse(arguments))
        return Error{ErrorCode::BadRequest, parser.errorText()};
    if (!parser.positionalArguments().isEmpty())
        return Error{ErrorCode::BadRequest,
                     QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first())};
    if (parser.isSet(help)) {
        out.showHelp = true;
        return out;
    }
    core::QueenOptions &o = out.options;
    Error error;
    for (const OptionSpec &s : kSpecs) {
        const QString name = QString::fromLatin1(s.name);
        const QString v = core::optionValue(parser, env, s);
        if (v.isEmpty())
            continue;
        qint64 n = 0;
        if (name == QLatin1String("host")) {
            if (!core::parseHostOption(name, v, o.host, error))
                return error;
        } else if (name == QLatin1String("port")) {
            if (!core::parseIntOption(name, v, 0, 65535, n, error))
                return error;
            o.port = quint16(n);
        } else if (name == QLatin1String("token")) {
            o.token = v;
        } else if (name == QLatin1String("heartbeat-timeout-ms")) {
            if (!core::parseIntOption(name, v, 100, 86400000, n, error))
                return error;
            o.heartbeatTimeoutMs = n;
        } else if (name == QLatin1String("policy")) {
            const auto policy = core::schedulingPolicyFromName(v);
            if (!policy)
                return Error{
                    ErrorCode::BadRequest,
                    QStringLiteral("--policy must be first-available, least-loaded or cache-aware, got '%1'").arg(v),
                    name};
            o.jobs.policy = *policy;
        } else if (name == QLatin1String("max-queue")) {
            if (!core::parseIntOption(name, v, 0, 1000000, n, error))
                return error;
            o.jobs.maxQueue = int(n);
        } else if (name == QLatin1String("queue-timeout-ms")) {
            if (!core::parseIntOption(name, v, 0, 3600000, n, error))
                return error;
            o.jobs.queueTimeoutMs = int(n);
        } else if (name == QLatin1String("max-workers")) {
            if (!core::parseIntOption(name, v, 1, 10000000, n, error))
                return error;
            o.maxWorkers = int(n);
        }
    }
    // For tests only, and so not on the command line: a keep-alive interval of GET /v1/events
    // short enough to observe.
    const QString keepAlive = env.value(QStringLiteral("RBEE_EVENTS_KEEPALIVE_MS"));
    if (!keepAlive.isEmpty()) {
        bool ok = false;
        const int n = keepAlive.toInt(&ok);
        if (!ok || n < 10 || n > 3600000)
            return Error{ErrorCode::BadRequest,
                         QStringLiteral("RBEE_EVENTS_KEEPALIVE_MS must be an integer from 10 to 3600000, got '%1'")
                             .arg(keepAlive)};
        o.eventsKeepAliveMs = n;
    }
    return out;
}

}  // namespace rbee::app

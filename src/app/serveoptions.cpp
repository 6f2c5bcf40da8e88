// Parsing and validation of the queen's options.
#include "serveoptions.h"

#include "core/commandline.h"

#include <QCommandLineParser>

namespace rbee::app {

using core::Error;
using core::ErrorCode;

core::Result<ServeCommandLine> parseServeOptions(const QStringList &arguments, const QProcessEnvironment &env)
{
    ServeCommandLine out;
    core::QueenOptions &o = out.options;
    auto policy = [&o](const QString &name, const QString &v, Error &error) {
        const auto parsed = core::schedulingPolicyFromName(v);
        if (!parsed) {
            error = Error{
                ErrorCode::BadRequest,
                QStringLiteral("--%1 must be first-available, least-loaded or cache-aware, got '%2'").arg(name, v),
                name};
            return false;
        }
        o.jobs.policy = *parsed;
        return true;
    };
    const core::OptionSpec specs[] = {
        {"host", "RBEE_HOST", "address", "Address to listen on (default 127.0.0.1; 0.0.0.0 for all).",
         core::hostOption(o.host)},
        {"port", "RBEE_PORT", "port", "Port to listen on; 0 picks a free one (default 7833).",
         core::portOption(o.port)},
        {"token", "RBEE_TOKEN", "token", "Require 'Authorization: Bearer TOKEN' on every endpoint but /health.",
         core::textOption(o.token)},
        {"heartbeat-timeout-ms", "RBEE_HEARTBEAT_TIMEOUT_MS", "ms",
         "A worker silent this long is offline (default 15000).",
         core::int64Option(o.heartbeatTimeoutMs, 100, 86400000)},
        {"policy", "RBEE_POLICY", "name",
         "Scheduling policy: cache-aware (default; the worker that holds the longest start of the prompt, unless "
         "load is uneven), first-available, or least-loaded.",
         policy},
        {"max-queue", "RBEE_MAX_QUEUE", "n", "Jobs that may wait for a free worker (default 256).",
         core::intOption(o.jobs.maxQueue, 0, 1000000)},
        {"queue-timeout-ms", "RBEE_QUEUE_TIMEOUT_MS", "ms",
         "How long a job may wait for a free worker (default 30000).",
         core::intOption(o.jobs.queueTimeoutMs, 0, 3600000)},
        {"max-workers", "RBEE_MAX_WORKERS", "n",
         "Workers the queen keeps track of; offline ones are evicted first, then new ones refused (default 65536).",
         core::intOption(o.maxWorkers, 1, 10000000)},
        {"idle-stop-s", "RBEE_IDLE_STOP_S", "s",
         "Stop workers started through POST /v1/workers (rbee run) after this many idle seconds (default 0: "
         "never).",
         core::intOption(o.idleStopS, 0, 86400 * 365)},
    };

    QCommandLineParser parser;
    core::setUpParser(
        parser, QStringLiteral("rbee --serve: the queen. Workers send heartbeats here; clients submit jobs (job API, "
                               "OpenAI API)\nand the queen runs them on a worker serving the model."));
    parser.addOption(QCommandLineOption(QStringLiteral("serve"), QStringLiteral("Run the queen without a window.")));
    core::addOptions(parser, specs);
    out.helpText = parser.helpText();
    if (const auto error = core::usageError(parser, parser.parse(arguments)))
        return *error;
    if (parser.isSet(QStringLiteral("help"))) {
        out.showHelp = true;
        return out;
    }
    if (const auto error = core::applyOptions(parser, env, specs))
        return *error;
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

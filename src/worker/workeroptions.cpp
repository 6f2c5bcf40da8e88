// Command-line and environment parsing for rbee-worker.
#include "workeroptions.h"

#include <QCommandLineParser>
#include <QFileInfo>

#include <thread>

namespace rbee::worker {

using core::Error;
using core::ErrorCode;

namespace {
struct OptionSpec {
    const char *name;
    const char *env;
    const char *valueName;
    const char *help;
};

constexpr OptionSpec kSpecs[] = {
    {"model", "RBEE_MODEL", "path", "GGUF model file to serve (required)."},
    {"model-name", "RBEE_MODEL_NAME", "name", "Model name announced to clients (default: file name without .gguf)."},
    {"host", "RBEE_HOST", "address", "Address to listen on (default 127.0.0.1; 0.0.0.0 for all)."},
    {"port", "RBEE_PORT", "port", "Port to listen on; 0 picks a free one (default 0)."},
    {"queen", "RBEE_QUEEN_URL", "url", "Queen to send heartbeats to, e.g. http://127.0.0.1:7833."},
    {"token", "RBEE_TOKEN", "token", "Bearer token for the queen (prefer the environment variable)."},
    {"worker-id", "RBEE_WORKER_ID", "id", "Worker id (default: derived from host, port and model name)."},
    {"advertise-url", "RBEE_ADVERTISE_URL", "url", "URL the queen should use to reach this worker."},
    {"slots", "RBEE_SLOTS", "n", "Jobs decoded together (default 4)."},
    {"queue", "RBEE_QUEUE", "n", "Jobs that may wait for a slot before 503 (default 16)."},
    {"ctx", "RBEE_CTX", "tokens", "Context size per slot: prompt plus answer (default 4096)."},
    {"threads", "RBEE_THREADS", "n", "CPU threads for llama.cpp (default: all cores)."},
    {"heartbeat-ms", "RBEE_HEARTBEAT_MS", "ms", "Heartbeat interval (default 5000)."},
    {"chat-template", "RBEE_CHAT_TEMPLATE", "name", "llama.cpp built-in chat template to use instead of the model's."},
    {"unclaimed-job-timeout-ms", "RBEE_UNCLAIMED_JOB_TIMEOUT_MS", "ms",
     "Cancel a job whose stream is not opened within this time (default 30000)."},
};

bool readInt(const QString &name, const QString &text, qint64 min, qint64 max, qint64 &out, Error &error)
{
    bool ok = false;
    const qint64 v = text.toLongLong(&ok);
    if (!ok || v < min || v > max) {
        error = Error{ErrorCode::BadRequest,
                      QStringLiteral("--%1 must be an integer from %2 to %3, got '%4'").arg(name).arg(min).arg(max).arg(text),
                      name};
        return false;
    }
    out = v;
    return true;
}

bool readUrl(const QString &name, const QString &text, QUrl &out, Error &error)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
        || url.host().isEmpty()) {
        error = Error{ErrorCode::BadRequest, QStringLiteral("--%1 must be an http:// URL, got '%2'").arg(name, text), name};
        return false;
    }
    out = url;
    return true;
}
}  // namespace

core::Result<WorkerOptions> WorkerOptions::parse(const QStringList &arguments, const QProcessEnvironment &env)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "rbee-worker: serves one GGUF model over HTTP with llama.cpp and reports to an rbee queen.\n"
        "Every option can also be set with the environment variable in brackets."));
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    const QCommandLineOption version(QStringLiteral("version"), QStringLiteral("Show the version."));
    parser.addOption(help);
    parser.addOption(version);
    for (const auto &spec : kSpecs) {
        parser.addOption(QCommandLineOption(QString::fromLatin1(spec.name),
                                            QStringLiteral("%1 [%2]").arg(QLatin1String(spec.help), QLatin1String(spec.env)),
                                            QString::fromLatin1(spec.valueName)));
    }

    WorkerOptions o;
    o.helpText = parser.helpText();
    if (!parser.parse(arguments))
        return Error{ErrorCode::BadRequest, parser.errorText()};
    if (!parser.positionalArguments().isEmpty()) {
        return Error{ErrorCode::BadRequest,
                     QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().constFirst())};
    }
    if (parser.isSet(help)) {
        o.outcome = Outcome::ShowHelp;
        return o;
    }
    if (parser.isSet(version)) {
        o.outcome = Outcome::ShowVersion;
        return o;
    }

    auto value = [&](const OptionSpec &spec) -> QString {
        const QString name = QString::fromLatin1(spec.name);
        if (parser.isSet(name))
            return parser.value(name);
        return env.value(QString::fromLatin1(spec.env));
    };
    o.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    Error error;
    for (const auto &spec : kSpecs) {
        const QString name = QString::fromLatin1(spec.name);
        const QString v = value(spec);
        if (v.isEmpty())
            continue;
        qint64 n = 0;
        bool ok = true;
        if (name == QLatin1String("model")) o.modelPath = v;
        else if (name == QLatin1String("model-name")) o.modelName = v;
        else if (name == QLatin1String("host")) {
            if (QHostAddress(v).isNull() && v != QLatin1String("localhost")) {
                error = Error{ErrorCode::BadRequest, QStringLiteral("--host must be an IP address, got '%1'").arg(v), name};
                ok = false;
            }
            o.host = v == QLatin1String("localhost") ? QStringLiteral("127.0.0.1") : v;
        }
        else if (name == QLatin1String("port")) { ok = readInt(name, v, 0, 65535, n, error); o.port = static_cast<quint16>(n); }
        else if (name == QLatin1String("queen")) ok = readUrl(name, v, o.queenUrl, error);
        else if (name == QLatin1String("token")) o.token = v;
        else if (name == QLatin1String("worker-id")) o.workerId = v;
        else if (name == QLatin1String("advertise-url")) ok = readUrl(name, v, o.advertiseUrl, error);
        else if (name == QLatin1String("slots")) { ok = readInt(name, v, 1, 256, n, error); o.slots = static_cast<int>(n); }
        else if (name == QLatin1String("queue")) { ok = readInt(name, v, 0, 100000, n, error); o.queue = static_cast<int>(n); }
        else if (name == QLatin1String("ctx")) { ok = readInt(name, v, 32, 1 << 20, n, error); o.ctx = static_cast<int>(n); }
        else if (name == QLatin1String("threads")) { ok = readInt(name, v, 1, 1024, n, error); o.threads = static_cast<int>(n); }
        else if (name == QLatin1String("heartbeat-ms")) { ok = readInt(name, v, 100, 3600000, n, error); o.heartbeatMs = static_cast<int>(n); }
        else if (name == QLatin1String("chat-template")) o.chatTemplate = v;
        else if (name == QLatin1String("unclaimed-job-timeout-ms")) { ok = readInt(name, v, 100, 3600000, n, error); o.unclaimedJobTimeoutMs = static_cast<int>(n); }
        if (!ok)
            return error;
    }
    if (o.modelPath.isEmpty())
        return Error{ErrorCode::BadRequest, QStringLiteral("--model is required (or RBEE_MODEL)"), QStringLiteral("model")};
    if (o.modelName.isEmpty()) {
        o.modelName = QFileInfo(o.modelPath).fileName();
        if (o.modelName.endsWith(QLatin1String(".gguf"), Qt::CaseInsensitive))
            o.modelName.chop(5);
    }
    return o;
}

}  // namespace rbee::worker

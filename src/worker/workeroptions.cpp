// Command-line and environment parsing for rbee-worker.
#include "workeroptions.h"

#include "core/commandline.h"
#include "core/protocol/heartbeat.h"
#include "core/protocol/inferencerequest.h"

#include <QCommandLineParser>
#include <QFileInfo>

#include <functional>
#include <iterator>
#include <thread>

namespace rbee::worker {

using core::Error;
using core::ErrorCode;

namespace {
using core::OptionSpec;

constexpr OptionSpec kSpecs[] = {
    {"model", "RBEE_MODEL", "path", "GGUF model file to serve (required)."},
    {"model-name", "RBEE_MODEL_NAME", "name",
     "Model name announced to clients, at most 128 characters (default: file name without .gguf, a longer one "
     "shortened in the middle with '~')."},
    {"host", "RBEE_HOST", "address", "Address to listen on (default 127.0.0.1; 0.0.0.0 for all)."},
    {"port", "RBEE_PORT", "port", "Port to listen on; 0 picks a free one (default 0)."},
    {"queen", "RBEE_QUEEN_URL", "url", "Queen to send heartbeats to, e.g. http://127.0.0.1:7833."},
    {"token", "RBEE_TOKEN", "token", "Bearer token for the queen (prefer the environment variable)."},
    {"worker-id", "RBEE_WORKER_ID", "id",
     "Worker id, at most 128 characters (default: derived from host, port and model name)."},
    {"advertise-url", "RBEE_ADVERTISE_URL", "url", "URL the queen should use to reach this worker."},
    {"slots", "RBEE_SLOTS", "n", "Jobs decoded together (default 4)."},
    {"queue", "RBEE_QUEUE", "n", "Jobs that may wait for a slot before 503 (default 16)."},
    {"ctx", "RBEE_CTX", "tokens", "Context size per slot: prompt plus answer (default 4096)."},
    {"threads", "RBEE_THREADS", "n", "CPU threads for llama.cpp (default: all cores)."},
    {"heartbeat-ms", "RBEE_HEARTBEAT_MS", "ms", "Heartbeat interval (default 5000)."},
    {"chat-template", "RBEE_CHAT_TEMPLATE", "name", "llama.cpp built-in chat template to use instead of the model's."},
    {"unclaimed-job-timeout-ms", "RBEE_UNCLAIMED_JOB_TIMEOUT_MS", "ms",
     "Cancel a job whose stream is not opened within this time (default 30000)."},
    {"cache-ram", "RBEE_CACHE_RAM", "MiB",
     "Host memory for the prompt states of conversations pushed out of slots, so that they resume without "
     "decoding their history again; 0 = none (default 2048)."},
};

// The queen refuses every heartbeat whose id or model name is longer than this.
constexpr int kMaxNameChars = core::Heartbeat::kMaxNameChars;
// The tail of a long file name is kept: it usually tells the quantization (Q4_K_M, Q8_0).
constexpr int kKeptTailChars = 32;

// The file name without ".gguf"; a longer one than the queen accepts keeps its start and end
// around a '~', never splitting a UTF-16 surrogate pair.
QString defaultModelName(const QString &modelPath)
{
    QString name = QFileInfo(modelPath).fileName();
    if (name.endsWith(QLatin1String(".gguf"), Qt::CaseInsensitive) && name.size() > 5)
        name.chop(5);
    if (name.size() <= kMaxNameChars)
        return name;
    qsizetype headChars = kMaxNameChars - 1 - kKeptTailChars;
    if (name.at(headChars - 1).isHighSurrogate())
        --headChars;
    qsizetype tailFrom = name.size() - kKeptTailChars;
    if (name.at(tailFrom).isLowSurrogate())
        ++tailFrom;
    return name.left(headChars) + u'~' + name.mid(tailFrom);
}

}  // namespace

core::Result<WorkerOptions> WorkerOptions::parse(const QStringList &arguments, const QProcessEnvironment &env)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("rbee-worker: serves one GGUF model over HTTP with llama.cpp and reports to an rbee queen.\n"
                       "Every option can also be set with the environment variable in brackets."));
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    const QCommandLineOption version(QStringLiteral("version"), QStringLiteral("Show the version."));
    const QCommandLineOption noCachePrompt(
        QStringLiteral("no-cache-prompt"),
        QStringLiteral("Decode every prompt whole: slots forget their tokens after each job, and no prompt state is "
                       "kept in host memory [RBEE_NO_CACHE_PROMPT=1]."));
    parser.addOption(help);
    parser.addOption(version);
    core::addOptions(parser, kSpecs);
    parser.addOption(noCachePrompt);

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

    o.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    // One setter per option; each validates its text and reports the option by name.
    Error error;
    auto integer = [&](int &out, qint64 min, qint64 max) {
        return [&out, min, max, &error](const QString &name, const QString &v) {
            qint64 n = 0;
            const bool ok = core::parseIntOption(name, v, min, max, n, error);
            out = static_cast<int>(n);
            return ok;
        };
    };
    auto text = [](QString &out) {
        return [&out](const QString &, const QString &v) {
            out = v;
            return true;
        };
    };
    // Text the queen would refuse in every heartbeat is refused here, at start.
    auto fits = [&error](const QString &name, const QString &v, int maxChars) {
        if (v.size() <= maxChars)
            return true;
        error = Error{
            ErrorCode::BadRequest,
            QStringLiteral("--%1 must be at most %2 characters, got %3").arg(name).arg(maxChars).arg(v.size()), name};
        return false;
    };
    auto limitedText = [&](QString &out, int maxChars) {
        return [&out, maxChars, &fits](const QString &name, const QString &v) {
            if (!fits(name, v, maxChars))
                return false;
            out = v;
            return true;
        };
    };
    auto url = [&](QUrl &out) {
        return [&out, &error](const QString &name, const QString &v) {
            return core::parseHttpUrlOption(name, v, out, error);
        };
    };
    // The heartbeat carries this URL, as the worker writes it.
    auto advertisedUrl = [&](const QString &name, const QString &v) {
        QUrl parsed;
        if (!core::parseHttpUrlOption(name, v, parsed, error)
            || !fits(name, parsed.toString(QUrl::StripTrailingSlash), core::Heartbeat::kMaxUrlChars))
            return false;
        o.advertiseUrl = parsed;
        return true;
    };
    int port = 0;
    const std::function<bool(const QString &, const QString &)> setters[] = {
        text(o.modelPath),
        limitedText(o.modelName, kMaxNameChars),
        [&](const QString &name, const QString &v) { return core::parseHostOption(name, v, o.host, error); },
        integer(port, 0, 65535),
        url(o.queenUrl),
        text(o.token),
        limitedText(o.workerId, kMaxNameChars),
        advertisedUrl,
        integer(o.slots, 1, 256),
        integer(o.queue, 0, 100000),
        integer(o.ctx, 32, core::SamplingParams::kMaxContextTokens),
        integer(o.threads, 1, 1024),
        integer(o.heartbeatMs, 100, 3600000),
        text(o.chatTemplate),
        integer(o.unclaimedJobTimeoutMs, 100, 3600000),
        [&](const QString &name, const QString &v) {
            return core::parseIntOption(name, v, 0, qint64(1) << 30, o.cacheRamMiB, error);
        },
    };
    static_assert(std::size(setters) == std::size(kSpecs));
    for (size_t i = 0; i < std::size(kSpecs); ++i) {
        const QString v = core::optionValue(parser, env, kSpecs[i]);
        if (!v.isEmpty() && !setters[i](QString::fromLatin1(kSpecs[i].name), v))
            return error;
    }
    o.port = static_cast<quint16>(port);
    const QString noCacheEnv = env.value(QStringLiteral("RBEE_NO_CACHE_PROMPT"));
    if (!noCacheEnv.isEmpty() && noCacheEnv != QLatin1String("0") && noCacheEnv != QLatin1String("1")) {
        return Error{ErrorCode::BadRequest,
                     QStringLiteral("RBEE_NO_CACHE_PROMPT must be 0 or 1, got '%1'").arg(noCacheEnv),
                     QStringLiteral("no-cache-prompt")};
    }
    o.cachePrompt = !parser.isSet(noCachePrompt) && noCacheEnv != QLatin1String("1");
    if (o.modelPath.isEmpty())
        return Error{ErrorCode::BadRequest, QStringLiteral("--model is required (or RBEE_MODEL)"),
                     QStringLiteral("model")};
    if (o.modelName.isEmpty())
        o.modelName = defaultModelName(o.modelPath);
    return o;
}

}  // namespace rbee::worker

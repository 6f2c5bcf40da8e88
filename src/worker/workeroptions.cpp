// Command-line and environment parsing for rbee-worker.
#include "workeroptions.h"

#include "core/commandline.h"
#include "core/protocol/heartbeat.h"
#include "core/protocol/inferencerequest.h"

#include <QCommandLineParser>
#include <QFileInfo>

#include <thread>

namespace rbee::worker {

using core::Error;
using core::ErrorCode;

namespace {

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
    WorkerOptions o;
    o.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    bool noCachePrompt = false;
    bool listDevices = false;
    auto gpuLayers = [&o](const QString &name, const QString &v, Error &error) {
        const auto parsed = GpuLayersRequest::parse(v);
        if (!parsed) {
            error = Error{ErrorCode::BadRequest,
                          QStringLiteral("--%1 must be auto, all or a number of layers, got '%2'").arg(name, v), name};
            return false;
        }
        o.gpuLayers = *parsed;
        return true;
    };
    // The heartbeat carries this URL as the worker writes it: text the queen would refuse in
    // every heartbeat is refused here, at start.
    auto advertisedUrl = [&o](const QString &name, const QString &v, Error &error) {
        QUrl parsed;
        if (!core::parseHttpUrlOption(name, v, parsed, error)
            || !core::checkLengthOption(name, parsed.toString(QUrl::StripTrailingSlash), core::Heartbeat::kMaxUrlChars,
                                        error))
            return false;
        o.advertiseUrl = parsed;
        return true;
    };
    const core::OptionSpec specs[] = {
        {"model", "RBEE_MODEL", "path", "GGUF model file to serve (required).", core::textOption(o.modelPath)},
        {"model-name", "RBEE_MODEL_NAME", "name",
         "Model name announced to clients, at most 128 characters (default: file name without .gguf, a longer one "
         "shortened in the middle with '~').",
         core::textOption(o.modelName, kMaxNameChars)},
        {"host", "RBEE_HOST", "address", "Address to listen on (default 127.0.0.1; 0.0.0.0 for all).",
         core::hostOption(o.host)},
        {"port", "RBEE_PORT", "port", "Port to listen on; 0 picks a free one (default 0).", core::portOption(o.port)},
        {"queen", "RBEE_QUEEN_URL", "url", "Queen to send heartbeats to, e.g. http://127.0.0.1:7833.",
         core::httpUrlOption(o.queenUrl)},
        {"token", "RBEE_TOKEN", "token", "Bearer token for the queen (prefer the environment variable).",
         core::textOption(o.token)},
        {"worker-id", "RBEE_WORKER_ID", "id",
         "Worker id, at most 128 characters (default: derived from host, port and model name).",
         core::textOption(o.workerId, kMaxNameChars)},
        {"advertise-url", "RBEE_ADVERTISE_URL", "url", "URL the queen should use to reach this worker.", advertisedUrl},
        {"slots", "RBEE_SLOTS", "n", "Jobs decoded together (default 4).", core::intOption(o.slots, 1, 256)},
        {"queue", "RBEE_QUEUE", "n", "Jobs that may wait for a slot before 503 (default 16).",
         core::intOption(o.queue, 0, 100000)},
        {"ctx", "RBEE_CTX", "tokens", "Context size per slot: prompt plus answer (default 4096).",
         core::intOption(o.ctx, 32, core::SamplingParams::kMaxContextTokens)},
        {"threads", "RBEE_THREADS", "n", "CPU threads for llama.cpp (default: all cores).",
         core::intOption(o.threads, 1, 1024)},
        {"heartbeat-ms", "RBEE_HEARTBEAT_MS", "ms", "Heartbeat interval (default 5000).",
         core::intOption(o.heartbeatMs, 100, 3600000)},
        {"chat-template", "RBEE_CHAT_TEMPLATE", "name",
         "llama.cpp built-in chat template to use instead of the model's.", core::textOption(o.chatTemplate)},
        {"unclaimed-job-timeout-ms", "RBEE_UNCLAIMED_JOB_TIMEOUT_MS", "ms",
         "Cancel a job whose stream is not opened within this time (default 30000).",
         core::intOption(o.unclaimedJobTimeoutMs, 100, 3600000)},
        {"cache-ram", "RBEE_CACHE_RAM", "MiB",
         "Host memory for the prompt states of conversations pushed out of slots, so that they resume without "
         "decoding their history again; 0 = none (default 2048).",
         core::int64Option(o.cacheRamMiB, 0, qint64(1) << 30)},
        {"no-cache-prompt", "RBEE_NO_CACHE_PROMPT", nullptr,
         "Decode every prompt whole: slots forget their tokens after each job, and no prompt state is kept in host "
         "memory.",
         core::flagOption(noCachePrompt)},
        {"device", "RBEE_DEVICE", "name",
         "Device to run the model on, as --list-devices names it: CPU, Vulkan0, CUDA0, ... (default: the first GPU, "
         "else the CPU).",
         core::textOption(o.device, kMaxNameChars)},
        {"gpu-layers", "RBEE_GPU_LAYERS", "n|all|auto",
         "Layers of the model on the GPU, counting the output layer as llama.cpp does: auto = as many as fit in its "
         "free memory with their KV cache, all = every one or fail at start (default auto).",
         gpuLayers},
        {"list-devices", nullptr, nullptr,
         "List the devices this worker can run a model on (name, description, memory total and free) and exit.",
         core::flagOption(listDevices)},
        {"json", nullptr, nullptr, "With --list-devices: print the devices as a JSON array.", core::flagOption(o.json)},
    };

    QCommandLineParser parser;
    const auto parsed = core::parseCommandLine(
        parser,
        QStringLiteral("rbee-worker: serves one GGUF model over HTTP with llama.cpp and reports to an rbee "
                       "queen."),
        arguments, env, specs, o.helpText);
    if (!parsed)
        return parsed.error();
    if (parsed.value() == core::ParsedCommandLine::ShowHelp) {
        o.outcome = Outcome::ShowHelp;
        return o;
    }
    if (parsed.value() == core::ParsedCommandLine::ShowVersion) {
        o.outcome = Outcome::ShowVersion;
        return o;
    }
    o.cachePrompt = !noCachePrompt;
    if (o.json && !listDevices)
        return Error{ErrorCode::BadRequest, QStringLiteral("--json goes only with --list-devices"),
                     QStringLiteral("json")};
    if (listDevices) {
        o.outcome = Outcome::ListDevices;
        return o;
    }
    if (o.modelPath.isEmpty())
        return Error{ErrorCode::BadRequest, QStringLiteral("--model is required (or RBEE_MODEL)"),
                     QStringLiteral("model")};
    if (o.modelName.isEmpty())
        o.modelName = defaultModelName(o.modelPath);
    return o;
}

}  // namespace rbee::worker

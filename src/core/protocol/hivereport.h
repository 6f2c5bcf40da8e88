// HiveReport: what an rbee-hive tells about its machine, both as its heartbeat (POST
// {queen}/v1/hive-heartbeat) and as GET /v1/hive: its devices, memory, disk, the models in its
// models folder (read from their GGUF headers) and the workers it runs. The one definition of the
// payload; the hive writes it and the queen validates it with fromJson (docs/protocol.md, "Hive").
#pragma once

#include "../error.h"
#include "../result.h"
#include "listeddevice.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace rbee::core {

class JsonObjectReader;

// One GGUF file in a hive's models folder.
struct HiveModel {
    static constexpr int kMaxNameChars = 128;

    QString name;                // the file name without ".gguf": [A-Za-z0-9._-]+, never "." or ".."
    qint64 sizeBytes = 0;        // of the file
    QString architecture;        // general.architecture ("llama"); empty when the header could not be read
    qint64 parameters = 0;       // the elements of all its tensors
    QString quantization;        // from general.file_type: "Q8_0", "Q4_K_M", "F16"; empty when not given
    int contextLength = 0;       // the trained context, <arch>.context_length; 0 when not given
    int layers = 0;              // repeating layers + 1 (the output layer), as workers count gpu_layers
    qint64 kvBytesPerToken = 0;  // F16 K and V of every layer for one token of context
    qint64 computeBytes = 0;     // llama.cpp's compute buffers (an estimate, as the worker makes it)
    QString sha256;              // lower-case hex, when the hive knows it; empty otherwise

    // What a worker of this model needs on its device with every layer there: the weights (the
    // file), the KV cache for slots x ctx tokens and the compute buffers (docs/protocol.md,
    // "Placement").
    qint64 deviceBytes(int ctx, int slots) const;

    // Model names as hives and the queen take them: [A-Za-z0-9._-]+, at most kMaxNameChars,
    // not "." or "..". An error naming `field` otherwise (400).
    static std::optional<Error> validateName(const QString &name, const QString &field = QStringLiteral("model"));

    QJsonObject toJson() const;
    static Result<HiveModel> fromJson(JsonObjectReader &reader);
    friend bool operator==(const HiveModel &, const HiveModel &) = default;
};

// A worker process the hive started.
struct HiveWorker {
    QString workerId;
    QString model;
    QString device;  // as given to the worker; empty: the worker's default
    QString url;     // empty until the worker listens
    QString status;  // starting | running | stopping | exited
    qint64 pid = 0;
    int port = 0;
    QString exitText;  // for exited: "exit code 1", "killed by signal 9"

    QJsonObject toJson() const;
    static Result<HiveWorker> fromJson(JsonObjectReader &reader);
    friend bool operator==(const HiveWorker &, const HiveWorker &) = default;
};

// A model file being copied or downloaded into the hive's folder.
struct HiveTransfer {
    QString model;
    QString source;  // the URL, or "hive:<name>" for a copy from another hive
    qint64 receivedBytes = 0;
    qint64 totalBytes = -1;  // -1: not known yet
    QString status;          // running | failed | done
    QString error;           // for failed: the reason

    QJsonObject toJson() const;
    static Result<HiveTransfer> fromJson(JsonObjectReader &reader);
    friend bool operator==(const HiveTransfer &, const HiveTransfer &) = default;
};

struct HiveReport {
    static constexpr int kMaxNameChars = 128;
    static constexpr int kMaxUrlChars = 2048;
    static constexpr qsizetype kMaxBodyBytes = 1024 * 1024;  // 413 beyond
    static constexpr int kMaxDevices = 64;
    static constexpr int kMaxModels = 1024;
    static constexpr int kMaxWorkers = 256;
    static constexpr int kMaxTransfers = 64;

    QString name;  // unique in the cluster; the host name by default
    QString url;   // where the hive's API is reachable
    QString version;
    QList<ListedDevice> devices;  // as `rbee-worker --list-devices --json` lists them
    qint64 ramTotalBytes = 0;
    qint64 ramFreeBytes = 0;  // MemAvailable
    int cpuCores = 0;
    qint64 diskFreeBytes = 0;  // in the models folder
    int maxWorkers = 0;
    QList<HiveModel> models;
    QList<HiveWorker> workers;
    QList<HiveTransfer> transfers;
    qint64 sentAtMs = 0;  // sender's wall clock, ms since the epoch

    const HiveModel *model(const QString &name) const;
    const HiveWorker *worker(const QString &workerId) const;

    QJsonObject toJson() const;
    // Validates every known field, arrays included (an error names the element and field); fields
    // it does not know are ignored, as in worker heartbeats.
    static Result<HiveReport> fromJson(const QJsonObject &object);
    static const QStringList &fieldNames();
    friend bool operator==(const HiveReport &, const HiveReport &) = default;
};

}  // namespace rbee::core

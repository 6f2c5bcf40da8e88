// HiveReport JSON read/write with validation of every field; see hivereport.h.
#include "hivereport.h"

#include "../json.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QUrl>

namespace rbee::core {

namespace {
constexpr qint64 kMaxBytes = kMaxJsonInteger;
const QStringList kWorkerStatuses{QStringLiteral("starting"), QStringLiteral("running"), QStringLiteral("stopping"),
                                  QStringLiteral("exited")};
const QStringList kTransferStatuses{QStringLiteral("running"), QStringLiteral("failed"), QStringLiteral("done")};

void oneOf(JsonObjectReader &r, const char *key, const QString &value, const QStringList &allowed)
{
    if (r.ok() && !allowed.contains(value)) {
        const QString name = QString::fromLatin1(key);
        r.fail(name, QStringLiteral("field '%1' must be one of %2, got '%3'")
                         .arg(r.fieldPath(name), allowed.join(QStringLiteral(", ")), value.left(64)));
    }
}

void httpUrl(JsonObjectReader &r, const char *key, const QString &value, bool allowEmpty)
{
    if (!r.ok() || (allowEmpty && value.isEmpty()))
        return;
    const QUrl url(value, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
        || url.host().isEmpty()) {
        const QString name = QString::fromLatin1(key);
        r.fail(name, QStringLiteral("field '%1' must be an http(s) URL with a host").arg(r.fieldPath(name)));
    }
}

template<typename T>
QJsonArray toArray(const QList<T> &items)
{
    QJsonArray array;
    for (const T &item : items)
        array.append(item.toJson());
    return array;
}
}  // namespace

qint64 HiveModel::deviceBytes(int ctx, int slots) const
{
    return sizeBytes + kvBytesPerToken * qint64(ctx) * qint64(slots) + computeBytes;
}

std::optional<Error> HiveModel::validateName(const QString &name, const QString &field)
{
    static const QRegularExpression allowed(QStringLiteral("^[A-Za-z0-9._-]+$"));
    if (name.isEmpty() || name.size() > kMaxNameChars || !allowed.match(name).hasMatch() || name == QLatin1String(".")
        || name == QLatin1String("..")) {
        return Error::badField(field, QStringLiteral("field '%1' must be a model name of 1 to %2 characters from "
                                                     "A-Z a-z 0-9 . _ - (the file name without .gguf), got '%3'")
                                          .arg(field)
                                          .arg(kMaxNameChars)
                                          .arg(name.left(kMaxNameChars)));
    }
    return std::nullopt;
}

QJsonObject HiveModel::toJson() const
{
    QJsonObject o{{QStringLiteral("name"), name},
                  {QStringLiteral("size_bytes"), sizeBytes},
                  {QStringLiteral("architecture"), architecture},
                  {QStringLiteral("parameters"), parameters},
                  {QStringLiteral("quantization"), quantization},
                  {QStringLiteral("context_length"), contextLength},
                  {QStringLiteral("layers"), layers},
                  {QStringLiteral("kv_bytes_per_token"), kvBytesPerToken},
                  {QStringLiteral("compute_bytes"), computeBytes}};
    if (!sha256.isEmpty())
        o.insert(QStringLiteral("sha256"), sha256);
    return o;
}

Result<HiveModel> HiveModel::fromJson(JsonObjectReader &r)
{
    HiveModel m;
    r.string("name", m.name, true, false);
    r.integer("size_bytes", m.sizeBytes, 0, kMaxBytes, true);
    r.string("architecture", m.architecture);
    r.integer("parameters", m.parameters, 0, kMaxBytes);
    r.string("quantization", m.quantization);
    r.integer("context_length", m.contextLength, 0, 1 << 30);
    r.integer("layers", m.layers, 0, 1 << 20);
    r.integer("kv_bytes_per_token", m.kvBytesPerToken, 0, kMaxBytes);
    r.integer("compute_bytes", m.computeBytes, 0, kMaxBytes);
    r.string("sha256", m.sha256);
    r.maxLength("architecture", m.architecture, kMaxNameChars);
    r.maxLength("quantization", m.quantization, kMaxNameChars);
    if (r.ok()) {
        if (const auto error = validateName(m.name, r.fieldPath(QStringLiteral("name"))))
            r.fail(*error);
    }
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    if (r.ok() && !m.sha256.isEmpty() && !hex.match(m.sha256).hasMatch())
        r.fail(
            QStringLiteral("sha256"),
            QStringLiteral("field '%1' must be 64 lower-case hex digits").arg(r.fieldPath(QStringLiteral("sha256"))));
    if (!r.ok())
        return r.error();
    return m;
}

QJsonObject HiveWorker::toJson() const
{
    QJsonObject o{{QStringLiteral("worker_id"), workerId}, {QStringLiteral("model"), model},
                  {QStringLiteral("device"), device},      {QStringLiteral("url"), url},
                  {QStringLiteral("status"), status},      {QStringLiteral("pid"), pid},
                  {QStringLiteral("port"), port}};
    if (!exitText.isEmpty())
        o.insert(QStringLiteral("exit"), exitText);
    return o;
}

Result<HiveWorker> HiveWorker::fromJson(JsonObjectReader &r)
{
    HiveWorker w;
    r.string("worker_id", w.workerId, true, false);
    r.string("model", w.model, true, false);
    r.string("device", w.device);
    r.string("url", w.url);
    r.string("status", w.status, true, false);
    r.integer("pid", w.pid, 0, kMaxBytes);
    r.integer("port", w.port, 0, 65535);
    r.string("exit", w.exitText);
    r.maxLength("worker_id", w.workerId, HiveReport::kMaxNameChars);
    r.maxLength("model", w.model, HiveReport::kMaxNameChars);
    r.maxLength("device", w.device, HiveReport::kMaxNameChars);
    r.maxLength("url", w.url, HiveReport::kMaxUrlChars);
    r.maxLength("exit", w.exitText, 256);
    oneOf(r, "status", w.status, kWorkerStatuses);
    httpUrl(r, "url", w.url, true);
    if (!r.ok())
        return r.error();
    return w;
}

QJsonObject HiveTransfer::toJson() const
{
    QJsonObject o{{QStringLiteral("model"), model},
                  {QStringLiteral("source"), source},
                  {QStringLiteral("received_bytes"), receivedBytes},
                  {QStringLiteral("total_bytes"), totalBytes},
                  {QStringLiteral("status"), status}};
    if (!error.isEmpty())
        o.insert(QStringLiteral("error"), error);
    return o;
}

Result<HiveTransfer> HiveTransfer::fromJson(JsonObjectReader &r)
{
    HiveTransfer t;
    r.string("model", t.model, true, false);
    r.string("source", t.source, true, false);
    r.integer("received_bytes", t.receivedBytes, 0, kMaxBytes, true);
    r.integer("total_bytes", t.totalBytes, -1, kMaxBytes, true);
    r.string("status", t.status, true, false);
    r.string("error", t.error);
    r.maxLength("model", t.model, HiveModel::kMaxNameChars);
    r.maxLength("source", t.source, HiveReport::kMaxUrlChars);
    r.maxLength("error", t.error, 1024);
    oneOf(r, "status", t.status, kTransferStatuses);
    if (!r.ok())
        return r.error();
    return t;
}

const HiveModel *HiveReport::model(const QString &modelName) const
{
    for (const HiveModel &m : models) {
        if (m.name == modelName)
            return &m;
    }
    return nullptr;
}

const HiveWorker *HiveReport::worker(const QString &workerId) const
{
    for (const HiveWorker &w : workers) {
        if (w.workerId == workerId)
            return &w;
    }
    return nullptr;
}

QJsonObject HiveReport::toJson() const
{
    return {{QStringLiteral("name"), name},
            {QStringLiteral("url"), url},
            {QStringLiteral("version"), version},
            {QStringLiteral("devices"), toArray(devices)},
            {QStringLiteral("ram_total_bytes"), ramTotalBytes},
            {QStringLiteral("ram_free_bytes"), ramFreeBytes},
            {QStringLiteral("cpu_cores"), cpuCores},
            {QStringLiteral("disk_free_bytes"), diskFreeBytes},
            {QStringLiteral("max_workers"), maxWorkers},
            {QStringLiteral("models"), toArray(models)},
            {QStringLiteral("workers"), toArray(workers)},
            {QStringLiteral("transfers"), toArray(transfers)},
            {QStringLiteral("sent_at_ms"), sentAtMs}};
}

const QStringList &HiveReport::fieldNames()
{
    static const QStringList names{QStringLiteral("name"),
                                   QStringLiteral("url"),
                                   QStringLiteral("version"),
                                   QStringLiteral("devices"),
                                   QStringLiteral("ram_total_bytes"),
                                   QStringLiteral("ram_free_bytes"),
                                   QStringLiteral("cpu_cores"),
                                   QStringLiteral("disk_free_bytes"),
                                   QStringLiteral("max_workers"),
                                   QStringLiteral("models"),
                                   QStringLiteral("workers"),
                                   QStringLiteral("transfers"),
                                   QStringLiteral("sent_at_ms")};
    return names;
}

Result<HiveReport> HiveReport::fromJson(const QJsonObject &object)
{
    JsonObjectReader r(object);
    HiveReport h;
    r.string("name", h.name, true, false);
    r.string("url", h.url, true, false);
    r.string("version", h.version, true, false);
    r.integer("ram_total_bytes", h.ramTotalBytes, 0, kMaxBytes, true);
    r.integer("ram_free_bytes", h.ramFreeBytes, 0, kMaxBytes, true);
    r.integer("cpu_cores", h.cpuCores, 0, 1 << 20, true);
    r.integer("disk_free_bytes", h.diskFreeBytes, 0, kMaxBytes, true);
    r.integer("max_workers", h.maxWorkers, 0, kMaxWorkers, true);
    r.integer("sent_at_ms", h.sentAtMs, 0, 32503680000000LL, true);
    r.maxLength("name", h.name, kMaxNameChars);
    r.maxLength("url", h.url, kMaxUrlChars);
    r.maxLength("version", h.version, kMaxNameChars);
    httpUrl(r, "url", h.url, false);
    r.objectArray(
        "devices", kMaxDevices, [&h](JsonObjectReader &e) { h.devices.append(ListedDevice::read(e)); }, true);
    r.objectArray(
        "models", kMaxModels,
        [&h](JsonObjectReader &e) {
            if (auto m = HiveModel::fromJson(e))
                h.models.append(m.value());
        },
        true);
    r.objectArray(
        "workers", kMaxWorkers,
        [&h](JsonObjectReader &e) {
            if (auto w = HiveWorker::fromJson(e))
                h.workers.append(w.value());
        },
        true);
    r.objectArray("transfers", kMaxTransfers, [&h](JsonObjectReader &e) {
        if (auto t = HiveTransfer::fromJson(e))
            h.transfers.append(t.value());
    });
    auto unique = [&r](const char *key, const QStringList &names) {
        for (qsizetype i = 0; i < names.size() && r.ok(); ++i) {
            if (names.indexOf(names.at(i), i + 1) > 0)
                r.fail(QString::fromLatin1(key),
                       QStringLiteral("'%1' appears twice in field '%2'").arg(names.at(i), QString::fromLatin1(key)));
        }
    };
    QStringList modelNames;
    for (const HiveModel &m : std::as_const(h.models))
        modelNames.append(m.name);
    QStringList workerIds;
    for (const HiveWorker &w : std::as_const(h.workers))
        workerIds.append(w.workerId);
    unique("models", modelNames);
    unique("workers", workerIds);
    if (!r.ok())
        return r.error();
    return h;
}

}  // namespace rbee::core

// DeviceReport JSON read/write; see devicereport.h.
#include "devicereport.h"

#include "../json.h"

namespace rbee::core {

namespace {
constexpr int kMaxTextChars = 128;
constexpr int kMaxLayers = 100000;

}  // namespace

QString gibText(qint64 bytes, int decimals)
{
    return QStringLiteral("%1 GiB").arg(double(bytes) / double(qint64(1) << 30), 0, 'f', decimals);
}

QString DeviceReport::label() const
{
    return description.isEmpty() ? name : name + QStringLiteral(" · ") + description;
}

QString DeviceReport::memoryText() const
{
    if (memoryTotalBytes <= 0)
        return {};
    return QStringLiteral("%1 free of %2").arg(gibText(memoryFreeBytes), gibText(memoryTotalBytes));
}

QString DeviceReport::layersText() const
{
    if (modelLayers <= 0)
        return {};
    return QStringLiteral("%1 of %2 layers on the GPU").arg(gpuLayers).arg(modelLayers);
}

void DeviceReport::writeTo(QJsonObject &o) const
{
    o.insert(QStringLiteral("device"), name);
    if (!description.isEmpty())
        o.insert(QStringLiteral("device_description"), description);
    if (!backend.isEmpty())
        o.insert(QStringLiteral("backend"), backend);
    o.insert(QStringLiteral("memory_total_bytes"), memoryTotalBytes);
    o.insert(QStringLiteral("memory_free_bytes"), memoryFreeBytes);
    o.insert(QStringLiteral("gpu_layers"), gpuLayers);
    o.insert(QStringLiteral("model_layers"), modelLayers);
}

void DeviceReport::readFrom(JsonObjectReader &r, bool requireName)
{
    r.string("device", name, requireName, false);
    r.string("device_description", description, false, false);
    r.string("backend", backend, false, false);
    r.integer("memory_total_bytes", memoryTotalBytes, 0, kMaxJsonInteger);
    r.integer("memory_free_bytes", memoryFreeBytes, 0, kMaxJsonInteger);
    r.integer("gpu_layers", gpuLayers, 0, kMaxLayers);
    r.integer("model_layers", modelLayers, 0, kMaxLayers);
    const std::pair<const char *, const QString *> texts[] = {
        {"device", &name}, {"device_description", &description}, {"backend", &backend}};
    for (const auto &[key, value] : texts) {
        if (r.ok() && value->size() > kMaxTextChars) {
            const QString field = QString::fromLatin1(key);
            r.fail(field, QStringLiteral("field '%1' must be at most %2 characters, got %3")
                              .arg(r.fieldPath(field))
                              .arg(kMaxTextChars)
                              .arg(value->size()));
        }
    }
    if (r.ok() && gpuLayers > modelLayers && modelLayers > 0)
        r.fail(QStringLiteral("gpu_layers"), QStringLiteral("field 'gpu_layers' must not exceed 'model_layers'"));
}

const QStringList &DeviceReport::fieldNames()
{
    static const QStringList names{QStringLiteral("device"),
                                   QStringLiteral("device_description"),
                                   QStringLiteral("backend"),
                                   QStringLiteral("memory_total_bytes"),
                                   QStringLiteral("memory_free_bytes"),
                                   QStringLiteral("gpu_layers"),
                                   QStringLiteral("model_layers")};
    return names;
}

}  // namespace rbee::core

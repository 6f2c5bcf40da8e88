// JSON of `rbee-worker --list-devices --json`; see listeddevice.h.
#include "listeddevice.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include "../json.h"

namespace rbee::core {

namespace {
constexpr int kMaxDevices = 256;
}

QString ListedDevice::label() const
{
    return description.isEmpty() ? name : name + QStringLiteral(" · ") + description;
}

QJsonObject ListedDevice::toJson() const
{
    return QJsonObject{{QStringLiteral("name"), name},
                       {QStringLiteral("description"), description},
                       {QStringLiteral("backend"), backend},
                       {QStringLiteral("memory_total_bytes"), memoryTotalBytes},
                       {QStringLiteral("memory_free_bytes"), memoryFreeBytes},
                       {QStringLiteral("gpu"), gpu},
                       {QStringLiteral("software"), software},
                       {QStringLiteral("default"), isDefault}};
}

ListedDevice ListedDevice::read(JsonObjectReader &r)
{
    ListedDevice d;
    r.string("name", d.name, true, false);
    r.string("description", d.description);
    r.string("backend", d.backend);
    r.integer("memory_total_bytes", d.memoryTotalBytes, 0, kMaxJsonInteger);
    r.integer("memory_free_bytes", d.memoryFreeBytes, 0, kMaxJsonInteger);
    r.boolean("gpu", d.gpu);
    r.boolean("software", d.software);
    r.boolean("default", d.isDefault);
    r.maxLength("name", d.name, 128);
    r.maxLength("description", d.description, 1024);
    r.maxLength("backend", d.backend, 128);
    return d;
}

Result<QList<ListedDevice>> ListedDevice::parseList(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isArray()) {
        return Error{ErrorCode::BadRequest, parseError.error != QJsonParseError::NoError
                                                ? QStringLiteral("not JSON: %1").arg(parseError.errorString())
                                                : QStringLiteral("not a JSON array")};
    }
    const QJsonArray array = doc.array();
    if (array.size() > kMaxDevices)
        return Error{ErrorCode::BadRequest, QStringLiteral("more than %1 devices").arg(kMaxDevices)};
    QList<ListedDevice> devices;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString path = QStringLiteral("[%1]").arg(i);
        if (!array.at(i).isObject())
            return Error{ErrorCode::BadRequest, QStringLiteral("%1 is not an object").arg(path)};
        JsonObjectReader r(array.at(i).toObject(), path);
        const ListedDevice d = read(r);
        if (!r.ok())
            return r.error();
        devices.append(d);
    }
    return devices;
}

}  // namespace rbee::core

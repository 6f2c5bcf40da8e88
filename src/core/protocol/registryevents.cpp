// Wire form of the registry's events; see registryevents.h.
#include "registryevents.h"

#include <QJsonDocument>

namespace rbee::core {

namespace {
SseEvent jsonEvent(const char *name, const QJsonObject &data)
{
    return SseEvent{QString::fromLatin1(name), QString::fromUtf8(QJsonDocument(data).toJson(QJsonDocument::Compact))};
}
}  // namespace

SseEvent snapshotSseEvent(const QJsonObject &workersBody)
{
    return jsonEvent(RegistryEvents::kSnapshot, workersBody);
}

SseEvent workerSseEvent(const QJsonObject &worker)
{
    return jsonEvent(RegistryEvents::kWorker, worker);
}

SseEvent workerRemovedSseEvent(const QString &workerId)
{
    return jsonEvent(RegistryEvents::kWorkerRemoved, {{QStringLiteral("worker_id"), workerId}});
}

SseEvent hiveSnapshotSseEvent(const QJsonObject &hivesBody)
{
    return jsonEvent(RegistryEvents::kHiveSnapshot, hivesBody);
}

SseEvent hiveSseEvent(const QJsonObject &hive)
{
    return jsonEvent(RegistryEvents::kHive, hive);
}

SseEvent hiveRemovedSseEvent(const QString &name)
{
    return jsonEvent(RegistryEvents::kHiveRemoved, {{QStringLiteral("name"), name}});
}

}  // namespace rbee::core

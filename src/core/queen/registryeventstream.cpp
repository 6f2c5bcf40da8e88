// Readers of the registry's event stream; see registryeventstream.h.
#include "registryeventstream.h"

#include "../http/httpconnection.h"
#include "../logging.h"
#include "../protocol/registryevents.h"
#include "../registry/hiveregistry.h"
#include "../registry/workerregistry.h"

namespace rbee::core {

RegistryEventStream::RegistryEventStream(WorkerRegistry *registry, std::function<QJsonObject()> snapshot,
                                         int keepAliveMs, QObject *parent)
    : QObject(parent)
    , m_registry(registry)
    , m_snapshot(std::move(snapshot))
{
    m_keepAlive.setInterval(qMax(1, keepAliveMs));
    connect(&m_keepAlive, &QTimer::timeout, this, [this] {
        broadcast(
            QByteArray::fromRawData(RegistryEvents::kKeepAlive, qsizetype(sizeof(RegistryEvents::kKeepAlive) - 1)));
    });
    connect(m_registry, &WorkerRegistry::workerAdded, this, &RegistryEventStream::onWorker);
    connect(m_registry, &WorkerRegistry::workerChanged, this, &RegistryEventStream::onWorker);
    connect(m_registry, &WorkerRegistry::workerRemoved, this,
            [this](const QString &id) { broadcast(workerRemovedSseEvent(id).serialize()); });
}

void RegistryEventStream::followHives(HiveRegistry *hives, std::function<QJsonObject()> hivesSnapshot)
{
    m_hives = hives;
    m_hivesSnapshot = std::move(hivesSnapshot);
    connect(m_hives, &HiveRegistry::hiveAdded, this, &RegistryEventStream::onHive);
    connect(m_hives, &HiveRegistry::hiveChanged, this, &RegistryEventStream::onHive);
    connect(m_hives, &HiveRegistry::hiveRemoved, this,
            [this](const QString &name) { broadcast(hiveRemovedSseEvent(name).serialize()); });
}

void RegistryEventStream::open(const HttpResponder &responder)
{
    HttpConnection *connection = responder.connection();
    if (!connection || !responder.beginEventStream())
        return;
    QByteArray snapshot = snapshotSseEvent(m_snapshot()).serialize();
    if (m_hives)
        snapshot += hiveSnapshotSseEvent(m_hivesSnapshot()).serialize();
    const Reader reader{m_nextId++, responder, RegistryEvents::kMaxUnreadBytes + snapshot.size()};
    m_readers.append(reader);
    const quint64 id = reader.id;
    connect(connection, &HttpConnection::closed, this, [this, id] { removeReader(id); });
    qCInfo(lcQueen) << "event reader" << id << "joined;" << m_readers.size() << "reading";
    if (!m_keepAlive.isActive())
        m_keepAlive.start();
    deliver(reader, snapshot);
}

void RegistryEventStream::onWorker(const QString &workerId)
{
    if (m_readers.isEmpty())
        return;
    const WorkerRecord *record = m_registry->find(workerId);
    if (!record)
        return;
    broadcast(workerSseEvent(record->toJson(m_registry->clock().nowMs())).serialize());
}

void RegistryEventStream::onHive(const QString &name)
{
    if (m_readers.isEmpty())
        return;
    const HiveRecord *record = m_hives->find(name);
    if (!record)
        return;
    broadcast(hiveSseEvent(record->toJson(m_hives->clock().nowMs())).serialize());
}

void RegistryEventStream::broadcast(const QByteArray &bytes)
{
    // A copy: delivering may drop a reader, or its connection may close under the write.
    const QList<Reader> readers = m_readers;
    for (const Reader &reader : readers)
        deliver(reader, bytes);
}

void RegistryEventStream::deliver(const Reader &reader, const QByteArray &bytes)
{
    HttpConnection *connection = reader.responder.connection();
    if (!connection || !reader.responder.isActive()) {
        removeReader(reader.id);
        return;
    }
    if (reader.responder.unreadBytes() > reader.maxUnreadBytes) {
        qCWarning(lcQueen) << "dropping event reader" << reader.id << "that left" << reader.responder.unreadBytes()
                           << "bytes unread";
        removeReader(reader.id);
        connection->abort();
        return;
    }
    if (!reader.responder.sendRaw(bytes))
        removeReader(reader.id);
}

void RegistryEventStream::removeReader(quint64 id)
{
    const auto it = std::find_if(m_readers.begin(), m_readers.end(), [id](const Reader &r) { return r.id == id; });
    if (it == m_readers.end())
        return;
    m_readers.erase(it);
    qCInfo(lcQueen) << "event reader" << id << "left;" << m_readers.size() << "reading";
    if (m_readers.isEmpty())
        m_keepAlive.stop();
}

}  // namespace rbee::core

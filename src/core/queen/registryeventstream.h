// RegistryEventStream: the readers of GET /v1/events. Sends each new reader a snapshot of the
// workers and one of the hives, then every change the registries signal, and a keep-alive comment on a timer.
// Serialises each event once for all readers; drops a reader that leaves more than RegistryEvents::kMaxUnreadBytes
// unread, so a slow reader never slows or swells the queen. Does not decide what changed: the
// registry's signals do (a heartbeat that changes only sent_at_ms is no change). Main thread only.
#pragma once

#include "../http/httpresponder.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QTimer>

#include <functional>

namespace rbee::core {

class HiveRegistry;
class WorkerRegistry;

class RegistryEventStream : public QObject {
    Q_OBJECT
public:
    // `snapshot` builds the snapshot's data: the body of GET /v1/workers, by the same function.
    RegistryEventStream(WorkerRegistry *registry, std::function<QJsonObject()> snapshot, int keepAliveMs,
                        QObject *parent = nullptr);
    // Hive events too: `hivesSnapshot` builds the body of GET /v1/hives, sent after the workers'.
    void followHives(HiveRegistry *hives, std::function<QJsonObject()> hivesSnapshot);

    // Answers the request with the event stream; the reader stays until its connection closes
    // or it is dropped.
    void open(const HttpResponder &responder);
    int readerCount() const { return int(m_readers.size()); }

private:
    struct Reader {
        quint64 id = 0;
        HttpResponder responder;
        // The cap, plus the snapshot: it is written whole, however many workers it lists.
        qint64 maxUnreadBytes = 0;
    };

    void onWorker(const QString &workerId);
    void onHive(const QString &name);
    void broadcast(const QByteArray &bytes);
    // Writes to one reader, or drops it if it does not keep up.
    void deliver(const Reader &reader, const QByteArray &bytes);
    void removeReader(quint64 id);

    WorkerRegistry *m_registry;
    std::function<QJsonObject()> m_snapshot;
    HiveRegistry *m_hives = nullptr;
    std::function<QJsonObject()> m_hivesSnapshot;
    QList<Reader> m_readers;
    quint64 m_nextId = 1;
    QTimer m_keepAlive;
};

}  // namespace rbee::core

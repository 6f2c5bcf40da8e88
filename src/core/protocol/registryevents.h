// The registry's event stream, GET /v1/events (Endpoint::kEvents): a snapshot of the workers and
// one of the hives, then one event per worker or hive added, changed or removed, and a keep-alive
// comment. The one definition of its wire
// form; the queen writes it (RegistryEventStream), clients read it. See docs/protocol.md.
#pragma once

#include "../sse/sseevent.h"

#include <QJsonObject>
#include <QString>

namespace rbee::core {

namespace RegistryEvents {
inline constexpr char kSnapshot[] = "snapshot";             // data: the body of GET /v1/workers
inline constexpr char kWorker[] = "worker";                 // data: one worker, as in /v1/workers
inline constexpr char kWorkerRemoved[] = "worker_removed";  // data: {"worker_id"}
inline constexpr char kHiveSnapshot[] = "hive_snapshot";    // data: the body of GET /v1/hives
inline constexpr char kHive[] = "hive";                     // data: one hive, as in /v1/hives
inline constexpr char kHiveRemoved[] = "hive_removed";      // data: {"name"}
// A comment line, which readers ignore: it keeps proxies and idle timeouts from closing the stream.
inline constexpr char kKeepAlive[] = ": keep-alive\n\n";
inline constexpr int kKeepAliveIntervalMs = 15000;
// A reader that leaves this much of the stream unread is dropped, so it never costs the queen
// more memory than this (plus the kernel's socket buffer).
inline constexpr qint64 kMaxUnreadBytes = 1024 * 1024;
}  // namespace RegistryEvents

SseEvent snapshotSseEvent(const QJsonObject &workersBody);
SseEvent workerSseEvent(const QJsonObject &worker);
SseEvent workerRemovedSseEvent(const QString &workerId);
SseEvent hiveSnapshotSseEvent(const QJsonObject &hivesBody);
SseEvent hiveSseEvent(const QJsonObject &hive);
SseEvent hiveRemovedSseEvent(const QString &name);

}  // namespace rbee::core

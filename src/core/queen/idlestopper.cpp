// Stopping idle workers the queen started; see idlestopper.h.
#include "idlestopper.h"

#include "hiveapi.h"
#include "hivecall.h"

#include "../http/httpconnection.h"
#include "../logging.h"
#include "../protocol/endpoints.h"
#include "../registry/hiveregistry.h"
#include "../registry/workerregistry.h"

namespace rbee::core {

IdleStopper::IdleStopper(WorkerRegistry *workers, HiveRegistry *hives, const QString &token, qint64 idleMs,
                         QObject *parent)
    : QObject(parent)
    , m_workers(workers)
    , m_hives(hives)
    , m_token(token)
    , m_idleMs(idleMs)
{
    connect(&m_timer, &QTimer::timeout, this, &IdleStopper::check);
}

void IdleStopper::adopt(const QString &workerId, const QString &hive)
{
    m_adopted.insert(workerId, Adopted{hive, m_workers->clock().nowMs()});
    if (!m_timer.isActive())
        m_timer.start(kCheckIntervalMs);
}

void IdleStopper::check()
{
    const qint64 now = m_workers->clock().nowMs();
    QStringList gone;
    for (auto it = m_adopted.begin(); it != m_adopted.end(); ++it) {
        Adopted &a = *it;
        if (a.stopping)
            continue;
        const WorkerRecord *w = m_workers->find(it.key());
        const HiveRecord *hive = m_hives->find(a.hive);
        if (!w) {
            // Not registered yet (still loading), or stopped and forgotten by someone else: gone
            // once its hive no longer lists it, after the time a start may take.
            if ((!hive || !hive->last.worker(it.key())) && now - a.adoptedAtMs > HiveApi::kStartTimeoutMs)
                gone << it.key();
            a.idleSinceMs = -1;
            continue;
        }
        const bool idle = w->online && w->busySlots() == 0 && w->dispatched == 0 && w->last.queueDepth == 0;
        if (!idle) {
            a.idleSinceMs = -1;
            continue;
        }
        if (a.idleSinceMs < 0)
            a.idleSinceMs = now;
        if (now - a.idleSinceMs >= m_idleMs)
            stop(it.key(), a);
    }
    for (const QString &id : gone)
        m_adopted.remove(id);
    if (m_adopted.isEmpty())
        m_timer.stop();
}

void IdleStopper::stop(const QString &workerId, Adopted &adopted)
{
    const HiveRecord *hive = m_hives->find(adopted.hive);
    if (!hive || !hive->online) {
        adopted.idleSinceMs = -1;  // try again once its hive is back and it was idle long enough again
        return;
    }
    adopted.stopping = true;
    qCInfo(lcQueen).noquote() << "worker" << workerId << "idle for" << m_idleMs / 1000 << "s: stopping it on hive"
                              << adopted.hive;
    const QString hiveName = adopted.hive;
    HiveCall::send(this, hiveName, hive->last.url, "DELETE", Endpoint::hiveWorker(workerId), {}, m_token,
                   HiveApi::kStopTimeoutMs, [this, workerId](const HiveAnswer &answer) {
                       if (answer.succeeded() || answer.status == 404) {
                           m_workers->forget(workerId);
                           m_adopted.remove(workerId);
                           return;
                       }
                       qCWarning(lcQueen).noquote()
                           << "could not stop idle worker" << workerId << ":" << answer.error().message;
                       const auto it = m_adopted.find(workerId);
                       if (it != m_adopted.end()) {
                           it->stopping = false;
                           it->idleSinceMs = -1;
                       }
                   });
}

}  // namespace rbee::core

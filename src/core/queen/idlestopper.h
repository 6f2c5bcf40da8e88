// IdleStopper: `rbee --serve --idle-stop-s N`. Workers this queen started on a hive (POST
// /v1/workers) are stopped through their hive once they have been idle for N seconds: online, no
// busy slot, nothing dispatched, nothing queued on the worker. Workers started otherwise are
// never touched. Reads time from the registry's Clock. Main thread only.
#pragma once

#include <QHash>
#include <QObject>
#include <QString>
#include <QTimer>

namespace rbee::core {

class HiveRegistry;
class WorkerRegistry;

class IdleStopper : public QObject {
    Q_OBJECT
public:
    static constexpr int kCheckIntervalMs = 500;

    IdleStopper(WorkerRegistry *workers, HiveRegistry *hives, const QString &token, qint64 idleMs,
                QObject *parent = nullptr);

    // A worker this queen had a hive start.
    void adopt(const QString &workerId, const QString &hive);
    int adoptedCount() const { return int(m_adopted.size()); }
    // Stops the workers idle for long enough; a timer calls it every kCheckIntervalMs.
    void check();

private:
    struct Adopted {
        QString hive;
        qint64 adoptedAtMs = 0;
        qint64 idleSinceMs = -1;  // -1: not idle at the last check
        bool stopping = false;
    };
    void stop(const QString &workerId, Adopted &adopted);

    WorkerRegistry *m_workers;
    HiveRegistry *m_hives;
    QString m_token;
    qint64 m_idleMs;
    QHash<QString, Adopted> m_adopted;
    QTimer m_timer;
};

}  // namespace rbee::core

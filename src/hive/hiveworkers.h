// HiveWorkers: the rbee-worker processes of one hive: starts one for a WorkerStartRequest (the
// worker installed beside the hive, an argument list, the token in its environment only), holds
// them to --max-workers, stops them one by one or all at the end, and forgets exited ones after
// kExitedKeepMs or at the next start.
#pragma once

#include "core/protocol/hivereport.h"
#include "core/protocol/workerstartrequest.h"
#include "core/result.h"

#include <QList>
#include <QObject>
#include <QUrl>

#include <functional>

namespace rbee::hive {

class ManagedWorker;

class HiveWorkers : public QObject {
    Q_OBJECT
public:
    static constexpr int kStopGraceMs = 10000;
    static constexpr int kListenTimeoutMs = 60000;
    static constexpr qint64 kExitedKeepMs = 60000;

    struct Settings {
        QString workerBinary;
        QString hiveName;
        QString workerHost;                // --host of the workers
        std::function<QString()> urlHost;  // the host their URLs name
        QUrl queenUrl;
        QString token;
        int maxWorkers = 4;
        // The heartbeat interval the queen asked the hive for; workers beat at the same pace, so
        // that a queen with a short timeout keeps them online too. 0: the worker's default.
        std::function<int()> heartbeatMs;
    };

    explicit HiveWorkers(const Settings &settings, QObject *parent = nullptr);

    using StartDone = std::function<void(const core::Result<core::WorkerStarted> &)>;
    // Starts a worker of the model at `modelPath`; `done` once it listens (or failed: 409 at the
    // cap, 500 when it exits first or does not listen within kListenTimeoutMs).
    void start(const core::WorkerStartRequest &request, const QString &modelPath, StartDone done);
    // SIGTERM, SIGKILL after kStopGraceMs; 404 for an unknown id.
    core::Result<core::HiveWorker> stop(const QString &workerId);
    // Stops every live worker; `done` once all have exited.
    void stopAll(std::function<void()> done);
    // Drops the exited workers from the list now.
    void forgetExited() { prune(true); }

    QList<core::HiveWorker> list() const;
    const ManagedWorker *find(const QString &workerId) const;
    int liveCount() const;
    bool runsModel(const QString &model) const;

Q_SIGNALS:
    void changed();

private:
    void prune(bool allExited);
    QString nextId(const QString &model);

    Settings m_settings;
    QList<ManagedWorker *> m_workers;
    int m_counter = 0;
};

}  // namespace rbee::hive

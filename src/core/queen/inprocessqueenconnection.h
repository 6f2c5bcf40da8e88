// InProcessQueenConnection: the desktop app and the queen it hosts. Each job goes through that
// queen's JobManager like any job API request (policy, pinned worker, retries, queue, narration,
// metrics); its requests to the worker go over a QNetworkAccessManager of its own, as the app's
// other requests do. Main thread only.
#pragma once

#include "../client/queenconnection.h"

class QNetworkAccessManager;

namespace rbee::core {

class QueenServer;

class InProcessQueenConnection : public QueenConnection {
    Q_OBJECT
public:
    explicit InProcessQueenConnection(QueenServer *queen, QObject *parent = nullptr);

    JobStream *newJob(const JobSubmission &submission, QObject *parent) override;
    WorkerRegistry *registry() const override;
    HiveList *hives() const override { return m_hives; }
    int runningJobs() const override;
    Link link() const override { return Link::Hosting; }
    QString address() const override;
    QString lastError() const override { return {}; }  // a hosted queen has no link to lose
    QUrl workerQueenUrl() const override;
    QString token() const override;
    QString workerHost() const override { return QStringLiteral("127.0.0.1"); }
    void forgetWorker(const QString &workerId) override;
    bool isHosted() const override { return true; }
    void setPolicy(SchedulingPolicy policy) override;
    void setHeartbeatTimeoutMs(qint64 ms) override;

private:
    QueenServer *m_queen;
    QNetworkAccessManager *m_nam;
    HiveList *m_hives;
};

}  // namespace rbee::core

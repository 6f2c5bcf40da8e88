// InProcessQueenConnection: the desktop app's jobs on the queen it hosts. Each job goes through
// that queen's JobManager like any job API request (policy, pinned worker, retries, queue,
// narration, metrics); its requests to the worker go over the app's QNetworkAccessManager.
// Main thread only.
#pragma once

#include "../client/queenconnection.h"

#include <QNetworkAccessManager>
#include <QPointer>

namespace rbee::core {

class JobManager;

class InProcessQueenConnection : public QueenConnection {
    Q_OBJECT
public:
    InProcessQueenConnection(JobManager *jobs, QNetworkAccessManager *nam, QObject *parent = nullptr);

    JobStream *newJob(const JobSubmission &submission, QObject *parent) override;

private:
    JobManager *m_jobs;
    QPointer<QNetworkAccessManager> m_nam;
};

}  // namespace rbee::core

// A job on the app's own queen, read like a job stream; see inprocessqueenconnection.h.
#include "inprocessqueenconnection.h"

#include "jobmanager.h"
#include "queenjob.h"

#include "../protocol/streamevents.h"

namespace rbee::core {

namespace {
class InProcessJobStream : public JobStream {
public:
    InProcessJobStream(JobManager *jobs, QNetworkAccessManager *nam, JobSubmission submission, QObject *parent)
        : JobStream(parent)
        , m_jobs(jobs)
        , m_nam(nam)
        , m_submission(std::move(submission))
    {}
    ~InProcessJobStream() override
    {
        if (!m_job || !m_jobs)
            return;
        disconnect(m_job, nullptr, this, nullptr);  // nobody reads what cancelling adds
        if (!m_job->isFinished())
            m_job->cancel();  // ends it at once
        m_jobs->forget(m_job->id());
    }

    void start() override
    {
        if (!m_jobs) {
            Q_EMIT eventReceived(errorSseEvent(Error{ErrorCode::Internal, QStringLiteral("the queen has stopped")}));
            Q_EMIT ended();
            return;
        }
        const auto submitted = m_jobs->submit(m_submission.model, m_submission.request, m_submission.workerId, m_nam);
        if (!submitted) {
            Q_EMIT eventReceived(errorSseEvent(submitted.error()));
            Q_EMIT ended();
            return;
        }
        QueenJob *job = submitted.value();
        m_job = job;
        job->setClaimed();
        // What happened during submit (narration, a refusal) first, then each event as it comes.
        const QList<SseEvent> replay = job->events();
        job->followLive();
        const QPointer<InProcessJobStream> alive(this);
        for (const SseEvent &event : replay) {
            Q_EMIT eventReceived(event);
            if (!alive)
                return;
        }
        if (job->isFinished()) {
            Q_EMIT ended();
            return;
        }
        connect(job, &QueenJob::eventAdded, this, &InProcessJobStream::eventReceived);
        connect(job, &QueenJob::ended, this, &InProcessJobStream::ended);
    }
    void cancel() override
    {
        if (m_job)
            m_job->cancel();
    }
    QString jobId() const override { return m_job ? m_job->id() : QString(); }

private:
    QPointer<JobManager> m_jobs;
    QPointer<QNetworkAccessManager> m_nam;
    JobSubmission m_submission;
    QPointer<QueenJob> m_job;
};
}  // namespace

InProcessQueenConnection::InProcessQueenConnection(JobManager *jobs, QNetworkAccessManager *nam, QObject *parent)
    : QueenConnection(parent)
    , m_jobs(jobs)
    , m_nam(nam)
{}

JobStream *InProcessQueenConnection::newJob(const JobSubmission &submission, QObject *parent)
{
    return new InProcessJobStream(m_jobs, m_nam, submission, parent);
}

}  // namespace rbee::core

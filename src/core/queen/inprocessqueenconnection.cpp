// A job on the app's own queen, read like a job stream; see inprocessqueenconnection.h.
#include "inprocessqueenconnection.h"

#include "jobmanager.h"
#include "queenjob.h"
#include "queenserver.h"

#include "../protocol/streamevents.h"

#include <QNetworkAccessManager>
#include <QPointer>

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

InProcessQueenConnection::InProcessQueenConnection(QueenServer *queen, QObject *parent)
    : QueenConnection(parent)
    , m_queen(queen)
    , m_nam(new QNetworkAccessManager(this))
{}

JobStream *InProcessQueenConnection::newJob(const JobSubmission &submission, QObject *parent)
{
    return new InProcessJobStream(m_queen->jobs(), m_nam, submission, parent);
}

WorkerRegistry *InProcessQueenConnection::registry() const
{
    return m_queen->registry();
}

int InProcessQueenConnection::runningJobs() const
{
    return m_queen->jobs()->runningJobs();
}

QString InProcessQueenConnection::address() const
{
    return QStringLiteral("%1:%2").arg(m_queen->host()).arg(m_queen->port());
}

QUrl InProcessQueenConnection::workerQueenUrl() const
{
    // A wildcard address is where the queen listens, not where a worker on this computer finds it.
    const QString host = m_queen->host() == QLatin1String("0.0.0.0") || m_queen->host() == QLatin1String("::")
                             ? QStringLiteral("127.0.0.1")
                             : m_queen->host();
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(host);
    url.setPort(m_queen->port());
    return url;
}

QString InProcessQueenConnection::token() const
{
    return m_queen->options().token;
}

void InProcessQueenConnection::setPolicy(SchedulingPolicy policy)
{
    m_queen->jobs()->setPolicy(policy);
}

void InProcessQueenConnection::setHeartbeatTimeoutMs(qint64 ms)
{
    m_queen->registry()->setHeartbeatTimeoutMs(ms);
}

}  // namespace rbee::core

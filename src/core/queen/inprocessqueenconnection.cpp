// A job on the app's own queen, read like a job stream; see inprocessqueenconnection.h.
#include "inprocessqueenconnection.h"

#include "jobmanager.h"
#include "jobreader.h"
#include "queenjob.h"
#include "queenserver.h"

#include "../client/hivelist.h"
#include "../protocol/streamevents.h"
#include "../registry/hiveregistry.h"

#include <QNetworkAccessManager>
#include <QPointer>

namespace rbee::core {

namespace {
// A job submitted to the app's JobManager and read through a JobReader, like a job stream.
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
        if (m_reader)
            disconnect(m_reader, nullptr, this, nullptr);  // nobody reads what cancelling adds
        delete m_reader;                                   // cancels the job if it still runs
    }

    void start() override
    {
        const auto submitted =
            m_jobs ? m_jobs->submit(m_submission.model, m_submission.request, m_submission.workerId, m_nam)
                   : Result<QueenJob *>(Error{ErrorCode::Internal, QStringLiteral("the queen has stopped")});
        if (!submitted) {
            Q_EMIT eventReceived(errorSseEvent(submitted.error()));
            Q_EMIT ended();
            return;
        }
        m_reader = new JobReader(submitted.value(), m_jobs, this);
        connect(m_reader, &JobReader::eventReceived, this, &JobStream::eventReceived);
        connect(m_reader, &JobReader::ended, this, &JobStream::ended);
        // What happened during submit (narration, a refusal) first, then each event as it comes.
        m_reader->start();
    }
    void cancel() override
    {
        if (m_reader)
            m_reader->cancel();
    }
    QString jobId() const override { return m_reader ? m_reader->jobId() : QString(); }

private:
    QPointer<JobManager> m_jobs;
    QPointer<QNetworkAccessManager> m_nam;
    JobSubmission m_submission;
    QPointer<JobReader> m_reader;
};
}  // namespace

InProcessQueenConnection::InProcessQueenConnection(QueenServer *queen, QObject *parent)
    : QueenConnection(parent)
    , m_queen(queen)
    , m_nam(new QNetworkAccessManager(this))
    , m_hives(new HiveList(this))
{
    // The app's HiveList follows the queen's HiveRegistry record by record.
    HiveRegistry *hives = queen->hives();
    for (const HiveRecord &record : hives->hives())
        m_hives->upsert(record);
    auto follow = [this, hives](const QString &name) {
        if (const HiveRecord *record = hives->find(name))
            m_hives->upsert(*record);
    };
    connect(hives, &HiveRegistry::hiveAdded, this, follow);
    connect(hives, &HiveRegistry::hiveChanged, this, follow);
    connect(hives, &HiveRegistry::hiveRemoved, m_hives, &HiveList::remove);
}

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

void InProcessQueenConnection::forgetWorker(const QString &workerId)
{
    m_queen->registry()->remove(workerId);
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

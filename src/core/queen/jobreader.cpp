// Replay, live delivery, end, cancel and release of one queen job; see jobreader.h.
#include "jobreader.h"

#include "jobmanager.h"

#include "../http/httpconnection.h"
#include "../http/httpresponder.h"
#include "../logging.h"

#include <QMetaObject>

namespace rbee::core {

JobReader::JobReader(QueenJob *job, JobManager *jobs, QObject *parent)
    : QObject(parent)
    , m_job(job)
    , m_jobs(jobs)
    , m_jobId(job->id())
{
    Q_ASSERT(!job->claimed());
    job->setClaimed();
    // A job deleted under the reader (its manager went away) ends the reader too.
    connect(job, &QObject::destroyed, this, [this] {
        if (m_ended)
            return;
        m_ended = true;
        m_outcome = QueenJob::Outcome::Cancelled;
        m_error = Error{ErrorCode::Cancelled, QStringLiteral("job %1 was deleted before it ended").arg(m_jobId)};
        Q_EMIT ended();
    });
    QMetaObject::invokeMethod(this, &JobReader::start, Qt::QueuedConnection);
}

JobReader::~JobReader()
{
    if (!m_job)
        return;
    disconnect(m_job, nullptr, this, nullptr);  // what the cancel below emits is for nobody
    if (!m_job->isFinished()) {
        qCInfo(lcQueen) << "the reader of job" << m_jobId << "left; cancelling it";
        m_job->cancel();
    }
    forgetJob();
}

void JobReader::start()
{
    if (m_started)
        return;
    m_started = true;
    const QPointer<JobReader> self(this);
    // By index, not over a copy: a slot that cancels the job appends its last events here (the
    // log is kept until followLive()), and they must come in order after the others.
    for (qsizetype i = 0; m_job && i < m_job->events().size(); ++i) {
        const SseEvent event = m_job->events().at(i);  // a copy: the log may grow during the emit
        Q_EMIT eventReceived(event);
        if (!self)
            return;
    }
    if (!m_job || m_ended)
        return;
    m_job->followLive();
    connect(m_job, &QueenJob::eventAdded, this, &JobReader::onEventAdded);
    connect(m_job, &QueenJob::ended, this, &JobReader::onEnded);
    if (m_job->isFinished())  // before this reader came, or during the replay
        onEnded();
}

void JobReader::bindTo(HttpConnection *connection)
{
    if (!connection) {
        cancel();
        return;
    }
    connect(connection, &HttpConnection::closed, this, [this] {
        if (m_job && !m_job->isFinished()) {
            qCInfo(lcQueen) << "client left job" << m_jobId << "; cancelling it";
            cancel();
        }
    });
}

void JobReader::bindTo(const HttpResponder &responder)
{
    bindTo(responder.isActive() ? responder.connection() : nullptr);
}

void JobReader::cancel()
{
    if (m_job && !m_job->isFinished())
        m_job->cancel();
}

void JobReader::onEventAdded(const SseEvent &event)
{
    Q_EMIT eventReceived(event);
}

void JobReader::onEnded()
{
    if (m_ended || !m_job)
        return;
    m_ended = true;
    m_outcome = m_job->outcome();
    m_error = m_job->error();
    disconnect(m_job, nullptr, this, nullptr);
    forgetJob();  // deleted later: still readable from the slots of ended()
    Q_EMIT ended();
}

void JobReader::forgetJob()
{
    if (m_jobs && m_job && m_job->isFinished())
        m_jobs->forget(m_jobId);
}

}  // namespace rbee::core

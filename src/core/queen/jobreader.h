// JobReader: the one reader of a queen job (as llama.cpp server's server_response_reader is of
// a task). Claims the job, delivers every event so far and then each live one, in order and once,
// then ended(); cancels the job when it is destroyed first or when its HTTP client leaves; has
// the manager forget the job once both are done. Knows nothing of what the events become (job
// stream, OpenAI chunks, a chat view). Main thread only.
#pragma once

#include "queenjob.h"

#include "../error.h"
#include "../sse/sseevent.h"

#include <QObject>
#include <QPointer>

namespace rbee::core {

class HttpConnection;
class HttpResponder;
class JobManager;

class JobReader : public QObject {
    Q_OBJECT
public:
    // Claims `job` (unclaimed, owned by `jobs`). Delivery starts with start(), or by itself on
    // the next turn of the event loop: connect to the signals first.
    JobReader(QueenJob *job, JobManager *jobs, QObject *parent = nullptr);
    // Cancels the job if it has not ended, and has it forgotten.
    ~JobReader() override;

    // Replays the events so far, then follows the job live. Does nothing the second time.
    // A slot may delete the reader, cancel the job or start another job meanwhile.
    void start();
    // Cancels the job when `connection` closes before the job ended; at once when it is null
    // (the client has left already).
    void bindTo(HttpConnection *connection);
    void bindTo(const HttpResponder &responder);
    // Asks the job to stop; its last events and ended() follow as usual.
    void cancel();

    QString jobId() const { return m_jobId; }
    QueenJob *job() const { return m_job.data(); }  // null once forgotten and deleted
    bool isEnded() const { return m_ended; }
    // Valid after ended().
    QueenJob::Outcome outcome() const { return m_outcome; }
    const Error &error() const { return m_error; }  // when the outcome is Failed

Q_SIGNALS:
    void eventReceived(const rbee::core::SseEvent &event);
    // After the last event; nothing follows. The reader may be deleted from a slot.
    void ended();

private:
    void onEventAdded(const SseEvent &event);
    void onEnded();
    // Releases the job: the manager deletes it once it has ended.
    void forgetJob();

    QPointer<QueenJob> m_job;
    QPointer<JobManager> m_jobs;
    QString m_jobId;
    QueenJob::Outcome m_outcome = QueenJob::Outcome::None;
    Error m_error;
    bool m_started = false;
    bool m_ended = false;
};

}  // namespace rbee::core

// QueenJob: one job submitted to the queen. Keeps the ordered log of its events (narration,
// then the worker's events relayed unchanged, or an error) so a client that connects late still
// gets all of them, until its one reader (a JobReader) follows it live; JobManager decides where
// it runs.
// Main thread only.
#pragma once

#include "../error.h"
#include "../protocol/inferencerequest.h"
#include "../sse/sseevent.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>

namespace rbee::core {

class QueenJob : public QObject {
    Q_OBJECT
public:
    enum class State { Queued, Dispatching, Running, Finished };
    enum class Outcome { None, Completed, Failed, Cancelled };

    // `pinnedWorkerId`: the one worker the job may run on (empty: the scheduler chooses).
    QueenJob(const QString &id, const QString &model, const InferenceRequest &request,
             const QString &pinnedWorkerId = {}, QObject *parent = nullptr);

    const QString &id() const { return m_id; }
    const QString &model() const { return m_model; }
    const InferenceRequest &request() const { return m_request; }
    const QString &pinnedWorkerId() const { return m_pinnedWorkerId; }
    State state() const { return m_state; }
    Outcome outcome() const { return m_outcome; }
    const QString &workerId() const { return m_workerId; }
    // The events so far; after followLive(), only those added before it.
    const QList<SseEvent> &events() const { return m_events; }
    const Error &error() const { return m_error; }  // when Failed
    bool isFinished() const { return m_state == State::Finished; }
    qint64 ageMs() const { return m_age.elapsed(); }

    // Set when a reader has taken the job (it can be taken once).
    bool claimed() const { return m_claimed; }
    void setClaimed() { m_claimed = true; }
    // The reader has replayed events() and now takes every later event from eventAdded: they are
    // not kept any more (a 10,000-token answer is relayed, not also stored).
    void followLive() { m_keepLog = false; }

    // Asks for the job to stop: JobManager cancels it on the worker or takes it off the queue.
    void cancel();

    // What the job's scheduler (JobManager) does to it (a refused job goes back to the queue);
    // nothing changes a finished job.
    void markQueued();
    void markDispatched(const QString &workerId);  // sent to that worker, no answer yet
    void markRunning();                            // the worker answered with an event
    // An event: narration {"message": …} plus `facts` (kind, worker_id, rule: docs/protocol.md),
    // from which a client can say the same in its user's language.
    void narrate(const QString &message, const QJsonObject &facts = {});
    void addEvent(const SseEvent &event);
    // The last event: an error event for Failed (unless one was relayed already), an end event
    // for Cancelled; then ended().
    void finish(Outcome outcome, const Error &error = {});

Q_SIGNALS:
    void eventAdded(const rbee::core::SseEvent &event);
    void ended();  // after the last event; nothing follows
    void cancelRequested();

private:
    QString m_id;
    QString m_model;
    InferenceRequest m_request;
    QString m_pinnedWorkerId;
    State m_state = State::Queued;
    Outcome m_outcome = Outcome::None;
    QString m_workerId;
    QList<SseEvent> m_events;
    Error m_error;
    QElapsedTimer m_age;
    SseEvent m_startedEvent;  // kept (not parsed) for the end event of a cancelled job
    SseEvent m_lastTokenEvent;
    bool m_errorRelayed = false;  // the worker's own error event went out
    bool m_cancelRequested = false;
    bool m_claimed = false;
    bool m_keepLog = true;
};

}  // namespace rbee::core

// QueenJob: one job submitted to the queen. Keeps the ordered log of its events (narration,
// then the worker's events relayed unchanged, or an error) so a client that connects late still
// gets all of them, until its one reader follows it live; JobManager decides where it runs.
// Main thread only.
#pragma once

#include "../error.h"
#include "../protocol/inferencerequest.h"
#include "../sse/sseevent.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <optional>

namespace rbee::core {

class WorkerJobClient;

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

    // Set when a client has taken the job's stream (it can be taken once).
    bool claimed() const { return m_claimed; }
    void setClaimed() { m_claimed = true; }
    // The reader has replayed events() and now takes every later event from eventAdded: they are
    // not kept any more (a 10,000-token answer is relayed, not also stored).
    void followLive() { m_keepLog = false; }

    // Asks for the job to stop: JobManager cancels it on the worker or takes it off the queue.
    void cancel();

Q_SIGNALS:
    void eventAdded(const rbee::core::SseEvent &event);
    void ended();  // after the last event; nothing follows
    void cancelRequested();

private:
    friend class JobManager;
    void narrate(const QString &message);
    void addEvent(const SseEvent &event);
    void finish(Outcome outcome, const Error &error = {});

    QString m_id;
    QString m_model;
    InferenceRequest m_request;
    QString m_pinnedWorkerId;
    State m_state = State::Queued;
    Outcome m_outcome = Outcome::None;
    QList<SseEvent> m_events;
    Error m_error;
    QElapsedTimer m_age;

    // Owned by JobManager's dispatching.
    QString m_workerId;
    QSet<QString> m_tried;
    QList<quint64> m_promptBlocks;  // PromptPrefixIndex::blockHashes of the routing text
    qint64 m_promptChars = 0;
    int m_retries = 0;
    Error m_lastRefusal;
    std::optional<Error> m_workerError;  // the worker's error event, when it sent one
    SseEvent m_startedEvent;             // kept (not parsed) for the end event of a cancelled job
    SseEvent m_lastTokenEvent;
    QPointer<WorkerJobClient> m_client;
    QTimer m_queueTimer;
    bool m_cancelRequested = false;
    bool m_claimed = false;
    bool m_keepLog = true;
    bool m_firstToken = true;
};

}  // namespace rbee::core

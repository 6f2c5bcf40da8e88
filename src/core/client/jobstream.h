// JobStream: one job of a queen as its client sees it, wherever that queen runs: the events of
// the queen's job stream (narration, then the worker's started/token/end, or error) in order,
// then ended(). A job the queen refused at once (no worker, a bad worker_id, a full queue) or could
// not take (queen unreachable) is an `error` event and ended(), like any other failure, so a
// reader handles one shape. Made by QueenConnection::newJob; nothing happens before start().
#pragma once

#include "../sse/sseevent.h"

#include <QObject>

namespace rbee::core {

class JobStream : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    // Submits the job. Events may come before start() returns (an in-process queen replays at once).
    virtual void start() = 0;
    // Asks the queen to stop the job: a cancelled `end` event and ended() follow, at once or
    // later (a remote queen answers over the network). Nothing happens once ended.
    virtual void cancel() = 0;
    // The queen's id of the job; empty until it accepted it.
    virtual QString jobId() const = 0;

Q_SIGNALS:
    void eventReceived(const rbee::core::SseEvent &event);
    void ended();  // after the last event; nothing follows
};

}  // namespace rbee::core

// QueenConnection: the queen the desktop app works with: where its jobs go and whose workers it
// shows. Two queens stand behind it: the one the app hosts (InProcessQueenConnection, the app's
// own QueenServer) and one elsewhere (a remote queen over HTTP: its job API and GET /v1/events).
// Either way a job follows that queen's policy, retries, queue and narration; the app never picks
// a worker or counts jobs itself. Main thread only.
#pragma once

#include "jobstream.h"

#include "../protocol/inferencerequest.h"
#include "../scheduler/scheduler.h"

#include <QObject>
#include <QUrl>

namespace rbee::core {

class HiveList;
class WorkerRegistry;

struct JobSubmission {
    QString model;
    QString workerId;  // pins the job to this worker (job API "worker_id"); empty: the queen chooses
    InferenceRequest request;
};

class QueenConnection : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    // A job not yet started; connect to it, then call start(). Owned by `parent`.
    virtual JobStream *newJob(const JobSubmission &submission, QObject *parent) = 0;

    // The queen's workers, live: the app's own registry, or a mirror of the remote queen's.
    virtual WorkerRegistry *registry() const = 0;
    // The queen's hives (the machines that run rbee-hive), live. What to do with them goes to the
    // queen's hive API (QueenHiveClient on workerQueenUrl() and token()), hosted or remote alike.
    virtual HiveList *hives() const = 0;
    // Jobs the queen is running now (every client's, not only this app's).
    virtual int runningJobs() const = 0;
    // The link, for the status bar ("Listening on HOST:PORT", "Connected to HOST", "Reconnecting…").
    enum class Link { Hosting, Connected, Reconnecting };
    virtual Link link() const = 0;
    // HOST:PORT the app listens on (hosting), or the remote queen's address.
    virtual QString address() const = 0;
    // Why the link is down ("401 unauthorized: …", "Connection refused"); empty while it is up.
    virtual QString lastError() const = 0;
    // Where a worker started on this computer sends its heartbeats, and the token it needs.
    virtual QUrl workerQueenUrl() const = 0;
    // The address such a worker listens on so that this queen reaches it: 127.0.0.1 for the
    // app's own queen; this computer's address on the connection to a remote queen.
    virtual QString workerHost() const = 0;
    virtual QString token() const = 0;

    // Removes a worker from the queen's registry (the worker table's "Forget"): the hosted queen's
    // record at once; a remote queen's through DELETE /v1/workers/{id}, and the mirror follows
    // its worker_removed event. A worker still alive comes back with its next heartbeat.
    virtual void forgetWorker(const QString &workerId) = 0;

    // The app's own queen only (Settings); a remote queen keeps its own settings.
    virtual bool isHosted() const = 0;
    virtual void setPolicy(SchedulingPolicy policy) = 0;
    virtual void setHeartbeatTimeoutMs(qint64 ms) = 0;

Q_SIGNALS:
    void linkChanged();  // link() changed
};

}  // namespace rbee::core

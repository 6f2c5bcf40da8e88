// QueenConnection: where the desktop app sends its jobs and reads its workers. Two queens stand
// behind it: the one the app hosts (InProcessQueenConnection, the app's own JobManager) and one
// elsewhere (RemoteQueenConnection, HTTP to its job API). Either way a job follows the queen's
// policy, retries, queue and narration; the app never picks a worker or counts jobs itself.
#pragma once

#include "jobstream.h"

#include "../protocol/inferencerequest.h"

#include <QObject>

namespace rbee::core {

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
};

}  // namespace rbee::core

// JobAccepted: the answer to a job submission, {"job_id","sse_url"}.
#pragma once

#include "../result.h"

#include <QJsonObject>
#include <QString>

namespace rbee::core {

struct JobAccepted {
    QString jobId;
    QString sseUrl;

    QJsonObject toJson() const;
    static Result<JobAccepted> fromJson(const QJsonObject &object);
};

}  // namespace rbee::core

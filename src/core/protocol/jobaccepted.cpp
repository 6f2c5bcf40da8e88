// JobAccepted JSON read/write.
#include "jobaccepted.h"

#include "../json.h"

namespace rbee::core {

QJsonObject JobAccepted::toJson() const
{
    return {{QStringLiteral("job_id"), jobId}, {QStringLiteral("sse_url"), sseUrl}};
}

Result<JobAccepted> JobAccepted::fromJson(const QJsonObject &object)
{
    JsonObjectReader r(object);
    JobAccepted a;
    r.string("job_id", a.jobId, true, false);
    r.string("sse_url", a.sseUrl, true, false);
    if (!r.ok())
        return r.error();
    return a;
}

}  // namespace rbee::core

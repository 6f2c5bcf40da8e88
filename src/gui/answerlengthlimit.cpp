// The largest max_tokens the workers allow; see answerlengthlimit.h.
#include "answerlengthlimit.h"

#include <algorithm>

#include "core/registry/workerregistry.h"

namespace rbee::gui {

int AnswerLengthLimit::forJob(const core::WorkerRegistry &registry, const QString &model, const QString &workerId)
{
    if (!workerId.isEmpty()) {
        const core::WorkerRecord *worker = registry.find(workerId);
        return worker ? worker->last.ctxSize : 0;
    }
    int limit = 0;
    for (const core::WorkerRecord &w : registry.workers()) {
        if (w.online && w.last.model == model && w.last.ctxSize > 0)
            limit = limit == 0 ? w.last.ctxSize : std::min(limit, w.last.ctxSize);
    }
    return limit;
}

}  // namespace rbee::gui

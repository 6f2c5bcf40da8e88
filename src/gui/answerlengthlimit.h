// AnswerLengthLimit: the longest answer (max_tokens) a chat job may ask for, from what workers
// publish in their heartbeats: a worker takes max_tokens up to its context size per slot
// (ctx_size, docs/protocol.md) and refuses more with 400. Reads the registry; changes nothing.
#pragma once

#include <QString>

namespace rbee::core {
class WorkerRegistry;
}

namespace rbee::gui {

class AnswerLengthLimit {
public:
    // The chosen worker's ctx_size; with no worker chosen (the queen picks), the smallest
    // ctx_size among the online workers serving `model`, so that any of them takes the job.
    // 0 when no such worker is known.
    static int forJob(const core::WorkerRegistry &registry, const QString &model, const QString &workerId);
};

}  // namespace rbee::gui

// EngineJob and EngineConfig: what the HTTP side hands to the inference engine.
#pragma once

#include "llamamodel.h"

#include "core/protocol/inferencerequest.h"

#include <QString>

#include <chrono>
#include <vector>

namespace rbee::worker {

struct EngineJob {
    QString id;
    std::vector<Token> prompt;
    core::SamplingParams sampling;
    std::chrono::steady_clock::time_point submittedAt;
};

struct EngineConfig {
    QString modelPath;
    QString chatTemplate;  // override name, empty = the model's own
    int slots = 4;
    int ctxPerSlot = 4096;
    int threads = 1;
    int batchSize = 512;
};

}  // namespace rbee::worker

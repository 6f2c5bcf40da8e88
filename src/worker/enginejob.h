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
    bool cachePrompt = true;  // the request's cache_prompt
    std::chrono::steady_clock::time_point submittedAt;
};

struct EngineConfig {
    QString modelPath;
    QString chatTemplate;  // override name, empty = the model's own
    int slots = 4;
    int ctxPerSlot = 4096;
    int threads = 1;
    int batchSize = 512;
    bool cachePrompt = true;   // slots keep their tokens and KV after a job (--no-cache-prompt: false)
    qint64 cacheRamBytes = 0;  // host memory for KV states pushed out of slots (--cache-ram); 0 = none
    ModelPlacement placement;  // the device and how many layers go there (the CPU: none)
};

}  // namespace rbee::worker

// DecodeLoop: continuous batching over llama.cpp. One sequence per slot; each step() puts the
// next token of every generating slot and a chunk of every pending prompt into one llama_decode,
// then samples. Lives entirely on the engine thread; reports through callbacks.
#pragma once

#include "enginejob.h"
#include "tokentextassembler.h"

#include "core/error.h"
#include "core/protocol/streamevents.h"

#include <functional>
#include <memory>
#include <optional>
#include <vector>

struct llama_context;
struct llama_sampler;
struct llama_batch;

namespace rbee::worker {

class DecodeLoop {
public:
    struct Callbacks {
        std::function<void(const QString &jobId, int promptTokens)> started;
        std::function<void(const QString &jobId, const QString &text, int index)> token;
        std::function<void(const QString &jobId, const core::EndEvent &end)> finished;
        std::function<void(const QString &jobId, const core::Error &error)> failed;
    };

    DecodeLoop(std::shared_ptr<LlamaModel> model, const EngineConfig &config, Callbacks callbacks);
    ~DecodeLoop();
    DecodeLoop(const DecodeLoop &) = delete;
    DecodeLoop &operator=(const DecodeLoop &) = delete;

    std::optional<core::Error> init();
    bool hasFreeSlot() const;
    bool idle() const;
    void admit(EngineJob job);
    // Ends the job with stop_reason "cancelled" if it is running here; false if it is not.
    bool cancel(const QString &jobId);
    void cancelAll();
    // One llama_decode for all running jobs.
    void step();
    quint64 tokensGenerated() const { return m_tokensGenerated; }

private:
    struct Slot;
    void finish(Slot &slot, core::StopReason reason);
    void release(Slot &slot);
    void sampleSlot(Slot &slot);

    std::shared_ptr<LlamaModel> m_model;
    EngineConfig m_config;
    Callbacks m_cb;
    llama_context *m_ctx = nullptr;
    std::vector<std::unique_ptr<Slot>> m_slots;
    std::unique_ptr<llama_batch> m_batch;
    quint64 m_tokensGenerated = 0;
};

}  // namespace rbee::worker

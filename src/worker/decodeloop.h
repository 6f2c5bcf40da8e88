// DecodeLoop: continuous batching over llama.cpp. One sequence per slot; each step() puts the
// next token of every generating slot and a chunk of every pending prompt into one llama_decode,
// then samples. A slot keeps its tokens and KV after a job (the prompt cache): a new job takes the
// free slot that shares the longest prefix with its prompt, or the state of one kept in host
// memory, and decodes only the rest. Lives entirely on the engine thread; reports through callbacks.
#pragma once

#include "enginejob.h"
#include "hostpromptcache.h"
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
        std::function<void(const QString &jobId, int promptTokens, int cachedTokens)> started;
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
    // Prompt tokens since start: taken from the cache, and decoded.
    quint64 promptTokensCached() const { return m_promptTokensCached; }
    quint64 promptTokensDecoded() const { return m_promptTokensDecoded; }
    const HostPromptCache *hostCache() const { return m_hostCache.get(); }

private:
    struct Slot;
    // Where a new job goes and how many of its prompt tokens are already in that slot's sequence.
    Slot &placeJob(const EngineJob &job, size_t &kept);
    void saveToHost(const Slot &slot);
    bool restoreFromHost(Slot &slot, HostPromptCache::Entry entry);
    void clearSequence(Slot &slot);
    void finish(Slot &slot, core::StopReason reason);
    void release(Slot &slot);
    void sampleSlot(Slot &slot);

    std::shared_ptr<LlamaModel> m_model;
    EngineConfig m_config;
    Callbacks m_cb;
    llama_context *m_ctx = nullptr;
    std::vector<std::unique_ptr<Slot>> m_slots;
    std::unique_ptr<llama_batch> m_batch;
    std::unique_ptr<HostPromptCache> m_hostCache;  // null without --cache-ram
    quint64 m_tokensGenerated = 0;
    quint64 m_promptTokensCached = 0;
    quint64 m_promptTokensDecoded = 0;
    quint64 m_useTick = 0;
};

}  // namespace rbee::worker

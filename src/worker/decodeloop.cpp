// Slots, batching, sampling and stop conditions of the engine; see decodeloop.h.
#include "decodeloop.h"

#include "core/logging.h"

#include <llama.h>

#include <algorithm>

namespace rbee::worker {

using Clock = std::chrono::steady_clock;
using core::EndEvent;
using core::StopReason;

struct DecodeLoop::Slot {
    int seq = 0;
    bool busy = false;
    EngineJob job;
    llama_sampler *sampler = nullptr;
    std::optional<TokenTextAssembler> text;
    // What the slot's sequence holds, position by position: the prompt decoded so far, then the
    // generated tokens fed back. Kept after the job for the next one (the prompt cache).
    std::vector<Token> tokens;
    size_t promptDone = 0;  // prompt tokens in `tokens`
    int cached = 0;         // prompt tokens the job found in the sequence
    int generated = 0;
    Token last = 0;       // token to feed on the next step
    int batchIndex = -1;  // where this slot's logits are in the current batch
    quint64 lastUsed = 0;
    Clock::time_point firstTokenAt;

    bool prompting() const { return busy && promptDone < job.prompt.size(); }
    int pos() const { return int(tokens.size()); }
};

namespace {
llama_sampler *makeSampler(const core::SamplingParams &s, int vocabSize)
{
    llama_sampler *chain = llama_sampler_chain_init(llama_sampler_chain_default_params());
    if (s.repeatPenalty != 1.0)
        llama_sampler_chain_add(
            chain, llama_sampler_init_penalties(vocabSize, 64, static_cast<float>(s.repeatPenalty), 0.0f, 0.0f));
    if (s.temperature <= 0.0) {
        llama_sampler_chain_add(chain, llama_sampler_init_greedy());
        return chain;
    }
    if (s.topK > 0)
        llama_sampler_chain_add(chain, llama_sampler_init_top_k(s.topK));
    if (s.topP < 1.0)
        llama_sampler_chain_add(chain, llama_sampler_init_top_p(static_cast<float>(s.topP), 1));
    if (s.minP > 0.0)
        llama_sampler_chain_add(chain, llama_sampler_init_min_p(static_cast<float>(s.minP), 1));
    llama_sampler_chain_add(chain, llama_sampler_init_temp(static_cast<float>(s.temperature)));
    llama_sampler_chain_add(chain, llama_sampler_init_dist(s.seed ? *s.seed : LLAMA_DEFAULT_SEED));
    return chain;
}

void addToBatch(llama_batch &batch, Token token, int pos, int seq, bool logits)
{
    const int i = batch.n_tokens++;
    batch.token[i] = token;
    batch.pos[i] = pos;
    batch.n_seq_id[i] = 1;
    batch.seq_id[i][0] = seq;
    batch.logits[i] = logits ? 1 : 0;
}
}  // namespace

DecodeLoop::DecodeLoop(std::shared_ptr<LlamaModel> model, const EngineConfig &config, Callbacks callbacks)
    : m_model(std::move(model))
    , m_config(config)
    , m_cb(std::move(callbacks))
{
    for (int i = 0; i < m_config.slots; ++i) {
        auto slot = std::make_unique<Slot>();
        slot->seq = i;
        m_slots.push_back(std::move(slot));
    }
}

DecodeLoop::~DecodeLoop()
{
    for (auto &slot : m_slots) {
        if (slot->sampler)
            llama_sampler_free(slot->sampler);
    }
    if (m_batch)
        llama_batch_free(*m_batch);
    if (m_ctx)
        llama_free(m_ctx);
}

std::optional<core::Error> DecodeLoop::init()
{
    llama_context_params params = llama_context_default_params();
    params.n_ctx = static_cast<uint32_t>(m_config.ctxPerSlot * m_config.slots);
    params.n_batch = static_cast<uint32_t>(m_config.batchSize);
    params.n_ubatch = static_cast<uint32_t>(m_config.batchSize);
    params.n_seq_max = static_cast<uint32_t>(m_config.slots);
    params.n_threads = m_config.threads;
    params.n_threads_batch = m_config.threads;
    params.kv_unified = false;  // each slot owns ctxPerSlot cells
    params.no_perf = true;
    m_ctx = llama_init_from_model(m_model->handle(), params);
    if (!m_ctx) {
        return core::Error{core::ErrorCode::ModelError,
                           QStringLiteral("model file '%1': llama.cpp could not create a context of %2 tokens")
                               .arg(m_config.modelPath)
                               .arg(params.n_ctx)};
    }
    m_batch = std::make_unique<llama_batch>(llama_batch_init(m_config.batchSize, 0, 1));
    if (m_config.cachePrompt && m_config.cacheRamBytes > 0)
        m_hostCache = std::make_unique<HostPromptCache>(m_config.cacheRamBytes);
    return std::nullopt;
}

bool DecodeLoop::hasFreeSlot() const
{
    return std::any_of(m_slots.begin(), m_slots.end(), [](const auto &s) { return !s->busy; });
}

bool DecodeLoop::idle() const
{
    return std::none_of(m_slots.begin(), m_slots.end(), [](const auto &s) { return s->busy; });
}

void DecodeLoop::clearSequence(Slot &slot)
{
    llama_memory_seq_rm(llama_get_memory(m_ctx), slot.seq, -1, -1);
    slot.tokens.clear();
}

void DecodeLoop::saveToHost(const Slot &slot)
{
    const size_t size = llama_state_seq_get_size(m_ctx, slot.seq);
    if (size == 0 || qint64(size) > m_hostCache->capBytes())
        return;
    std::vector<uint8_t> state(size);
    const size_t written = llama_state_seq_get_data(m_ctx, state.data(), state.size(), slot.seq);
    if (written == 0)
        return;
    state.resize(written);
    if (m_hostCache->insert(slot.tokens, std::move(state)))
        qCDebug(lcWorkerEngine) << "kept" << slot.tokens.size() << "tokens of slot" << slot.seq << "in host memory;"
                                << m_hostCache->size() << "states," << m_hostCache->bytes() / (1024 * 1024) << "MiB";
}

bool DecodeLoop::restoreFromHost(Slot &slot, HostPromptCache::Entry entry)
{
    clearSequence(slot);
    if (llama_state_seq_set_data(m_ctx, entry.state.data(), entry.state.size(), slot.seq) == 0) {
        qCWarning(lcWorkerEngine) << "could not restore a cached prompt state into slot" << slot.seq;
        clearSequence(slot);
        return false;
    }
    slot.tokens = std::move(entry.tokens);
    return true;
}

DecodeLoop::Slot &DecodeLoop::placeJob(const EngineJob &job, size_t &kept)
{
    const bool useCache = m_config.cachePrompt && job.cachePrompt;
    // The free slot sharing the longest prefix with the prompt; ties (and no cache) go to the
    // least recently used one, whose contents are the least likely to be asked for again.
    Slot *best = nullptr;
    Slot *oldest = nullptr;
    size_t bestShared = 0;
    for (auto &slot : m_slots) {
        if (slot->busy)
            continue;
        if (!oldest || slot->lastUsed < oldest->lastUsed)
            oldest = slot.get();
        const size_t shared = useCache ? commonPrefixLength(slot->tokens, job.prompt) : 0;
        if (!best || shared > bestShared || (shared == bestShared && slot->lastUsed < best->lastUsed)) {
            best = slot.get();
            bestShared = shared;
        }
    }
    Slot *target = best;
    size_t shared = bestShared;
    // A state kept in host memory that holds more of the prompt than any slot goes into the
    // least recently used slot (whose own contents are kept in host memory in turn, below).
    HostPromptCache::Match fromHost;
    if (useCache && m_hostCache)
        fromHost = m_hostCache->bestMatch(job.prompt);
    if (fromHost.prefix > bestShared) {
        target = oldest;
        HostPromptCache::Entry entry = m_hostCache->take(fromHost.index);
        if (m_hostCache && !target->tokens.empty())
            saveToHost(*target);
        shared = restoreFromHost(*target, std::move(entry)) ? fromHost.prefix : 0;
    } else if (m_hostCache && target->tokens.size() > 2 * shared) {
        // The job keeps less than half of what the slot holds: the rest is worth keeping.
        saveToHost(*target);
    }
    // At least the prompt's last token is decoded again: its logits give the first new token.
    kept = std::min(shared, job.prompt.size() - 1);
    if (!llama_memory_seq_rm(llama_get_memory(m_ctx), target->seq, llama_pos(kept), -1)) {
        // A model whose memory cannot drop part of a sequence (recurrent) starts over.
        kept = 0;
        clearSequence(*target);
    }
    target->tokens.resize(kept);
    return *target;
}

void DecodeLoop::admit(EngineJob job)
{
    size_t kept = 0;
    Slot &slot = placeJob(job, kept);
    slot.job = std::move(job);
    slot.busy = true;
    slot.lastUsed = ++m_useTick;
    slot.promptDone = kept;
    slot.cached = int(kept);
    slot.generated = 0;
    slot.batchIndex = -1;
    slot.text.emplace(slot.job.sampling.stop);
    slot.sampler = makeSampler(slot.job.sampling, m_model->vocabSize());
    for (Token t : slot.job.prompt)
        llama_sampler_accept(slot.sampler, t);  // the repeat penalty looks at the prompt too
    m_promptTokensCached += kept;
    m_promptTokensDecoded += slot.job.prompt.size() - kept;
    qCDebug(lcWorkerEngine) << "job" << slot.job.id << "in slot" << slot.seq << "with" << kept << "of"
                            << slot.job.prompt.size() << "prompt tokens cached";
    m_cb.started(slot.job.id, static_cast<int>(slot.job.prompt.size()), slot.cached);
}

void DecodeLoop::release(Slot &slot)
{
    slot.busy = false;
    slot.lastUsed = ++m_useTick;
    if (slot.sampler) {
        llama_sampler_free(slot.sampler);
        slot.sampler = nullptr;
    }
    slot.text.reset();
    if (!m_config.cachePrompt)
        clearSequence(slot);
}

void DecodeLoop::finish(Slot &slot, StopReason reason)
{
    if (reason != StopReason::Stop && reason != StopReason::Cancelled) {
        const QString rest = slot.text->flush();
        if (!rest.isEmpty())
            m_cb.token(slot.job.id, rest, slot.text->releasedThrough());
    }
    EndEvent end;
    end.stopReason = reason;
    end.tokens = slot.generated;
    end.promptTokens = static_cast<int>(slot.job.prompt.size());
    end.cachedTokens = slot.cached;
    if (slot.generated > 0) {
        const auto now = Clock::now();
        end.ttftMs = std::chrono::duration<double, std::milli>(slot.firstTokenAt - slot.job.submittedAt).count();
        const double genSeconds = std::chrono::duration<double>(now - slot.firstTokenAt).count();
        end.tokensPerS = slot.generated > 1 && genSeconds > 0 ? (slot.generated - 1) / genSeconds : 0.0;
    }
    const QString id = slot.job.id;
    release(slot);
    m_cb.finished(id, end);
}

bool DecodeLoop::cancel(const QString &jobId)
{
    for (auto &slot : m_slots) {
        if (slot->busy && slot->job.id == jobId) {
            finish(*slot, StopReason::Cancelled);
            return true;
        }
    }
    return false;
}

void DecodeLoop::cancelAll()
{
    for (auto &slot : m_slots) {
        if (slot->busy)
            finish(*slot, StopReason::Cancelled);
    }
}

void DecodeLoop::sampleSlot(Slot &slot)
{
    const Token token = llama_sampler_sample(slot.sampler, m_ctx, slot.batchIndex);
    if (slot.generated == 0)
        slot.firstTokenAt = Clock::now();
    if (m_model->isEndOfGeneration(token)) {
        finish(slot, StopReason::Eos);
        return;
    }
    ++slot.generated;
    ++m_tokensGenerated;
    const QString text = slot.text->push(m_model->tokenPiece(token));
    if (!text.isEmpty())
        m_cb.token(slot.job.id, text, slot.text->releasedThrough());
    if (slot.text->stopped()) {
        finish(slot, StopReason::Stop);
    } else if (slot.generated >= slot.job.sampling.maxTokens || slot.pos() >= m_config.ctxPerSlot) {
        finish(slot, StopReason::Length);
    } else {
        slot.last = token;
    }
}

void DecodeLoop::step()
{
    llama_batch &batch = *m_batch;
    batch.n_tokens = 0;
    // Generating slots first: one token each, so they advance on every step.
    for (auto &slot : m_slots) {
        slot->batchIndex = -1;
        if (slot->busy && !slot->prompting()) {
            addToBatch(batch, slot->last, slot->pos(), slot->seq, true);
            slot->tokens.push_back(slot->last);
            slot->batchIndex = batch.n_tokens - 1;
        }
    }
    // Then prompts, in chunks that fill the rest of the batch.
    for (auto &slot : m_slots) {
        if (!slot->prompting())
            continue;
        const size_t room = static_cast<size_t>(m_config.batchSize - batch.n_tokens);
        const size_t n = std::min(room, slot->job.prompt.size() - slot->promptDone);
        for (size_t i = 0; i < n; ++i) {
            const bool lastOfPrompt = slot->promptDone + 1 == slot->job.prompt.size();
            const Token token = slot->job.prompt[slot->promptDone++];
            addToBatch(batch, token, slot->pos(), slot->seq, lastOfPrompt);
            slot->tokens.push_back(token);
            if (lastOfPrompt)
                slot->batchIndex = batch.n_tokens - 1;
        }
    }
    if (batch.n_tokens == 0)
        return;
    const int rc = llama_decode(m_ctx, batch);
    if (rc != 0) {
        qCWarning(lcWorkerEngine) << "llama_decode failed with" << rc;
        for (auto &slot : m_slots) {
            if (!slot->busy)
                continue;
            const QString id = slot->job.id;
            release(*slot);
            clearSequence(*slot);  // what the failed batch left in it is unknown
            m_cb.failed(
                id, core::Error{core::ErrorCode::Internal, QStringLiteral("llama_decode failed (code %1)").arg(rc)});
        }
        return;
    }
    for (auto &slot : m_slots) {
        if (slot->busy && slot->batchIndex >= 0)
            sampleSlot(*slot);
    }
}

}  // namespace rbee::worker

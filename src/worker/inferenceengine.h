// InferenceEngine: owns the engine thread (a QThread) that loads the model and runs the
// DecodeLoop. Its public functions are called from the main thread and never wait on llama.cpp;
// results come back as signals on the main thread. Jobs beyond the free slots wait here in order.
#pragma once

#include "enginejob.h"

#include "core/error.h"
#include "core/protocol/streamevents.h"

#include <QObject>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

class QThread;

namespace rbee::worker {

class InferenceEngine : public QObject {
    Q_OBJECT
public:
    explicit InferenceEngine(const EngineConfig &config, QObject *parent = nullptr);
    ~InferenceEngine() override;  // stops the thread and joins it

    void start();
    // Valid after loaded(); read-only use (tokenize, templates) is safe on any thread.
    std::shared_ptr<const LlamaModel> model() const { return m_model; }
    const EngineConfig &config() const { return m_config; }

    void submit(EngineJob job);
    void cancel(const QString &jobId);
    void cancelAll();
    // Tokens generated since start, over all jobs (for the throughput in heartbeats).
    quint64 tokensGenerated() const { return m_tokensGenerated.load(); }
    // Prompt tokens since start: taken from the prompt cache, and decoded.
    quint64 promptTokensCached() const { return m_promptTokensCached.load(); }
    quint64 promptTokensDecoded() const { return m_promptTokensDecoded.load(); }

Q_SIGNALS:
    void loaded();
    void loadFailed(const rbee::core::Error &error);
    void jobStarted(const QString &jobId, int promptTokens, int cachedTokens);
    void tokenGenerated(const QString &jobId, const QString &text, int index);
    void jobFinished(const QString &jobId, const rbee::core::EndEvent &end);
    void jobFailed(const QString &jobId, const rbee::core::Error &error);

private:
    void run();
    // Hands a result to the main thread. Results go through an outbox guarded by a std::mutex
    // (which ThreadSanitizer sees, unlike the locks inside Qt's event queue), drained by one
    // queued call per batch: a burst of tokens costs one event, not one per token.
    void post(std::function<void()> f);
    void drainOutbox();

    EngineConfig m_config;
    QThread *m_thread = nullptr;
    std::shared_ptr<LlamaModel> m_model;
    std::atomic<quint64> m_tokensGenerated{0};
    std::atomic<quint64> m_promptTokensCached{0};
    std::atomic<quint64> m_promptTokensDecoded{0};

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<EngineJob> m_incoming;
    std::deque<QString> m_cancels;
    bool m_cancelAll = false;
    bool m_stop = false;

    std::mutex m_outboxMutex;
    std::vector<std::function<void()>> m_outbox;
};

}  // namespace rbee::worker

// The engine thread's loop: take commands, admit waiting jobs into free slots, step the decode
// loop, sleep when there is nothing to do. See inferenceengine.h.
#include "inferenceengine.h"

#include "decodeloop.h"

#include "core/logging.h"

#include <QThread>

namespace rbee::worker {

InferenceEngine::InferenceEngine(const EngineConfig &config, QObject *parent) : QObject(parent), m_config(config) {}

InferenceEngine::~InferenceEngine()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

void InferenceEngine::post(std::function<void()> f)
{
    bool first = false;
    {
        std::lock_guard lock(m_outboxMutex);
        first = m_outbox.empty();
        m_outbox.push_back(std::move(f));
    }
    if (first)
        QMetaObject::invokeMethod(this, &InferenceEngine::drainOutbox, Qt::QueuedConnection);
}

void InferenceEngine::drainOutbox()
{
    std::vector<std::function<void()>> batch;
    {
        std::lock_guard lock(m_outboxMutex);
        batch.swap(m_outbox);
    }
    for (auto &f : batch)
        f();
}

void InferenceEngine::start()
{
    m_thread = QThread::create([this] { run(); });
    m_thread->setObjectName(QStringLiteral("rbee-engine"));
    m_thread->start();
}

void InferenceEngine::submit(EngineJob job)
{
    {
        std::lock_guard lock(m_mutex);
        m_incoming.push_back(std::move(job));
    }
    m_wake.notify_one();
}

void InferenceEngine::cancel(const QString &jobId)
{
    {
        std::lock_guard lock(m_mutex);
        m_cancels.push_back(jobId);
    }
    m_wake.notify_one();
}

void InferenceEngine::cancelAll()
{
    {
        std::lock_guard lock(m_mutex);
        m_cancelAll = true;
    }
    m_wake.notify_one();
}

void InferenceEngine::run()
{
    auto loadedModel = LlamaModel::load(m_config.modelPath, m_config.placement);
    if (!loadedModel) {
        post([this, e = loadedModel.error()] { Q_EMIT loadFailed(e); });
        return;
    }
    std::shared_ptr<LlamaModel> model = loadedModel.value();
    model->setChatTemplateOverride(m_config.chatTemplate);

    DecodeLoop::Callbacks cb;
    cb.started = [this](const QString &id, int n, int cached) {
        post([this, id, n, cached] { Q_EMIT jobStarted(id, n, cached); });
    };
    cb.token = [this](const QString &id, const QString &t, int i) {
        post([this, id, t, i] { Q_EMIT tokenGenerated(id, t, i); });
    };
    cb.finished = [this](const QString &id, const core::EndEvent &e) {
        post([this, id, e] { Q_EMIT jobFinished(id, e); });
    };
    cb.failed = [this](const QString &id, const core::Error &e) { post([this, id, e] { Q_EMIT jobFailed(id, e); }); };
    DecodeLoop loop(model, m_config, cb);
    if (auto error = loop.init()) {
        post([this, e = *error] { Q_EMIT loadFailed(e); });
        return;
    }
    post([this, model] {
        m_model = model;
        Q_EMIT loaded();
    });

    std::deque<EngineJob> waiting;
    while (true) {
        std::deque<QString> cancels;
        bool cancelAll = false;
        {
            std::unique_lock lock(m_mutex);
            // A waiting job with a free slot is work too: when every running job ends in the same
            // step, nothing else would wake the loop to admit it.
            m_wake.wait(lock, [&] {
                return m_stop || !m_incoming.empty() || !m_cancels.empty() || m_cancelAll || !loop.idle()
                       || (!waiting.empty() && loop.hasFreeSlot());
            });
            if (m_stop)
                break;
            for (auto &job : m_incoming)
                waiting.push_back(std::move(job));
            m_incoming.clear();
            cancels.swap(m_cancels);
            std::swap(cancelAll, m_cancelAll);
        }
        auto endWaiting = [&](const EngineJob &job) {
            core::EndEvent end;
            end.stopReason = core::StopReason::Cancelled;
            end.promptTokens = static_cast<int>(job.prompt.size());
            cb.finished(job.id, end);
        };
        if (cancelAll) {
            loop.cancelAll();
            for (const auto &job : waiting)
                endWaiting(job);
            waiting.clear();
        }
        for (const QString &id : cancels) {
            if (loop.cancel(id))
                continue;
            auto it = std::find_if(waiting.begin(), waiting.end(), [&](const auto &j) { return j.id == id; });
            if (it != waiting.end()) {
                endWaiting(*it);
                waiting.erase(it);
            }
        }
        while (!waiting.empty() && loop.hasFreeSlot()) {
            loop.admit(std::move(waiting.front()));
            waiting.pop_front();
        }
        loop.step();
        m_tokensGenerated.store(loop.tokensGenerated());
        m_promptTokensCached.store(loop.promptTokensCached());
        m_promptTokensDecoded.store(loop.promptTokensDecoded());
    }
    qCDebug(lcWorkerEngine) << "engine thread stopped";
}

}  // namespace rbee::worker

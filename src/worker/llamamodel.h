// LlamaModel: a loaded GGUF model and what the HTTP side may do with it without touching the
// decode loop: tokenize, apply the chat template, turn tokens into bytes. The vocabulary is
// read-only after loading, so these calls are safe from any thread.
#pragma once

#include "core/protocol/chatmessage.h"
#include "core/result.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <vector>

struct llama_model;
struct llama_vocab;
struct ggml_backend_device;

namespace rbee::worker {

using Token = int;  // llama_token

// Where the model's weights go: the layers llama.cpp offloads (its n_gpu_layers count) to `device`;
// a null device is the CPU alone.
struct ModelPlacement {
    ggml_backend_device *device = nullptr;
    int gpuLayers = 0;
};

class LlamaModel {
public:
    ~LlamaModel();
    LlamaModel(const LlamaModel &) = delete;
    LlamaModel &operator=(const LlamaModel &) = delete;

    // Checks that `path` exists and is a GGUF file, without loading it.
    static std::optional<core::Error> checkFile(const QString &path);
    // Loads the model (slow; call from the engine thread). The error names the file and the reason.
    static core::Result<std::shared_ptr<LlamaModel>> load(const QString &path, const ModelPlacement &placement = {});
    // Routes llama.cpp's log to rbee.worker.llama; safe to call more than once.
    static void initBackend();

    llama_model *handle() const { return m_model; }
    const llama_vocab *vocab() const { return m_vocab; }
    int vocabSize() const;
    int trainContext() const;

    std::vector<Token> tokenize(const QString &text) const;
    QByteArray tokenPiece(Token token) const;
    bool isEndOfGeneration(Token token) const;

    // The chat template to use: the override name if given, else the model's own (may be empty).
    void setChatTemplateOverride(const QString &name) { m_templateOverride = name; }
    // Formats messages for generation. A model without a template (and no override) gets the
    // conversation as plain text (ChatMessage::plainTextPrompt); fails with a bad_request when the
    // template is one llama.cpp does not know.
    core::Result<QString> applyChatTemplate(const QList<core::ChatMessage> &messages) const;

private:
    LlamaModel(llama_model *model);

    llama_model *m_model = nullptr;
    const llama_vocab *m_vocab = nullptr;
    QString m_templateOverride;
};

}  // namespace rbee::worker

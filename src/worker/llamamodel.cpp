// llama.cpp model loading, tokenization and chat templates; see llamamodel.h.
#include "llamamodel.h"

#include "computedevices.h"

#include "core/logging.h"

#include <QFile>
#include <QFileInfo>
#include <QMutex>
#include <QRegularExpression>

#include <llama.h>

namespace rbee::worker {

using core::Error;
using core::ErrorCode;

namespace {
QMutex g_logMutex;
QString g_firstLoadError;  // the most specific reason llama.cpp gave while loading
bool g_loading = false;
QByteArray g_logLine;

void llamaLog(ggml_log_level level, const char *text, void *)
{
    QMutexLocker lock(&g_logMutex);
    static ggml_log_level lineLevel = GGML_LOG_LEVEL_INFO;
    if (level != GGML_LOG_LEVEL_CONT)
        lineLevel = level;
    g_logLine += text;
    if (!g_logLine.endsWith('\n'))
        return;
    const QString line = QString::fromUtf8(g_logLine).trimmed();
    g_logLine.clear();
    if (lineLevel == GGML_LOG_LEVEL_ERROR && g_loading) {
        // Reported once, in the worker's own error line; keep llama.cpp's wording.
        if (g_firstLoadError.isEmpty()) {
            static const QRegularExpression prefix(QStringLiteral("^\\w+: (error loading model: )?"));
            g_firstLoadError = QString(line).remove(prefix);
        }
        qCDebug(lcLlama).noquote() << line;
    } else if (lineLevel == GGML_LOG_LEVEL_ERROR) {
        qCWarning(lcLlama).noquote() << line;
    } else if (lineLevel == GGML_LOG_LEVEL_WARN) {
        qCWarning(lcLlama).noquote() << line;
    } else {
        qCDebug(lcLlama).noquote() << line;
    }
}
}  // namespace

void LlamaModel::initBackend()
{
    static const bool once = [] {
        llama_log_set(llamaLog, nullptr);
        llama_backend_init();
        return true;
    }();
    Q_UNUSED(once);
}

LlamaModel::LlamaModel(llama_model *model) : m_model(model), m_vocab(llama_model_get_vocab(model)) {}

LlamaModel::~LlamaModel()
{
    llama_model_free(m_model);
}

std::optional<Error> LlamaModel::checkFile(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return Error{ErrorCode::ModelError, QStringLiteral("model file '%1': no such file").arg(path)};
    if (!info.isFile())
        return Error{ErrorCode::ModelError, QStringLiteral("model file '%1': not a regular file").arg(path)};
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{ErrorCode::ModelError, QStringLiteral("model file '%1': %2").arg(path, file.errorString())};
    if (file.read(4) != "GGUF")
        return Error{ErrorCode::ModelError, QStringLiteral("model file '%1': not a GGUF file").arg(path)};
    return std::nullopt;
}

core::Result<std::shared_ptr<LlamaModel>> LlamaModel::load(const QString &path, const ModelPlacement &placement)
{
    if (auto error = checkFile(path))
        return *error;
    if (auto error = ComputeDevices::load())
        return *error;
    {
        QMutexLocker lock(&g_logMutex);
        g_firstLoadError.clear();
        g_loading = true;
    }
    llama_model_params params = llama_model_default_params();
    // Only the chosen device: with none listed, llama.cpp would spread layers over every GPU.
    ggml_backend_dev_t devices[] = {placement.device, nullptr};
    params.devices = devices;
    params.n_gpu_layers = placement.device ? placement.gpuLayers : 0;
    params.split_mode = LLAMA_SPLIT_MODE_NONE;
    params.main_gpu = 0;
    llama_model *model = llama_model_load_from_file(QFile::encodeName(path).constData(), params);
    QMutexLocker lock(&g_logMutex);
    g_loading = false;
    if (!model) {
        const QString reason =
            g_firstLoadError.isEmpty() ? QStringLiteral("llama.cpp could not load it") : g_firstLoadError;
        return Error{ErrorCode::ModelError, QStringLiteral("model file '%1': %2").arg(path, reason)};
    }
    return std::shared_ptr<LlamaModel>(new LlamaModel(model));
}

int LlamaModel::vocabSize() const
{
    return llama_vocab_n_tokens(m_vocab);
}

int LlamaModel::trainContext() const
{
    return llama_model_n_ctx_train(m_model);
}

std::vector<Token> LlamaModel::tokenize(const QString &text) const
{
    const QByteArray utf8 = text.toUtf8();
    std::vector<llama_token> tokens(static_cast<size_t>(utf8.size()) + 8);
    int n = llama_tokenize(m_vocab, utf8.constData(), static_cast<int32_t>(utf8.size()), tokens.data(),
                           static_cast<int32_t>(tokens.size()), true, true);
    if (n < 0) {
        tokens.resize(static_cast<size_t>(-n));
        n = llama_tokenize(m_vocab, utf8.constData(), static_cast<int32_t>(utf8.size()), tokens.data(),
                           static_cast<int32_t>(tokens.size()), true, true);
    }
    tokens.resize(static_cast<size_t>(std::max(n, 0)));
    return tokens;
}

QByteArray LlamaModel::tokenPiece(Token token) const
{
    char buf[256];
    int n = llama_token_to_piece(m_vocab, token, buf, sizeof buf, 0, false);
    if (n >= 0)
        return QByteArray(buf, n);
    QByteArray big(-n, Qt::Uninitialized);
    n = llama_token_to_piece(m_vocab, token, big.data(), static_cast<int32_t>(big.size()), 0, false);
    return n >= 0 ? big.left(n) : QByteArray();
}

bool LlamaModel::isEndOfGeneration(Token token) const
{
    return llama_vocab_is_eog(m_vocab, token);
}

core::Result<QString> LlamaModel::applyChatTemplate(const QList<core::ChatMessage> &messages) const
{
    QByteArray tmpl = m_templateOverride.toUtf8();
    if (tmpl.isEmpty()) {
        const char *own = llama_model_chat_template(m_model, nullptr);
        if (!own)
            return core::ChatMessage::plainTextPrompt(messages);  // a base model continues the text
        tmpl = own;
    }
    std::vector<QByteArray> storage;
    storage.reserve(static_cast<size_t>(messages.size()) * 2);
    std::vector<llama_chat_message> chat;
    size_t total = 0;
    for (const auto &m : messages) {
        storage.push_back(m.role.toUtf8());
        storage.push_back(m.content.toUtf8());
        chat.push_back({storage[storage.size() - 2].constData(), storage.back().constData()});
        total += static_cast<size_t>(storage.back().size());
    }
    QByteArray buf(static_cast<qsizetype>(total * 2 + 256), Qt::Uninitialized);
    int n = llama_chat_apply_template(tmpl.constData(), chat.data(), chat.size(), true, buf.data(),
                                      static_cast<int32_t>(buf.size()));
    if (n > buf.size()) {
        buf.resize(n);
        n = llama_chat_apply_template(tmpl.constData(), chat.data(), chat.size(), true, buf.data(),
                                      static_cast<int32_t>(buf.size()));
    }
    if (n < 0) {
        return Error::badField(QStringLiteral("messages"),
                               m_templateOverride.isEmpty()
                                   ? QStringLiteral("this model's chat template is not one llama.cpp knows; start the "
                                                    "worker with --chat-template NAME")
                                   : QStringLiteral("unknown chat template '%1'").arg(m_templateOverride));
    }
    return QString::fromUtf8(buf.constData(), n);
}

}  // namespace rbee::worker

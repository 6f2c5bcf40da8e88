// Layer placement planned from the GGUF header; see gpulayerplan.h.
#include "gpulayerplan.h"

#include "core/model/modelmemory.h"
#include "core/protocol/devicereport.h"

#include <QFile>
#include <QRegularExpression>

#include <gguf.h>

#include <memory>

namespace rbee::worker {

using core::Error;
using core::ErrorCode;

namespace {

// An unsigned integer field, or the largest element of an integer array (some models give a
// value per layer). -1 when absent or not an integer.
qint64 readInteger(const gguf_context *ctx, const QByteArray &key)
{
    const int64_t id = gguf_find_key(ctx, key.constData());
    if (id < 0)
        return -1;
    auto scalar = [](gguf_type type, const void *data, size_t i) -> qint64 {
        switch (type) {
        case GGUF_TYPE_UINT8: return static_cast<const uint8_t *>(data)[i];
        case GGUF_TYPE_INT8: return static_cast<const int8_t *>(data)[i];
        case GGUF_TYPE_UINT16: return static_cast<const uint16_t *>(data)[i];
        case GGUF_TYPE_INT16: return static_cast<const int16_t *>(data)[i];
        case GGUF_TYPE_UINT32: return static_cast<const uint32_t *>(data)[i];
        case GGUF_TYPE_INT32: return static_cast<const int32_t *>(data)[i];
        case GGUF_TYPE_UINT64: return qint64(static_cast<const uint64_t *>(data)[i]);
        case GGUF_TYPE_INT64: return static_cast<const int64_t *>(data)[i];
        default: return -1;
        }
    };
    const gguf_type type = gguf_get_kv_type(ctx, id);
    if (type == GGUF_TYPE_ARRAY) {
        const gguf_type element = gguf_get_arr_type(ctx, id);
        if (element == GGUF_TYPE_STRING)
            return -1;
        qint64 best = -1;
        for (size_t i = 0; i < gguf_get_arr_n(ctx, id); ++i)
            best = std::max(best, scalar(element, gguf_get_arr_data(ctx, id), i));
        return best;
    }
    return scalar(type, gguf_get_val_data(ctx, id), 0);
}

}  // namespace

std::optional<GpuLayersRequest> GpuLayersRequest::parse(const QString &text)
{
    GpuLayersRequest r;
    r.explicitlySet = true;
    if (text == QLatin1String("auto"))
        return r;
    if (text == QLatin1String("all")) {
        r.mode = Mode::All;
        return r;
    }
    bool ok = false;
    const int n = text.toInt(&ok);
    if (!ok || n < 0)
        return std::nullopt;
    r.mode = Mode::Count;
    r.count = n;
    return r;
}

QString GpuLayersRequest::text() const
{
    switch (mode) {
    case Mode::Auto: return QStringLiteral("auto");
    case Mode::All: return QStringLiteral("all");
    case Mode::Count: return QString::number(count);
    }
    return {};
}

core::Result<ModelFootprint> ModelFootprint::read(const QString &path)
{
    gguf_init_params params{true, nullptr};
    std::unique_ptr<gguf_context, decltype(&gguf_free)> ctx(
        gguf_init_from_file(QFile::encodeName(path).constData(), params), &gguf_free);
    if (!ctx)
        return Error{ErrorCode::ModelError, QStringLiteral("model file '%1': not a readable GGUF file").arg(path)};
    const int64_t archId = gguf_find_key(ctx.get(), "general.architecture");
    if (archId < 0 || gguf_get_kv_type(ctx.get(), archId) != GGUF_TYPE_STRING)
        return Error{ErrorCode::ModelError, QStringLiteral("model file '%1': no general.architecture").arg(path)};
    const QByteArray arch = gguf_get_val_str(ctx.get(), archId);
    const qint64 blocks = readInteger(ctx.get(), arch + ".block_count");
    if (blocks <= 0 || blocks > 100000)
        return Error{ErrorCode::ModelError,
                     QStringLiteral("model file '%1': no %2.block_count").arg(path, QString::fromLatin1(arch))};

    ModelFootprint m;
    m.blockBytes.fill(0, blocks);
    m.embeddingLength = std::max<qint64>(0, readInteger(ctx.get(), arch + ".embedding_length"));
    const qint64 heads = std::max<qint64>(1, readInteger(ctx.get(), arch + ".attention.head_count"));
    qint64 kvHeads = readInteger(ctx.get(), arch + ".attention.head_count_kv");
    if (kvHeads < 0)
        kvHeads = heads;
    qint64 keyLength = readInteger(ctx.get(), arch + ".attention.key_length");
    if (keyLength < 0)
        keyLength = m.embeddingLength / heads;
    qint64 valueLength = readInteger(ctx.get(), arch + ".attention.value_length");
    if (valueLength < 0)
        valueLength = keyLength;
    m.kvBytesPerBlockToken = core::modelmemory::kvBytesPerBlockToken(kvHeads, keyLength, valueLength);
    const int64_t tokensId = gguf_find_key(ctx.get(), "tokenizer.ggml.tokens");
    if (tokensId >= 0 && gguf_get_kv_type(ctx.get(), tokensId) == GGUF_TYPE_ARRAY)
        m.vocabSize = qint64(gguf_get_arr_n(ctx.get(), tokensId));

    static const QRegularExpression block(QStringLiteral("^blk\\.(\\d+)\\."));
    qint64 tokenEmbeddingBytes = 0;
    bool ownOutput = false;
    for (int64_t i = 0; i < gguf_get_n_tensors(ctx.get()); ++i) {
        const QString name = QString::fromUtf8(gguf_get_tensor_name(ctx.get(), i));
        const qint64 bytes = qint64(gguf_get_tensor_size(ctx.get(), i));
        const auto match = block.match(name);
        if (match.hasMatch()) {
            const qint64 index = match.captured(1).toLongLong();
            if (index < blocks)
                m.blockBytes[index] += bytes;
        } else if (name.startsWith(QLatin1String("token_embd."))) {
            tokenEmbeddingBytes += bytes;
        } else {
            ownOutput = ownOutput || name == QLatin1String("output.weight");
            m.outputBytes += bytes;
        }
    }
    if (!ownOutput)
        m.outputBytes += tokenEmbeddingBytes;  // tied embeddings: llama.cpp copies them to the output layer
    return m;
}

GpuLayerPlan GpuLayerPlan::estimate(const ModelFootprint &model, qint64 contextTokens, int layers)
{
    GpuLayerPlan p;
    p.modelLayers = model.modelLayers();
    p.gpuLayers = std::clamp(layers, 0, p.modelLayers);
    if (p.gpuLayers == 0)
        return p;
    p.weightBytes = model.outputBytes;
    const qsizetype blocks = model.blockBytes.size();
    const qsizetype onDevice = p.gpuLayers - 1;
    for (qsizetype i = blocks - onDevice; i < blocks; ++i)
        p.weightBytes += model.blockBytes[i];
    p.kvBytes = qint64(onDevice) * model.kvBytesPerBlockToken * contextTokens;
    p.computeBytes = core::modelmemory::computeBytes(model.vocabSize, model.embeddingLength);
    return p;
}

core::Result<GpuLayerPlan> GpuLayerPlan::make(const ModelFootprint &model, qint64 contextTokens,
                                              const ComputeDevice &device, const GpuLayersRequest &request)
{
    const int all = model.modelLayers();
    if (!device.isGpu) {
        if (request.explicitlySet && request.mode != GpuLayersRequest::Mode::Auto
            && !(request.mode == GpuLayersRequest::Mode::Count && request.count == 0)) {
            return Error{ErrorCode::BadRequest,
                         QStringLiteral("--gpu-layers %1: %2 is not a GPU; it holds the whole model (choose a GPU "
                                        "with --device, see --list-devices)")
                             .arg(request.text(), device.name),
                         QStringLiteral("gpu-layers")};
        }
        return estimate(model, contextTokens, 0);
    }
    switch (request.mode) {
    case GpuLayersRequest::Mode::Count: return estimate(model, contextTokens, request.count);
    case GpuLayersRequest::Mode::All: {
        const GpuLayerPlan p = estimate(model, contextTokens, all);
        if (device.memoryTotalBytes > 0 && p.deviceBytes() > device.memoryFreeBytes) {
            return Error{
                ErrorCode::ModelError,
                QStringLiteral("--gpu-layers all: the model needs %1 with its KV cache (%2 of weights, %3 of "
                               "KV cache for %4 tokens, %5 of compute buffers), %6 has %7 free")
                    .arg(core::gibText(p.deviceBytes(), 2), core::gibText(p.weightBytes, 2),
                         core::gibText(p.kvBytes, 2))
                    .arg(contextTokens)
                    .arg(core::gibText(p.computeBytes, 2), device.name, core::gibText(device.memoryFreeBytes, 2)),
                QStringLiteral("gpu-layers")};
        }
        return p;
    }
    case GpuLayersRequest::Mode::Auto: break;
    }
    // As many layers as fit in the free memory; a device that does not report memory gets all.
    if (device.memoryTotalBytes <= 0)
        return estimate(model, contextTokens, all);
    for (int n = all; n > 0; --n) {
        const GpuLayerPlan p = estimate(model, contextTokens, n);
        if (p.deviceBytes() <= device.memoryFreeBytes)
            return p;
    }
    return estimate(model, contextTokens, 0);
}

}  // namespace rbee::worker

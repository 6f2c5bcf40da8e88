// What a model needs in memory besides its weights, by one formula for everyone: the worker's
// layer plan (src/worker/gpulayerplan.cpp) and the hive's report (GgufInfo) both use these, so
// the queen places workers by the same numbers the worker plans with. Pure arithmetic.
#pragma once

#include <QtGlobal>

namespace rbee::core::modelmemory {

// llama.cpp's compute buffers on the device: a fixed part, and the logits and activations of one
// 512-token micro-batch. An estimate; a worker's --gpu-layers N overrides the plan.
inline constexpr qint64 kComputeFixedBytes = qint64(128) << 20;
inline constexpr qint64 kMicroBatchTokens = 512;

constexpr qint64 computeBytes(qint64 vocabSize, qint64 embeddingLength)
{
    return kComputeFixedBytes + kMicroBatchTokens * 4 * (vocabSize + 8 * embeddingLength);
}

// F16 K and V of one layer for one token of context.
constexpr qint64 kvBytesPerBlockToken(qint64 headCountKv, qint64 keyLength, qint64 valueLength)
{
    return headCountKv * (keyLength + valueLength) * 2;
}

}  // namespace rbee::core::modelmemory

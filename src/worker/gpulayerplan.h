// GpuLayerPlan: how many of a model's layers go to the chosen device (--gpu-layers auto|all|N),
// planned before loading from the GGUF's tensor sizes and the KV cache the worker will allocate.
//
// Counts are llama.cpp's n_gpu_layers: the repeating layers (blocks) plus the output layer, which
// is offloaded first; N layers on the device are the output layer and the last N - 1 blocks. The
// input embeddings stay on the CPU, as llama.cpp keeps them.
#pragma once

#include "computedevices.h"

#include "core/result.h"

#include <QList>
#include <QString>

namespace rbee::worker {

struct GpuLayersRequest {
    enum class Mode { Auto, All, Count };
    Mode mode = Mode::Auto;
    int count = 0;
    bool explicitlySet = false;  // given on the command line or in RBEE_GPU_LAYERS

    // "auto", "all" or a count >= 0.
    static std::optional<GpuLayersRequest> parse(const QString &text);
    QString text() const;
};

// What a model needs in memory, read from its GGUF header (no weights are read).
struct ModelFootprint {
    QList<qint64> blockBytes;         // the weights of each repeating layer
    qint64 outputBytes = 0;           // output norm and projection (the token embeddings if tied)
    qint64 kvBytesPerBlockToken = 0;  // F16 K and V of one layer for one token
    qint64 vocabSize = 0;
    qint64 embeddingLength = 0;

    int modelLayers() const { return int(blockBytes.size()) + 1; }
    static core::Result<ModelFootprint> read(const QString &path);
};

struct GpuLayerPlan {
    int gpuLayers = 0;
    int modelLayers = 0;
    qint64 weightBytes = 0;   // on the device
    qint64 kvBytes = 0;       // on the device
    qint64 computeBytes = 0;  // llama.cpp's compute buffers there (an estimate)
    qint64 deviceBytes() const { return weightBytes + kvBytes + computeBytes; }

    // contextTokens: the KV cache's cells, slots x ctx. Fails for `all` on a device that is too
    // small (with the numbers), and for a layer count on the CPU.
    static core::Result<GpuLayerPlan> make(const ModelFootprint &model, qint64 contextTokens,
                                           const ComputeDevice &device, const GpuLayersRequest &request);
    // What `layers` on the device need there.
    static GpuLayerPlan estimate(const ModelFootprint &model, qint64 contextTokens, int layers);
};

}  // namespace rbee::worker

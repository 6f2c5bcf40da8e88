// GgufInfo: what a GGUF file's header says about a model (architecture, sizes, quantization,
// parameter count), read without ggml and without reading any weights. Every read is checked
// against the file's size: a truncated or hostile file gives an error, never a crash or an
// allocation larger than the file.
#pragma once

#include "../result.h"

#include <QByteArrayView>
#include <QString>

namespace rbee::core {

struct GgufInfo {
    quint32 version = 0;
    QString architecture;      // general.architecture
    qint64 contextLength = 0;  // <arch>.context_length; 0 when absent
    qint64 blockCount = 0;     // <arch>.block_count
    qint64 embeddingLength = 0;
    qint64 headCount = 0;    // as the worker reads it: 1 when absent
    qint64 headCountKv = 0;  // head_count when absent
    qint64 keyLength = 0;    // embedding_length / head_count when absent
    qint64 valueLength = 0;  // key_length when absent
    qint64 vocabSize = 0;    // elements of tokenizer.ggml.tokens
    int fileType = -1;       // general.file_type; -1 when absent
    qint64 tensorCount = 0;
    qint64 parameters = 0;  // elements of every tensor

    // llama.cpp's name of the file type ("F16", "Q8_0", "Q4_K_M"); empty for -1 or one it does not know.
    QString quantization() const;
    static QString fileTypeName(int fileType);
    // block_count + 1: the layers a worker counts for --gpu-layers.
    int layers() const { return int(blockCount) + 1; }
    qint64 kvBytesPerToken() const;  // every layer, F16 K and V
    qint64 computeBytes() const;     // modelmemory::computeBytes, as the worker estimates

    static Result<GgufInfo> read(const QString &path);
    // The header at the start of `bytes` (the whole file, or as much of it as holds the header).
    static Result<GgufInfo> parse(QByteArrayView bytes);
};

}  // namespace rbee::core

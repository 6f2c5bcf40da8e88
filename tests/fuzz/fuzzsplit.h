// The input layout of the fuzz targets that feed a stream parser in pieces: byte 0 gives the
// number of chunk lengths (its value modulo 16), the next bytes are those lengths, the rest is
// the stream. "0GET / HTTP/1.1..." is one unsplit stream; the fuzzer picks the split points.
#pragma once

#include <QByteArrayView>
#include <QList>

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace rbee::fuzz {

struct SplitInput {
    QByteArrayView stream;
    QList<QByteArrayView> chunks;  // stream cut at the chosen lengths; the last piece is the rest
};

inline SplitInput splitInput(const uint8_t *data, size_t size)
{
    SplitInput in;
    if (size == 0)
        return in;
    const size_t count = std::min<size_t>(data[0] % 16, size - 1);
    const auto *lengths = data + 1;
    in.stream = QByteArrayView(reinterpret_cast<const char *>(data + 1 + count), qsizetype(size - 1 - count));
    qsizetype at = 0;
    for (size_t i = 0; i < count; ++i) {
        const qsizetype length = std::min<qsizetype>(lengths[i], in.stream.size() - at);
        in.chunks.append(in.stream.sliced(at, length));  // may be empty: feeding nothing is allowed
        at += length;
    }
    in.chunks.append(in.stream.sliced(at));
    return in;
}

}  // namespace rbee::fuzz

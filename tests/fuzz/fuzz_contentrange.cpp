// Fuzz target: the downloader's Content-Range reading (ContentRange::parse). A valid range starts
// at a byte that exists: first and total are -1 (unknown) or not negative, and first < total
// when both are known. A header built from three numbers reads back as those numbers.
#include <cstring>
#include <limits>

#include "core/client/contentrange.h"
#include "fuzzcheck.h"

using rbee::core::ContentRange;
using rbee::fuzz::require;

namespace {
qint64 nonNegative(const uint8_t *bytes)
{
    qint64 value = 0;
    std::memcpy(&value, bytes, sizeof value);
    return value & std::numeric_limits<qint64>::max();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const ContentRange range =
        ContentRange::parse(QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (range.valid) {
        require(range.first >= -1 && range.total >= -1, "first and total are known (>= 0) or -1");
        require(range.first >= 0 || range.total >= 0, "a range says where it starts or how long the file is");
        require(range.first < 0 || range.total < 0 || range.first < range.total, "first < total");
    }
    if (size >= 24) {
        const qint64 first = nonNegative(data), last = nonNegative(data + 8), total = nonNegative(data + 16);
        QByteArray header("bytes ");
        header += QByteArray::number(first);
        header += '-';
        header += QByteArray::number(last);
        header += '/';
        header += QByteArray::number(total);
        const ContentRange built = ContentRange::parse(header);
        require(built.valid == (first <= last && last < total), "valid exactly when first <= last < total");
        require(!built.valid || (built.first == first && built.total == total), "the numbers read back");
    }
    return 0;
}

// Fuzz target: the Range header of a hive's model file endpoint (ByteRange::parse). The first 8
// bytes give the file's size, the rest is the header. A partial answer lies inside the file; an
// unsatisfiable one is only for a start at or past its end (or an empty suffix).
#include <cstring>
#include <limits>

#include "core/http/byterange.h"
#include "fuzzcheck.h"

using rbee::core::ByteRange;
using rbee::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 8)
        return 0;
    qint64 fileSize = 0;
    std::memcpy(&fileSize, data, sizeof fileSize);
    fileSize &= (qint64(1) << 50) - 1;  // up to a petabyte
    const QByteArrayView header(reinterpret_cast<const char *>(data + 8), qsizetype(size - 8));
    const ByteRange r = ByteRange::parse(header, fileSize);
    switch (r.kind) {
    case ByteRange::Kind::Whole: require(r.first == 0 && r.last == fileSize - 1, "the whole file"); break;
    case ByteRange::Kind::Partial:
        require(r.first >= 0 && r.first <= r.last && r.last < fileSize, "0 <= first <= last < size");
        require(r.length() >= 1 && r.length() <= fileSize, "a length within the file");
        break;
    case ByteRange::Kind::Unsatisfiable: break;
    }
    return 0;
}

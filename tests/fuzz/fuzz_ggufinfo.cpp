// Fuzz target: the GGUF header reader (GgufInfo::parse), which hives run on every file in their
// models folder, some of them copied from elsewhere. Any input ends in a result or an error; an
// accepted header has the fields the hive's report relies on, within their ranges.
#include <cstring>

#include "core/model/ggufinfo.h"
#include "fuzzcheck.h"

using rbee::core::GgufInfo;
using rbee::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto info = GgufInfo::parse(QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (!info) {
        require(!info.error().message.isEmpty(), "a refusal says why");
        return 0;
    }
    require(size >= 24 && std::memcmp(data, "GGUF", 4) == 0, "only a GGUF magic and a whole fixed header pass");
    require(!info->architecture.isEmpty(), "an accepted header names its architecture");
    require(info->blockCount > 0 && info->blockCount <= 100000, "block_count within its range");
    require(info->layers() == info->blockCount + 1, "layers = block_count + 1");
    require(info->headCount >= 1 && info->headCountKv >= 0, "head counts");
    require(info->parameters >= 0 && info->contextLength >= 0 && info->vocabSize >= 0, "counts are not negative");
    require(info->tensorCount >= 0, "tensor count");
    info->quantization();
    return 0;
}

// Fuzz target: the worker's reader of POST /v1/inference bodies (parseJsonObject, then
// InferenceRequest::fromJson, as the worker's API calls them). An accepted request has exactly
// one of prompt and messages and sampling within range, and what toJson() writes for it (what
// the queen sends a worker) is accepted again as the same request.
#include "core/json.h"
#include "core/protocol/inferencerequest.h"
#include "fuzzcheck.h"

using rbee::core::InferenceRequest;
using rbee::fuzz::require;

namespace {
constexpr int kCtx = 4096;  // a worker's context size per slot
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto body = rbee::core::parseJsonObject(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (!body)
        return 0;
    const auto request = InferenceRequest::fromJson(body.value(), kCtx);
    if (!request) {
        require(!request.error().message.isEmpty(), "a refusal says what is wrong");
        return 0;
    }
    const InferenceRequest &r = request.value();
    require(r.isChat() != !r.prompt.isEmpty(), "exactly one of prompt and messages");
    const auto &s = r.sampling;
    require(s.maxTokens >= 1 && s.maxTokens <= kCtx, "max_tokens within 1..ctx");
    require(s.temperature >= 0.0 && s.temperature <= 2.0, "temperature within range");
    require(s.topP >= 0.0 && s.topP <= 1.0 && s.minP >= 0.0 && s.minP <= 1.0, "top_p and min_p within range");
    require(s.topK >= 0 && s.repeatPenalty > 0.0, "top_k and repeat_penalty within range");
    require(s.stop.size() <= InferenceRequest::kMaxStopStrings, "at most kMaxStopStrings stop strings");
    const auto again = InferenceRequest::fromJson(r.toJson(), kCtx);
    require(again && again.value() == r, "toJson() of an accepted request reads back as the same request");
    return 0;
}

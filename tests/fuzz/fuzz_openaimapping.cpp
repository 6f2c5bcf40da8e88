// Fuzz target: the OpenAI request mapping (parseJsonObject, then openai::parseRequest for both
// /v1/chat/completions and /v1/completions, as the queen's OpenAI API calls them). Whatever the
// queen accepts must be accepted by a worker: the mapped InferenceRequest's toJson() passes
// InferenceRequest::fromJson. The response builders run on every accepted request.
#include "core/json.h"
#include "core/queen/openaimapping.h"
#include "fuzzcheck.h"

using rbee::core::InferenceRequest;
using rbee::core::OpenAiRequest;
using rbee::fuzz::require;
namespace openai = rbee::core::openai;

namespace {
constexpr int kWorkerCtx = 1 << 20;  // the largest max_tokens the mapping accepts

void check(const QJsonObject &body, OpenAiRequest::Kind kind)
{
    const auto parsed = openai::parseRequest(body, kind);
    if (!parsed) {
        require(!parsed.error().message.isEmpty(), "a refusal says what is wrong");
        require(openai::errorBody(parsed.error()).contains(QStringLiteral("error")), "a refusal has an error body");
        return;
    }
    const OpenAiRequest &r = parsed.value();
    require(r.kind == kind && !r.model.isEmpty(), "an accepted request names its model");
    if (kind == OpenAiRequest::Kind::Chat)
        require(r.inference.isChat() && r.inference.prompt.isEmpty(), "a chat request maps to messages");
    else
        require(!r.inference.isChat() && !r.inference.prompt.isEmpty(), "a completion request maps to a prompt");
    const auto forWorker = InferenceRequest::fromJson(r.inference.toJson(), kWorkerCtx);
    require(forWorker && forWorker.value() == r.inference, "a worker accepts what the queen accepted, unchanged");

    const openai::ResponseIds ids{QStringLiteral("chatcmpl-fuzz"), 1, r.model};
    rbee::core::EndEvent end;
    end.tokens = 3;
    end.promptTokens = 2;
    require(!openai::completion(r, ids, QStringLiteral("text"), end).isEmpty(), "a completion object");
    require(!openai::textChunk(r, ids, QStringLiteral("t"), true).isEmpty(), "a text chunk");
    require(!openai::finalChunk(r, ids, end).isEmpty(), "a final chunk");
    require(!openai::usageChunk(r, ids, end).isEmpty(), "a usage chunk");
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto body = rbee::core::parseJsonObject(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (!body)
        return 0;
    check(body.value(), OpenAiRequest::Kind::Chat);
    check(body.value(), OpenAiRequest::Kind::Completion);
    return 0;
}

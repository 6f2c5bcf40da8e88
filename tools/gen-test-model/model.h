// rbee-gen-test-model: the shape of the model to generate and the function that writes it.
// model.cpp owns the GGUF layout (keys, tensor names and shapes that llama.cpp's LLM_ARCH_LLAMA loader expects).
#pragma once

#include <cstdint>
#include <string>

namespace rbee::gentest {

enum class WeightType { F32, F16, Q8_0 };

struct ModelSpec {
    std::string name;
    std::uint32_t nEmbd = 0;
    std::uint32_t nLayer = 0;
    std::uint32_t nHead = 0;
    std::uint32_t nHeadKv = 0;
    std::uint32_t nFf = 0;
    std::uint32_t nCtx = 0;
    WeightType type = WeightType::F32;
    std::uint64_t seed = 0;
};

// Writes a llama-architecture GGUF with random weights and the tokenizer of vocabPath to outPath,
// through outPath + ".tmp" and a rename, so readers never see a partial file.
// Returns an empty string on success, else a one-line error message.
std::string writeModel(const ModelSpec &spec, const std::string &vocabPath, const std::string &outPath);

}  // namespace rbee::gentest

// rbee-gen-test-model: builds the GGUF metadata (llama.* hyperparameters, tokenizer.* copied from a
// vocab-only GGUF, tensor infos) and streams random tensor data to disk a chunk of rows at a time,
// so large presets need little memory. Names and shapes follow llama.cpp's LLM_ARCH_LLAMA loader.
#include "model.h"

#include "random.h"

#include <ggml.h>
#include <gguf.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <system_error>
#include <vector>

namespace rbee::gentest {
namespace {

struct GgufFree {
    void operator()(gguf_context *ctx) const { gguf_free(ctx); }
};
struct GgmlFree {
    void operator()(ggml_context *ctx) const { ggml_free(ctx); }
};
using GgufPtr = std::unique_ptr<gguf_context, GgufFree>;
using GgmlPtr = std::unique_ptr<ggml_context, GgmlFree>;

// llama_ftype values (llama.h), written as general.file_type.
std::uint32_t fileType(WeightType type)
{
    switch (type) {
    case WeightType::F32: return 0;   // LLAMA_FTYPE_ALL_F32
    case WeightType::F16: return 1;   // LLAMA_FTYPE_MOSTLY_F16
    case WeightType::Q8_0: return 7;  // LLAMA_FTYPE_MOSTLY_Q8_0
    }
    return 0;
}

// The storage type of a 2-D weight whose rows have rowLength elements. Quantized types need whole
// blocks per row; where a row does not divide, the tensor falls back to f16.
ggml_type matrixType(WeightType type, std::int64_t rowLength)
{
    switch (type) {
    case WeightType::F32: return GGML_TYPE_F32;
    case WeightType::F16: return GGML_TYPE_F16;
    case WeightType::Q8_0: return rowLength % ggml_blck_size(GGML_TYPE_Q8_0) == 0 ? GGML_TYPE_Q8_0 : GGML_TYPE_F16;
    }
    return GGML_TYPE_F32;
}

// One tensor to write: its metadata (in a no_alloc ggml context) and what fills it.
struct TensorPlan {
    ggml_tensor *tensor = nullptr;
    double stddev = 0.0;  // 0: all ones (RMS norm weights); else uniform random with this deviation
};

// Reads the vocab-only GGUF at vocabPath and keeps only its tokenizer.* keys (such a file also carries
// general.* keys of its own). Returns null and sets error when the file is unreadable or has no token list.
GgufPtr loadTokenizer(const std::string &vocabPath, std::string &error)
{
    const gguf_init_params params{/*no_alloc =*/true, /*ctx =*/nullptr};
    GgufPtr vocab(gguf_init_from_file(vocabPath.c_str(), params));
    if (!vocab) {
        error = "cannot read the vocabulary GGUF '" + vocabPath + "'";
        return nullptr;
    }
    const std::int64_t tokens = gguf_find_key(vocab.get(), "tokenizer.ggml.tokens");
    if (tokens < 0 || gguf_get_kv_type(vocab.get(), tokens) != GGUF_TYPE_ARRAY
        || gguf_get_arr_type(vocab.get(), tokens) != GGUF_TYPE_STRING || gguf_get_arr_n(vocab.get(), tokens) == 0) {
        error = "'" + vocabPath + "' has no tokenizer.ggml.tokens list";
        return nullptr;
    }
    for (std::int64_t i = gguf_get_n_kv(vocab.get()) - 1; i >= 0; --i) {
        const std::string key = gguf_get_key(vocab.get(), i);
        if (!key.starts_with("tokenizer.")) {
            gguf_remove_key(vocab.get(), key.c_str());
        }
    }
    return vocab;
}

std::uint32_t tokenCount(const gguf_context *vocab)
{
    return static_cast<std::uint32_t>(gguf_get_arr_n(vocab, gguf_find_key(vocab, "tokenizer.ggml.tokens")));
}

void setHyperparameters(gguf_context *out, const ModelSpec &spec, std::uint32_t nVocab)
{
    gguf_set_val_str(out, "general.architecture", "llama");
    gguf_set_val_str(out, "general.name", spec.name.c_str());
    gguf_set_val_str(out, "general.description",
                     "Random weights from rbee-gen-test-model, for tests and benchmarks; not a trained model.");
    gguf_set_val_u32(out, "general.file_type", fileType(spec.type));
    gguf_set_val_u32(out, "general.quantization_version", GGML_QNT_VERSION);

    gguf_set_val_u32(out, "llama.vocab_size", nVocab);
    gguf_set_val_u32(out, "llama.context_length", spec.nCtx);
    gguf_set_val_u32(out, "llama.embedding_length", spec.nEmbd);
    gguf_set_val_u32(out, "llama.block_count", spec.nLayer);
    gguf_set_val_u32(out, "llama.feed_forward_length", spec.nFf);
    gguf_set_val_u32(out, "llama.attention.head_count", spec.nHead);
    gguf_set_val_u32(out, "llama.attention.head_count_kv", spec.nHeadKv);
    // llama.cpp rejects a llama model whose rope dimension differs from the head size.
    gguf_set_val_u32(out, "llama.rope.dimension_count", spec.nEmbd / spec.nHead);
    gguf_set_val_f32(out, "llama.rope.freq_base", 10000.0f);
    gguf_set_val_f32(out, "llama.attention.layer_norm_rms_epsilon", 1e-5f);
}

// Declares every tensor, in file order. Shapes are ggml's (ne0 = row length = input features).
// Matrices get deviation 1/sqrt(fan-in), so each projection keeps activations near unit scale
// and the logits come out with a deviation near 1.
std::vector<TensorPlan> planTensors(ggml_context *ctx, const ModelSpec &spec, std::uint32_t nVocab)
{
    const std::int64_t nEmbd = spec.nEmbd;
    const std::int64_t nEmbdKv = static_cast<std::int64_t>(spec.nEmbd / spec.nHead) * spec.nHeadKv;
    const std::int64_t nFf = spec.nFf;
    std::vector<TensorPlan> plans;

    const auto norm = [&](const std::string &name) {
        ggml_tensor *t = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, nEmbd);
        ggml_set_name(t, name.c_str());
        plans.push_back({t, 0.0});
    };
    const auto matrix = [&](const std::string &name, std::int64_t in, std::int64_t out, double stddev) {
        ggml_tensor *t = ggml_new_tensor_2d(ctx, matrixType(spec.type, in), in, out);
        ggml_set_name(t, name.c_str());
        plans.push_back({t, stddev});
    };
    const auto fanIn = [](std::int64_t in) { return 1.0 / std::sqrt(static_cast<double>(in)); };

    matrix("token_embd.weight", nEmbd, nVocab, 1.0);
    norm("output_norm.weight");
    matrix("output.weight", nEmbd, nVocab, fanIn(nEmbd));
    for (std::uint32_t i = 0; i < spec.nLayer; ++i) {
        const std::string blk = "blk." + std::to_string(i) + ".";
        norm(blk + "attn_norm.weight");
        matrix(blk + "attn_q.weight", nEmbd, nEmbd, fanIn(nEmbd));
        matrix(blk + "attn_k.weight", nEmbd, nEmbdKv, fanIn(nEmbd));
        matrix(blk + "attn_v.weight", nEmbd, nEmbdKv, fanIn(nEmbd));
        matrix(blk + "attn_output.weight", nEmbd, nEmbd, fanIn(nEmbd));
        norm(blk + "ffn_norm.weight");
        matrix(blk + "ffn_gate.weight", nEmbd, nFf, fanIn(nEmbd));
        matrix(blk + "ffn_up.weight", nEmbd, nFf, fanIn(nEmbd));
        matrix(blk + "ffn_down.weight", nFf, nEmbd, fanIn(nFf));
    }
    return plans;
}

// A FILE* that counts what it has written and remembers the first failure.
class Output {
public:
    explicit Output(const std::filesystem::path &path) : m_file(std::fopen(path.string().c_str(), "wb")) {}
    ~Output() { close(); }
    Output(const Output &) = delete;
    Output &operator=(const Output &) = delete;

    std::FILE *file() const { return m_file; }
    bool ok() const { return m_file != nullptr && m_ok; }
    std::uint64_t written() const { return m_written; }
    void skipCounted(std::uint64_t n) { m_written += n; }

    void write(const void *data, std::size_t n)
    {
        if (ok() && std::fwrite(data, 1, n, m_file) != n) {
            m_ok = false;
        }
        m_written += n;
    }
    void padTo(std::uint64_t offset)
    {
        static constexpr char zeros[64] = {};
        while (ok() && m_written < offset) {
            write(zeros, static_cast<std::size_t>(std::min<std::uint64_t>(sizeof zeros, offset - m_written)));
        }
    }
    bool close()
    {
        if (m_file != nullptr) {
            m_ok = std::fclose(m_file) == 0 && m_ok;
            m_file = nullptr;
        }
        return m_ok;
    }

private:
    std::FILE *m_file;
    bool m_ok = true;
    std::uint64_t m_written = 0;
};

// Generates, converts and writes one tensor's data, ~1M values at a time. Values are drawn row by
// row from the tensor's own stream, so the bytes do not depend on the chunk size.
void writeTensorData(Output &out, const TensorPlan &plan, std::uint64_t seed)
{
    const ggml_tensor *t = plan.tensor;
    const std::int64_t rowLength = t->ne[0];
    const std::int64_t rows = ggml_nrows(t);
    const std::int64_t rowsPerChunk = std::max<std::int64_t>(1, (std::int64_t{1} << 20) / rowLength);
    std::vector<float> values(static_cast<std::size_t>(rowsPerChunk * rowLength));
    std::vector<std::uint8_t> bytes(ggml_row_size(t->type, rowLength) * static_cast<std::size_t>(rowsPerChunk));
    UniformWeights random(seed, ggml_get_name(t), plan.stddev * std::sqrt(3.0));  // uniform: limit = sqrt(3) sd

    for (std::int64_t row = 0; row < rows && out.ok(); row += rowsPerChunk) {
        const std::int64_t n = std::min(rowsPerChunk, rows - row);
        const auto count = static_cast<std::size_t>(n * rowLength);
        if (plan.stddev == 0.0) {
            std::fill_n(values.begin(), count, 1.0f);
        } else {
            std::generate_n(values.begin(), count, [&] { return random.next(); });
        }
        // Handles f32 (copy), f16 (conversion) and quantized types alike.
        const std::size_t size = ggml_quantize_chunk(t->type, values.data(), bytes.data(), 0, n, rowLength, nullptr);
        out.write(bytes.data(), size);
    }
}

}  // namespace

std::string writeModel(const ModelSpec &spec, const std::string &vocabPath, const std::string &outPath)
{
    std::string error;
    const GgufPtr vocab = loadTokenizer(vocabPath, error);
    if (!vocab) {
        return error;
    }
    const std::uint32_t nVocab = tokenCount(vocab.get());
    const GgufPtr gguf(gguf_init_empty());
    setHyperparameters(gguf.get(), spec, nVocab);  // general.* and llama.* first, as converters write them
    gguf_set_kv(gguf.get(), vocab.get());

    const std::size_t nTensors = 3 + 9 * static_cast<std::size_t>(spec.nLayer);
    const ggml_init_params params{/*mem_size =*/nTensors * ggml_tensor_overhead(), /*mem_buffer =*/nullptr,
                                  /*no_alloc =*/true};
    const GgmlPtr ctx(ggml_init(params));
    if (!ctx) {
        return "cannot create a ggml context";
    }
    const std::vector<TensorPlan> plans = planTensors(ctx.get(), spec, nVocab);
    for (const TensorPlan &plan : plans) {
        gguf_add_tensor(gguf.get(), plan.tensor);
    }

    const std::filesystem::path target(outPath);
    const std::filesystem::path temporary(outPath + ".tmp");
    Output out(temporary);
    if (out.file() == nullptr) {
        return "cannot create '" + temporary.string() + "'";
    }
    // Metadata first (padded to the data alignment), then each tensor at the offset gguf assigned it.
    bool ok = gguf_write_to_file_ptr(gguf.get(), out.file(), /*only_meta =*/true);
    out.skipCounted(gguf_get_meta_size(gguf.get()));
    const std::size_t alignment = gguf_get_alignment(gguf.get());
    for (std::size_t i = 0; ok && out.ok() && i < plans.size(); ++i) {
        out.padTo(gguf_get_data_offset(gguf.get()) + gguf_get_tensor_offset(gguf.get(), static_cast<std::int64_t>(i)));
        writeTensorData(out, plans[i], spec.seed);
    }
    out.padTo((out.written() + alignment - 1) / alignment * alignment);  // as gguf_write_to_file pads
    ok = out.close() && ok;

    std::error_code ec;
    if (!ok) {
        std::filesystem::remove(temporary, ec);
        return "cannot write '" + temporary.string() + "' (disk full?)";
    }
    std::filesystem::rename(temporary, target, ec);
    if (ec) {
        std::filesystem::remove(temporary, ec);
        return "cannot rename '" + temporary.string() + "' to '" + target.string() + "'";
    }
    return {};
}

}  // namespace rbee::gentest

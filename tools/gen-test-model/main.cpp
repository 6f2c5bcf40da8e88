// rbee-gen-test-model: the command line. Presets, option parsing and validation; model.cpp writes the file.
// Writes a deterministic random-weight llama GGUF so tests run without a downloaded model.
#include "model.h"

#include <array>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace {

using rbee::gentest::ModelSpec;
using rbee::gentest::WeightType;

constexpr const char *kProgram = "rbee-gen-test-model";
constexpr int kExitUsage = 2;

#ifdef RBEE_DEFAULT_VOCAB
constexpr std::string_view kDefaultVocab = RBEE_DEFAULT_VOCAB;
#else
constexpr std::string_view kDefaultVocab;
#endif

struct Preset {
    std::string_view name;
    std::uint32_t nEmbd, nLayer, nHead, nHeadKv, nFf, nCtx;
    WeightType type;
};

constexpr std::array kPresets = {
    Preset{"tiny", 64, 2, 4, 4, 128, 4096, WeightType::F32},
    Preset{"smollm2-135m", 576, 30, 9, 3, 1536, 8192, WeightType::Q8_0},  // SmolLM2-135M's shape
};

void printUsage()
{
    std::printf("Usage: %s --out PATH [options]\n"
                "Writes a llama-architecture GGUF with deterministic random weights (same arguments, same bytes).\n"
                "\n"
                "  --out PATH          file to write (written to PATH.tmp, then renamed)\n"
                "  --vocab PATH        vocab-only GGUF whose tokenizer.* keys are copied (default: %s)\n"
                "  --preset NAME       tiny (default) or smollm2-135m\n"
                "  --n-embd N          embedding length\n"
                "  --n-layer N         block count\n"
                "  --n-head N          attention heads (must divide n-embd)\n"
                "  --n-head-kv N       key/value heads (must divide n-head)\n"
                "  --n-ff N            feed-forward length\n"
                "  --n-ctx N           training context length\n"
                "  --type T            weight type: f32, f16 or q8_0 (norms stay f32; q8_0 falls back to f16\n"
                "                      for a matrix whose rows are not a multiple of 32)\n"
                "  --seed N            random seed (default 0)\n"
                "  --name NAME         general.name (default rbee-test-PRESET)\n"
                "  --version           print the version\n"
                "  -h, --help          print this help\n"
                "\n"
                "Presets:\n"
                "  tiny           n_embd 64, n_layer 2, n_head 4, n_head_kv 4, n_ff 128, n_ctx 4096, f32\n"
                "  smollm2-135m   n_embd 576, n_layer 30, n_head 9, n_head_kv 3, n_ff 1536, n_ctx 8192, q8_0\n"
                "Explicit options override the preset.\n",
                kProgram, kDefaultVocab.empty() ? "none, required" : std::string(kDefaultVocab).c_str());
}

int usageError(const std::string &message)
{
    std::fprintf(stderr, "%s: %s (see --help)\n", kProgram, message.c_str());
    return kExitUsage;
}

std::optional<std::uint64_t> parseNumber(std::string_view text, std::uint64_t min, std::uint64_t max)
{
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value < min || value > max) {
        return std::nullopt;
    }
    return value;
}

std::optional<WeightType> parseType(std::string_view text)
{
    if (text == "f32")
        return WeightType::F32;
    if (text == "f16")
        return WeightType::F16;
    if (text == "q8_0")
        return WeightType::Q8_0;
    return std::nullopt;
}

const char *typeName(WeightType type)
{
    switch (type) {
    case WeightType::F32: return "f32";
    case WeightType::F16: return "f16";
    case WeightType::Q8_0: return "q8_0";
    }
    return "?";
}

// What the command line says; unset options come from the preset.
struct Arguments {
    std::string out;
    std::string vocab{kDefaultVocab};
    const Preset *preset = &kPresets[0];
    std::optional<std::uint32_t> nEmbd, nLayer, nHead, nHeadKv, nFf, nCtx;
    std::optional<WeightType> type;
    std::uint64_t seed = 0;
    std::optional<std::string> name;
};

// Applies one "--option value" pair; returns an error message, empty when it was fine.
std::string applyOption(Arguments &args, std::string_view option, std::string_view value)
{
    const auto dimension = [&](std::optional<std::uint32_t> &field, std::uint64_t max) -> std::string {
        const auto number = parseNumber(value, 1, max);
        if (!number) {
            return "invalid value '" + std::string(value) + "' for " + std::string(option) + " (1.."
                   + std::to_string(max) + ")";
        }
        field = static_cast<std::uint32_t>(*number);
        return {};
    };
    if (option == "--out") {
        args.out = value;
    } else if (option == "--vocab") {
        args.vocab = value;
    } else if (option == "--preset") {
        args.preset = nullptr;
        for (const Preset &preset : kPresets) {
            if (preset.name == value) {
                args.preset = &preset;
            }
        }
        if (args.preset == nullptr) {
            return "unknown preset '" + std::string(value) + "' (tiny, smollm2-135m)";
        }
    } else if (option == "--n-embd") {
        return dimension(args.nEmbd, 65536);
    } else if (option == "--n-layer") {
        return dimension(args.nLayer, 512);  // LLAMA_MAX_LAYERS
    } else if (option == "--n-head") {
        return dimension(args.nHead, 4096);
    } else if (option == "--n-head-kv") {
        return dimension(args.nHeadKv, 4096);
    } else if (option == "--n-ff") {
        return dimension(args.nFf, 1 << 20);
    } else if (option == "--n-ctx") {
        return dimension(args.nCtx, 1 << 24);
    } else if (option == "--type") {
        args.type = parseType(value);
        if (!args.type) {
            return "unknown type '" + std::string(value) + "' (f32, f16, q8_0)";
        }
    } else if (option == "--seed") {
        const auto number = parseNumber(value, 0, UINT64_MAX);
        if (!number) {
            return "invalid seed '" + std::string(value) + "'";
        }
        args.seed = *number;
    } else if (option == "--name") {
        args.name = std::string(value);
    } else {
        return "unknown option '" + std::string(option) + "'";
    }
    return {};
}

// Merges preset and overrides, and checks what llama.cpp would reject at load time.
std::string makeSpec(const Arguments &args, ModelSpec &spec)
{
    const Preset &preset = *args.preset;
    spec.name = args.name.value_or("rbee-test-" + std::string(preset.name));
    spec.nEmbd = args.nEmbd.value_or(preset.nEmbd);
    spec.nLayer = args.nLayer.value_or(preset.nLayer);
    spec.nHead = args.nHead.value_or(preset.nHead);
    spec.nHeadKv = args.nHeadKv.value_or(preset.nHeadKv);
    spec.nFf = args.nFf.value_or(preset.nFf);
    spec.nCtx = args.nCtx.value_or(preset.nCtx);
    spec.type = args.type.value_or(preset.type);
    spec.seed = args.seed;

    if (spec.nEmbd % spec.nHead != 0) {
        return "n-head (" + std::to_string(spec.nHead) + ") must divide n-embd (" + std::to_string(spec.nEmbd) + ")";
    }
    if ((spec.nEmbd / spec.nHead) % 2 != 0) {
        return "the head size n-embd/n-head must be even (RoPE rotates pairs)";
    }
    if (spec.nHead % spec.nHeadKv != 0) {
        return "n-head-kv (" + std::to_string(spec.nHeadKv) + ") must divide n-head (" + std::to_string(spec.nHead)
               + ")";
    }
    return {};
}

}  // namespace

int main(int argc, char **argv)
{
    Arguments args;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "-h" || arg == "--help") {
            printUsage();
            return 0;
        }
        if (arg == "--version") {
            std::printf("%s %s\n", kProgram, RBEE_VERSION);
            return 0;
        }
        if (!arg.starts_with("--")) {
            return usageError("unexpected argument '" + std::string(arg) + "'");
        }
        // Both "--option value" and "--option=value".
        std::string_view option = arg;
        std::string_view value;
        if (const auto equals = arg.find('='); equals != std::string_view::npos) {
            option = arg.substr(0, equals);
            value = arg.substr(equals + 1);
        } else if (i + 1 < argc) {
            value = argv[++i];
        } else {
            return usageError("missing value for " + std::string(option));
        }
        if (const std::string error = applyOption(args, option, value); !error.empty()) {
            return usageError(error);
        }
    }
    if (args.out.empty()) {
        return usageError("--out PATH is required");
    }
    if (args.vocab.empty()) {
        return usageError("--vocab PATH is required (this build has no default vocabulary)");
    }

    ModelSpec spec;
    if (const std::string error = makeSpec(args, spec); !error.empty()) {
        return usageError(error);
    }
    if (const std::string error = rbee::gentest::writeModel(spec, args.vocab, args.out); !error.empty()) {
        std::fprintf(stderr, "%s: %s\n", kProgram, error.c_str());
        return 1;
    }

    std::error_code ec;
    const auto size = std::filesystem::file_size(args.out, ec);
    std::printf(
        "%s: wrote %s (%llu bytes): llama, n_embd %u, n_layer %u, n_head %u/%u, n_ff %u, n_ctx %u, %s, seed %llu\n",
        kProgram, args.out.c_str(), static_cast<unsigned long long>(ec ? 0 : size), spec.nEmbd, spec.nLayer, spec.nHead,
        spec.nHeadKv, spec.nFf, spec.nCtx, typeName(spec.type), static_cast<unsigned long long>(spec.seed));
    return 0;
}

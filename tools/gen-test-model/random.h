// rbee-gen-test-model: the deterministic random numbers behind the weights.
// Integer-only generators plus one exactly-rounded scaling step, so the same seed
// gives bit-identical floats on every platform and standard library.
#pragma once

#include <cstdint>
#include <string_view>

namespace rbee::gentest {

// SplitMix64 (Steele, Lea, Flood 2014): a full-period 64-bit generator, good enough for test weights.
class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed) : m_state(seed) {}

    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }

private:
    std::uint64_t m_state;
};

// FNV-1a over a string: gives every tensor its own stream, independent of the order tensors are written in.
constexpr std::uint64_t fnv1a64(std::string_view text)
{
    std::uint64_t hash = 0xCBF29CE484222325ULL;
    for (const char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001B3ULL;
    }
    return hash;
}

// Uniform values in (-limit, limit). The 24 high bits of each draw become an exactly representable
// centred integer; one multiplication (a single IEEE rounding) scales it, so results never depend
// on libm (no log/cos as in Box-Muller) nor on std::*_distribution, whose output is implementation-defined.
class UniformWeights {
public:
    UniformWeights(std::uint64_t seed, std::string_view stream, double limit)
        : m_rng(SplitMix64(seed ^ fnv1a64(stream)).next())
        , m_scale(limit / 8388608.0)  // 2^23: the centred integer lies in (-2^23, 2^23)
    {}

    float next()
    {
        const auto bits = static_cast<std::uint32_t>(m_rng.next() >> 40);  // 24 bits
        const double centred = static_cast<double>(bits) - 8388607.5;      // exact
        return static_cast<float>(centred * m_scale);
    }

private:
    SplitMix64 m_rng;
    double m_scale;
};

}  // namespace rbee::gentest

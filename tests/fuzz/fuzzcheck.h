// require(): the one way a fuzz target reports a broken invariant. It aborts, which libFuzzer
// records as a crash with the input that caused it.
#pragma once

#include <cstdio>
#include <cstdlib>

namespace rbee::fuzz {

inline void require(bool condition, const char *invariant)
{
    if (!condition) {
        std::fprintf(stderr, "broken invariant: %s\n", invariant);
        std::abort();
    }
}

}  // namespace rbee::fuzz

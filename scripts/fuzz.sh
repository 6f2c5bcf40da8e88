#!/usr/bin/env bash
# Builds rbee_core and the libFuzzer targets with clang into build-fuzz/ (ASan + UBSan), then runs
# each target for RBEE_FUZZ_SECONDS (default 20) on a copy of its seed corpus. See tests/fuzz/README.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
jobs="${RBEE_JOBS:-$(nproc)}"
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRBEE_WERROR=ON -DRBEE_UNITY_BUILD=ON \
    -DRBEE_FUZZ=ON -DRBEE_FUZZ_SECONDS="${RBEE_FUZZ_SECONDS:-20}"
cmake --build build-fuzz -j "$jobs"
# Each target uses one core; two at a time keep both busy.
ctest --test-dir build-fuzz -L fuzz --output-on-failure -j 2

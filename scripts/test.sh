#!/usr/bin/env bash
# The test command: dependencies, llama.cpp, a build with warnings as errors, then the whole
# ctest suite, the package test (scripts/test-package.sh: the .deb built, checked, installed and
# run), then the whole suite again under AddressSanitizer + UBSan (the asan preset, in
# build-asan/, linking the llama.cpp libraries and ggml backends that build/ built: ggml is not
# instrumented either way, and its CPU variants and Vulkan shaders are compiled once).
# Uses ../shared/models/stories260K.gguf for the readable-text tests when present.
# RBEE_TEST_SANITIZERS=0 skips the sanitizer pass (a quick local run; CI always runs it).
# rbee's targets are unity builds here (RBEE_UNITY_BUILD, cmake/Unity.cmake), and the suites share
# one precompiled header (RBEE_TEST_PCH, tests/CMakeLists.txt).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
jobs="${RBEE_JOBS:-$(nproc)}"
# Each phase prints its wall time, so a slow CI run says where its time went.
start=$SECONDS
phase_start=$SECONDS
phase() {
    echo "test.sh: $1 took $((SECONDS - phase_start)) s (total $((SECONDS - start)) s)"
    phase_start=$SECONDS
}
# Two ggml CPU variants instead of fourteen (RBEE_CPU_VARIANTS, cmake/Llama.cmake): this build
# only runs here; x64 runs on any x86-64 CPU and haswell (AVX2) on most.
bash scripts/build.sh -DRBEE_WERROR=ON -DRBEE_BUILD_TESTS=ON -DRBEE_UNITY_BUILD=ON -DRBEE_TEST_PCH=ON \
    -DRBEE_CPU_VARIANTS="${RBEE_CPU_VARIANTS:-x64;haswell}"
phase "dependencies, llama.cpp and the build"
bash scripts/check-format.sh
if [[ -z "${RBEE_TEST_MODEL:-}" && -f "$root/../shared/models/stories260K.gguf" ]]; then
    export RBEE_TEST_MODEL="$root/../shared/models/stories260K.gguf"
fi
echo "RBEE_TEST_MODEL=${RBEE_TEST_MODEL:-<unset: readable-text tests skip>}"

# llama.cpp tests run with one thread each; two suites at once keep both cores busy.
ctest --test-dir build --output-on-failure --timeout 600 -j 2
phase "the release suite"
# The .deb: cpack, lintian, installed on this machine, one job through the installed programs.
bash scripts/test-package.sh
phase "the package"
# The parsers' fuzz targets, about 20 s each (their own clang build in build-fuzz/).
bash scripts/fuzz.sh
phase "the fuzzers"

# Any ASan/UBSan/LSan finding stops the process that made it and fails its test; the options are
# set per test by CMake (cmake/RbeeTest.cmake) and inherited by the servers the tests start.
if [[ "${RBEE_TEST_SANITIZERS:-1}" != 0 ]]; then
    cmake --preset asan
    cmake --build build-asan -j "$jobs"
    phase "the sanitizer build"
    ctest --test-dir build-asan --output-on-failure --timeout 900 -j 2
    phase "the sanitizer suite"
fi

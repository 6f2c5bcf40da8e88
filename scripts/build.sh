#!/usr/bin/env bash
# Installs dependencies, fetches the pinned llama.cpp and builds rbee into build/.
# Extra arguments go to the CMake configure step (e.g. -DRBEE_WERROR=ON).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/install-deps.sh
bash scripts/fetch-llama.sh
jobs="${RBEE_JOBS:-$(nproc)}"
# ggml's CUDA backend takes tens of minutes to compile: build it where a GPU can run it, or when
# RBEE_CUDA says so (ON, OFF or AUTO: whenever nvcc is found).
cuda="${RBEE_CUDA:-}"
if [[ -z "$cuda" ]]; then
    if nvidia-smi -L >/dev/null 2>&1; then cuda=AUTO; else cuda=OFF; fi
fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="${CMAKE_BUILD_TYPE:-Release}" -DRBEE_CUDA="$cuda" "$@"
cmake --build build -j "$jobs"

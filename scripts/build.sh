#!/usr/bin/env bash
# Installs dependencies, fetches the pinned llama.cpp and builds rbee into build/.
# Extra arguments go to the CMake configure step (e.g. -DRBEE_WERROR=ON).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/install-deps.sh
bash scripts/fetch-llama.sh
jobs="${RBEE_JOBS:-$(nproc)}"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="${CMAKE_BUILD_TYPE:-Release}" "$@"
cmake --build build -j "$jobs"

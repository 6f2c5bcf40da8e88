#!/usr/bin/env bash
# Puts the pinned llama.cpp source at third_party/llama.cpp (git-ignored), offline-capably.
#   LLAMA_CPP_DIR set          -> nothing to fetch; CMake builds that tree.
#   RBEE_LLAMA_SOURCE=upstream -> clone the pinned tag from llama.cpp's upstream repository.
#   otherwise                  -> the same release, shipped in the npm package node-llama-cpp
#                                 as llama/gitRelease.bundle (a git bundle), cloned from it.
# Then rbee's patches (patches/llama.cpp/*.patch, each saying why) are applied to the fresh tree.
# A system llama.cpp (find_package(llama)) is used by CMake when neither of the first two is set
# and RBEE_LLAMA_SOURCE=system; by default rbee builds its pinned release for reproducibility.
set -euo pipefail

LLAMA_TAG="v0.5.0"                      # ggml-org/llama.cpp release pinned by node-llama-cpp 3.22.1
NPM_PACKAGE="node-llama-cpp@3.22.1"
UPSTREAM_URL="${RBEE_LLAMA_UPSTREAM_URL:-https://github.com/ggml-org/llama.cpp.git}"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/third_party/llama.cpp"
patches=("$root"/patches/llama.cpp/*.patch)
# What the tree holds: the tag and the patches applied to it (a changed patch set fetches again).
pinned="$LLAMA_TAG $(cat "${patches[@]}" | sha256sum | cut -c1-16)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/rbee"

if [[ -n "${LLAMA_CPP_DIR:-}" ]]; then
    echo "fetch-llama: using LLAMA_CPP_DIR=$LLAMA_CPP_DIR"
    exit 0
fi
if [[ "${RBEE_LLAMA_SOURCE:-}" == "system" ]]; then
    echo "fetch-llama: using the system llama.cpp"
    exit 0
fi
if [[ -f "$dest/include/llama.h" && -f "$dest/.rbee-pinned" && "$(cat "$dest/.rbee-pinned")" == "$pinned" ]]; then
    echo "fetch-llama: $dest is at $LLAMA_TAG, patched"
    exit 0
fi

rm -rf "$dest"
mkdir -p "$root/third_party" "$cache"

if [[ "${RBEE_LLAMA_SOURCE:-npm}" == "upstream" ]]; then
    git clone --quiet --depth 1 --branch "$LLAMA_TAG" "$UPSTREAM_URL" "$dest"
else
    bundle="$cache/llama-$LLAMA_TAG.bundle"
    if [[ ! -f "$bundle" ]]; then
        tmp="$(mktemp -d)"
        trap 'rm -rf "$tmp"' EXIT
        echo "fetch-llama: downloading $NPM_PACKAGE from the npm registry"
        (cd "$tmp" && npm pack --silent "$NPM_PACKAGE" >/dev/null)
        tar -xzf "$tmp"/node-llama-cpp-*.tgz -C "$tmp" package/llama/gitRelease.bundle package/llama/llama.cpp.info.json
        if ! grep -q "\"$LLAMA_TAG\"" "$tmp/package/llama/llama.cpp.info.json"; then
            echo "fetch-llama: $NPM_PACKAGE does not ship llama.cpp $LLAMA_TAG" >&2
            exit 1
        fi
        mv "$tmp/package/llama/gitRelease.bundle" "$bundle"
    fi
    git -c advice.detachedHead=false clone --quiet "$bundle" "$dest"
fi
for patch in "${patches[@]}"; do
    git -C "$dest" apply "$patch"
    echo "fetch-llama: applied $(basename "$patch")"
done
echo "$pinned" > "$dest/.rbee-pinned"
echo "fetch-llama: llama.cpp $LLAMA_TAG at $dest"

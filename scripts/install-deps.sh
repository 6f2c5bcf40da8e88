#!/usr/bin/env bash
# Installs rbee's build and test dependencies from Debian 12's packages (needs root or sudo).
set -euo pipefail
packages=(
    build-essential cmake ninja-build ccache git pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    qtkeychain-qt6-dev  # the connected queen's token in the system keyring
    qt6-translations-l10n  # Qt's own texts (qtbase_de.qm: Yes/No/Cancel) in the app's languages
    libhttp-parser-dev
    libvulkan-dev glslc spirv-headers glslang-tools  # ggml's Vulkan backend (GPUs of every vendor)
    mesa-vulkan-drivers  # Vulkan drivers for AMD and Intel GPUs, and lavapipe (a CPU Vulkan device) for the tests
    curl python3 clang-format
    iproute2  # ip netns and veth pairs for the partition test (tst_cluster_partition, as root)
    clang libclang-rt-14-dev  # libFuzzer and the sanitizer runtimes (scripts/fuzz.sh)
    # the .deb and its checks (packaging/, scripts/test-package.sh): manual pages, PNG icons,
    # dpkg-shlibdeps, lintian, desktop entry and AppStream validators
    help2man librsvg2-bin dpkg-dev fakeroot lintian desktop-file-utils appstream
    systemd  # systemd-analyze verify for the package's units
)
# npm fetches the pinned llama.cpp release; a Node.js that ships its own npm is kept as it is.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    sudo=""
    [[ $(id -u) -eq 0 ]] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

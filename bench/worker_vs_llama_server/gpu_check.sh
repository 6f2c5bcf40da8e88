#!/usr/bin/env bash
# The GPU run of worker_vs_llama_server in one go, for a machine with an NVIDIA GPU and the CUDA
# toolkit (nvcc): builds rbee-worker with ggml's CUDA backend and llama-server with CUDA, generates
# the 1B-class test models and runs the benchmark with both servers on the GPU, Q8_0 then F16.
# Results (the printed tables, results.json, server logs, build logs) go to $OUT when it is set,
# else to build-bench/gpu-check/. Meant to finish in about 8 minutes on a 16-core machine.
#
#   bench/worker_vs_llama_server/gpu_check.sh            # the GPU run
#   GPU_CHECK_DRY_RUN=1 bench/worker_vs_llama_server/gpu_check.sh    # the steps, run nothing
#   GPU_CHECK_NO_CUDA=1 bench/worker_vs_llama_server/gpu_check.sh    # the same steps on the CPU
#   bench/worker_vs_llama_server/gpu_check.sh --pack     # build-bench/llama.cpp-src.tar.gz, see below
#
# Environment:
#   GPU_CHECK_DEVICE      device for both servers (default CUDA0)
#   GPU_CHECK_PRESETS     models, as BENCH_MODEL_PRESET (default "1b-q8_0 1b-f16")
#   GPU_CHECK_BUILD       rbee's build tree (default build-gpu/)
#   GPU_CHECK_CUDA_ARCH   CMAKE_CUDA_ARCHITECTURES for rbee's ggml (default native: the GPUs present)
#   GPU_CHECK_SKIP_BUILD=1  use GPU_CHECK_BUILD and llama-server (LLAMA_SERVER, or the bench's) as built
#   GPU_CHECK_DRY_RUN=1   print every step's command, run nothing
#   GPU_CHECK_NO_CUDA=1   test this script where there is no GPU: rbee built with its CPU backend only,
#                         llama-server for the CPU, device CPU, and a short benchmark (1 repetition,
#                         16 tokens, 64-token prompt) unless BENCH_* say otherwise
#   BENCH_PEAK_GBS        the GPU's peak memory bandwidth, GB/s (default: known for some GPUs by
#                         nvidia-smi's name, e.g. H200 4800)
#   BENCH_REPEATS (5), BENCH_TOKENS (256), BENCH_THREADS (4), BENCH_JOBS (all cores) and the other
#   BENCH_* variables of run.sh pass through.
#
# A machine without the internet needs llama.cpp's source: `--pack` writes the patched tree of
# third_party/llama.cpp without its git history, docs and test vocabularies (about 15 MB) to
# build-bench/llama.cpp-src.tar.gz; this script unpacks it when third_party/llama.cpp is missing.
# Exit status: 0 when every step ran (a MISS in a table does not count), 1 when one failed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
tarball="$root/build-bench/llama.cpp-src.tar.gz"

if [[ "${1:-}" == --pack ]]; then
    [[ -f third_party/llama.cpp/include/llama.h ]] || { echo "gpu_check.sh: no third_party/llama.cpp" >&2; exit 1; }
    mkdir -p build-bench
    # the generator's default vocabulary is the one file under models/ that the build needs
    (cd third_party && find llama.cpp \( -path llama.cpp/.git -o -path llama.cpp/docs -o -path llama.cpp/media \
        -o -path llama.cpp/models \) -prune -o -type f -print && echo llama.cpp/models/ggml-vocab-llama-spm.gguf) \
        | tar -C third_party -czf "$tarball" -T -
    echo "gpu_check.sh: wrote $tarball ($(du -h "$tarball" | cut -f1))"
    exit 0
fi

no_cuda="${GPU_CHECK_NO_CUDA:-0}"
dry="${GPU_CHECK_DRY_RUN:-0}"
if [[ "$no_cuda" == 1 ]]; then
    device="${GPU_CHECK_DEVICE:-CPU}"
    export BENCH_REPEATS="${BENCH_REPEATS:-1}" BENCH_TOKENS="${BENCH_TOKENS:-16}"
    export BENCH_PROMPT_TOKENS="${BENCH_PROMPT_TOKENS:-64}" BENCH_THREADS="${BENCH_THREADS:-1}"
else
    device="${GPU_CHECK_DEVICE:-CUDA0}"
    export BENCH_REPEATS="${BENCH_REPEATS:-5}" BENCH_TOKENS="${BENCH_TOKENS:-256}"
    export BENCH_THREADS="${BENCH_THREADS:-4}"
fi
presets="${GPU_CHECK_PRESETS:-1b-q8_0 1b-f16}"
build="${GPU_CHECK_BUILD:-$root/build-gpu}"
results="${OUT:-$root/build-bench/gpu-check}"
export BENCH_JOBS="${BENCH_JOBS:-$(nproc)}"
mkdir -p "$results"
summary="$results/summary.txt"
: >"$summary"
t_start=$(date +%s)

say() { echo "gpu_check.sh: [$(($(date +%s) - t_start))s] $*" | tee -a "$summary" >&2; }
# x COMMAND...: runs a command of a step, or only prints it in a dry run
x() {
    echo "+ $*" >&2
    [[ "$dry" == 1 ]] || "$@"
}

# step NAME FUNCTION...: runs one step, its output in $results/NAME.log (in a dry run: its commands).
step() {
    local name="$1"
    shift
    say "$name: $*"
    if [[ "$dry" == 1 ]]; then
        "$@"
        return 0
    fi
    local t0=$SECONDS
    if ! "$@" >"$results/$name.log" 2>&1; then
        say "$name FAILED after $((SECONDS - t0))s; the end of $results/$name.log:"
        tail -40 "$results/$name.log" | tee -a "$summary" >&2
        exit 1
    fi
    say "$name done in $((SECONDS - t0))s"
}

# ------------------------------------------------------------------ what this machine has
preflight() {
    local missing=()
    echo "host: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(free -g | awk '/^Mem:/ {print $2}') GiB"
    for tool in cmake python3 c++; do command -v "$tool" >/dev/null || missing+=("$tool"); done
    command -v cmake >/dev/null && cmake --version | head -1
    command -v ninja >/dev/null && echo "ninja $(ninja --version)" || echo "no ninja: make builds"
    c++ --version 2>/dev/null | head -1 || true
    if [[ "$no_cuda" != 1 ]]; then
        if command -v nvidia-smi >/dev/null; then
            nvidia-smi --query-gpu=name,memory.total,compute_cap,driver_version --format=csv,noheader || true
        else
            missing+=(nvidia-smi)
        fi
        if command -v nvcc >/dev/null; then nvcc --version | tail -2; else missing+=("nvcc (the CUDA toolkit)"); fi
    fi
    # rbee needs Qt 6 Core and Network (the worker and its core library)
    local qt=""
    for f in /usr/lib/*/cmake/Qt6Network/Qt6NetworkConfig.cmake /usr/lib/cmake/Qt6Network/Qt6NetworkConfig.cmake \
        "${Qt6_DIR:-/nonexistent}/../Qt6Network/Qt6NetworkConfig.cmake"; do
        [[ -f "$f" ]] && qt="$f"
    done
    if [[ -n "$qt" ]]; then echo "Qt 6: $qt"; else missing+=("Qt 6 Core and Network (qt6-base-dev)"); fi
    if [[ ${#missing[@]} -gt 0 ]]; then
        echo "missing: ${missing[*]}"
        return 1
    fi
}

# The peak bandwidth of the GPU, GB/s, from nvidia-smi's name (datasheet figures); empty if unknown.
peak_gbs() {
    local name
    name="$(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -1)"
    case "$name" in
        *H200*) echo 4800 ;;
        *H100*PCIe*) echo 2000 ;;
        *H100*) echo 3350 ;;
        *A100*80GB*) echo 2039 ;;
        *A100*) echo 1555 ;;
        *L40S* | *L40*) echo 864 ;;
        *"RTX 4090"*) echo 1008 ;;
        *"RTX 3090"*) echo 936 ;;
        *) echo "" ;;
    esac
}

llama_source() {
    if [[ "$dry" == 1 ]]; then
        echo "+ third_party/llama.cpp, else unpack $tarball, else scripts/fetch-llama.sh" >&2
    elif [[ -f third_party/llama.cpp/include/llama.h ]]; then
        echo "third_party/llama.cpp: $(cat third_party/llama.cpp/.rbee-pinned 2>/dev/null || echo present)"
    elif [[ -f "$tarball" ]]; then
        mkdir -p third_party && tar -C third_party -xzf "$tarball" && echo "unpacked $tarball"
    else
        scripts/fetch-llama.sh
    fi
}

configure_rbee() {
    local cuda=(-DRBEE_CUDA=ON "-DCMAKE_CUDA_ARCHITECTURES=${GPU_CHECK_CUDA_ARCH:-native}")
    [[ "$no_cuda" == 1 ]] && cuda=(-DRBEE_CUDA=OFF)
    local gen=()
    command -v ninja >/dev/null && gen=(-G Ninja)
    x cmake -S "$root" -B "$build" "${gen[@]}" -DCMAKE_BUILD_TYPE=Release "${cuda[@]}" -DRBEE_VULKAN=OFF \
        -DRBEE_BUILD_TESTS=OFF -DRBEE_BUILD_GUI=OFF
}

build_rbee() {
    x nice -n 10 cmake --build "$build" --target rbee-worker rbee-gen-test-model -j "$BENCH_JOBS"
    x "$build/bin/rbee-worker" --list-devices
}

# llama-server as the benchmark builds it for the device (bench/lib/build.sh), with its build log
build_llama_server() {
    if [[ "$dry" == 1 ]]; then
        echo "+ BENCH_DEVICE=$device bench_llama_server  # bench/lib/build.sh: cmake third_party/llama.cpp -> build-bench/llama-server-<backend>, with the device's backend" >&2
        return 0
    fi
    (
        export BENCH_DEVICE="$device" BENCH_RBEE_BUILD="$build"
        # shellcheck source=../lib/build.sh
        source "$root/bench/lib/build.sh"
        bench_llama_server
        bench_llama_device_check
        echo "llama-server: $llama_server ($llama_backend), $device: $llama_device_description"
        "$llama_server" --version 2>&1 | tail -2
    ) || { tail -30 "$root/build-bench/llama-server-build.log" 2>/dev/null; return 1; }
}

# both builds at once: they overlap their configure, link and single-threaded phases
build_both() {
    if [[ "$dry" == 1 ]]; then
        build_rbee
        build_llama_server
        return 0
    fi
    build_rbee >"$results/build-rbee.log" 2>&1 &
    local rbee_pid=$!
    build_llama_server >"$results/build-llama-server.log" 2>&1 &
    local llama_pid=$!
    local rc=0
    wait "$rbee_pid" || { echo "rbee's build failed: $results/build-rbee.log"; tail -30 "$results/build-rbee.log"; rc=1; }
    wait "$llama_pid" || { echo "llama-server's build failed: $results/build-llama-server.log"; tail -30 "$results/build-llama-server.log"; rc=1; }
    cp "$root/build-bench/llama-server-build.log" "$results/" 2>/dev/null || true
    return "$rc"
}

run_bench() {
    local preset="$1" rc=0
    x env BENCH_DEVICE="$device" BENCH_MODEL_PRESET="$preset" BENCH_RBEE_BUILD="$build" \
        "$here/run.sh" || rc=$?
    [[ "$dry" == 1 ]] && return 0
    cp "$root/build-bench/results.json" "$results/results-$preset.json" 2>/dev/null || true
    mkdir -p "$results/logs-$preset"
    cp "$root/build-bench/logs/"*.log "$results/logs-$preset/" 2>/dev/null || true
    # 2: a line says MISS; that is a result, not a failure of the run
    [[ "$rc" == 0 || "$rc" == 2 ]]
}

say "device $device, models: $presets, rbee build: $build, results: $results$([[ "$no_cuda" == 1 ]] && echo ' (GPU_CHECK_NO_CUDA: CPU only)')"
if [[ "$dry" == 1 ]]; then
    preflight >&2 || say "preflight: something is missing (see above)"
else
    step preflight preflight
    tee -a "$summary" <"$results/preflight.log" >&2
fi
if [[ -z "${BENCH_PEAK_GBS:-}" && "$no_cuda" != 1 ]]; then
    BENCH_PEAK_GBS="$(peak_gbs)"
    if [[ -n "$BENCH_PEAK_GBS" ]]; then export BENCH_PEAK_GBS; else unset BENCH_PEAK_GBS; fi
fi
say "peak bandwidth: ${BENCH_PEAK_GBS:-unknown (set BENCH_PEAK_GBS)} GB/s"
step llama-source llama_source
if [[ "${GPU_CHECK_SKIP_BUILD:-0}" == 1 ]]; then
    say "GPU_CHECK_SKIP_BUILD: using $build and the bench's llama-server as they are"
    step check-llama-server build_llama_server
else
    step configure-rbee configure_rbee
    step build build_both
fi
for preset in $presets; do
    step "bench-$preset" run_bench "$preset"
    if [[ "$dry" != 1 ]]; then
        sed -n '/^Medians of/,/^$/p' "$results/bench-$preset.log" | tee -a "$summary"
    fi
done
say "all steps done; results in $results (summary.txt, bench-*.log, results-*.json, logs-*/)"

# What the benchmarks' run.sh scripts share: building llama-server from the pinned llama.cpp with
# ggml compiled as rbee compiles it, building rbee's targets, generating the test model, and the
# header that says what is compared. Sourced (not run) by bench/*/run.sh, under `set -euo pipefail`.
#
#   source "$root/bench/lib/build.sh"
#   bench_device_backend        # sets device (BENCH_DEVICE, default CPU) and llama_backend
#   bench_rbee rbee-worker ...  # builds those targets in build/ when missing (or BENCH_BUILD_RBEE=1)
#   bench_device_check WORKER   # fails unless that rbee-worker has the device; sets device_description
#   bench_llama_server          # sets llama_src, llama_build, llama_server, no_amx (+ the device's backend)
#   bench_llama_device_check    # fails unless llama-server has the device; sets llama_device_description
#   bench_model                 # sets model (BENCH_MODEL, BENCH_MODEL_PRESET or the SmolLM2-135M shape)
#   bench_describe_llama; bench_describe_rbee; bench_describe_model
#
# Environment: BENCH_JOBS (parallel build jobs, default 2), BENCH_BUILD_RBEE, BENCH_MODEL,
# BENCH_MODEL_PRESET, BENCH_DEVICE, BENCH_RBEE_BUILD (rbee's build tree, default build/),
# LLAMA_SERVER (use this llama-server binary instead of building one).

bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
root="${root:-$bench_root}"
out="$root/build-bench"
rbee_build="${BENCH_RBEE_BUILD:-$root/build}"
jobs="${BENCH_JOBS:-2}"
mkdir -p "$out"

log() { echo "run.sh: $*" >&2; }

# CMake's generator: Ninja where it is installed (a bare GPU machine may have make only).
cmake_generator=()
if command -v ninja >/dev/null 2>&1; then cmake_generator=(-G Ninja); fi

# ---------------------------------------------------------------- the device
# BENCH_DEVICE names a device as `rbee-worker --list-devices` does: CPU, Vulkan0, CUDA0, ... Its
# backend decides how llama-server is built (a GPU backend is compiled into it).
bench_device_backend() {
    device="${BENCH_DEVICE:-CPU}"
    case "$device" in
        [Cc][Pp][Uu]) device=CPU; llama_backend=cpu ;;
        [Vv]ulkan[0-9]*) llama_backend=vulkan ;;
        CUDA[0-9]*|cuda[0-9]*) device="CUDA${device#[Cc][Uu][Dd][Aa]}"; llama_backend=cuda ;;
        *) log "BENCH_DEVICE=$device: expected CPU, VulkanN or CUDAN (as rbee-worker --list-devices names them)"
           exit 1 ;;
    esac
}

# bench_device_check WORKER: the device as that rbee-worker lists it (its description and backend),
# or a clear failure before anything is built or started. A software Vulkan device (lavapipe) is
# shown by ggml only when GGML_VK_VISIBLE_DEVICES names it; rbee-worker sets that itself when the
# machine has no Vulkan GPU, and the same value is exported here so that llama-server numbers the
# devices alike.
bench_device_check() {
    local worker="$1" listing info
    listing="$("$worker" --list-devices --json 2>"$out/list-devices.err")" \
        || { log "$worker --list-devices failed:"; cat "$out/list-devices.err" >&2; exit 1; }
    info="$(python3 -c '
import json, sys
want, listing = sys.argv[1], sys.argv[2]
devices = json.loads(listing)
for d in devices:
    if d["name"].lower() == want.lower():
        soft = [x for x in devices if x.get("software")]
        hard_vk = [x for x in devices if x.get("backend") == "Vulkan" and not x.get("software")]
        visible = ",".join(str(i) for i in range(len(soft))) if d.get("software") and not hard_vk else ""
        print("\t".join([d["name"], d["backend"], d["description"], visible]))
        sys.exit(0)
have = ", ".join("%s (%s)" % (d["name"], d["description"]) for d in devices)
print("run.sh: BENCH_DEVICE=%s: rbee-worker has no such device; it has: %s" % (want, have), file=sys.stderr)
sys.exit(1)
' "$device" "$listing")" || { log "see $worker --list-devices; a GPU backend is built into rbee when its SDK is found (README.md: GPUs)"; exit 1; }
    IFS=$'\t' read -r device device_backend_name device_description vk_visible <<<"$info"
    if [[ -n "$vk_visible" && -z "${GGML_VK_VISIBLE_DEVICES:-}" ]]; then
        export GGML_VK_VISIBLE_DEVICES="$vk_visible"
        log "$device is a software Vulkan device: GGML_VK_VISIBLE_DEVICES=$vk_visible for both servers"
    fi
}

# bench_llama_device_check: llama-server lists the device too (GPU devices only: llama-server lists
# no CPU, and runs on it with --device none); sets llama_device_description.
bench_llama_device_check() {
    llama_device_description=""
    if [[ "$device" == CPU ]]; then
        llama_device_description="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
        return
    fi
    local listing
    listing="$("$llama_server" --list-devices 2>/dev/null || true)"
    llama_device_description="$(sed -n "s/^ *$device: \(.*\) ([0-9]* MiB, [0-9]* MiB free)\$/\1/p" <<<"$listing" | head -1)"
    if [[ -z "$llama_device_description" ]]; then
        log "BENCH_DEVICE=$device: $llama_server has no such device; it lists:"
        echo "$listing" >&2
        log "(the bench builds llama-server with the device's backend; a LLAMA_SERVER given must have it too)"
        exit 1
    fi
}

# ---------------------------------------------------------------- llama-server, from the pinned tree
bench_llama_server() {
    [[ -n "${llama_backend:-}" ]] || bench_device_backend
    llama_src="$root/third_party/llama.cpp"
    llama_build="$out/llama-server"
    if [[ "$llama_backend" != cpu ]]; then llama_build="$out/llama-server-$llama_backend"; fi
    llama_server="${LLAMA_SERVER:-$llama_build/bin/llama-server}"
    if [[ -n "${LLAMA_SERVER:-}" ]]; then
        llama_build="$(cd "$(dirname "$LLAMA_SERVER")/.." && pwd)"  # for its CMakeCache.txt, if any
    fi

    # Compile ggml exactly as rbee's build does. rbee drops ggml's AMX kernels when built with GCC < 13
    # (cmake/Llama.cmake, RBEE_GGML_NO_AMX: GCC 12 miscompiles the AMX tile set-up, and every q8_0
    # matmul then dies with SIGILL on AMX CPUs); llama-server gets the same flags so that both run
    # the same kernels. Follow build/'s cache when there is one, else the same compiler rule.
    # llama-server is static with ggml compiled for this CPU (-march=native), while rbee loads
    # ggml's CPU backend at run time in the variant that suits the CPU (cmake/Llama.cmake): the
    # comparison shows what that choice costs, if anything.
    no_amx="$(sed -n 's/^RBEE_GGML_NO_AMX:BOOL=//p' "$rbee_build/CMakeCache.txt" 2>/dev/null || true)"
    if [[ -z "$no_amx" ]]; then
        local cxx="${CXX:-c++}"
        if "$cxx" --version 2>/dev/null | head -1 | grep -qiE 'g\+\+|gcc' \
            && (( $("$cxx" -dumpversion | cut -d. -f1) < 13 )); then no_amx=ON; else no_amx=OFF; fi
    fi
    local ggml_flags
    case "$no_amx" in ON|on|1|TRUE|true|YES|yes) ggml_flags="-mno-amx-tile -mno-amx-int8 -mno-amx-bf16" ;; *) ggml_flags="" ;; esac
    local llama_cfg=(-DCMAKE_BUILD_TYPE=Release -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_OPENSSL=OFF
                     -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DBUILD_SHARED_LIBS=OFF
                     "-DCMAKE_C_FLAGS=$ggml_flags" "-DCMAKE_CXX_FLAGS=$ggml_flags")
    # The GPU backend of the device, compiled in (llama-server is static): Vulkan needs the SDK
    # rbee's build needs (scripts/install-deps.sh), CUDA needs nvcc; with a GPU present, CUDA is
    # compiled for it alone (several times faster than llama.cpp's list of architectures).
    case "$llama_backend" in
        vulkan) llama_cfg+=(-DGGML_VULKAN=ON) ;;
        cuda)
            llama_cfg+=(-DGGML_CUDA=ON)
            if nvidia-smi -L >/dev/null 2>&1; then llama_cfg+=(-DCMAKE_CUDA_ARCHITECTURES=native); fi ;;
    esac
    local stamp="$llama_build/.bench-config"
    if [[ -z "${LLAMA_SERVER:-}" ]] && [[ ! -x "$llama_server" || "$(cat "$stamp" 2>/dev/null)" != "${llama_cfg[*]}" ]]; then
        if [[ ! -f "$llama_src/include/llama.h" ]]; then
            log "no llama.cpp at $llama_src; fetching the pinned release"
            "$root/scripts/fetch-llama.sh"
        fi
        log "building llama-server ($llama_backend) from $llama_src into $llama_build (takes a while; log: $out/llama-server-build.log)"
        nice -n 10 cmake -S "$llama_src" -B "$llama_build" "${cmake_generator[@]}" "${llama_cfg[@]}" \
            >"$out/llama-server-configure.log" 2>&1 \
            || { tail -30 "$out/llama-server-configure.log"; exit 1; }
        nice -n 10 cmake --build "$llama_build" --target llama-server -j "$jobs" \
            >"$out/llama-server-build.log" 2>&1 \
            || { tail -30 "$out/llama-server-build.log"; exit 1; }
        echo "${llama_cfg[*]}" >"$stamp"
    fi
    [[ -x "$llama_server" ]] || { log "no llama-server at $llama_server"; exit 1; }
}

# ---------------------------------------------------------------- rbee, from build/
# bench_rbee TARGET...: builds the targets (their binaries in build/bin/) when one is missing, or
# always with BENCH_BUILD_RBEE=1.
bench_rbee() {
    local missing=0 t
    for t in "$@"; do [[ -x "$rbee_build/bin/$t" ]] || missing=1; done
    if [[ "${BENCH_BUILD_RBEE:-0}" == 1 || "$missing" == 1 ]]; then
        if [[ ! -f "$rbee_build/CMakeCache.txt" ]]; then
            log "configuring rbee in $rbee_build (Release)"
            cmake -S "$root" -B "$rbee_build" "${cmake_generator[@]}" -DCMAKE_BUILD_TYPE=Release
        fi
        log "building $(echo "$@" | sed 's/ \([^ ]*\)$/ and \1/') in $rbee_build"
        nice -n 10 cmake --build "$rbee_build" --target "$@" -j "$jobs"
    fi
}

# ---------------------------------------------------------------- the test model
# Random weights in a real model's shape, generated once (rbee-gen-test-model must be built).
# BENCH_MODEL_PRESET picks the shape:
#   smollm2-135m (default)  SmolLM2-135M: n_embd 576, 30 layers, q8_0 (146 MB; the CPU benchmark)
#   1b-q8_0, 1b-f16         a 1B-class Llama (TinyLlama's shape): n_embd 2048, 16 layers, 16 heads,
#                           8 KV heads, n_ff 5632, 0.89 B parameters: q8_0 (0.94 GB) or f16 (1.8 GB);
#                           for GPUs
# bench_model_args PRESET: prints the generator's arguments, one a line (fails on an unknown one).
bench_model_args() {
    local big=(--n-embd 2048 --n-layer 16 --n-head 16 --n-head-kv 8 --n-ff 5632 --n-ctx 8192)
    case "$1" in
        smollm2-135m) printf '%s\n' --preset smollm2-135m ;;
        1b-q8_0) printf '%s\n' "${big[@]}" --type q8_0 --name rbee-test-1b-q8_0 ;;
        1b-f16) printf '%s\n' "${big[@]}" --type f16 --name rbee-test-1b-f16 ;;
        *) log "BENCH_MODEL_PRESET=$1: expected smollm2-135m, 1b-q8_0 or 1b-f16"; return 1 ;;
    esac
}

# bench_model_path: where the preset's model goes (build-bench/PRESET-test.gguf).
bench_model_path() {
    echo "$out/${BENCH_MODEL_PRESET:-smollm2-135m}-test.gguf"
}

bench_model() {
    local preset="${BENCH_MODEL_PRESET:-smollm2-135m}" lines gen_args
    lines="$(bench_model_args "$preset")" || exit 1
    mapfile -t gen_args <<<"$lines"
    model="${BENCH_MODEL:-$(bench_model_path)}"
    if [[ ! -f "$model" ]]; then
        log "generating the test model $model ($preset)"
        "$rbee_build/bin/rbee-gen-test-model" "${gen_args[@]}" --out "$model"   # writes $model.tmp, then renames
    fi
}

# ---------------------------------------------------------------- what is being compared
build_type() { sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$1/CMakeCache.txt" 2>/dev/null || true; }

bench_describe_host() {
    echo "date:          $(date -u '+%Y-%m-%d %H:%M:%S UTC')   host: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
}

bench_describe_llama() {
    echo "llama.cpp:     $llama_src ($(cat "$llama_src/.rbee-pinned" 2>/dev/null || echo '?'), commit $([[ -e "$llama_src/.git" ]] && git -C "$llama_src" rev-parse --short HEAD 2>/dev/null || echo '?'))"
    echo "llama-server:  $llama_server (build type: $(build_type "$llama_build"); ggml without AMX kernels: $no_amx, as rbee's build)"
}

# bench_describe_rbee LABEL BINARY: one line, and a warning when build/ is not a Release build.
bench_describe_rbee() {
    local bt
    bt="$(build_type "$rbee_build")"
    printf '%-15s%s (build type: %s)\n' "$1:" "$2" "${bt:-<empty>}"
    case "$bt" in
        Release|RelWithDebInfo) ;;
        *) echo "WARNING: $rbee_build is not a Release build; llama.cpp inside rbee may be unoptimised" ;;
    esac
}

bench_describe_model() {
    echo "model:         $model ($(du -h "$model" | cut -f1))"
}

bench_describe_device() {
    if [[ "$device" == CPU ]]; then
        echo "device:        CPU ($llama_device_description): rbee-worker --device CPU, llama-server --device none"
    else
        echo "device:        $device: rbee-worker ${device_description:-?} (${device_backend_name:-?}) --gpu-layers all;" \
             "llama-server $llama_device_description -ngl 999"
    fi
}

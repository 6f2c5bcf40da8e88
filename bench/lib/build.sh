# What the benchmarks' run.sh scripts share: building llama-server from the pinned llama.cpp with
# ggml compiled as rbee compiles it, building rbee's targets, generating the test model, and the
# header that says what is compared. Sourced (not run) by bench/*/run.sh, under `set -euo pipefail`.
#
#   source "$root/bench/lib/build.sh"
#   bench_llama_server          # sets llama_src, llama_build, llama_server, no_amx
#   bench_rbee rbee-worker ...  # builds those targets in build/ when missing (or BENCH_BUILD_RBEE=1)
#   bench_model                 # sets model (BENCH_MODEL or build-bench/smollm2-135m-test.gguf)
#   bench_describe_llama; bench_describe_rbee; bench_describe_model
#
# Environment: BENCH_JOBS (parallel build jobs, default 2), BENCH_BUILD_RBEE, BENCH_MODEL,
# LLAMA_SERVER (use this llama-server binary instead of building one).

bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
root="${root:-$bench_root}"
out="$root/build-bench"
rbee_build="$root/build"
jobs="${BENCH_JOBS:-2}"
mkdir -p "$out"

log() { echo "run.sh: $*" >&2; }

# ---------------------------------------------------------------- llama-server, from the pinned tree
bench_llama_server() {
    llama_src="$root/third_party/llama.cpp"
    llama_build="$out/llama-server"
    llama_server="${LLAMA_SERVER:-$llama_build/bin/llama-server}"

    # Compile ggml exactly as rbee's build does. rbee drops ggml's AMX kernels when built with GCC < 13
    # (cmake/Llama.cmake, RBEE_GGML_NO_AMX: GCC 12 miscompiles the AMX tile set-up, and every q8_0
    # matmul then dies with SIGILL on AMX CPUs); llama-server gets the same flags so that both run
    # the same kernels. Follow build/'s cache when there is one, else the same compiler rule.
    # Static libraries too, like rbee (which links llama/ggml statically).
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
    local stamp="$llama_build/.bench-config"
    if [[ -z "${LLAMA_SERVER:-}" ]] && [[ ! -x "$llama_server" || "$(cat "$stamp" 2>/dev/null)" != "${llama_cfg[*]}" ]]; then
        if [[ ! -f "$llama_src/include/llama.h" ]]; then
            log "no llama.cpp at $llama_src; fetching the pinned release"
            "$root/scripts/fetch-llama.sh"
        fi
        log "building llama-server from $llama_src into $llama_build (takes a while; log: $out/llama-server-build.log)"
        nice -n 10 cmake -S "$llama_src" -B "$llama_build" -G Ninja "${llama_cfg[@]}" \
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
            cmake -S "$root" -B "$rbee_build" -G Ninja -DCMAKE_BUILD_TYPE=Release
        fi
        log "building $(echo "$@" | sed 's/ \([^ ]*\)$/ and \1/') in $rbee_build"
        nice -n 10 cmake --build "$rbee_build" --target "$@" -j "$jobs"
    fi
}

# ---------------------------------------------------------------- the test model
# SmolLM2-135M's shape, q8_0, random weights; generated once (rbee-gen-test-model must be built).
bench_model() {
    model="${BENCH_MODEL:-$out/smollm2-135m-test.gguf}"
    if [[ ! -f "$model" ]]; then
        log "generating the test model $model"
        "$rbee_build/bin/rbee-gen-test-model" --preset smollm2-135m --out "$model"   # writes $model.tmp, then renames
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

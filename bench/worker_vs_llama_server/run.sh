#!/usr/bin/env bash
# rbee-worker vs llama-server, same model, same machine, one run. See README.md next to this file.
#
#   bench/worker_vs_llama_server/run.sh
#
# Environment:
#   BENCH_THREADS        threads for both servers (default 1: on a 2-core box the client needs the other)
#   BENCH_TOKENS         tokens per decode request (default 128)
#   BENCH_REPEATS        repetitions of every measurement, servers alternated (default 5)
#   BENCH_CTX            context per slot (default 4096; llama-server gets -c BENCH_CTX*BENCH_SLOTS)
#   BENCH_SLOTS          parallel slots on both servers, also the concurrent stream count (default 4)
#   BENCH_PROMPT_TOKENS  TTFT prompt length (default 512)
#   BENCH_MODEL          GGUF to use (default: build-bench/smollm2-135m-test.gguf, generated if missing)
#   BENCH_ONLY           both | llama-server | rbee-worker (default both)
#   BENCH_BUILD_RBEE=1   run `cmake --build build --target rbee-worker rbee-gen-test-model` even if built
#   BENCH_JOBS           parallel build jobs (default 2)
#   LLAMA_SERVER         use this llama-server binary instead of building one
# Exit status: 0 all targets met, 2 some MISS, anything else: it failed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/build-bench"
rbee_build="$root/build"
jobs="${BENCH_JOBS:-2}"
only="${BENCH_ONLY:-both}"
mkdir -p "$out"

log() { echo "run.sh: $*" >&2; }

# ---------------------------------------------------------------- llama-server, from the pinned tree
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
    cxx="${CXX:-c++}"
    if "$cxx" --version 2>/dev/null | head -1 | grep -qiE 'g\+\+|gcc' \
        && (( $("$cxx" -dumpversion | cut -d. -f1) < 13 )); then no_amx=ON; else no_amx=OFF; fi
fi
case "$no_amx" in ON|on|1|TRUE|true|YES|yes) ggml_flags="-mno-amx-tile -mno-amx-int8 -mno-amx-bf16" ;; *) ggml_flags="" ;; esac
llama_cfg=(-DCMAKE_BUILD_TYPE=Release -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_OPENSSL=OFF
           -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DBUILD_SHARED_LIBS=OFF
           "-DCMAKE_C_FLAGS=$ggml_flags" "-DCMAKE_CXX_FLAGS=$ggml_flags")
stamp="$llama_build/.bench-config"
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

# ---------------------------------------------------------------- rbee, from build/
worker="$rbee_build/bin/rbee-worker"
gen="$rbee_build/bin/rbee-gen-test-model"
model="${BENCH_MODEL:-$out/smollm2-135m-test.gguf}"
need_rbee=0
[[ "$only" != "llama-server" ]] && need_rbee=1
[[ -z "${BENCH_MODEL:-}" && ! -f "$model" ]] && need_rbee=1
if [[ "$need_rbee" == 1 ]] && [[ "${BENCH_BUILD_RBEE:-0}" == 1 || ! -x "$worker" || ! -x "$gen" ]]; then
    if [[ ! -f "$rbee_build/CMakeCache.txt" ]]; then
        log "configuring rbee in $rbee_build (Release)"
        cmake -S "$root" -B "$rbee_build" -G Ninja -DCMAKE_BUILD_TYPE=Release
    fi
    log "building rbee-worker and rbee-gen-test-model in $rbee_build"
    nice -n 10 cmake --build "$rbee_build" --target rbee-worker rbee-gen-test-model -j "$jobs"
fi

if [[ ! -f "$model" ]]; then
    log "generating the test model $model"
    "$gen" --preset smollm2-135m --out "$model"   # writes $model.tmp, then renames
fi

# ---------------------------------------------------------------- what is being compared
build_type() { sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$1/CMakeCache.txt" 2>/dev/null || true; }
echo "== rbee-worker vs llama-server =="
echo "date:          $(date -u '+%Y-%m-%d %H:%M:%S UTC')   host: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
echo "llama.cpp:     $llama_src ($(cat "$llama_src/.rbee-pinned" 2>/dev/null || echo '?'), commit $([[ -e "$llama_src/.git" ]] && git -C "$llama_src" rev-parse --short HEAD 2>/dev/null || echo '?'))"
echo "llama-server:  $llama_server (build type: $(build_type "$llama_build"); ggml without AMX kernels: $no_amx, as rbee's build)"
if [[ "$only" != "llama-server" ]]; then
    bt="$(build_type "$rbee_build")"
    echo "rbee-worker:   $worker (build type: ${bt:-<empty>})"
    case "$bt" in
        Release|RelWithDebInfo) ;;
        *) echo "WARNING: $rbee_build is not a Release build; llama.cpp inside rbee may be unoptimised" ;;
    esac
fi
echo "model:         $model ($(du -h "$model" | cut -f1))"
echo

args=(--model "$model" --llama-server "$llama_server"
      --threads "${BENCH_THREADS:-1}" --ctx "${BENCH_CTX:-4096}" --slots "${BENCH_SLOTS:-4}"
      --streams "${BENCH_SLOTS:-4}" --tokens "${BENCH_TOKENS:-128}" --repeats "${BENCH_REPEATS:-5}"
      --prompt-tokens "${BENCH_PROMPT_TOKENS:-512}" --only "$only"
      --log-dir "$out/logs" --json-out "$out/results.json")
[[ "$only" != "llama-server" ]] && args+=(--rbee-worker "$worker")
exec python3 -B "$here/bench.py" "${args[@]}"

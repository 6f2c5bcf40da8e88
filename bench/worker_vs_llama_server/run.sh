#!/usr/bin/env bash
# rbee-worker vs llama-server, same model, same machine, same device, one run. See README.md next
# to this file.
#
#   bench/worker_vs_llama_server/run.sh
#   BENCH_DEVICE=CUDA0 BENCH_MODEL_PRESET=1b-q8_0 BENCH_PEAK_GBS=4800 bench/worker_vs_llama_server/run.sh
#
# Environment:
#   BENCH_DEVICE         device for both servers, as rbee-worker --list-devices names it: CPU (default),
#                        Vulkan0, CUDA0, ...; every layer goes there (llama-server is built with its backend)
#   BENCH_THREADS        threads for both servers (default 1: on a 2-core box the client needs the other)
#   BENCH_TOKENS         tokens per decode request (default 128)
#   BENCH_REPEATS        repetitions of every measurement, servers alternated (default 5)
#   BENCH_CTX            context per slot (default 4096; llama-server gets -c BENCH_CTX*BENCH_SLOTS)
#   BENCH_SLOTS          parallel slots on both servers, also the concurrent stream count (default 4)
#   BENCH_PROMPT_TOKENS  TTFT prompt length (default 512)
#   BENCH_MODEL_PRESET   smollm2-135m (default), 1b-q8_0 or 1b-f16: the generated model's shape
#   BENCH_MODEL          GGUF to use (default: build-bench/PRESET-test.gguf, generated if missing)
#   BENCH_PEAK_GBS       the device's peak memory bandwidth in GB/s: decode bandwidth is also shown as a share
#   BENCH_ONLY           both | llama-server | rbee-worker (default both)
#   BENCH_RBEE_BUILD     rbee's build tree (default build/)
#   BENCH_BUILD_RBEE=1   run `cmake --build build --target rbee-worker rbee-gen-test-model` even if built
#   BENCH_JOBS           parallel build jobs (default 2)
#   LLAMA_SERVER         use this llama-server binary instead of building one
# Exit status: 0 all targets met, 2 some MISS, anything else: it failed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
only="${BENCH_ONLY:-both}"
# shellcheck source=../lib/build.sh
source "$root/bench/lib/build.sh"   # out=build-bench, rbee_build=build, log, bench_* helpers

# The device first: an unknown one fails before llama-server is built (with CUDA, that takes long).
bench_device_backend
bench_model_args "${BENCH_MODEL_PRESET:-smollm2-135m}" >/dev/null || exit 1
worker="$rbee_build/bin/rbee-worker"
need_rbee=0
[[ "$only" != "llama-server" || "$device" != CPU ]] && need_rbee=1
[[ -z "${BENCH_MODEL:-}" && ! -f "$(bench_model_path)" ]] && need_rbee=1
[[ "$need_rbee" == 1 ]] && bench_rbee rbee-worker rbee-gen-test-model
[[ "$only" != "llama-server" || "$device" != CPU ]] && bench_device_check "$worker"

bench_llama_server
bench_llama_device_check
bench_model

echo "== rbee-worker vs llama-server =="
bench_describe_host
bench_describe_llama
[[ "$only" != "llama-server" ]] && bench_describe_rbee rbee-worker "$worker"
bench_describe_model
bench_describe_device
echo

args=(--model "$model" --llama-server "$llama_server" --device "$device"
      --llama-device-description "$llama_device_description"
      --threads "${BENCH_THREADS:-1}" --ctx "${BENCH_CTX:-4096}" --slots "${BENCH_SLOTS:-4}"
      --streams "${BENCH_SLOTS:-4}" --tokens "${BENCH_TOKENS:-128}" --repeats "${BENCH_REPEATS:-5}"
      --prompt-tokens "${BENCH_PROMPT_TOKENS:-512}" --only "$only"
      --log-dir "$out/logs" --json-out "$out/results.json")
[[ "$only" != "llama-server" ]] && args+=(--rbee-worker "$worker")
[[ -n "${BENCH_PEAK_GBS:-}" ]] && args+=(--peak-gbs "$BENCH_PEAK_GBS")
exec python3 -B "$here/bench.py" "${args[@]}"

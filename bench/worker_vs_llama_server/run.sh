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
only="${BENCH_ONLY:-both}"
# shellcheck source=../lib/build.sh
source "$root/bench/lib/build.sh"   # out=build-bench, rbee_build=build, log, bench_* helpers

bench_llama_server

worker="$rbee_build/bin/rbee-worker"
need_rbee=0
[[ "$only" != "llama-server" ]] && need_rbee=1
[[ -z "${BENCH_MODEL:-}" && ! -f "${BENCH_MODEL:-$out/smollm2-135m-test.gguf}" ]] && need_rbee=1
[[ "$need_rbee" == 1 ]] && bench_rbee rbee-worker rbee-gen-test-model
bench_model

echo "== rbee-worker vs llama-server =="
bench_describe_host
bench_describe_llama
[[ "$only" != "llama-server" ]] && bench_describe_rbee rbee-worker "$worker"
bench_describe_model
echo

args=(--model "$model" --llama-server "$llama_server"
      --threads "${BENCH_THREADS:-1}" --ctx "${BENCH_CTX:-4096}" --slots "${BENCH_SLOTS:-4}"
      --streams "${BENCH_SLOTS:-4}" --tokens "${BENCH_TOKENS:-128}" --repeats "${BENCH_REPEATS:-5}"
      --prompt-tokens "${BENCH_PROMPT_TOKENS:-512}" --only "$only"
      --log-dir "$out/logs" --json-out "$out/results.json")
[[ "$only" != "llama-server" ]] && args+=(--rbee-worker "$worker")
exec python3 -B "$here/bench.py" "${args[@]}"

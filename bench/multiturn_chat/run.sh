#!/usr/bin/env bash
# Multi-turn chat: rbee-worker vs llama-server with its prompt cache (part A), and the queen's
# scheduling policies over two workers (part B). See README.md next to this file.
#
#   bench/multiturn_chat/run.sh
#   BENCH_CONVERSATIONS=2 BENCH_TURNS=3 BENCH_POLICIES=first-available,least-loaded bench/multiturn_chat/run.sh
#
# Environment:
#   BENCH_PARTS              A, B or A,B (default A,B)
#   BENCH_THREADS            threads per server (default 1)
#   BENCH_SLOTS              slots per server (default 4)
#   BENCH_CTX                context per slot (default 4096; llama-server gets -c BENCH_CTX*BENCH_SLOTS)
#   BENCH_CONVERSATIONS      conversations (default 8)
#   BENCH_TURNS              turns per conversation (default 8)
#   BENCH_WORDS              user words added per turn (default 120)
#   BENCH_TOKENS             tokens asked per turn (default 16)
#   BENCH_SEED               seed of the user texts (default 1)
#   BENCH_CONCURRENCY        part A: conversations in flight, comma-separated runs (default 1,4)
#   BENCH_QUEEN_CONCURRENCY  part B: conversations in flight (default 4)
#   BENCH_WORKERS            part B: rbee-workers behind the queen (default 2)
#   BENCH_POLICIES           part B: queen policies, comma-separated (default cache-aware,first-available,least-loaded)
#   BENCH_MODEL              GGUF to use (default: build-bench/smollm2-135m-test.gguf, generated if missing)
#   BENCH_BUILD_RBEE=1       rebuild rbee's targets even if built
#   BENCH_JOBS               parallel build jobs (default 2)
#   LLAMA_SERVER             use this llama-server binary instead of building one
# Exit status: 0 all targets met, 2 some MISS, anything else: it failed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
parts="${BENCH_PARTS:-A,B}"
export BENCH_DEVICE=CPU   # both servers run on the CPU (bench.py gives them --device); llama-server is built for it
# shellcheck source=../lib/build.sh
source "$root/bench/lib/build.sh"   # out=build-bench, rbee_build=build, log, bench_* helpers

has_part() { [[ ",${parts^^}," == *",$1,"* ]]; }

has_part A && bench_llama_server
targets=(rbee-worker rbee-gen-test-model)
has_part B && targets+=(rbee)
bench_rbee "${targets[@]}"
bench_model

worker="$rbee_build/bin/rbee-worker"
echo "== multi-turn chat =="
bench_describe_host
has_part A && bench_describe_llama
bench_describe_rbee rbee-worker "$worker"
has_part B && bench_describe_rbee rbee "$rbee_build/bin/rbee"
bench_describe_model
echo "load:          $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) before the run"
echo

results="$out/multiturn_chat"
args=(--model "$model" --rbee-worker "$worker" --parts "$parts"
      --threads "${BENCH_THREADS:-1}" --slots "${BENCH_SLOTS:-4}" --ctx "${BENCH_CTX:-4096}"
      --conversations "${BENCH_CONVERSATIONS:-8}" --turns "${BENCH_TURNS:-8}"
      --words "${BENCH_WORDS:-120}" --tokens "${BENCH_TOKENS:-16}" --seed "${BENCH_SEED:-1}"
      --concurrency "${BENCH_CONCURRENCY:-1,4}" --queen-concurrency "${BENCH_QUEEN_CONCURRENCY:-4}"
      --workers "${BENCH_WORKERS:-2}"
      --policies "${BENCH_POLICIES:-cache-aware,first-available,least-loaded}"
      --log-dir "$results/logs" --json-out "$results/results.json")
has_part A && args+=(--llama-server "$llama_server")
has_part B && args+=(--rbee "$rbee_build/bin/rbee")
exec python3 -B "$here/bench.py" "${args[@]}"

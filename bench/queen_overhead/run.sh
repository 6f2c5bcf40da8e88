#!/usr/bin/env bash
# Queen overhead: direct vs rbee --serve vs nginx (worker protocol), queen vs Portkey (OpenAI
# streaming), at 1, 16 and 64 concurrent streams. See README.md next to this file.
#
#   bench/queen_overhead/run.sh
#
# Environment:
#   BENCH_CONCURRENCY        concurrency levels (default 1,16,64)
#   BENCH_TOKENS             tokens per stream (default 256)
#   BENCH_REQUESTS           requests per path and level, at least (default 200)
#   BENCH_ROUNDS             ...and at least this many per stream (default 4: 64 streams -> 256)
#   BENCH_WARMUP             warm-up requests per path (default 20)
#   BENCH_TOKEN_INTERVAL_US  fake backend pacing, 0 = as fast as it can write (default 0)
#   BENCH_PATHS              subset of direct,queen,nginx,direct-openai,queen-openai,portkey
#   BENCH_PROXY_CPU          core for the proxy under test (default 0)
#   BENCH_BACKEND_CPU        core for the fake backend and the client (default 1)
#   RBEE_BIN                 the queen binary (default build/bin/rbee, else build-bench-rbee/bin/rbee)
#   BENCH_BUILD_RBEE=1       build target rbee in build-bench-rbee/ (Release, no tests) and use it
# Exit status: 0 all targets met, 2 some MISS, 1 errors or failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/build-bench/queen_overhead"
mkdir -p "$out"
log() { echo "run.sh: $*" >&2; }

# ---------------------------------------------------------------- the queen
if [[ "${BENCH_BUILD_RBEE:-0}" == 1 ]]; then
    b="$root/build-bench-rbee"
    [[ -f "$b/CMakeCache.txt" ]] || cmake -S "$root" -B "$b" -G Ninja -DCMAKE_BUILD_TYPE=Release -DRBEE_BUILD_TESTS=OFF
    nice -n 10 cmake --build "$b" --target rbee -j "${BENCH_JOBS:-2}"
    RBEE_BIN="$b/bin/rbee"
fi
if [[ -z "${RBEE_BIN:-}" ]]; then
    for c in "$root/build/bin/rbee" "$root/build-bench-rbee/bin/rbee"; do [[ -x "$c" ]] && { RBEE_BIN="$c"; break; }; done
fi
[[ -x "${RBEE_BIN:-}" ]] || { log "no rbee binary; build one: cmake --build build --target rbee, or BENCH_BUILD_RBEE=1"; exit 1; }

# ---------------------------------------------------------------- peers
command -v node >/dev/null || { log "node (Node.js >= 18) is required: apt-get install nodejs npm"; exit 1; }
NGINX_BIN="$(command -v nginx || echo /usr/sbin/nginx)"
if [[ ! -x "$NGINX_BIN" ]]; then
    log "installing nginx (Debian package nginx-light)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx-light >"$out/apt.log" 2>&1 \
        || { apt-get update -q >>"$out/apt.log" 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx-light >>"$out/apt.log" 2>&1; } \
        || { tail -20 "$out/apt.log"; exit 1; }
    NGINX_BIN="$(command -v nginx || echo /usr/sbin/nginx)"
fi
pk="$out/portkey"
PORTKEY_ENTRY="$pk/node_modules/@portkey-ai/gateway/build/start-server.js"
if [[ ! -f "$PORTKEY_ENTRY" ]] || ! cmp -s "$here/portkey-package.json" "$pk/package.json"; then
    log "installing @portkey-ai/gateway into $pk (npm)"
    mkdir -p "$pk"
    cp "$here/portkey-package.json" "$pk/package.json"
    (cd "$pk" && npm install --no-audit --no-fund --ignore-scripts >"$out/npm.log" 2>&1) || { tail -20 "$out/npm.log"; exit 1; }
fi

# ---------------------------------------------------------------- run
echo "== queen overhead: direct vs rbee --serve vs nginx vs portkey =="
echo "date:     $(date -u '+%Y-%m-%d %H:%M:%S UTC')   host: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
echo "queen:    $RBEE_BIN (build type: $(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$(dirname "$(dirname "$RBEE_BIN")")/CMakeCache.txt" 2>/dev/null || echo '?'))"
echo "nginx:    $NGINX_BIN ($("$NGINX_BIN" -v 2>&1 | sed 's/.*: //'))"
echo "portkey:  @portkey-ai/gateway $(node -p "require('$pk/node_modules/@portkey-ai/gateway/package.json').version"), node $(node --version)"
echo "pinning:  proxy under test on CPU ${BENCH_PROXY_CPU:-0}; fake backend and client on CPU ${BENCH_BACKEND_CPU:-1}"
echo "load:     ${BENCH_TOKENS:-256} tokens/stream, levels ${BENCH_CONCURRENCY:-1,16,64}, backend pacing ${BENCH_TOKEN_INTERVAL_US:-0} us/token (0 = as fast as possible)"
echo
export RBEE_BIN NGINX_BIN PORTKEY_ENTRY BENCH_OUT="$out"
exec taskset -c "${BENCH_BACKEND_CPU:-1}" node "$here/bench.mjs"

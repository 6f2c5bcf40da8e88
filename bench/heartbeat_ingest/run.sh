#!/usr/bin/env bash
# Heartbeat ingest: heartbeats/s that `rbee --serve` accepts from 1,000 and 10,000 simulated
# workers, next to nginx answering the same POSTs with a fixed 200. See README.md next to this file.
#
#   bench/heartbeat_ingest/run.sh
#
# Environment:
#   BENCH_WORKERS      simulated worker counts (default "1000 10000")
#   BENCH_CONNECTIONS  keep-alive connections of the load generator (default 64)
#   BENCH_SECONDS      seconds per size (default 10)
#   BENCH_SERVER_CPU   core for the server under test (default 0)
#   BENCH_CLIENT_CPU   core for the load generator (default 1)
#   BENCH_TARGET       heartbeats/s target for the queen (default 20000)
#   BENCH_PEER=0       skip nginx
#   RBEE_BIN           the queen binary (default build/bin/rbee, else build-bench-rbee/bin/rbee)
# Exit status: 0 target met, 2 MISS, 1 failure or errors.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/build-bench/heartbeat_ingest"
mkdir -p "$out/logs"
log() { echo "run.sh: $*" >&2; }
sizes="${BENCH_WORKERS:-1000 10000}"
conns="${BENCH_CONNECTIONS:-64}"
secs="${BENCH_SECONDS:-10}"
scpu="${BENCH_SERVER_CPU:-0}"
ccpu="${BENCH_CLIENT_CPU:-1}"
target="${BENCH_TARGET:-20000}"

if [[ -z "${RBEE_BIN:-}" ]]; then
    for c in "$root/build/bin/rbee" "$root/build-bench-rbee/bin/rbee"; do [[ -x "$c" ]] && { RBEE_BIN="$c"; break; }; done
fi
[[ -x "${RBEE_BIN:-}" ]] || { log "no rbee binary; build one: cmake --build build --target rbee"; exit 1; }
command -v node >/dev/null || { log "node is required"; exit 1; }
NGINX_BIN="$(command -v nginx || echo /usr/sbin/nginx)"
peer="${BENCH_PEER:-1}"
if [[ "$peer" == 1 && ! -x "$NGINX_BIN" ]]; then
    log "installing nginx (Debian package nginx-light)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx-light >"$out/apt.log" 2>&1 \
        || { apt-get update -q >>"$out/apt.log" 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx-light >>"$out/apt.log" 2>&1; } \
        || { tail -20 "$out/apt.log"; exit 1; }
    NGINX_BIN="$(command -v nginx || echo /usr/sbin/nginx)"
fi

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
cpu_s() { awk '{print ($14+$15)/100}' "/proc/$1/stat"; }
rss_kib() { awk '/^VmRSS:/{print $2}' "/proc/$1/status"; }
children_cpu_s() { local t=0 c; for c in $1 $(cat "/proc/$1/task/$1/children" 2>/dev/null); do t=$(awk -v t="$t" '{print t+($14+$15)/100}' "/proc/$c/stat"); done; echo "$t"; }

echo "== heartbeat ingest: rbee --serve vs nginx (fixed 200) =="
echo "date:     $(date -u '+%Y-%m-%d %H:%M:%S UTC')   host: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
echo "queen:    $RBEE_BIN"
[[ "$peer" == 1 ]] && echo "nginx:    $NGINX_BIN ($("$NGINX_BIN" -v 2>&1 | sed 's/.*: //'))"
echo "load:     $conns keep-alive connections, 1 request in flight each, ${secs}s per size; server on CPU $scpu, generator on CPU $ccpu"
echo

# ---------------------------------------------------------------- the queen
taskset -c "$scpu" "$RBEE_BIN" --serve --host 127.0.0.1 --port 0 >"$out/logs/queen.log" 2>&1 &
qpid=$!; pids+=("$qpid")
for _ in $(seq 100); do grep -q 'listening on http' "$out/logs/queen.log" && break; sleep 0.1; done
qport="$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\).*/\1/p' "$out/logs/queen.log" | head -1)"
[[ -n "$qport" ]] || { log "the queen did not start:"; cat "$out/logs/queen.log"; exit 1; }
rss0="$(rss_kib "$qpid")"

results=()
run_load() {  # name port pid workers [children]
    local name=$1 port=$2 pid=$3 w=$4 c0 c1 r
    c0="$(children_cpu_s "$pid")"
    r="$(taskset -c "$ccpu" node "$here/hb_load.mjs" --port "$port" --workers "$w" --connections "$conns" --seconds "$secs")"
    c1="$(children_cpu_s "$pid")"
    kill -0 "$pid" 2>/dev/null || { log "$name died during the $w-worker run; log in $out/logs"; echo "$r"; exit 1; }
    results+=("$name|$w|$r|$(awk -v a="$c0" -v b="$c1" -v s="$secs" 'BEGIN{printf "%.2f", (b-a)/s}')|$(rss_kib "$pid")")
}
for w in $sizes; do
    run_load queen "$qport" "$qpid" "$w"
done
online="$(curl -s "http://127.0.0.1:$qport/health" || true)"
metrics="$(curl -s "http://127.0.0.1:$qport/metrics" | grep -i heartbeat | grep -v '^#' || true)"

# ---------------------------------------------------------------- the peer
if [[ "$peer" == 1 ]]; then
    nport="$(free_port)"
    prefix="$out/nginx"; mkdir -p "$prefix/logs"
    sed -e "s|@PREFIX@|$prefix|g" -e "s|@PORT@|$nport|g" "$here/nginx.conf.in" >"$prefix/nginx.conf"
    taskset -c "$scpu" "$NGINX_BIN" -p "$prefix" -c "$prefix/nginx.conf" -e "$prefix/logs/error.log" >"$out/logs/nginx.log" 2>&1 &
    npid=$!; pids+=("$npid")
    for _ in $(seq 100); do curl -s -o /dev/null -X POST -d '{}' "http://127.0.0.1:$nport/v1/worker-heartbeat" && break; sleep 0.1; done
    for w in $sizes; do run_load nginx "$nport" "$npid" "$w"; done
fi

# ---------------------------------------------------------------- report
field() { node -e 'const o=JSON.parse(process.argv[1]);const v=o[process.argv[2]];console.log(typeof v==="object"?JSON.stringify(v):v)' "$1" "$2"; }
printf '%-7s %8s %10s %10s %8s %8s %10s %10s %9s\n' server workers sent accepted non200 errors "accepted/s" "cpu cores" "RSS MiB"
printf -- '-%.0s' $(seq 90); echo
declare -A rate
bad=0
for r in "${results[@]}"; do
    IFS='|' read -r name w json cores rss <<<"$r"
    ps="$(field "$json" per_s)"; rate["$name/$w"]="$ps"
    n2="$(field "$json" non200)"; er="$(field "$json" errors)"
    (( n2 > 0 || er > 0 )) && { bad=1; log "$name/$w: $(field "$json" statuses) first bad: $(field "$json" first_bad)"; }
    printf '%-7s %8s %10s %10s %8s %8s %10s %10s %9s\n' "$name" "$w" "$(field "$json" sent)" "$(field "$json" ok)" "$n2" "$er" "$ps" "$cores" "$(awk -v k="$rss" 'BEGIN{printf "%.1f", k/1024}')"
done
echo "(queen RSS before any heartbeat: $(awk -v k="$rss0" 'BEGIN{printf "%.1f", k/1024}') MiB; RSS is read after each size, the queen keeps its registry between sizes)"
echo "queen /health after the runs: $online"
[[ -n "$metrics" ]] && echo "queen heartbeat metrics: $(echo "$metrics" | tr '\n' ' ')"
echo
printf '%-40s %10s %10s %8s %8s\n' target queen nginx ratio result
printf -- '-%.0s' $(seq 80); echo
miss=0
for w in $sizes; do
    q="${rate[queen/$w]}"; n="${rate[nginx/$w]:-}"
    ratio="$( [[ -n "$n" && "$n" != 0 ]] && awk -v a="$q" -v b="$n" 'BEGIN{printf "%.2f", a/b}' || echo -)"
    res=PASS; (( q >= target )) || { res=MISS; miss=1; }
    printf '%-40s %10s %10s %8s %8s\n' "$w workers: queen accepted/s >= $target" "$q" "${n:--}" "$ratio" "$res"
done
(( bad )) && exit 1
(( miss )) && exit 2
exit 0

#!/usr/bin/env python3
"""Multi-turn chat: a client that resends the whole conversation every turn.

Every conversation grows by about --words words of user text a turn (deterministic from --seed);
each turn asks --tokens tokens at temperature 0, and the next turn's prompt is the previous
prompt + the answer text actually returned + the new user text, as a chat client would send it.
Raw prompts on both sides (no chat template: the test model has none).

Part A: rbee-worker vs llama-server at its default settings (prompt cache on, default
--cache-ram), same model, threads, slots and per-slot context, at each --concurrency
(conversations in flight; each conversation's turns are sequential). Every (server, concurrency)
run starts a fresh server, so every run starts with empty caches. Reports time to first token
p50 / p95, the total time and the cached prompt tokens each server reports; target: rbee /
llama-server <= 1.0 on total time and on TTFT p50.

Part B: `rbee --serve` with --workers rbee-workers (same settings), the same conversations at
--queen-concurrency through the queen's job API, once per policy, queen and workers restarted for
each. Reports total and TTFT p50 per policy and which worker served each turn; target:
first-available / cache-aware >= 2.0 on total time and on TTFT p50.

Python 3 standard library only. Exit status: 0 every target met, 2 some MISS, 1 a run failed
(a server died, or the queen refused a policy).
"""

import argparse
import json
import os
import queue
import signal
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from benchlib import (LlamaServer, RbeeQueen, RbeeWorker, filler, percentile, rbee_device_args,  # noqa: E402
                      strip)

# Every server runs on the CPU: rbee-worker would otherwise take the first GPU it finds.
DEVICE = "CPU"


# --------------------------------------------------------------------------------------------
# Conversations
# --------------------------------------------------------------------------------------------

def user_text(args, conv, turn):
    """About args.words plain words, different for every conversation and turn."""
    words = filler(args.words, args.seed * 100003 + conv * 1009 + turn * 7 + 1)
    head = f"Chat {conv + 1}, part {turn + 1}: " if turn == 0 else ""
    return head + words[0].upper() + words[1:] + ".\n"


def next_prompt(previous, answer, user):
    """What a chat client sends next: everything so far, the answer as received, the new text."""
    if previous is None:
        return user
    return previous + answer + "\n\n" + user


def ttft_ms(r):
    """Request sent -> first visible token; an answer without text counts until its end."""
    t = r["t_first"] if r["t_first"] is not None else r["t_end"]
    if t is None:
        raise RuntimeError("a turn ended without an end event")
    return (t - r["t_send"]) * 1000.0


def run_conversations(args, request, concurrency, label):
    """Runs every conversation, `concurrency` at a time, turns in order. request(prompt) -> result.
    Returns (wall seconds, turns[conv][turn] = summary dict)."""
    todo = queue.Queue()
    for c in range(args.conversations):
        todo.put(c)
    turns = [[None] * args.turns for _ in range(args.conversations)]
    errors = []

    def one_conversation(c):
        prompt, answer = None, ""
        for k in range(args.turns):
            prompt = next_prompt(prompt, answer, user_text(args, c, k))
            r = request(prompt)
            answer = r["text"]
            narration = r.get("narration") or []
            turns[c][k] = {"ttft_ms": ttft_ms(r), "prompt_tokens": r["prompt_tokens"],
                           "cached_tokens": r["cached_tokens"], "tokens": r["n"], "stop": r["stop"],
                           "answer": answer, "worker_id": r.get("worker_id"),
                           "narration": narration[0] if narration else None,
                           "prompt_chars": len(prompt), "server": r["server"]}

    def pool_thread():
        while not errors:
            try:
                c = todo.get_nowait()
            except queue.Empty:
                return
            try:
                one_conversation(c)
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append(f"{label}, conversation {c + 1}: {e}")
                return

    t0 = time.perf_counter()
    threads = [threading.Thread(target=pool_thread) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    if errors:
        raise RuntimeError("; ".join(errors))
    return wall, turns


def flat(turns, key):
    return [t[key] for conv in turns for t in conv]


def stats(wall, turns):
    ttfts = flat(turns, "ttft_ms")
    cached = [x for x in flat(turns, "cached_tokens") if isinstance(x, int)]
    prompt = [x for x in flat(turns, "prompt_tokens") if isinstance(x, int)]
    return {"total_s": wall, "ttft_p50": percentile(ttfts, 50), "ttft_p95": percentile(ttfts, 95),
            "ttft_sum_ms": sum(ttfts), "cached_tokens": sum(cached) if cached else None,
            "prompt_tokens": sum(prompt), "turns": len(ttfts)}


def cached_text(s):
    if s["cached_tokens"] is None:
        return "not reported"
    share = 100.0 * s["cached_tokens"] / s["prompt_tokens"] if s["prompt_tokens"] else 0.0
    return f"{s['cached_tokens']:,} of {s['prompt_tokens']:,} prompt tokens ({share:.0f} %)"


def describe_run(label, s):
    print(f"  {label:34s} total {s['total_s']:7.2f} s   TTFT p50 {s['ttft_p50']:7.0f} ms   "
          f"p95 {s['ttft_p95']:7.0f} ms   cached: {cached_text(s)}", flush=True)


def verdict(ok):
    return "PASS" if ok else "MISS"


# --------------------------------------------------------------------------------------------
# Part A: rbee-worker vs llama-server
# --------------------------------------------------------------------------------------------

def part_a(args, started, results):
    print(f"== Part A: rbee-worker vs llama-server (prompt cache at its defaults), {args.conversations} "
          f"conversations x {args.turns} turns, ~{args.words} words a turn, {args.tokens} tokens asked ==",
          flush=True)

    def make(name):
        log = os.path.join(args.log_dir, f"a-{name}.log")
        if name == "llama-server":
            return LlamaServer(args.llama_server, args.model, args.threads, args.ctx, args.slots, log,
                               prompt_cache=True, device=DEVICE)
        return RbeeWorker(args.rbee_worker, args.model, args.threads, args.ctx, args.slots, log,
                          extra_args=rbee_device_args(DEVICE))

    runs = {}  # (concurrency, server name) -> (stats, turns)
    for i, conc in enumerate(args.concurrency):
        order = ["rbee-worker", "llama-server"] if i % 2 == 0 else ["llama-server", "rbee-worker"]
        for name in order:
            server = make(name)
            started.append(server)
            server.start()
            server.wait_ready(args.startup_timeout)
            print(f"  {name} ready (pid {server.pid}): $ {' '.join(server.cmd)}", flush=True)
            server.request("Warm-up.", 4)  # first-use costs (allocations, page faults) out of the way
            if name == "llama-server":
                request = lambda p, s=server: s.request(p, args.tokens, ignore_eos=False)  # noqa: E731
            else:
                request = lambda p, s=server: s.request(p, args.tokens)  # noqa: E731
            wall, turns = run_conversations(args, request, conc, f"{name} at concurrency {conc}")
            if not server.alive():
                raise RuntimeError(f"{name} died:\n{server.log_tail()}")
            server.stop()
            started.remove(server)
            s = stats(wall, turns)
            runs[(conc, name)] = (s, turns)
            describe_run(f"concurrency {conc}, {name}", s)

    print()
    hdr = f"{'metric':40s}{'rbee-worker':>14s}{'llama-server':>14s}{'ratio':>9s}{'target':>10s}{'result':>8s}"
    print(hdr)
    print("-" * len(hdr))
    summary, all_ok = {}, True
    for conc in args.concurrency:
        rb, ll = runs[(conc, "rbee-worker")][0], runs[(conc, "llama-server")][0]
        for key, label, unit, target in (("total_s", "total time", "s", True),
                                         ("ttft_p50", "TTFT p50", "ms", True),
                                         ("ttft_p95", "TTFT p95", "ms", False)):
            ratio = rb[key] / ll[key] if ll[key] else float("inf")
            line = f"{f'concurrency {conc}: {label} ({unit})':40s}{rb[key]:14.2f}{ll[key]:14.2f}{ratio:9.3f}"
            if target:
                ok = ratio <= 1.0
                all_ok &= ok
                line += f"{'<= 1.0':>10s}{verdict(ok):>8s}"
            print(line)
            summary[f"c{conc}_{key}"] = {"rbee-worker": rb[key], "llama-server": ll[key], "ratio": ratio}
        print(f"{f'concurrency {conc}: cached prompt tokens':40s}  rbee-worker {cached_text(rb)}; "
              f"llama-server {cached_text(ll)}")

    # Per-turn table at the lowest concurrency (the table): medians over the conversations.
    conc = min(args.concurrency)
    print()
    print(f"Per turn, concurrency {conc} (median over {args.conversations} conversations):")
    cols = "".join(f"{k + 1:>8d}" for k in range(args.turns))
    print(f"{'turn':34s}{cols}{'total':>10s}")
    rows = []
    for name in ("rbee-worker", "llama-server"):
        turns = runs[(conc, name)][1]
        per = [statistics.median(turns[c][k]["ttft_ms"] for c in range(args.conversations))
               for k in range(args.turns)]
        rows.append((f"{name} TTFT (ms)", per, True))
    for name in ("rbee-worker", "llama-server"):
        turns = runs[(conc, name)][1]
        vals = [[turns[c][k]["cached_tokens"] for c in range(args.conversations)] for k in range(args.turns)]
        if all(isinstance(v, int) for col in vals for v in col):
            rows.append((f"{name} cached tokens", [statistics.median(col) for col in vals], True))
    turns = runs[(conc, "rbee-worker")][1]
    rows.append(("prompt tokens (rbee-worker)",
                 [statistics.median(turns[c][k]["prompt_tokens"] for c in range(args.conversations))
                  for k in range(args.turns)], False))
    for label, per, total in rows:
        tail = f"{sum(per):10,.0f}" if total else ""
        print(f"{label:34s}" + "".join(f"{v:8,.0f}" for v in per) + tail)

    # Both servers should have seen the same conversations: same answers, so the same prompts.
    for conc in args.concurrency:
        a, b = runs[(conc, "rbee-worker")][1], runs[(conc, "llama-server")][1]
        same = sum(1 for c in range(args.conversations) for k in range(args.turns)
                   if a[c][k]["answer"] == b[c][k]["answer"])
        total = args.conversations * args.turns
        note = "" if same == total else "  (prompts differ after the first different answer)"
        print(f"concurrency {conc}: identical answers on both servers in {same} of {total} turns{note}")

    results["part_a"] = {"summary": summary,
                         "runs": {f"c{c}_{n}": {"stats": s, "turns": t} for (c, n), (s, t) in runs.items()},
                         "commands": {"rbee-worker": make("rbee-worker").cmd,
                                      "llama-server": make("llama-server").cmd}}
    return all_ok


# --------------------------------------------------------------------------------------------
# Part B: the queen's policies
# --------------------------------------------------------------------------------------------

def part_b(args, started, results):
    print(f"== Part B: rbee --serve with {args.workers} rbee-workers, {args.conversations} conversations x "
          f"{args.turns} turns at concurrency {args.queen_concurrency}, per policy ==", flush=True)
    runs, refused = {}, {}
    for policy in args.policies:
        queen = RbeeQueen(args.rbee, os.path.join(args.log_dir, f"b-{policy}-queen.log"), ["--policy", policy])
        started.append(queen)
        queen.start()
        try:
            queen.wait_ready(args.startup_timeout)
        except RbeeQueen.Refused as e:
            said = [ln for ln in str(e).splitlines() if ln.strip() and not ln.startswith(("$ ", "Try "))]
            refused[policy] = said[0].strip() if said else "it exited at once"
            print(f"  {policy}: the queen refused it: {refused[policy]}", flush=True)
            queen.stop()
            started.remove(queen)
            continue
        workers = []
        for j in range(args.workers):
            w = RbeeWorker(args.rbee_worker, args.model, args.threads, args.ctx, args.slots,
                           os.path.join(args.log_dir, f"b-{policy}-worker{j + 1}.log"),
                           extra_args=["--queen", queen.url()] + rbee_device_args(DEVICE),
                           name=f"rbee-worker-{j + 1}")
            started.append(w)
            workers.append(w)
            w.start()
        for w in workers:
            w.wait_ready(args.startup_timeout)
        records = queen.wait_workers(args.workers, args.startup_timeout)
        names = {r["worker_id"]: f"w{i + 1}" for i, r in enumerate(records)}
        model = records[0]["model"]
        for w in workers:
            w.request("Warm-up.", 4)  # straight to the worker: the queen's routing starts clean
        listed = ", ".join(f"{names[r['worker_id']]}={r['worker_id']}" for r in records)
        print(f"  {policy}: queen pid {queen.pid}, workers {listed}", flush=True)
        request = lambda p: queen.request(model, p, args.tokens)  # noqa: E731
        wall, turns = run_conversations(args, request, args.queen_concurrency, f"policy {policy}")
        for s in [queen] + workers:
            if not s.alive():
                raise RuntimeError(f"{s.name} died:\n{s.log_tail()}")
        for w in workers:
            w.terminate()
        for s in workers + [queen]:
            s.stop()
            started.remove(s)
        s = stats(wall, turns)
        runs[policy] = (s, turns, names)
        describe_run(f"policy {policy}", s)

    print()
    hdr = (f"{'policy':18s}{'total (s)':>11s}{'TTFT p50':>10s}{'TTFT p95':>10s}{'cached':>9s}"
           f"{'turns per worker':>20s}{'moves':>7s}")
    print(hdr)
    print("-" * len(hdr))
    for policy in args.policies:
        if policy in refused:
            print(f"{policy:18s}  refused by the queen: {refused[policy]}")
            continue
        s, turns, names = runs[policy]
        served = [names.get(t["worker_id"], t["worker_id"] or "?") for conv in turns for t in conv]
        per_worker = " ".join(f"{n}:{served.count(n)}" for n in sorted(set(served)))
        # a conversation whose next turn runs on another worker than the previous one
        moves = sum(1 for conv in turns for a, b in zip(conv, conv[1:]) if a["worker_id"] != b["worker_id"])
        share = (f"{100.0 * s['cached_tokens'] / s['prompt_tokens']:.0f} %"
                 if s["cached_tokens"] is not None and s["prompt_tokens"] else "n/a")
        print(f"{policy:18s}{s['total_s']:11.2f}{s['ttft_p50']:10.0f}{s['ttft_p95']:10.0f}{share:>9s}"
              f"{per_worker:>20s}{moves:7d}")
    print("(cached: prompt tokens the workers took from their prompt caches; moves: turns served by "
          "another worker than the conversation's previous turn)")

    print()
    print("Worker per turn (conversation: turn 1 .. turn N):")
    for policy in args.policies:
        if policy in refused:
            continue
        _, turns, names = runs[policy]
        print(f"  {policy}:")
        for c, conv in enumerate(turns):
            print(f"    {c + 1:3d}: " + " ".join(names.get(t["worker_id"], "?") for t in conv))
        first = next((t["narration"] for conv in turns for t in conv[1:] if t["narration"]), None)
        if first:
            print(f"    narration of a later turn: {first}")

    ok, failed = True, bool(refused)
    print()
    if "cache-aware" in runs and "first-available" in runs:
        ca, fa = runs["cache-aware"][0], runs["first-available"][0]
        for key, label in (("total_s", "total time"), ("ttft_p50", "TTFT p50")):
            ratio = fa[key] / ca[key] if ca[key] else float("inf")
            good = ratio >= 2.0
            ok &= good
            print(f"first-available / cache-aware, {label}: {ratio:.2f}   target >= 2.0   {verdict(good)}")
    else:
        missing = [p for p in ("cache-aware", "first-available") if p not in runs]
        print(f"first-available / cache-aware: not measured ({', '.join(missing)} "
              f"{'refused by the queen' if any(p in refused for p in missing) else 'not in the policies'})")
    if "least-loaded" in runs and "cache-aware" in runs:
        ll, ca = runs["least-loaded"][0], runs["cache-aware"][0]
        print(f"least-loaded / cache-aware: total {ll['total_s'] / ca['total_s']:.2f}, "
              f"TTFT p50 {ll['ttft_p50'] / ca['ttft_p50']:.2f} (no target)")
    results["part_b"] = {"refused": refused,
                         "runs": {p: {"stats": s, "turns": t, "worker_names": n} for p, (s, t, n) in runs.items()}}
    return ok, failed


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True)
    ap.add_argument("--llama-server", help="llama-server binary (part A)")
    ap.add_argument("--rbee-worker", required=True)
    ap.add_argument("--rbee", help="rbee binary, for rbee --serve (part B)")
    ap.add_argument("--parts", default="A,B", help="A, B or A,B")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--ctx", type=int, default=4096, help="context per slot")
    ap.add_argument("--slots", type=int, default=4)
    ap.add_argument("--conversations", type=int, default=8)
    ap.add_argument("--turns", type=int, default=8)
    ap.add_argument("--words", type=int, default=120, help="user words added per turn")
    ap.add_argument("--tokens", type=int, default=16, help="tokens asked per turn")
    ap.add_argument("--seed", type=int, default=1, help="seed of the user texts")
    ap.add_argument("--concurrency", default="1,4", help="part A: conversations in flight, comma-separated")
    ap.add_argument("--queen-concurrency", type=int, default=4, help="part B: conversations in flight")
    ap.add_argument("--workers", type=int, default=2, help="part B: rbee-workers behind the queen")
    ap.add_argument("--policies", default="cache-aware,first-available,least-loaded", help="part B")
    ap.add_argument("--log-dir", default=".")
    ap.add_argument("--json-out", help="write every turn's figures here")
    ap.add_argument("--startup-timeout", type=float, default=180.0)
    args = ap.parse_args()
    args.parts = [p.strip().upper() for p in args.parts.split(",") if p.strip()]
    args.concurrency = [int(c) for c in args.concurrency.split(",") if c.strip()]
    args.policies = [p.strip() for p in args.policies.split(",") if p.strip()]
    if not set(args.parts) <= {"A", "B"} or not args.parts:
        ap.error("--parts: A, B or A,B")
    if "A" in args.parts and not args.llama_server:
        ap.error("--llama-server is required for part A")
    if "B" in args.parts and not args.rbee:
        ap.error("--rbee is required for part B")
    if min(args.concurrency + [args.queen_concurrency, args.conversations, args.turns, args.words, args.tokens]) < 1:
        ap.error("counts must be at least 1")
    os.makedirs(args.log_dir, exist_ok=True)

    started = []

    class Interrupted(Exception):
        pass

    def on_signal(signum, _frame):
        raise Interrupted(signal.Signals(signum).name)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    def cleanup(grace=10.0):
        for s in started:
            s.terminate()
        for s in started:
            s.stop(grace)
        started.clear()

    results = {"args": vars(args)}
    t_start = time.monotonic()
    try:
        ok, failed = True, False
        if "A" in args.parts:
            ok &= part_a(args, started, results)
            print()
        if "B" in args.parts:
            b_ok, b_failed = part_b(args, started, results)
            ok &= b_ok
            failed |= b_failed
        print(f"total time {time.monotonic() - t_start:.0f}s")
        if args.json_out:
            with open(args.json_out, "w") as f:
                json.dump(strip(results), f, indent=1)
            print(f"every turn: {args.json_out}")
        if failed:
            return 1
        return 0 if ok else 2
    except Interrupted as e:
        print(f"interrupted ({e}); stopping the servers", file=sys.stderr, flush=True)
        cleanup(grace=3.0)
        os._exit(130)  # conversation threads may still be blocked on their sockets
    finally:
        cleanup()


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""rbee-worker vs llama-server: decode throughput, concurrent throughput and time to first token.

Starts both servers on the same GGUF model with the same threads, per-slot context, slot count
and batch sizes, then measures, alternating the servers on every repetition:

  1. single-stream decode tokens/s  (one greedy request; first token -> last token, so the
     prompt is excluded): tokens after the first / (t_last - t_first)
  2. concurrent total tokens/s      (N requests at once; tokens received after the first token
     of any stream, divided by the time from that first token to the last token of all streams)
  3. time to first token            (a ~512-token prompt; from the moment the request is sent to
     the first token received; for rbee that is POST /v1/inference + GET .../stream)

and prints the medians side by side with the rbee/llama-server ratio and a PASS/MISS against
the targets (throughput ratio >= 0.95, TTFT ratio <= 1.05), and the single-stream decode
bandwidth: the weights one decode step reads (from the GGUF's tensor sizes) times tokens/s.

--device puts every layer of both servers on one device, named as rbee-worker --list-devices
names it (CPU, Vulkan0, CUDA0, ...); both servers are checked to have done so before measuring.

Python 3 standard library only. Tokens are counted from what each stream actually delivered,
so the rates stay fair even when a server stops early on an end-of-generation token. "First
token" means the first token with visible text on both sides (rbee sends no event for a token
whose text is empty; llama-server sends a chunk with empty content), so both are timed alike.
"""

import argparse
import json
import os
import signal
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from benchlib import (HttpError, LlamaServer, RbeeWorker, cpu_seconds,  # noqa: E402
                      decode_bytes_per_token, filler, http_json, own_cpu_seconds, rbee_device_args,
                      strip, system_busy_seconds, worker_accepts)


# --------------------------------------------------------------------------------------------
# Prompts
# --------------------------------------------------------------------------------------------

def long_prompt(n_words, rep):
    return f"Story number {rep}. " + filler(n_words, 1000 + rep) + "."


def calibrate_words(llama_port, target_tokens, rep=0):
    """Fewest filler words so that long_prompt(., rep) tokenizes (with BOS) to >= target tokens."""
    def count(nw):
        status, obj, raw = http_json(llama_port, "POST", "/tokenize",
                                     {"content": long_prompt(nw, rep), "add_special": True})
        if status != 200 or not isinstance(obj, dict):
            raise HttpError(f"/tokenize -> {status}: {raw[:200]!r}")
        return len(obj["tokens"])
    lo, hi = 1, max(8, target_tokens)
    while count(hi) < target_tokens:
        hi *= 2
    while lo < hi:
        mid = (lo + hi) // 2
        if count(mid) < target_tokens:
            lo = mid + 1
        else:
            hi = mid
    return lo, count(lo)


# --------------------------------------------------------------------------------------------
# Measurements
# --------------------------------------------------------------------------------------------

def measure_single(server, rep, n_tokens):
    r = server.request(f"Once upon a time, in story {rep} of the single-stream test,", n_tokens)
    if r["t_first"] is None:
        raise RuntimeError(f"{server.name}: single-stream request produced no text")
    n_after = sum(1 for t in r["token_times"] if t > r["t_first"])
    if n_after < 1:
        raise RuntimeError(f"{server.name}: single-stream request produced {r['n']} tokens")
    if r["t_last"] <= r["t_first"]:
        raise RuntimeError(f"{server.name}: all {r['n']} tokens arrived at once")
    rate = n_after / (r["t_last"] - r["t_first"])
    return rate, r


def measure_concurrent(server, rep, n_tokens, streams):
    results, errors = [None] * streams, []
    barrier = threading.Barrier(streams)

    def worker(i):
        try:
            barrier.wait()
            results[i] = server.request(f"Once upon a time, in story {rep}, stream {i} of the "
                                        f"concurrent test,", n_tokens)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(f"stream {i}: {e}")

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(streams)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise RuntimeError(f"{server.name}: concurrent requests failed: {errors}")
    if any(r["t_first"] is None for r in results):
        raise RuntimeError(f"{server.name}: a concurrent stream produced no text")
    t0 = min(r["t_first"] for r in results)
    t1 = max(r["t_last"] for r in results)
    n_window = sum(1 for r in results for t in r["token_times"] if t > t0)
    rate = n_window / (t1 - t0)
    wall = sum(r["n"] for r in results) / (t1 - min(r["t_send"] for r in results))
    return rate, {"streams": results, "wall_rate": wall, "tokens": [r["n"] for r in results]}


def measure_ttft(server, prompt, n_tokens):
    r = server.request(prompt, n_tokens)
    if r["t_first"] is None:
        raise RuntimeError(f"{server.name}: TTFT request produced no text")
    return (r["t_first"] - r["t_send"]) * 1000.0, r


def check_placement(device, rbee, llama, llama_description):
    """Both servers run every layer on `device`, or this raises; returns the lines that say so."""
    lines = []
    if rbee is not None:
        h = rbee.health()
        got = h.get("device")
        if got is not None and got.lower() != device.lower():
            raise RuntimeError(f"rbee-worker runs on {got}, not {device}: {h}")
        layers = f"{h.get('gpu_layers')}/{h.get('model_layers')} layers on the device"
        if device.upper() != "CPU" and (h.get("gpu_layers") is None or h.get("gpu_layers") != h.get("model_layers")):
            raise RuntimeError(f"rbee-worker has {layers}, not all: {h}")
        lines.append(f"rbee-worker   {got or device} · {h.get('device_description', '?')} "
                     f"(backend {h.get('backend', '?')}){', ' + layers if device.upper() != 'CPU' else ''}")
    off = llama.offloaded_layers()
    backend = "CPU" if device.upper() == "CPU" else device.rstrip("0123456789")
    if device.upper() != "CPU" and (off is None or off[0] != off[1]):
        raise RuntimeError(f"llama-server offloaded {off[0] if off else '?'}/{off[1] if off else '?'} layers "
                           f"to {device}, not all (see {llama.log_path})")
    where = "" if device.upper() == "CPU" else f", offloaded {off[0]}/{off[1]} layers"
    lines.append(f"llama-server  {device} · {llama_description or '?'} (backend {backend}){where}")
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True)
    ap.add_argument("--llama-server", required=True, help="llama-server binary")
    ap.add_argument("--rbee-worker", help="rbee-worker binary (omit with --only llama-server)")
    ap.add_argument("--only", choices=["both", "llama-server", "rbee-worker"], default="both",
                    help="run one side only (for testing the client)")
    ap.add_argument("--device", default="CPU",
                    help="device for every layer on both servers, as rbee-worker --list-devices names it")
    ap.add_argument("--llama-device-description", default="",
                    help="the device's description as llama-server lists it (for the output)")
    ap.add_argument("--peak-gbs", type=float, help="the device's peak memory bandwidth, GB/s")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--ctx", type=int, default=4096, help="context per slot")
    ap.add_argument("--slots", type=int, default=4)
    ap.add_argument("--tokens", type=int, default=128, help="generated tokens per decode request")
    ap.add_argument("--streams", type=int, default=4, help="concurrent streams (<= slots)")
    ap.add_argument("--prompt-tokens", type=int, default=512, help="TTFT prompt length in tokens")
    ap.add_argument("--ttft-tokens", type=int, default=4, help="tokens generated per TTFT request")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--log-dir", default=".")
    ap.add_argument("--json-out", help="write all raw results here")
    ap.add_argument("--startup-timeout", type=float, default=180.0)
    args = ap.parse_args()

    if args.only in ("both", "rbee-worker") and not args.rbee_worker:
        ap.error("--rbee-worker is required unless --only llama-server")
    os.makedirs(args.log_dir, exist_ok=True)

    # llama-server is always started: it is also the tokenizer for calibrating the TTFT prompt.
    llama = LlamaServer(args.llama_server, args.model, args.threads, args.ctx, args.slots,
                        os.path.join(args.log_dir, "llama-server.log"), device=args.device)
    rbee = None
    if args.only in ("both", "rbee-worker"):
        # Both servers run without a prompt cache: this benchmark measures decoding, and each
        # repetition uses a new prompt anyway. A worker that has a prompt cache gets it turned off
        # (--no-cache-prompt and "cache_prompt": false, as llama-server); one without has none.
        no_cache = worker_accepts(args.rbee_worker, "--no-cache-prompt")
        rbee = RbeeWorker(args.rbee_worker, args.model, args.threads, args.ctx, args.slots,
                          os.path.join(args.log_dir, "rbee-worker.log"),
                          extra_args=(["--no-cache-prompt"] if no_cache else []) + rbee_device_args(args.device),
                          cache_prompt=False if no_cache else None)
    servers = []
    if args.only in ("both", "rbee-worker"):
        servers.append(rbee)
    if args.only in ("both", "llama-server"):
        servers.append(llama)
    started = [llama] + ([rbee] if rbee else [])

    def cleanup(grace=10.0):
        for s in started:
            s.terminate()
        for s in started:
            s.stop(grace)

    class Interrupted(Exception):
        pass

    def on_signal(signum, _frame):
        raise Interrupted(signal.Signals(signum).name)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)  # also when started in the background (SIGINT ignored)

    try:
        t_start = time.monotonic()
        for s in started:
            s.start()
        for s in started:
            s.wait_ready(args.startup_timeout)
            print(f"{s.name:13s} ready on port {s.port} (pid {s.pid}); log: {s.log_path}", flush=True)
            print(f"              $ {' '.join(s.cmd)}", flush=True)
        placement = check_placement(args.device, rbee, llama, args.llama_device_description)
        for line in placement:
            print(f"device:       {line}", flush=True)
        weight_bytes = decode_bytes_per_token(args.model)

        # one prompt per repetition (different texts, so no cache can help), the same on both servers
        ttft_prompts = []
        for rep in range(args.repeats + 1):  # the last one is the warm-up prompt
            nw, nt = calibrate_words(llama.port, args.prompt_tokens, rep + 1)
            ttft_prompts.append((long_prompt(nw, rep + 1), nt))
        n_prompt = ttft_prompts[0][1]
        print(f"TTFT prompts: {', '.join(str(nt) for _, nt in ttft_prompts[:-1])} tokens "
              f"(llama-server /tokenize, with BOS)", flush=True)

        # warm-up: one long prompt and one short decode on every measured server
        for s in servers:
            s.request(ttft_prompts[-1][0], 8)
            s.request("Warm-up.", 16)

        tests = [
            ("single", f"single-stream decode, {args.tokens} tok (tok/s)", "higher"),
            ("concurrent", f"{args.streams} concurrent streams total (tok/s)", "higher"),
            ("ttft", f"TTFT, {n_prompt}-token prompt (ms)", "lower"),
        ]
        samples = {t[0]: {s.name: [] for s in servers} for t in tests}
        raw = {t[0]: {s.name: [] for s in servers} for t in tests}
        other_cpu = {s.name: [] for s in servers}  # CPU the idle server burnt while the other ran
        server_cpu = {t[0]: {s.name: [] for s in servers} for t in tests}  # measured server, cores
        foreign = []  # CPU used by processes other than the servers and this client, cores

        for test, label, _ in tests:
            for rep in range(args.repeats):
                order = servers if rep % 2 == 0 else list(reversed(servers))
                for s in order:
                    others = [o for o in started if o is not s]
                    cpu0 = [cpu_seconds(o.pid) for o in others]
                    s0, own0, sys0 = cpu_seconds(s.pid), own_cpu_seconds(), system_busy_seconds()
                    w0 = time.perf_counter()
                    if test == "single":
                        value, r = measure_single(s, rep, args.tokens)
                    elif test == "concurrent":
                        value, r = measure_concurrent(s, rep, args.tokens, args.streams)
                    else:
                        value, r = measure_ttft(s, ttft_prompts[rep][0], args.ttft_tokens)
                    w1 = time.perf_counter()
                    s1, own1, sys1 = cpu_seconds(s.pid), own_cpu_seconds(), system_busy_seconds()
                    wall = w1 - w0
                    used = (s1 - s0) + (own1 - own0)
                    for o, c0 in zip(others, cpu0):
                        c1 = cpu_seconds(o.pid)
                        if c0 is not None and c1 is not None:
                            used += c1 - c0
                            if o in servers:
                                other_cpu[o.name].append((c1 - c0) / wall)
                    server_cpu[test][s.name].append((s1 - s0) / wall)
                    fl = max(0.0, (sys1 - sys0 - used) / wall) if sys0 is not None else 0.0
                    foreign.append(fl)
                    samples[test][s.name].append(value)
                    raw[test][s.name].append(strip(r))
                    extra = ""
                    if test == "single":
                        extra = f"n={r['n']} stop={r['stop']} server-reported={r['server']}"
                    elif test == "concurrent":
                        extra = f"tokens={r['tokens']} wall(incl. prompt+HTTP)={r['wall_rate']:.1f} tok/s"
                    else:
                        extra = f"prompt_tokens={r['prompt_tokens']} server-reported={r['server']}"
                    print(f"  [{test:10s} rep {rep}] {s.name:13s} {value:9.2f}  server-cpu={(s1 - s0) / wall:.2f} "
                          f"other-load={fl:.2f} cores  {extra}", flush=True)
                    if not s.alive():
                        raise RuntimeError(f"{s.name} died:\n{s.log_tail()}")

        # ---------------------------------------------------------------- the table
        print()
        print(f"Medians of {args.repeats} runs (servers alternated); model {os.path.basename(args.model)}, "
              f"device {args.device}, threads {args.threads}, {args.slots} slots x ctx {args.ctx}, "
              f"n_batch=n_ubatch=512, KV: one stream per slot (llama-server --no-kv-unified)")
        for line in placement:
            print(f"  {line}")
        names = [s.name for s in servers]
        hdr = f"{'metric':44s}" + "".join(f"{n:>14s}" for n in names)
        if len(servers) == 2:
            hdr += f"{'ratio':>9s}{'target':>10s}{'result':>8s}{'paired':>9s}"
        print(hdr)
        print("-" * len(hdr))
        summary = {}
        for test, label, better in tests:
            med = {n: statistics.median(samples[test][n]) for n in names}
            line = f"{label:44s}" + "".join(f"{med[n]:14.2f}" for n in names)
            summary[test] = {"median": med, "samples": samples[test]}
            if len(servers) == 2:
                ratio = med["rbee-worker"] / med["llama-server"]
                if better == "higher":
                    ok, target = ratio >= 0.95, ">= 0.95"
                else:
                    ok, target = ratio <= 1.05, "<= 1.05"
                # median of the per-repetition ratios (each pair ran back to back): less
                # sensitive to slow drifts of a shared machine than the ratio of the medians
                paired = statistics.median(a / b for a, b in zip(samples[test]["rbee-worker"],
                                                                 samples[test]["llama-server"]))
                line += f"{ratio:9.3f}{target:>10s}{('PASS' if ok else 'MISS'):>8s}{paired:9.3f}"
                summary[test].update({"ratio": ratio, "paired_ratio": paired, "target": target, "pass": ok})
            print(line)
        # Decode reads every weight once per step: bytes per token x tokens/s is the memory
        # bandwidth single-stream decoding draws (KV cache and activations not counted).
        bandwidth = {}
        line = f"single-stream decode bandwidth, {weight_bytes / 1e9:.3f} GB of weights read per token:"
        for n in names:
            gbs = weight_bytes * statistics.median(samples["single"][n]) / 1e9
            bandwidth[n] = {"gb_per_s": gbs}
            line += f"  {n} {gbs:.1f} GB/s"
            if args.peak_gbs:
                bandwidth[n]["share_of_peak"] = gbs / args.peak_gbs
                line += f" ({100.0 * gbs / args.peak_gbs:.1f} % of the {args.peak_gbs:g} GB/s peak)"
        summary["decode_bandwidth"] = {"weight_bytes_per_token": weight_bytes, "peak_gbs": args.peak_gbs,
                                       **bandwidth}
        print(line)
        print()
        print("all samples (rep order):")
        for test, label, _ in tests:
            for n in names:
                print(f"  {test:10s} {n:13s} " + "  ".join(f"{v:.2f}" for v in samples[test][n]))
        print("median CPU of the measured server, in cores (threads: %d):" % args.threads)
        for test, label, _ in tests:
            print(f"  {test:10s} " + "  ".join(f"{n} {statistics.median(server_cpu[test][n]):.2f}" for n in names))
        fmax, fmed = max(foreign), statistics.median(foreign)
        note = ("  <- WARNING: the machine was busy with other work; rerun on a quiet machine"
                if fmed > 0.25 else "")
        print(f"  load from other processes during the samples: median {fmed:.2f}, max {fmax:.2f} cores{note}")
        for n in names:
            if other_cpu[n]:
                mx = max(other_cpu[n])
                note = "  <- WARNING: busy while idle, skews the other side" if mx > 0.05 else ""
                print(f"  idle CPU of {n} while the other side was measured: max {mx * 100:.1f}% of a core{note}")
        print(f"total time {time.monotonic() - t_start:.0f}s")

        if args.json_out:
            with open(args.json_out, "w") as f:
                json.dump({"args": vars(args), "ttft_prompts": ttft_prompts, "device": placement,
                           "commands": {s.name: s.cmd for s in started}, "summary": summary,
                           "raw": raw}, f, indent=1)
            print(f"raw results: {args.json_out}")
        if len(servers) == 2 and not all(summary[t[0]].get("pass") for t in tests):
            return 2
        return 0
    except Interrupted as e:
        print(f"interrupted ({e}); stopping the servers", file=sys.stderr, flush=True)
        cleanup(grace=3.0)
        os._exit(130)  # measuring threads may still be blocked on their sockets
    finally:
        cleanup()


if __name__ == "__main__":
    sys.exit(main())

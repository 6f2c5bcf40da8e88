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
the targets (throughput ratio >= 0.95, TTFT ratio <= 1.05).

Python 3 standard library only. Tokens are counted from what each stream actually delivered,
so the rates stay fair even when a server stops early on an end-of-generation token. "First
token" means the first token with visible text on both sides (rbee sends no event for a token
whose text is empty; llama-server sends a chunk with empty content), so both are timed alike.
"""

import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

HOST = "127.0.0.1"


# --------------------------------------------------------------------------------------------
# A minimal HTTP/1.1 client over a raw socket: exact control over when bytes arrive, chunked
# transfer decoding, no buffering surprises.
# --------------------------------------------------------------------------------------------

class HttpError(Exception):
    pass


class Response:
    def __init__(self, sock, status, reason, headers, rest):
        self.sock = sock
        self.status = status
        self.reason = reason
        self.headers = headers
        self._buf = rest
        self._eof = False
        te = headers.get("transfer-encoding", "").lower()
        self._chunked = "chunked" in te
        cl = headers.get("content-length")
        self._remaining = int(cl) if (cl is not None and not self._chunked) else None
        self._chunk_left = 0  # bytes left in the current chunk (chunked mode)
        self._chunks_done = False

    # raw socket bytes ------------------------------------------------------------------------
    def _fill(self):
        if self._eof:
            return False
        data = self.sock.recv(65536)
        if not data:
            self._eof = True
            return False
        self._buf += data
        return True

    def _read_line_raw(self):
        while b"\r\n" not in self._buf:
            if not self._fill():
                raise HttpError("connection closed inside chunk header")
        line, self._buf = self._buf.split(b"\r\n", 1)
        return line

    def _read_exact_raw(self, n):
        while len(self._buf) < n:
            if not self._fill():
                raise HttpError("connection closed inside body")
        out, self._buf = self._buf[:n], self._buf[n:]
        return out

    # body bytes as they arrive ---------------------------------------------------------------
    def iter_body(self):
        """Yields body pieces as soon as they are available."""
        if self._chunked:
            while not self._chunks_done:
                if self._chunk_left == 0:
                    size_line = self._read_line_raw()
                    size = int(size_line.split(b";", 1)[0].strip() or b"0", 16)
                    if size == 0:
                        # trailers until an empty line
                        while self._read_line_raw() != b"":
                            pass
                        self._chunks_done = True
                        return
                    self._chunk_left = size
                if not self._buf and not self._fill():
                    raise HttpError("connection closed inside chunk")
                take = min(self._chunk_left, len(self._buf))
                piece, self._buf = self._buf[:take], self._buf[take:]
                self._chunk_left -= take
                if self._chunk_left == 0:
                    self._read_exact_raw(2)  # CRLF after the chunk data
                if piece:
                    yield piece
        elif self._remaining is not None:
            while self._remaining > 0:
                if not self._buf and not self._fill():
                    raise HttpError("connection closed before content-length")
                take = min(self._remaining, len(self._buf))
                piece, self._buf = self._buf[:take], self._buf[take:]
                self._remaining -= take
                if piece:
                    yield piece
        else:
            if self._buf:
                piece, self._buf = self._buf, b""
                yield piece
            while self._fill():
                piece, self._buf = self._buf, b""
                yield piece

    def read_all(self):
        return b"".join(self.iter_body())

    def iter_lines(self):
        """Yields (line, t) with t = time.perf_counter() when the line was complete."""
        pending = b""
        for piece in self.iter_body():
            t = time.perf_counter()
            pending += piece
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                yield line.rstrip(b"\r").decode("utf-8", "replace"), t
        if pending:
            yield pending.rstrip(b"\r").decode("utf-8", "replace"), time.perf_counter()

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def http_request(port, method, path, body=None, timeout=600.0):
    """Sends one request (Connection: close) and returns a Response once the headers are in."""
    sock = socket.create_connection((HOST, port), timeout=timeout)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    payload = b""
    if body is not None:
        payload = json.dumps(body).encode("utf-8")
    head = (f"{method} {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nConnection: close\r\n"
            f"Accept: */*\r\n")
    if body is not None:
        head += f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n"
    sock.sendall(head.encode("ascii") + b"\r\n" + payload)
    buf = b""
    while b"\r\n\r\n" not in buf:
        data = sock.recv(65536)
        if not data:
            sock.close()
            raise HttpError(f"{method} {path}: connection closed before the response headers")
        buf += data
    head_bytes, rest = buf.split(b"\r\n\r\n", 1)
    lines = head_bytes.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    status = int(parts[1])
    reason = parts[2] if len(parts) > 2 else ""
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    return Response(sock, status, reason, headers, rest)


def http_json(port, method, path, body=None, timeout=60.0):
    resp = http_request(port, method, path, body, timeout)
    try:
        data = resp.read_all()
    finally:
        resp.close()
    try:
        parsed = json.loads(data.decode("utf-8")) if data else None
    except ValueError:
        parsed = None
    return resp.status, parsed, data


def iter_sse(resp):
    """Yields (event, data, t) for each Server-Sent Event; t = arrival time of its last line."""
    event, data_lines, t_last = None, [], None
    for line, t in resp.iter_lines():
        if line == "":
            if data_lines or event is not None:
                yield (event or "message"), "\n".join(data_lines), t_last
            event, data_lines = None, []
            continue
        t_last = t
        if line.startswith(":"):
            continue
        field, _, value = line.partition(":")
        if value.startswith(" "):
            value = value[1:]
        if field == "event":
            event = value
        elif field == "data":
            data_lines.append(value)
    if data_lines:
        yield (event or "message"), "\n".join(data_lines), t_last


# --------------------------------------------------------------------------------------------
# One measured request on each server. Both return a dict:
#   t_send, t_first (first visible text), t_last (perf_counter seconds), n (tokens decoded),
#   token_times (arrival time of every token index),
#   prompt_tokens, server (what the server itself reported), stop (why it stopped)
# --------------------------------------------------------------------------------------------

def run_llama(port, prompt, n_predict, ignore_eos=True):
    body = {"prompt": prompt, "n_predict": n_predict, "temperature": 0, "stream": True,
            "cache_prompt": False, "ignore_eos": ignore_eos}
    t_send = time.perf_counter()
    resp = http_request(port, "POST", "/completion", body)
    if resp.status != 200:
        err = resp.read_all()
        resp.close()
        raise HttpError(f"llama-server POST /completion -> {resp.status}: {err[:300]!r}")
    token_times, n, prompt_tokens, final, stop, t_text = [], 0, None, None, None, None
    try:
        for _event, data, t in iter_sse(resp):
            if data.strip() == "[DONE]":
                break
            try:
                obj = json.loads(data)
            except ValueError:
                continue
            if "error" in obj:
                raise HttpError(f"llama-server stream error: {obj['error']}")
            got = obj.get("tokens_predicted")
            if got is None:
                got = n + len(obj.get("tokens") or [])
            # one chunk can carry more than one token (a held-back partial UTF-8 sequence)
            while n < got:
                token_times.append(t)
                n += 1
            if t_text is None and obj.get("content"):
                t_text = t
            if obj.get("tokens_evaluated") is not None:
                prompt_tokens = obj["tokens_evaluated"]
            if obj.get("stop"):
                final = obj
                stop = obj.get("stop_type")
                break
    finally:
        resp.close()
    server = {}
    if final and isinstance(final.get("timings"), dict):
        tm = final["timings"]
        server = {"prompt_ms": tm.get("prompt_ms"), "predicted_per_second": tm.get("predicted_per_second"),
                  "predicted_n": tm.get("predicted_n"), "prompt_n": tm.get("prompt_n")}
    return {"t_send": t_send, "t_first": t_text, "t_last": token_times[-1] if token_times else None,
            "n": n, "token_times": token_times, "prompt_tokens": prompt_tokens, "server": server,
            "stop": stop}


def run_rbee(port, prompt, n_predict):
    body = {"prompt": prompt, "max_tokens": n_predict, "temperature": 0}
    t_send = time.perf_counter()
    status, obj, raw = http_json(port, "POST", "/v1/inference", body, timeout=600.0)
    if status != 200 or not isinstance(obj, dict) or "job_id" not in obj:
        raise HttpError(f"rbee POST /v1/inference -> {status}: {raw[:300]!r}")
    sse_url = obj.get("sse_url") or f"/v1/inference/{obj['job_id']}/stream"
    resp = http_request(port, "GET", sse_url)
    if resp.status != 200:
        err = resp.read_all()
        resp.close()
        raise HttpError(f"rbee GET {sse_url} -> {resp.status}: {err[:300]!r}")
    token_times, prompt_tokens, end, n, t_text, skipped, t_end = [], None, None, 0, None, [], None
    try:
        for event, data, t in iter_sse(resp):
            if data.strip() == "[DONE]":
                break
            if event == "token":
                try:
                    tok = json.loads(data)
                except ValueError:
                    tok = {}
                idx = tok.get("i")
                got = idx + 1 if isinstance(idx, int) else n + 1
                # "i" is the token's index: a gap means tokens were decoded without an event
                # (rbee sends none for a token whose text is empty); count them as arriving now
                if got > n + 1:
                    skipped.append(list(range(n, got - 1)))
                while n < got:
                    token_times.append(t)
                    n += 1
                if t_text is None and tok.get("t"):
                    t_text = t
            elif event == "started":
                try:
                    prompt_tokens = json.loads(data).get("prompt_tokens")
                except ValueError:
                    pass
            elif event == "end":
                t_end = t
                try:
                    end = json.loads(data)
                except ValueError:
                    end = {"raw": data}
            elif event == "error":
                raise HttpError(f"rbee stream error event: {data[:300]}")
    finally:
        resp.close()
    server = {}
    if isinstance(end, dict):
        server = {k: end.get(k) for k in ("ttft_ms", "tokens_per_s", "tokens", "prompt_tokens")}
        if prompt_tokens is None:
            prompt_tokens = end.get("prompt_tokens")
        if isinstance(end.get("tokens"), int) and end["tokens"] > n:
            # trailing tokens without an event (empty text, e.g. an end-of-generation token)
            skipped.append(list(range(n, end["tokens"])))
            token_times.extend([t_end] * (end["tokens"] - n))
            n = end["tokens"]
        elif isinstance(end.get("tokens"), int) and end["tokens"] < n:
            server["tokens_mismatch"] = f"end.tokens={end['tokens']} < {n} tokens streamed"
    if skipped:
        server["no_event_for_token_indices"] = [i for grp in skipped for i in grp]
    return {"t_send": t_send, "t_first": t_text, "t_last": token_times[-1] if token_times else None,
            "n": n, "token_times": token_times, "prompt_tokens": prompt_tokens, "server": server,
            "stop": (end or {}).get("stop_reason")}


# --------------------------------------------------------------------------------------------
# Server processes
# --------------------------------------------------------------------------------------------

def free_port():
    s = socket.socket()
    s.bind((HOST, 0))
    port = s.getsockname()[1]
    s.close()
    return port


def cpu_seconds(pid):
    """utime + stime of a process (all threads) in seconds, from /proc."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks
    except (OSError, IndexError, ValueError):
        return None


def system_busy_seconds():
    """CPU seconds all CPUs spent busy since boot (user+nice+system+irq+softirq+steal)."""
    try:
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        return (v[0] + v[1] + v[2] + v[5] + v[6] + (v[7] if len(v) > 7 else 0)) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def own_cpu_seconds():
    t = os.times()
    return t.user + t.system


class Server:
    def __init__(self, name, cmd, log_path):
        self.name = name
        self.cmd = cmd
        self.log_path = log_path
        self.proc = None
        self.port = None
        self.log = None

    def start(self):
        self.log = open(self.log_path, "wb")
        self.log.write(("$ " + " ".join(self.cmd) + "\n").encode())
        self.log.flush()
        self.proc = subprocess.Popen(self.cmd, stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def log_tail(self, n=25):
        try:
            with open(self.log_path, "rb") as f:
                lines = f.read().decode("utf-8", "replace").splitlines()
            return "\n".join(lines[-n:])
        except OSError:
            return ""

    def terminate(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)

    def stop(self, grace=10.0):
        """SIGTERM (if not sent yet), then SIGKILL after `grace` seconds."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            try:
                self.proc.send_signal(signal.SIGTERM)
                self.proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.log:
            self.log.close()
            self.log = None

    @property
    def pid(self):
        return self.proc.pid if self.proc else None


class LlamaServer(Server):
    def __init__(self, binary, model, threads, ctx, slots, log_path):
        self.port_fixed = free_port()
        cmd = [binary, "-m", model, "--host", HOST, "--port", str(self.port_fixed),
               "-np", str(slots), "-c", str(ctx * slots), "-t", str(threads), "-tb", str(threads),
               "-b", "512", "-ub", "512",
               "--no-kv-unified",      # one KV stream per slot, like rbee (kv_unified=false)
               "--no-cache-prompt",    # rbee has no prompt cache
               "--cache-ram", "0",     # no host-RAM prompt cache / idle-slot saving either
               "--no-webui"]
        super().__init__("llama-server", cmd, log_path)

    def wait_ready(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                raise RuntimeError(f"llama-server exited (rc={self.proc.returncode}):\n{self.log_tail()}")
            try:
                status, obj, _ = http_json(self.port_fixed, "GET", "/health", timeout=5)
                if status == 200 and isinstance(obj, dict) and obj.get("status") == "ok":
                    self.port = self.port_fixed
                    return
            except (OSError, HttpError):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"llama-server not ready after {timeout}s:\n{self.log_tail()}")

    def request(self, prompt, n, ignore_eos=True):
        return run_llama(self.port, prompt, n, ignore_eos)


class RbeeWorker(Server):
    LISTEN_RE = re.compile(r"rbee-worker listening on http://([^:/\s]+):(\d+)")

    def __init__(self, binary, model, threads, ctx, slots, log_path):
        cmd = [binary, "--model", model, "--host", HOST, "--port", "0", "--slots", str(slots),
               "--ctx", str(ctx), "--threads", str(threads)]
        super().__init__("rbee-worker", cmd, log_path)
        self.last_health = None

    def wait_ready(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.port is None:
            if not self.alive():
                raise RuntimeError(f"rbee-worker exited (rc={self.proc.returncode}):\n{self.log_tail()}")
            try:
                with open(self.log_path, "rb") as f:
                    m = self.LISTEN_RE.search(f.read().decode("utf-8", "replace"))
                if m:
                    self.port = int(m.group(2))
                    break
            except OSError:
                pass
            time.sleep(0.1)
        if self.port is None:
            raise RuntimeError(f"rbee-worker printed no 'listening on' line in {timeout}s:\n{self.log_tail()}")
        while time.monotonic() < deadline:
            if not self.alive():
                raise RuntimeError(f"rbee-worker exited (rc={self.proc.returncode}):\n{self.log_tail()}")
            try:
                status, obj, raw = http_json(self.port, "GET", "/health", timeout=5)
                self.last_health = obj if obj is not None else raw
                if status == 200 and isinstance(obj, dict) and obj.get("status") == "ready":
                    return
            except (OSError, HttpError):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"rbee-worker /health never said ready in {timeout}s "
                           f"(last: {self.last_health!r}):\n{self.log_tail()}")

    def request(self, prompt, n, ignore_eos=True):
        return run_rbee(self.port, prompt, n)


# --------------------------------------------------------------------------------------------
# Prompts
# --------------------------------------------------------------------------------------------

WORDS = ("the quick brown fox jumps over a lazy dog while seven curious children watch from "
         "an old wooden bridge near the river where small boats carry apples bread and letters "
         "to villages beyond the green hills every morning before sunrise people gather at the "
         "market to trade stories about weather harvest music travel and distant cities").split()


def filler(n_words, seed):
    # deterministic, varied word sequence; different seeds give different texts
    out, x = [], seed * 2654435761 % 4294967296 or 1
    for _ in range(n_words):
        x = (1103515245 * x + 12345) % 2147483648
        out.append(WORDS[(x >> 8) % len(WORDS)])
    return " ".join(out)


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


def strip(r):
    """A result without the per-token timestamps (for the JSON dump)."""
    if isinstance(r, dict):
        return {k: strip(v) for k, v in r.items() if k != "token_times"}
    if isinstance(r, list):
        return [strip(x) for x in r]
    return r


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True)
    ap.add_argument("--llama-server", required=True, help="llama-server binary")
    ap.add_argument("--rbee-worker", help="rbee-worker binary (omit with --only llama-server)")
    ap.add_argument("--only", choices=["both", "llama-server", "rbee-worker"], default="both",
                    help="run one side only (for testing the client)")
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
                        os.path.join(args.log_dir, "llama-server.log"))
    rbee = None
    if args.only in ("both", "rbee-worker"):
        rbee = RbeeWorker(args.rbee_worker, args.model, args.threads, args.ctx, args.slots,
                          os.path.join(args.log_dir, "rbee-worker.log"))
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
              f"threads {args.threads}, {args.slots} slots x ctx {args.ctx}, n_batch=n_ubatch=512, "
              f"KV: one stream per slot (llama-server --no-kv-unified)")
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
                json.dump({"args": vars(args), "ttft_prompts": ttft_prompts,
                           "commands": {s.name: s.cmd for s in started}, "summary": summary,
                           "raw": raw}, f, indent=1)
            print(f"raw results: {args.json_out}")
        if len(servers) == 2 and not all(v.get("pass") for v in summary.values()):
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

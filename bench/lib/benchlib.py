"""What the benchmarks in bench/ share: a small HTTP/1.1 + SSE client with exact arrival times,
one streamed request to llama-server, to rbee-worker and to the queen's job API, the server
processes (llama-server, rbee-worker, rbee --serve) and deterministic filler text.

Python 3 standard library only. Imported by bench/*/bench.py through sys.path (no package to
install). It must not print: the benchmarks own their output.
"""

import json
import os
import re
import signal
import socket
import subprocess
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
# One measured request on each server. All return a dict:
#   t_send, t_first (first visible text), t_last (perf_counter seconds), n (tokens decoded),
#   token_times (arrival time of every token index), text (the answer as received),
#   prompt_tokens, cached_tokens (prompt tokens the server took from its prompt cache),
#   server (what the server itself reported), stop (why it stopped), t_end (arrival of the end)
# --------------------------------------------------------------------------------------------

def run_llama(port, prompt, n_predict, ignore_eos=True, cache_prompt=False):
    """One streaming POST /completion. cache_prompt None leaves llama-server's default (on)."""
    body = {"prompt": prompt, "n_predict": n_predict, "temperature": 0, "stream": True}
    if cache_prompt is not None:
        body["cache_prompt"] = cache_prompt
    body["ignore_eos"] = ignore_eos
    t_send = time.perf_counter()
    resp = http_request(port, "POST", "/completion", body)
    if resp.status != 200:
        err = resp.read_all()
        resp.close()
        raise HttpError(f"llama-server POST /completion -> {resp.status}: {err[:300]!r}")
    token_times, n, prompt_tokens, final, stop, t_text, text = [], 0, None, None, None, None, []
    t_end = None
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
            if obj.get("content"):
                text.append(obj["content"])
                if t_text is None:
                    t_text = t
            if obj.get("tokens_evaluated") is not None:
                prompt_tokens = obj["tokens_evaluated"]
            if obj.get("stop"):
                final, t_end = obj, t
                stop = obj.get("stop_type")
                break
    finally:
        resp.close()
    server, cached = {}, None
    if final and isinstance(final.get("timings"), dict):
        tm = final["timings"]
        server = {"prompt_ms": tm.get("prompt_ms"), "predicted_per_second": tm.get("predicted_per_second"),
                  "predicted_n": tm.get("predicted_n"), "prompt_n": tm.get("prompt_n")}
        # timings.cache_n: prompt tokens this request took from the slot's cache (or the host-RAM
        # cache); the final chunk's tokens_cached is the slot's whole length afterwards, answer
        # included, so it is kept only as a cross-check
        cached = tm.get("cache_n")
    return {"t_send": t_send, "t_first": t_text, "t_last": token_times[-1] if token_times else None,
            "n": n, "token_times": token_times, "prompt_tokens": prompt_tokens, "server": server,
            "stop": stop, "text": "".join(text), "cached_tokens": cached,
            "slot_tokens_cached": (final or {}).get("tokens_cached"), "t_end": t_end}


def _read_rbee_stream(resp, t_send):
    """The events of a worker's stream (or the queen's, which relays them after its narration)."""
    token_times, prompt_tokens, end, n, t_text, skipped, t_end = [], None, None, 0, None, [], None
    text, started, narration = [], {}, []
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
                if tok.get("t"):
                    text.append(tok["t"])
                    if t_text is None:
                        t_text = t
            elif event == "started":
                try:
                    started = json.loads(data)
                    prompt_tokens = started.get("prompt_tokens")
                except ValueError:
                    pass
            elif event == "narration":
                try:
                    narration.append(json.loads(data).get("message"))
                except ValueError:
                    narration.append(data)
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
    # cached_tokens: in `end`, else in `started`; absent (None) from a worker without a prompt cache
    cached = (end or {}).get("cached_tokens", started.get("cached_tokens"))
    return {"t_send": t_send, "t_first": t_text, "t_last": token_times[-1] if token_times else None,
            "n": n, "token_times": token_times, "prompt_tokens": prompt_tokens, "server": server,
            "stop": (end or {}).get("stop_reason"), "text": "".join(text), "cached_tokens": cached,
            "worker_id": started.get("worker_id"), "narration": narration, "t_end": t_end}


def _open_stream(port, sse_url, what):
    resp = http_request(port, "GET", sse_url)
    if resp.status != 200:
        err = resp.read_all()
        resp.close()
        raise HttpError(f"{what} GET {sse_url} -> {resp.status}: {err[:300]!r}")
    return resp


def run_rbee(port, prompt, n_predict, cache_prompt=None):
    """POST /v1/inference + GET its stream on a worker. cache_prompt None: the worker's default."""
    body = {"prompt": prompt, "max_tokens": n_predict, "temperature": 0}
    if cache_prompt is not None:
        body["cache_prompt"] = cache_prompt
    t_send = time.perf_counter()
    status, obj, raw = http_json(port, "POST", "/v1/inference", body, timeout=600.0)
    if status != 200 or not isinstance(obj, dict) or "job_id" not in obj:
        raise HttpError(f"rbee POST /v1/inference -> {status}: {raw[:300]!r}")
    sse_url = obj.get("sse_url") or f"/v1/inference/{obj['job_id']}/stream"
    r = _read_rbee_stream(_open_stream(port, sse_url, "rbee"), t_send)
    del r["narration"]
    return r


def run_rbee_job(port, model, prompt, n_predict, cache_prompt=None):
    """POST /v1/jobs (operation infer) + GET its stream on the queen: narration, then the
    worker's events. The result also has worker_id (from `started`) and the narration."""
    body = {"operation": "infer", "model": model, "prompt": prompt, "max_tokens": n_predict, "temperature": 0}
    if cache_prompt is not None:
        body["cache_prompt"] = cache_prompt
    t_send = time.perf_counter()
    status, obj, raw = http_json(port, "POST", "/v1/jobs", body, timeout=600.0)
    if status != 200 or not isinstance(obj, dict) or "job_id" not in obj:
        raise HttpError(f"queen POST /v1/jobs -> {status}: {raw[:300]!r}")
    sse_url = obj.get("sse_url") or f"/v1/jobs/{obj['job_id']}/stream"
    return _read_rbee_stream(_open_stream(port, sse_url, "queen"), t_send)


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
    """llama-server with the same KV layout and batch sizes as rbee-worker. prompt_cache=False
    turns its prompt cache off (server flags and "cache_prompt": false per request); True leaves
    llama-server's defaults (cache on, default --cache-ram)."""

    def __init__(self, binary, model, threads, ctx, slots, log_path, prompt_cache=False, device=None):
        self.port_fixed = free_port()
        self.prompt_cache = prompt_cache
        cmd = [binary, "-m", model, "--host", HOST, "--port", str(self.port_fixed),
               "-np", str(slots), "-c", str(ctx * slots), "-t", str(threads), "-tb", str(threads),
               "-b", "512", "-ub", "512",
               "--no-kv-unified"]      # one KV stream per slot, like rbee (kv_unified=false)
        cmd += llama_device_args(device)
        if not prompt_cache:
            cmd += ["--no-cache-prompt",  # no reuse of a slot's tokens
                    "--cache-ram", "0"]   # no host-RAM prompt cache / idle-slot saving either
        cmd += ["--no-webui"]
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
        return run_llama(self.port, prompt, n, ignore_eos, cache_prompt=None if self.prompt_cache else False)

    def offloaded_layers(self):
        """(on the GPU, of the model's) from llama.cpp's "offloaded N/M layers to GPU" log line, or None."""
        try:
            with open(self.log_path, "rb") as f:
                m = OFFLOADED_RE.search(f.read().decode("utf-8", "replace"))
        except OSError:
            return None
        return (int(m.group(1)), int(m.group(2))) if m else None


OFFLOADED_RE = re.compile(r"offloaded (\d+)/(\d+) layers to GPU")


def llama_device_args(device):
    """llama-server's options for running every layer on `device` (rbee-worker's name for it).
    llama-server names no CPU device (--device refuses "CPU"): the CPU is --device none, no
    offload at all. None leaves llama-server's defaults (the benchmarks that run on the CPU only)."""
    if device is None:
        return []
    if device.upper() == "CPU":
        return ["--device", "none"]
    return ["--device", device, "-ngl", "999"]


def rbee_device_args(device):
    """rbee-worker's options for running every layer on `device`; --gpu-layers is refused on the CPU."""
    if device is None:
        return []
    if device.upper() == "CPU":
        return ["--device", "CPU"]
    return ["--device", device, "--gpu-layers", "all"]


def _port_from_log(server, pattern, timeout):
    """Waits for the server's "listening on" line; returns its port."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not server.alive():
            raise RuntimeError(f"{server.name} exited (rc={server.proc.returncode}):\n{server.log_tail()}")
        try:
            with open(server.log_path, "rb") as f:
                m = pattern.search(f.read().decode("utf-8", "replace"))
            if m:
                return int(m.group(2))
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{server.name} printed no 'listening on' line in {timeout}s:\n{server.log_tail()}")


def worker_accepts(binary, option):
    """Whether `binary --help` lists `option` (e.g. --no-cache-prompt), without starting it."""
    try:
        out = subprocess.run([binary, "--help"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL, timeout=60).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.TimeoutExpired):
        return False
    return re.search(r"(^|[\s,])" + re.escape(option) + r"\b", out) is not None


class RbeeWorker(Server):
    LISTEN_RE = re.compile(r"rbee-worker listening on http://([^:/\s]+):(\d+)")

    def __init__(self, binary, model, threads, ctx, slots, log_path, extra_args=(), cache_prompt=None,
                 name="rbee-worker"):
        cmd = [binary, "--model", model, "--host", HOST, "--port", "0", "--slots", str(slots),
               "--ctx", str(ctx), "--threads", str(threads)] + list(extra_args)
        super().__init__(name, cmd, log_path)
        self.last_health = None
        self.cache_prompt = cache_prompt  # sent with every request unless None

    def wait_ready(self, timeout):
        deadline = time.monotonic() + timeout
        self.port = _port_from_log(self, self.LISTEN_RE, timeout)
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

    def health(self):
        status, obj, _ = http_json(self.port, "GET", "/health", timeout=10)
        return obj if status == 200 and isinstance(obj, dict) else {}

    def request(self, prompt, n, ignore_eos=True):
        return run_rbee(self.port, prompt, n, self.cache_prompt)


class RbeeQueen(Server):
    """rbee --serve on a free port. A queen that refuses its options (e.g. a --policy it does not
    know) exits at once: wait_ready raises QueenRefused with what it printed."""

    LISTEN_RE = re.compile(r"rbee queen listening on http://([^:/\s]+):(\d+)")

    class Refused(RuntimeError):
        pass

    def __init__(self, binary, log_path, extra_args=()):
        cmd = [binary, "--serve", "--host", HOST, "--port", "0"] + list(extra_args)
        super().__init__("queen", cmd, log_path)

    def wait_ready(self, timeout):
        try:
            self.port = _port_from_log(self, self.LISTEN_RE, timeout)
        except RuntimeError as e:
            if not self.alive():
                raise RbeeQueen.Refused(self.log_tail(8)) from e
            raise
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                status, obj, _ = http_json(self.port, "GET", "/health", timeout=5)
                if status == 200 and isinstance(obj, dict) and obj.get("status") == "ok":
                    return
            except (OSError, HttpError):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"queen /health never said ok in {timeout}s:\n{self.log_tail()}")

    def url(self):
        return f"http://{HOST}:{self.port}"

    def workers(self):
        status, obj, raw = http_json(self.port, "GET", "/v1/workers", timeout=10)
        if status != 200 or not isinstance(obj, dict):
            raise HttpError(f"queen GET /v1/workers -> {status}: {raw[:200]!r}")
        return obj.get("workers") or []

    def wait_workers(self, count, timeout):
        """Until `count` workers are online and ready; returns their records (registration order)."""
        deadline = time.monotonic() + timeout
        last = []
        while time.monotonic() < deadline:
            last = [w for w in self.workers() if w.get("online") and w.get("status") == "ready"]
            if len(last) >= count:
                return last
            time.sleep(0.2)
        raise RuntimeError(f"{len(last)} of {count} workers ready at the queen after {timeout}s")

    def request(self, model, prompt, n, cache_prompt=None):
        return run_rbee_job(self.port, model, prompt, n, cache_prompt)


# --------------------------------------------------------------------------------------------
# The model file
# --------------------------------------------------------------------------------------------

def gguf_tensor_bytes(path):
    """{tensor name: bytes of its data} of a GGUF file, read from its header (any tensor type:
    a tensor's size is the distance to the next one's offset, alignment padding included)."""
    import struct

    with open(path, "rb") as f:
        def read(fmt):
            size = struct.calcsize("<" + fmt)
            return struct.unpack("<" + fmt, f.read(size))

        def string():
            (n,) = read("Q")
            return f.read(n).decode("utf-8", "replace")

        scalar = {0: "B", 1: "b", 2: "H", 3: "h", 4: "I", 5: "i", 6: "f", 7: "?", 10: "Q", 11: "q", 12: "d"}

        def value(vtype):
            if vtype == 8:
                return string()
            if vtype == 9:
                etype, count = read("IQ")
                if etype in scalar:  # skipped in one read: a vocabulary has 100k entries
                    f.seek(struct.calcsize("<" + scalar[etype]) * count, 1)
                    return None
                return [value(etype) for _ in range(count)]
            return read(scalar[vtype])[0]

        magic = f.read(4)
        if magic != b"GGUF":
            raise ValueError(f"{path}: not a GGUF file")
        (version,) = read("I")
        if version < 2:
            raise ValueError(f"{path}: GGUF version {version} is too old")
        n_tensors, n_kv = read("QQ")
        alignment = 32
        for _ in range(n_kv):
            key = string()
            (vtype,) = read("I")
            v = value(vtype)
            if key == "general.alignment":
                alignment = int(v)
        infos = []
        for _ in range(n_tensors):
            name = string()
            (n_dims,) = read("I")
            read("Q" * n_dims)
            _ttype, offset = read("IQ")
            infos.append((offset, name))
        data_start = (f.tell() + alignment - 1) // alignment * alignment
    data_end = os.path.getsize(path)
    infos.sort()
    sizes = {}
    for i, (offset, name) in enumerate(infos):
        end = infos[i + 1][0] if i + 1 < len(infos) else data_end - data_start
        sizes[name] = end - offset
    return sizes


def decode_bytes_per_token(path):
    """Bytes of weights a decode step reads for one token: every tensor, except that the token
    embedding is only looked up (one row) when the model has a separate output matrix."""
    sizes = gguf_tensor_bytes(path)
    total = sum(sizes.values())
    if "output.weight" in sizes and "token_embd.weight" in sizes:
        total -= sizes["token_embd.weight"]
    return total


# --------------------------------------------------------------------------------------------
# Text and results
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


def strip(r):
    """A result without the per-token timestamps (for the JSON dump)."""
    if isinstance(r, dict):
        return {k: strip(v) for k, v in r.items() if k != "token_times"}
    if isinstance(r, list):
        return [strip(x) for x in r]
    return r


def percentile(values, p):
    """Linear-interpolated percentile (p in 0..100) of a non-empty list."""
    v = sorted(values)
    if len(v) == 1:
        return v[0]
    k = (len(v) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)

#!/usr/bin/env node
// Bench-only fake backend: speaks rbee's worker protocol (docs/protocol.md, "Worker API") and an
// OpenAI-compatible streaming /v1/completions + /v1/chat/completions, with no model behind it.
// Every token is one separate chunked write, sent as fast as asked. Node.js stdlib only.
//
//   node fake_backend.mjs --port 0 [--token-interval-us 0] [--queen http://127.0.0.1:7833]
//                         [--slots 128] [--model fake] [--worker-id fake-1]
//
// Prints "fake backend listening on http://127.0.0.1:PORT" when ready.
//
// Pacing: one scheduler for all streams. --token-interval-us 0 (default): every active stream gets
// one token per event-loop turn (setImmediate), i.e. as fast as this process can write. N > 0:
// every N µs (timer resolution is ~1 ms in Node, so N < 1000 behaves like 1000) every active
// stream gets one token. A stream's `started` event and its first token are written at once when
// the stream is opened (worker protocol) or when the request arrives (OpenAI), so time to first
// token measures the path, not the pacing.
import http from "node:http";

const args = process.argv.slice(2);
function opt(name, dflt) {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : dflt;
}
const port = Number(opt("port", "0"));
const host = opt("host", "127.0.0.1");
const intervalUs = Number(opt("token-interval-us", "0"));
const queen = opt("queen", "");
const slots = Number(opt("slots", "128"));
const model = opt("model", "fake");
const workerId = opt("worker-id", "fake-1");

let nextJob = 1;
const jobs = new Map();      // job_id -> {maxTokens, promptTokens, res|null, sent, t0}
const active = new Set();    // streams being written: {res, sent, max, kind, ...}
let tokensSent = 0;

const TOKEN_TEXT = " tok";

function sseToken(i) {
    return `event: token\ndata: {"t":"${TOKEN_TEXT}","i":${i}}\n\n`;
}

function openAiChunk(s, text, finish) {
    const choice = s.chat
        ? `{"index":0,"delta":${finish ? "{}" : `{"content":"${text}"}`},"logprobs":null,"finish_reason":${finish ? '"length"' : "null"}}`
        : `{"index":0,"text":"${finish ? "" : text}","logprobs":null,"finish_reason":${finish ? '"length"' : "null"}}`;
    return `data: {"id":"${s.id}","object":"${s.chat ? "chat.completion.chunk" : "text_completion"}","created":${s.created},"model":"${model}","choices":[${choice}]}\n\n`;
}

// Writes the next token of a stream; ends it after the last one. Returns false when done.
function step(s) {
    if (s.closed) return false;
    if (s.sent < s.max) {
        s.res.write(s.kind === "worker" ? sseToken(s.sent) : openAiChunk(s, TOKEN_TEXT, false));
        s.sent++;
        tokensSent++;
        if (s.sent < s.max) return true;
    }
    // done
    if (s.kind === "worker") {
        const ms = Date.now() - s.t0;
        s.res.write(`event: end\ndata: {"stop_reason":"length","tokens":${s.sent},"prompt_tokens":${s.promptTokens},"ttft_ms":0.1,"tokens_per_s":${ms > 0 ? ((s.sent * 1000) / ms).toFixed(1) : 0}}\n\n`);
    } else {
        s.res.write(openAiChunk(s, "", true));
    }
    s.res.end("data: [DONE]\n\n");
    if (s.jobId) jobs.delete(s.jobId);
    return false;
}

let scheduled = false;
function tick() {
    scheduled = false;
    for (const s of active) {
        if (!step(s)) active.delete(s);
    }
    schedule();
}
function schedule() {
    if (scheduled || active.size === 0) return;
    scheduled = true;
    if (intervalUs <= 0) setImmediate(tick);
    else setTimeout(tick, intervalUs / 1000);
}

function startStream(s) {
    s.res.on("close", () => {
        s.closed = true;
        active.delete(s);
        if (s.jobId) jobs.delete(s.jobId);
    });
    if (step(s)) {              // first token right away
        active.add(s);
        schedule();
    }
}

function sendJson(res, status, obj) {
    const body = JSON.stringify(obj);
    res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
    res.end(body);
}

function readBody(req, cb) {
    const parts = [];
    req.on("data", (d) => parts.push(d));
    req.on("end", () => {
        let body = null;
        try { body = JSON.parse(Buffer.concat(parts).toString("utf8") || "{}"); } catch { body = null; }
        cb(body);
    });
}

const SSE_HEADERS = { "Content-Type": "text/event-stream", "Cache-Control": "no-cache", "X-Accel-Buffering": "no" };

const server = http.createServer({ noDelay: true, keepAliveTimeout: 30000 }, (req, res) => {
    const url = req.url;
    if (req.method === "POST" && url === "/v1/inference") {
        readBody(req, (body) => {
            if (!body || (typeof body.prompt !== "string" && !Array.isArray(body.messages)))
                return sendJson(res, 400, { error: { code: "bad_request", message: "need prompt or messages" } });
            const id = `j${nextJob++}`;
            const promptTokens = typeof body.prompt === "string" ? Math.max(1, body.prompt.split(/\s+/).length) : 8;
            jobs.set(id, { maxTokens: Number(body.max_tokens) || 256, promptTokens, opened: false, t0: Date.now() });
            sendJson(res, 200, { job_id: id, sse_url: `/v1/inference/${id}/stream` });
        });
        return;
    }
    let m;
    if (req.method === "GET" && (m = /^\/v1\/inference\/([^/]+)\/stream$/.exec(url))) {
        const job = jobs.get(m[1]);
        if (!job) return sendJson(res, 404, { error: { code: "not_found", message: "no such job" } });
        if (job.opened) return sendJson(res, 409, { error: { code: "conflict", message: "already streaming" } });
        job.opened = true;
        res.writeHead(200, SSE_HEADERS);
        res.write(`event: started\ndata: {"job_id":"${m[1]}","worker_id":"${workerId}","model":"${model}","prompt_tokens":${job.promptTokens}}\n\n`);
        startStream({ kind: "worker", res, sent: 0, max: job.maxTokens, promptTokens: job.promptTokens, jobId: m[1], t0: job.t0 });
        return;
    }
    if (req.method === "DELETE" && (m = /^\/v1\/inference\/([^/]+)$/.exec(url))) {
        const had = jobs.delete(m[1]);
        return sendJson(res, had ? 200 : 404, had ? { job_id: m[1], status: "cancelling" } : { error: { code: "not_found", message: "no such job" } });
    }
    if (req.method === "POST" && (url === "/v1/completions" || url === "/v1/chat/completions")) {
        readBody(req, (body) => {
            if (!body) return sendJson(res, 400, { error: { message: "bad json", type: "invalid_request_error" } });
            const chat = url === "/v1/chat/completions";
            const max = Number(body.max_tokens) || 256;
            const s = { kind: "openai", chat, res, sent: 0, max, id: `cmpl-${nextJob++}`, created: Math.floor(Date.now() / 1000) };
            if (!body.stream) {
                const text = TOKEN_TEXT.repeat(max);
                tokensSent += max;
                return sendJson(res, 200, {
                    id: s.id, object: chat ? "chat.completion" : "text_completion", created: s.created, model,
                    choices: [chat ? { index: 0, message: { role: "assistant", content: text }, finish_reason: "length" }
                                   : { index: 0, text, finish_reason: "length" }],
                    usage: { prompt_tokens: 8, completion_tokens: max, total_tokens: max + 8 },
                });
            }
            res.writeHead(200, SSE_HEADERS);
            startStream(s);
        });
        return;
    }
    if (req.method === "GET" && url === "/health")
        return sendJson(res, 200, { status: "ready", model, slots_total: slots, slots_busy: 0, queue_depth: 0, worker_id: workerId });
    if (req.method === "GET" && url === "/v1/models")
        return sendJson(res, 200, { object: "list", data: [{ id: model, object: "model", created: 0, owned_by: "fake" }] });
    if (req.method === "GET" && url === "/stats")
        return sendJson(res, 200, { tokens_sent: tokensSent, active: active.size, jobs: jobs.size });
    sendJson(res, 404, { error: { code: "not_found", message: `no route ${req.method} ${url}` } });
});

function heartbeat() {
    const addr = server.address();
    const body = JSON.stringify({
        worker_id: workerId, model, url: `http://${host}:${addr.port}`, device: "cpu", status: "ready",
        slots_total: slots, slots_busy: 0, queue_depth: 0, ctx_size: 4096, tokens_per_s: 0,
        version: "fake-0", sent_at_ms: Date.now(),
    });
    const req = http.request(`${queen}/v1/worker-heartbeat`, {
        method: "POST", headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) },
    }, (res) => {
        const parts = [];
        res.on("data", (d) => parts.push(d));
        res.on("end", () => {
            if (res.statusCode !== 200) console.error(`heartbeat: ${res.statusCode} ${Buffer.concat(parts)}`);
        });
    });
    req.on("error", (e) => console.error(`heartbeat: ${e.message}`));
    req.end(body);
}

server.listen(port, host, () => {
    console.log(`fake backend listening on http://${host}:${server.address().port}`);
    if (queen) {
        heartbeat();
        setInterval(heartbeat, 2000);
    }
});
process.on("SIGTERM", () => process.exit(0));
process.on("SIGINT", () => process.exit(0));

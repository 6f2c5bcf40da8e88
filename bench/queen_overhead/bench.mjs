#!/usr/bin/env node
// Queen overhead: time to first token and relayed throughput of streams going straight to a fake
// backend, through `rbee --serve`, through nginx and through @portkey-ai/gateway. See README.md.
// Started by run.sh (pinned to the client/backend core); Node.js stdlib only.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startProcess, freePort, cpuSeconds, percentile, httpJson, fmt, sleep, alive } from "./lib.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const env = process.env;
const RBEE = env.RBEE_BIN;
const NGINX = env.NGINX_BIN || "nginx";
const PORTKEY = env.PORTKEY_ENTRY || "";
const OUT = env.BENCH_OUT;
const LEVELS = (env.BENCH_CONCURRENCY || "1,16,64").split(",").map(Number);
const TOKENS = Number(env.BENCH_TOKENS || 256);
const REQ_MIN = Number(env.BENCH_REQUESTS || 200);      // requests per (path, level), at least
const ROUNDS_MIN = Number(env.BENCH_ROUNDS || 4);        // ...and at least this many per stream
const WARMUP = Number(env.BENCH_WARMUP || 20);
const INTERVAL_US = Number(env.BENCH_TOKEN_INTERVAL_US || 0);
const PROXY_CPU = env.BENCH_PROXY_CPU || "0";
const BACKEND_CPU = env.BENCH_BACKEND_CPU || "1";
const ONLY = (env.BENCH_PATHS || "direct,queen,nginx,direct-openai,queen-openai,portkey").split(",");
const NADDED_FLOOR_MS = 0.05;
const logs = path.join(OUT, "logs");
fs.mkdirSync(logs, { recursive: true });
const log = (s) => process.stderr.write(`bench: ${s}\n`);

const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024 });
const PROMPT = "Once upon a time there was a small bee that measured the overhead of its queen";
const MARK = '" tok"';   // the token text as JSON, the same in worker events and OpenAI chunks

// ------------------------------------------------------------------------------------ one stream
// Reads a streamed response: resolves {tFirst, tokens, done, bytes}. `tFirst` is the arrival time
// (performance.now()) of the first chunk that carries a token.
function readStream(res) {
    return new Promise((resolve, reject) => {
        let tokens = 0, tFirst = null, carry = "", all = "", bytes = 0;
        res.setEncoding("utf8");
        res.on("data", (chunk) => {
            bytes += chunk.length;
            const s = carry + chunk;
            let i = s.indexOf(MARK), n = 0;
            while (i >= 0) { n++; i = s.indexOf(MARK, i + MARK.length); }
            if (n > 0 && tFirst === null) tFirst = performance.now();
            tokens += n;
            carry = s.slice(-(MARK.length - 1));
            all = (all + chunk).slice(-200);
        });
        res.on("end", () => resolve({ tFirst, tokens, done: all.includes("data: [DONE]"), bytes, tail: all }));
        res.on("error", reject);
        res.on("aborted", () => reject(new Error("stream aborted")));
    });
}

function request(method, url, body, headers = {}) {
    return new Promise((resolve, reject) => {
        const payload = body === undefined ? undefined : JSON.stringify(body);
        const h = { ...headers };
        if (payload !== undefined) { h["Content-Type"] = "application/json"; h["Content-Length"] = Buffer.byteLength(payload); }
        const req = http.request(url, { method, headers: h, agent }, resolve);
        req.setNoDelay(true);
        req.on("error", reject);
        req.end(payload);
    });
}

async function readJson(res) {
    res.setEncoding("utf8");
    let text = "";
    for await (const c of res) text += c;
    return text;
}

// One request on a path; returns {ttft, total, tokens, ok, err}.
async function oneRequest(p) {
    const t0 = performance.now();
    let res;
    if (p.kind === "worker" || p.kind === "jobs") {
        const body = p.kind === "jobs"
            ? { operation: "infer", model: "fake", prompt: PROMPT, max_tokens: TOKENS }
            : { prompt: PROMPT, max_tokens: TOKENS };
        const r1 = await request("POST", `${p.base}${p.kind === "jobs" ? "/v1/jobs" : "/v1/inference"}`, body);
        const text = await readJson(r1);
        if (r1.statusCode !== 200) return { ok: false, err: `POST ${r1.statusCode} ${text.slice(0, 300)}` };
        const { sse_url } = JSON.parse(text);
        res = await request("GET", `${p.base}${sse_url}`);
    } else {
        res = await request("POST", `${p.base}/v1/completions`,
            { model: "fake", prompt: PROMPT, max_tokens: TOKENS, stream: true }, p.headers || {});
    }
    if (res.statusCode !== 200) {
        const text = await readJson(res);
        return { ok: false, err: `stream ${res.statusCode} ${text.slice(0, 300)}` };
    }
    const s = await readStream(res);
    const t1 = performance.now();
    if (s.tokens !== TOKENS || !s.done)
        return { ok: false, err: `got ${s.tokens}/${TOKENS} tokens, [DONE] ${s.done}; tail ${JSON.stringify(s.tail.slice(-120))}`, tokens: s.tokens };
    return { ok: true, ttft: s.tFirst - t0, total: t1 - t0, tokens: s.tokens };
}

// `conc` streams, each running requests back to back, `total` requests in all.
async function level(p, conc, total) {
    const ttfts = [], errs = [];
    let tokens = 0, left = total;
    const cpu0 = p.pid ? cpuSeconds(p.pid, p.children) : 0;
    const t0 = performance.now();
    async function loop() {
        while (left > 0) {
            left--;
            let r;
            try { r = await oneRequest(p); } catch (e) { r = { ok: false, err: e.message }; }
            tokens += r.tokens || 0;
            if (r.ok) ttfts.push(r.ttft); else errs.push(r.err);
        }
    }
    await Promise.all(Array.from({ length: conc }, loop));
    const wall = (performance.now() - t0) / 1000;
    const cpu = p.pid ? cpuSeconds(p.pid, p.children) - cpu0 : NaN;
    ttfts.sort((a, b) => a - b);
    return {
        n: ttfts.length, errors: errs.length, firstErrors: [...new Set(errs)].slice(0, 3),
        p50: percentile(ttfts, 50), p99: percentile(ttfts, 99), tokPerS: tokens / wall, wall, tokens,
        cpuPer100k: p.pid ? (cpu / tokens) * 1e5 : NaN, cpu,
    };
}

// ------------------------------------------------------------------------------------ processes
async function main() {
    const queenT = await startProcess("queen", PROXY_CPU, RBEE,
        ["--serve", "--host", "127.0.0.1", "--port", "0", "--policy", "least-loaded"],
        path.join(logs, "queen.log"), /listening on http:\/\/[^:]+:(\d+)/);
    const queenPort = Number(queenT.match[1]);
    const backendT = await startProcess("backend", BACKEND_CPU, process.execPath,
        [path.join(here, "fake_backend.mjs"), "--port", "0", "--token-interval-us", String(INTERVAL_US),
         "--queen", `http://127.0.0.1:${queenPort}`, "--slots", "128"],
        path.join(logs, "backend.log"), /listening on http:\/\/[^:]+:(\d+)/);
    const backendPort = Number(backendT.match[1]);
    // Wait until the queen lists the backend as a worker.
    for (let i = 0; ; i++) {
        const r = await httpJson("GET", `http://127.0.0.1:${queenPort}/v1/workers`).catch(() => null);
        if (r && r.body && JSON.stringify(r.body).includes("fake-1")) break;
        if (i > 100) throw new Error(`the queen never listed the fake worker: ${r && r.text}`);
        await sleep(100);
    }

    const paths = [];
    const add = (name, kind, port, extra = {}) => { if (ONLY.includes(name)) paths.push({ name, kind, base: `http://127.0.0.1:${port}`, ...extra }); };
    add("direct", "worker", backendPort, { ref: null });
    add("queen", "jobs", queenPort, { ref: "direct", pid: queenT.pid });

    if (ONLY.includes("nginx")) {
        const nport = await freePort();
        const prefix = path.join(OUT, "nginx");
        fs.mkdirSync(path.join(prefix, "logs"), { recursive: true });
        const conf = path.join(prefix, "nginx.conf");
        fs.writeFileSync(conf, fs.readFileSync(path.join(here, "nginx.conf.in"), "utf8")
            .replaceAll("@PREFIX@", prefix).replaceAll("@PORT@", String(nport)).replaceAll("@BACKEND_PORT@", String(backendPort)));
        const ng = await startProcess("nginx", PROXY_CPU, NGINX, ["-p", prefix, "-c", conf, "-e", path.join(prefix, "logs", "error.log")],
            path.join(logs, "nginx.log"), null);
        for (let i = 0; ; i++) {   // nginx prints nothing when it is up: poll
            const r = await httpJson("GET", `http://127.0.0.1:${nport}/health`).catch(() => null);
            if (r && r.status === 200) break;
            if (i > 100 || !alive(ng.pid)) throw new Error(`nginx did not come up; see ${prefix}/logs/error.log`);
            await sleep(100);
        }
        add("nginx", "worker", nport, { ref: "direct", pid: ng.pid, children: true });
    }
    add("direct-openai", "openai", backendPort, { ref: null });
    add("queen-openai", "openai", queenPort, { ref: "direct-openai", pid: queenT.pid });
    if (ONLY.includes("portkey")) {
        if (!PORTKEY) throw new Error("PORTKEY_ENTRY not set");
        const pport = await freePort();
        const pk = await startProcess("portkey", PROXY_CPU, process.execPath, [PORTKEY, `--port=${pport}`, "--headless"],
            path.join(logs, "portkey.log"), /Ready for connections|running at/, 60000, { ...process.env, NODE_ENV: "production" });
        add("portkey", "openai", pport, {
            ref: "direct-openai", pid: pk.pid,
            headers: { "x-portkey-provider": "openai", "x-portkey-custom-host": `http://127.0.0.1:${backendPort}/v1`, Authorization: "Bearer sk-fake" },
        });
    }

    // Warm-up and a correctness check of every path.
    for (const p of paths) {
        const r = await oneRequest(p).catch((e) => ({ ok: false, err: e.message }));
        if (!r.ok) throw new Error(`${p.name}: first request failed: ${r.err}`);
        await level(p, 4, WARMUP);
    }

    const results = {};
    for (const conc of LEVELS) {
        const total = Math.max(REQ_MIN, conc * ROUNDS_MIN);
        for (const p of paths) {
            log(`${p.name}: ${conc} streams, ${total} requests`);
            results[`${p.name}@${conc}`] = await level(p, conc, total);
            if (p.pid && !alive(p.pid)) throw new Error(`${p.name} died; see ${logs}`);
        }
    }

    // ------------------------------------------------------------------------------------ report
    const line = (cols, w) => cols.map((c, i) => (i === 0 ? String(c).padEnd(w[i]) : String(c).padStart(w[i]))).join(" ");
    const W = [15, 6, 6, 6, 10, 10, 11, 11, 11, 13];
    console.log(line(["path", "conc", "ok", "errors", "ttft p50", "ttft p99", "added p50", "added p99", "relayed t/s", "cpu s/100k t"], W));
    console.log("-".repeat(W.reduce((a, b) => a + b + 1, 0)));
    for (const conc of LEVELS) {
        for (const p of paths) {
            const r = results[`${p.name}@${conc}`];
            const ref = p.ref ? results[`${p.ref}@${conc}`] : null;
            r.addedP50 = ref ? r.p50 - ref.p50 : NaN;
            r.addedP99 = ref ? r.p99 - ref.p99 : NaN;
            console.log(line([p.name, conc, r.n, r.errors, fmt(r.p50, 3), fmt(r.p99, 3), fmt(r.addedP50, 3), fmt(r.addedP99, 3), fmt(r.tokPerS, 0), fmt(r.cpuPer100k, 3)], W));
        }
        console.log("");
    }
    console.log("TTFT in ms at the client (POST sent -> first token chunk received); added = path - its direct baseline");
    console.log("(queen, nginx vs direct; queen-openai, portkey vs direct-openai); cpu = the proxy process(es) only.\n");

    let miss = false, errors = false;
    for (const [k, r] of Object.entries(results)) {
        if (r.errors > 0) { errors = true; console.log(`ERRORS ${k}: ${r.errors}; first: ${r.firstErrors.join(" | ")}`); }
    }
    const T = [50, 10, 10, 10, 8];
    console.log(line(["target", "queen", "peer", "limit", "result"], T));
    console.log("-".repeat(T.reduce((a, b) => a + b + 1, 0)));
    for (const conc of LEVELS) {
        const q = results[`queen@${conc}`], n = results[`nginx@${conc}`];
        if (q && n) {
            const limit = 1.25 * Math.max(n.addedP50, NADDED_FLOOR_MS);
            const ok = q.addedP50 <= limit;
            miss ||= !ok;
            console.log(line([`${conc} streams: queen added p50 <= 1.25 x nginx`, fmt(q.addedP50, 3), fmt(n.addedP50, 3), fmt(limit, 3), ok ? "PASS" : "MISS"], T));
        }
        const qo = results[`queen-openai@${conc}`], pk = results[`portkey@${conc}`];
        if (qo && pk) {
            const limit = pk.addedP50 / 5;
            const ok = qo.addedP50 <= limit;
            miss ||= !ok;
            console.log(line([`${conc} streams: queen-openai added p50 <= portkey/5`, fmt(qo.addedP50, 3), fmt(pk.addedP50, 3), fmt(limit, 3), ok ? "PASS" : "MISS"], T));
        }
    }
    console.log(`(nginx's added p50 is floored at ${NADDED_FLOOR_MS} ms for the limit: below that the difference is noise)`);
    fs.writeFileSync(path.join(OUT, "results.json"), JSON.stringify({ levels: LEVELS, tokens: TOKENS, intervalUs: INTERVAL_US, results }, null, 1));
    process.exitCode = errors ? 1 : miss ? 2 : 0;
    agent.destroy();
    process.exit();
}

main().catch((e) => { console.error(`bench: FAILED: ${e.stack || e.message}`); process.exit(1); });

// Shared helpers for the queen benchmarks: processes, free ports, /proc readings, percentiles.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import http from "node:http";

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function freePort() {
    return new Promise((resolve, reject) => {
        const s = net.createServer();
        s.on("error", reject);
        s.listen(0, "127.0.0.1", () => {
            const p = s.address().port;
            s.close(() => resolve(p));
        });
    });
}

const children = [];
process.on("exit", () => {
    for (const c of children) {
        try { process.kill(c.pid, "SIGTERM"); } catch { /* gone */ }
    }
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(130));

// Starts `cmd args` pinned to `cpus` (taskset -c, which execs: the pid is the program's), logs to
// logFile. Resolves with {proc, pid, match} once a stdout/stderr line matches `ready` (a RegExp),
// or after the command printed nothing matching for timeoutMs (rejects).
export function startProcess(name, cpus, cmd, args, logFile, ready, timeoutMs = 30000, env = process.env) {
    const full = cpus ? ["taskset", ["-c", cpus, cmd, ...args]] : [cmd, args];
    const proc = spawn(full[0], full[1], { stdio: ["ignore", "pipe", "pipe"], env });
    children.push(proc);
    const log = fs.createWriteStream(logFile);
    return new Promise((resolve, reject) => {
        let done = false;
        let seen = "";
        const timer = setTimeout(() => {
            if (!done) { done = true; reject(new Error(`${name} not ready after ${timeoutMs} ms; log: ${logFile}`)); }
        }, timeoutMs);
        const onData = (d) => {
            log.write(d);
            if (done || !ready) return;
            seen = (seen + d.toString()).slice(-8192);
            const m = ready.exec(seen);
            if (m) { done = true; clearTimeout(timer); resolve({ proc, pid: proc.pid, match: m }); }
        };
        proc.stdout.on("data", onData);
        proc.stderr.on("data", onData);
        proc.on("exit", (code, sig) => {
            log.write(`\n[${name} exited: code ${code} signal ${sig}]\n`);
            if (!done) { done = true; clearTimeout(timer); reject(new Error(`${name} exited (${code ?? sig}) before it was ready; log: ${logFile}`)); }
        });
        if (!ready) { done = true; clearTimeout(timer); resolve({ proc, pid: proc.pid, match: null }); }
    });
}

// utime+stime in seconds of pid and, when withChildren, of its direct children (nginx workers).
const TICK = 100; // USER_HZ; getconf CLK_TCK is 100 on Linux/x86
export function cpuSeconds(pid, withChildren = false) {
    let total = 0;
    const pids = [pid];
    if (withChildren) {
        try {
            const kids = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
            if (kids) pids.push(...kids.split(/\s+/).map(Number));
        } catch { /* no children file */ }
    }
    for (const p of pids) {
        try {
            const stat = fs.readFileSync(`/proc/${p}/stat`, "utf8");
            const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
            total += (Number(f[11]) + Number(f[12])) / TICK; // fields 14, 15 (utime, stime)
        } catch { /* gone */ }
    }
    return total;
}

export function rssKiB(pid) {
    try {
        const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
        return m ? Number(m[1]) : NaN;
    } catch { return NaN; }
}

export function alive(pid) {
    try { process.kill(pid, 0); return true; } catch { return false; }
}

export function percentile(sorted, p) {
    if (sorted.length === 0) return NaN;
    const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    return sorted[idx];
}

// One small JSON request; resolves {status, body, text}.
export function httpJson(method, url, body, headers = {}, agent = undefined) {
    return new Promise((resolve, reject) => {
        const payload = body === undefined ? undefined : JSON.stringify(body);
        const h = { ...headers };
        if (payload !== undefined) { h["Content-Type"] = "application/json"; h["Content-Length"] = Buffer.byteLength(payload); }
        const req = http.request(url, { method, headers: h, agent }, (res) => {
            const parts = [];
            res.on("data", (d) => parts.push(d));
            res.on("end", () => {
                const text = Buffer.concat(parts).toString("utf8");
                let parsed = null;
                try { parsed = JSON.parse(text); } catch { /* not json */ }
                resolve({ status: res.statusCode, body: parsed, text, headers: res.headers });
            });
            res.on("error", reject);
        });
        req.on("error", reject);
        req.end(payload);
    });
}

export function fmt(x, digits = 2) {
    if (x === null || x === undefined || Number.isNaN(x)) return "-";
    return x.toFixed(digits);
}

#!/usr/bin/env node
// Heartbeat load generator: POST /v1/worker-heartbeat from N simulated workers (distinct worker_id
// and url), over C keep-alive connections, one request in flight per connection (no pipelining),
// for D seconds. Raw sockets (node:net) so that the generator costs as little CPU as possible.
//
//   node hb_load.mjs --port P --workers 1000 --connections 64 --seconds 10 [--path /v1/worker-heartbeat]
//
// Prints one JSON line: {"sent","ok","non200","errors","seconds","per_s","statuses":{...},"first_bad":"..."}
import net from "node:net";

const args = process.argv.slice(2);
const opt = (n, d) => { const i = args.indexOf(`--${n}`); return i >= 0 ? args[i + 1] : d; };
const port = Number(opt("port", "7833"));
const host = opt("host", "127.0.0.1");
const workers = Number(opt("workers", "1000"));
const conns = Number(opt("connections", "64"));
const seconds = Number(opt("seconds", "10"));
const pathName = opt("path", "/v1/worker-heartbeat");

// Request i -> worker i % workers. The body differs per worker (id, url port) and carries the
// current time; it is rebuilt from two fixed pieces, so building it costs one concatenation.
const head = `POST ${pathName} HTTP/1.1\r\nHost: ${host}:${port}\r\nContent-Type: application/json\r\nConnection: keep-alive\r\nContent-Length: `;
function body(i) {
    const w = i % workers;
    return `{"worker_id":"sim-${w}","model":"sim-model-${w % 8}","url":"http://10.${(w >> 16) & 255}.${(w >> 8) & 255}.${w & 255}:${20000 + (w % 40000)}","device":"cpu","status":"ready","slots_total":4,"slots_busy":${w % 3},"queue_depth":0,"ctx_size":4096,"tokens_per_s":${w % 100},"version":"0.1.0","sent_at_ms":${Date.now()}}`;
}

let next = 0, sent = 0, ok = 0, non200 = 0, errors = 0, firstBad = "";
const statuses = {};
let stop = false;
const t0 = performance.now();

function connection() {
    const sock = net.connect(port, host);
    sock.setNoDelay(true);
    let buf = "";
    let need = -1;       // bytes of the whole response once the headers are in
    let status = 0;
    const send = () => {
        if (stop) { sock.end(); return; }
        const b = body(next++);
        sent++;
        sock.write(head + Buffer.byteLength(b) + "\r\n\r\n" + b);
    };
    sock.setEncoding("latin1");
    sock.on("connect", send);
    sock.on("data", (d) => {
        buf += d;
        for (;;) {
            if (need < 0) {
                const e = buf.indexOf("\r\n\r\n");
                if (e < 0) return;
                status = Number(buf.slice(9, 12));
                const m = /\r\ncontent-length:\s*(\d+)/i.exec(buf.slice(0, e));
                need = e + 4 + (m ? Number(m[1]) : 0);
            }
            if (buf.length < need) return;
            const resp = buf.slice(0, need);
            buf = buf.slice(need);
            need = -1;
            statuses[status] = (statuses[status] || 0) + 1;
            if (status === 200) ok++;
            else { non200++; if (!firstBad) firstBad = resp.slice(0, 600); }
            send();
        }
    });
    sock.on("error", (e) => { errors++; if (!firstBad) firstBad = `socket error: ${e.message}`; });
    sock.on("close", () => { if (!stop) { errors++; setTimeout(connection, 10); } });
}

for (let i = 0; i < conns; i++) connection();
setTimeout(() => {
    stop = true;
    const secs = (performance.now() - t0) / 1000;
    console.log(JSON.stringify({ sent, ok, non200, errors, seconds: +secs.toFixed(3), per_s: +(ok / secs).toFixed(0), statuses, first_bad: firstBad }));
    process.exit(0);
}, seconds * 1000);

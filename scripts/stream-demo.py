#!/usr/bin/env python3
"""Streams one completion from an rbee-worker to the terminal: POST /v1/inference, then read
the job's Server-Sent Events and print each token as it arrives. Standard library only."""
import json
import sys
import time
import urllib.request

base, prompt = sys.argv[1], sys.argv[2]
for _ in range(300):  # the model may still be loading
    with urllib.request.urlopen(base + "/health") as r:
        if json.load(r)["status"] == "ready":
            break
    time.sleep(0.1)
req = urllib.request.Request(base + "/v1/inference", method="POST",
                             data=json.dumps({"prompt": prompt, "max_tokens": 128}).encode(),
                             headers={"Content-Type": "application/json"})
with urllib.request.urlopen(req) as r:
    job = json.load(r)
sys.stdout.write(prompt)
event = None
with urllib.request.urlopen(base + job["sse_url"]) as stream:
    for raw in stream:
        line = raw.decode("utf-8").rstrip("\r\n")
        if line.startswith("event: "):
            event = line[7:]
        elif line.startswith("data: "):
            data = line[6:]
            if data == "[DONE]":
                break
            payload = json.loads(data)
            if event == "token":
                sys.stdout.write(payload["t"])
                sys.stdout.flush()
            elif event == "end":
                print(f"\n[{payload['tokens']} tokens, {payload['stop_reason']}, "
                      f"first token after {payload['ttft_ms']:.0f} ms, {payload['tokens_per_s']:.0f} tokens/s]",
                      file=sys.stderr)
            elif event == "error":
                print(f"\nerror: {payload['message']}", file=sys.stderr)
                sys.exit(1)
print()

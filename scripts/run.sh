#!/usr/bin/env bash
# The main job: build, then launch the desktop app with a local worker on the default model:
# RBEE_MODEL if set, else ../shared/models/stories260K.gguf if present, else a generated
# random-weight model (its text is gibberish, but every part runs for real).
# `scripts/run.sh --terminal [PROMPT]` instead starts a worker and streams one completion to the
# terminal (no display needed).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/build.sh >/dev/null
model="${RBEE_MODEL:-}"
if [[ -z "$model" && -f "$root/../shared/models/stories260K.gguf" ]]; then
    model="$root/../shared/models/stories260K.gguf"
fi
if [[ -z "$model" ]]; then
    model="$root/build/demo-models/tiny.gguf"
    mkdir -p "$(dirname "$model")"
    [[ -f "$model" ]] || build/bin/rbee-gen-test-model --preset tiny --out "$model" >/dev/null
fi

if [[ "${1:-}" != "--terminal" ]]; then
    if [[ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
        echo "run: no display; use 'scripts/run.sh --terminal' for a terminal demo" >&2
        exit 1
    fi
    RBEE_MODEL="$model" exec build/bin/rbee
fi

prompt="${2:-Once upon a time}"
log="$(mktemp)"
build/bin/rbee-worker --model "$model" --port 0 >"$log" 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null; wait $worker 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 300); do
    url="$(sed -n 's/^rbee-worker listening on //p' "$log")"
    [[ -n "$url" ]] && break
    kill -0 $worker 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.1
done
echo "worker on $url serving $(basename "$model")" >&2
python3 "$root/scripts/stream-demo.py" "$url" "$prompt"

#!/usr/bin/env bash
# Takes screenshots of the real desktop app under Xvfb into docs/screenshots/: the app with a
# local worker on a model, after two streamed turns of one conversation. Needs xvfb, xdotool and imagemagick (it
# installs them with apt-get when missing). Model: RBEE_MODEL, else ../shared/models/stories260K.gguf.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
missing=()
for tool in Xvfb:xvfb xdotool:xdotool import:imagemagick; do
    command -v "${tool%%:*}" >/dev/null || missing+=("${tool##*:}")
done
if ((${#missing[@]})); then
    sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
    $sudo apt-get install -y -qq "${missing[@]}" fonts-dejavu-core >/dev/null
fi
model="${RBEE_MODEL:-$root/../shared/models/stories260K.gguf}"
[[ -f "$model" ]] || { echo "screenshots: no model at $model (set RBEE_MODEL)" >&2; exit 1; }
out="$root/docs/screenshots"
mkdir -p "$out"
work="$(mktemp -d)"
display=":$((90 + RANDOM % 9))"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb=$!
cleanup() { kill "${app:-}" 2>/dev/null || true; kill "$xvfb" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
sleep 1
export DISPLAY="$display" QT_QPA_PLATFORM=xcb RBEE_PORT=0 RBEE_MODEL="$model" RBEE_CONVERSATIONS_DIR="$work/conversations"
build/bin/rbee >"$work/app.log" 2>&1 &
app=$!
for _ in $(seq 100); do
    win="$(xdotool search --name '^rbee$' 2>/dev/null | head -1 || true)"
    [[ -n "$win" ]] && break
    sleep 0.2
done
[[ -n "${win:-}" ]] || { cat "$work/app.log" >&2; exit 1; }
xdotool windowsize "$win" 1280 800 windowmove "$win" 0 0
sleep 4  # the local worker loads and reports in
xdotool windowactivate --sync "$win" 2>/dev/null || true
xdotool type --delay 20 "Once upon a time"
xdotool key Return
sleep 4
# A second turn: its footer says how much of the conversation the worker had cached.
xdotool type --delay 20 "Then the little dog"
xdotool key Return
sleep 4
import -window root "$out/main-window.png"
echo "screenshots: $out/main-window.png"

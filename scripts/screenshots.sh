#!/usr/bin/env bash
# Takes screenshots of the real desktop app under Xvfb into docs/screenshots/. `screenshots.sh`
# (or `main`): the app with a local worker on a model, after two streamed turns of one conversation,
# then File › Start a local worker… with its device list open.
# `screenshots.sh machines`: the Machines tab of the app attached to `rbee --serve` with two real
# rbee-hive processes (attic on 127.0.0.2, kitchen on 127.0.0.3) and a worker started on attic.
# `screenshots.sh queen`: the app attached to a separate `rbee --serve` with a worker (rbee --connect)
# after one turn, Settings › Queen in both modes.
# `screenshots.sh dark` and `screenshots.sh german`: the main screenshot in the dark theme
# (main-window-dark.png) and in German (main-window-de.png).
# The main run also shows the Models tab (models.png) and a saved conversation whose answer is
# Markdown with a code block, a list and a table (chat-markdown.png: the app's rendering of a
# conversation file written by this script, not a model's answer). Needs xvfb, xdotool and imagemagick (it installs
# them with apt-get when missing). Model: RBEE_MODEL, else ../shared/models/stories260K.gguf.
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
cleanup() {
    for pid in "${app:-}" "${worker:-}" "${queen:-}" "$xvfb"; do
        [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT
sleep 1

# The first window whose title matches $1 (a regex), waiting up to 20 s.
find_window() {
    local id=""
    for _ in $(seq 100); do
        id="$(xdotool search --name "$1" 2>/dev/null | head -1 || true)"
        [[ -n "$id" ]] && break
        sleep 0.2
    done
    [[ -n "$id" ]] || { cat "$work/app.log" >&2; exit 1; }
    echo "$id"
}

if [[ "${1:-main}" == "machines" ]]; then
    export DISPLAY="$display" QT_QPA_PLATFORM=xcb RBEE_KEYRING=off XDG_CONFIG_HOME="$work/config" \
        XDG_DATA_HOME="$work/data" RBEE_CONVERSATIONS_DIR="$work/conversations"
    build/bin/rbee --serve --port 0 >"$work/queen.log" 2>&1 &
    queen=$!
    for _ in $(seq 100); do
        url="$(grep -o 'http://[0-9.:]*' "$work/queen.log" | head -1 || true)"
        [[ -n "$url" ]] && break
        sleep 0.1
    done
    [[ -n "${url:-}" ]] || { cat "$work/queen.log" >&2; exit 1; }
    hives=()
    for h in attic:127.0.0.2 kitchen:127.0.0.3; do
        mkdir -p "$work/${h%%:*}"
        cp "$model" "$work/${h%%:*}/stories260K.gguf"
        build/bin/rbee-hive --queen "$url" --name "${h%%:*}" --host "${h##*:}" --port 0 \
            --models-dir "$work/${h%%:*}" >"$work/${h%%:*}.log" 2>&1 &
        hives+=($!)
    done
    cp "$model" "$work/attic/stories260K-copy.gguf"
    sleep 3  # the hives list their devices and report
    curl -s -X POST "$url/v1/workers" -H 'Content-Type: application/json' \
        -d '{"model":"stories260K","hive":"attic","device":"CPU","slots":2}' >"$work/start.json"
    env -u RBEE_MODEL build/bin/rbee --connect "$url" >"$work/app.log" 2>&1 &
    app=$!
    win="$(find_window '^rbee$')"
    xdotool windowsize "$win" 1280 800 windowmove "$win" 0 0
    sleep 3
    eval "$(xdotool getwindowgeometry --shell "$win")"
    # The Machines tab, and the splitter between chat and tabs dragged left for a wide tree.
    xdotool mousemove "${RBEE_SHOT_TAB_X:-860}" "${RBEE_SHOT_TAB_Y:-42}" click 1
    sleep 0.5
    xdotool mousemove "${RBEE_SHOT_SPLIT_X:-745}" 400 mousedown 1 mousemove 360 400 mouseup 1
    sleep 2
    import -window root "$out/machines.png"
    for pid in "${hives[@]}"; do kill "$pid" 2>/dev/null || true; done
    echo "screenshots: $out/machines.png"
    exit 0
fi

if [[ "${1:-main}" == "queen" ]]; then
    # Own settings (no user's file, no keyring) so the dialog shows defaults plus this queen.
    export DISPLAY="$display" QT_QPA_PLATFORM=xcb RBEE_KEYRING=off XDG_CONFIG_HOME="$work/config" \
        XDG_DATA_HOME="$work/data" RBEE_CONVERSATIONS_DIR="$work/conversations"
    build/bin/rbee --serve --port 0 >"$work/queen.log" 2>&1 &
    queen=$!
    for _ in $(seq 100); do
        url="$(grep -o 'http://[0-9.:]*' "$work/queen.log" | head -1 || true)"
        [[ -n "$url" ]] && break
        sleep 0.1
    done
    [[ -n "${url:-}" ]] || { cat "$work/queen.log" >&2; exit 1; }
    build/bin/rbee-worker --model "$model" --queen "$url" --port 0 >"$work/worker.log" 2>&1 &
    worker=$!
    env -u RBEE_MODEL build/bin/rbee --connect "$url" >"$work/app.log" 2>&1 &  # no local worker
    app=$!
    win="$(find_window '^rbee$')"
    xdotool windowsize "$win" 1280 800 windowmove "$win" 0 0
    sleep 4  # the worker loads and reports to the queen; the app sees it through /v1/events
    xdotool windowfocus --sync "$win"  # no window manager under Xvfb
    xdotool type --delay 20 "Once upon a time"
    xdotool key Return
    sleep 4
    import -window root "$out/main-window-attached.png"
    xdotool key ctrl+comma
    dialog="$(find_window '^rbee Settings$')"
    sleep 1
    import -window "$dialog" "$out/settings-queen-connect.png"
    xdotool key Escape
    kill "$app"; wait "$app" 2>/dev/null || true
    # The app hosting its queen (RBEE_MODEL: a local worker, no first-run question).
    RBEE_PORT=0 RBEE_MODEL="$model" build/bin/rbee >"$work/app.log" 2>&1 &
    app=$!
    win="$(find_window '^rbee$')"
    sleep 2
    xdotool windowfocus --sync "$win"  # no window manager under Xvfb
    xdotool key ctrl+comma
    dialog="$(find_window '^rbee Settings$')"
    sleep 1
    import -window "$dialog" "$out/settings-queen-host.png"
    echo "screenshots: $out/main-window-attached.png $out/settings-queen-connect.png $out/settings-queen-host.png"
    exit 0
fi

mode="${1:-main}"
theme=light language=en suffix=""
[[ "$mode" == dark ]] && theme=dark suffix="-dark"
[[ "$mode" == german ]] && language=de suffix="-de"
# The app's own settings (no user's file): theme, language and a models folder with two models.
mkdir -p "$work/config/rbee" "$work/models" "$work/conversations"
cp "$model" "$work/models/"
build/bin/rbee-gen-test-model --preset tiny --out "$work/models/tiny-random.gguf" >/dev/null
cat >"$work/config/rbee/rbee.conf" <<CONF
[ui]
theme=$theme
language=$language

[models]
folder=$work/models
CONF
# A saved conversation from yesterday whose answer is Markdown (chat-markdown.png).
cat >"$work/conversations/6f1c2a9e-0b7d-4c55-9a51-3d2f8e4b7c10.json" <<'JSON'
{
    "id": "6f1c2a9e-0b7d-4c55-9a51-3d2f8e4b7c10",
    "title": "Reading a GGUF header",
    "model": "stories260K",
    "system_prompt": "",
    "temperature": 0.8,
    "max_tokens": 256,
    "updated": "2026-11-30T18:02:11.000Z",
    "turns": [
        {"role": "user", "content": "How do I read the magic number of a GGUF file in Python?"},
        {"role": "assistant", "content": "A GGUF file starts with four bytes, `GGUF`, then a **version**:\n\n```python\nimport struct\n\nwith open(\"model.gguf\", \"rb\") as f:\n    magic = f.read(4)\n    version, = struct.unpack(\"<I\", f.read(4))\nprint(magic, version)\n```\n\nWhat follows:\n\n1. the number of tensors (64 bits)\n2. the number of metadata keys (64 bits)\n3. the keys, each with a type and a value\n\n| Field | Bytes |\n|---|---|\n| magic | 4 |\n| version | 4 |\n| tensor count | 8 |\n| key count | 8 |\n",
         "worker_id": "127.0.0.1:41234", "device": "CPU", "ttft_ms": 38, "tokens_per_s": 412.5,
         "tokens": 118, "stop_reason": "eos"}
    ]
}
JSON
export DISPLAY="$display" QT_QPA_PLATFORM=xcb RBEE_PORT=0 RBEE_MODEL="$model" RBEE_CONVERSATIONS_DIR="$work/conversations" \
    XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" RBEE_KEYRING=off
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
# A new conversation (the app reopens the latest saved one): the New chat button, then the prompt.
xdotool mousemove "${RBEE_SHOT_NEWCHAT_X:-88}" "${RBEE_SHOT_NEWCHAT_Y:-757}" click 1
sleep 0.5
xdotool mousemove 370 720 click 1
xdotool type --delay 20 "Once upon a time"
xdotool key Return
sleep 4
# A second turn: its footer says how much of the conversation the worker had cached.
xdotool type --delay 20 "Then the little dog"
xdotool key Return
sleep 4
import -window root "$out/main-window$suffix.png"
if [[ -n "$suffix" ]]; then
    echo "screenshots: $out/main-window$suffix.png"
    exit 0
fi
# The Models tab: both models of the folder, stories260K loaded on this computer.
xdotool mousemove "${RBEE_SHOT_MODELS_X:-769}" "${RBEE_SHOT_TAB_Y:-41}" click 1
sleep 2
import -window root "$out/models.png"
xdotool mousemove "${RBEE_SHOT_WORKERS_X:-699}" "${RBEE_SHOT_TAB_Y:-41}" click 1
# The saved conversation (second in the list, newest first): its Markdown answer.
xdotool mousemove "${RBEE_SHOT_CONV_X:-100}" "${RBEE_SHOT_CONV2_Y:-101}" click 1
sleep 2
import -window root "$out/chat-markdown.png"
xdotool mousemove "${RBEE_SHOT_CONV_X:-100}" "${RBEE_SHOT_CONV1_Y:-83}" click 1
sleep 1
# File › Start a local worker…: the devices rbee-worker reports, with the list open.
xdotool mousemove 20 8 click 1  # File (two of its items answer to "s": click, not type)
sleep 0.5
[[ -n "${RBEE_SHOT_DEBUG:-}" ]] && import -window root /tmp/shot-file-menu.png
xdotool mousemove 98 141 click 1  # Start a local worker…
dialog="$(find_window '^Start a local worker$')"
sleep 4  # rbee-worker --list-devices loads the backends
xdotool mousemove --window "$dialog" 200 49 click 1  # the Device combo, second row: open its list
sleep 1
eval "$(xdotool getwindowgeometry --shell "$dialog")"
# The root window, cropped to the dialog: the open list is a window of its own, drawn over the dialog.
import -window root -crop "${WIDTH}x${HEIGHT}+${X}+${Y}" +repage "$out/start-worker-devices.png"
xdotool key Escape Escape
echo "screenshots: $out/main-window.png $out/models.png $out/chat-markdown.png $out/start-worker-devices.png"

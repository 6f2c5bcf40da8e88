#!/usr/bin/env bash
# The main job: build, then launch the desktop app with a local worker on the default model:
# RBEE_MODEL if set, else a small instruct model with a chat template (SmolLM2 135M Instruct,
# Q8_0, about 138 MiB) fetched once into the app's models folder (resumable, SHA-256 checked;
# RBEE_NO_DOWNLOAD=1 skips it), else ../shared/models/stories260K.gguf if present, else a
# generated random-weight model (its text is gibberish, but every part runs for real).
# `scripts/run.sh --terminal [PROMPT]` instead starts a worker and streams one completion to the
# terminal (no display needed).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/build.sh >/dev/null

# Pinned to one revision of the repository, so the file is the one whose digest is below.
default_repo="Mungert/SmolLM2-135M-Instruct-GGUF"
default_revision="980b4318b34b2f20e60c89d8f8a98283ec83cbd6"
default_file="SmolLM2-135M-Instruct-q8_0.gguf"
default_sha256="bc64cce8e1c11e4ed870633b557e04af718249c817c4cf8a6784116144ec3e28"
models_dir="${XDG_DATA_HOME:-$HOME/.local/share}/rbee/models"  # the app's default models folder

# Prints the default model's path once it is in the models folder and its digest is right.
# A partial download stays as .part and the next run resumes it.
fetch_default_model() {
    local file="$models_dir/$default_file" part="$models_dir/$default_file.part"
    if [[ -f "$file" ]]; then
        echo "$file"
        return 0
    fi
    command -v curl >/dev/null || { echo "run: curl is missing; not fetching $default_file" >&2; return 1; }
    mkdir -p "$models_dir"
    local url="https://huggingface.co/$default_repo/resolve/$default_revision/$default_file"
    if ! curl --silent --head --connect-timeout 10 --output /dev/null "https://huggingface.co"; then
        echo "run: offline (huggingface.co cannot be reached); using a local model instead" >&2
        return 1
    fi
    local progress=(--silent)
    [[ -t 2 ]] && progress=(--progress-bar)
    [[ -t 2 ]] && echo "run: fetching $default_file (about 138 MiB) into $models_dir" >&2
    local fetched=0
    curl --fail --location --connect-timeout 10 --retry 2 "${progress[@]}" -C - -o "$part" "$url" && fetched=1
    if [[ -s "$part" ]] && echo "$default_sha256  $part" | sha256sum --check --status -; then
        mv "$part" "$file"
        echo "$file"
        return 0
    fi
    if ((fetched)); then
        rm -f "$part"
        echo "run: $default_file does not have the expected SHA-256; removed it" >&2
    else
        echo "run: offline (huggingface.co cannot be reached); using a local model instead" >&2
    fi
    return 1
}

model="${RBEE_MODEL:-}"
if [[ -z "$model" && "${RBEE_NO_DOWNLOAD:-0}" != 1 ]]; then
    model="$(fetch_default_model)" || model=""
fi
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

#!/usr/bin/env bash
# The package test: builds the .deb from build/ with cpack, runs lintian on it (any error fails),
# installs it on this machine with apt-get (as root or through sudo), runs the INSTALLED
# `rbee --version` and `rbee-worker --list-devices`, checks the installed systemd units
# (systemd-analyze verify), then one job through the installed `rbee --serve` and `rbee-worker`,
# each started as its systemd unit would (the unit's ExecStart line with only the settings of an
# EnvironmentFile; systemd itself does not run here), and `rbee infer`, and removes the package
# again (dpkg --purge) so that later builds are not shadowed. Prints the time of each step and the wall time.
# Model: RBEE_TEST_MODEL, else build/test-models/tiny.gguf (made by rbee-gen-test-model if absent).
# Needs a configured and built build/ (scripts/build.sh); the tools come from scripts/install-deps.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${RBEE_BUILD_DIR:-$root/build}"
prefix=/usr
start=$SECONDS
step_start=$SECONDS
step() {
    echo "test-package: $1 ($((SECONDS - step_start)) s)"
    step_start=$SECONDS
}
fail() {
    echo "test-package: FAILED: $*" >&2
    exit 1
}
sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"

work="$(mktemp -d)"
pids=()
installed=0
cleanup() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    if ((installed)); then
        $sudo dpkg --purge rbee >/dev/null || echo "test-package: dpkg --purge rbee failed" >&2
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# Waits up to $2 seconds for a line starting with $1 in file $3; prints the line's URL.
wait_for_url() {
    local prefix_text="$1" timeout="$2" log="$3" pid="$4"
    local deadline=$((SECONDS + timeout))
    while ((SECONDS < deadline)); do
        if line=$(grep -m1 "^$prefix_text" "$log" 2>/dev/null); then
            echo "${line##* }"
            return 0
        fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
    done
    echo "test-package: no '$prefix_text' line within ${timeout} s; its output:" >&2
    cat "$log" >&2
    return 1
}

# 1. The package.
[[ -f "$build/CPackConfig.cmake" ]] || fail "$build is not a configured build folder (run scripts/build.sh)"
rm -f "$build"/rbee_*.deb
(cd "$build" && cpack -G DEB >"$work/cpack.log" 2>&1) || {
    cat "$work/cpack.log" >&2
    fail "cpack"
}
debs=("$build"/rbee_*.deb)
deb="${debs[0]}"
[[ -f "$deb" ]] || fail "cpack made no rbee_*.deb"
step "cpack -G DEB: $(basename "$deb"), $(du -h "$deb" | cut -f1)"

# 2. lintian: errors fail; warnings are printed (the one expected: initial-upload-closes-no-bugs,
# as rbee is no Debian upload answering an ITP bug).
lintian_rc=0
lintian --fail-on error --tag-display-limit 0 "$deb" >"$work/lintian.log" 2>&1 || lintian_rc=$?
grep -v "running with root privileges" "$work/lintian.log" || true
((lintian_rc == 0)) || fail "lintian found errors in $deb (exit $lintian_rc)"
step "lintian"

# 3. Install it. A package left by an earlier run is replaced.
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends "$deb" >"$work/apt.log" 2>&1 || {
    cat "$work/apt.log" >&2
    fail "apt-get install $deb"
}
installed=1
step "apt-get install"

# 4. The installed programs, with nothing of the build folder in their environment.
run_installed() {
    env -u RBEE_GGML_BACKEND_DIR -u LD_LIBRARY_PATH -u RBEE_QUEEN_URL -u RBEE_TOKEN -u RBEE_MODEL -u RBEE_PORT \
        -u RBEE_HOST "$@"
}
version="$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")"
for program in rbee rbee-worker rbee-hive; do
    out="$(run_installed "$prefix/bin/$program" --version)" || fail "$prefix/bin/$program --version"
    [[ "$out" == "$program $version" ]] || fail "$prefix/bin/$program --version printed '$out', not '$program $version'"
done
echo "test-package: $prefix/bin/rbee --version: $(run_installed "$prefix/bin/rbee" --version)"
run_installed "$prefix/bin/rbee-worker" --list-devices || fail "installed rbee-worker --list-devices"
for f in share/applications/org.rbee.rbee.desktop share/metainfo/org.rbee.rbee.metainfo.xml \
    share/icons/hicolor/scalable/apps/rbee.svg share/man/man1/rbee.1.gz share/man/man1/rbee-worker.1.gz \
    share/man/man1/rbee-hive.1.gz lib/systemd/system/rbee-queen.service \
    lib/systemd/user/rbee-worker.service share/bash-completion/completions/rbee; do
    [[ -f "$prefix/$f" ]] || fail "the package has no $prefix/$f"
done
desktop-file-validate "$prefix/share/applications/org.rbee.rbee.desktop" || fail "desktop-file-validate"
appstreamcli validate --no-net "$prefix/share/metainfo/org.rbee.rbee.metainfo.xml" >"$work/appstream.log" 2>&1 || {
    cat "$work/appstream.log" >&2
    fail "appstreamcli validate --no-net"
}
step "installed --version, --list-devices, files, desktop entry and AppStream metadata"

# 5. The systemd units: their syntax, executables and settings as systemd reads them.
units=()
for scope in system user; do
    for service in rbee-queen rbee-hive rbee-worker; do
        units+=("$prefix/lib/systemd/$scope/$service.service")
    done
done
command -v systemd-analyze >/dev/null || fail "no systemd-analyze (scripts/install-deps.sh installs systemd)"
# Documentation=man: lines are checked above (the pages are files of the package), not with man(1).
systemd-analyze verify --man=no "${units[@]:0:3}" >"$work/verify.log" 2>&1 || {
    cat "$work/verify.log" >&2
    fail "systemd-analyze verify (system units)"
}
# A user manager wants a runtime folder of its own, which a CI shell may not have.
mkdir -m 700 "$work/runtime"
XDG_RUNTIME_DIR="$work/runtime" systemd-analyze --user verify --man=no "${units[@]:3:3}" >"$work/verify.log" 2>&1 || {
    cat "$work/verify.log" >&2
    fail "systemd-analyze --user verify (user units)"
}
step "systemd-analyze verify: ${#units[@]} units"

# 6. One job through the installed queen and worker, each started from its system unit's ExecStart
# with an environment file as the unit's EnvironmentFile would give it, and the installed CLI.
# Runs the ExecStart of unit $1 with the settings in env file $2 and nothing else in the environment,
# in place of the shell that runs it (started with &, $! is the program's PID, which cleanup ends).
run_as_unit() {
    local unit="$1" env_file="$2" exec_start settings=()
    exec_start="$(sed -n 's/^ExecStart=//p' "$unit")"
    [[ -n "$exec_start" ]] || fail "$unit has no ExecStart"
    mapfile -t settings < <(grep -v '^[[:space:]]*\(#\|$\)' "$env_file")
    # shellcheck disable=SC2086 # ExecStart is a command line, split as systemd splits it
    exec env -i PATH=/usr/bin:/bin HOME="$work" "${settings[@]}" $exec_start
}
model="${RBEE_TEST_MODEL:-}"
if [[ -z "$model" ]]; then
    model="$build/test-models/tiny.gguf"
    if [[ ! -f "$model" ]]; then
        mkdir -p "$(dirname "$model")"
        "$build/bin/rbee-gen-test-model" --preset tiny --out "$model" >/dev/null
    fi
fi
model_name="$(basename "$model" .gguf)"
printf '# as /etc/rbee/queen.env\nRBEE_HOST=127.0.0.1\nRBEE_PORT=0\n' >"$work/queen.env"
run_as_unit "$prefix/lib/systemd/system/rbee-queen.service" "$work/queen.env" >"$work/queen.log" 2>&1 &
pids+=($!)
queen="$(wait_for_url "rbee queen listening on" 60 "$work/queen.log" "${pids[-1]}")" || fail "the installed queen did not start"
printf '# as /etc/rbee/worker.env\nRBEE_MODEL=%s\nRBEE_QUEEN_URL=%s\nRBEE_HOST=127.0.0.1\nRBEE_PORT=0\nRBEE_SLOTS=1\n' \
    "$model" "$queen" >"$work/worker.env"
run_as_unit "$prefix/lib/systemd/system/rbee-worker.service" "$work/worker.env" >"$work/worker.log" 2>&1 &
pids+=($!)
wait_for_url "rbee-worker listening on" 120 "$work/worker.log" "${pids[-1]}" >/dev/null ||
    fail "the installed worker did not start"
# The worker is in the queen's registry after its first heartbeat.
deadline=$((SECONDS + 60))
until run_installed "$prefix/bin/rbee" status --queen "$queen" 2>/dev/null | grep -q "$model_name.*ready"; do
    ((SECONDS < deadline)) || fail "the queen at $queen lists no ready worker for '$model_name' after 60 s"
    sleep 0.3
done
answer="$(run_installed timeout 120 "$prefix/bin/rbee" infer --queen "$queen" --model "$model_name" \
    --prompt "Once upon a time" --max-tokens 16 --temperature 0 2>"$work/infer.err")" || {
    cat "$work/infer.err" "$work/queen.log" "$work/worker.log" >&2
    fail "the installed rbee infer failed"
}
[[ -n "$answer" ]] || fail "rbee infer printed no answer"
echo "test-package: rbee infer on $model_name answered: ${answer:0:80}"
step "one job through the installed rbee --serve and rbee-worker (as their units start them) and rbee infer"

cleanup
trap - EXIT
pids=()
installed=0
step "stopped the queen and the worker, dpkg --purge rbee"
echo "test-package: passed in $((SECONDS - start)) s"

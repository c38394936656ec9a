#!/usr/bin/env bash
# End-to-end tests through the real Go bindings: `wails dev` under Xvfb
# serves the UI with live bindings on :34115 (E2E_PORT to change it, so two
# checkouts can run at once), and playwright-core drives
# Debian's Chromium against it (frontend/e2e/*.e2e.mjs, or the files
# ending in $E2E_SUFFIX: see run.mjs). The app gets a
# fresh data folder; the whole process group is stopped afterwards. A
# contract test server (backend/remote/remotetest) plays the remote service.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$(go env GOPATH)/bin:$PATH"

E2E_PORT=${E2E_PORT:-34115}
DEV_URL=http://localhost:$E2E_PORT
START_TIMEOUT=${E2E_START_TIMEOUT:-300}   # a cold start builds everything (~45 s here, more on a busy machine)
work=$(mktemp -d)
log="$work/wails-dev.log"
export PASSDESK_DATA_DIR="$work/data"

cleanup() {
  status=$?
  if [ -n "${remote_pid:-}" ]; then kill "$remote_pid" 2>/dev/null || true; fi
  if [ -n "${dev_pid:-}" ] && kill -0 "$dev_pid" 2>/dev/null; then
    kill -INT -- "-$dev_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$dev_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$dev_pid" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ]; then
    echo "e2e: wails dev log (last 60 lines):" >&2
    tail -n 60 "$log" >&2 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

if curl -s -o /dev/null "$DEV_URL"; then
  echo "e2e: something already listens on $DEV_URL; stop it first" >&2
  exit 1
fi

# The contract test server stands in for the remote service (sync scenario).
go build -o "$work/remoteserver" ./backend/remote/remotetest/cmd/remoteserver
"$work/remoteserver" -addr 127.0.0.1:0 >"$work/remote.out" 2>"$work/remote.log" &
remote_pid=$!
for _ in $(seq 1 100); do grep -q '^listening ' "$work/remote.out" && break; sleep 0.1; done
E2E_REMOTE_URL=$(sed -n 's/^listening //p' "$work/remote.out")
[ -n "$E2E_REMOTE_URL" ] || { echo "e2e: the contract test server did not start" >&2; cat "$work/remote.log" >&2; exit 1; }
export E2E_REMOTE_URL
echo "e2e: contract test server at $E2E_REMOTE_URL"

# E2E_RELEASE_GO=1 (the benchmarks): the Go side optimised as released,
# not as wails dev builds it for a debugger (scripts/go-release-flags).
compiler=()
if [ "${E2E_RELEASE_GO:-}" = 1 ]; then compiler=(-compiler "$PWD/scripts/go-release-flags"); fi

# setsid: wails dev, vite and the app get a process group of their own to stop as one.
setsid xvfb-run -a -s "-screen 0 1280x800x24" \
  wails dev "${compiler[@]}" -m -noreload -nogorebuild -nocolour -loglevel Warning -devserver "localhost:$E2E_PORT" >"$log" 2>&1 &
dev_pid=$!

echo "e2e: waiting for wails dev on $DEV_URL (up to ${START_TIMEOUT}s)"
started=$SECONDS
until curl -s -o /dev/null "$DEV_URL/wails/ipc.js"; do
  kill -0 "$dev_pid" 2>/dev/null || { echo "e2e: wails dev exited before serving" >&2; exit 1; }
  if [ $((SECONDS - started)) -ge "$START_TIMEOUT" ]; then
    echo "e2e: wails dev did not serve within ${START_TIMEOUT}s" >&2
    exit 1
  fi
  sleep 1
done
echo "e2e: wails dev up after $((SECONDS - started))s"

(cd frontend && node e2e/run.mjs "$DEV_URL")

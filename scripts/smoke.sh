#!/usr/bin/env bash
# Smoke test of the production binary (build/bin/passdesk) under Xvfb:
# the window appears and paints (a screenshot that is not blank), and while
# it runs the CLI can back up and check its data, and a second instance on
# the same data folder fails fast with a clear message instead of hanging.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${1:-build/bin/passdesk}
[ -x "$bin" ] || { echo "smoke: $bin not built (make build)" >&2; exit 1; }
artifacts=test-artifacts
mkdir -p "$artifacts"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

passed=0
failed=0
check() { # check NAME COMMAND... — runs COMMAND, counts and reports the outcome
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok   $name"; else failed=$((failed + 1)); echo "FAIL $name"; fi
}

"$bin" version | tee "$work/version.txt"
check "version names the product" grep -q '^PassDesk ' "$work/version.txt"

# Everything that needs the running window happens inside one Xvfb session.
cat > "$work/inside-x.sh" <<'INSIDE'
#!/usr/bin/env bash
set -u
bin=$1 data=$2 work=$3 shot=$4
"$bin" --data-dir "$data" >"$work/app.log" 2>&1 &
app=$!
painted=0
for _ in $(seq 1 60); do
  sleep 1
  kill -0 "$app" 2>/dev/null || { echo "app exited early"; cat "$work/app.log"; exit 1; }
  xdotool search --name '^PassDesk$' >/dev/null 2>&1 || continue
  import -window root "$shot"
  colours=$(identify -format '%k' "$shot")
  # A blank or unpainted window has a handful of colours; rendered text and
  # widgets (anti-aliased) have hundreds.
  if [ "$colours" -ge 64 ]; then painted=1; break; fi
done
echo "painted=$painted colours=${colours:-0}" >"$work/paint.txt"

start=$SECONDS
"$bin" --data-dir "$data" >"$work/second.log" 2>&1
echo "second_status=$? second_seconds=$((SECONDS - start))" >>"$work/paint.txt"

"$bin" backup --data-dir "$data" "$work/hot-copy.db" >"$work/backup.log" 2>&1
echo "backup_status=$?" >>"$work/paint.txt"
"$bin" check --data-dir "$data" >"$work/check.log" 2>&1
echo "check_status=$?" >>"$work/paint.txt"

kill -TERM "$app" 2>/dev/null
for _ in $(seq 1 50); do kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
kill -KILL "$app" 2>/dev/null
exit 0
INSIDE

xvfb-run -a -s "-screen 0 1280x800x24" bash "$work/inside-x.sh" "$bin" "$work/data" "$work" "$artifacts/smoke.png"
cat "$work/paint.txt"
# shellcheck disable=SC1090
source "$work/paint.txt"

check "window appears and paints (screenshot $artifacts/smoke.png)" test "$painted" = 1
check "second instance exits non-zero" test "$second_status" -ne 0
check "second instance gives up within 10 s (lock timeout 1 s)" test "$second_seconds" -le 10
check "second instance says the data is in use" grep -q "already in use" "$work/second.log"
check "hot backup while the app runs" test "$backup_status" = 0
mkdir -p "$work/copy-dir" && cp "$work/hot-copy.db" "$work/copy-dir/passdesk.db" 2>/dev/null || true
check "the hot copy checks clean" "$bin" check --data-dir "$work/copy-dir"
check "check through the running app" test "$check_status" = 0

echo "smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

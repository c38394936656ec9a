#!/usr/bin/env bash
# Smoke test of the production binary (build/bin/passdesk) under Xvfb and
# a private D-Bus session bus: the window appears and paints (a screenshot
# that is not blank); while it runs the CLI can back up and check its data;
# a second launch on the same data folder hands over to the running window
# (through the bus) and exits quickly, or, with no bus, fails fast on the
# database lock with a clear message, in an error dialog too; the window
# comes back where it was closed, and centred when that place is off-screen.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${1:-build/bin/passdesk}
[ -x "$bin" ] || { echo "smoke: $bin not built (make build)" >&2; exit 1; }
artifacts=test-artifacts
mkdir -p "$artifacts"
work=$(mktemp -d)
trap '[ -n "${KEEP_WORK:-}" ] && echo "smoke: kept $work" || rm -rf "$work"' EXIT

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
out=$work/paint.txt
: >"$out"

placed() { grep -c '"msg":"window placed"' "$data/logs/passdesk.log" 2>/dev/null; }
# start NAME — launches the app, its pid in $app
start() {
  placed_before=$(placed)
  "$bin" --data-dir "$data" >"$work/$1.log" 2>&1 &
  app=$!
}
# geometry ID — "X Y WIDTH HEIGHT" of a window
geometry() {
  xdotool getwindowgeometry --shell "$1" 2>/dev/null | awk -F= '{v[$1]=$2} END {print v["X"], v["Y"], v["WIDTH"], v["HEIGHT"]}'
}
# visible_window — the id of the PassDesk window once the app has put it in
# place and it has stopped moving (Wails maps a StartHidden window for an
# instant before hiding it, and moves it asynchronously), waiting up to 30 s
visible_window() {
  local id last="" now steady=0
  for _ in $(seq 1 300); do
    kill -0 "$app" 2>/dev/null || return 1
    sleep 0.1
    [ "$(placed)" -gt "${placed_before:-0}" ] || continue
    id=$(xdotool search --onlyvisible --name '^PassDesk$' 2>/dev/null | head -1)
    [ -n "$id" ] || continue
    now=$(geometry "$id")
    if [ "$now" = "$last" ]; then steady=$((steady + 1)); else steady=0; last=$now; fi
    [ "$steady" -ge 3 ] && { echo "$id"; return 0; }
  done
  return 1
}
# stop — SIGTERM, on which Wails closes the window properly (state saved), then waits
stop() {
  local start=$SECONDS
  kill -TERM "$app" 2>/dev/null
  for _ in $(seq 1 50); do kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$app" 2>/dev/null; then kill -KILL "$app"; echo "stop_$1=killed" >>"$out"
  else echo "stop_$1=$((SECONDS - start))" >>"$out"; fi
  wait "$app" 2>/dev/null
}

start first
painted=0
for _ in $(seq 1 60); do
  sleep 1
  kill -0 "$app" 2>/dev/null || { echo "app exited early"; cat "$work/first.log"; exit 1; }
  xdotool search --onlyvisible --name '^PassDesk$' >/dev/null 2>&1 || continue
  import -window root "$shot"
  colours=$(identify -format '%k' "$shot")
  # A blank or unpainted window has a handful of colours; rendered text and
  # widgets (anti-aliased) have hundreds.
  if [ "$colours" -ge 64 ]; then painted=1; break; fi
done
echo "painted=$painted colours=${colours:-0}" >>"$out"

# Second launch with the bus: Wails' single-instance lock tells the first
# window to come forward and ends this process.
t0=$SECONDS
"$bin" --data-dir "$data" >"$work/second.log" 2>&1
echo "second_status=$? second_seconds=$((SECONDS - t0))" >>"$out"
sleep 1
# xdotool's --name is case-insensitive, so GDK's hidden leader window
# (named "passdesk") matches too: count the shown windows, and the
# processes owning any window of that name.
echo "windows=$(xdotool search --onlyvisible --name '^PassDesk$' 2>/dev/null | wc -l)" >>"$out"
echo "window_owners=$(for w in $(xdotool search --name '^PassDesk$' 2>/dev/null); do xdotool getwindowpid "$w"; done | sort -u | wc -l)" >>"$out"
echo "first_notified=$(grep -c '"msg":"second instance launched"' "$data/logs/passdesk.log")" >>"$out"

# Second launch without a bus: only the database lock stops it, and it
# says so in an error dialog, which is dismissed here.
t0=$SECONDS
env -u DBUS_SESSION_BUS_ADDRESS "$bin" --data-dir "$data" >"$work/nobus.log" 2>&1 &
nobus=$!
dialog=$(timeout 20 xdotool search --sync --onlyvisible --name '^PassDesk is already open$' 2>/dev/null | head -1)
echo "nobus_seconds=$((SECONDS - t0)) nobus_dialog=${dialog:-none}" >>"$out"
if [ -n "$dialog" ]; then
  import -window root "${shot%.png}-in-use.png"
  xdotool windowfocus --sync "$dialog" key Return
fi
for _ in $(seq 1 100); do kill -0 "$nobus" 2>/dev/null || break; sleep 0.1; done
kill -KILL "$nobus" 2>/dev/null
wait "$nobus"
echo "nobus_status=$?" >>"$out"

"$bin" backup --data-dir "$data" "$work/hot-copy.db" >"$work/backup.log" 2>&1
echo "backup_status=$?" >>"$out"
"$bin" check --data-dir "$data" >"$work/check.log" 2>&1
echo "check_status=$?" >>"$out"

# Window state: moved and resized, closed, reopened where it was.
id=$(visible_window) && xdotool windowsize "$id" 700 600 && xdotool windowmove "$id" 123 77
sleep 1
stop first
start again
id=$(visible_window) && echo "reopened=\"$(geometry "$id")\"" >>"$out"
# Closed off-screen (as when its monitor is unplugged): reopens centred.
[ -n "$id" ] && xdotool windowmove "$id" 3000 2000
sleep 1
stop again
start offscreen
id=$(visible_window) && echo "recentred=\"$(geometry "$id")\"" >>"$out"
stop offscreen
exit 0
INSIDE

xvfb-run -a -s "-screen 0 1280x800x24" \
  dbus-run-session -- bash "$work/inside-x.sh" "$bin" "$work/data" "$work" "$artifacts/smoke.png"
cat "$work/paint.txt"
# shellcheck disable=SC1090
source "$work/paint.txt"

check "window appears and paints (screenshot $artifacts/smoke.png)" test "$painted" = 1
check "second instance exits non-zero" test "$second_status" -ne 0
check "second instance exits within 5 s" test "$second_seconds" -le 5
check "second instance says the data is in use" grep -q "already in use" "$work/second.log"
check "the running window was told to come forward" test "$first_notified" -ge 1
check "exactly one PassDesk window after the second launch" test "$windows" -eq 1
check "and it belongs to the first process alone" test "$window_owners" -eq 1
check "without a bus a second instance exits 1 once its dialog is dismissed" test "$nobus_status" -eq 1
check "without a bus it gives up within 5 s (lock timeout 1 s)" test "$nobus_seconds" -le 5
check "without a bus it says the data is in use" grep -q "already in use" "$work/nobus.log"
check "and shows that in an error dialog (screenshot $artifacts/smoke-in-use.png)" test "$nobus_dialog" != none
check "hot backup while the app runs" test "$backup_status" = 0
mkdir -p "$work/copy-dir" && cp "$work/hot-copy.db" "$work/copy-dir/passdesk.db" 2>/dev/null || true
check "the hot copy checks clean" "$bin" check --data-dir "$work/copy-dir"
check "check through the running app" test "$check_status" = 0
check "SIGTERM closes the window properly" test "$stop_first" != killed
check "the window reopens where it was closed (123,77 700x600)" test "${reopened:-}" = "123 77 700 600"
check "a window closed off-screen reopens centred (290,100 700x600)" test "${recentred:-}" = "290 100 700 600"

echo "smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/usr/bin/env bash
# Start-up benchmark (issue 13): PassDesk's production binary next to the
# bare Wails react-ts template of the same Wails version, built the same way
# (`wails build`, production mode, wails.json's build tags), launched in
# turn on one Xvfb and one D-Bus session bus. Prints the medians of each
# and their same-run ratios as `bench:` lines:
#   startup.mapped_ratio  launch → the app's window mapped (for good)
#   startup.paint_ratio   launch → first frame with painted content (what
#                         the page draws first: PassDesk's header, which
#                         index.html paints before the bundle has run; the
#                         template's whole page)
#   startup.pss_ratio     PSS of the whole process tree, settled
#   binary.size_ratio     size of the binaries
# How each is taken: scripts/startwatch (X MapNotify and Damage events,
# /proc/*/smaps_rollup). Every launch gets fresh XDG folders (config, data,
# cache, state), so PassDesk starts on an empty data folder, and WebKit and
# Mesa on empty caches, like the template. One launch of each, unmeasured,
# comes first (shared libraries into the page cache, the accessibility bus
# started); then RUNS rounds, the order swapped every round.
#
#   scripts/bench-startup.sh [PASSDESK_BINARY]      (make bench-startup)
#   BENCH_STARTUP_RUNS=9 (rounds)  BENCH_CACHE=~/.cache/passdesk-bench
#   BENCH_STARTUP_RUNS=0: the binary.* lines only, with no launch (seconds)
#
# The template is built once into BENCH_CACHE (its npm packages come from
# the npm registry the first time); the first painted frame of each app is
# saved to test-artifacts/startup-{bare,passdesk}.png to show what counted,
# and every launch's figures to test-artifacts/bench-startup.txt. PSS
# divides shared libraries among every process mapping them, so its MiB
# move with whatever else runs on the machine: compare the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$(go env GOPATH)/bin:$PATH"

bin=$(realpath "${1:-build/bin/passdesk}")
[ -x "$bin" ] || { echo "bench-startup: $bin not built (make build)" >&2; exit 1; }
runs=${BENCH_STARTUP_RUNS:-9}
artifacts=$PWD/test-artifacts
mkdir -p "$artifacts"

# The template is built with the Wails version PassDesk uses: the CLI's must match go.mod's.
wails_version=$(awk '$1 == "github.com/wailsapp/wails/v2" {print $2}' go.mod)
cli_version=$(wails version | sed -n 1p) # sed reads it all: head would end wails with SIGPIPE (pipefail)
[ "$cli_version" = "$wails_version" ] ||
  { echo "bench-startup: the wails CLI is $cli_version, PassDesk uses $wails_version" >&2; exit 1; }
tags=$(sed -n 's/.*"build:tags": *"\([^"]*\)".*/\1/p' wails.json)
cache=${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/passdesk-bench}
bare_dir=$cache/bare-react-ts-$wails_version-${tags:-notags}
bare=$bare_dir/build/bin/bare
if [ ! -x "$bare" ]; then
  echo "bench-startup: building the bare $wails_version react-ts template into $bare_dir (once)"
  rm -rf "$bare_dir" && mkdir -p "$cache"
  parent=$(mktemp -d "$cache/init.XXXX")
  (cd "$parent" && wails init -n bare -t react-ts -nocolour >/dev/null)
  mv "$parent/bare" "$bare_dir" && rmdir "$parent"
  (cd "$bare_dir" && wails build ${tags:+-tags "$tags"} -nocolour >/dev/null)
fi

# binary_figures — the binary.* lines: the two files' sizes, their ratio
binary_figures() {
  awk -v bare_bytes="$(stat -c %s "$bare")" -v passdesk_bytes="$(stat -c %s "$bin")" 'BEGIN {
    printf "bench: binary.bare_mib = %.2f MiB\n", bare_bytes / 1048576
    printf "bench: binary.passdesk_mib = %.2f MiB\n", passdesk_bytes / 1048576
    printf "bench: binary.size_ratio = %.2f x\n", passdesk_bytes / bare_bytes
  }'
}
if [ "$runs" = 0 ]; then
  binary_figures
  exit 0
fi

work=$(mktemp -d)
trap '[ -n "${KEEP_WORK:-}" ] && echo "bench-startup: kept $work" || rm -rf "$work"' EXIT
go build -o "$work/startwatch" ./scripts/startwatch

cat >"$work/inside-x.sh" <<'INSIDE'
#!/usr/bin/env bash
set -u
work=$1 runs=$2 artifacts=$3 bare=$4 passdesk=$5
# launch NAME BINARY ROUND — one measured launch, fresh XDG folders; its
# figures appended to results.txt (round 0 is the unmeasured warm-up)
launch() {
  local name=$1 app=$2 round=$3 dir shot=()
  dir=$(mktemp -d "$work/$name.XXXX")
  [ "$round" = 1 ] && shot=(-shot "$artifacts/startup-$name.png")
  if line=$(env XDG_CONFIG_HOME="$dir/config" XDG_DATA_HOME="$dir/data" XDG_CACHE_HOME="$dir/cache" \
      XDG_STATE_HOME="$dir/state" "$work/startwatch" "${shot[@]}" -- "$app" 2>"$dir/stderr.log"); then
    [ "$round" -gt 0 ] && echo "app=$name round=$round $line" >>"$work/results.txt"
  else
    echo "bench-startup: $name failed in round $round:" >&2
    tail -5 "$dir/stderr.log" >&2
  fi
  rm -rf "$dir"
}
launch bare "$bare" 0
launch passdesk "$passdesk" 0
for round in $(seq 1 "$runs"); do
  if [ $((round % 2)) -eq 1 ]; then
    launch bare "$bare" "$round"; launch passdesk "$passdesk" "$round"
  else
    launch passdesk "$passdesk" "$round"; launch bare "$bare" "$round"
  fi
done
INSIDE

: >"$work/results.txt"
xvfb-run -a -s "-screen 0 1280x800x24" \
  dbus-run-session -- bash "$work/inside-x.sh" "$work" "$runs" "$artifacts" "$bare" "$bin" >"$work/x.log" 2>&1 ||
  { cat "$work/x.log" >&2; exit 1; }
cp "$work/results.txt" "$artifacts/bench-startup.txt"
grep -h '^bench-startup:' "$work/x.log" >&2 || true

awk '
function median(list,    n, a, i, j, t) {
  n = split(list, a, " ")
  for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{
  for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
  app = f["app"]; count[app]++
  mapped[app] = mapped[app] " " f["mapped_ms"]
  paint[app] = paint[app] " " f["painted_ms"]
  pss[app] = pss[app] " " f["pss_kib"] / 1024
}
function report(what, list, unit, label,    b, p) {
  b = median(list["bare"]); p = median(list["passdesk"])
  printf "bench: startup.bare_%s = %.1f %s\n", what, b, unit
  printf "bench: startup.passdesk_%s = %.1f %s\n", what, p, unit
  if (b > 0) printf "bench: %s = %.2f x\n", label, p / b
}
END {
  if (count["bare"] == 0 || count["passdesk"] == 0) { print "bench-startup: no complete run" > "/dev/stderr"; exit 1 }
  printf "bench: startup.runs = %d bare, %d passdesk\n", count["bare"], count["passdesk"]
  report("mapped_ms", mapped, "ms", "startup.mapped_ratio")
  report("paint_ms", paint, "ms", "startup.paint_ratio")
  report("pss_mib", pss, "MiB", "startup.pss_ratio")
}' "$work/results.txt"
binary_figures

#!/usr/bin/env bash
# Tests the installers `make package` builds (reusing what is up to date):
# the .deb's contents and metadata, then installs it, starts the installed
# /usr/bin/passdesk under Xvfb until its window appears, and removes it again
# (also when a check fails); the .rpm's metadata and file list; the Windows
# installer's and passdesk.exe's version resources, and that the installer
# carries that very passdesk.exe. Needs root (or sudo) to install the .deb.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

scripts/setup.sh
version=$(sed -n 's/.*"productVersion": *"\([^"]*\)".*/\1/p' wails.json)
[ -n "$version" ] || { echo "test-package: wails.json has no info.productVersion" >&2; exit 1; }
icon_sizes=(16 24 32 48 64 128 256 512)
bin=build/bin
deb=$bin/passdesk_${version}-1_$(dpkg --print-architecture).deb
rpm_file=$bin/passdesk-${version}-1.$(uname -m).rpm
installer=$bin/PassDesk-${version}-amd64-installer.exe

if dpkg-query -W -f='${Status}' passdesk 2>/dev/null | grep -q "install ok installed"; then
  echo "test-package: a passdesk package is already installed; this test installs and removes one, so remove it first" >&2
  exit 1
fi

work=$(mktemp -d)
installed=0
cleanup() {
  if [ "$installed" = 1 ]; then
    as_root apt-get remove -y -qq passdesk >/dev/null 2>&1 || as_root dpkg -r passdesk >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

passed=0
failed=0
check() { # check NAME COMMAND... — runs COMMAND, counts and reports the outcome
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok   $name"; else failed=$((failed + 1)); echo "FAIL $name"; fi
}
# has_line FILE LINE — FILE has exactly this line.
has_line() { grep -qxF -- "$2" "$1"; }
# quiet COMMAND... — shows COMMAND's output only when it fails.
quiet() {
  local out
  out=$("$@" 2>&1) || { printf '%s\n' "$out" | tail -20; return 1; }
}

start=$SECONDS
make --no-print-directory package
echo "test-package: make package took $((SECONDS - start)) s"
for f in "$deb" "$rpm_file" "$installer" "$bin/passdesk.exe"; do
  [ -f "$f" ] || { echo "test-package: make package made no $f" >&2; exit 1; }
done

# Reads a PE file's version resource (VS_VERSIONINFO): prints the fixed
# product version and the string table as KEY=VALUE lines.
cat >"$work/peversion.py" <<'PY'
import struct, sys

def align4(n):
    return (n + 3) & ~3

def block(d, off):
    """One version-resource node: (length, value length, key, value offset)."""
    length, value_len, _ = struct.unpack_from('<HHH', d, off)
    end = off + 6
    while d[end:end + 2] != b'\0\0':
        end += 2
    return length, value_len, d[off + 6:end].decode('utf-16-le'), align4(end + 2)

def children(d, off, end):
    while off < end:
        length = struct.unpack_from('<H', d, off)[0]
        if length == 0:
            return
        yield off
        off = align4(off + length)

d = open(sys.argv[1], 'rb').read()
if d[:2] != b'MZ':
    sys.exit('not a PE file')
root = d.find('VS_VERSION_INFO'.encode('utf-16-le')) - 6
if root < 0:
    sys.exit('no version resource')
length, value_len, _, value = block(d, root)
fixed = struct.unpack_from('<6I', d, value)
if fixed[0] != 0xFEEF04BD:
    sys.exit('bad VS_FIXEDFILEINFO signature')
ms, ls = fixed[4], fixed[5]
print('fixed.ProductVersion=%d.%d.%d.%d' % (ms >> 16, ms & 0xFFFF, ls >> 16, ls & 0xFFFF))
for c in children(d, align4(value + value_len), root + length):
    c_len, _, c_key, c_value = block(d, c)
    if c_key != 'StringFileInfo':
        continue
    for table in children(d, c_value, c + c_len):
        t_len, _, _, t_value = block(d, table)
        for s in children(d, t_value, table + t_len):
            _, s_value_len, key, s_value = block(d, s)
            text = d[s_value:s_value + 2 * s_value_len].decode('utf-16-le')
            print('%s=%s' % (key, text.split('\0')[0]))
PY

echo "--- .deb: $deb ($(du -h "$deb" | cut -f1))"
dpkg -c "$deb" | awk '{print $NF}' >"$work/deb-files.txt"
check "deb has /usr/bin/passdesk" has_line "$work/deb-files.txt" ./usr/bin/passdesk
check "deb has the desktop entry" has_line "$work/deb-files.txt" ./usr/share/applications/passdesk.desktop
missing_icons=()
for n in "${icon_sizes[@]}"; do
  has_line "$work/deb-files.txt" "./usr/share/icons/hicolor/${n}x${n}/apps/passdesk.png" || missing_icons+=("${n}x${n}")
done
check "deb has hicolor icons ${icon_sizes[*]} (missing: ${missing_icons[*]:-none})" test ${#missing_icons[@]} -eq 0
check "deb has the scalable hicolor icon" has_line "$work/deb-files.txt" ./usr/share/icons/hicolor/scalable/apps/passdesk.svg
check "deb Package is passdesk" test "$(dpkg-deb -f "$deb" Package)" = passdesk
check "deb Version is $version-1 (wails.json)" test "$(dpkg-deb -f "$deb" Version)" = "$version-1"
depends=$(dpkg-deb -f "$deb" Depends)
echo "     Depends: $depends"
check "deb depends on libgtk-3-0" grep -qw 'libgtk-3-0' <<<"$depends"
check "deb depends on libwebkit2gtk-4.1-0" grep -qw 'libwebkit2gtk-4.1-0' <<<"$depends"

dpkg-deb -x "$deb" "$work/root"
check "deb's /usr/bin/passdesk is the make build binary" cmp -s "$work/root/usr/bin/passdesk" "$bin/passdesk"
desktop=$work/root/usr/share/applications/passdesk.desktop
check "desktop entry passes desktop-file-validate" quiet desktop-file-validate "$desktop"
for line in Name=PassDesk Exec=passdesk Icon=passdesk Type=Application 'Categories=Utility;Security;'; do
  check "desktop entry has $line" has_line "$desktop" "$line"
done
wrong_sizes=()
for n in "${icon_sizes[@]}"; do
  size=$(identify -format '%wx%h' "$work/root/usr/share/icons/hicolor/${n}x${n}/apps/passdesk.png" 2>/dev/null || echo none)
  [ "$size" = "${n}x${n}" ] || wrong_sizes+=("${n}x${n}:$size")
done
check "every icon is a PNG of its directory's size (wrong: ${wrong_sizes[*]:-none})" test ${#wrong_sizes[@]} -eq 0

echo "--- installing $deb"
installed=1
check "apt-get installs the .deb" quiet as_root apt-get install -y -qq -o DPkg::Lock::Timeout=120 "./$deb"
check "dpkg reports passdesk $version-1 installed" \
  test "$(dpkg-query -W -f='${Status} ${Version}' passdesk 2>/dev/null)" = "install ok installed $version-1"
/usr/bin/passdesk version >"$work/version.txt" 2>&1 || true
cat "$work/version.txt"
check "installed passdesk version prints $version" grep -q "^PassDesk $version " "$work/version.txt"

cat >"$work/inside-x.sh" <<'INSIDE'
#!/usr/bin/env bash
set -u
data=$1 work=$2
/usr/bin/passdesk --data-dir "$data" >"$work/app.log" 2>&1 &
app=$!
window=0
for _ in $(seq 1 60); do
  sleep 1
  kill -0 "$app" 2>/dev/null || break
  if xdotool search --name '^PassDesk$' >/dev/null 2>&1; then window=1; break; fi
done
echo "$window" >"$work/window.txt"
kill -TERM "$app" 2>/dev/null
for _ in $(seq 1 50); do kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
kill -KILL "$app" 2>/dev/null
exit 0
INSIDE
# A home of its own: the app's logs and WebKit's caches stay out of the real one.
mkdir -p "$work/home"
session=()
command -v dbus-run-session >/dev/null && session=(dbus-run-session --)
HOME=$work/home XDG_DATA_HOME=$work/home/data XDG_STATE_HOME=$work/home/state XDG_CACHE_HOME=$work/home/cache \
  xvfb-run -a -s "-screen 0 1280x800x24" "${session[@]}" bash "$work/inside-x.sh" "$work/data" "$work" \
  >"$work/x-session.log" 2>&1 || true
window=$(cat "$work/window.txt" 2>/dev/null || echo 0)
[ "$window" = 1 ] || tail -20 "$work/x-session.log" "$work/app.log" 2>/dev/null || true
check "installed /usr/bin/passdesk opens a window named PassDesk" test "$window" = 1

check "apt-get removes the package" quiet as_root apt-get remove -y -qq -o DPkg::Lock::Timeout=120 passdesk
installed=0
check "removal takes /usr/bin/passdesk and the desktop entry" \
  test ! -e /usr/bin/passdesk -a ! -e /usr/share/applications/passdesk.desktop

echo "--- .rpm: $rpm_file ($(du -h "$rpm_file" | cut -f1))"
check "rpm Name is passdesk" test "$(rpm -qp --qf '%{NAME}' "$rpm_file" 2>/dev/null)" = passdesk
check "rpm Version is $version, Release 1" test "$(rpm -qp --qf '%{VERSION}-%{RELEASE}' "$rpm_file" 2>/dev/null)" = "$version-1"
rpm -qpR "$rpm_file" 2>/dev/null >"$work/rpm-requires.txt"
echo "     Requires: $(paste -sd' ' "$work/rpm-requires.txt")"
check "rpm requires gtk3" has_line "$work/rpm-requires.txt" gtk3
check "rpm requires webkit2gtk4.1" has_line "$work/rpm-requires.txt" webkit2gtk4.1
rpm -qpl "$rpm_file" 2>/dev/null >"$work/rpm-files.txt"
check "rpm has /usr/bin/passdesk" has_line "$work/rpm-files.txt" /usr/bin/passdesk
check "rpm has the desktop entry" has_line "$work/rpm-files.txt" /usr/share/applications/passdesk.desktop
check "rpm has the same files as the deb" \
  diff <(sed 's|^\./|/|' "$work/deb-files.txt" | grep -v '/$' | sort) <(sort "$work/rpm-files.txt")

echo "--- Windows: $installer ($(du -h "$installer" | cut -f1))"
# Windows shows the four-part fixed version; wails.json's x.y.z gets a .0.
IFS=. read -r major minor patch _ <<<"${version%%-*}"
fixed_version=$major.${minor:-0}.${patch:-0}.0
for exe in "$installer" "$bin/passdesk.exe"; do
  python3 "$work/peversion.py" "$exe" >"$work/version-info.txt" 2>&1 || true
  check "$(basename "$exe") is a PE file with ProductName PassDesk" has_line "$work/version-info.txt" ProductName=PassDesk
  check "$(basename "$exe") ProductVersion is $version" has_line "$work/version-info.txt" "ProductVersion=$version"
  check "$(basename "$exe") fixed product version is $fixed_version" has_line "$work/version-info.txt" "fixed.ProductVersion=$fixed_version"
done
7z l -ba "$installer" >"$work/installer-files.txt" 2>&1 || true
check "installer carries PassDesk.exe" grep -q ' PassDesk\.exe$' "$work/installer-files.txt"
check "installer's PassDesk.exe is the cross-built passdesk.exe" \
  cmp -s <(7z e -so "$installer" PassDesk.exe 2>/dev/null) "$bin/passdesk.exe"

echo "test-package: $passed passed, $failed failed in $((SECONDS - start)) s"
[ "$failed" -eq 0 ]

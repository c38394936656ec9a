#!/usr/bin/env bash
# Exports PassDesk's icon from its one source, build/icon.svg, to every file
# the builds and packages use, all committed:
#   build/appicon.png                          1024 px (wails: macOS .icns)
#   build/windows/icon.ico                     16–256 px (wails: Windows .exe, installer)
#   build/linux/icons/<n>x<n>/apps/passdesk.png  the .deb/.rpm hicolor sizes (nfpm)
#   frontend/src/assets/logo.svg               the header's logo (the SVG without its comment)
# Each size is rendered from the vector (rsvg-convert), not scaled down from
# the 1024 px picture, so the small ones stay sharp.
#
#   scripts/icons.sh           export (make icons)
#   scripts/icons.sh --check   fail when a committed file is not what the SVG
#                              gives now (make check-icons, part of make test)
#
# The check compares pixels, not bytes (with a little fuzz for anti-aliasing
# that another librsvg draws differently), so it holds across tool versions.
set -euo pipefail
cd "$(dirname "$0")/.."

src=build/icon.svg
linux_sizes=(16 24 32 48 64 128 256 512)
ico_sizes=(16 24 32 48 64 128 256)

for tool in rsvg-convert identify compare python3; do
  command -v "$tool" >/dev/null ||
    { echo "icons: $tool is missing (scripts/setup.sh installs it: librsvg2-bin, imagemagick, python3)" >&2; exit 1; }
done

# ico OUT PNG... — an .ico holding the PNGs as they are (Windows reads PNG
# frames since Vista): a fifth of the bytes of ImageMagick's, which stores
# every frame under 256 px as an uncompressed bitmap.
ico() {
  python3 - "$@" <<'PY'
import struct, sys
out, pngs = sys.argv[1], [open(p, 'rb').read() for p in sys.argv[2:]]
offset = 6 + 16 * len(pngs)
entries = []
for png in pngs:
    width, height = struct.unpack('>II', png[16:24])  # the IHDR chunk
    # 0 stands for 256 in an ICONDIRENTRY's one-byte width and height.
    entries.append(struct.pack('<BBBBHHII', width % 256, height % 256, 0, 0, 1, 32, len(png), offset))
    offset += len(png)
with open(out, 'wb') as f:
    f.write(struct.pack('<HHH', 0, 1, len(pngs)) + b''.join(entries) + b''.join(pngs))
PY
}

# export DIR — writes every exported file under DIR, at its repository path.
export_to() {
  local out=$1 work n pngs=()
  work=$(mktemp -d)
  mkdir -p "$out/build/windows" "$out/frontend/src/assets"
  rsvg-convert -w 1024 -h 1024 "$src" -o "$out/build/appicon.png"
  for n in "${linux_sizes[@]}"; do
    mkdir -p "$out/build/linux/icons/${n}x${n}/apps"
    rsvg-convert -w "$n" -h "$n" "$src" -o "$out/build/linux/icons/${n}x${n}/apps/passdesk.png"
  done
  for n in "${ico_sizes[@]}"; do
    rsvg-convert -w "$n" -h "$n" "$src" -o "$work/$n.png"
    pngs+=("$work/$n.png")
  done
  ico "$out/build/windows/icon.ico" "${pngs[@]}"
  rm -rf "$work"
  # The comment is about the source, not about the copy the frontend bundles.
  sed '/^<!--/,/-->$/d' "$src" >"$out/frontend/src/assets/logo.svg"
}

# same_pixels A B — the two pictures have the same size and (nearly) the same pixels.
same_pixels() {
  local differing
  [ "$(identify -format '%wx%h' "$1")" = "$(identify -format '%wx%h' "$2")" ] || return 1
  differing=$(compare -metric AE -fuzz 2% "$1" "$2" null: 2>&1) || true
  [ "$differing" = 0 ]
}

if [ "${1:-}" != --check ]; then
  export_to .
  echo "icons: exported build/icon.svg"
  exit 0
fi

fresh=$(mktemp -d)
trap 'rm -rf "$fresh"' EXIT
export_to "$fresh"
stale=()
while IFS= read -r -d '' f; do
  path=${f#"$fresh"/}
  if [ ! -f "$path" ]; then
    stale+=("$path (missing)")
  elif [[ $path == *.svg ]]; then
    cmp -s "$f" "$path" || stale+=("$path")
  elif [[ $path == *.ico ]]; then
    frames=$(identify -format '%w ' "$path" 2>/dev/null || true)
    [ "$frames" = "$(identify -format '%w ' "$f")" ] || { stale+=("$path (sizes: ${frames:-none})"); continue; }
    for i in "${!ico_sizes[@]}"; do
      same_pixels "$f[$i]" "$path[$i]" || { stale+=("$path (${ico_sizes[$i]} px)"); break; }
    done
  else
    same_pixels "$f" "$path" || stale+=("$path")
  fi
done < <(find "$fresh" -type f -print0 | sort -z)
if [ ${#stale[@]} -gt 0 ]; then
  printf 'icons: not exported from the current %s: %s\nrun scripts/icons.sh (make icons) and commit the result\n' \
    "$src" "${stale[*]}" >&2
  exit 1
fi
echo "icons: every exported file matches $src"

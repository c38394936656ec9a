#!/usr/bin/env bash
# Builds PassDesk's installers into build/bin/:
#   linux    passdesk_<version>_<arch>.deb and passdesk-<version>-1.<arch>.rpm (nfpm),
#            from the `make build` binary, with a desktop entry and hicolor icons
#            (build/linux/icons, exported from build/icon.svg by scripts/icons.sh)
#   windows  PassDesk-<version>-amd64-installer.exe (NSIS) and passdesk.exe,
#            cross-built by `wails build -platform windows/amd64 -nsis`
#   darwin   PassDesk.app, PassDesk-<version>.dmg and PassDesk-<version>.app.zip,
#            on macOS only (wails build -platform darwin/universal, hdiutil)
#
#   scripts/package.sh [linux] [windows] [darwin]
#
# With no argument it builds what this machine can: linux and windows on
# Linux, darwin on macOS. The version is wails.json's info.productVersion,
# the one place it is written; it reaches the binary (`passdesk version`),
# the packages' metadata and the Windows version resources.
#
# A binary or installer newer than every source file it is made from (and,
# for the Linux binary, reporting this version) is reused rather than built
# again, so `make test` packages the binary its `make build` step just made.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1mpackage:\033[0m %s\n' "$*"; }
die() { printf 'package: %s\n' "$*" >&2; exit 1; }

host=$(uname -s)
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  case $host in
    Linux) targets=(linux windows) ;;
    Darwin) targets=(darwin) ;;
    *) die "no packages are built on $host; name a platform: linux, windows or darwin" ;;
  esac
fi
# Refuse what this host cannot build before installing or building anything:
# for darwin on Linux, wails build prints a warning, builds nothing and
# exits 0, which would otherwise pass for success.
for t in "${targets[@]}"; do
  case $t in
    linux) [ "$host" = Linux ] || die "Linux packages are built on Linux (the binary links GTK and WebKitGTK)" ;;
    windows) ;;
    darwin) [ "$host" = Darwin ] ||
      die "macOS packages (.app, .dmg) cannot be built on $host: wails does not cross-compile to macOS. Push a v* tag and the release workflow (.github/workflows/release.yml) builds them on a macOS runner." ;;
    *) die "unknown platform '$t': use linux, windows or darwin" ;;
  esac
done

# setup.sh knows apt; elsewhere (the macOS runner) the tools come from the caller.
[ "$host" = Linux ] && scripts/setup.sh --package
PATH="$(go env GOPATH)/bin:$PATH"

version=$(sed -n 's/.*"productVersion": *"\([^"]*\)".*/\1/p' wails.json)
[ -n "$version" ] || die "wails.json has no info.productVersion"
ldflags="-X passdesk/backend/buildinfo.Version=$version"
bin=build/bin
produced=()

# What the app is built from. frontend/wailsjs is left out: builds regenerate
# it from the Go sources, which are already in the list.
app_sources=('*.go' go.mod go.sum wails.json frontend ':!frontend/wailsjs' build/appicon.png)

# up_to_date OUTPUT PATHSPEC... — OUTPUT exists and no file git knows of
# (tracked, or new and not ignored) under PATHSPEC is newer. Outside a git
# checkout, or when a listed file is gone, it counts as out of date.
up_to_date() {
  local out=$1 f; shift
  [ -e "$out" ] && git rev-parse --is-inside-work-tree >/dev/null 2>&1 || return 1
  while IFS= read -r -d '' f; do
    [ -e "$f" ] && ! [ "$f" -nt "$out" ] || return 1
  done < <(git ls-files -z -co --exclude-standard -- "$@")
}

linux_binary() {
  if up_to_date "$bin/passdesk" "${app_sources[@]}" &&
    "$bin/passdesk" version 2>/dev/null | grep -q "^PassDesk $version "; then
    say "reusing $bin/passdesk: version $version, newer than its sources"
  else
    make --no-print-directory build
  fi
}

linux_packages() {
  linux_binary
  if command -v desktop-file-validate >/dev/null; then
    # It prints hints even for a valid entry; show its output only on errors.
    local out
    out=$(desktop-file-validate build/linux/passdesk.desktop 2>&1) ||
      die "build/linux/passdesk.desktop is not a valid desktop entry: $out"
  fi
  rm -f "$bin"/passdesk_*.deb "$bin"/passdesk-*.rpm
  local format
  for format in deb rpm; do
    VERSION=$version GOARCH=$(go env GOARCH) \
      nfpm package --config build/linux/nfpm.yaml --packager "$format" --target "$bin/"
  done
  produced+=("$bin"/passdesk_*.deb "$bin"/passdesk-*.rpm)
}

windows_installer() {
  local installer=$bin/PassDesk-$version-amd64-installer.exe
  if up_to_date "$installer" "${app_sources[@]}" build/windows && [ -f "$bin/passdesk.exe" ]; then
    say "reusing $installer: newer than its sources"
  else
    rm -f "$bin"/PassDesk-*-installer.exe
    # -skipbindings: frontend/wailsjs is the same for every platform, and
    # regenerating it here would need a native build first.
    wails build -platform windows/amd64 -nsis -skipbindings -ldflags "$ldflags" -nocolour
    # wails only warns, and exits 0, when makensis is missing.
    [ -f "$installer" ] || die "wails build made no $installer (is makensis installed?)"
  fi
  produced+=("$installer" "$bin/passdesk.exe")
}

darwin_bundle() {
  local app=$bin/PassDesk.app dmg=$bin/PassDesk-$version.dmg zip=$bin/PassDesk-$version.app.zip stage
  wails build -platform darwin/universal -ldflags "$ldflags" -nocolour
  [ -d "$app" ] || die "wails build made no $app"
  # The disk image opens on the app beside a link to /Applications to drag it to.
  stage=$(mktemp -d)
  cp -R "$app" "$stage/"
  ln -s /Applications "$stage/Applications"
  rm -f "$dmg"
  hdiutil create -volname "PassDesk $version" -srcfolder "$stage" -format UDZO -ov "$dmg"
  rm -rf "$stage"
  # The bare .app too, zipped the way Finder does (keeps its symlinks and attributes).
  rm -f "$zip"
  ditto -c -k --keepParent "$app" "$zip"
  produced+=("$dmg" "$zip")
}

for t in "${targets[@]}"; do
  case $t in
    linux) linux_packages ;;
    windows) windows_installer ;;
    darwin) darwin_bundle ;;
  esac
done

say "version $version:"
du -sh "${produced[@]}"

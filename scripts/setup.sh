#!/usr/bin/env bash
# Installs whatever PassDesk's build and tests need and is missing, on
# Debian 12+/Ubuntu 22.04+: system packages (with sudo unless root), the
# wails CLI, and the frontend's npm packages. Safe to run again: it only
# does what is still missing.
#
#   scripts/setup.sh            build + test + packaging dependencies
#   scripts/setup.sh --run      only what building and running the app needs
#   scripts/setup.sh --package  what building and packaging needs (make package)
set -euo pipefail
cd "$(dirname "$0")/.."

WAILS_VERSION=v2.15.0
MIN_GO_MINOR=21      # go ≥ 1.21 fetches the toolchain go.mod asks for by itself
MIN_NODE=20.19.0     # Vite 8

BUILD_PACKAGES=(build-essential pkg-config libgtk-3-dev libwebkit2gtk-4.1-dev)
# gnome-keyring and secret-tool: make test-keychain's real Secret Service.
TEST_PACKAGES=(xvfb xauth xdotool imagemagick chromium dbus curl gnome-keyring libsecret-tools)
# Installers: makensis for the Windows one, librsvg2-bin's rsvg-convert and
# ImageMagick to export and check the icon sizes (scripts/icons.sh), the
# desktop entry's validator, rpm to read the .rpm back, python3 to read the
# .exe's version resource and 7z to list the installer (make test-package).
PACKAGE_PACKAGES=(nsis rpm imagemagick librsvg2-bin desktop-file-utils python3 p7zip-full)
NFPM_VERSION=v2.45.2  # v2.46+ cannot be fetched from the module proxy here

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

mode=${1:-}
packages=("${BUILD_PACKAGES[@]}")
case "$mode" in
  --run) ;;
  --package) packages+=("${PACKAGE_PACKAGES[@]}") ;;
  "") packages+=("${TEST_PACKAGES[@]}" "${PACKAGE_PACKAGES[@]}") ;;
  *) die "unknown option $mode (use --run or --package)" ;;
esac

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
command -v go >/dev/null 2>&1 || missing+=(golang-go)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || die "apt-get not found: install ${missing[*]} by hand"
  say "installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

go_minor=$(go env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')
[ "$go_minor" -ge "$MIN_GO_MINOR" ] ||
  die "Go $(go env GOVERSION) is too old: install Go 1.${MIN_GO_MINOR} or newer (it then fetches the version go.mod asks for)"

node_version=$(node --version | tr -d v)
[ "$(printf '%s\n%s\n' "$MIN_NODE" "$node_version" | sort -V | head -1)" = "$MIN_NODE" ] ||
  die "Node.js $node_version is too old for Vite 8: install Node.js $MIN_NODE or newer"

gobin="$(go env GOPATH)/bin"
installed_wails=$("$gobin/wails" version 2>/dev/null | head -1 || true)
if [ "$installed_wails" != "$WAILS_VERSION" ]; then
  say "installing the wails CLI $WAILS_VERSION into $gobin"
  go install "github.com/wailsapp/wails/v2/cmd/wails@$WAILS_VERSION"
fi

if [ "$mode" != "--run" ]; then
  # go-installed nfpm reports "dev" as its version; the module version is in its build info.
  installed_nfpm=$(go version -m "$gobin/nfpm" 2>/dev/null | awk '$1 == "mod" {print $3}' || true)
  if [ "$installed_nfpm" != "$NFPM_VERSION" ]; then
    say "installing nfpm $NFPM_VERSION into $gobin"
    go install "github.com/goreleaser/nfpm/v2/cmd/nfpm@$NFPM_VERSION"
  fi
fi

# npm ci only when package-lock.json changed since the last install.
stamp=frontend/node_modules/.passdesk-lock.sha256
want=$(sha256sum frontend/package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  say "installing the frontend's npm packages"
  (cd frontend && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
fi
say "ready"

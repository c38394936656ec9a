# PassDesk — `make run` and `make test` set up a fresh Debian/Ubuntu machine
# by themselves (scripts/setup.sh), then build and run or test.

SHELL := /bin/bash
GOBIN := $(shell go env GOPATH 2>/dev/null)/bin
export PATH := $(GOBIN):$(PATH)

# The version is written once, in wails.json, and flows into the binary.
VERSION := $(shell sed -n 's/.*"productVersion": *"\([^"]*\)".*/\1/p' wails.json)
# wails build's Go build tags (webkit2_41 on Linux; nethttpomithttp2: the
# sync client speaks HTTP/1.1 only), for building outside it.
BUILD_TAGS := $(shell sed -n 's/.*"build:tags": *"\([^"]*\)".*/\1/p' wails.json)
LDFLAGS := -X passdesk/backend/buildinfo.Version=$(VERSION)
BINARY  := build/bin/passdesk
DATA_DIR ?=

.PHONY: all deps deps-run frontend build run bindings test test-go test-keychain test-app test-sync test-frontend test-e2e screenshots test-smoke check-bindings bench bench-startup bench-e2e crash clean package test-package icons check-icons

all: build

deps:
	@scripts/setup.sh

deps-run:
	@scripts/setup.sh --run

frontend:
	cd frontend && npm run build

# wails build also builds the frontend and regenerates frontend/wailsjs.
build: deps-run
	wails build -ldflags "$(LDFLAGS)" -nocolour

run: build
	$(BINARY) $(if $(DATA_DIR),--data-dir "$(DATA_DIR)")

bindings: deps-run
	wails generate module

test: deps
	@start=$$SECONDS; \
	$(MAKE) --no-print-directory test-go test-keychain test-sync test-frontend build test-app test-smoke test-package test-e2e check-bindings check-icons && \
	echo "make test: all layers passed in $$((SECONDS - start)) s"

# Sync's packages run in test-sync; everything else in backend/ here.
SYNC_PKGS  = ./backend/syncer/... ./backend/remote/... ./backend/vaultsync/...
OTHER_PKGS = $(shell go list ./backend/... | grep -v -e /backend/syncer -e /backend/remote -e /backend/vaultsync)

test-go:
	CGO_ENABLED=0 go vet ./backend/...
	CGO_ENABLED=0 go test -count=1 $(OTHER_PKGS)
	go test -race -count=1 $(OTHER_PKGS)

# The keychain against a real Secret Service: each test starts a
# gnome-keyring of its own on the private session bus dbus-run-session gives
# (backend/keychain/keychaintest). -p 1: two test binaries at once would both
# want the Secret Service's name on that bus. PASSDESK_REQUIRE_KEYRING=1
# makes a missing Secret Service a failure rather than a skip.
test-keychain:
	PASSDESK_REQUIRE_KEYRING=1 CGO_ENABLED=0 dbus-run-session -- go test -p 1 -count=1 -run SecretService ./backend/keychain/ ./backend/syncer/

# The binding layer's own tests (app_test.go): the root package links
# Wails (cgo, GTK) and embeds frontend/dist, so they run after the build.
test-app:
	go test -tags "$(BUILD_TAGS)" -count=1 .

# The sync scenarios against the built-in contract server; with
# PASSDESK_REMOTE_URL=http://127.0.0.1:PORT/api/ the ones that need no
# fault injection run against that server instead.
test-sync:
	go test -race -count=1 $(SYNC_PKGS)

test-frontend:
	cd frontend && npm run typecheck && npx vitest run

test-e2e:
	scripts/e2e.sh

# Every screen at 1024x720 and 800x600, English and Spanish, light and dark,
# into test-artifacts/screens/ (frontend/e2e/screens.shots.mjs), to look at
# before a UI change is done; it also fails on a wrapped button or a dialog
# whose buttons leave the window.
screenshots: deps
	E2E_SUFFIX=.shots.mjs scripts/e2e.sh

test-smoke:
	scripts/smoke.sh $(BINARY)
	scripts/startup.sh $(BINARY)

# Installers into build/bin: .deb, .rpm and the Windows NSIS installer on
# Linux (PLATFORM=linux or windows for one of them); macOS's come from
# .github/workflows/release.yml, and PLATFORM=darwin is refused here.
PLATFORM ?=
package:
	scripts/package.sh $(PLATFORM)

# Builds (or reuses) the packages, installs the .deb, runs it, removes it.
test-package:
	scripts/test-package.sh

# wails regenerates frontend/wailsjs on every build and dev run; the
# committed copy must be what it generated (file modes aside: wails
# writes them inconsistently).
check-bindings:
	@git -c core.fileMode=false diff --exit-code --stat -- frontend/wailsjs || \
	  { echo "frontend/wailsjs is out of date: run 'make bindings' and commit it" >&2; exit 1; }

# The icon's one source is build/icon.svg; `make icons` exports it to every
# size the builds and packages use (committed), and check-icons fails when
# a committed export is not what the SVG gives now.
icons:
	scripts/icons.sh

check-icons:
	scripts/icons.sh --check

# Benchmarks (not part of `make test`): each figure next to a baseline
# measured in the same run, printed as `bench: <name> = <number> <unit>`.
bench:
	@mkdir -p test-artifacts
	go test -run '^$$' -bench . -benchtime 10x -count 3 ./backend/... | tee test-artifacts/bench.txt | scripts/bench-report.awk
	@$(MAKE) --no-print-directory bench-startup
	@$(MAKE) --no-print-directory bench-e2e

# The figures measured in the webview (frontend/e2e/*.bench.mjs: the avatar
# path, a 10,000-entry vault), through the end-to-end harness, with the Go
# side optimised as released.
bench-e2e: deps
	E2E_SUFFIX=.bench.mjs E2E_RELEASE_GO=1 scripts/e2e.sh

# Start-up time, memory and binary size next to the bare Wails template
# (issue 13): scripts/bench-startup.sh, on the binary `make build` makes
# (deps: Xvfb and the rest of the test packages).
bench-startup: deps build
	scripts/bench-startup.sh $(BINARY)

# Crash test (issue 11; not part of `make test`): 100 cycles of SIGKILL at a
# random moment during deletion plus compaction, or during a backup; after
# each, the file must open, pass the check and hold every acknowledged write.
crash:
	CGO_ENABLED=0 PASSDESK_CRASH_CYCLES=100 go test -count=1 -v -run '^TestCrashKills' ./backend/store/

clean:
	rm -rf build/bin frontend/dist test-artifacts

// Package keychaintest gives a test the real system keychain on Linux: a
// gnome-keyring daemon of the test's own, its login keyring unlocked,
// serving the Secret Service (org.freedesktop.secrets) on the D-Bus session
// bus, where keychain.OS finds it through go-keyring. make test-keychain
// runs those tests under dbus-run-session, so the bus and the daemon are
// private to the run.
//
// A test that cannot have it — not Linux, no session bus, gnome-keyring or
// secret-tool not installed, a Secret Service already on the bus (a
// desktop's own keyring, which a test must not touch) — is skipped with the
// reason, or fails when $PASSDESK_REQUIRE_KEYRING is 1.
package keychaintest

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/godbus/dbus/v5"

	"passdesk/backend/keychain"
)

// RequireEnv, set to 1, turns every reason to skip into a failure.
const RequireEnv = "PASSDESK_REQUIRE_KEYRING"

// secretsName is the Secret Service's well-known bus name.
const secretsName = "org.freedesktop.secrets"

// unavailable skips t, or fails it under RequireEnv.
func unavailable(t testing.TB, reason string) {
	t.Helper()
	if os.Getenv(RequireEnv) == "1" {
		t.Fatalf("no Secret Service to test against (%s=1): %s", RequireEnv, reason)
	}
	t.Skipf("no Secret Service to test against: %s (make test-keychain provides one)", reason)
}

// Start starts the daemon for t and returns once it serves the Secret
// Service; it is stopped, and its keyring removed, when t ends.
func Start(t testing.TB) {
	t.Helper()
	if runtime.GOOS != "linux" {
		unavailable(t, "the Secret Service is Linux's keychain")
	}
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		unavailable(t, "no D-Bus session bus (run the test under dbus-run-session)")
	}
	for _, tool := range []string{"gnome-keyring-daemon", "secret-tool"} {
		if _, err := exec.LookPath(tool); err != nil {
			unavailable(t, tool+" is not installed (scripts/setup.sh installs it)")
		}
	}
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		unavailable(t, "cannot reach the session bus: "+err.Error())
	}
	t.Cleanup(func() { _ = conn.Close() })
	var owned bool
	if err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, secretsName).Store(&owned); err != nil {
		t.Fatal(err)
	}
	if owned {
		unavailable(t, "a Secret Service already runs on this session bus and the test leaves it alone")
	}

	// Subscribe before starting, so the name's arrival cannot be missed.
	if err := conn.AddMatchSignal(dbus.WithMatchInterface("org.freedesktop.DBus"),
		dbus.WithMatchMember("NameOwnerChanged"), dbus.WithMatchArg(0, secretsName)); err != nil {
		t.Fatal(err)
	}
	signals := make(chan *dbus.Signal, 4)
	conn.Signal(signals)

	// The keyring files and the control socket go to folders of the
	// test's own; the socket's folder is short (a socket path has a
	// length limit that a test's temporary folder can pass).
	run, err := os.MkdirTemp("", "keyring")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(run) })
	home := t.TempDir()
	daemon := exec.Command("gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets")
	daemon.Env = append(os.Environ(), "HOME="+home, "XDG_DATA_HOME="+filepath.Join(home, "data"),
		"XDG_CONFIG_HOME="+filepath.Join(home, "config"), "XDG_RUNTIME_DIR="+run)
	// --unlock reads the login keyring's password from stdin; without a
	// login keyring, it creates one with that password, unlocked.
	daemon.Stdin = strings.NewReader("passdesk-test-keyring")
	var output bytes.Buffer
	daemon.Stdout, daemon.Stderr = &output, &output
	if err := daemon.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- daemon.Wait() }()
	t.Cleanup(func() {
		_ = daemon.Process.Signal(syscall.SIGTERM)
		<-exited
	})
	for {
		select {
		case err := <-exited:
			exited <- err // for the cleanup
			t.Fatalf("gnome-keyring-daemon exited before serving the Secret Service: %v\n%s", err, output.String())
		case s := <-signals:
			if s.Name == "org.freedesktop.DBus.NameOwnerChanged" && len(s.Body) == 3 && s.Body[2] != "" {
				return
			}
		}
	}
}

// Lookup reads account's secret under keychain.Service through libsecret's
// secret-tool, a client that shares no code with go-keyring: what it finds
// is in the Secret Service itself.
func Lookup(t testing.TB, account string) (secret string, found bool) {
	t.Helper()
	out, err := exec.Command("secret-tool", "lookup", "service", keychain.Service, "username", account).Output()
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 1 && len(out) == 0 {
		return "", false
	}
	if err != nil {
		t.Fatalf("secret-tool lookup: %v", err)
	}
	return string(out), true
}

// Count is how many items the Secret Service holds under keychain.Service,
// as secret-tool lists them.
func Count(t testing.TB) int {
	t.Helper()
	out, err := exec.Command("secret-tool", "search", "--all", "service", keychain.Service).Output()
	if err != nil {
		t.Fatalf("secret-tool search: %v", err)
	}
	n := 0
	for line := range strings.Lines(string(out)) {
		if strings.HasPrefix(line, "[") { // each item starts "[/<its id>]"
			n++
		}
	}
	return n
}

package wake_test

import (
	"bufio"
	"os/exec"
	"strings"
	"testing"

	"github.com/godbus/dbus/v5"

	"passdesk/backend/wake"
)

// privateBus starts a D-Bus daemon of its own for the test and returns its
// address; it is killed at cleanup.
func privateBus(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("dbus-daemon"); err != nil {
		t.Skip("dbus-daemon is not installed (apt: dbus)")
	}
	cmd := exec.Command("dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("dbus-daemon printed no address: %v", err)
	}
	return strings.TrimSpace(addr)
}

func connect(t *testing.T, addr string) *dbus.Conn {
	t.Helper()
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

// fakeLogind owns logind's name on the bus, to send its signal.
func fakeLogind(t *testing.T, addr string) *dbus.Conn {
	t.Helper()
	conn := connect(t, addr)
	if reply, err := conn.RequestName("org.freedesktop.login1", dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("cannot own logind's name: %v, %v", reply, err)
	}
	return conn
}

func sleepSignal(t *testing.T, conn *dbus.Conn, sleeping bool) {
	t.Helper()
	if err := conn.Emit("/org/freedesktop/login1", "org.freedesktop.login1.Manager.PrepareForSleep", sleeping); err != nil {
		t.Fatal(err)
	}
}

// Through a real bus: each resume logind announces is reported.
func TestEachResumeIsReported(t *testing.T) {
	addr := privateBus(t)
	logind := fakeLogind(t, addr)
	wakes := make(chan struct{})
	w, err := wake.Watch(connect(t, addr), func() { wakes <- struct{}{} })
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	for range 3 {
		sleepSignal(t, logind, true)
		sleepSignal(t, logind, false)
		<-wakes
	}
}

func TestStopEndsTheWatch(t *testing.T) {
	addr := privateBus(t)
	logind := fakeLogind(t, addr)
	woke := make(chan struct{}, 8)
	conn := connect(t, addr)
	w, err := wake.Watch(conn, func() { woke <- struct{}{} })
	if err != nil {
		t.Fatal(err)
	}
	sleepSignal(t, logind, false)
	<-woke
	w.Stop()
	w.Stop() // twice is harmless
	if conn.Connected() {
		t.Fatal("the connection is still open after Stop")
	}
}

//go:build !windows

package testutil

import (
	"errors"
	"os"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// AwaitReadable returns once f (a pipe's read end, say) has bytes to read,
// failing t if none come within a minute: a guard against a hang, not a
// wait that decides the outcome. A poll a signal interrupts (the Go
// runtime's preemption, SIGURG, comes often on a loaded machine) is made
// again.
func AwaitReadable(t testing.TB, f *os.File) {
	t.Helper()
	fds := []unix.PollFd{{Fd: int32(f.Fd()), Events: unix.POLLIN}}
	n, err := unix.Poll(fds, int(time.Minute.Milliseconds()))
	for errors.Is(err, unix.EINTR) {
		n, err = unix.Poll(fds, int(time.Minute.Milliseconds()))
	}
	if n != 1 || err != nil {
		t.Fatalf("nothing to read from %s: %d, %v", f.Name(), n, err)
	}
}

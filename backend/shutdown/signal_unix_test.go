//go:build unix

package shutdown

import (
	"errors"
	"os"
	"syscall"
	"testing"
	"time"
)

// The real path: the guard catches a SIGTERM sent to the process (which
// would otherwise kill the test binary).
func TestWatchCatchesARealSIGTERM(t *testing.T) {
	timers := make(chan time.Duration, 1)
	g := Watch(Config{
		After: func(d time.Duration) <-chan time.Time { timers <- d; return nil },
		Exit:  func(int) {},
	})
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-timers:
	case <-time.After(time.Minute): // a guard against a hang, not a wait
		t.Fatal("the guard did not see the signal")
	}
	var stop *Interrupted
	if !errors.As(g.Err(), &stop) || stop.Signal != syscall.SIGTERM {
		t.Fatalf("Err = %v, want Interrupted by SIGTERM", g.Err())
	}
}

package shutdown

import (
	"errors"
	"os"
	"reflect"
	"sync"
	"syscall"
	"testing"
	"time"
)

// timer is one wait the guard asked for; the test fires it (or not).
type timer struct {
	d    time.Duration
	fire chan time.Time
}

// harness runs a Guard on a signal channel, a clock and an exit the test
// controls: no real time passes in these tests.
type harness struct {
	signals chan os.Signal
	timers  chan timer
	exited  chan int
	guard   *Guard
}

func newHarness(t *testing.T) *harness {
	h := &harness{signals: make(chan os.Signal, 2), timers: make(chan timer, 4), exited: make(chan int, 1)}
	h.guard = Watch(Config{
		Signals: h.signals,
		After: func(d time.Duration) <-chan time.Time {
			ch := make(chan time.Time, 1)
			h.timers <- timer{d, ch}
			return ch
		},
		Exit: func(code int) { h.exited <- code },
	})
	return h
}

// waitTimer is the next wait the guard starts, which must last d.
func (h *harness) waitTimer(t *testing.T, d time.Duration) timer {
	t.Helper()
	select {
	case tm := <-h.timers:
		if tm.d != d {
			t.Fatalf("guard waits %v, want %v", tm.d, d)
		}
		return tm
	case code := <-h.exited:
		// The guard asks for its wait before it exits, so both may be ready
		// when this goroutine comes to look (a loaded machine): a wait
		// already asked for is the order kept, not an exit instead of it.
		select {
		case tm := <-h.timers:
			h.exited <- code
			if tm.d != d {
				t.Fatalf("guard waits %v, want %v", tm.d, d)
			}
			return tm
		default:
		}
		t.Fatalf("exited (%d) instead of waiting %v", code, d)
	case <-time.After(time.Minute): // a guard against a hang, not a wait
		t.Fatalf("guard never waited %v", d)
	}
	return timer{}
}

func (h *harness) exitCode(t *testing.T) int {
	t.Helper()
	select {
	case code := <-h.exited:
		return code
	case <-time.After(time.Minute): // a guard against a hang, not a wait
		t.Fatal("guard never ended the process")
	}
	return 0
}

// closer records the order in which the guard closes things.
type closer struct {
	name  string
	mu    *sync.Mutex
	order *[]string
	block chan struct{} // nil: returns at once
}

func (c closer) Close() error {
	if c.block != nil {
		<-c.block
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	*c.order = append(*c.order, c.name)
	return nil
}

func TestASignalIsReportedThenTheDataClosedAndTheProcessEnded(t *testing.T) {
	h := newHarness(t)
	var mu sync.Mutex
	var order []string
	h.guard.CloseOnExit(closer{"database", &mu, &order, nil})
	h.guard.CloseOnExit(closer{"control socket", &mu, &order, nil})
	if err := h.guard.WindowUp(); err != nil {
		t.Fatalf("WindowUp before any signal = %v", err)
	}

	h.signals <- syscall.SIGTERM
	grace := h.waitTimer(t, Grace)
	var stop *Interrupted
	if err := h.guard.Err(); !errors.As(err, &stop) || stop.Signal != syscall.SIGTERM {
		t.Fatalf("Err after SIGTERM = %v, want Interrupted by SIGTERM (start-up checks it between steps)", err)
	}
	grace.fire <- time.Now()
	h.waitTimer(t, CloseWait)
	if code := h.exitCode(t); code != 128+15 {
		t.Fatalf("exit status %d, want 143 (128+SIGTERM)", code)
	}
	if want := []string{"control socket", "database"}; !reflect.DeepEqual(order, want) {
		t.Fatalf("closed %v, want %v (last given, first closed)", order, want)
	}
}

func TestTheWindowGetsTheGraceBeforeTheDataIsClosed(t *testing.T) {
	h := newHarness(t)
	closed := make(chan struct{})
	h.guard.CloseOnExit(closeFunc(func() error { close(closed); return nil }))
	h.guard.WindowUp()
	h.signals <- syscall.SIGINT
	grace := h.waitTimer(t, Grace)
	select {
	case <-closed:
		t.Fatal("the data was closed under the still-closing window")
	case code := <-h.exited:
		t.Fatalf("exited (%d) before the grace time was over", code)
	default:
	}
	grace.fire <- time.Now()
	h.waitTimer(t, CloseWait)
	if code := h.exitCode(t); code != 128+2 {
		t.Fatalf("exit status %d, want 130 (128+SIGINT)", code)
	}
	<-closed
}

// Without a window up (starting, or showing an error dialog) nothing of
// the user's waits to be saved: the guard closes the data at once.
func TestWithoutAWindowUpASignalEndsAtOnce(t *testing.T) {
	for _, tc := range []struct {
		name   string
		window func(*Guard)
	}{
		{"before the window", func(*Guard) {}},
		{"after the window closed", func(g *Guard) { g.WindowUp(); g.WindowDown() }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			closed := make(chan struct{})
			h.guard.CloseOnExit(closeFunc(func() error { close(closed); return nil }))
			tc.window(h.guard)
			h.signals <- syscall.SIGTERM
			h.waitTimer(t, CloseWait) // and no Grace before it
			if code := h.exitCode(t); code != 143 {
				t.Fatalf("exit status %d, want 143", code)
			}
			<-closed
		})
	}
}

// A window that comes up after the signal is told to close: Wails' own
// handler lost the signal while its main loop was not running.
func TestAWindowUpAfterASignalIsToldToClose(t *testing.T) {
	h := newHarness(t)
	h.signals <- syscall.SIGTERM
	h.waitTimer(t, CloseWait) // the signal is recorded by then
	var stop *Interrupted
	if err := h.guard.WindowUp(); !errors.As(err, &stop) {
		t.Fatalf("WindowUp after SIGTERM = %v, want Interrupted", err)
	}
}

type closeFunc func() error

func (f closeFunc) Close() error { return f() }

func TestAStuckCloseDoesNotKeepTheProcessAlive(t *testing.T) {
	h := newHarness(t)
	var mu sync.Mutex
	var order []string
	stuck := make(chan struct{})
	t.Cleanup(func() { close(stuck) })
	h.guard.CloseOnExit(closer{"database", &mu, &order, stuck})
	h.guard.WindowUp()

	h.signals <- syscall.SIGTERM
	h.waitTimer(t, Grace).fire <- time.Now()
	h.waitTimer(t, CloseWait).fire <- time.Now()
	if code := h.exitCode(t); code != 143 {
		t.Fatalf("exit status %d, want 143", code)
	}
}

func TestASecondSignalEndsWithoutWaitingOutTheGrace(t *testing.T) {
	h := newHarness(t)
	h.guard.WindowUp()
	h.signals <- syscall.SIGTERM
	h.waitTimer(t, Grace) // never fired
	h.signals <- syscall.SIGINT
	h.waitTimer(t, CloseWait)
	if code := h.exitCode(t); code != 143 {
		t.Fatalf("exit status %d, want 143 (the first signal's)", code)
	}
}

type unnumbered struct{}

func (unnumbered) String() string { return "unnumbered" }
func (unnumbered) Signal()        {}

func TestExitCodeOfASignalWithoutANumber(t *testing.T) {
	if code := (&Interrupted{Signal: unnumbered{}}).ExitCode(); code != 1 {
		t.Fatalf("exit code %d, want 1", code)
	}
	if got := (&Interrupted{Signal: syscall.SIGTERM}).Error(); got != "stopped by terminated" {
		t.Fatalf("Error() = %q", got)
	}
}

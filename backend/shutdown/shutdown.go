// Package shutdown ends PassDesk within a bounded time of SIGTERM or
// SIGINT, whatever it is doing when the signal comes: opening or migrating
// the database, starting the window, running, or showing an error dialog.
//
// Wails handles these signals itself only by asking GTK's main loop to
// quit; a signal that arrives before that loop runs is lost and the process
// would run on, holding the database lock, so every later launch would be
// refused as "already in use". A Guard records the signal (Err). While a
// window is up (WindowUp to WindowDown) it gives that window Grace to close
// the normal way, saving its state; otherwise — opening the data, starting
// the window, showing an error dialog — nothing of the user's is open in a
// window, and it closes the data and exits at once.
package shutdown

import (
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

const (
	// Grace is how long a window that is up gets, after a signal, to close
	// the normal way (saving its state) before the guard ends the process.
	// A loaded machine (two CPU hogs on two cores) spends over a second
	// more between the signal and the exit, so the deliberate waits leave
	// 1.5 s of the 3 s for that.
	Grace = 1000 * time.Millisecond
	// CloseWait bounds the guard's own closing of the data: a close that
	// waits on a stuck transaction must not keep the process alive. Grace
	// plus CloseWait stays well inside the 3 s the app has (SPEC §8).
	CloseWait = 500 * time.Millisecond
)

// Interrupted is the error of a run that a signal ended.
type Interrupted struct{ Signal os.Signal }

func (e *Interrupted) Error() string { return "stopped by " + e.Signal.String() }

// ExitCode is the shell's convention for a death by signal: 128 plus the
// signal's number (143 for SIGTERM, 130 for SIGINT), or 1 for a signal
// without a number.
func (e *Interrupted) ExitCode() int {
	if s, ok := e.Signal.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 1
}

// Config is what a Guard watches and how it ends the process. Only Log is
// set in production; the rest are for tests.
type Config struct {
	Log *slog.Logger
	// Signals delivers the signals to act on; nil means SIGTERM and SIGINT
	// from the operating system.
	Signals <-chan os.Signal
	// After is the timer (time.After when nil).
	After func(time.Duration) <-chan time.Time
	// Exit ends the process (os.Exit when nil).
	Exit func(code int)
}

// Guard watches for the signals from Watch until the process ends.
type Guard struct {
	cfg Config

	mu       sync.Mutex
	stopped  *Interrupted
	windowUp bool
	closers  []io.Closer
}

// Watch starts watching for SIGTERM and SIGINT. From the first one on, Err
// reports it, and the guard closes what was given to CloseOnExit and exits
// with Interrupted.ExitCode: at once when no window is up, else after Grace
// or at a second signal, the normal path being expected to have ended the
// process before that.
func Watch(cfg Config) *Guard {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.After == nil {
		cfg.After = time.After
	}
	if cfg.Exit == nil {
		cfg.Exit = os.Exit
	}
	signals := cfg.Signals
	if signals == nil {
		ch := make(chan os.Signal, 2)
		signal.Notify(ch, syscall.SIGTERM, syscall.SIGINT)
		signals = ch
	}
	g := &Guard{cfg: cfg}
	go g.watch(signals)
	return g
}

func (g *Guard) watch(signals <-chan os.Signal) {
	sig := <-signals
	stop := &Interrupted{Signal: sig}
	g.mu.Lock()
	g.stopped = stop
	windowUp := g.windowUp
	g.mu.Unlock()
	g.cfg.Log.Info("stopping", "signal", sig.String(), "window_up", windowUp)
	if windowUp {
		select {
		case <-g.cfg.After(Grace):
			g.cfg.Log.Warn("the window did not close in time: closing the data and exiting", "signal", sig.String(), "grace", Grace)
		case again := <-signals:
			g.cfg.Log.Warn("signalled again: closing the data and exiting", "signal", again.String())
		}
	}
	g.closeAll()
	g.cfg.Exit(stop.ExitCode())
}

// closeAll closes what CloseOnExit was given, last given first, waiting
// at most CloseWait: the exit releases the file lock anyway, and bbolt's
// committed transactions are already on disk.
func (g *Guard) closeAll() {
	g.mu.Lock()
	closers := append([]io.Closer(nil), g.closers...)
	g.mu.Unlock()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := len(closers) - 1; i >= 0; i-- {
			if err := closers[i].Close(); err != nil {
				g.cfg.Log.Warn("closing on exit", "err", err)
			}
		}
	}()
	select {
	case <-done:
	case <-g.cfg.After(CloseWait):
		g.cfg.Log.Warn("the data did not close in time: exiting anyway", "wait", CloseWait)
	}
}

// CloseOnExit has the guard close c before it ends the process. The caller
// still closes c itself on the normal path; c's Close must allow that
// second call (bbolt's does).
func (g *Guard) CloseOnExit(c io.Closer) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.closers = append(g.closers, c)
}

// WindowUp marks the window as running, from its DOM-ready on: a signal
// from now on gives it Grace to close the normal way. It returns Err, so a
// window that comes up after a signal (one that Wails' own handler lost,
// its main loop not running yet) can be closed at once.
func (g *Guard) WindowUp() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.windowUp = true
	return g.errLocked()
}

// WindowDown marks the window as closed: a signal from now on (while an
// error dialog shows, say) ends the process at once.
func (g *Guard) WindowDown() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.windowUp = false
}

// Err is an *Interrupted once a signal has come, nil before. Start-up
// checks it between its steps, and the window once it is up, so a signal
// that came before Wails' own handler could act is not lost.
func (g *Guard) Err() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.errLocked()
}

// errLocked is Err's value; g.mu is held. (A nil *Interrupted in an error
// would not be a nil error.)
func (g *Guard) errLocked() error {
	if g.stopped == nil {
		return nil
	}
	return g.stopped
}

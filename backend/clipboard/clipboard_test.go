package clipboard

import (
	"errors"
	"sync"
	"testing"
	"time"
)

type fakeBoard struct {
	mu      sync.Mutex
	text    string
	failGet error
}

func (b *fakeBoard) Text() (string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.text, b.failGet
}

func (b *fakeBoard) SetText(s string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.text = s
	return nil
}

func (b *fakeBoard) get() string { s, _ := b.Text(); return s }

// timers stands in for time.AfterFunc: the test fires the removals itself.
type timers struct {
	mu      sync.Mutex
	pending []*fakeTimer
}

type fakeTimer struct {
	delay   time.Duration
	f       func()
	stopped bool
}

func (t *fakeTimer) Stop() bool { was := !t.stopped; t.stopped = true; return was }

func (ts *timers) afterFunc(d time.Duration, f func()) stopper {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	t := &fakeTimer{delay: d, f: f}
	ts.pending = append(ts.pending, t)
	return t
}

// fire runs every removal not stopped, as if its delay had passed.
func (ts *timers) fire() {
	ts.mu.Lock()
	due := ts.pending
	ts.pending = nil
	ts.mu.Unlock()
	for _, t := range due {
		if !t.stopped {
			t.f()
		}
	}
}

func newCopier() (*Copier, *fakeBoard, *timers) {
	board, ts := &fakeBoard{}, &timers{}
	c := New(board, ClearAfter)
	c.afterFunc = ts.afterFunc
	return c, board, ts
}

func TestACopiedSecretIsClearedAfterTheDelay(t *testing.T) {
	c, board, ts := newCopier()
	if err := c.Copy("s3cret"); err != nil {
		t.Fatal(err)
	}
	if got := board.get(); got != "s3cret" {
		t.Fatalf("clipboard = %q", got)
	}
	if len(ts.pending) != 1 || ts.pending[0].delay != ClearAfter {
		t.Fatalf("removal not scheduled after %v: %+v", ClearAfter, ts.pending)
	}
	ts.fire()
	if got := board.get(); got != "" {
		t.Fatalf("clipboard = %q after the delay", got)
	}
}

func TestWhatTheUserCopiedSinceIsKept(t *testing.T) {
	c, board, ts := newCopier()
	_ = c.Copy("s3cret")
	_ = board.SetText("my own note")
	ts.fire()
	if got := board.get(); got != "my own note" {
		t.Fatalf("clipboard = %q, the user's copy was cleared", got)
	}
}

func TestANewCopyReplacesThePendingRemoval(t *testing.T) {
	c, board, ts := newCopier()
	_ = c.Copy("first")
	first := ts.pending[0]
	_ = c.Copy("second")
	if !first.stopped {
		t.Fatal("the first copy's removal is still pending")
	}
	first.f() // a timer that had already fired when it was stopped
	if got := board.get(); got != "second" {
		t.Fatalf("clipboard = %q, the second copy was cleared by the first's removal", got)
	}
	ts.fire()
	if got := board.get(); got != "" {
		t.Fatalf("clipboard = %q after the second copy's delay", got)
	}
}

// ClearNow is what the app calls at lock, sign-out, account deletion and quit.
func TestClearNowTakesTheSecretOffAtOnce(t *testing.T) {
	c, board, ts := newCopier()
	_ = c.Copy("s3cret")
	if err := c.ClearNow(); err != nil {
		t.Fatal(err)
	}
	if got := board.get(); got != "" {
		t.Fatalf("clipboard = %q after ClearNow", got)
	}
	if !ts.pending[0].stopped {
		t.Fatal("the timed removal is still pending after ClearNow")
	}
	// The timed removal, had it fired anyway, and a second ClearNow leave
	// what the user copies afterwards alone.
	_ = board.SetText("my own note")
	ts.pending[0].f()
	if err := c.ClearNow(); err != nil {
		t.Fatal(err)
	}
	if got := board.get(); got != "my own note" {
		t.Fatalf("clipboard = %q, the user's later copy was cleared", got)
	}
}

func TestClearNowKeepsWhatTheUserCopiedSince(t *testing.T) {
	c, board, _ := newCopier()
	_ = c.Copy("s3cret")
	_ = board.SetText("my own note")
	if err := c.ClearNow(); err != nil {
		t.Fatal(err)
	}
	if got := board.get(); got != "my own note" {
		t.Fatalf("clipboard = %q, the user's copy was cleared", got)
	}
	// Nor is it cleared once the user copies the secret's text back by hand.
	_ = board.SetText("s3cret")
	if err := c.ClearNow(); err != nil {
		t.Fatal(err)
	}
	if got := board.get(); got != "s3cret" {
		t.Fatalf("clipboard = %q: a copy PassDesk no longer owns was cleared", got)
	}
}

func TestClearNowWithNothingCopiedLeavesTheClipboardAlone(t *testing.T) {
	c, board, _ := newCopier()
	_ = board.SetText("my own note")
	board.failGet = errors.New("must not be read")
	if err := c.ClearNow(); err != nil {
		t.Fatalf("ClearNow read the clipboard with nothing copied: %v", err)
	}
	if got, _ := board.Text(); got != "my own note" {
		t.Fatalf("clipboard = %q", got)
	}
}

func TestClearNowReportsAnUnreadableClipboard(t *testing.T) {
	c, board, _ := newCopier()
	_ = c.Copy("s3cret")
	board.failGet = errors.New("no display")
	if err := c.ClearNow(); err == nil {
		t.Fatal("ClearNow said nothing about an unreadable clipboard")
	}
}

// TestAFailedRemovalIsTriedAgainAtTheNextMoment: when the clipboard cannot
// be read as the delay ends (or at a lock), the secret is still PassDesk's
// to remove, so the next moment — lock, sign-out, quit — takes it off.
func TestAFailedRemovalIsTriedAgainAtTheNextMoment(t *testing.T) {
	c, board, ts := newCopier()
	_ = c.Copy("s3cret")
	board.mu.Lock()
	board.failGet = errors.New("clipboard busy")
	board.mu.Unlock()
	ts.fire() // the delay ends while the clipboard cannot be read
	if err := c.ClearNow(); err == nil {
		t.Fatal("ClearNow said nothing about an unreadable clipboard")
	}
	board.mu.Lock()
	board.failGet = nil
	board.mu.Unlock()
	if err := c.ClearNow(); err != nil {
		t.Fatal(err)
	}
	if got := board.get(); got != "" {
		t.Fatalf("after the failed removals the clipboard still holds %q", got)
	}
}

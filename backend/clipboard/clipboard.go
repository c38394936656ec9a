// Package clipboard copies secrets to the system clipboard and takes them
// back out after a while, or at once when the session ends, unless the user
// copied something else since.
package clipboard

import (
	"crypto/sha256"
	"sync"
	"time"
)

// ClearAfter is how long a copied password stays on the clipboard.
const ClearAfter = 30 * time.Second

// Board is the system clipboard (the Wails runtime's, in the app).
type Board interface {
	Text() (string, error)
	SetText(string) error
}

// Copier puts text on a Board and clears it after a delay, or when told to.
type Copier struct {
	board Board
	after time.Duration
	// afterFunc is time.AfterFunc; tests run the removal themselves.
	afterFunc func(time.Duration, func()) stopper

	mu sync.Mutex
	// copied is the SHA-256 of what this Copier last put on the board, kept
	// instead of the text so the secret does not stay in memory; nil once
	// it has been cleared or was found replaced.
	copied *[sha256.Size]byte
	timer  stopper
}

type stopper interface{ Stop() bool }

// New returns a copier that clears what it copied after the given delay.
func New(board Board, after time.Duration) *Copier {
	return &Copier{board: board, after: after,
		afterFunc: func(d time.Duration, f func()) stopper { return time.AfterFunc(d, f) }}
}

// Copy puts text on the clipboard and schedules its removal. A newer Copy
// replaces the pending removal.
func (c *Copier) Copy(text string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.board.SetText(text); err != nil {
		return err
	}
	sum := sha256.Sum256([]byte(text))
	c.copied = &sum
	c.stopLocked()
	c.timer = c.afterFunc(c.after, func() { _ = c.clearIf(&sum) })
	return nil
}

// ClearNow takes what the Copier put on the clipboard back off at once (at
// lock, sign-out, account deletion and quit), if the clipboard still holds
// it: what the user copied in the meantime is theirs to keep. With nothing
// of the Copier's pending it does nothing. Its error is the board's.
func (c *Copier) ClearNow() error {
	c.mu.Lock()
	copied := c.copied
	c.mu.Unlock()
	if copied == nil {
		return nil
	}
	return c.clearIf(copied)
}

// clearIf empties the clipboard if it still holds the text whose digest is
// sum and sum is still the Copier's latest copy (a newer Copy owns the
// clipboard and its own removal). sum is forgotten once the clipboard is
// known not to hold the text any more; when it cannot be read or emptied,
// sum is kept, so the next ClearNow (lock, sign-out, quit) tries again.
func (c *Copier) clearIf(sum *[sha256.Size]byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.copied != sum {
		return nil
	}
	c.stopLocked()
	current, err := c.board.Text()
	if err != nil {
		return err
	}
	if sha256.Sum256([]byte(current)) == *sum {
		if err := c.board.SetText(""); err != nil {
			return err
		}
	}
	c.copied = nil
	return nil
}

func (c *Copier) stopLocked() {
	if c.timer != nil {
		c.timer.Stop()
		c.timer = nil
	}
}

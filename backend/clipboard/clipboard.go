// Package clipboard copies secrets to the system clipboard and takes them
// back out after a while, unless the user copied something else since.
package clipboard

import (
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

// Copier puts text on a Board and clears it after a delay.
type Copier struct {
	board Board
	after time.Duration

	mu    sync.Mutex
	timer *time.Timer
}

// New returns a copier that clears what it copied after the given delay.
func New(board Board, after time.Duration) *Copier {
	return &Copier{board: board, after: after}
}

// Copy puts text on the clipboard and schedules its removal. A newer Copy
// replaces the pending removal.
func (c *Copier) Copy(text string) error {
	if err := c.board.SetText(text); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.timer != nil {
		c.timer.Stop()
	}
	c.timer = time.AfterFunc(c.after, func() { c.clearIfStill(text) })
	return nil
}

// clearIfStill empties the clipboard if it still holds text: what the user
// copied in the meantime is theirs to keep.
func (c *Copier) clearIfStill(text string) {
	if current, err := c.board.Text(); err == nil && current == text {
		_ = c.board.SetText("")
	}
}

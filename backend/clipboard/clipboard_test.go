package clipboard

import (
	"sync"
	"testing"
	"time"
)

type fakeBoard struct {
	mu   sync.Mutex
	text string
}

func (b *fakeBoard) Text() (string, error) { b.mu.Lock(); defer b.mu.Unlock(); return b.text, nil }
func (b *fakeBoard) SetText(s string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.text = s
	return nil
}

func eventually(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in time")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestACopiedSecretIsClearedAfterTheDelay(t *testing.T) {
	board := &fakeBoard{}
	c := New(board, 20*time.Millisecond)
	if err := c.Copy("s3cret"); err != nil {
		t.Fatal(err)
	}
	if got, _ := board.Text(); got != "s3cret" {
		t.Fatalf("clipboard = %q", got)
	}
	eventually(t, func() bool { got, _ := board.Text(); return got == "" })
}

func TestWhatTheUserCopiedSinceIsKept(t *testing.T) {
	board := &fakeBoard{}
	c := New(board, 20*time.Millisecond)
	_ = c.Copy("s3cret")
	_ = board.SetText("my own note")
	time.Sleep(100 * time.Millisecond)
	if got, _ := board.Text(); got != "my own note" {
		t.Fatalf("clipboard = %q, the user's copy was cleared", got)
	}
}

func TestANewCopyRestartsTheDelay(t *testing.T) {
	board := &fakeBoard{}
	c := New(board, 50*time.Millisecond)
	_ = c.Copy("first")
	time.Sleep(30 * time.Millisecond)
	_ = c.Copy("second")
	time.Sleep(30 * time.Millisecond)
	if got, _ := board.Text(); got != "second" {
		t.Fatalf("clipboard = %q, cleared too early", got)
	}
	eventually(t, func() bool { got, _ := board.Text(); return got == "" })
}

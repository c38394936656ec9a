package store_test

import (
	"errors"
	"testing"

	"passdesk/backend/internal/testutil"
	"passdesk/backend/store"
)

// Reads keep their generation until something was written: an Update
// (even one rolled back) or a compaction gives later reads a new one.
func TestTheGenerationChangesWithEveryWrite(t *testing.T) {
	db := testutil.OpenDB(t)
	gen := func() uint64 {
		t.Helper()
		var g uint64
		if err := db.View(func(tx *store.Tx) error { g = tx.Generation(); return nil }); err != nil {
			t.Fatal(err)
		}
		return g
	}
	first := gen()
	if again := gen(); again != first {
		t.Fatalf("two reads with nothing written between them: %d, then %d", first, again)
	}
	steps := []struct {
		name  string
		write func() error
	}{
		{"an update", func() error { return db.Update(func(*store.Tx) error { return nil }) }},
		{"a rolled-back update", func() error {
			errNo := errors.New("no")
			if err := db.Update(func(*store.Tx) error { return errNo }); !errors.Is(err, errNo) {
				return err
			}
			return nil
		}},
		{"a compaction", func() error { _, err := db.Compact(); return err }},
	}
	last := first
	for _, step := range steps {
		if err := step.write(); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if now := gen(); now == last {
			t.Fatalf("after %s the generation is still %d", step.name, now)
		} else {
			last = now
		}
	}
}

package windowstate_test

import (
	"errors"
	"testing"

	"passdesk/backend/internal/testutil"
	"passdesk/backend/store"
	"passdesk/backend/windowstate"
)

func TestASavedStateRoundTripsAndDamageIsReported(t *testing.T) {
	db := testutil.OpenDB(t)
	if _, ok, err := windowstate.Load(db); ok || err != nil {
		t.Fatalf("fresh database: ok=%v err=%v", ok, err)
	}
	want := windowstate.State{X: -1200, Y: 40, Width: 900, Height: 700, Maximised: true}
	if err := windowstate.Save(db, want); err != nil {
		t.Fatal(err)
	}
	if got, ok, err := windowstate.Load(db); !ok || err != nil || got != want {
		t.Fatalf("got %+v, %v, %v; want %+v", got, ok, err, want)
	}
	// A flipped byte breaks the record's integrity tag: damage, reported as
	// such rather than read as a state or as none.
	path := db.Path()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	testutil.FlipInValue(t, path, "settings", "window_state")
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got, ok, err := windowstate.Load(db); ok || !errors.Is(err, store.ErrDamaged) {
		t.Fatalf("damaged record read as %+v, ok=%v, err=%v; want store.ErrDamaged", got, ok, err)
	}
}

// What does not parse as a state (written by a newer PassDesk, say) reads
// as none, so the window opens where it would on first start.
func TestAnUnparsableStateReadsAsNone(t *testing.T) {
	db := testutil.OpenDB(t)
	if err := db.Update(func(tx *store.Tx) error { return tx.SetWindowState([]byte("{not json")) }); err != nil {
		t.Fatal(err)
	}
	if got, ok, err := windowstate.Load(db); ok || err != nil || got != (windowstate.State{}) {
		t.Fatalf("got %+v, ok=%v, err=%v; want none", got, ok, err)
	}
}

package settings_test

import (
	"testing"

	"passdesk/backend/apperr"
	"passdesk/backend/internal/testutil"
	"passdesk/backend/settings"
)

func TestIdleLockDefaultsToFifteenMinutes(t *testing.T) {
	svc := settings.New(testutil.OpenDB(t))
	if got, err := svc.Get(); err != nil || got.IdleLockMinutes != 15 {
		t.Fatalf("default = %d, %v", got.IdleLockMinutes, err)
	}
}

func TestIdleLockBounds(t *testing.T) {
	svc := settings.New(testutil.OpenDB(t))
	const current = 30
	if _, err := svc.Update(settings.Settings{IdleLockMinutes: current}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		minutes int
		ok      bool
	}{
		{-1, false}, {0, false}, {1, true}, {240, true}, {241, false}, {100000, false},
	} {
		want := current
		if c.ok {
			want = c.minutes
		}
		got, err := svc.Update(settings.Settings{IdleLockMinutes: c.minutes})
		switch {
		case c.ok && (err != nil || got.IdleLockMinutes != c.minutes):
			t.Errorf("%d minutes refused: %v", c.minutes, err)
		case !c.ok && apperr.As(err).Fields["idle_lock_minutes"] != apperr.MinutesRange(settings.MinIdleLockMinutes, settings.MaxIdleLockMinutes):
			t.Errorf("%d minutes: err = %v, want invalid idle_lock_minutes", c.minutes, err)
		}
		if stored, _ := svc.Get(); stored.IdleLockMinutes != want {
			t.Errorf("after %d minutes: stored %d, want %d", c.minutes, stored.IdleLockMinutes, want)
		}
		// Put the known value back for the next row.
		if _, err := svc.Update(settings.Settings{IdleLockMinutes: current}); err != nil {
			t.Fatal(err)
		}
	}
}

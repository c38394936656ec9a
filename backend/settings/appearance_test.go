package settings_test

import (
	"errors"
	"testing"

	bolt "go.etcd.io/bbolt"

	"passdesk/backend/apperr"
	"passdesk/backend/internal/testutil"
	"passdesk/backend/settings"
	"passdesk/backend/store"
	"passdesk/backend/windowstate"
)

func TestAppearanceDefaultsToTheSystem(t *testing.T) {
	got, err := settings.New(testutil.OpenDB(t)).GetAppearance()
	if err != nil || got != settings.DefaultAppearance || got.Theme != "system" || got.Language != "system" {
		t.Fatalf("default = %+v, %v", got, err)
	}
}

func TestAppearanceIsValidatedAndAllOrNothing(t *testing.T) {
	svc := settings.New(testutil.OpenDB(t))
	stored := settings.Appearance{Theme: "dark", Language: "es"}
	if got, err := svc.SetAppearance(stored); err != nil || got != stored {
		t.Fatalf("SetAppearance(%+v) = %+v, %v", stored, got, err)
	}
	for _, c := range []struct {
		in         settings.Appearance
		badTheme   bool
		badLangage bool
	}{
		{settings.Appearance{Theme: "Dark", Language: "en"}, true, false},
		{settings.Appearance{Theme: "", Language: "en"}, true, false},
		{settings.Appearance{Theme: "light", Language: "fr"}, false, true},
		{settings.Appearance{Theme: "light", Language: "EN"}, false, true},
		{settings.Appearance{Theme: "<b>neon</b>", Language: "es-ES"}, true, true},
	} {
		_, err := svc.SetAppearance(c.in)
		fields := apperr.As(err).Fields
		if (fields["theme"] != "") != c.badTheme || (fields["language"] != "") != c.badLangage || apperr.As(err).Code != apperr.Invalid {
			t.Errorf("SetAppearance(%+v): err = %v", c.in, err)
		}
		if got, _ := svc.GetAppearance(); got != stored {
			t.Errorf("after refusing %+v the stored appearance is %+v", c.in, got)
		}
	}
	for _, ok := range []settings.Appearance{{"system", "system"}, {"light", "en"}, {"dark", "system"}} {
		if got, err := svc.SetAppearance(ok); err != nil || got != ok {
			t.Errorf("SetAppearance(%+v) = %+v, %v", ok, got, err)
		}
		if got, _ := svc.GetAppearance(); got != ok {
			t.Errorf("stored %+v, read back %+v", ok, got)
		}
	}
}

// rewrite closes db, lets fn change the raw file, and opens it again.
func rewrite(t *testing.T, db *store.DB, fn func(settingsBucket *bolt.Bucket) error) *store.DB {
	t.Helper()
	path := db.Path()
	db.Close()
	raw, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := raw.Update(func(tx *bolt.Tx) error { return fn(tx.Bucket([]byte("settings"))) }); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	db, err = store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestUnknownStoredAppearanceReadsAsSystem(t *testing.T) {
	db := testutil.OpenDB(t)
	// As a newer PassDesk with more choices might have stored them.
	if err := db.Update(func(tx *store.Tx) error { return tx.SetAppearance("neon", "tlh") }); err != nil {
		t.Fatal(err)
	}
	if got, err := settings.New(db).GetAppearance(); err != nil || got != settings.DefaultAppearance {
		t.Fatalf("got %+v, %v", got, err)
	}
}

func TestWindowStateRoundTripsAndReportsDamage(t *testing.T) {
	db := testutil.OpenDB(t)
	svc := settings.New(db)
	if _, ok, err := svc.WindowState(); ok || err != nil {
		t.Fatalf("fresh database: ok=%v err=%v", ok, err)
	}
	want := windowstate.State{X: -1200, Y: 40, Width: 900, Height: 700, Maximised: true}
	if err := svc.SaveWindowState(want); err != nil {
		t.Fatal(err)
	}
	if got, ok, err := svc.WindowState(); !ok || err != nil || got != want {
		t.Fatalf("got %+v, %v, %v; want %+v", got, ok, err, want)
	}
	// Bytes written behind the store's back carry no integrity tag: damage,
	// reported as such rather than read as a state or as none.
	db = rewrite(t, db, func(b *bolt.Bucket) error { return b.Put([]byte("window_state"), []byte("{not json")) })
	if got, ok, err := settings.New(db).WindowState(); ok || !errors.Is(err, store.ErrDamaged) {
		t.Fatalf("garbage read as %+v, ok=%v, err=%v; want store.ErrDamaged", got, ok, err)
	}
}

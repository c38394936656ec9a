package settings_test

import (
	"testing"

	"passdesk/backend/apperr"
	"passdesk/backend/internal/testutil"
	"passdesk/backend/settings"
	"passdesk/backend/store"
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
		if (fields["theme"] == apperr.NotAChoice) != c.badTheme || (fields["language"] == apperr.NotAChoice) != c.badLangage || apperr.As(err).Code != apperr.Invalid {
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

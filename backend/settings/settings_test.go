package settings_test

import (
	"testing"

	"passdesk/backend/apperr"
	"passdesk/backend/internal/testutil"
	"passdesk/backend/settings"
)

func TestIdleLockDefaultsAndBounds(t *testing.T) {
	svc := settings.New(testutil.OpenDB(t))
	if got, _ := svc.Get(); got.IdleLockMinutes != settings.DefaultIdleLockMinutes {
		t.Fatalf("default = %d", got.IdleLockMinutes)
	}
	for _, minutes := range []int{0, -1, 241} {
		if _, err := svc.Update(settings.Settings{IdleLockMinutes: minutes}); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("%d minutes accepted: %v", minutes, err)
		}
	}
	if got, _ := svc.Get(); got.IdleLockMinutes != settings.DefaultIdleLockMinutes {
		t.Fatalf("a refused value was stored: %d", got.IdleLockMinutes)
	}
	for _, minutes := range []int{1, 240} {
		if _, err := svc.Update(settings.Settings{IdleLockMinutes: minutes}); err != nil {
			t.Fatalf("%d minutes refused: %v", minutes, err)
		}
		if got, _ := svc.Get(); got.IdleLockMinutes != minutes {
			t.Fatalf("stored %d, want %d", got.IdleLockMinutes, minutes)
		}
	}
}

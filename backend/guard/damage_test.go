package guard_test

import (
	"bytes"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"passdesk/backend/accounts"
	"passdesk/backend/apperr"
	"passdesk/backend/guard"
	"passdesk/backend/internal/testutil"
	"passdesk/backend/settings"
	"passdesk/backend/store"
)

// deleteAccount is DeleteAccount as the binding layer has it.
func deleteAccount(log *slog.Logger, acc *accounts.Service, id uint64, password string) (err error) {
	defer guard.Recover(&err, log, "DeleteAccount")
	return acc.DeleteAccount(id, password)
}

// The example: one damaged page of the users bucket (where the
// vault lives) makes DeleteAccount panic inside bbolt. It must end as an
// internal error, with the password nowhere in the log, and leave the
// database usable: bbolt rolls the write transaction back as the panic
// unwinds, so its writer lock is free for the next call.
func TestADamagedPageMakingDeleteAccountPanicEndsAsAnInternalError(t *testing.T) {
	path := filepath.Join(t.TempDir(), store.FileName)
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := testutil.SignUp(t, testutil.Accounts(t, db, nil), "ana")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	testutil.DamagePage(t, path, "users")
	db, err = store.Open(path, store.Options{})
	if err != nil {
		t.Fatalf("the damaged file no longer opens, so this test no longer reaches DeleteAccount: %v", err)
	}
	defer db.Close()

	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	err = deleteAccount(log, testutil.Accounts(t, db, nil), u.ID, testutil.Password)
	if !apperr.Is(err, apperr.Internal) {
		t.Fatalf("err = %v, want an internal error", err)
	}
	if strings.Contains(buf.String(), testutil.Password) || strings.Contains(err.Error(), testutil.Password) {
		t.Fatalf("the password is in the log or the error: %s", buf.String())
	}
	prefs := settings.New(db)
	in, err := prefs.Get()
	if err != nil {
		t.Fatalf("reading after the panic: %v", err)
	}
	in.IdleLockMinutes = 5
	if out, err := prefs.Update(in); err != nil || out.IdleLockMinutes != 5 {
		t.Fatalf("writing after the panic: %+v, %v", out, err)
	}
}

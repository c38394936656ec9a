package guard_test

import (
	"bytes"
	"errors"
	"log/slog"
	"os"
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

// The example: one page of the users bucket (where the vault lives)
// damaged while the app runs makes bbolt panic under DeleteAccount. It
// must end as the internal "damaged" error, with the password nowhere in
// the log, and leave the database usable: bbolt rolls the write
// transaction back as the panic unwinds, so its writer lock is free for
// the next call.
func TestAPageDamagedWhileRunningEndsDeleteAccountAsDamage(t *testing.T) {
	path := filepath.Join(t.TempDir(), store.FileName)
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	u, _ := testutil.SignUp(t, testutil.Accounts(t, db, nil), "ana")
	// The damage comes while the app runs (Open refuses a file damaged so):
	// a damaged copy of its bytes is written over the open file, whose
	// pages bbolt reads through its shared mapping.
	image, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	damaged := filepath.Join(t.TempDir(), store.FileName)
	if err := os.WriteFile(damaged, image, 0o600); err != nil {
		t.Fatal(err)
	}
	testutil.DamagePage(t, damaged, "users")
	if image, err = os.ReadFile(damaged); err != nil {
		t.Fatal(err)
	}
	live, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = live.WriteAt(image, 0)
	if cerr := live.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}

	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	err = deleteAccount(log, testutil.Accounts(t, db, nil), u.ID, testutil.Password)
	// The store turns bbolt's panic on the page into ErrDamaged (an
	// internal error that says what happened); the guard is the outer net.
	if !apperr.Is(err, apperr.Internal) || !errors.Is(err, store.ErrDamaged) {
		t.Fatalf("err = %v, want the internal 'damaged' error", err)
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

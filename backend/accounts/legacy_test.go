package accounts

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"passdesk/backend/identity"
	"passdesk/backend/kdf"
	"passdesk/backend/store"
	"passdesk/backend/vault"
)

// newService opens a fresh database with the cheapest real argon2id
// (package testutil imports accounts, so this in-package test cannot use it).
func newService(t *testing.T) (*Service, *store.DB) {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), store.FileName), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	svc, err := New(db, Config{Hash: kdf.Minimum})
	if err != nil {
		t.Fatal(err)
	}
	return svc, db
}

// makeLegacy rewrites a user's verifier and wrapped data key as PassDesk
// wrote them before passwords were prepared: argon2id over the raw bytes,
// no form recorded.
func makeLegacy(t *testing.T, svc *Service, db *store.DB, id uint64, dataKey []byte, password string) {
	t.Helper()
	err := db.Update(func(tx *store.Tx) error {
		hash, err := hashPassword(password, identity.FormRaw, svc.hash)
		if err != nil {
			return err
		}
		if err := tx.SetPasswordHash(id, hash); err != nil {
			return err
		}
		wrapped, err := vault.WrapKey(dataKey, password, identity.FormRaw, id, svc.hash)
		if err != nil {
			return err
		}
		return tx.PutDataKey(id, wrapped)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func storedForms(t *testing.T, db *store.DB, id uint64) (hash string, wrapped []byte) {
	t.Helper()
	_ = db.View(func(tx *store.Tx) error {
		hash, _ = tx.PasswordHash(id)
		wrapped, _ = tx.DataKey(id)
		return nil
	})
	return hash, wrapped
}

// TestALegacyRawFormAccountSignsInAndIsUpgraded: an account whose verifier
// and wrapped key were made from the raw bytes of an NFC password signs in
// with that password and, on that sign-in, is re-hashed and re-wrapped in
// the prepared form (recorded in both); its saved passwords stay readable,
// and afterwards the NFD spelling signs in through the prepared form alone.
func TestALegacyRawFormAccountSignsInAndIsUpgraded(t *testing.T) {
	const nfc, nfd = "Contraseña-mañana", "Contrasen\u0303a-man\u0303ana"
	for _, first := range []string{nfc, nfd} {
		svc, db := newService(t)
		u, err := svc.SignUp(SignUpInput{Username: "ana", Email: "ana@example.com", Password: nfc})
		if err != nil {
			t.Fatal(err)
		}
		entry, err := vault.New(db, nil).Add(u.User.ID, u.DataKey, vault.Input{NamePages: "Mail", URL: "https://mail.example", PasswordSaved: "s3cret"})
		if err != nil {
			t.Fatal(err)
		}
		makeLegacy(t, svc, db, u.User.ID, u.DataKey, nfc)
		if hash, wrapped := storedForms(t, db, u.User.ID); strings.Contains(hash, "pw=") || bytes.Contains(wrapped, []byte(`"pw"`)) {
			t.Fatal("fixture is not in the legacy form")
		}

		if _, err := svc.SignIn(SignInInput{Login: "ana", Password: "Contrasena-manana"}); err != ErrWrongCredentials {
			t.Fatalf("legacy account, wrong password: %v", err)
		}
		got, err := svc.SignIn(SignInInput{Login: "ana", Password: first})
		if err != nil || !bytes.Equal(got.DataKey, u.DataKey) {
			t.Fatalf("legacy account, first sign-in with %+q: %v", first, err)
		}
		hash, wrapped := storedForms(t, db, u.User.ID)
		if !strings.Contains(hash, ",pw=opaque$") || !bytes.Contains(wrapped, []byte(`"pw":"opaque"`)) {
			t.Fatalf("not upgraded: hash %q, wrapped %s", hash, wrapped)
		}
		for _, typed := range []string{nfc, nfd} {
			again, err := svc.SignIn(SignInInput{Login: "ana", Password: typed})
			if err != nil {
				t.Fatalf("after the upgrade, %+q: %v", typed, err)
			}
			if pw, err := vault.New(db, nil).Reveal(u.User.ID, again.DataKey, entry.ID); err != nil || pw != "s3cret" {
				t.Fatalf("saved password after the upgrade: %q, %v", pw, err)
			}
		}
		if h, _ := storedForms(t, db, u.User.ID); h != hash {
			t.Fatal("an upgraded account was re-hashed again")
		}
	}
}

// TestAPreparedFormHashNeverFallsBackToRawBytes: a verifier marked as made
// from the prepared form is only checked against the prepared form of what
// is typed. A marked verifier over raw bytes that differ from their
// prepared form (a no-break space, which OpaqueString maps to a space)
// must not match those raw bytes; an unmarked (legacy) one must.
func TestAPreparedFormHashNeverFallsBackToRawBytes(t *testing.T) {
	const typed = "no\u00a0break space"
	legacy, err := hashPassword(typed, identity.FormRaw, kdf.Minimum)
	if err != nil {
		t.Fatal(err)
	}
	if ok, form, err := verifyPassword(typed, legacy); !ok || form != identity.FormRaw || err != nil {
		t.Fatalf("legacy hash: %v %q %v", ok, form, err)
	}
	parts := strings.Split(legacy, "$")
	parts[3] += ",pw=opaque"
	marked := strings.Join(parts, "$")
	if ok, form, err := verifyPassword(typed, marked); ok || form != identity.FormOpaque || err != nil {
		t.Fatalf("a prepared-form hash matched raw bytes: %v %q %v", ok, form, err)
	}
	parts[3] = strings.Replace(parts[3], "pw=opaque", "pw=future", 1)
	if _, _, err := verifyPassword(typed, strings.Join(parts, "$")); err == nil {
		t.Fatal("an unknown form was accepted")
	}
}

// TestALegacyPasswordWithoutAPreparedFormStillSignsIn: a password the old
// rules let through but OpaqueString refuses (a control character) keeps
// signing in in its raw form; it cannot be upgraded, so it is not.
func TestALegacyPasswordWithoutAPreparedFormStillSignsIn(t *testing.T) {
	const old = "tab\there-ok"
	svc, db := newService(t)
	u, err := svc.SignUp(SignUpInput{Username: "ana", Email: "ana@example.com", Password: "placeholder-1"})
	if err != nil {
		t.Fatal(err)
	}
	makeLegacy(t, svc, db, u.User.ID, u.DataKey, old)
	for i := 0; i < 2; i++ {
		got, err := svc.SignIn(SignInInput{Login: "ana", Password: old})
		if err != nil || !bytes.Equal(got.DataKey, u.DataKey) {
			t.Fatalf("sign-in %d: %v", i, err)
		}
	}
	if hash, _ := storedForms(t, db, u.User.ID); strings.Contains(hash, "pw=") {
		t.Fatal("a password without a prepared form was marked as prepared")
	}
	// Changing it moves the account to the prepared form.
	if _, err := svc.ChangePassword(u.User.ID, old, "a new good one"); err != nil {
		t.Fatal(err)
	}
	if hash, _ := storedForms(t, db, u.User.ID); !strings.Contains(hash, "pw=opaque") {
		t.Fatal("the new password is not in the prepared form")
	}
}

// TestAWritePreparedBeforeAPasswordChangeIsRefused: the hash and wrapping a
// sign-in upgrade or a change prepares outside its transaction are written
// only when the wrapped key is still the one read at the check.
func TestAWritePreparedBeforeAPasswordChangeIsRefused(t *testing.T) {
	svc, db := newService(t)
	u, err := svc.SignUp(SignUpInput{Username: "ana", Email: "ana@example.com", Password: "first password"})
	if err != nil {
		t.Fatal(err)
	}
	_, checked := storedForms(t, db, u.User.ID)
	if err := db.View(func(tx *store.Tx) error { return stillWrapped(tx, u.User.ID, checked) }); err != nil {
		t.Fatalf("nothing changed: %v", err)
	}
	if _, err := svc.ChangePassword(u.User.ID, "first password", "second password"); err != nil {
		t.Fatal(err)
	}
	if err := db.View(func(tx *store.Tx) error { return stillWrapped(tx, u.User.ID, checked) }); err != errPasswordChanged {
		t.Fatalf("after a change: %v", err)
	}
}

package accounts

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"passdesk/backend/apperr"
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

// oldAccount is an account as PassDesk stored it before issue 13 (idOwn: a
// verifier and a wrapped key from two argon2id runs), written by that
// version with kdf.Minimum for user 1 (testdata/scheme1_accounts.json):
// "prepared" in the prepared form, "raw_nfc" and "raw_control" in the raw
// form of schema 2 and before.
type oldAccount struct {
	Name           string `json:"name"`
	UserID         uint64 `json:"user_id"`
	Password       string `json:"password"`
	DataKey        string `json:"data_key"`
	PasswordRecord string `json:"password_record"`
	WrappedKey     string `json:"wrapped_key"`
}

// installOld signs a placeholder user up (user 1 of the fresh database) and
// gives it the named old account's password record and wrapped key. It
// returns the account and its data key.
func installOld(t *testing.T, svc *Service, db *store.DB, name string) (oldAccount, []byte) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "scheme1_accounts.json"))
	if err != nil {
		t.Fatal(err)
	}
	var all []oldAccount
	if err := json.Unmarshal(raw, &all); err != nil {
		t.Fatal(err)
	}
	for _, old := range all {
		if old.Name != name {
			continue
		}
		u, err := svc.SignUp(SignUpInput{Username: "ana", Email: "ana@example.com", Password: "placeholder-1"})
		if err != nil || u.User.ID != old.UserID {
			t.Fatalf("placeholder user %d: %v", u.User.ID, err)
		}
		err = db.Update(func(tx *store.Tx) error {
			if err := tx.SetPasswordHash(old.UserID, old.PasswordRecord); err != nil {
				return err
			}
			return tx.PutDataKey(old.UserID, []byte(old.WrappedKey))
		})
		if err != nil {
			t.Fatal(err)
		}
		key, err := hex.DecodeString(old.DataKey)
		if err != nil {
			t.Fatal(err)
		}
		return old, key
	}
	t.Fatalf("no old account %q", name)
	return oldAccount{}, nil
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

// countRuns makes svc count its argon2id runs.
func countRuns(svc *Service) *atomic.Int32 {
	var n atomic.Int32
	inner := svc.argon2id
	svc.argon2id = func(password string, salt []byte, p kdf.Params, size uint32) []byte {
		n.Add(1)
		return inner(password, salt, p, size)
	}
	return &n
}

// signInRuns signs in and returns the result and how many argon2id runs it took.
func signInRuns(svc *Service, runs *atomic.Int32, login, password string) (Unlocked, error, int32) {
	runs.Store(0)
	u, err := svc.SignIn(SignInInput{Login: login, Password: password})
	return u, err, runs.Load()
}

// isSplit reports whether a stored record and wrapped key are in the split
// scheme, and nothing of the own scheme is left in them.
func isSplit(hash string, wrapped []byte) bool {
	return strings.HasPrefix(hash, "$"+idSplit+"$") && bytes.Contains(wrapped, []byte(`"scheme":2`)) &&
		!bytes.Contains(wrapped, []byte(`"salt"`))
}

// TestAnOldSchemeAccountSignsInAndIsUpgraded: an account stored before
// issue 13 refuses a wrong password (one argon2id run, nothing written),
// signs in with its own, and on that sign-in gets a split record and a key
// wrapped under it in place of both old values; from then on a sign-in,
// right or wrong, runs argon2id once, and its saved passwords still open.
func TestAnOldSchemeAccountSignsInAndIsUpgraded(t *testing.T) {
	svc, db := newService(t)
	old, dataKey := installOld(t, svc, db, "prepared")
	entry, err := vault.New(db, nil).Add(old.UserID, dataKey, vault.Input{NamePages: "Mail", URL: "https://mail.example", PasswordSaved: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	runs := countRuns(svc)

	if _, err, n := signInRuns(svc, runs, "ana", "not the password"); err != ErrWrongCredentials || n != 1 {
		t.Fatalf("old scheme, wrong password: %v after %d runs", err, n)
	}
	if hash, wrapped := storedForms(t, db, old.UserID); hash != old.PasswordRecord || string(wrapped) != old.WrappedKey {
		t.Fatal("a wrong password changed the old account")
	}

	got, err, n := signInRuns(svc, runs, "ana@example.com", old.Password)
	if err != nil || !bytes.Equal(got.DataKey, dataKey) {
		t.Fatalf("old scheme, first sign-in: %v", err)
	}
	// Plus the old wrapping's own run, in vault.UnwrapKey, which counts none.
	if n != 2 {
		t.Errorf("the upgrading sign-in ran argon2id %d times here, want 2 (old verifier, new record)", n)
	}
	hash, wrapped := storedForms(t, db, old.UserID)
	if !isSplit(hash, wrapped) || !strings.Contains(hash, ",pw=opaque$") {
		t.Fatalf("not upgraded: record %q, wrapped %s", hash, wrapped)
	}

	for i := range 2 {
		again, err, n := signInRuns(svc, runs, "ana", old.Password)
		if err != nil || n != 1 {
			t.Fatalf("sign-in %d after the upgrade: %v after %d runs", i, err, n)
		}
		if pw, err := vault.New(db, nil).Reveal(old.UserID, again.DataKey, entry.ID); err != nil || pw != "s3cret" {
			t.Fatalf("saved password after the upgrade: %q, %v", pw, err)
		}
	}
	if _, err, n := signInRuns(svc, runs, "ana", "not the password"); err != ErrWrongCredentials || n != 1 {
		t.Fatalf("split scheme, wrong password: %v after %d runs", err, n)
	}
	if h, w := storedForms(t, db, old.UserID); h != hash || !bytes.Equal(w, wrapped) {
		t.Fatal("an upgraded account was written again")
	}
}

// TestALegacyRawFormAccountSignsInAndIsUpgraded: an old account whose
// verifier and wrapped key were made from the raw bytes of an NFC password
// signs in with that password typed NFC or NFD and, on that sign-in, moves
// to a split record in the prepared form; afterwards either spelling signs
// in through the prepared form alone, in one argon2id run.
func TestALegacyRawFormAccountSignsInAndIsUpgraded(t *testing.T) {
	const nfd = "Contrasen\u0303a-man\u0303ana"
	for _, nfdFirst := range []bool{false, true} {
		svc, db := newService(t)
		old, dataKey := installOld(t, svc, db, "raw_nfc")
		first := old.Password
		if nfdFirst {
			first = nfd
		}
		entry, err := vault.New(db, nil).Add(old.UserID, dataKey, vault.Input{NamePages: "Mail", URL: "https://mail.example", PasswordSaved: "s3cret"})
		if err != nil {
			t.Fatal(err)
		}
		runs := countRuns(svc)
		if _, err := svc.SignIn(SignInInput{Login: "ana", Password: "Contrasena-manana"}); err != ErrWrongCredentials {
			t.Fatalf("legacy account, wrong password: %v", err)
		}
		got, err := svc.SignIn(SignInInput{Login: "ana", Password: first})
		if err != nil || !bytes.Equal(got.DataKey, dataKey) {
			t.Fatalf("legacy account, first sign-in with %+q: %v", first, err)
		}
		hash, wrapped := storedForms(t, db, old.UserID)
		if !isSplit(hash, wrapped) || !strings.Contains(hash, ",pw=opaque$") {
			t.Fatalf("not upgraded: hash %q, wrapped %s", hash, wrapped)
		}
		for _, typed := range []string{old.Password, nfd} {
			again, err, n := signInRuns(svc, runs, "ana", typed)
			if err != nil || n != 1 {
				t.Fatalf("after the upgrade, %+q: %v after %d runs", typed, err, n)
			}
			if pw, err := vault.New(db, nil).Reveal(old.UserID, again.DataKey, entry.ID); err != nil || pw != "s3cret" {
				t.Fatalf("saved password after the upgrade: %q, %v", pw, err)
			}
		}
		if h, _ := storedForms(t, db, old.UserID); h != hash {
			t.Fatal("an upgraded account was re-hashed again")
		}
	}
}

// TestAPreparedFormRecordNeverFallsBackToRawBytes: a record marked as made
// from the prepared form is only checked against the prepared form of what
// is typed. A marked record over raw bytes that differ from their prepared
// form (a no-break space, which OpaqueString maps to a space) must not
// match those raw bytes; an unmarked (raw-form) one must.
func TestAPreparedFormRecordNeverFallsBackToRawBytes(t *testing.T) {
	const typed = "no\u00a0break space"
	raw, wrapKey, err := newRecord(kdf.Key, typed, identity.FormRaw, kdf.Minimum)
	if err != nil {
		t.Fatal(err)
	}
	clear(wrapKey)
	rec, err := parseRecord(raw)
	if err != nil || rec.form != identity.FormRaw {
		t.Fatalf("raw-form record: %+v, %v", rec, err)
	}
	if ok, key := rec.check(kdf.Key, typed); !ok || len(key) != kdf.SplitSize {
		t.Fatal("a raw-form record does not match its own bytes")
	}
	parts := strings.Split(raw, "$")
	parts[3] += ",pw=opaque"
	if rec, err = parseRecord(strings.Join(parts, "$")); err != nil || rec.form != identity.FormOpaque {
		t.Fatalf("marked record: %v", err)
	}
	if ok, key := rec.check(kdf.Key, typed); ok || key != nil {
		t.Fatal("a prepared-form record matched raw bytes")
	}
	parts[3] = strings.Replace(parts[3], "pw=opaque", "pw=future", 1)
	if _, err := parseRecord(strings.Join(parts, "$")); err == nil {
		t.Fatal("an unknown form was accepted")
	}
}

// TestALegacyPasswordWithoutAPreparedFormStillSignsIn: a password the old
// rules let through but OpaqueString refuses (a control character) keeps
// signing in in its raw form; its first sign-in moves it to the split
// scheme, still raw (it has no other form), and changing it moves it to
// the prepared form.
func TestALegacyPasswordWithoutAPreparedFormStillSignsIn(t *testing.T) {
	svc, db := newService(t)
	old, dataKey := installOld(t, svc, db, "raw_control")
	runs := countRuns(svc)
	for i, want := range []int32{2, 1} { // and the old wrapping's run, in vault
		got, err, n := signInRuns(svc, runs, "ana", old.Password)
		if err != nil || !bytes.Equal(got.DataKey, dataKey) || n != want {
			t.Fatalf("sign-in %d: %v after %d runs, want %d", i, err, n, want)
		}
		if hash, wrapped := storedForms(t, db, old.UserID); !isSplit(hash, wrapped) || strings.Contains(hash, "pw=") {
			t.Fatalf("sign-in %d left record %q", i, hash)
		}
	}
	if _, err := svc.ChangePassword(old.UserID, old.Password, "a new good one"); err != nil {
		t.Fatal(err)
	}
	if hash, _ := storedForms(t, db, old.UserID); !strings.Contains(hash, "pw=opaque") {
		t.Fatal("the new password is not in the prepared form")
	}
}

// TestChangingAndConfirmingTheOldSchemesPassword: on an account still in
// the old scheme, a confirmation and a change check the password as
// before; the change leaves a split record whose key opens the re-sealed
// entries, and a later change on it runs argon2id twice (the check and the
// new record).
func TestChangingAndConfirmingTheOldSchemesPassword(t *testing.T) {
	svc, db := newService(t)
	old, dataKey := installOld(t, svc, db, "prepared")
	v := vault.New(db, nil)
	entry, err := v.Add(old.UserID, dataKey, vault.Input{NamePages: "Mail", URL: "https://mail.example", PasswordSaved: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.ConfirmPassword(old.UserID, "not the password", "password"); apperr.As(err).Fields["password"] != apperr.NotCorrect {
		t.Fatalf("wrong confirmation: %v", err)
	}
	if err := svc.ConfirmPassword(old.UserID, old.Password, "password"); err != nil {
		t.Fatalf("right confirmation: %v", err)
	}
	if _, err := svc.ChangePassword(old.UserID, "not the password", "a new good one"); apperr.As(err).Fields["current_password"] != apperr.NotCorrect {
		t.Fatalf("change with a wrong password: %v", err)
	}
	newKey, err := svc.ChangePassword(old.UserID, old.Password, "a new good one")
	if err != nil {
		t.Fatal(err)
	}
	if hash, wrapped := storedForms(t, db, old.UserID); !isSplit(hash, wrapped) {
		t.Fatalf("changed record %q", hash)
	}
	if pw, err := v.Reveal(old.UserID, newKey, entry.ID); err != nil || pw != "s3cret" {
		t.Fatalf("entry under the new key: %q, %v", pw, err)
	}
	runs := countRuns(svc)
	if _, err := svc.ChangePassword(old.UserID, "a new good one", "another good one"); err != nil || runs.Load() != 2 {
		t.Fatalf("second change: %v after %d runs, want 2", err, runs.Load())
	}
	runs.Store(0)
	if err := svc.DeleteAccount(old.UserID, "another good one"); err != nil || runs.Load() != 1 {
		t.Fatalf("deletion: %v after %d runs, want 1", err, runs.Load())
	}
}

// TestTheVerifierAndTheWrappingKeyAreNotTheRunsOutput probes what a sign-up
// stores against the raw output of its one argon2id run: the stored
// verifier is neither that output nor the key that wraps the data key, and
// only that key, not the output or the verifier, opens the wrapped key.
func TestTheVerifierAndTheWrappingKeyAreNotTheRunsOutput(t *testing.T) {
	svc, db := newService(t)
	var outputs [][]byte
	svc.argon2id = func(password string, salt []byte, p kdf.Params, n uint32) []byte {
		out := kdf.Key(password, salt, p, n)
		outputs = append(outputs, bytes.Clone(out))
		return out
	}
	u, err := svc.SignUp(SignUpInput{Username: "ana", Email: "ana@example.com", Password: "placeholder-1"})
	if err != nil || len(outputs) != 1 {
		t.Fatalf("sign-up: %v after %d runs", err, len(outputs))
	}
	output := outputs[0]
	hash, wrapped := storedForms(t, db, u.User.ID)
	rec, err := parseRecord(hash)
	if err != nil {
		t.Fatal(err)
	}
	verifier, wrapKey := kdf.Split(output)
	if !bytes.Equal(rec.want, verifier) {
		t.Fatal("the stored verifier is not kdf.Split's")
	}
	if bytes.Equal(verifier, output) || bytes.Equal(wrapKey, output) || bytes.Equal(verifier, wrapKey) {
		t.Fatal("the verifier, the wrapping key and the argon2id output are not three different keys")
	}
	if got, err := vault.OpenKey(wrapped, wrapKey, u.User.ID); err != nil || !bytes.Equal(got, u.DataKey) {
		t.Fatalf("the wrapping key does not open the data key: %v", err)
	}
	for name, key := range map[string][]byte{"the argon2id output": output, "the verifier": verifier} {
		if _, err := vault.OpenKey(wrapped, key, u.User.ID); err != vault.ErrWrongPassword {
			t.Errorf("%s opens the data key: %v", name, err)
		}
	}
}

// TestSignUpRunsArgon2idOutsideTheWriteTransaction holds a sign-up inside
// its argon2id run and commits another write meanwhile. Were the run inside
// the sign-up's write transaction, that write would wait for it for ever
// (go test's -timeout then fails the test, with both goroutines' stacks).
func TestSignUpRunsArgon2idOutsideTheWriteTransaction(t *testing.T) {
	svc, db := newService(t)
	inRun, release := make(chan struct{}), make(chan struct{})
	svc.argon2id = func(password string, salt []byte, p kdf.Params, n uint32) []byte {
		close(inRun)
		<-release
		return kdf.Key(password, salt, p, n)
	}
	done := make(chan error, 1)
	go func() {
		_, err := svc.SignUp(SignUpInput{Username: "ana", Email: "ana@example.com", Password: "placeholder-1"})
		done <- err
	}()
	<-inRun
	if err := db.Update(func(tx *store.Tx) error { return tx.SetIdleLockMinutes(7) }); err != nil {
		t.Fatal(err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("sign-up: %v", err)
	}
}

// TestTwoSignUpsForOneEmailMakeOneAccount: two sign-ups for the same email
// both pass the check before argon2id (each is held in its run until both
// are); the transaction's check lets one through and refuses the other.
func TestTwoSignUpsForOneEmailMakeOneAccount(t *testing.T) {
	svc, db := newService(t)
	var inRun sync.WaitGroup
	inRun.Add(2)
	release := make(chan struct{})
	svc.argon2id = func(password string, salt []byte, p kdf.Params, n uint32) []byte {
		inRun.Done()
		<-release
		return kdf.Key(password, salt, p, n)
	}
	errs := make(chan error, 2)
	for _, name := range []string{"ana", "bea"} {
		go func() {
			_, err := svc.SignUp(SignUpInput{Username: name, Email: "same@example.com", Password: "placeholder-1"})
			errs <- err
		}()
	}
	inRun.Wait()
	close(release)
	var refused []error
	for range 2 {
		if err := <-errs; err != nil {
			refused = append(refused, err)
		}
	}
	if len(refused) != 1 || apperr.As(refused[0]).Fields["email"] != apperr.InUse {
		t.Fatalf("want one sign-up refused for its email, got %v", refused)
	}
	users := 0
	_ = db.View(func(tx *store.Tx) error {
		return tx.ForEachUser(func(store.User) error { users++; return nil })
	})
	if users != 1 {
		t.Fatalf("%d accounts", users)
	}
}

// TestAWritePreparedBeforeAPasswordChangeIsRefused: the record and wrapping
// a sign-in upgrade or a change prepares outside its transaction are
// written only when the wrapped key is still the one read at the check.
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

// An unknown login is checked against the dummy record: one argon2id run
// under the service's own costs, like a wrong password for a real account,
// and never a match. The dummy itself costs no argon2id at start-up.
func TestAnUnknownLoginCostsWhatAWrongPasswordCosts(t *testing.T) {
	svc, _ := newService(t)
	if !svc.dummy.split || svc.dummy.p != kdf.Minimum || len(svc.dummy.salt) != saltLen || len(svc.dummy.want) != kdf.SplitSize ||
		bytes.Equal(svc.dummy.want, make([]byte, kdf.SplitSize)) {
		t.Fatalf("dummy record %+v: want a random split record under the service's costs", svc.dummy)
	}
	var params []kdf.Params
	svc.argon2id = func(password string, salt []byte, p kdf.Params, n uint32) []byte {
		params = append(params, p)
		return kdf.Key(password, salt, p, n)
	}
	for _, login := range []string{"nobody", "nobody@example.com"} {
		params = nil
		if _, err := svc.SignIn(SignInInput{Login: login, Password: "any password at all"}); !errors.Is(err, ErrWrongCredentials) {
			t.Fatalf("unknown %q: %v", login, err)
		}
		if len(params) != 1 || params[0] != kdf.Minimum {
			t.Fatalf("unknown %q ran argon2id %d times with %v; want once, with the service's costs", login, len(params), params)
		}
	}
}

// TestARecordsParametersAreReadExactly: the version and cost parameters are
// decimal numbers that fit their fields, with nothing after them; a record
// that says anything else is malformed rather than read in part.
func TestARecordsParametersAreReadExactly(t *testing.T) {
	phc, wrapKey, err := newRecord(kdf.Key, "a password", identity.FormOpaque, kdf.Minimum)
	if err != nil {
		t.Fatal(err)
	}
	clear(wrapKey)
	rec, err := parseRecord(phc)
	if err != nil || rec.p != kdf.Minimum || rec.form != identity.FormOpaque {
		t.Fatalf("the record as written: %+v, %v", rec, err)
	}
	parts := strings.Split(phc, "$")
	costs := strings.Split(parts[3], ",")
	for name, mutate := range map[string]func(version *string, costs []string){
		"version with a suffix":  func(v *string, _ []string) { *v += "x" },
		"signed version":         func(v *string, _ []string) { *v = "v=+19" },
		"no version":             func(v *string, _ []string) { *v = "v=" },
		"other version":          func(v *string, _ []string) { *v = "v=16" },
		"memory with a suffix":   func(_ *string, c []string) { c[0] += "k" },
		"negative time":          func(_ *string, c []string) { c[1] = "t=-1" },
		"threads past a byte":    func(_ *string, c []string) { c[2] = "p=256" },
		"threads with a suffix":  func(_ *string, c []string) { c[2] += " " },
		"parameters swapped":     func(_ *string, c []string) { c[0], c[1] = c[1], c[0] },
		"memory past 32 bits":    func(_ *string, c []string) { c[0] = "m=4294967296" },
		"hexadecimal memory":     func(_ *string, c []string) { c[0] = "m=0x100" },
		"parameter without name": func(_ *string, c []string) { c[1] = "=3" },
	} {
		version, mutated := parts[2], slices.Clone(costs)
		mutate(&version, mutated)
		bad := slices.Clone(parts)
		bad[2], bad[3] = version, strings.Join(mutated, ",")
		if rec, err := parseRecord(strings.Join(bad, "$")); !errors.Is(err, errMalformedHash) {
			t.Errorf("%s (%s): parsed as %+v, %v", name, strings.Join(bad[:4], "$"), rec.p, err)
		}
	}
}

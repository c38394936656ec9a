package store_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"passdesk/backend/accounts"
	"passdesk/backend/apperr"
	"passdesk/backend/internal/testutil"
	"passdesk/backend/store"
)

func createUser(t *testing.T, db *store.DB, username, email string) (store.User, error) {
	t.Helper()
	u := store.User{Username: username, Email: email}
	err := db.Update(func(tx *store.Tx) error { return tx.CreateUser(&u, "$argon2id$hash") })
	return u, err
}

func fieldError(err error) map[string]apperr.Message {
	var e *apperr.Error
	if errors.As(err, &e) && e.Code == apperr.Invalid {
		return e.Fields
	}
	return nil
}

func TestEmailIsUniqueIgnoringCase(t *testing.T) {
	db := testutil.OpenDB(t)
	if _, err := createUser(t, db, "ana", "Ana@Example.com"); err != nil {
		t.Fatal(err)
	}
	_, err := createUser(t, db, "other", "ana@EXAMPLE.COM")
	if got := fieldError(err)["email"]; got != apperr.InUse {
		t.Fatalf("second user with the same email in other case: err = %v, want email: already in use", err)
	}
}

func TestUsernameIsUniqueIgnoringCase(t *testing.T) {
	db := testutil.OpenDB(t)
	if _, err := createUser(t, db, "Ana", "a@example.com"); err != nil {
		t.Fatal(err)
	}
	_, err := createUser(t, db, "aNA", "b@example.com")
	if got := fieldError(err)["username"]; got != apperr.InUse {
		t.Fatalf("err = %v, want username: already in use", err)
	}
}

func TestConcurrentSignUpsWithOneEmailLetExactlyOneSucceed(t *testing.T) {
	db := testutil.OpenDB(t)
	svc := testutil.Accounts(t, db, nil)
	const racers = 8
	var wg sync.WaitGroup
	errs := make([]error, racers)
	for i := 0; i < racers; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, errs[i] = svc.SignUp(accounts.SignUpInput{
				Username: fmt.Sprintf("racer%d", i), Email: []string{"same@example.com", "Same@Example.com", "SAME@EXAMPLE.COM"}[i%3],
				Password: testutil.Password,
			})
		}(i)
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case fieldError(err)["email"] != apperr.InUse:
			t.Errorf("losing sign-up failed with %v, want email already in use", err)
		}
	}
	if won != 1 {
		t.Fatalf("%d sign-ups with one email succeeded, want exactly 1", won)
	}
}

func TestChangingEmailAndUsernameMovesTheIndex(t *testing.T) {
	db := testutil.OpenDB(t)
	u, _ := createUser(t, db, "ana", "ana@example.com")
	u.Email, u.Username = "new@example.com", "ana2"
	if err := db.Update(func(tx *store.Tx) error { return tx.UpdateUser(&u) }); err != nil {
		t.Fatal(err)
	}
	if _, err := createUser(t, db, "ana", "ana@example.com"); err != nil {
		t.Fatalf("old email and username should be free again: %v", err)
	}
	_, err := createUser(t, db, "ANA2", "NEW@example.com")
	if f := fieldError(err); f["email"] != apperr.InUse || f["username"] != apperr.InUse {
		t.Fatalf("new email and username should be taken: %v", err)
	}
	_ = db.View(func(tx *store.Tx) error {
		if id, ok, _ := tx.UserIDByLogin("New@Example.com"); !ok || id != u.ID {
			t.Errorf("login by new email finds %d, %v", id, ok)
		}
		return nil
	})
}

func TestUserIDsAreNeverReused(t *testing.T) {
	db := testutil.OpenDB(t)
	first, _ := createUser(t, db, "ana", "ana@example.com")
	if err := db.Update(func(tx *store.Tx) error { return tx.DeleteUser(first.ID) }); err != nil {
		t.Fatal(err)
	}
	second, err := createUser(t, db, "ana", "ana@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if second.ID == first.ID {
		t.Fatalf("id %d was reused after deletion", first.ID)
	}
}

// rawContains walks every bucket, nested bucket, key and value of the
// closed database file and reports where any needle appears: inside any
// key or value, or (for exact) as a whole key or value outside meta/, which
// holds no user data but numbers like the schema version.
func rawContains(t *testing.T, path string, needles map[string][]byte, exact ...[]byte) []string {
	t.Helper()
	raw, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var found []string
	var walk func(where string, b *bolt.Bucket)
	check := func(where string, data []byte) {
		for name, needle := range needles {
			if bytes.Contains(data, needle) {
				found = append(found, fmt.Sprintf("%s in %s", name, where))
			}
		}
		for _, needle := range exact {
			if bytes.Equal(data, needle) && !strings.HasPrefix(where, "meta/") {
				found = append(found, fmt.Sprintf("%x at %s", needle, where))
			}
		}
	}
	walk = func(where string, b *bolt.Bucket) {
		_ = b.ForEach(func(k, v []byte) error {
			at := where + "/" + fmt.Sprintf("%q", k)
			check(at+" (key)", k)
			if v == nil {
				walk(at, b.Bucket(k))
			} else {
				check(at, v)
			}
			return nil
		})
	}
	_ = raw.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			check(string(name)+" (bucket name)", name)
			walk(string(name), b)
			return nil
		})
	})
	return found
}

func TestDeletingAnAccountLeavesNoKeyOfTheUserInAnyBucket(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, store.FileName)
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	svc := testutil.Accounts(t, db, nil)
	keep, _ := testutil.SignUp(t, svc, "keeper")
	gone, firstToken := testutil.SignUp(t, svc, "Goner")
	second, err := svc.SignIn(accounts.SignInInput{Login: "goner", Password: testutil.Password})
	if err != nil {
		t.Fatal(err)
	}
	var hash string
	var dataKey []byte
	err = db.Update(func(tx *store.Tx) error {
		if err := tx.PutAvatar(gone.ID, []byte("AVATAR-MARKER"), []byte("THUMB-MARKER")); err != nil {
			return err
		}
		for range 2 { // entry ids 1 and 2: the second is the user id's bytes as a key
			entry, err := tx.NextVaultEntryID(gone.ID)
			if err != nil {
				return err
			}
			if err := tx.PutVaultEntry(gone.ID, entry, []byte("VAULT-ENTRY-MARKER")); err != nil {
				return err
			}
		}
		if hash, err = tx.PasswordHash(gone.ID); err != nil {
			return err
		}
		dataKey, err = tx.DataKey(gone.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	id := make([]byte, 8)
	binary.BigEndian.PutUint64(id, gone.ID)
	needles := map[string][]byte{
		"email": []byte("goner@example.com"), "username": []byte("goner"), "username as typed": []byte("Goner"),
		"user id in a record": []byte(fmt.Sprintf(`"user_id":%d`, gone.ID)),
		"avatar":              []byte("AVATAR-MARKER"), "thumbnail": []byte("THUMB-MARKER"),
		"saved password": []byte("VAULT-ENTRY-MARKER"),
		"password hash":  []byte(hash), "wrapped data key": dataKey,
		"session 0": []byte(testutil.JTI(t, firstToken)), "session 1": []byte(testutil.JTI(t, second.Token)),
	}
	// Control: every needle is in the file before the deletion, so not
	// finding it afterwards means something.
	before := filepath.Join(dir, "before.db")
	if err := db.Backup(before); err != nil {
		t.Fatal(err)
	}
	found := rawContains(t, before, needles, id)
	for name := range needles {
		if !containsPrefix(found, name+" in ") {
			t.Errorf("control: %s not found before the deletion, so its absence after proves nothing", name)
		}
	}
	if !containsPrefix(found, fmt.Sprintf("%x at ", id)) {
		t.Error("control: the user id's bytes not found before the deletion")
	}

	if err := svc.DeleteAccount(gone.ID, testutil.Password); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if found := rawContains(t, path, needles, id); len(found) > 0 {
		t.Fatalf("deleted user still in the file:\n%s", strings.Join(found, "\n"))
	}
	if found := rawContains(t, path, map[string][]byte{"kept user": []byte("keeper@example.com")}); len(found) == 0 {
		t.Fatal("the walk found nothing of the kept user either: it does not look where it should")
	}

	db, err = store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if problems := db.Check(); len(problems) != 0 {
		t.Fatalf("check after deletion: %v", problems)
	}
	svc = testutil.Accounts(t, db, nil)
	again, _ := testutil.SignUp(t, svc, "goner")
	if again.ID == gone.ID || again.ID == keep.ID {
		t.Fatalf("new account got id %d", again.ID)
	}
}

func containsPrefix(list []string, prefix string) bool {
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}

func TestASecondOpenFailsFastWithAClearError(t *testing.T) {
	path := filepath.Join(t.TempDir(), store.FileName)
	first, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	for _, opts := range []store.Options{{}, {ReadOnly: true}} {
		start := time.Now()
		done := make(chan error, 1)
		go func() {
			second, err := store.Open(path, opts)
			if err == nil {
				_ = second.Close()
			}
			done <- err
		}()
		select {
		case err := <-done:
			if !errors.Is(err, store.ErrInUse) || !strings.Contains(err.Error(), "already in use") {
				t.Fatalf("second open (%+v): err = %v, want ErrInUse saying it is already in use", opts, err)
			}
			// Far above the lock timeout, so only a much longer wait
			// fails this, not a slow machine.
			if waited := time.Since(start); waited > store.LockTimeout+30*time.Second {
				t.Fatalf("second open (%+v) failed only after %v", opts, waited)
			}
		case <-time.After(store.LockTimeout + time.Minute): // a guard against a hang
			t.Fatalf("second open (%+v) hangs instead of failing", opts)
		}
	}
}

func TestCheckFindsNothingOnAHealthyDatabase(t *testing.T) {
	db := testutil.OpenDB(t)
	svc := testutil.Accounts(t, db, nil)
	ana, _ := testutil.SignUp(t, svc, "ana")
	bob, _ := testutil.SignUp(t, svc, "bob")
	// Values spanning several pages, and pages freed by a deletion, are
	// healthy too.
	big := bytes.Repeat([]byte("avatar-bytes "), 20000)
	for _, id := range []uint64{ana.ID, bob.ID} {
		if err := db.Update(func(tx *store.Tx) error { return tx.PutAvatar(id, big, big[:5000]) }); err != nil {
			t.Fatal(err)
		}
	}
	if err := svc.DeleteAccount(bob.ID, testutil.Password); err != nil {
		t.Fatal(err)
	}
	if problems := db.Check(); len(problems) != 0 {
		t.Fatalf("healthy database: %v", problems)
	}
	// The same, read-only (as the command line opens it).
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	if err := db.Backup(copyPath); err != nil {
		t.Fatal(err)
	}
	ro, err := store.Open(copyPath, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if problems := ro.Check(); len(problems) != 0 {
		t.Fatalf("healthy database opened read-only: %v", problems)
	}
}

// editRaw changes the closed database file behind the store's back.
func editRaw(t *testing.T, path string, edit func(tx *bolt.Tx) error) {
	t.Helper()
	raw, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if err := raw.Update(edit); err != nil {
		t.Fatal(err)
	}
}

func TestCheckReportsBrokenIndexEntriesAndOrphanSessions(t *testing.T) {
	path := filepath.Join(t.TempDir(), store.FileName)
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	svc := testutil.Accounts(t, db, nil)
	testutil.SignUp(t, svc, "ana")
	testutil.SignUp(t, svc, "bob")
	_ = db.Close()

	editRaw(t, path, func(tx *bolt.Tx) error {
		emails := tx.Bucket([]byte("index")).Bucket([]byte("email"))
		if err := emails.Delete([]byte("ana@example.com")); err != nil { // missing entry
			return err
		}
		if err := store.PutTagged(tx, []byte{0, 0, 0, 0, 0, 0, 0, 99}, "index", "email", "ghost@example.com"); err != nil { // dangling
			return err
		}
		if err := store.PutTagged(tx, []byte{0, 0, 0, 0, 0, 0, 0, 1}, "index", "username", "bob"); err != nil { // bob's name on ana
			return err
		}
		return store.PutTagged(tx, []byte(`{"user_id":77}`), "sessions", "orphan-jti")
	})

	db, err = store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	report := fmt.Sprint(db.Check())
	for _, want := range []string{
		"missing user 99",
		"user 1 is missing from the email index",
		`username index entry "bob" points at user 1 whose username is "ana"`,
		"user 2 is missing from the username index",
		"belongs to missing user 77",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("check report %q lacks %q", report, want)
		}
	}
}

func TestBackupIsAConsistentCopyWhileWritesGoOn(t *testing.T) {
	db := testutil.OpenDB(t)
	svc := testutil.Accounts(t, db, nil)
	testutil.SignUp(t, svc, "ana")

	stop := make(chan struct{})
	writing := make(chan struct{})
	var writer sync.WaitGroup
	writer.Add(1)
	go func() {
		defer writer.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			u := store.User{Username: fmt.Sprintf("w%d", i), Email: fmt.Sprintf("w%d@example.com", i)}
			if err := db.Update(func(tx *store.Tx) error { return tx.CreateUser(&u, "h") }); err != nil {
				t.Errorf("write during backup: %v", err)
				return
			}
			if i == 0 {
				close(writing)
			}
		}
	}()
	<-writing
	dir := t.TempDir()
	dst := filepath.Join(dir, "copy.db")
	err := db.Backup(dst)
	close(stop)
	writer.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("backup folder holds %d files, want only the copy (no partial file left)", len(entries))
	}

	copyDB, err := store.Open(dst, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("open backup: %v", err)
	}
	defer copyDB.Close()
	if problems := copyDB.Check(); len(problems) != 0 {
		t.Fatalf("backup is inconsistent: %v", problems)
	}
	_ = copyDB.View(func(tx *store.Tx) error {
		if _, ok, _ := tx.UserIDByLogin("ana"); !ok {
			t.Error("backup lacks the user that existed before it started")
		}
		if _, ok, _ := tx.UserIDByLogin("w0"); !ok {
			t.Error("backup lacks a user written before it started")
		}
		return nil
	})
}

func TestSessionsAreLinkedToTheirUserAndSweptWhenExpired(t *testing.T) {
	db := testutil.OpenDB(t)
	ana, _ := createUser(t, db, "ana", "ana@example.com")
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	err := db.Update(func(tx *store.Tx) error {
		if err := tx.PutSession("old", store.Session{UserID: ana.ID, ExpiresAt: now.Add(-time.Second)}); err != nil {
			return err
		}
		if err := tx.PutSession("live", store.Session{UserID: ana.ID, ExpiresAt: now.Add(time.Hour)}); err != nil {
			return err
		}
		if err := tx.PutSession("x", store.Session{UserID: 999}); !errors.Is(err, store.ErrNoUser) {
			t.Errorf("session for a missing user: err = %v, want ErrNoUser", err)
		}
		if err := tx.DeleteSession("never-issued"); err != nil {
			t.Errorf("revoking an unknown session: %v", err)
		}
		return tx.DeleteExpiredSessions(now)
	})
	if err != nil {
		t.Fatal(err)
	}
	_ = db.View(func(tx *store.Tx) error {
		if _, err := tx.Session("old"); !errors.Is(err, store.ErrNoSession) {
			t.Errorf("expired session still there: %v", err)
		}
		if s, err := tx.Session("live"); err != nil || s.UserID != ana.ID {
			t.Errorf("live session: %+v, %v", s, err)
		}
		return nil
	})
	if problems := db.Check(); len(problems) != 0 {
		t.Fatalf("sweeping left the file inconsistent: %v", problems)
	}
}

func TestBackupRefusesToOverwriteTheDatabaseItself(t *testing.T) {
	db := testutil.OpenDB(t)
	if _, err := createUser(t, db, "ana", "ana@example.com"); err != nil {
		t.Fatal(err)
	}
	// Renaming a copy over the open file would leave the app writing to an
	// unlinked file: everything after the "backup" would be lost at restart.
	rel, err := filepath.Rel(mustGetwd(t), db.Path())
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{db.Path(), rel, filepath.Join(filepath.Dir(db.Path()), ".", store.FileName)} {
		if err := db.Backup(path); err == nil {
			t.Errorf("backup onto the database itself (%s) was accepted", path)
		}
	}
	if _, err := createUser(t, db, "bob", "bob@example.com"); err != nil {
		t.Fatal(err)
	}
	path := db.Path()
	_ = db.Close()
	reopened, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer reopened.Close()
	_ = reopened.View(func(tx *store.Tx) error {
		if _, ok, _ := tx.UserIDByLogin("bob"); !ok {
			t.Error("a write after the refused backup was lost")
		}
		return nil
	})
}

func TestABackupIsReadableByItsOwnerOnly(t *testing.T) {
	db := testutil.OpenDB(t)
	dst := filepath.Join(t.TempDir(), "copy.db")
	if err := db.Backup(dst); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(dst); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("backup mode %v, %v; want 0600 (it holds password hashes)", info.Mode(), err)
	}
}

func mustGetwd(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return wd
}

// signedUpFile makes a closed database file holding ana and bob.
func signedUpFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), store.FileName)
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	svc := testutil.Accounts(t, db, nil)
	testutil.SignUp(t, svc, "ana")
	testutil.SignUp(t, svc, "bob")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// A damaged page makes bbolt panic; in tx.Check's own goroutine that panic
// cannot be recovered and would kill the process (the running app, when the
// check comes through its control socket). If this test crashes the test
// binary instead of failing, that is the bug.
func TestCheckReportsADamagedPageInsteadOfCrashing(t *testing.T) {
	for _, bucket := range []string{"users", "index"} {
		t.Run(bucket, func(t *testing.T) {
			path := signedUpFile(t)
			testutil.DamagePage(t, path, bucket)
			db, err := store.Open(path, store.Options{ReadOnly: true})
			if err != nil {
				t.Fatalf("open: %v (the damage is not where Open reads)", err)
			}
			defer db.Close()
			problems := db.Check()
			if len(problems) == 0 || !strings.Contains(fmt.Sprint(problems), "damaged") {
				t.Fatalf("problems = %v, want the damaged page reported", problems)
			}
		})
	}
}

// The app refuses the file; `passdesk check` (read-only) opens it to
// report the damage, but reads no record from it.
func TestOpeningAFileDamagedWhereTheSchemaLivesFailsWithAnError(t *testing.T) {
	path := signedUpFile(t)
	testutil.DamagePage(t, path, "") // the root page, which Open reads first
	db, err := store.Open(path, store.Options{})
	if err == nil {
		_ = db.Close()
		t.Fatal("open of a damaged file succeeded")
	}
	if !strings.Contains(err.Error(), "damaged") {
		t.Fatalf("open: err = %v, want it to say the file is damaged", err)
	}
	db, err = store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("open read-only for a check: %v", err)
	}
	defer db.Close()
	if problems := fmt.Sprint(db.Check()); !strings.Contains(problems, "damaged") {
		t.Fatalf("check: %s", problems)
	}
	if err := db.View(func(tx *store.Tx) error { _, err := tx.TokenKey(); return err }); !errors.Is(err, store.ErrDamaged) {
		t.Fatalf("a read: %v, want store.ErrDamaged", err)
	}
}

// bbolt's own check visits every page a page claims to span: a damaged
// length of billions of pages would make it run for hours and exhaust
// memory instead of reporting the damage.
func TestCheckReportsAPageLengthPastTheEndOfTheFile(t *testing.T) {
	path := signedUpFile(t)
	testutil.DamagePageLength(t, path, "users")
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	done := make(chan []error, 1)
	go func() { done <- db.Check() }()
	select {
	case problems := <-done:
		if !strings.Contains(fmt.Sprint(problems), "past the end of the file") {
			t.Fatalf("problems = %v, want the bad page length reported", problems)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("check is still running after 30 s on a 5-page file")
	}
}

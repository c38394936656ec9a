package store_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
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

func fieldError(err error) map[string]string {
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
	if got := fieldError(err)["email"]; got != "already in use" {
		t.Fatalf("second user with the same email in other case: err = %v, want email: already in use", err)
	}
}

func TestUsernameIsUniqueIgnoringCase(t *testing.T) {
	db := testutil.OpenDB(t)
	if _, err := createUser(t, db, "Ana", "a@example.com"); err != nil {
		t.Fatal(err)
	}
	_, err := createUser(t, db, "aNA", "b@example.com")
	if got := fieldError(err)["username"]; got != "already in use" {
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
		case fieldError(err)["email"] != "already in use":
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
	if f := fieldError(err); f["email"] == "" || f["username"] == "" {
		t.Fatalf("new email and username should be taken: %v", err)
	}
	_ = db.View(func(tx *store.Tx) error {
		if id, ok := tx.UserIDByLogin("New@Example.com"); !ok || id != u.ID {
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
	jtis := []string{testutil.JTI(t, firstToken), testutil.JTI(t, second.Token)}
	if err := db.Update(func(tx *store.Tx) error {
		return tx.PutAvatar(gone.ID, []byte("AVATAR-MARKER"), []byte("THUMB-MARKER"))
	}); err != nil {
		t.Fatal(err)
	}
	if err := svc.DeleteAccount(gone.ID, testutil.Password); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	id := make([]byte, 8)
	binary.BigEndian.PutUint64(id, gone.ID)
	needles := map[string][]byte{
		"email": []byte("goner@example.com"), "username": []byte("goner"),
		"user id in a record": []byte(fmt.Sprintf(`"user_id":%d`, gone.ID)),
		"avatar":              []byte("AVATAR-MARKER"), "thumbnail": []byte("THUMB-MARKER"),
	}
	for i, jti := range jtis {
		needles[fmt.Sprintf("session %d", i)] = []byte(jti)
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
	svc = testutil.Accounts(t, db, nil)
	again, _ := testutil.SignUp(t, svc, "goner")
	if again.ID == gone.ID || again.ID == keep.ID {
		t.Fatalf("new account got id %d", again.ID)
	}
}

func TestASecondOpenFailsFastWithAClearError(t *testing.T) {
	path := filepath.Join(t.TempDir(), store.FileName)
	first, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	done := make(chan error, 1)
	go func() {
		_, err := store.Open(path, store.Options{})
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, store.ErrInUse) || !strings.Contains(err.Error(), "already in use") {
			t.Fatalf("second open: err = %v, want ErrInUse saying it is already in use", err)
		}
	case <-time.After(10 * store.LockTimeout):
		t.Fatal("second open hangs instead of failing")
	}
}

func TestCheckFindsNothingOnAHealthyDatabase(t *testing.T) {
	db := testutil.OpenDB(t)
	testutil.SignUp(t, testutil.Accounts(t, db, nil), "ana")
	if problems := db.Check(); len(problems) != 0 {
		t.Fatalf("healthy database: %v", problems)
	}
}

func TestCheckReportsBrokenIndexEntries(t *testing.T) {
	path := filepath.Join(t.TempDir(), store.FileName)
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	testutil.SignUp(t, testutil.Accounts(t, db, nil), "ana")
	_ = db.Close()

	raw, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = raw.Update(func(tx *bolt.Tx) error {
		emails := tx.Bucket([]byte("index")).Bucket([]byte("email"))
		if err := emails.Delete([]byte("ana@example.com")); err != nil {
			return err
		}
		return emails.Put([]byte("ghost@example.com"), []byte{0, 0, 0, 0, 0, 0, 0, 99})
	})
	_ = raw.Close()
	if err != nil {
		t.Fatal(err)
	}

	db, err = store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	report := fmt.Sprint(db.Check())
	for _, want := range []string{"missing user 99", "user 1 is missing from the email index"} {
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
			_ = db.Update(func(tx *store.Tx) error { return tx.CreateUser(&u, "h") })
		}
	}()
	dst := filepath.Join(t.TempDir(), "copy.db")
	err := db.Backup(dst)
	close(stop)
	writer.Wait()
	if err != nil {
		t.Fatal(err)
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
		if _, ok := tx.UserIDByLogin("ana"); !ok {
			t.Error("backup lacks the user that existed before it started")
		}
		return nil
	})
}

package store_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"passdesk/backend/internal/testutil"
	"passdesk/backend/store"
)

// backupWith makes a backup holding ana, then adds bob to the live database.
func backupWith(t *testing.T) (db *store.DB, backup string) {
	t.Helper()
	db = openAt(t, filepath.Join(t.TempDir(), store.FileName))
	if _, err := createUser(t, db, "ana", "ana@example.com"); err != nil {
		t.Fatal(err)
	}
	backup = filepath.Join(t.TempDir(), "ana.backup")
	if err := db.Backup(backup); err != nil {
		t.Fatal(err)
	}
	if _, err := createUser(t, db, "bob", "bob@example.com"); err != nil {
		t.Fatal(err)
	}
	return db, backup
}

// keptAside returns the before-restore copies in dir.
func keptAside(t *testing.T, dir string) []string {
	t.Helper()
	matches, _ := filepath.Glob(filepath.Join(dir, store.FileName+".before-restore.*.bak"))
	return matches
}

func TestRestoreWhileRunningPutsTheBackupBackAndKeepsTheCurrentAside(t *testing.T) {
	db, backup := backupWith(t)
	before, _ := os.ReadFile(backup)
	keptAt, err := db.Restore(backup)
	if err != nil {
		t.Fatal(err)
	}
	if !hasUser(t, db, "ana") || hasUser(t, db, "bob") {
		t.Fatal("after restoring, the data is not the backup's")
	}
	if after, _ := os.ReadFile(backup); string(after) != string(before) {
		t.Fatal("restoring changed the backup file")
	}
	if _, err := createUser(t, db, "carl", "carl@example.com"); err != nil {
		t.Fatalf("writing after the restore: %v", err)
	}
	dir := filepath.Dir(db.Path())
	aside := keptAside(t, dir)
	if len(aside) != 1 || aside[0] != keptAt {
		t.Fatalf("kept aside: %v, want one copy of the replaced data, at %q as Restore said", aside, keptAt)
	}
	if info, _ := os.Stat(aside[0]); info.Mode().Perm() != 0o600 {
		t.Fatalf("kept-aside copy mode %v, want 0600", info.Mode().Perm())
	}
	old, err := store.Open(aside[0], store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	if !hasUser(t, old, "bob") {
		t.Fatal("the kept-aside copy lacks the data the restore replaced")
	}
	if left := tempLeftovers(t, dir); len(left) > 0 {
		t.Fatalf("left behind: %v", left)
	}
	path := db.Path()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	reopened := openAt(t, path)
	if !hasUser(t, reopened, "ana") || !hasUser(t, reopened, "carl") || hasUser(t, reopened, "bob") {
		t.Fatal("the restored data did not survive reopening")
	}
}

// Every refused backup leaves the current data, and the folder, as they were.
func TestRestoreRefusesABadBackupAndChangesNothing(t *testing.T) {
	for name, c := range map[string]struct {
		spoil func(t *testing.T, path string)
		want  error
	}{
		"damaged page": {func(t *testing.T, path string) { testutil.DamagePage(t, path, "users") }, store.ErrDamaged},
		"empty":        {func(t *testing.T, path string) { _ = os.Truncate(path, 0) }, store.ErrDamaged},
		"not a database": {func(t *testing.T, path string) {
			_ = os.WriteFile(path, []byte(strings.Repeat("junk", 4096)), 0o600)
		}, store.ErrDamaged},
		"no schema version": {func(t *testing.T, path string) {
			editRaw(t, path, func(tx *bolt.Tx) error { return tx.Bucket([]byte("meta")).Delete([]byte("schema_version")) })
		}, store.ErrDamaged},
		"broken index": {func(t *testing.T, path string) {
			editRaw(t, path, func(tx *bolt.Tx) error {
				return tx.Bucket([]byte("index")).Bucket([]byte("email")).Put([]byte("ghost@example.com"), make([]byte, 8))
			})
		}, store.ErrDamaged},
		"newer schema": {func(t *testing.T, path string) {
			editRaw(t, path, func(tx *bolt.Tx) error {
				return tx.Bucket([]byte("meta")).Put([]byte("schema_version"), []byte{0, 0, 0, 0, 0, 0, 0, 99})
			})
		}, store.ErrTooNew},
	} {
		t.Run(name, func(t *testing.T) {
			db, backup := backupWith(t)
			c.spoil(t, backup)
			dir := filepath.Dir(db.Path())
			namesBefore := folderNames(t, dir)
			keptAt, err := db.Restore(backup)
			if !errors.Is(err, c.want) || keptAt != "" || !strings.Contains(err.Error(), backup) {
				t.Fatalf("err = %v, kept at %q; want %v naming the backup, nothing kept", err, keptAt, c.want)
			}
			if !hasUser(t, db, "bob") {
				t.Fatal("a refused restore changed the current data")
			}
			if names := folderNames(t, dir); strings.Join(names, ",") != strings.Join(namesBefore, ",") {
				t.Fatalf("the data folder went from %v to %v", namesBefore, names)
			}
			if _, err := store.RestoreFile(filepath.Join(t.TempDir(), store.FileName), backup); !errors.Is(err, c.want) {
				t.Fatalf("with the app closed: err = %v, want %v", err, c.want)
			}
		})
	}
}

func TestRestoringTheDatabaseOntoItselfIsRefused(t *testing.T) {
	db, _ := backupWith(t)
	if _, err := db.Restore(db.Path()); err == nil {
		t.Fatal("restoring the database from itself was accepted")
	}
}

// With the app closed the current file may be damaged beyond opening — the
// usual reason to restore: it is kept aside byte for byte, not lost.
func TestRestoreFileReplacesADamagedFileWithTheAppClosed(t *testing.T) {
	db, backup := backupWith(t)
	path := db.Path()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	testutil.DamagePage(t, path, "")
	damaged, _ := os.ReadFile(path)
	if _, err := store.Open(path, store.Options{}); err == nil {
		t.Fatal("control: the damaged file opens")
	}
	keptAt, err := store.RestoreFile(path, backup)
	if err != nil {
		t.Fatal(err)
	}
	aside := keptAside(t, filepath.Dir(path))
	if len(aside) != 1 || aside[0] != keptAt {
		t.Fatalf("kept aside: %v, RestoreFile said %q", aside, keptAt)
	}
	if kept, _ := os.ReadFile(aside[0]); string(kept) != string(damaged) {
		t.Fatal("the replaced file was not kept byte for byte")
	}
	restored := openAt(t, path)
	if !hasUser(t, restored, "ana") || hasUser(t, restored, "bob") {
		t.Fatal("the restored data is not the backup's")
	}
	if problems := restored.Check(); len(problems) > 0 {
		t.Fatal(problems)
	}
}

func TestRestoreFileIntoAFolderWithoutDataCreatesIt(t *testing.T) {
	_, backup := backupWith(t)
	path := filepath.Join(t.TempDir(), store.FileName)
	if keptAt, err := store.RestoreFile(path, backup); err != nil || keptAt != "" {
		t.Fatalf("kept at %q, err %v; want nothing kept (there was no current file)", keptAt, err)
	}
	if !hasUser(t, openAt(t, path), "ana") {
		t.Fatal("the restored data is not the backup's")
	}
}

func TestRestoreFileRefusesWhileTheAppHoldsTheFile(t *testing.T) {
	db, backup := backupWith(t)
	_, err := store.RestoreFile(db.Path(), backup)
	if !errors.Is(err, store.ErrInUse) {
		t.Fatalf("err = %v, want ErrInUse", err)
	}
	if !hasUser(t, db, "bob") {
		t.Fatal("the running app's data changed")
	}
	if aside := keptAside(t, filepath.Dir(db.Path())); len(aside) > 0 {
		t.Fatalf("kept aside anyway: %v", aside)
	}
}

// Two restores within one second (here: one clock reading) each keep the
// data they replaced, under names of their own; the second used to fail
// with "…before-restore.<time>.bak: file exists".
func TestTwoRestoresInTheSameSecondKeepBothReplacedFiles(t *testing.T) {
	at := time.Date(2026, 11, 30, 23, 59, 59, 0, time.UTC)
	path := filepath.Join(t.TempDir(), store.FileName)
	db, err := store.Open(path, store.Options{Now: func() time.Time { return at }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if _, err := createUser(t, db, "ana", "ana@example.com"); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "ana.backup")
	if err := db.Backup(backup); err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, login := range []string{"bob", "carl", "dora"} {
		if _, err := createUser(t, db, login, login+"@example.com"); err != nil {
			t.Fatal(err)
		}
		keptAt, err := db.Restore(backup)
		if err != nil {
			t.Fatalf("restore after adding %s: %v", login, err)
		}
		kept = append(kept, keptAt)
		old := openAt(t, keptAt)
		if !hasUser(t, old, login) {
			t.Fatalf("%s does not hold the data the restore replaced (%s)", keptAt, login)
		}
		if err := old.Close(); err != nil {
			t.Fatal(err)
		}
	}
	stem := filepath.Join(filepath.Dir(path), store.FileName+".before-restore.20261130T235959Z")
	if want := []string{stem + ".bak", stem + "-2.bak", stem + "-3.bak"}; !slices.Equal(kept, want) {
		t.Fatalf("kept at %q, want %q", kept, want)
	}
	if aside := keptAside(t, filepath.Dir(path)); len(aside) != 3 {
		t.Fatalf("kept aside: %v, want three copies", aside)
	}
}

// With the app closed the copy is named from the wall clock: restoring twice
// at once keeps two copies, each returned.
func TestRestoreFileTwiceAtOnceKeepsBothReplacedFiles(t *testing.T) {
	db, backup := backupWith(t)
	path := db.Path()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	first, err := store.RestoreFile(path, backup)
	if err != nil {
		t.Fatal(err)
	}
	second, err := store.RestoreFile(path, backup)
	if err != nil {
		t.Fatal(err)
	}
	if first == second || first == "" || second == "" {
		t.Fatalf("kept at %q and %q, want two copies", first, second)
	}
	if old := openAt(t, first); !hasUser(t, old, "bob") {
		t.Fatal("the first copy kept aside lacks the data the first restore replaced")
	}
	if aside := keptAside(t, filepath.Dir(path)); len(aside) != 2 {
		t.Fatalf("kept aside: %v, want two copies", aside)
	}
}

package store_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
	if err := db.Restore(backup); err != nil {
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
	if len(aside) != 1 {
		t.Fatalf("kept aside: %v, want one copy of the replaced data", aside)
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
			err := db.Restore(backup)
			if !errors.Is(err, c.want) || !strings.Contains(err.Error(), backup) {
				t.Fatalf("err = %v, want %v naming the backup", err, c.want)
			}
			if !hasUser(t, db, "bob") {
				t.Fatal("a refused restore changed the current data")
			}
			if names := folderNames(t, dir); strings.Join(names, ",") != strings.Join(namesBefore, ",") {
				t.Fatalf("the data folder went from %v to %v", namesBefore, names)
			}
			if err := store.RestoreFile(filepath.Join(t.TempDir(), store.FileName), backup); !errors.Is(err, c.want) {
				t.Fatalf("with the app closed: err = %v, want %v", err, c.want)
			}
		})
	}
}

func TestRestoringTheDatabaseOntoItselfIsRefused(t *testing.T) {
	db, _ := backupWith(t)
	if err := db.Restore(db.Path()); err == nil {
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
	if err := store.RestoreFile(path, backup); err != nil {
		t.Fatal(err)
	}
	aside := keptAside(t, filepath.Dir(path))
	if len(aside) != 1 {
		t.Fatalf("kept aside: %v", aside)
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
	if err := store.RestoreFile(path, backup); err != nil {
		t.Fatal(err)
	}
	if !hasUser(t, openAt(t, path), "ana") {
		t.Fatal("the restored data is not the backup's")
	}
}

func TestRestoreFileRefusesWhileTheAppHoldsTheFile(t *testing.T) {
	db, backup := backupWith(t)
	err := store.RestoreFile(db.Path(), backup)
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

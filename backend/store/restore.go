package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// RestoreStagingName is the fixed name, inside the data folder, at which the
// control channel stages a backup file for the running app to Restore (the
// app never opens a path sent over the socket). Open removes a stale one.
const RestoreStagingName = FileName + ".restore-staging"

// Restore puts the backup at from back in place of the current data, with
// the app running. from is never modified or locked: it is first copied into
// a private temp file next to the database (O_EXCL|O_NOFOLLOW, 0600,
// fsynced), and that copy is checked with the same checks as Open and Check.
// A damaged copy is refused with ErrDamaged, one from a newer PassDesk with
// ErrTooNew; the current data is then untouched.
//
// Otherwise, with every transaction held off, the current data is kept aside
// as a compacted, fsynced copy in the data folder (see keepAside for its
// name), the checked copy is renamed over passdesk.db, the folder fsynced,
// the file reopened and, when it has an older schema, migrated. The caller
// removes from.
//
// keptAt is the path of the kept-aside copy. It is set as soon as that copy
// is written, so also with an error from a later step: the user must learn
// where the replaced data went whatever happened next.
func (db *DB) Restore(from string) (keptAt string, err error) {
	if db.readOnly {
		return "", errors.New("restore: the database is open read-only")
	}
	if sameFile(from, db.path) {
		return "", fmt.Errorf("restore: %s is the database itself", from)
	}
	db.swapMu.Lock()
	defer db.swapMu.Unlock()
	fresh, err := checkedCopy(from, db.path)
	if err != nil {
		return "", fmt.Errorf("restore %s: %w", from, err)
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	keptAt, err = keepAside(db.path, db.now(), func(f *os.File) error {
		kept, err := compactInto(f, db.bolt)
		if err == nil {
			err = kept.Close()
		}
		return err
	})
	if err != nil {
		discard(fresh)
		return "", fmt.Errorf("restore: keep the current data aside: %w", err)
	}
	if err := db.swapIn(fresh); err != nil {
		return keptAt, fmt.Errorf("restore: %w", err)
	}
	return keptAt, db.migrate(false, db.now)
}

// RestoreFile is Restore for when the app is closed: it restores the backup
// at from to the database at path (which may be missing, or damaged so that
// Open refuses it) after the same checks. An existing current file is
// locked against a starting app, then kept aside as it is (copied byte for
// byte, named as by keepAside), since a damaged file cannot be compacted but
// may still hold what the user needs; keptAt is that copy's path, "" when
// there was no current file, and set as in Restore. The restored file is
// migrated on the next Open. A running PassDesk makes it fail with ErrInUse.
func RestoreFile(path, from string) (keptAt string, err error) {
	if path, err = RealPath(path); err != nil {
		return "", fmt.Errorf("restore: %w", err)
	}
	if sameFile(from, path) {
		return "", fmt.Errorf("restore: %s is the database itself", from)
	}
	fresh, err := checkedCopy(from, path)
	if err != nil {
		return "", fmt.Errorf("restore %s: %w", from, err)
	}
	current, err := os.OpenFile(path, os.O_RDWR, 0)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		discard(fresh)
		return "", fmt.Errorf("restore: %w", err)
	default:
		defer current.Close()
		err := lockFile(current)
		if err == nil {
			keptAt, err = keepAside(path, time.Now(), func(f *os.File) error { return copyFileTo(f, path) })
		}
		if err != nil {
			discard(fresh)
			return "", fmt.Errorf("restore: %w", err)
		}
	}
	// Where open files can be replaced, fresh holds the lock of the restored
	// file until it is in place, so a starting PassDesk finds one of the two
	// files locked, never neither.
	freshPath := fresh.Path()
	if !replaceOpenFiles {
		_ = fresh.Close()
		if current != nil {
			_ = current.Close()
		}
	}
	if err := replaceFile(freshPath, path); err != nil {
		_ = fresh.Close()
		_ = os.Remove(freshPath)
		return keptAt, fmt.Errorf("restore: %w", err)
	}
	return keptAt, fresh.Close()
}

// checkedCopy copies the backup at from into a private temp file next to
// the database at dbPath and returns it open, after the checks of Open and
// Check: a copy that is empty, unreadable, without PassDesk data or a schema
// version, or fails Check is refused with ErrDamaged (naming from), one
// from a newer PassDesk with ErrTooNew. Checking the copy, not from itself,
// means from is never locked or changed, and what is checked is exactly
// what will be put in place.
func checkedCopy(from, dbPath string) (*bolt.DB, error) {
	f, err := createPrivate(dbPath, "restore")
	if err != nil {
		return nil, err
	}
	err = copyFileTo(f, from)
	if err == nil {
		var info fs.FileInfo
		if info, err = f.Stat(); err == nil && info.Size() == 0 {
			err = damagedFile("%s is empty (0 bytes)", from)
		}
	}
	if err != nil {
		_ = f.Close()
		_ = os.Remove(f.Name())
		return nil, err
	}
	fresh, err := openBoltFile(f, false)
	if err != nil {
		_ = os.Remove(f.Name())
		if errors.Is(err, ErrDamaged) { // the message names the private copy
			return nil, damagedFile("%s is not a readable PassDesk database", from)
		}
		return nil, err
	}
	if err := verify(&DB{bolt: fresh, path: from, readOnly: true}); err != nil {
		discard(fresh)
		return nil, err
	}
	return fresh, nil
}

// verify runs Open's and Check's checks on db, whose file is not in use.
func verify(db *DB) error {
	if err := db.refuseMissingSchema(); err != nil {
		return err
	}
	version, err := db.schemaVersion()
	switch {
	case err != nil:
		return err
	case version == 0:
		return damagedFile("%s holds no PassDesk data", db.path)
	case version > SchemaVersion():
		return fmt.Errorf("%w (%s: schema %d, this build knows up to %d)", ErrTooNew, db.path, version, SchemaVersion())
	}
	if problems := db.Check(); len(problems) > 0 {
		return damagedFile("%s fails the check: %v", db.path, errors.Join(problems...))
	}
	return nil
}

// keepAside writes the current data, with fill, into a new file next to the
// database at dbPath, makes it durable and returns its path. The name is
// <db file>.before-restore.<UTC time>.bak; when that exists (a second
// restore within the same second, or a clock set back), the first free
// one of <db file>.before-restore.<UTC time>-2.bak, -3 … is taken, each
// created with O_EXCL so an earlier copy is never overwritten.
func keepAside(dbPath string, at time.Time, fill func(*os.File) error) (string, error) {
	f, err := createNumbered(filepath.Join(filepath.Dir(dbPath),
		fmt.Sprintf("%s.before-restore.%s", filepath.Base(dbPath), at.UTC().Format("20060102T150405Z"))), ".bak")
	if err != nil {
		return "", err
	}
	if err := fill(f); err != nil {
		_ = f.Close()
		_ = os.Remove(f.Name())
		return "", err
	}
	_ = f.Close() // compactInto's bbolt has closed it already
	return f.Name(), syncDir(filepath.Dir(dbPath))
}

// maxNumbered bounds the names createNumbered tries: that many copies kept
// aside in one second means something is looping, not a user restoring.
const maxNumbered = 1000

// createNumbered creates, with createExclusive, the first free one of
// stem+ext, stem-2+ext, stem-3+ext … up to maxNumbered.
func createNumbered(stem, ext string) (*os.File, error) {
	name := stem + ext
	for n := 2; ; n++ {
		f, err := createExclusive(name)
		if !errors.Is(err, fs.ErrExist) || n > maxNumbered {
			return f, err
		}
		name = fmt.Sprintf("%s-%d%s", stem, n, ext)
	}
}

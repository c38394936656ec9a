package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"

	"passdesk/backend/apperr"
)

// FileName is the name of the database file inside the data folder.
const FileName = "passdesk.db"

// LockTimeout bounds how long Open waits for another process to release the
// file; bbolt would otherwise wait forever.
const LockTimeout = time.Second

// ErrInUse is returned by Open when another process holds the database.
var ErrInUse = errors.New("the PassDesk data folder is already in use by another running PassDesk")

// ErrTooNew is returned by Open when the file was written by a newer PassDesk.
var ErrTooNew = errors.New("the PassDesk data was written by a newer version of PassDesk")

// DB is an open PassDesk database.
type DB struct {
	bolt *bolt.DB
	path string
}

// Options tunes Open.
type Options struct {
	// ReadOnly opens the file with a shared lock and runs no migrations.
	ReadOnly bool
	// Now stamps migration backups; nil means time.Now.
	Now func() time.Time
}

// Open opens (creating if needed) the database at path and brings its schema
// up to date, first copying the file aside when an existing schema must change.
func Open(path string, opts Options) (*DB, error) {
	if !opts.ReadOnly {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("create data folder: %w", err)
		}
	}
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: LockTimeout, ReadOnly: opts.ReadOnly})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, fmt.Errorf("%w (%s)", ErrInUse, path)
		}
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db := &DB{bolt: bdb, path: path}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	if err := db.migrate(opts.ReadOnly, now); err != nil {
		_ = bdb.Close()
		return nil, err
	}
	return db, nil
}

// Path is the database file's location.
func (db *DB) Path() string { return db.path }

// Close releases the file.
func (db *DB) Close() error { return db.bolt.Close() }

// View runs fn in a read-only transaction.
func (db *DB) View(fn func(*Tx) error) error {
	return db.bolt.View(func(btx *bolt.Tx) error { return fn(&Tx{btx}) })
}

// Update runs fn in a read-write transaction: all of fn's writes land
// together, or none do when fn returns an error.
func (db *DB) Update(fn func(*Tx) error) error {
	return db.bolt.Update(func(btx *bolt.Tx) error { return fn(&Tx{btx}) })
}

// Backup writes a consistent copy of the database to path (atomically: a
// temporary file renamed into place), while other transactions go on.
func (db *DB) Backup(path string) error {
	tmp := path + ".partial"
	err := db.bolt.View(func(tx *bolt.Tx) error { return tx.CopyFile(tmp, 0o600) })
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("write backup: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("write backup: %w", err)
	}
	return nil
}

// Check verifies the file's page structure and PassDesk's own invariants
// (every index entry points at a user that points back at it, every session
// belongs to an existing user). It returns every problem found.
func (db *DB) Check() []error {
	var problems []error
	err := db.bolt.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			problems = append(problems, err)
		}
		if len(problems) > 0 {
			return nil // the logical checks below would only trip over the damage
		}
		problems = append(problems, (&Tx{tx}).checkInvariants()...)
		return nil
	})
	if err != nil {
		problems = append(problems, err)
	}
	return problems
}

// Tx is a transaction with PassDesk's typed accessors.
type Tx struct{ tx *bolt.Tx }

func internal(err error, what string) error { return apperr.Wrap(err, what) }

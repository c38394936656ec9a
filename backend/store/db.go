package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
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
	// damaged is the page-structure damage a read-only Open found; View
	// and Update then refuse with it rather than follow damaged offsets.
	damaged error
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
// A file whose page structure is damaged (see checkStructure) is refused;
// read-only, as `passdesk check` opens it, it opens for Check and Backup
// only, every transaction failing with the damage.
func Open(path string, opts Options) (*DB, error) {
	if !opts.ReadOnly {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("create data folder: %w", err)
		}
	}
	bdb, err := openBolt(path, opts.ReadOnly)
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, fmt.Errorf("%w (%s)", ErrInUse, path)
		}
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db := &DB{bolt: bdb, path: path}
	if db.damaged = db.checkStructure(); db.damaged != nil {
		if opts.ReadOnly {
			return db, nil // for Check and Backup, which read no record
		}
		_ = bdb.Close()
		return nil, fmt.Errorf("open %s: %w", path, db.damaged)
	}
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

// openBolt opens the file. PreLoadFreelist makes bbolt read the free-page
// list now, in this goroutine, where a damaged one can be recovered from
// (read-only, it would otherwise be read inside tx.Check's own goroutine,
// where the panic kills the process).
func openBolt(path string, readOnly bool) (bdb *bolt.DB, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer recoverDamage(&err)
	return bolt.Open(path, 0o600, &bolt.Options{Timeout: LockTimeout, ReadOnly: readOnly, PreLoadFreelist: true})
}

// Path is the database file's location.
func (db *DB) Path() string { return db.path }

// Close releases the file.
func (db *DB) Close() error { return db.bolt.Close() }

// View runs fn in a read-only transaction. A page too damaged for bbolt to
// read ends the transaction with a *DamagedError (errors.Is ErrDamaged)
// instead of a panic.
func (db *DB) View(fn func(*Tx) error) (err error) {
	if db.damaged != nil {
		return db.damaged
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer recoverDamagedRead(&err)
	return db.bolt.View(func(btx *bolt.Tx) error { return fn(&Tx{tx: btx}) })
}

// Update runs fn in a read-write transaction: all of fn's writes land
// together, or none do when fn returns an error (or meets a damaged page,
// as in View).
func (db *DB) Update(fn func(*Tx) error) (err error) {
	if db.damaged != nil {
		return db.damaged
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer recoverDamagedRead(&err)
	return db.bolt.Update(func(btx *bolt.Tx) error { return fn(&Tx{tx: btx}) })
}

// Backup writes a consistent copy of the database to path (atomically: a
// temporary file renamed into place), while other transactions go on.
func (db *DB) Backup(path string) error {
	// Renaming the copy over the open file would leave this process writing
	// to an unlinked file, losing every later change.
	if dst, err := os.Stat(path); err == nil {
		if self, err := os.Stat(db.path); err == nil && os.SameFile(dst, self) {
			return fmt.Errorf("write backup: %s is the database itself", path)
		}
	}
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

// Check verifies the file's meta pages, its page structure, the integrity
// tag of every record (each damaged one is listed by bucket path and key)
// and PassDesk's own invariants (every index entry points at a user that
// points back at it, every session belongs to an existing user, no bucket
// hands out an id it already holds). It returns every problem found.
func (db *DB) Check() []error {
	problems, headersOK := db.checkMetaPages()
	err := db.bolt.View(func(tx *bolt.Tx) error {
		if err := pageHeadersFit(tx); err != nil {
			problems = append(problems, err)
			return nil // bbolt's own check would loop for billions of pages
		}
		if err := db.checkPages(tx); err != nil {
			problems = append(problems, err)
			return nil // reading the records would follow the damaged offsets
		}
		damaged, err := readEveryRecord(tx)
		if err != nil {
			problems = append(problems, err)
			return nil // bbolt's own check would crash the process on the same damage
		}
		problems = append(problems, damaged...)
		if !headersOK {
			return nil // bbolt's own check would crash the process asserting on them
		}
		for err := range tx.Check() {
			problems = append(problems, err)
		}
		if len(problems) > 0 {
			return nil // the logical checks below would only trip over the damage
		}
		problems = append(problems, (&Tx{tx: tx}).checkInvariants()...)
		return nil
	})
	if err != nil {
		problems = append(problems, err)
	}
	return problems
}

// pageHeadersFit makes sure no page claims to run past the end of the file.
// tx.Check visits every page a page says it spans, so a damaged length
// (billions of pages) would make it run out of time and memory instead of
// reporting the damage.
func pageHeadersFit(tx *bolt.Tx) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer recoverDamage(&err)
	pages := int(tx.Size() / int64(tx.DB().Info().PageSize))
	for id := 2; id < pages; {
		info, err := tx.Page(id)
		if err != nil {
			return fmt.Errorf("page %d: %w", id, err)
		}
		if info == nil {
			break
		}
		if info.Type == "free" {
			id++
			continue
		}
		if id+info.OverflowCount >= pages {
			return fmt.Errorf("the database file is damaged: page %d (%s) claims %d more pages, past the end of the file",
				id, info.Type, info.OverflowCount)
		}
		id += info.OverflowCount + 1
	}
	return nil
}

// readEveryRecord reads every key and value of every bucket, checking each
// record's tag. A damaged page makes bbolt panic (a length that runs past
// the file) or fault (a slice that points outside the mapping); tx.Check
// would do that in a goroutine of its own, where no recover can reach it,
// taking down the whole process — the running app itself when the check
// comes through the control socket. Here the damage turns into an error.
func readEveryRecord(tx *bolt.Tx) (damaged []error, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer recoverDamage(&err)
	return verifyRecords(tx), nil
}

// recoverDamage turns a panic that bbolt raised on a damaged page into *err.
// Deferred (with debug.SetPanicOnFault) around reads of a file that may be damaged.
func recoverDamage(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("the database file is damaged: %v", r)
	}
}

// Tx is a transaction with PassDesk's typed accessors.
type Tx struct {
	tx  *bolt.Tx
	key []byte // the record key, read on first use (see integrity.go)
}

func internal(err error, what string) error { return apperr.Wrap(err, what) }

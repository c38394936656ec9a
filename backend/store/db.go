package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"passdesk/backend/apperr"
)

// FileName is the name of the database file inside the data folder.
const FileName = "passdesk.db"

// LockTimeout bounds how long Open waits for another process to release the
// file; bbolt would otherwise wait forever.
const LockTimeout = time.Second

// ErrInUse is returned by Open when another process holds the database.
var ErrInUse = errors.New("the PassDesk data folder is already in use by another running PassDesk")

// ErrTooNew is returned by Open when the file was written by a newer PassDesk,
// and by Restore for such a backup.
var ErrTooNew = errors.New("the PassDesk data was written by a newer version of PassDesk")

// DB is an open PassDesk database.
//
// The bolt handle changes when Compact or Restore swaps in a new file: every
// transaction holds mu for reading while it uses the handle, and the swap
// holds it for writing, so readers and writers wait for the swap instead of
// touching a closed handle.
type DB struct {
	mu   sync.RWMutex
	bolt *bolt.DB
	// path is the real database file, symbolic links resolved at Open:
	// every replacement of the file (Compact, Restore) renames a fresh file
	// over it, and a rename over a link would replace the link and leave
	// the old bytes in its target. given is the path as Open got it (Path).
	path, given string
	now         func() time.Time
	// readOnly: opened with a shared lock; no migrations, no Compact.
	readOnly bool
	// swapMu lets one Compact or Restore run at a time; it is taken before mu.
	swapMu sync.Mutex
	// erasedUpTo is the value of changes when the last Compact began the
	// copy it swapped in: every write counted by then is erased (see
	// UpdateErasing). Guarded by swapMu.
	erasedUpTo uint64
	// damaged is the page-structure damage a read-only Open found; View
	// and Update then refuse with it rather than follow damaged offsets.
	damaged error

	hookMu   sync.Mutex
	onOutbox []func(userID uint64) // see OnOutboxCommit

	// changes counts the writes that may have changed the data: each
	// Update, migration and swapped-in file, counted once it is over (see
	// Tx.Generation).
	changes atomic.Uint64
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
//
// It refuses, leaving the file as it is, a file that is damaged rather than
// new (ErrDamaged): a 0-byte file, a file with data but no readable schema
// version, a file bbolt cannot read. A newer file fails with ErrTooNew, one
// locked by a running PassDesk with ErrInUse. Not read-only, it then removes
// temp files a killed process left next to the database, and compacts the
// file when free pages take more than half of it and more than 4 MiB.
//
// A file whose page structure is damaged (see checkStructure) is refused;
// read-only, as `passdesk check` opens it, it opens for Check and Backup
// only, every transaction failing with the damage.
func Open(path string, opts Options) (*DB, error) {
	if !opts.ReadOnly {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("create data folder: %w", err)
		}
	}
	given := path
	path, err := RealPath(path)
	if err != nil {
		return nil, err
	}
	bdb, err := openBolt(path, opts.ReadOnly)
	if err != nil {
		return nil, err
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	db := &DB{bolt: bdb, path: path, given: given, readOnly: opts.ReadOnly, now: now}
	if db.damaged = db.checkStructure(); db.damaged != nil {
		if opts.ReadOnly {
			return db, nil // for Check and Backup, which read no record
		}
		_ = bdb.Close()
		return nil, fmt.Errorf("open %s: %w", path, db.damaged)
	}
	if err := db.prepare(); err != nil {
		_ = db.bolt.Close()
		return nil, err
	}
	return db, nil
}

// prepare refuses a file without a readable schema version, migrates it and,
// not read-only, tidies the folder and compacts a wasteful file.
func (db *DB) prepare() error {
	if err := db.refuseMissingSchema(); err != nil {
		return err
	}
	if err := db.migrate(db.readOnly, db.now); err != nil {
		return err
	}
	if db.readOnly {
		return nil
	}
	if err := db.inFolders(removeLeftovers); err != nil {
		return err
	}
	return db.compactIfWasteful()
}

// restoreHint ends every ErrDamaged message of Open: what the user can do.
const restoreHint = "; PassDesk left it as it is: restore a backup with \"passdesk restore FILE\", or move the file away to start with an empty one"

// openBolt opens the file. PreLoadFreelist makes bbolt read the free-page
// list now, in this goroutine, where a damaged one can be recovered from
// (read-only, it would otherwise be read inside tx.Check's own goroutine,
// where the panic kills the process).
func openBolt(path string, readOnly bool) (*bolt.DB, error) {
	return openBoltWith(path, readOnly, openRefusingEmpty)
}

// openBoltFile is openBolt for a file this process has just created or
// copied, already open as f (bbolt closes it).
func openBoltFile(f *os.File, readOnly bool) (*bolt.DB, error) {
	bdb, err := openBoltWith(f.Name(), readOnly, func(string, int, os.FileMode) (*os.File, error) { return f, nil })
	if err != nil {
		_ = f.Close()
	}
	return bdb, err
}

// openBoltWith runs bolt.Open on path with open as its OpenFile. A panic
// inside it — a truncated or damaged file read through the map — becomes
// ErrDamaged naming path, and the file bbolt had opened, and locked by then,
// is unlocked and closed: otherwise the lock outlives the failed open (the
// map bbolt leaves behind keeps the open file alive), and the next open in
// this process would report the file in use by another PassDesk.
func openBoltWith(path string, readOnly bool, open func(string, int, os.FileMode) (*os.File, error)) (bdb *bolt.DB, err error) {
	var opened *os.File
	defer func() {
		if r := recover(); r != nil {
			if opened != nil {
				unlockFile(opened)
				_ = opened.Close()
			}
			bdb, err = nil, damagedFile("%s cannot be read (%v)%s", path, r, restoreHint)
		}
	}()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	bdb, err = bolt.Open(path, 0o600, &bolt.Options{
		Timeout: LockTimeout, ReadOnly: readOnly, PreLoadFreelist: true,
		OpenFile: func(name string, flag int, mode os.FileMode) (*os.File, error) {
			f, err := open(name, flag, mode)
			opened = f
			return f, err
		},
	})
	return bdb, describeOpenError(path, err)
}

// describeOpenError names what went wrong opening the file at path.
func describeOpenError(path string, err error) error {
	switch {
	case err == nil, errors.Is(err, ErrDamaged), errors.Is(err, ErrInUse):
		return err
	case errors.Is(err, bolt.ErrTimeout):
		return fmt.Errorf("%w (%s)", ErrInUse, path)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum), errors.Is(err, berrors.ErrVersionMismatch),
		// A file shorter than its two meta pages: bbolt (db.go, mmapSize's
		// caller) says so with this text only, no sentinel error.
		strings.HasPrefix(err.Error(), "file size too small"):
		return damagedFile("%s cannot be read (%v)%s", path, err, restoreHint)
	}
	return fmt.Errorf("open %s: %w", path, err)
}

// openRefusingEmpty is bbolt's os.OpenFile, except that an existing 0-byte
// file is refused: bbolt would write a new, empty database into it, and a
// file that lost its contents is damage to report, not a new install. Only
// a file that does not exist yet is created.
func openRefusingEmpty(name string, flag int, mode os.FileMode) (*os.File, error) {
	f, err := os.OpenFile(name, flag&^os.O_CREATE, mode)
	if errors.Is(err, fs.ErrNotExist) && flag&os.O_CREATE != 0 {
		f, err = os.OpenFile(name, flag|os.O_EXCL, mode)
		if errors.Is(err, fs.ErrExist) { // another PassDesk is creating it right now
			return nil, fmt.Errorf("%w (%s)", ErrInUse, name)
		}
		return f, err
	}
	if err != nil {
		return nil, err
	}
	if info, err := f.Stat(); err != nil || info.Size() == 0 {
		_ = f.Close()
		if err != nil {
			return nil, err
		}
		return nil, damagedFile("%s is empty (0 bytes); it may be damaged%s", name, restoreHint)
	}
	return f, nil
}

// refuseMissingSchema fails with ErrDamaged when the file holds buckets but
// no readable schema version: migration 1 writes the version in the same
// transaction that creates the first bucket, so only damage gets a file
// there, and migrating it again would paper over the damage.
func (db *DB) refuseMissingSchema() (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer recoverDamage(&err)
	return db.bolt.View(func(tx *bolt.Tx) error {
		var version []byte
		if meta := tx.Bucket(bucketMeta); meta != nil {
			version = meta.Get(keySchemaVersion)
		}
		if first, _ := tx.Cursor().First(); first == nil || len(version) == 8 {
			return nil
		}
		if version == nil {
			return damagedFile("%s holds data but no schema version%s", db.path, restoreHint)
		}
		return damagedFile("%s has an unreadable schema version (%d bytes)%s", db.path, len(version), restoreHint)
	})
}

// Path is the database file's location as given to Open (links not
// resolved, so that names derived from it stay the same).
func (db *DB) Path() string { return db.given }

// inFolders runs tidy (removeLeftovers, removeSnapshots) for the file's
// folder and, when passdesk.db is a link into another folder, for the data
// folder the link is in, where Snapshot writes.
func (db *DB) inFolders(tidy func(dbPath string) error) error {
	if err := tidy(db.path); err != nil {
		return err
	}
	if filepath.Dir(db.given) == filepath.Dir(db.path) {
		return nil
	}
	return tidy(db.given)
}

// RealPath is path with symbolic links resolved, in the file's name as well
// as in its folders, so that a rename over it replaces the file and not a
// link to it. A file that does not exist yet keeps its name in its resolved
// folder; a link to a missing file is refused, since the database would be
// created wherever it points and later renames would land beside the link.
func RealPath(path string) (string, error) {
	real, err := filepath.EvalSymlinks(path)
	if err == nil {
		return real, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("resolve %s: %w", path, err)
	}
	if info, lerr := os.Lstat(path); lerr == nil && info.Mode()&fs.ModeSymlink != 0 {
		return "", fmt.Errorf("%s is a symbolic link to a missing file; remove the link or restore the file it points to", path)
	}
	dir, err := filepath.EvalSymlinks(filepath.Dir(path))
	if err != nil {
		return "", fmt.Errorf("resolve %s: %w", path, err)
	}
	return filepath.Join(dir, filepath.Base(path)), nil
}

// Close releases the file, once any Compact or Restore has finished.
func (db *DB) Close() error {
	db.swapMu.Lock()
	defer db.swapMu.Unlock()
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.bolt.Close()
}

// View runs fn in a read-only transaction. A page too damaged for bbolt to
// read ends the transaction with a *DamagedError (errors.Is ErrDamaged)
// instead of a panic.
func (db *DB) View(fn func(*Tx) error) (err error) {
	db.mu.RLock()
	defer db.mu.RUnlock()
	if db.damaged != nil {
		return db.damaged
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer recoverDamagedRead(&err)
	// Read before the transaction begins, so that a write counted in it is
	// one whose data the transaction sees.
	gen := db.changes.Load()
	return db.bolt.View(func(btx *bolt.Tx) error { return fn(&Tx{tx: btx, db: db, gen: gen}) })
}

// Update runs fn in a read-write transaction: all of fn's writes land
// together, or none do when fn returns an error (or meets a damaged page,
// as in View).
func (db *DB) Update(fn func(*Tx) error) (err error) {
	db.mu.RLock()
	defer db.mu.RUnlock()
	if db.damaged != nil {
		return db.damaged
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer recoverDamagedRead(&err)
	// Counted once committed or rolled back (a rolled-back one only makes a
	// reader's cache miss once), before the caller learns it is done.
	defer db.changes.Add(1)
	return db.bolt.Update(func(btx *bolt.Tx) error { return fn(&Tx{tx: btx, db: db}) })
}

// Check verifies the file's meta pages, its page structure, the integrity
// tag of every record (each damaged one is listed by bucket path and key)
// and PassDesk's own invariants (every index entry points at a user that
// points back at it, every session belongs to an existing user, no bucket
// hands out an id it already holds). It returns every problem found.
func (db *DB) Check() []error {
	db.mu.RLock()
	defer db.mu.RUnlock()
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
		// A file from before records carried tags (a backup being restored,
		// which the migration tags once it is in place) has none to verify,
		// and the typed accessors the invariants use would call every record
		// damaged: its check is the page structure and bbolt's own.
		tagged := readSchemaVersion(tx) >= taggedSchema
		if tagged {
			damaged, err := readEveryRecord(tx)
			if err != nil {
				problems = append(problems, err)
				return nil // bbolt's own check would crash the process on the same damage
			}
			problems = append(problems, damaged...)
		}
		if !headersOK {
			return nil // bbolt's own check would crash the process asserting on them
		}
		for err := range tx.Check() {
			problems = append(problems, err)
		}
		if len(problems) > 0 {
			return nil // the logical checks below would only trip over the damage
		}
		if tagged {
			problems = append(problems, (&Tx{tx: tx}).checkInvariants()...)
		}
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
		*err = damagedFile("%v", r)
	}
}

// Tx is a transaction with PassDesk's typed accessors.
type Tx struct {
	tx  *bolt.Tx
	db  *DB    // whose OnOutboxCommit hooks a committed Enqueue tells
	key []byte // the record key, read on first use (see integrity.go)
	gen uint64 // see Generation
}

// Generation identifies the data a View transaction reads (in an Update it
// means nothing): two of one DB with the same generation read the same records,
// each including every Update that had returned before it began. A write,
// a migration or a file swapped in by Compact or Restore gives later
// transactions a new generation, so a reader may keep what it derived
// from the records (after verifying them) for as long as the generation
// stays the same. Damage done to the file behind the DB's back, outside
// any transaction, does not change it.
func (t *Tx) Generation() uint64 { return t.gen }

// OnOutboxCommit registers f to be told the user whose outbox grew, each
// time a transaction that queued a change (Tx.Enqueue) has committed; a
// rolled-back one tells nobody. The sync worker registers itself here, so
// every committed edit wakes it whoever made the edit. f runs on the
// committing goroutine after the write lock is released, and must not block.
func (db *DB) OnOutboxCommit(f func(userID uint64)) {
	db.hookMu.Lock()
	defer db.hookMu.Unlock()
	db.onOutbox = append(db.onOutbox, f)
}

// outboxCommitted tells every OnOutboxCommit hook that userID's outbox grew.
func (db *DB) outboxCommitted(userID uint64) {
	db.hookMu.Lock()
	hooks := slices.Clone(db.onOutbox)
	db.hookMu.Unlock()
	for _, f := range hooks {
		f(userID)
	}
}

func internal(err error, what string) error { return apperr.Wrap(err, what) }

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

// CompactStats describes one Compact: the file's size in bytes before and
// after, and how long the rewrite took.
type CompactStats struct {
	Before, After int64
	Took          time.Duration
}

// compactTxBytes bounds the data copyTx copies per transaction of
// the new file, so a large file does not sit in memory all at once.
const compactTxBytes = 16 << 20

// Automatic compaction at Open (issue 11 §2): when free pages take more than
// half the file and more than autoCompactMinFree bytes.
const autoCompactMinFree = 4 << 20

// Compact rewrites the live data into a fresh file in the same folder and
// swaps it in for passdesk.db, so that nothing the file no longer holds —
// freed pages of deleted users, old versions of records — survives anywhere
// in it (SPEC §3; issue 11 §1), and the file shrinks to its live data.
//
// The app keeps serving: the copy is taken in a read transaction, and only
// the swap (rename, folder fsync, reopen) holds every transaction off. The
// fresh file is created O_EXCL|O_NOFOLLOW, mode 0600, filled with copyTx
// (bbolt's Compact made safe alongside writes; it keeps every bucket's
// sequence, so ids are never reused),
// fsynced, then renamed over the old one and the folder fsynced. Until the
// rename the old file is complete and valid, so a process killed at any
// point loses nothing; a temp file left by a killed compaction is removed by
// the next Open. Snapshots a killed backup left in the folder are removed
// too, since they hold what the compaction erased. A write that commits while the copy is taken makes Compact
// copy again with transactions held off, so no write is ever lost.
//
// It fails on a database opened read-only.
func (db *DB) Compact() (CompactStats, error) {
	db.swapMu.Lock()
	defer db.swapMu.Unlock()
	return db.compact()
}

// compact is Compact for a caller holding swapMu.
func (db *DB) compact() (CompactStats, error) {
	start := time.Now()
	if db.readOnly {
		return CompactStats{}, errors.New("compact: the database is open read-only")
	}
	before, err := fileSize(db.path)
	if err != nil {
		return CompactStats{}, fmt.Errorf("compact: %w", err)
	}

	db.mu.RLock()
	// Every write counted in changes by now has committed, so the copy
	// below holds it; the one under the write lock, if any, holds them all.
	upTo := db.changes.Load()
	copied, err := lastTxID(db.bolt)
	var fresh *bolt.DB
	if err == nil {
		fresh, err = compactCopy(db.bolt, db.path, "compact")
	}
	db.mu.RUnlock()
	if err != nil {
		return CompactStats{}, fmt.Errorf("compact: %w", err)
	}

	db.mu.Lock()
	defer db.mu.Unlock()
	if now, err := lastTxID(db.bolt); err != nil || now != copied {
		// A write committed during the copy: copy again, now that none can.
		discard(fresh)
		upTo = db.changes.Load()
		if fresh, err = compactCopy(db.bolt, db.path, "compact"); err != nil {
			return CompactStats{}, fmt.Errorf("compact: %w", err)
		}
	}
	if err := db.swapIn(fresh); err != nil {
		return CompactStats{}, fmt.Errorf("compact: %w", err)
	}
	if err := db.inFolders(removeSnapshots); err != nil {
		return CompactStats{}, fmt.Errorf("compact: %w", err)
	}
	db.erasedUpTo = upTo
	after, err := fileSize(db.path)
	if err != nil {
		return CompactStats{}, fmt.Errorf("compact: %w", err)
	}
	return CompactStats{Before: before, After: after, Took: time.Since(start)}, nil
}

// ErrNotErased is what UpdateErasing returns (wrapping the cause, for the
// log) when the change is stored but the file could not be rewritten
// afterwards (a full disk, say): the change stands, and the bytes it
// replaced stay in free pages until the next compaction.
var ErrNotErased = apperr.New(apperr.Internal, apperr.NotErased)

// UpdateErasing is Update for a change that deletes or replaces a secret or
// personal data (an account, a saved password, a picture, a profile
// field): bbolt keeps freed pages as they were, so once fn's writes are
// committed the file is rewritten (Erase) and none of the old bytes stays
// in it (SPEC §3). When fn fails, nothing is written and its error is
// returned; when only the rewrite fails, ErrNotErased.
func (db *DB) UpdateErasing(fn func(*Tx) error) error {
	if err := db.Update(fn); err != nil {
		return err
	}
	return db.Erase()
}

// Erase rewrites the file (Compact) so that no freed page keeps what the
// writes committed before the call deleted or replaced; writes racing the
// rewrite are never lost (see Compact). A rewrite that began copying after
// those writes already erased them, so erasures that queue up behind one
// another share one rewrite. It fails with ErrNotErased.
func (db *DB) Erase() error {
	// Every write that returned before this call is counted by now, so a
	// rewrite whose copy began at this count or later holds none of the
	// bytes it freed.
	committed := db.changes.Load()
	db.swapMu.Lock()
	defer db.swapMu.Unlock()
	if db.erasedUpTo >= committed {
		return nil
	}
	if _, err := db.compact(); err != nil {
		return fmt.Errorf("%w (%w)", ErrNotErased, err)
	}
	return nil
}

// compactIfWasteful runs Compact when the pages on bbolt's free list take
// more than half the file and more than autoCompactMinFree. The file's tail
// that bbolt allocates ahead of need (up to 16 MiB, or doubling while it is
// small) is not counted: a freshly compacted file has one too, and counting
// it would compact some files at every start. Called by Open before the
// database is shared.
func (db *DB) compactIfWasteful() error {
	size, err := fileSize(db.path)
	if err != nil {
		return err
	}
	st := db.bolt.Stats()
	free := int64(st.FreePageN+st.PendingPageN) * int64(db.bolt.Info().PageSize)
	if free <= size/2 || free <= autoCompactMinFree {
		return nil
	}
	_, err = db.Compact()
	return err
}

// compactCopy writes src's live data into a new private file next to the
// database at dbPath with copyTx, syncs it, and returns it open
// (with normal syncing, ready to serve).
func compactCopy(src *bolt.DB, dbPath, kind string) (*bolt.DB, error) {
	f, err := createPrivate(dbPath, kind)
	if err != nil {
		return nil, err
	}
	return compactInto(f, src)
}

// compactInto fills the new, empty file f with src's live data and syncs
// it; on failure f is closed and deleted. A panic raised on damaged pages of
// src becomes an error.
func compactInto(f *os.File, src *bolt.DB) (fresh *bolt.DB, err error) {
	fresh, err = openBoltFile(f, false)
	if err != nil {
		_ = os.Remove(f.Name())
		return nil, err
	}
	fresh.NoSync = true // one fsync at the end instead of one per chunk
	if err := compactRecovering(fresh, src); err != nil {
		discard(fresh)
		return nil, err
	}
	if err := f.Sync(); err != nil {
		discard(fresh)
		return nil, err
	}
	fresh.NoSync = false
	return fresh, nil
}

func compactRecovering(dst, src *bolt.DB) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer recoverDamage(&err)
	return src.View(func(tx *bolt.Tx) error { return copyTx(dst, tx, compactTxBytes) })
}

// swapIn renames fresh's file over the database and makes it the handle
// every transaction uses. fresh is already open and locked, so a process
// that opens passdesk.db after the rename finds it in use, never unlocked.
// The caller holds mu for writing.
func (db *DB) swapIn(fresh *bolt.DB) error {
	// Under mu's write lock: no transaction sees the counter before the swap is over.
	defer db.changes.Add(1)
	if !replaceOpenFiles {
		return db.swapInClosed(fresh)
	}
	if err := os.Rename(fresh.Path(), db.path); err != nil {
		discard(fresh)
		return err
	}
	old := db.bolt
	db.bolt = fresh
	_ = old.Close()
	// The new file is in place either way; a failed folder sync only means
	// a power cut could bring the old one back, which is still whole.
	return syncDir(filepath.Dir(db.path))
}

// swapInClosed is swapIn where no open file can be renamed or replaced
// (Windows, and bbolt maps the file): both files are closed for the rename
// and the database reopened. Should the rename fail, the old file, still
// whole, is reopened.
func (db *DB) swapInClosed(fresh *bolt.DB) error {
	freshPath := fresh.Path()
	_ = fresh.Close()
	_ = db.bolt.Close()
	renamed := os.Rename(freshPath, db.path)
	if renamed != nil {
		_ = os.Remove(freshPath)
	}
	reopened, err := openBolt(db.path, false)
	if err != nil {
		return err // db.bolt stays closed: later calls fail with bbolt's "database not open"
	}
	db.bolt = reopened
	return renamed
}

// discard closes a file made by compactCopy and deletes it.
func discard(b *bolt.DB) {
	path := b.Path()
	_ = b.Close()
	_ = os.Remove(path)
}

// lastTxID is the id of the last committed write transaction.
func lastTxID(b *bolt.DB) (id int, err error) {
	err = b.View(func(tx *bolt.Tx) error { id = tx.ID(); return nil })
	return id, err
}

func fileSize(path string) (int64, error) {
	info, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	return info.Size(), nil
}

package store

import (
	"errors"
	"time"
)

// CompactStats describes one Compact: the file's size in bytes before and
// after, and how long the rewrite took.
type CompactStats struct {
	Before, After int64
	Took          time.Duration
}

// Compact rewrites the live data into a fresh file in the same folder and
// swaps it in for passdesk.db, so that nothing the file no longer holds —
// freed pages of deleted users, old versions of records — survives anywhere
// in it (SPEC §3; issue 11 §1), and the file shrinks to its live data.
//
// The app keeps serving: the copy is taken in a read transaction, and only
// the swap (rename, folder fsync, reopen) holds every transaction off. The
// fresh file is created O_EXCL|O_NOFOLLOW, mode 0600, filled with bbolt's
// Compact (which keeps every bucket's sequence, so ids are never reused),
// fsynced, then renamed over the old one and the folder fsynced. Until the
// rename the old file is complete and valid, so a process killed at any
// point loses nothing; a temp file left by a killed compaction is removed by
// the next Open. A write that commits while the copy is taken makes Compact
// copy again with transactions held off, so no write is ever lost.
//
// It fails on a database opened read-only.
func (db *DB) Compact() (CompactStats, error) {
	return CompactStats{}, errors.New("not implemented yet")
}

package control

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"passdesk/backend/store"
)

// Store adapts the app's open database to Target.
func Store(db *store.DB) Target { return storeTarget{db} }

type storeTarget struct{ db *store.DB }

func (s storeTarget) Check() []error { return s.db.Check() }

func (s storeTarget) Snapshot() (string, error) { return s.db.Snapshot() }

func (s storeTarget) Compact() (CompactResult, error) {
	stats, err := s.db.Compact()
	return CompactResult(stats), err
}

// Restore restores the file the CLI staged in the data folder, always at
// the same name (the request names no file), and removes it.
func (s storeTarget) Restore() (RestoreResult, error) {
	dir := filepath.Dir(s.db.Path())
	staging := RestoreStagingPath(dir)
	defer os.Remove(staging)
	if err := ownRegularFile(staging); err != nil {
		return RestoreResult{}, fmt.Errorf("no backup is staged for restoring: %w", err)
	}
	kept, err := KeepingAside(dir, func() error { return s.db.Restore(staging) })
	return RestoreResult{KeptAt: kept}, err
}

// RestoreStagingPath is where the CLI puts the backup to restore, inside
// dataDir, for the running app to read.
func RestoreStagingPath(dataDir string) string {
	return filepath.Join(dataDir, store.RestoreStagingName)
}

// KeepingAside runs restore, a store restore of the database in dataDir,
// and returns the path of the copy of the replaced data it kept aside (the
// store names it passdesk.db.before-restore.<UTC time>.bak): the one such
// file that was not there before. It is "" when none appeared (there was
// no current file).
func KeepingAside(dataDir string, restore func() error) (string, error) {
	pattern := filepath.Join(dataDir, store.FileName+".before-restore.*.bak")
	before, _ := filepath.Glob(pattern)
	if err := restore(); err != nil {
		return "", err
	}
	after, _ := filepath.Glob(pattern)
	for _, p := range after {
		if !slices.Contains(before, p) {
			return p, nil
		}
	}
	return "", nil
}

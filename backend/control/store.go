package control

import (
	"fmt"
	"os"
	"path/filepath"

	"passdesk/backend/store"
)

// Hooks let the app act on what a request did to its data.
type Hooks struct {
	// AfterRestore, when not nil, is called once a restore through the
	// channel has succeeded, before the client is answered. The data under
	// the signed-in session has been replaced by the backup's, so the app
	// ends the session and stops sync here. It is not called for a restore
	// that failed.
	AfterRestore func()
}

// Store adapts the app's open database to Target, calling hooks.
func Store(db *store.DB, hooks Hooks) Target { return storeTarget{db, hooks} }

type storeTarget struct {
	db    *store.DB
	hooks Hooks
}

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
	kept, err := s.db.Restore(staging)
	if err != nil {
		return RestoreResult{}, KeptNote(err, kept)
	}
	if s.hooks.AfterRestore != nil {
		s.hooks.AfterRestore()
	}
	return RestoreResult{KeptAt: kept}, nil
}

// KeptNote adds to err, from a restore that failed after it had kept the
// replaced data aside at kept, where that data is; err as it is otherwise.
func KeptNote(err error, kept string) error {
	if kept == "" {
		return err
	}
	return fmt.Errorf("%w (the previous data is kept at %s)", err, kept)
}

// RestoreStagingPath is where the CLI puts the backup to restore, inside
// dataDir, for the running app to read.
func RestoreStagingPath(dataDir string) string {
	return filepath.Join(dataDir, store.RestoreStagingName)
}

//go:build linux || darwin

package control_test

import (
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"passdesk/backend/control"
	"passdesk/backend/store"
)

// A restore through the channel replaces the data under the app's signed-in
// session: the app's AfterRestore hook (which signs out and stops sync) runs
// before the client hears of a success, and never after a failed restore.
func TestAfterRestoreRunsOnlyWhenARestoreSucceeded(t *testing.T) {
	dir := privateEnv(t)
	db, err := store.Open(filepath.Join(dir, store.FileName), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := db.Backup(backup); err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	var calls atomic.Int32
	srv, err := control.Listen(dir, control.Store(db, control.Hooks{AfterRestore: func() { calls.Add(1) }}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	staging := control.RestoreStagingPath(dir)

	for name, stage := range map[string][]byte{"nothing staged": nil, "a damaged backup": []byte(strings.Repeat("junk", 4096))} {
		if stage != nil {
			if err := os.WriteFile(staging, stage, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := control.Restore(dir); err == nil {
			t.Fatalf("%s: the restore succeeded", name)
		}
		if n := calls.Load(); n != 0 {
			t.Fatalf("%s: AfterRestore ran %d times after a failed restore", name, n)
		}
	}

	if err := os.WriteFile(staging, good, 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := control.Restore(dir)
	if err != nil {
		t.Fatal(err)
	}
	if n := calls.Load(); n != 1 {
		t.Fatalf("AfterRestore ran %d times by the time the restore was answered, want once", n)
	}
	if filepath.Dir(res.KeptAt) != dir {
		t.Fatalf("kept at %q, want a file in the data folder", res.KeptAt)
	}
}

package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"passdesk/backend/cli"
	"passdesk/backend/internal/testutil"
	"passdesk/backend/store"
)

// linkedDataDir is dataDir whose passdesk.db is a symbolic link to the
// real file in another folder, which it returns too.
func linkedDataDir(t *testing.T) (dir, target string) {
	t.Helper()
	target = filepath.Join(dataDir(t), store.FileName)
	dir = t.TempDir()
	if err := os.Symlink(target, filepath.Join(dir, store.FileName)); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	return dir, target
}

// `passdesk compact` on a data folder whose passdesk.db is a link rewrites
// the file it points to, so a deleted user's bytes leave it, and the link
// stays a link (it used to be replaced by a regular file).
func TestCompactThroughALinkedDatabaseRewritesItsTarget(t *testing.T) {
	dir, target := linkedDataDir(t)
	db, err := store.Open(filepath.Join(dir, store.FileName), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	acc := testutil.Accounts(t, db, nil)
	victim, _ := testutil.SignUp(t, acc, "zzlinkvictim")
	// A plain deletion, without the rewrite DeleteAccount does: compact's.
	if err := db.Update(func(tx *store.Tx) error { return tx.DeleteUser(victim.ID) }); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if raw, _ := os.ReadFile(target); !bytes.Contains(raw, []byte("zzlinkvictim")) {
		t.Fatal("control: the deleted user is not in the freed pages")
	}
	if status, out, errOut := run("compact", "--data-dir", dir); status != cli.ExitOK {
		t.Fatalf("status %d, stdout %q, stderr %q", status, out, errOut)
	}
	if raw, _ := os.ReadFile(target); bytes.Contains(raw, []byte("zzlinkvictim")) {
		t.Error("the linked file still holds the deleted user")
	}
	if info, err := os.Lstat(filepath.Join(dir, store.FileName)); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v, %v", info, err)
	}
	assertHoldsAna(t, target)
}

// A backup through the running app of a linked database: the app's
// snapshot is in the data folder, where the CLI takes it from.
func TestBackupOfALinkedDatabaseWhileTheAppRuns(t *testing.T) {
	t.Parallel() // waits out the lock timeout before asking the app
	dir, _ := linkedDataDir(t)
	runningApp(t, dir, true)
	dst := filepath.Join(t.TempDir(), "hot.db")
	if status, _, errOut := run("backup", "--data-dir", dir, dst); status != cli.ExitOK {
		t.Fatalf("hot backup: status %d: %s", status, errOut)
	}
	assertHoldsAna(t, dst)
	assertOnlyData(t, dir)
}

package cli_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"passdesk/backend/buildinfo"
	"passdesk/backend/cli"
	"passdesk/backend/control"
	"passdesk/backend/internal/testutil"
	"passdesk/backend/store"
)

func run(args ...string) (status int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	status = cli.Run(args, &out, &errOut)
	return status, out.String(), errOut.String()
}

// dataDir makes a data folder holding one signed-up user.
func dataDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, store.FileName), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	testutil.SignUp(t, testutil.Accounts(t, db, nil), "ana")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestVersion(t *testing.T) {
	status, out, _ := run("version")
	if status != cli.ExitOK || !strings.HasPrefix(out, "PassDesk "+buildinfo.Version+" ") {
		t.Fatalf("status %d, output %q", status, out)
	}
}

func TestCheckAHealthyFolder(t *testing.T) {
	status, out, errOut := run("check", "--data-dir", dataDir(t))
	if status != cli.ExitOK || !strings.Contains(out, "ok") {
		t.Fatalf("status %d, stdout %q, stderr %q", status, out, errOut)
	}
}

func TestCheckADamagedFolderExitsNonZero(t *testing.T) {
	dir := dataDir(t)
	raw, err := bolt.Open(filepath.Join(dir, store.FileName), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = raw.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("index")).Bucket([]byte("username")).Delete([]byte("ana"))
	})
	_ = raw.Close()
	status, out, _ := run("check", "--data-dir", dir)
	if status != cli.ExitDamaged || !strings.Contains(out, "missing from the username index") {
		t.Fatalf("status %d, output %q", status, out)
	}
}

func TestCheckAFolderWithoutData(t *testing.T) {
	status, _, errOut := run("check", "--data-dir", t.TempDir())
	if status != cli.ExitUsage || !strings.Contains(errOut, "no PassDesk data") {
		t.Fatalf("status %d, stderr %q", status, errOut)
	}
}

func TestBackupWritesACopyThatOpens(t *testing.T) {
	dst := filepath.Join(t.TempDir(), "copy.db")
	status, _, errOut := run("backup", "--data-dir", dataDir(t), dst)
	if status != cli.ExitOK {
		t.Fatalf("status %d: %s", status, errOut)
	}
	assertHoldsAna(t, dst)
}

func TestBackupNeedsAFile(t *testing.T) {
	if status, _, _ := run("backup", "--data-dir", t.TempDir()); status != cli.ExitUsage {
		t.Fatalf("status %d, want usage error", status)
	}
}

func assertHoldsAna(t *testing.T, path string) {
	t.Helper()
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("open copy: %v", err)
	}
	defer db.Close()
	_ = db.View(func(tx *store.Tx) error {
		if _, ok := tx.UserIDByLogin("ana"); !ok {
			t.Error("copy lacks the user")
		}
		return nil
	})
}

// runningApp holds the database open as the app does, serving the control socket.
func runningApp(t *testing.T, dir string, serve bool) {
	t.Helper()
	db, err := store.Open(filepath.Join(dir, store.FileName), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if serve {
		srv, err := control.Listen(control.SocketPath(dir), db)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = srv.Close() })
	}
}

func TestBackupAndCheckWorkWhileTheAppRuns(t *testing.T) {
	dir := dataDir(t)
	runningApp(t, dir, true)

	dst := filepath.Join(t.TempDir(), "hot.db")
	if status, _, errOut := run("backup", "--data-dir", dir, dst); status != cli.ExitOK {
		t.Fatalf("hot backup: status %d: %s", status, errOut)
	}
	assertHoldsAna(t, dst)
	if status, out, errOut := run("check", "--data-dir", dir); status != cli.ExitOK {
		t.Fatalf("check through the app: status %d %q %q", status, out, errOut)
	}
}

func TestAHeldDatabaseWithoutTheAppAnsweringFailsClearly(t *testing.T) {
	dir := dataDir(t)
	runningApp(t, dir, false)
	start := time.Now()
	status, _, errOut := run("backup", "--data-dir", dir, filepath.Join(t.TempDir(), "x.db"))
	if status == cli.ExitOK || !strings.Contains(errOut, "no running PassDesk answers") {
		t.Fatalf("status %d, stderr %q", status, errOut)
	}
	if waited := time.Since(start); waited > 10*time.Second {
		t.Fatalf("gave up only after %v", waited)
	}
}

func TestTheControlSocketRefusesRelativeBackupPaths(t *testing.T) {
	dir := dataDir(t)
	runningApp(t, dir, true)
	err := control.Backup(control.SocketPath(dir), "relative.db")
	if err == nil || !strings.Contains(err.Error(), "absolute") {
		t.Fatalf("err = %v", err)
	}
}

package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"passdesk/backend/cli"
	"passdesk/backend/control"
	"passdesk/backend/internal/testutil"
)

// stalledPipe returns a FIFO with a reader that never reads and the
// smallest pipe buffer (one page): a database (several pages) cannot fit,
// so a backup into it stalls.
func stalledPipe(t *testing.T) (fifo string, reader *os.File) {
	t.Helper()
	fifo = filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	reader, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = reader.Close() })
	if _, err := unix.FcntlInt(reader.Fd(), unix.F_SETPIPE_SZ, os.Getpagesize()); err != nil {
		t.Fatal(err)
	}
	return fifo, reader
}

type result struct {
	status      int
	out, errOut string
}

// backupInBackground starts `passdesk backup` into fifo and returns once
// its first bytes are in the pipe: the CLI is copying out, and stalls.
func backupInBackground(t *testing.T, dir, fifo string, reader *os.File) <-chan result {
	t.Helper()
	done := make(chan result, 1)
	go func() {
		status, out, errOut := run("backup", "--data-dir", dir, fifo)
		done <- result{status, out, errOut}
	}()
	testutil.AwaitReadable(t, reader) // the first bytes are in the pipe
	return done
}

// Issue 11: a backup whose destination blocks froze every read and write
// of the running app. Now the CLI copies the app's snapshot out itself:
// while the copy into a FIFO that nobody drains stalls, the app answers a
// check and takes a sign-up. No clock decides the outcome: the copy stays
// stalled until the test closes the reader.
func TestABackupIntoAStalledPipeNeverFreezesTheApp(t *testing.T) {
	cli.SetIdleTimeout(t, time.Hour) // not what ends the stall here
	dir := dataDir(t)
	app := runningApp(t, dir, true)
	fifo, reader := stalledPipe(t)
	done := backupInBackground(t, dir, fifo, reader)

	if problems, err := control.Check(dir); err != nil || len(problems) != 0 {
		t.Fatalf("check during the stalled backup: %q, %v", problems, err)
	}
	testutil.SignUp(t, testutil.Accounts(t, app, nil), "bea")
	select {
	case r := <-done:
		t.Fatalf("the backup ended before the checks, so they proved nothing: %+v", r)
	default:
	}

	_ = reader.Close() // the copy's next write fails
	if r := <-done; r.status != cli.ExitDamaged || !strings.Contains(r.errOut, "backup failed") || strings.Contains(r.out, "written") {
		t.Fatalf("status %d, stdout %q, stderr %q", r.status, r.out, r.errOut)
	}
	assertOnlyData(t, dir)
}

// The CLI gives up on a destination that takes no data for its idle
// timeout, saying why.
func TestABackupIntoAStalledPipeGivesUpAfterTheIdleTimeout(t *testing.T) {
	const idle = time.Second // the timeout under test; nothing else waits on it
	cli.SetIdleTimeout(t, idle)
	dir := dataDir(t)
	runningApp(t, dir, true)
	fifo, reader := stalledPipe(t)
	r := <-backupInBackground(t, dir, fifo, reader)
	if r.status != cli.ExitDamaged || !strings.Contains(r.errOut, "backup failed: the destination took no data for "+idle.String()) ||
		strings.Contains(r.out, "written") {
		t.Fatalf("status %d, stdout %q, stderr %q", r.status, r.out, r.errOut)
	}
	assertOnlyData(t, dir)
}

func TestABackupIntoAPipeNobodyReadsFailsAtOnce(t *testing.T) {
	dir := dataDir(t)
	fifo := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	status, out, errOut := run("backup", "--data-dir", dir, fifo)
	if status != cli.ExitDamaged || !strings.Contains(errOut, "nothing is reading from "+fifo) || out != "" {
		t.Fatalf("status %d, stdout %q, stderr %q", status, out, errOut)
	}
	assertOnlyData(t, dir)
}

// A FIFO at the staging name (nothing PassDesk leaves, but the name is
// fixed) is removed, not written into.
func TestRestoreReplacesAFIFOAtTheStagingName(t *testing.T) {
	dir := dataDir(t)
	backup := filepath.Join(t.TempDir(), "ana.db")
	if status, _, errOut := run("backup", "--data-dir", dir, backup); status != cli.ExitOK {
		t.Fatalf("backup: %s", errOut)
	}
	if err := syscall.Mkfifo(control.RestoreStagingPath(dir), 0o600); err != nil {
		t.Fatal(err)
	}
	if status, out, errOut := run("restore", "--data-dir", dir, backup); status != cli.ExitOK {
		t.Fatalf("status %d, stdout %q, stderr %q", status, out, errOut)
	}
	assertHoldsAna(t, filepath.Join(dir, "passdesk.db"))
}

// `passdesk restore` stages the backup in the data folder, so it takes a
// regular file only: a pipe (`passdesk restore <(ssh host cat backup)`),
// written into or not, could stage without end. It is refused at once,
// without waiting for a writer, and nothing changes.
func TestRestoreFromAPipeIsRefusedAtOnce(t *testing.T) {
	dir := dataDir(t)
	before, _ := os.ReadFile(filepath.Join(dir, "passdesk.db"))
	fifo := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	status, out, errOut := run("restore", "--data-dir", dir, fifo)
	if status != cli.ExitUsage || out != "" ||
		!strings.Contains(errOut, "restore failed: not a regular file: "+fifo+" is a pipe; save the backup to a file and restore that") {
		t.Fatalf("status %d, stdout %q, stderr %q", status, out, errOut)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "passdesk.db")); string(after) != string(before) {
		t.Fatal("the failed restore changed the data")
	}
	assertOnlyData(t, dir)
}

package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"passdesk/backend/cli"
)

// `passdesk restore /dev/zero` used to stage zeros into the data folder
// until the disk was full. A device is refused at once, also behind a
// link, and nothing is staged.
func TestRestoreFromADeviceIsRefusedAtOnce(t *testing.T) {
	dir := dataDir(t)
	link := filepath.Join(t.TempDir(), "backup.db")
	if err := os.Symlink("/dev/zero", link); err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{"/dev/zero", link} {
		status, out, errOut := run("restore", "--data-dir", dir, src)
		if status != cli.ExitUsage || out != "" ||
			!strings.Contains(errOut, "restore failed: not a regular file: "+src+" is a device") {
			t.Fatalf("%s: status %d, stdout %q, stderr %q", src, status, out, errOut)
		}
		assertOnlyData(t, dir)
	}
}

// A file that holds more than its size at open — here a /proc file, whose
// size reads 0 — is not staged past that size: the restore fails, saying
// so, and leaves nothing behind.
func TestRestoreStagesNoMoreThanTheSourcesSizeAtOpen(t *testing.T) {
	dir := dataDir(t)
	status, out, errOut := run("restore", "--data-dir", dir, "/proc/self/status")
	if status != cli.ExitDamaged || out != "" || !strings.Contains(errOut, "the file grew while it was being copied: /proc/self/status (0 bytes when opened)") {
		t.Fatalf("status %d, stdout %q, stderr %q", status, out, errOut)
	}
	assertOnlyData(t, dir)
}

// A link to a backup file is restored like the file.
func TestRestoreFollowsALinkToABackupFile(t *testing.T) {
	dir := dataDir(t)
	backup := filepath.Join(t.TempDir(), "ana.db")
	if status, _, errOut := run("backup", "--data-dir", dir, backup); status != cli.ExitOK {
		t.Fatalf("backup: %s", errOut)
	}
	link := filepath.Join(t.TempDir(), "latest.db")
	if err := os.Symlink(backup, link); err != nil {
		t.Fatal(err)
	}
	if status, out, errOut := run("restore", "--data-dir", dir, link); status != cli.ExitOK {
		t.Fatalf("status %d, stdout %q, stderr %q", status, out, errOut)
	}
	assertHoldsAna(t, filepath.Join(dir, "passdesk.db"))
}

// A restore refused for its source changes nothing: a data folder that
// did not exist is not made.
func TestARefusedSourceMakesNoDataFolder(t *testing.T) {
	for _, src := range []string{"/dev/zero", filepath.Join(t.TempDir(), "no-such-backup.db"), t.TempDir()} {
		dir := filepath.Join(t.TempDir(), "data")
		status, _, errOut := run("restore", "--data-dir", dir, src)
		if status == cli.ExitOK || !strings.Contains(errOut, "restore failed") {
			t.Fatalf("%s: status %d, stderr %q", src, status, errOut)
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("%s: the refused restore made the data folder (stat: %v)", src, err)
		}
	}
}

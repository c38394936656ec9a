package logging

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// A rotation whose rename fails, even for root: the log folder's path is
// so long that passdesk.log fits within PATH_MAX and its rotated name
// (passdesk-2006-01-02T15-04-05.000.log, 24 bytes longer) does not, so
// rename(2) answers ENAMETOOLONG whatever the permissions. Records then go
// to stderr after a notice, not into a void; once the stuck file is moved
// away, lumberjack's next attempt succeeds and the file explains the gap.
func TestAFailedRotationSendsRecordsToStderrUntilTheFileWorksAgain(t *testing.T) {
	rotatedName := "/" + strings.TrimSuffix(FileName, ".log") + "-2006-01-02T15-04-05.000.log"
	dir := deepDir(t, unix.PathMax-len(rotatedName))
	path := filepath.Join(dir, FileName)
	if len(path) >= unix.PathMax || len(dir)+len(rotatedName) < unix.PathMax {
		t.Fatalf("path lengths %d and %d do not straddle PATH_MAX", len(path), len(dir)+len(rotatedName))
	}
	var stderr bytes.Buffer
	log, closer, err := open(dir, slog.LevelInfo, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	defer closer.Close()

	// Fill the file until a record needs a rotation: that one is the first
	// on stderr.
	seq := 0
	for ; stderr.Len() == 0; seq++ {
		if seq > 2*maxBytes/len(pad) {
			t.Fatal("two files' worth written and the file never needed rotating")
		}
		filler(closer).Info("record", "Seq", seq, "pad", pad)
	}
	first := seq - 1
	for range 3 {
		log.Info("record", "Seq", seq, "password", password)
		seq++
	}
	diverted(t, stderr.String(), "file name too long", []int{first, first + 1, first + 2, first + 3})
	inFile := seqs(t, path)
	consecutive(t, inFile, first-1)
	sizesWithinLimit(t, []string{path})

	// The stuck file moved away (here: removed), the next record is the
	// file's again.
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	stderr.Reset()
	log.Info("record", "Seq", seq)
	if stderr.Len() != 0 {
		t.Fatalf("stderr after the file works again: %s", stderr.String())
	}
	resumed(t, path, "file name too long", 4, seq)
}

// deepDir makes a folder under a temporary one whose path is exactly n
// bytes long: one component that takes up the remainder, then components
// of 100 bytes, short enough for any file system.
func deepDir(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	extra := n - len(dir)
	full := (extra - 2) / 101 // leaves 2 to 102 bytes: "/" and 1 to 101 more
	dir += "/" + strings.Repeat("d", extra-101*full-1)
	for range full {
		dir += "/" + strings.Repeat("d", 100)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	return dir
}

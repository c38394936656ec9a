package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"golang.org/x/sys/windows"
)

// O_CREATE|O_EXCL is CREATE_NEW, which fails on any existing name, a
// symlink included; there is no flag to add.
const oNoFollow = 0

// replaceOpenFiles: Windows renames no file that is open or mapped, so the
// files are closed around the rename.
const replaceOpenFiles = false

// syncDir is a no-op: Windows cannot open a folder to flush it, and NTFS
// journals renames itself.
func syncDir(string) error { return nil }

// ownedByMe: files in the user's own profile folders are the user's; the
// folder's ACL, not the file, keeps others out.
func ownedByMe(fs.FileInfo) bool { return true }

func openStream(path string) (*os.File, error) { return os.OpenFile(path, os.O_WRONLY, 0) }

// openSource opens path for reading: Windows has no FIFOs in its file
// system, so no open can wait for a writer.
func openSource(path string, _ time.Duration) (*os.File, error) { return os.Open(path) }

// lockFile takes the byte-range lock bbolt takes on the database file
// (the range -1..0), failing at once when a running PassDesk holds it.
func lockFile(f *os.File) error {
	const m1 = (1 << 32) - 1
	err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY,
		0, 1, 0, &windows.Overlapped{Offset: m1, OffsetHigh: m1})
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
		return fmt.Errorf("%w (%s)", ErrInUse, f.Name())
	}
	return err
}

// unlockFile drops the lock bbolt took on f (the range lockFile takes).
func unlockFile(f *os.File) {
	const m1 = (1 << 32) - 1
	_ = windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, &windows.Overlapped{Offset: m1, OffsetHigh: m1})
}

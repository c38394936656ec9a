//go:build !windows

package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

const oNoFollow = syscall.O_NOFOLLOW

// replaceOpenFiles: a rename may replace a file that is open (and mapped),
// so a compacted or restored file is put in place while still locked.
const replaceOpenFiles = true

// syncDir makes a rename or creation inside dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// ownedByMe reports whether the file described by info belongs to this user.
func ownedByMe(info fs.FileInfo) bool {
	st, ok := info.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Getuid()
}

// openStream opens an existing pipe or device for writing without blocking:
// a FIFO nobody reads would otherwise hang in open(2) beyond any timeout.
func openStream(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0)
	if errors.Is(err, syscall.ENXIO) {
		return nil, fmt.Errorf("nothing is reading from %s", path)
	}
	return f, err
}

// lockFile takes the same exclusive lock bbolt takes on the database file,
// failing at once when a running PassDesk holds it.
func lockFile(f *os.File) error {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return fmt.Errorf("%w (%s)", ErrInUse, f.Name())
	}
	return err
}

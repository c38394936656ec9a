package store

import (
	"errors"
	"fmt"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"
)

// BackupIdleTimeout is how long Backup waits for a destination that takes no
// more bytes (a FIFO nobody reads, a hung network mount) before it gives up.
const BackupIdleTimeout = 30 * time.Second

// Snapshot writes a consistent, compacted copy of the database (no freed
// pages, so no deleted data) into a new private file next to it — created
// O_CREATE|O_EXCL|O_NOFOLLOW, mode 0600, fsynced — and returns its path. The
// read transaction ends before Snapshot returns, so however slowly the copy
// is then moved on, the app's reads and writes never wait for it. The caller
// owns the file and removes it; one left by a killed process is removed by
// the next Open.
func (db *DB) Snapshot() (path string, err error) {
	return "", errors.New("not implemented yet")
}

// Backup writes a consistent copy of the database to dst: a Snapshot,
// published with Publish (idle timeout BackupIdleTimeout), then removed. It
// refuses dst when it is the database itself.
func (db *DB) Backup(dst string) error {
	// The previous in-transaction copy, until Snapshot and Publish land.
	if d, err := os.Stat(dst); err == nil {
		if self, err := os.Stat(db.path); err == nil && os.SameFile(d, self) {
			return fmt.Errorf("write backup: %s is the database itself", dst)
		}
	}
	tmp := dst + ".partial"
	db.mu.RLock()
	defer db.mu.RUnlock()
	err := db.bolt.View(func(tx *bolt.Tx) error { return tx.CopyFile(tmp, 0o600) })
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("write backup: %w", err)
	}
	if err := os.Rename(tmp, dst); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("write backup: %w", err)
	}
	return nil
}

// Publish copies the file src (a Snapshot) to dst so that dst either stays as
// it was or holds the whole copy:
//   - dst an existing folder is refused ("… is a folder; give a file name");
//   - the bytes go to dst+".partial", created O_CREATE|O_EXCL|O_NOFOLLOW with
//     mode 0600; a stale .partial left by a killed backup is removed when it
//     is a regular file owned by this user, and refused otherwise (a symlink,
//     another user's file, a FIFO), leaving it as it is;
//   - the copy fails when the destination takes no bytes for idle (a
//     deadline where the file supports one, a watchdog otherwise);
//   - the file is fsynced, renamed to dst, and dst's folder fsynced.
//
// When dst is an existing FIFO or character device (a pipe to another
// program), the bytes are streamed into it directly with the same idle
// timeout, since such a destination cannot be replaced by a rename.
func Publish(src, dst string, idle time.Duration) error {
	return errors.New("not implemented yet")
}

// Stream copies the file src (a Snapshot) into the already open dst — for a
// destination the caller opened itself, e.g. a descriptor handed over the
// control channel — failing when dst takes no bytes for idle. It neither
// syncs nor closes dst.
func Stream(src string, dst *os.File, idle time.Duration) error {
	return errors.New("not implemented yet")
}

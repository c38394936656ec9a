package store

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"
)

// BackupIdleTimeout is how long Backup waits for a destination that takes no
// more bytes (a FIFO nobody reads, a hung network mount) before it gives up.
const BackupIdleTimeout = 30 * time.Second

// Snapshot writes a consistent, compacted copy of the database (no freed
// pages, so no deleted data) into a new private file next to it (next to
// the path Open was given, which for a linked passdesk.db is in the data
// folder, where the control channel's client looks for it) — created
// O_CREATE|O_EXCL|O_NOFOLLOW, mode 0600, fsynced — and returns its path. The
// read transaction ends before Snapshot returns, so however slowly the copy
// is then moved on, the app's reads and writes never wait for it. The caller
// owns the file and removes it; one left by a killed process is removed by
// the next Open.
func (db *DB) Snapshot() (path string, err error) {
	db.mu.RLock()
	defer db.mu.RUnlock()
	return snapshotOf(db.bolt, db.given)
}

// snapshotOf is Snapshot for a caller that already holds db.mu.
func snapshotOf(src *bolt.DB, dbPath string) (string, error) {
	fresh, err := compactCopy(src, dbPath, snapshotKind)
	if err != nil {
		return "", fmt.Errorf("snapshot: %w", err)
	}
	path := fresh.Path()
	if err := fresh.Close(); err != nil {
		_ = os.Remove(path)
		return "", fmt.Errorf("snapshot: %w", err)
	}
	return path, nil
}

// Backup writes a consistent copy of the database to dst: a Snapshot,
// published with Publish (idle timeout BackupIdleTimeout), then removed. It
// refuses dst when it is the database itself.
func (db *DB) Backup(dst string) error { return db.backup(dst, db.Snapshot) }

func (db *DB) backup(dst string, snapshot func() (string, error)) error {
	// Renaming the copy over the open file would leave this process writing
	// to an unlinked file, losing every later change.
	if sameFile(dst, db.path) {
		return fmt.Errorf("write backup: %s is the database itself", dst)
	}
	snap, err := snapshot()
	if err != nil {
		return fmt.Errorf("write backup: %w", err)
	}
	defer os.Remove(snap)
	if err := Publish(snap, dst, BackupIdleTimeout); err != nil {
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
//   - the copy fails with ErrIdle when the destination takes no bytes for
//     idle (a deadline where the file supports one, a watchdog otherwise),
//     and with ErrSourceIdle when src, a FIFO, gives none (see Stream);
//   - the file is fsynced, renamed to dst, and dst's folder fsynced.
//
// When dst is an existing FIFO or character device (a pipe to another
// program), the bytes are streamed into it directly with the same idle
// timeout, since such a destination cannot be replaced by a rename; a FIFO
// nothing reads from is refused at once.
func Publish(src, dst string, idle time.Duration) error {
	if info, err := os.Stat(dst); err == nil {
		if info.IsDir() {
			return fmt.Errorf("%s is a folder; give a file name", dst)
		}
		if isStream(info) {
			out, err := openStream(dst)
			if err != nil {
				return err
			}
			defer out.Close()
			return Stream(src, out, idle)
		}
	}
	return publishWith(dst, func(out *os.File) error { return Stream(src, out, idle) })
}

// publishWith is Publish's replacement of dst by a new file: fill writes
// (and syncs) it under dst's .partial name.
func publishWith(dst string, fill func(out *os.File) error) error {
	partial := dst + ".partial"
	out, err := createPartial(partial)
	if err != nil {
		return err
	}
	if err := fill(out); err != nil {
		_ = out.Close()
		_ = os.Remove(partial)
		return err
	}
	if err := out.Close(); err != nil {
		_ = os.Remove(partial)
		return err
	}
	if err := replaceFile(partial, dst); err != nil {
		_ = os.Remove(partial)
		return err
	}
	return nil
}

// ErrNotRegularFile is returned (wrapped) by Stage for a source that is not
// a regular file once links are resolved: a device (/dev/zero), a pipe, a
// socket or a folder.
var ErrNotRegularFile = errors.New("not a regular file")

// ErrSourceGrew is returned (wrapped) by Stage when the source holds more
// bytes than it had when opened: it was being written while copied.
var ErrSourceGrew = errors.New("the file grew while it was being copied")

// Stage copies the backup at src to dst as Publish does, for a restore:
// the copy lands in the data folder, so its size must be known. src must be
// a regular file after links are resolved, else ErrNotRegularFile — a
// device such as /dev/zero or a pipe could fill the disk without end — and
// no more than the size it had when opened is copied: a file that grows
// meanwhile fails with ErrSourceGrew. Nothing is left at dst on failure.
func Stage(src, dst string, idle time.Duration) error {
	// Stat first: opening a FIFO could wait for a writer.
	if err := CheckStageable(src); err != nil {
		return err
	}
	in, err := openSource(src, idle) // non-blocking, should src have been swapped meanwhile
	if err != nil {
		return err
	}
	defer in.Close()
	info, err := in.Stat()
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() {
		return notRegular(src, info)
	}
	return publishWith(dst, func(out *os.File) error {
		if err := copyIdle(out, io.LimitReader(in, info.Size()), idle); err != nil {
			return err
		}
		if n, _ := in.Read(make([]byte, 1)); n > 0 {
			return fmt.Errorf("%w: %s (%d bytes when opened)", ErrSourceGrew, src, info.Size())
		}
		return nil
	})
}

// CheckStageable is Stage's first check, for a caller to make before it
// prepares anything for the copy: src (links followed) exists and is a
// regular file, else the error (ErrNotRegularFile for a device, pipe,
// socket or folder). It opens nothing: opening a FIFO could wait for a
// writer.
func CheckStageable(src string) error {
	info, err := os.Stat(src)
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() {
		return notRegular(src, info)
	}
	return nil
}

func notRegular(src string, info fs.FileInfo) error {
	kind := "device"
	switch {
	case info.IsDir():
		kind = "folder"
	case info.Mode()&fs.ModeNamedPipe != 0:
		kind = "pipe"
	case info.Mode()&fs.ModeSocket != 0:
		kind = "socket"
	}
	return fmt.Errorf("%w: %s is a %s; save the backup to a file and restore that", ErrNotRegularFile, src, kind)
}

// createPartial creates the temp file of Publish, clearing the way once when
// a killed backup left one behind.
func createPartial(partial string) (*os.File, error) {
	out, err := createExclusive(partial)
	if errors.Is(err, fs.ErrExist) {
		if err := removeStalePartial(partial); err != nil {
			return nil, err
		}
		out, err = createExclusive(partial)
	}
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", partial, err)
	}
	return out, nil
}

// removeStalePartial deletes what an earlier, killed backup left at partial,
// but only a regular file of this user's: anything else there (a symlink
// planted to redirect the copy, another user's file) is not ours to touch.
// Removing the name never follows a symlink.
func removeStalePartial(partial string) error {
	info, err := os.Lstat(partial)
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%s already exists and is not a regular file (%s); remove it or pick another name", partial, info.Mode().Type())
	}
	if !ownedByMe(info) {
		return fmt.Errorf("%s already exists and belongs to another user; remove it or pick another name", partial)
	}
	return os.Remove(partial)
}

// Stream copies the file src (a Snapshot, or a backup being restored) into
// the already open dst — for a destination the caller opened itself, e.g. a
// descriptor handed over the control channel — failing with ErrIdle when dst
// takes no bytes for idle. A regular file is synced; dst is never closed.
// After ErrIdle a write may still be blocked in the kernel: closing dst
// makes the copy stop there.
//
// The source is bounded by idle too: a FIFO that nothing writes to fails
// with ErrSourceIdle ("nothing is writing to …") instead of blocking in
// open(2) forever, and where the source takes read deadlines, a writer
// that stalls later fails the same way (see openSource).
func Stream(src string, dst *os.File, idle time.Duration) error {
	in, err := openSource(src, idle)
	if err != nil {
		return err
	}
	defer in.Close()
	var r io.Reader = in
	if in.SetReadDeadline(time.Time{}) == nil {
		r = idleReader{in, idle}
	}
	return copyIdle(dst, r, idle)
}

// sameFile reports whether a and b name the same existing file.
func sameFile(a, b string) bool {
	ia, err := os.Stat(a)
	if err != nil {
		return false
	}
	ib, err := os.Stat(b)
	return err == nil && os.SameFile(ia, ib)
}

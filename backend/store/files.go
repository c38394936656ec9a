package store

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"
)

// tempInfix marks the private temp files the store creates next to the
// database (snapshots, compactions, restores): <db file name>.tmp-<kind>-<random>.
// Open removes leftovers of a killed process.
const tempInfix = ".tmp-"

// snapshotKind is the kind of the snapshots Backup and the control channel
// hand out. One whose reader was killed stays until Open or the next
// Compact removes it.
const snapshotKind = "snapshot"

// createPrivate creates a new file next to the database at dbPath, readable
// by its owner only. O_EXCL|O_NOFOLLOW: an existing file or a symlink
// planted at the name is never opened, so the copy can neither land in a
// file someone else owns nor follow a link elsewhere.
func createPrivate(dbPath, kind string) (*os.File, error) {
	random := make([]byte, 12)
	if _, err := rand.Read(random); err != nil {
		return nil, err
	}
	name := filepath.Base(dbPath) + tempInfix + kind + "-" + hex.EncodeToString(random)
	return createExclusive(filepath.Join(filepath.Dir(dbPath), name))
}

// createExclusive creates path, mode 0600, failing if anything exists there.
func createExclusive(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL|oNoFollow, 0o600)
}

// removeLeftovers deletes the temp files a killed process left next to the
// database at dbPath, and a stale restore staging file or the part of one a
// killed `passdesk restore` was copying (Stage's .partial). Only called while
// this process holds the database's exclusive lock, so no other process can
// be writing them; only regular files are removed.
func removeLeftovers(dbPath string) error {
	prefix := filepath.Base(dbPath) + tempInfix
	return removeTemps(dbPath, func(name string) bool {
		return strings.HasPrefix(name, prefix) || name == RestoreStagingName || name == RestoreStagingName+".partial"
	})
}

// removeSnapshots deletes the snapshots next to the database at dbPath.
// Compact calls it: a snapshot a killed backup left behind holds what the
// compaction just erased (a deleted account, an old data key). A backup
// still copying one has it open, and on Unix keeps reading it.
func removeSnapshots(dbPath string) error {
	prefix := filepath.Base(dbPath) + tempInfix + snapshotKind + "-"
	return removeTemps(dbPath, func(name string) bool { return strings.HasPrefix(name, prefix) })
}

// removeTemps deletes the regular files in dbPath's folder whose names
// match.
func removeTemps(dbPath string, match func(name string) bool) error {
	dir := filepath.Dir(dbPath)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Type().IsRegular() && match(e.Name()) {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("remove a leftover temp file: %w", err)
			}
		}
	}
	return nil
}

// replaceFile renames tmp over path and makes the rename durable by
// syncing the folder; tmp must already be synced.
func replaceFile(tmp, path string) error {
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return syncDir(filepath.Dir(path))
}

// copyFileTo copies src's bytes into the new private file dst and syncs it.
func copyFileTo(dst *os.File, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	if _, err := io.Copy(dst, in); err != nil {
		return err
	}
	return dst.Sync()
}

// ErrIdle is returned (wrapped) by Publish and Stream when the destination
// took no bytes for the idle timeout.
var ErrIdle = errors.New("the destination took no data")

// ErrSourceIdle is returned (wrapped) by Publish and Stream when the source,
// a FIFO, gave no bytes for the idle timeout: nothing opened it for writing,
// or its writer stalled.
var ErrSourceIdle = errors.New("the source gave no data")

// idleReader reads from a file that supports read deadlines (a FIFO, a
// pipe) with a fresh deadline of idle before every read, so a writer that
// stalls fails the copy with ErrSourceIdle instead of holding it forever.
type idleReader struct {
	f    *os.File
	idle time.Duration
}

func (r idleReader) Read(p []byte) (int, error) {
	if err := r.f.SetReadDeadline(time.Now().Add(r.idle)); err != nil {
		return 0, err
	}
	n, err := r.f.Read(p)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		err = fmt.Errorf("%w for %s (%s)", ErrSourceIdle, r.idle, r.f.Name())
	}
	return n, err
}

// copyIdle copies src to dst and, for a regular file, syncs it, failing
// with ErrIdle when dst makes no progress for idle. A destination that
// supports deadlines (a pipe, a terminal) gets one per write; for others
// (a regular file on a hung network mount, whose writes block in the
// kernel) a watchdog gives up waiting, and the closed file makes the
// abandoned copy stop at its next write. The watchdog blames whichever
// side the copy is waiting for: a stalled read fails with ErrSourceIdle.
func copyIdle(dst *os.File, src io.Reader, idle time.Duration) error {
	if dst.SetWriteDeadline(time.Now().Add(idle)) == nil {
		defer dst.SetWriteDeadline(time.Time{})
		_, err := io.Copy(deadlineWriter{dst, idle}, src)
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return fmt.Errorf("%w for %s", ErrIdle, idle)
		}
		return err
	}
	progress := make(chan struct{}, 1)
	done := make(chan error, 1)
	writing := new(atomic.Bool)
	go func() {
		_, err := io.Copy(progressWriter{dst, progress, writing}, src)
		if err == nil {
			writing.Store(true)
			err = syncRegular(dst)
		}
		done <- err
	}()
	timer := time.NewTimer(idle)
	defer timer.Stop()
	for {
		select {
		case err := <-done:
			return err
		case <-progress:
			timer.Reset(idle)
		case <-timer.C:
			if !writing.Load() {
				return fmt.Errorf("%w for %s", ErrSourceIdle, idle)
			}
			return fmt.Errorf("%w for %s", ErrIdle, idle)
		}
	}
}

// syncRegular fsyncs f when it is a regular file. A device written into
// (/dev/null) has nothing to make durable, and fsync on it fails with EINVAL.
func syncRegular(f *os.File) error {
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		return err
	}
	return f.Sync()
}

type deadlineWriter struct {
	f    *os.File
	idle time.Duration
}

func (w deadlineWriter) Write(p []byte) (int, error) {
	if err := w.f.SetWriteDeadline(time.Now().Add(w.idle)); err != nil {
		return 0, err
	}
	return w.f.Write(p)
}

// progressWriter writes to f, telling progress after each write and
// keeping writing set while a write is under way.
type progressWriter struct {
	f        *os.File
	progress chan<- struct{}
	writing  *atomic.Bool
}

func (w progressWriter) Write(p []byte) (int, error) {
	w.writing.Store(true)
	n, err := w.f.Write(p)
	w.writing.Store(false)
	select {
	case w.progress <- struct{}{}:
	default:
	}
	return n, err
}

// isStream reports whether a destination is a pipe or device that is
// written into rather than replaced.
func isStream(info fs.FileInfo) bool {
	return info.Mode()&(fs.ModeNamedPipe|fs.ModeCharDevice|fs.ModeSocket) != 0
}

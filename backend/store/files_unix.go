//go:build !windows

package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
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

// unlockFile drops the lock bbolt took on f. Closing f is not enough when
// bbolt has also mapped it: the map keeps the open file, and its lock, alive.
func unlockFile(f *os.File) {
	_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
}

// openSource opens the file path for reading without blocking: open(2) of
// a FIFO would otherwise wait, beyond any timeout, for a writer that may
// never come. A FIFO is then waited on, for at most idle, until its writer
// has sent bytes or gone (the copy then ends at once: an empty source);
// when neither happens it fails with ErrSourceIdle. A file the Go runtime
// polls (a FIFO on Linux) stays non-blocking, so read deadlines work on it;
// any other (a FIFO on macOS, which kqueue does not serve) is made blocking
// again, since a read would fail with EAGAIN otherwise.
func openSource(path string, idle time.Duration) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	err = waitSource(f, idle)
	if err == nil && f.SetReadDeadline(time.Time{}) != nil {
		err = setBlocking(f)
	}
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	return f, nil
}

// waitSource waits up to idle for f, when a FIFO, to have bytes or no
// writer any more (poll(2) reports POLLIN or POLLHUP; a FIFO that no writer
// has opened yet reports neither).
func waitSource(f *os.File, idle time.Duration) error {
	info, err := f.Stat()
	if err != nil || info.Mode()&fs.ModeNamedPipe == 0 {
		return err
	}
	raw, err := f.SyscallConn()
	if err != nil {
		return err
	}
	deadline := time.Now().Add(idle)
	var ready bool
	var pollErr error
	err = raw.Control(func(fd uintptr) {
		for !ready && pollErr == nil {
			left := time.Until(deadline)
			if left <= 0 {
				return
			}
			fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
			// Rounded up, so the wait never ends early in a busy loop of 0 ms polls.
			var n int
			n, pollErr = unix.Poll(fds, int((left+time.Millisecond-1)/time.Millisecond))
			if errors.Is(pollErr, unix.EINTR) { // a signal, e.g. the Go runtime's preemption
				pollErr = nil
			}
			ready = n > 0
		}
	})
	switch {
	case err != nil:
		return err
	case pollErr != nil:
		return pollErr
	case !ready:
		return fmt.Errorf("%w for %s: nothing is writing to %s", ErrSourceIdle, idle, f.Name())
	}
	return nil
}

// setBlocking clears O_NONBLOCK on f.
func setBlocking(f *os.File) error {
	raw, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var setErr error
	if err := raw.Control(func(fd uintptr) { setErr = syscall.SetNonblock(int(fd), false) }); err != nil {
		return err
	}
	return setErr
}

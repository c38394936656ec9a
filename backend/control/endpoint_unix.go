//go:build linux || darwin

package control

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"passdesk/backend/datadir"
)

// maxSocketPath is the longest socket path used: sun_path holds 108 bytes
// on Linux and 104 on macOS, including the terminating zero.
const maxSocketPath = 100

// socketCandidates are the places for dataDir's socket, best first:
//   - $XDG_RUNTIME_DIR/PassDesk: the per-user runtime folder (0700, the
//     user's own, emptied at logout) that the XDG Base Directory spec
//     provides for exactly this;
//   - a private folder inside the data folder, when there is no runtime
//     folder (macOS, some ssh sessions);
//   - a private folder in the user's cache folder, when the data folder's
//     path is too long for a socket.
//
// Paths longer than maxSocketPath are left out. The name comes from a hash
// of the data folder (its datadir.Canonical form), so two data folders never
// share a socket and two spellings of one folder never have two.
func socketCandidates(dataDir string) []string {
	dataDir = datadir.Canonical(dataDir)
	sum := sha256.Sum256([]byte(dataDir))
	name := hex.EncodeToString(sum[:8]) + ".sock"
	var dirs []string
	if rt := os.Getenv("XDG_RUNTIME_DIR"); rt != "" && filepath.IsAbs(rt) {
		dirs = append(dirs, filepath.Join(rt, "PassDesk"))
	}
	dirs = append(dirs, filepath.Join(dataDir, ".control"))
	if cache, err := os.UserCacheDir(); err == nil {
		dirs = append(dirs, filepath.Join(cache, "PassDesk", "control"))
	}
	var paths []string
	for _, dir := range dirs {
		if p := filepath.Join(dir, name); len(p) <= maxSocketPath {
			paths = append(paths, p)
		}
	}
	return paths
}

// errNoSocketPath means every candidate path is too long for a socket.
var errNoSocketPath = errors.New("no private folder with a path short enough for a socket: set XDG_RUNTIME_DIR or use a shorter data folder")

// listenPrivate listens on the first candidate socket path. Its folder is
// created 0700 or, when it exists, must be this user's own real folder with
// mode 0700: a folder another user could write in, or a symbolic link, is
// refused rather than used. A socket left there by a crashed app (the
// caller holds the database lock, so no app serves this folder) is replaced.
func listenPrivate(dataDir string) (net.Listener, error) {
	paths := socketCandidates(dataDir)
	if len(paths) == 0 {
		return nil, errNoSocketPath
	}
	path := paths[0]
	dir := filepath.Dir(path)
	if err := os.MkdirAll(filepath.Dir(dir), 0o700); err != nil {
		return nil, err
	}
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, err
	}
	if err := privateFolder(dir); err != nil {
		return nil, err
	}
	if info, err := os.Lstat(path); err == nil {
		if info.Mode()&fs.ModeSocket == 0 || !ownedByUs(info) {
			return nil, fmt.Errorf("%s exists and is not a socket of this user: refusing to replace it", path)
		}
		if err := os.Remove(path); err != nil {
			return nil, err
		}
	}
	// The socket is created with the process's umask; 0077 makes it the
	// user's alone from its first instant (chmod after bind leaves a
	// window). The umask is process-wide, so it is changed only around the
	// one call that creates the socket; a file another goroutine creates
	// meanwhile gets at most owner-only modes, never wider ones.
	old := unix.Umask(0o077)
	ln, err := net.Listen("unix", path)
	unix.Umask(old)
	return ln, err
}

// dialPrivate connects to the app serving dataDir, trying every candidate
// (the app may have been started with another environment), and makes
// sure the app at the other end runs as this user.
func dialPrivate(dataDir string) (net.Conn, error) {
	for _, path := range socketCandidates(dataDir) {
		dir := filepath.Dir(path)
		if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err := privateFolder(dir); err != nil {
			return nil, err
		}
		info, err := os.Lstat(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if info.Mode()&fs.ModeSocket == 0 || !ownedByUs(info) {
			return nil, fmt.Errorf("%s is not a socket of this user: refusing to use it", path)
		}
		conn, err := net.DialTimeout("unix", path, 2*time.Second)
		if errors.Is(err, syscall.ECONNREFUSED) {
			continue // left behind by an app that has ended
		}
		if err != nil {
			return nil, err
		}
		if err := peerIsUs(conn, false); err != nil {
			_ = conn.Close()
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return conn, nil
	}
	return nil, ErrNotRunning
}

// privateFolder makes sure dir is a real folder (not a symbolic link) of
// this user that no one else may enter: mode 0700 exactly.
func privateFolder(dir string) error {
	info, err := os.Lstat(dir)
	switch {
	case err != nil:
		return err
	case info.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("%s is a symbolic link, not a private folder: refusing to use it", dir)
	case !info.IsDir():
		return fmt.Errorf("%s is not a folder: refusing to use it", dir)
	case !ownedByUs(info):
		return fmt.Errorf("%s belongs to another user: refusing to use it", dir)
	case info.Mode().Perm() != 0o700:
		return fmt.Errorf("%s is open to other users (mode %04o, want 0700): refusing to use it", dir, info.Mode().Perm())
	}
	return nil
}

// ownRegularFile makes sure path is a regular file (not a link) of this user.
func ownRegularFile(path string) error {
	info, err := os.Lstat(path)
	switch {
	case err != nil:
		return err
	case !info.Mode().IsRegular():
		return fmt.Errorf("%s is not a regular file", path)
	case !ownedByUs(info):
		return fmt.Errorf("%s belongs to another user", path)
	}
	return nil
}

func ownedByUs(info fs.FileInfo) bool {
	st, ok := info.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Getuid()
}

// peerIsUs checks, with the kernel's record of who opened the other end of
// conn (SO_PEERCRED, LOCAL_PEERCRED), that it runs as this process's user;
// the record is the same whichever end (server or not) asks.
func peerIsUs(conn net.Conn, _ bool) error {
	uc, ok := conn.(*net.UnixConn)
	if !ok {
		return errors.New("not a local socket")
	}
	raw, err := uc.SyscallConn()
	if err != nil {
		return err
	}
	var uid int
	var credErr error
	if err := raw.Control(func(fd uintptr) { uid, credErr = peerUID(int(fd)) }); err != nil {
		return err
	}
	if credErr != nil {
		return fmt.Errorf("cannot tell who is at the other end: %w", credErr)
	}
	return samePeer(uid, os.Getuid())
}

// samePeer is the decision: only the same user (not even root, who has no
// business in the user's vault through this channel) may be served.
func samePeer(peer, self int) error {
	if peer != self {
		return fmt.Errorf("the other end runs as user %d, not %d: refused", peer, self)
	}
	return nil
}

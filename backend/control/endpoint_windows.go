package control

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"time"

	"github.com/Microsoft/go-winio"
	"golang.org/x/sys/windows"

	"passdesk/backend/datadir"
)

// pipeName is dataDir's named pipe. Pipe names are machine-wide, so the
// name may be guessed; what keeps it the user's is that the app creates it
// first (go-winio creates the first instance with FILE_CREATE, so a name
// someone else took makes Listen fail), its ACL admits only the user's SID,
// and both ends check the other's user on every connection.
func pipeName(dataDir string) string {
	sum := sha256.Sum256([]byte(datadir.Canonical(dataDir)))
	return `\\.\pipe\PassDesk-` + hex.EncodeToString(sum[:8])
}

// listenPrivate creates dataDir's pipe, open to this user alone
// (a protected DACL with one entry: generic all for the user's SID).
// go-winio refuses remote clients.
func listenPrivate(dataDir string) (net.Listener, error) {
	self, err := currentUser()
	if err != nil {
		return nil, err
	}
	sddl := "D:P(A;;GA;;;" + self.String() + ")"
	return winio.ListenPipe(pipeName(dataDir), &winio.PipeConfig{SecurityDescriptor: sddl})
}

// dialPrivate connects to the app serving dataDir and makes sure it runs
// as this user.
func dialPrivate(dataDir string) (net.Conn, error) {
	timeout := 2 * time.Second
	conn, err := winio.DialPipe(pipeName(dataDir), &timeout)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotRunning, err)
	}
	if err := peerIsUs(conn, false); err != nil {
		_ = conn.Close()
		return nil, err
	}
	return conn, nil
}

// peerIsUs checks that the process at the other end of the pipe (the
// client when server, else the server) runs as this user.
func peerIsUs(conn net.Conn, server bool) error {
	f, ok := conn.(interface{ Fd() uintptr })
	if !ok {
		return errors.New("not a named pipe")
	}
	pipe := windows.Handle(f.Fd())
	var pid uint32
	var err error
	if server {
		err = windows.GetNamedPipeClientProcessId(pipe, &pid)
	} else {
		err = windows.GetNamedPipeServerProcessId(pipe, &pid)
	}
	if err != nil {
		return fmt.Errorf("cannot tell who is at the other end: %w", err)
	}
	peer, err := processUser(pid)
	if err != nil {
		return fmt.Errorf("cannot tell who is at the other end: %w", err)
	}
	self, err := currentUser()
	if err != nil {
		return err
	}
	if !peer.Equals(self) {
		return fmt.Errorf("the other end runs as %s, not %s: refused", peer, self)
	}
	return nil
}

func currentUser() (*windows.SID, error) {
	user, err := windows.GetCurrentProcessToken().GetTokenUser()
	if err != nil {
		return nil, err
	}
	return user.User.Sid, nil
}

func processUser(pid uint32) (*windows.SID, error) {
	proc, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, pid)
	if err != nil {
		return nil, err
	}
	defer windows.CloseHandle(proc)
	var token windows.Token
	if err := windows.OpenProcessToken(proc, windows.TOKEN_QUERY, &token); err != nil {
		return nil, err
	}
	defer token.Close()
	user, err := token.GetTokenUser()
	if err != nil {
		return nil, err
	}
	return user.User.Sid, nil
}

// ownRegularFile makes sure path is a regular file, not a link (the data
// folder is in the user's own profile).
func ownRegularFile(path string) error {
	info, err := os.Lstat(path)
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file", path)
	}
	return nil
}

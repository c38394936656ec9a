// Package control lets the command-line tools reach a running PassDesk.
// bbolt locks the database file for one process, so while the app runs,
// `passdesk backup` and `passdesk check` ask it over a local socket (only
// reachable by the same user: it lives in the 0700 data folder) to do the
// work inside its own read transaction.
package control

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"time"
)

// SocketPath is where the app listens for dataDir. Unix socket paths are
// limited to about 100 bytes, so a long data folder gets a hashed name in
// the temporary folder instead.
func SocketPath(dataDir string) string {
	p := filepath.Join(dataDir, "passdesk.sock")
	if len(p) <= 100 {
		return p
	}
	sum := sha256.Sum256([]byte(dataDir))
	return filepath.Join(os.TempDir(), "passdesk-"+hex.EncodeToString(sum[:8])+".sock")
}

// Target is what the running app exposes.
type Target interface {
	Backup(path string) error
	Check() []error
}

type request struct {
	Op   string `json:"op"`
	Path string `json:"path,omitempty"`
}

type response struct {
	Error    string   `json:"error,omitempty"`
	Problems []string `json:"problems,omitempty"`
}

// Server answers control requests until closed.
type Server struct {
	ln   net.Listener
	path string
}

// Listen starts serving target at socketPath. The caller must hold the
// database lock, which proves no other app is serving this data folder, so
// a socket file left by a crash can safely be replaced.
func Listen(socketPath string, target Target) (*Server, error) {
	_ = os.Remove(socketPath)
	ln, err := net.Listen("unix", socketPath)
	if err != nil {
		return nil, err
	}
	_ = os.Chmod(socketPath, 0o600)
	s := &Server{ln: ln, path: socketPath}
	go s.serve(target)
	return s, nil
}

// Close stops serving and removes the socket file.
func (s *Server) Close() error {
	err := s.ln.Close()
	_ = os.Remove(s.path)
	return err
}

func (s *Server) serve(target Target) {
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		go handle(conn, target)
	}
}

func handle(conn net.Conn, target Target) {
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Minute))
	var req request
	if err := json.NewDecoder(bufio.NewReader(conn)).Decode(&req); err != nil {
		_ = json.NewEncoder(conn).Encode(response{Error: "bad request"})
		return
	}
	var resp response
	switch req.Op {
	case "backup":
		if !filepath.IsAbs(req.Path) {
			resp.Error = "backup path must be absolute"
		} else if err := target.Backup(req.Path); err != nil {
			resp.Error = err.Error()
		}
	case "check":
		for _, p := range target.Check() {
			resp.Problems = append(resp.Problems, p.Error())
		}
	default:
		resp.Error = fmt.Sprintf("unknown operation %q", req.Op)
	}
	_ = json.NewEncoder(conn).Encode(resp)
}

// ErrNotRunning means no app answers at the socket.
var ErrNotRunning = errors.New("no running PassDesk answers for this data folder")

func call(socketPath string, req request) (response, error) {
	conn, err := net.DialTimeout("unix", socketPath, 2*time.Second)
	if err != nil {
		return response{}, fmt.Errorf("%w: %v", ErrNotRunning, err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Minute))
	if err := json.NewEncoder(conn).Encode(req); err != nil {
		return response{}, err
	}
	var resp response
	if err := json.NewDecoder(conn).Decode(&resp); err != nil {
		return response{}, fmt.Errorf("read answer from running PassDesk: %w", err)
	}
	return resp, nil
}

// Backup asks the running app to write a consistent copy to path (absolute).
func Backup(socketPath, path string) error {
	resp, err := call(socketPath, request{Op: "backup", Path: path})
	if err != nil {
		return err
	}
	if resp.Error != "" {
		return errors.New(resp.Error)
	}
	return nil
}

// Check asks the running app to check the database; it returns the problems found.
func Check(socketPath string) ([]string, error) {
	resp, err := call(socketPath, request{Op: "check"})
	if err != nil {
		return nil, err
	}
	if resp.Error != "" {
		return nil, errors.New(resp.Error)
	}
	return resp.Problems, nil
}

// Package control lets the command-line tools reach a running PassDesk.
// bbolt locks the database file for one process, so while the app runs,
// `passdesk check`, `backup`, `restore` and `compact` ask it to do the work.
//
// The channel is the user's alone (issue 11 §5, SPEC §8):
//   - it is a Unix socket in a private 0700 folder (see endpoint_unix.go) or,
//     on Windows, a named pipe only the user's SID may open
//     (endpoint_windows.go), never a guessable name in a shared folder;
//   - both ends check who is at the other end, on every connection: the app
//     serves only its own user, and the CLI talks only to an app of its own
//     user (a socket someone else managed to bind is refused, not believed);
//   - requests carry an operation name and nothing else: the app never opens
//     a path it was sent. A backup is a snapshot the app writes inside its own
//     data folder and the CLI then copies out; a restore reads a file the CLI
//     first copied into the data folder under a fixed name;
//   - requests are small and bounded (MaxRequest), so are the connections
//     served at once (MaxConns) and the time a client may take to send its
//     request; the operation itself has no time limit (compacting a large
//     file is real work).
package control

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"sync"
	"time"
)

// Target is what the running app exposes; Store adapts a *store.DB.
type Target interface {
	// Check returns every problem found in the database.
	Check() []error
	// Snapshot writes a consistent private copy of the database into the
	// data folder and returns its path; the caller removes it.
	Snapshot() (path string, err error)
	// Compact rewrites the database into a fresh file without free pages.
	Compact() (CompactResult, error)
	// Restore replaces the database with the file at RestoreStagingPath,
	// keeping the current one aside.
	Restore() (RestoreResult, error)
}

// CompactResult is what a compaction did: the file's size before and after, in bytes.
type CompactResult struct {
	Before int64         `json:"before"`
	After  int64         `json:"after"`
	Took   time.Duration `json:"took"`
}

// RestoreResult says where the replaced database was kept.
type RestoreResult struct {
	KeptAt string `json:"kept_at"`
}

// Limits bound what one client can make the app spend.
type Limits struct {
	// MaxRequest is the largest request accepted, in bytes; a request is
	// one JSON object of a few dozen bytes, so anything near this is abuse.
	MaxRequest int
	// MaxConns is how many connections are served at once; more are
	// answered "busy" and closed.
	MaxConns int
	// RequestTimeout is how long a client may take to send its request.
	RequestTimeout time.Duration
	// AnswerTimeout is how long writing the answer may take.
	AnswerTimeout time.Duration
}

// DefaultLimits are the limits Listen uses.
var DefaultLimits = Limits{MaxRequest: 4 << 10, MaxConns: 4, RequestTimeout: 5 * time.Second, AnswerTimeout: 10 * time.Second}

// The operations a client may ask for.
const (
	opCheck    = "check"
	opSnapshot = "snapshot"
	opCompact  = "compact"
	opRestore  = "restore"
)

// request is all a client may send: an operation name, no paths or other
// fields (unknown fields are refused).
type request struct {
	Op string `json:"op"`
}

type response struct {
	Error    string         `json:"error,omitempty"`
	Problems []string       `json:"problems,omitempty"`
	Snapshot string         `json:"snapshot,omitempty"` // a base name inside the data folder
	Compact  *CompactResult `json:"compact,omitempty"`
	Restore  *RestoreResult `json:"restore,omitempty"`
}

// Answers that refuse a request before any work is done.
const (
	answerBusy     = "busy: too many requests at once, try again"
	answerTooLarge = "request too large"
	answerBad      = "bad request"
)

// Server answers control requests until closed.
type Server struct {
	ln      net.Listener
	dataDir string
	target  Target
	limits  Limits
	slots   chan struct{}
	done    chan struct{} // closed when the accept loop ends

	mu       sync.Mutex
	conns    map[net.Conn]struct{} // open connections, closed by Close
	handlers sync.WaitGroup
}

// Listen serves target, the app holding the database of dataDir (an
// absolute path), on the private channel for that folder. The caller must
// hold the database's lock: that proves no other app serves this folder, so
// a socket left behind by a crash may be replaced.
func Listen(dataDir string, target Target) (*Server, error) {
	return listen(dataDir, target, DefaultLimits)
}

func listen(dataDir string, target Target, limits Limits) (*Server, error) {
	dataDir = filepath.Clean(dataDir)
	ln, err := listenPrivate(dataDir)
	if err != nil {
		return nil, fmt.Errorf("control channel: %w", err)
	}
	s := &Server{ln: ln, dataDir: dataDir, target: target, limits: limits,
		slots: make(chan struct{}, limits.MaxConns), done: make(chan struct{}), conns: map[net.Conn]struct{}{}}
	go s.serve()
	return s, nil
}

// Close stops serving and removes the socket. Connections still sending
// their request or waiting to receive an answer are closed at once; an
// operation under way (a compaction, a restore) is waited for, so that
// the caller may close the database afterwards.
func (s *Server) Close() error {
	err := s.ln.Close()
	<-s.done
	s.mu.Lock()
	for conn := range s.conns {
		_ = conn.Close()
	}
	s.mu.Unlock()
	s.handlers.Wait()
	return err
}

// start runs fn for conn in a goroutine Close knows of.
func (s *Server) start(conn net.Conn, fn func(net.Conn)) {
	s.mu.Lock()
	s.conns[conn] = struct{}{}
	s.mu.Unlock()
	s.handlers.Add(1)
	go func() {
		defer s.handlers.Done()
		defer func() {
			s.mu.Lock()
			delete(s.conns, conn)
			s.mu.Unlock()
			_ = conn.Close()
		}()
		fn(conn)
	}()
}

func (s *Server) serve() {
	defer close(s.done)
	var backoff time.Duration
	for {
		conn, err := s.ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return
		}
		if err != nil {
			// Out of file descriptors, say: wait a little for some to be
			// freed, as net/http does, instead of ending the channel for good.
			backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
			time.Sleep(backoff)
			continue
		}
		backoff = 0
		if err := peerIsUs(conn, true); err != nil {
			_ = conn.Close() // another user: not one byte of answer
			continue
		}
		select {
		case s.slots <- struct{}{}:
			s.start(conn, s.handle)
		default:
			s.start(conn, s.refuse)
		}
	}
}

// refuse tells a connection beyond MaxConns that the app is busy, without reading it.
func (s *Server) refuse(conn net.Conn) {
	_ = conn.SetWriteDeadline(time.Now().Add(s.limits.AnswerTimeout))
	_ = json.NewEncoder(conn).Encode(response{Error: answerBusy})
}

// handle serves one connection. Its slot is given back before the answer
// is written, so a client that has its answer can count on the slot.
func (s *Server) handle(conn net.Conn) {
	resp := s.answer(conn)
	<-s.slots
	_ = conn.SetWriteDeadline(time.Now().Add(s.limits.AnswerTimeout))
	_ = json.NewEncoder(conn).Encode(resp)
}

func (s *Server) answer(conn net.Conn) response {
	_ = conn.SetReadDeadline(time.Now().Add(s.limits.RequestTimeout))
	req, errText := readRequest(conn, s.limits.MaxRequest)
	if errText != "" {
		return response{Error: errText}
	}
	// No deadline covers the operation itself (compacting a large file
	// takes what it takes); the answer gets its own write deadline.
	var resp response
	switch req.Op {
	case opCheck:
		for _, p := range s.target.Check() {
			resp.Problems = append(resp.Problems, p.Error())
		}
	case opSnapshot:
		path, err := s.target.Snapshot()
		switch {
		case err != nil:
			resp.Error = err.Error()
		case filepath.Dir(path) != s.dataDir:
			// The CLI looks for the snapshot in the data folder only.
			resp.Error = fmt.Sprintf("the snapshot %s is not in the data folder", path)
		default:
			resp.Snapshot = filepath.Base(path)
		}
	case opCompact:
		res, err := s.target.Compact()
		if err != nil {
			resp.Error = err.Error()
		} else {
			resp.Compact = &res
		}
	case opRestore:
		res, err := s.target.Restore()
		if err != nil {
			resp.Error = err.Error()
		} else {
			resp.Restore = &res
		}
	default:
		resp.Error = fmt.Sprintf("unknown operation %q", req.Op)
	}
	return resp
}

// readRequest reads one request of at most max bytes: a JSON object ended
// by a newline or by the end of the stream. Nothing past max is read, so
// an endless request costs the app one small buffer.
func readRequest(conn net.Conn, max int) (request, string) {
	r := bufio.NewReaderSize(conn, max)
	line, err := r.ReadSlice('\n')
	switch {
	case errors.Is(err, bufio.ErrBufferFull):
		return request{}, answerTooLarge
	case err != nil && len(line) == 0:
		return request{}, answerBad
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	var req request
	if err := dec.Decode(&req); err != nil || dec.More() {
		return request{}, answerBad
	}
	return req, ""
}

// ErrNotRunning means no app answers for this data folder.
var ErrNotRunning = errors.New("no running PassDesk answers for this data folder")

// call sends one request to the app serving dataDir and returns its answer.
// It waits for the operation as long as it takes (the user can interrupt).
func call(dataDir, op string) (response, error) {
	conn, err := dialPrivate(dataDir)
	if err != nil {
		return response{}, err
	}
	defer conn.Close()
	_ = conn.SetWriteDeadline(time.Now().Add(DefaultLimits.RequestTimeout))
	if err := json.NewEncoder(conn).Encode(request{Op: op}); err != nil {
		return response{}, fmt.Errorf("ask the running PassDesk: %w", err)
	}
	var resp response
	if err := json.NewDecoder(conn).Decode(&resp); err != nil {
		return response{}, fmt.Errorf("read the answer of the running PassDesk: %w", err)
	}
	if resp.Error != "" {
		return response{}, errors.New(resp.Error)
	}
	return resp, nil
}

// Check asks the app serving dataDir to check the database; it returns the problems found.
func Check(dataDir string) ([]string, error) {
	resp, err := call(dataDir, opCheck)
	return resp.Problems, err
}

// Snapshot asks the app serving dataDir for a consistent copy of the
// database. It returns the copy's path inside dataDir, a regular file of
// this user; the caller copies it out and removes it.
func Snapshot(dataDir string) (string, error) {
	resp, err := call(dataDir, opSnapshot)
	if err != nil {
		return "", err
	}
	name := resp.Snapshot
	if name == "" || name != filepath.Base(name) || name == "." || name == ".." {
		return "", fmt.Errorf("the running PassDesk named no usable snapshot (%q)", name)
	}
	path := filepath.Join(dataDir, name)
	if err := ownRegularFile(path); err != nil {
		return "", fmt.Errorf("the snapshot of the running PassDesk: %w", err)
	}
	return path, nil
}

// Compact asks the app serving dataDir to compact the database.
func Compact(dataDir string) (CompactResult, error) {
	resp, err := call(dataDir, opCompact)
	if err != nil {
		return CompactResult{}, err
	}
	if resp.Compact == nil {
		return CompactResult{}, errors.New("the running PassDesk gave no sizes")
	}
	return *resp.Compact, nil
}

// Restore asks the app serving dataDir to restore the file the caller put
// at its staging name in dataDir.
func Restore(dataDir string) (RestoreResult, error) {
	resp, err := call(dataDir, opRestore)
	if err != nil {
		return RestoreResult{}, err
	}
	if resp.Restore == nil {
		return RestoreResult{}, errors.New("the running PassDesk did not say where it kept the replaced file")
	}
	return *resp.Restore, nil
}

package control_test

import (
	"encoding/json"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"passdesk/backend/control"
)

// fakeApp is a Target that records what it was asked to do.
type fakeApp struct {
	mu        sync.Mutex
	backups   []string
	backupErr error
	problems  []error
}

func (f *fakeApp) Backup(path string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.backups = append(f.backups, path)
	return f.backupErr
}

func (f *fakeApp) Check() []error { return f.problems }

func (f *fakeApp) backupCalls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.backups...)
}

// serve starts a control server for app in a fresh folder and returns its socket.
func serve(t *testing.T, app control.Target) string {
	t.Helper()
	socket := control.SocketPath(t.TempDir())
	srv, err := control.Listen(socket, app)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return socket
}

// rawRequest sends one line as a client other than ours might, and decodes the answer.
func rawRequest(t *testing.T, socket, line string) map[string]any {
	t.Helper()
	conn, err := net.Dial("unix", socket)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := conn.Write([]byte(line + "\n")); err != nil {
		t.Fatal(err)
	}
	_ = conn.(*net.UnixConn).CloseWrite() // all of the request has been sent
	var resp map[string]any
	if err := json.NewDecoder(conn).Decode(&resp); err != nil {
		t.Fatalf("no answer to %s: %v", line, err)
	}
	return resp
}

func TestARawBackupRequestWithARelativePathIsRefused(t *testing.T) {
	app := &fakeApp{}
	socket := serve(t, app)
	for _, path := range []string{"copy.db", "../copy.db", "", "./x/../copy.db"} {
		resp := rawRequest(t, socket, `{"op":"backup","path":`+quote(path)+`}`)
		if msg, _ := resp["error"].(string); !strings.Contains(msg, "absolute") {
			t.Errorf("backup to %q: answer %v, want a refusal saying the path must be absolute", path, resp)
		}
	}
	if calls := app.backupCalls(); len(calls) != 0 {
		t.Fatalf("the app was asked to back up to %v", calls)
	}
}

func quote(s string) string { b, _ := json.Marshal(s); return string(b) }

func TestBackupIsDoneByTheAppAtTheAbsolutePath(t *testing.T) {
	app := &fakeApp{}
	socket := serve(t, app)
	dst := filepath.Join(t.TempDir(), "copy.db")
	if err := control.Backup(socket, dst); err != nil {
		t.Fatal(err)
	}
	if calls := app.backupCalls(); len(calls) != 1 || calls[0] != dst {
		t.Fatalf("backups = %v, want [%s]", calls, dst)
	}
}

func TestTheAppsBackupErrorReachesTheClient(t *testing.T) {
	socket := serve(t, &fakeApp{backupErr: errors.New("disk full")})
	err := control.Backup(socket, filepath.Join(t.TempDir(), "copy.db"))
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v", err)
	}
}

func TestCheckRelaysEveryProblem(t *testing.T) {
	socket := serve(t, &fakeApp{problems: []error{errors.New("first"), errors.New("second")}})
	problems, err := control.Check(socket)
	if err != nil || len(problems) != 2 || problems[0] != "first" || problems[1] != "second" {
		t.Fatalf("problems %q, err %v", problems, err)
	}
	healthy := serve(t, &fakeApp{})
	if problems, err := control.Check(healthy); err != nil || len(problems) != 0 {
		t.Fatalf("healthy: problems %q, err %v", problems, err)
	}
}

func TestMalformedAndUnknownRequestsGetAnAnswer(t *testing.T) {
	socket := serve(t, &fakeApp{})
	if resp := rawRequest(t, socket, `{"op":`); resp["error"] != "bad request" {
		t.Errorf("malformed request: %v", resp)
	}
	if msg, _ := rawRequest(t, socket, `{"op":"delete-everything"}`)["error"].(string); !strings.Contains(msg, "unknown operation") {
		t.Errorf("unknown operation: %q", msg)
	}
}

func TestWithoutARunningAppClientsFailFastWithErrNotRunning(t *testing.T) {
	dir := t.TempDir()
	stale := control.SocketPath(dir)
	// A socket file left behind by a crashed app: nobody listens on it.
	ln, err := net.Listen("unix", stale)
	if err != nil {
		t.Fatal(err)
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	_ = ln.Close()
	if _, err := os.Stat(stale); err != nil {
		t.Fatalf("setup: the stale socket file should exist: %v", err)
	}

	for name, socket := range map[string]string{"no socket file": control.SocketPath(t.TempDir()), "stale socket file": stale} {
		start := time.Now()
		_, checkErr := control.Check(socket)
		backupErr := control.Backup(socket, filepath.Join(dir, "copy.db"))
		if !errors.Is(checkErr, control.ErrNotRunning) || !errors.Is(backupErr, control.ErrNotRunning) {
			t.Errorf("%s: check %v, backup %v; want ErrNotRunning", name, checkErr, backupErr)
		}
		if waited := time.Since(start); waited > 5*time.Second {
			t.Errorf("%s: gave up only after %v", name, waited)
		}
	}
}

func TestListenReplacesAStaleSocketAndCloseRemovesIt(t *testing.T) {
	socket := control.SocketPath(t.TempDir())
	if err := os.WriteFile(socket, []byte("left by a crash"), 0o600); err != nil {
		t.Fatal(err)
	}
	srv, err := control.Listen(socket, &fakeApp{})
	if err != nil {
		t.Fatalf("listen over a stale file: %v", err)
	}
	if info, err := os.Stat(socket); err != nil || info.Mode().Perm() != 0o600 || info.Mode()&os.ModeSocket == 0 {
		t.Errorf("socket file: %v, %v; want a socket only its owner can use", info.Mode(), err)
	}
	if _, err := control.Check(socket); err != nil {
		t.Fatalf("check through the new socket: %v", err)
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(socket); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("socket file still there after Close: %v", err)
	}
}

func TestALongDataFolderGetsAShortSocketPath(t *testing.T) {
	short := t.TempDir()
	if got := control.SocketPath(short); got != filepath.Join(short, "passdesk.sock") {
		t.Errorf("short folder: %s", got)
	}
	long := filepath.Join(short, strings.Repeat("d", 120))
	got := control.SocketPath(long)
	if len(got) > 100 || strings.HasPrefix(got, long) {
		t.Fatalf("long folder: socket %s (%d bytes)", got, len(got))
	}
	if control.SocketPath(long) != got || control.SocketPath(long+"x") == got {
		t.Fatal("the short path must be stable for one folder and differ between folders")
	}
}

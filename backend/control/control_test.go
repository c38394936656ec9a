//go:build linux || darwin

package control_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"passdesk/backend/control"
)

// fakeApp is a Target that records what it was asked to do.
type fakeApp struct {
	mu       sync.Mutex
	calls    []string
	problems []error
	dataDir  string // where Snapshot writes
	snapshot string // overrides where Snapshot says it wrote
	err      error  // every operation's error but Check's
}

func (f *fakeApp) record(op string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, op)
}

func (f *fakeApp) ops() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.calls)
}

func (f *fakeApp) Check() []error { f.record("check"); return f.problems }

func (f *fakeApp) Snapshot() (string, error) {
	f.record("snapshot")
	if f.err != nil || f.snapshot != "" {
		return f.snapshot, f.err
	}
	path := filepath.Join(f.dataDir, "passdesk.db.snapshot-1")
	return path, os.WriteFile(path, []byte("copy"), 0o600)
}

func (f *fakeApp) Compact() (control.CompactResult, error) {
	f.record("compact")
	return control.CompactResult{Before: 65 << 20, After: 4 << 20, Took: time.Second}, f.err
}

func (f *fakeApp) Restore() (control.RestoreResult, error) {
	f.record("restore")
	return control.RestoreResult{KeptAt: filepath.Join(f.dataDir, "kept.bak")}, f.err
}

// privateEnv gives the test its own runtime and cache folders (as a
// desktop session has) and returns a fresh data folder.
func privateEnv(t *testing.T) string {
	t.Helper()
	t.Setenv("XDG_RUNTIME_DIR", shortTempDir(t))
	t.Setenv("XDG_CACHE_HOME", shortTempDir(t))
	return shortTempDir(t)
}

// shortTempDir is a temporary folder with a path short enough for a
// socket (t.TempDir's paths hold the test's name).
func shortTempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "pd")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	return dir
}

// serve starts a control server for app over a fresh data folder and returns the folder.
func serve(t *testing.T, app *fakeApp) string {
	t.Helper()
	return serveWith(t, app, control.DefaultLimits)
}

func serveWith(t *testing.T, app *fakeApp, limits control.Limits) string {
	t.Helper()
	dir := privateEnv(t)
	app.dataDir = dir
	srv, err := control.ListenWith(dir, app, limits)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return dir
}

func socketOf(t *testing.T, dataDir string) string {
	t.Helper()
	return control.SocketCandidates(dataDir)[0]
}

// dial connects as a client other than ours might, with no checks.
func dial(t *testing.T, dataDir string) net.Conn {
	t.Helper()
	conn, err := net.Dial("unix", socketOf(t, dataDir))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second)) // a hung server fails the test instead of hanging it
	return conn
}

// rawRequest sends text as the whole request and decodes the answer.
func rawRequest(t *testing.T, dataDir, text string) map[string]any {
	t.Helper()
	conn := dial(t, dataDir)
	if _, err := io.WriteString(conn, text); err != nil {
		t.Fatal(err)
	}
	_ = conn.(*net.UnixConn).CloseWrite()
	return answer(t, conn)
}

func answer(t *testing.T, conn net.Conn) map[string]any {
	t.Helper()
	var resp map[string]any
	if err := json.NewDecoder(conn).Decode(&resp); err != nil {
		t.Fatalf("no answer: %v", err)
	}
	return resp
}

func TestCheckRelaysEveryProblem(t *testing.T) {
	dir := serve(t, &fakeApp{problems: []error{errors.New("first"), errors.New("second")}})
	problems, err := control.Check(dir)
	if err != nil || !slices.Equal(problems, []string{"first", "second"}) {
		t.Fatalf("problems %q, err %v", problems, err)
	}
	healthy := serve(t, &fakeApp{})
	if problems, err := control.Check(healthy); err != nil || len(problems) != 0 {
		t.Fatalf("healthy: problems %q, err %v", problems, err)
	}
}

func TestSnapshotIsAFileInTheDataFolder(t *testing.T) {
	app := &fakeApp{}
	dir := serve(t, app)
	path, err := control.Snapshot(dir)
	if err != nil || path != filepath.Join(dir, "passdesk.db.snapshot-1") {
		t.Fatalf("snapshot %q, err %v", path, err)
	}
}

func TestASnapshotNamedOutsideTheDataFolderIsNeverHandedOut(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "elsewhere.db")
	if err := os.WriteFile(outside, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := serve(t, &fakeApp{snapshot: outside})
	if path, err := control.Snapshot(dir); err == nil || !strings.Contains(err.Error(), "not in the data folder") {
		t.Fatalf("snapshot %q, err %v", path, err)
	}
}

func TestASnapshotThatIsALinkIsRefusedByTheClient(t *testing.T) {
	app := &fakeApp{}
	dir := serve(t, app)
	link := filepath.Join(dir, "passdesk.db.snapshot-link")
	if err := os.Symlink(filepath.Join(t.TempDir(), "target"), link); err != nil {
		t.Fatal(err)
	}
	app.snapshot = link
	if path, err := control.Snapshot(dir); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("snapshot %q, err %v", path, err)
	}
}

func TestCompactAndRestoreAnswerWhatTheAppDid(t *testing.T) {
	app := &fakeApp{}
	dir := serve(t, app)
	res, err := control.Compact(dir)
	if err != nil || res != (control.CompactResult{Before: 65 << 20, After: 4 << 20, Took: time.Second}) {
		t.Fatalf("compact %+v, err %v", res, err)
	}
	kept, err := control.Restore(dir)
	if err != nil || kept.KeptAt != filepath.Join(dir, "kept.bak") {
		t.Fatalf("restore %+v, err %v", kept, err)
	}
	if ops := app.ops(); !slices.Equal(ops, []string{"compact", "restore"}) {
		t.Fatalf("the app did %v", ops)
	}
}

func TestTheAppsErrorReachesTheClient(t *testing.T) {
	dir := serve(t, &fakeApp{err: errors.New("disk full")})
	for name, call := range map[string]func() error{
		"snapshot": func() error { _, err := control.Snapshot(dir); return err },
		"compact":  func() error { _, err := control.Compact(dir); return err },
		"restore":  func() error { _, err := control.Restore(dir); return err },
	} {
		if err := call(); err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("%s: err %v", name, err)
		}
	}
}

// The app never opens a path it was sent: a request is an operation name
// and nothing else, so one carrying a path is refused before any work.
func TestARequestCarryingAPathIsRefusedAndTheFileUntouched(t *testing.T) {
	app := &fakeApp{}
	dir := serve(t, app)
	home := t.TempDir()
	bashrc := filepath.Join(home, ".bashrc")
	if err := os.WriteFile(bashrc, []byte("export PS1='$ '\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before, _ := os.Stat(bashrc)
	for _, op := range []string{"backup", "snapshot", "restore", "compact", "check"} {
		for _, field := range []string{"path", "Path", "file", "from", "to"} {
			resp := rawRequest(t, dir, `{"op":"`+op+`","`+field+`":`+quote(bashrc)+`}`+"\n")
			if resp["error"] != "bad request" {
				t.Errorf("%s with %s: answer %v, want a refusal", op, field, resp)
			}
		}
	}
	if ops := app.ops(); len(ops) != 0 {
		t.Fatalf("the app did %v", ops)
	}
	after, _ := os.Stat(bashrc)
	if text, _ := os.ReadFile(bashrc); string(text) != "export PS1='$ '\n" || !after.ModTime().Equal(before.ModTime()) || after.Mode() != before.Mode() {
		t.Fatalf(".bashrc changed: %q %v", text, after.Mode())
	}
}

func quote(s string) string { b, _ := json.Marshal(s); return string(b) }

func TestMalformedAndUnknownRequestsAreRefused(t *testing.T) {
	app := &fakeApp{}
	dir := serve(t, app)
	for _, text := range []string{`{"op":`, "", "\n", `{"op":"check"} {"op":"check"}`, `["check"]`} {
		if resp := rawRequest(t, dir, text); resp["error"] != "bad request" {
			t.Errorf("%q: %v", text, resp)
		}
	}
	for _, op := range []string{"backup", "delete-everything", ""} {
		if msg, _ := rawRequest(t, dir, `{"op":"`+op+`"}`)["error"].(string); !strings.Contains(msg, "unknown operation") {
			t.Errorf("%q: %q", op, msg)
		}
	}
	if ops := app.ops(); len(ops) != 0 {
		t.Fatalf("the app did %v", ops)
	}
	// A request ended by the end of the stream instead of a newline is served.
	if resp := rawRequest(t, dir, `{"op":"check"}`); resp["error"] != nil {
		t.Fatalf("check without newline: %v", resp)
	}
}

// Issue 11: a 128 MiB request grew the app's heap by ~400 MiB. Now the app
// reads at most MaxRequest bytes of it.
func TestAnOversizedRequestIsRefusedWithoutGrowingTheHeap(t *testing.T) {
	app := &fakeApp{}
	dir := serve(t, app)
	conn := dial(t, dir)

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	sent := make(chan int64, 1)
	go func() {
		// 128 MiB of one endless string, from one small buffer; the
		// server hangs up long before the end, failing the write.
		chunk := bytes.Repeat([]byte("a"), 64<<10)
		n, _ := conn.Write([]byte(`{"op":"check","x":"`))
		total := int64(n)
		for range 2048 {
			n, err := conn.Write(chunk)
			total += int64(n)
			if err != nil {
				break
			}
		}
		sent <- total
	}()
	resp := answer(t, conn)
	_ = conn.Close()
	total := <-sent
	runtime.ReadMemStats(&after)

	if resp["error"] != "request too large" {
		t.Fatalf("answer %v", resp)
	}
	if grown := after.TotalAlloc - before.TotalAlloc; grown > 16<<20 {
		t.Fatalf("allocated %d MiB while refusing a request (%d bytes sent)", grown>>20, total)
	}
	if ops := app.ops(); len(ops) != 0 {
		t.Fatalf("the app did %v", ops)
	}
}

func TestARequestJustUnderTheLimitIsRead(t *testing.T) {
	dir := serve(t, &fakeApp{})
	pad := strings.Repeat(" ", control.DefaultLimits.MaxRequest-len(`{"op":"check"}`)-1)
	if resp := rawRequest(t, dir, `{"op":"check"}`+pad+"\n"); resp["error"] != nil {
		t.Fatalf("answer %v", resp)
	}
	if resp := rawRequest(t, dir, `{"op":"check"}`+pad+" \n"); resp["error"] != "request too large" {
		t.Fatalf("one byte over: answer %v", resp)
	}
}

func TestConnectionsBeyondTheLimitAreToldBusy(t *testing.T) {
	app := &fakeApp{}
	dir := serve(t, app)
	max := control.DefaultLimits.MaxConns
	// Clients that have sent half a request hold every slot...
	var held []net.Conn
	for range max {
		conn := dial(t, dir)
		if _, err := io.WriteString(conn, `{"op":`); err != nil {
			t.Fatal(err)
		}
		held = append(held, conn)
	}
	// ...so one more is turned away at once, without being read.
	if resp := answer(t, dial(t, dir)); resp["error"] != "busy: too many requests at once, try again" {
		t.Fatalf("one too many: %v", resp)
	}
	// Each held client finishes and is answered; the slots are free again.
	for _, conn := range held {
		if _, err := io.WriteString(conn, `"check"}`+"\n"); err != nil {
			t.Fatal(err)
		}
		if resp := answer(t, conn); resp["error"] != nil {
			t.Fatalf("held client: %v", resp)
		}
	}
	for range max + 1 {
		if _, err := control.Check(dir); err != nil {
			t.Fatalf("after the held clients: %v", err)
		}
	}
}

func TestAClientThatSendsNothingIsDropped(t *testing.T) {
	limits := control.DefaultLimits
	limits.RequestTimeout = 50 * time.Millisecond // the behaviour under test; no work waits on it
	dir := serveWith(t, &fakeApp{}, limits)
	conn := dial(t, dir)
	if resp := answer(t, conn); resp["error"] != "bad request" {
		t.Fatalf("answer %v", resp)
	}
	if _, err := conn.Read(make([]byte, 1)); !errors.Is(err, io.EOF) {
		t.Fatalf("the connection is still open: %v", err)
	}
}

func TestWithoutARunningAppClientsFailFastWithErrNotRunning(t *testing.T) {
	dir := privateEnv(t)
	if _, err := control.Check(dir); !errors.Is(err, control.ErrNotRunning) {
		t.Fatalf("no socket: %v", err)
	}
	// A socket left behind by a crashed app: nobody listens on it.
	stale := socketOf(t, dir)
	if err := os.Mkdir(filepath.Dir(stale), 0o700); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("unix", stale)
	if err != nil {
		t.Fatal(err)
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	_ = ln.Close()
	if _, err := control.Check(dir); !errors.Is(err, control.ErrNotRunning) {
		t.Fatalf("stale socket: %v", err)
	}
	// ...which the next app replaces.
	srv, err := control.Listen(dir, &fakeApp{})
	if err != nil {
		t.Fatalf("listen over a stale socket: %v", err)
	}
	if _, err := control.Check(dir); err != nil {
		t.Fatalf("check through the new socket: %v", err)
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("socket still there after Close: %v", err)
	}
}

func TestTheSocketIsTheUsersAloneFromItsFirstInstant(t *testing.T) {
	dir := serve(t, &fakeApp{})
	socket := socketOf(t, dir)
	if want := filepath.Join(os.Getenv("XDG_RUNTIME_DIR"), "PassDesk"); filepath.Dir(socket) != want {
		t.Fatalf("socket %s, want it in %s", socket, want)
	}
	info, err := os.Lstat(socket)
	if err != nil || info.Mode()&os.ModeSocket == 0 || info.Mode().Perm()&0o077 != 0 {
		t.Fatalf("socket mode %v, err %v; want no access for others", info.Mode(), err)
	}
	folder, _ := os.Lstat(filepath.Dir(socket))
	if folder.Mode().Perm() != 0o700 {
		t.Fatalf("socket folder mode %v", folder.Mode())
	}
}

// The socket is never in a shared folder such as /tmp, whatever the data
// folder's length; with no usable place, Listen says so.
func TestWithoutARuntimeFolderTheSocketIsInAPrivateFolder(t *testing.T) {
	t.Setenv("XDG_RUNTIME_DIR", "")
	t.Setenv("XDG_CACHE_HOME", shortTempDir(t))
	short := shortTempDir(t)
	if got := control.SocketCandidates(short)[0]; filepath.Dir(got) != filepath.Join(short, ".control") {
		t.Errorf("short data folder: socket %s", got)
	}
	srv, err := control.Listen(short, &fakeApp{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := control.Check(short); err != nil {
		t.Errorf("check: %v", err)
	}
	_ = srv.Close()

	long := filepath.Join(short, strings.Repeat("d", 120))
	got := control.SocketCandidates(long)
	if len(got) == 0 || len(got[0]) > 100 || !strings.HasPrefix(got[0], os.Getenv("XDG_CACHE_HOME")) {
		t.Fatalf("long data folder: sockets %v", got)
	}
	if control.SocketCandidates(long)[0] != got[0] || control.SocketCandidates(long + "x")[0] == got[0] {
		t.Fatal("the socket must be stable for one folder and differ between folders")
	}
	for _, p := range append(control.SocketCandidates(short), got...) {
		if strings.HasPrefix(p, os.TempDir()+"/passdesk") {
			t.Errorf("socket %s in the shared temporary folder", p)
		}
	}

	t.Setenv("XDG_CACHE_HOME", filepath.Join(short, strings.Repeat("c", 100)))
	if _, err := control.Listen(long, &fakeApp{}); err == nil || !strings.Contains(err.Error(), "short enough") {
		t.Fatalf("nowhere to listen: %v", err)
	}
}

// An app started with a runtime folder is found by a CLI that has none,
// and the other way round.
func TestTheClientFindsTheAppWhereverItListens(t *testing.T) {
	runtimeDir := shortTempDir(t)
	dir := privateEnv(t)
	t.Setenv("XDG_RUNTIME_DIR", "")
	srv, err := control.Listen(dir, &fakeApp{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	t.Setenv("XDG_RUNTIME_DIR", runtimeDir)
	if _, err := control.Check(dir); err != nil {
		t.Fatalf("app without runtime folder: %v", err)
	}
}

func TestASocketFolderOthersCouldUseIsRefused(t *testing.T) {
	for want, spoil := range map[string]func(t *testing.T, folder string){
		"open to other users": func(t *testing.T, folder string) {
			mustMkdir(t, folder, 0o700)
			if err := os.Chmod(folder, 0o777); err != nil {
				t.Fatal(err)
			}
		},
		"a symbolic link": func(t *testing.T, folder string) {
			target := shortTempDir(t)
			if err := os.Chmod(target, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(target, folder); err != nil {
				t.Fatal(err)
			}
		},
		"not a folder": func(t *testing.T, folder string) {
			if err := os.WriteFile(folder, nil, 0o600); err != nil {
				t.Fatal(err)
			}
		},
	} {
		t.Run(want, func(t *testing.T) {
			dir := privateEnv(t)
			folder := filepath.Dir(socketOf(t, dir))
			spoil(t, folder)
			if srv, err := control.Listen(dir, &fakeApp{}); err == nil {
				_ = srv.Close()
				t.Fatal("the app listened there")
			} else if !strings.Contains(err.Error(), want) {
				t.Errorf("listen: %v", err)
			}
			if _, err := control.Check(dir); err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("check: %v", err)
			}
		})
	}
}

func TestSomethingElseAtTheSocketNameIsNotReplaced(t *testing.T) {
	dir := privateEnv(t)
	socket := socketOf(t, dir)
	mustMkdir(t, filepath.Dir(socket), 0o700)
	if err := os.WriteFile(socket, []byte("someone's file"), 0o600); err != nil {
		t.Fatal(err)
	}
	if srv, err := control.Listen(dir, &fakeApp{}); err == nil {
		_ = srv.Close()
		t.Fatal("the app replaced a file that is not a socket")
	}
	if text, _ := os.ReadFile(socket); string(text) != "someone's file" {
		t.Fatalf("the file was changed: %q", text)
	}
	if _, err := control.Check(dir); err == nil || !strings.Contains(err.Error(), "not a socket of this user") {
		t.Fatalf("check: %v", err)
	}
}

func TestOnlyTheSameUserIsAPeer(t *testing.T) {
	if err := control.SamePeer(1000, 1000); err != nil {
		t.Fatal(err)
	}
	for _, peer := range []int{0, 1001, 65534} {
		if err := control.SamePeer(peer, 1000); err == nil || !strings.Contains(err.Error(), "refused") {
			t.Errorf("peer %d: %v", peer, err)
		}
	}
}

func mustMkdir(t *testing.T, dir string, mode os.FileMode) {
	t.Helper()
	if err := os.Mkdir(dir, mode); err != nil {
		t.Fatal(err)
	}
}

// slowApp's Compact runs until released.
type slowApp struct {
	*fakeApp
	started, release chan struct{}
	finished         bool // set by Compact as it returns
}

func (s *slowApp) Compact() (control.CompactResult, error) {
	close(s.started)
	<-s.release
	s.finished = true
	return s.fakeApp.Compact()
}

// The app closes its database after Close: an operation under way must
// have ended by then, while clients that are only connected must not hold
// Close up.
func TestCloseWaitsForAnOperationButNotForIdleClients(t *testing.T) {
	dir := privateEnv(t)
	app := &slowApp{fakeApp: &fakeApp{}, started: make(chan struct{}), release: make(chan struct{})}
	srv, err := control.Listen(dir, app)
	if err != nil {
		t.Fatal(err)
	}
	idle := dial(t, dir)
	if _, err := io.WriteString(idle, `{"op":`); err != nil {
		t.Fatal(err)
	}
	compacted := make(chan error, 1)
	go func() { _, err := control.Compact(dir); compacted <- err }()
	<-app.started

	closed := make(chan time.Time, 1)
	go func() { _ = srv.Close(); closed <- time.Now() }()
	// The idle client is cut off by Close, not by its request timeout.
	start := time.Now()
	_, _ = io.ReadAll(idle) // ends with EOF or a reset: the server hung up
	if waited := time.Since(start); waited >= control.DefaultLimits.RequestTimeout {
		t.Fatalf("the idle client was dropped only after %v", waited)
	}
	close(app.release)
	<-closed
	if !app.finished {
		t.Fatal("Close returned while the compaction was under way")
	}
	<-compacted // answered or cut off: either way the client is not left hanging
}

// TestOneFolderSpelledTwoWaysIsOneChannel: the app and a CLI that name the
// data folder differently (through a symbolic link, as macOS's /tmp is one
// for /private/tmp) still reach each other.
func TestOneFolderSpelledTwoWaysIsOneChannel(t *testing.T) {
	app := &fakeApp{}
	dir := serve(t, app)
	link := filepath.Join(shortTempDir(t), "link")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	for _, spelling := range []string{link, link + "/", dir + "/."} {
		if _, err := control.Check(spelling); err != nil {
			t.Errorf("check through %s: %v", spelling, err)
		}
	}
	if got := app.ops(); len(got) != 3 {
		t.Fatalf("the app answered %v, want three checks", got)
	}
}

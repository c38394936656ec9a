package control_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"passdesk/backend/control"
)

// These tests run part of themselves as another user (nobody, 65534):
// the test binary started again with other credentials, which needs root.

const foreignUID = 65534

// TestForeignHelper is the other user's side; it does nothing in a normal run.
//   - PASSDESK_FOREIGN=dial: send a check request to PASSDESK_FOREIGN_SOCKET
//     and print the answer's bytes, quoted;
//   - PASSDESK_FOREIGN=listen: serve an app that finds no problems for the
//     data folder PASSDESK_FOREIGN_DATADIR, print its socket's path, and
//     serve until standard input ends.
func TestForeignHelper(t *testing.T) {
	switch os.Getenv("PASSDESK_FOREIGN") {
	case "dial":
		conn, err := net.Dial("unix", os.Getenv("PASSDESK_FOREIGN_SOCKET"))
		if err != nil {
			fmt.Println("dial error:", err)
			return
		}
		_, _ = io.WriteString(conn, `{"op":"check"}`+"\n")
		got, _ := io.ReadAll(conn)
		fmt.Printf("answer: %q\n", got)
	case "listen":
		dir := os.Getenv("PASSDESK_FOREIGN_DATADIR")
		srv, err := control.Listen(dir, &fakeApp{})
		if err != nil {
			fmt.Println("listen error:", err)
			return
		}
		defer srv.Close()
		fmt.Println("listening", control.SocketCandidates(dir)[0])
		_, _ = io.Copy(io.Discard, os.Stdin)
	}
}

// foreignHelper returns a command running TestForeignHelper in mode, as
// the other user unless asRoot.
func foreignHelper(t *testing.T, mode string, asRoot bool, env ...string) *exec.Cmd {
	t.Helper()
	if os.Getuid() != 0 {
		t.Skip("needs root to run a process as another user")
	}
	// The test binary sits in go's private build folder: copy it where
	// the other user may run it.
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(shortTempDir(t), "helper")
	if err := os.Chmod(filepath.Dir(bin), 0o755); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-test.run=^TestForeignHelper$")
	cmd.Env = append(os.Environ(), append(env, "PASSDESK_FOREIGN="+mode)...)
	if !asRoot {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: foreignUID, Gid: foreignUID}}
	}
	return cmd
}

// Another user who reaches the socket (here the folders are opened up, as
// a mistake might) gets not one byte: the app checks every peer's uid.
func TestTheAppRefusesAnotherUser(t *testing.T) {
	app := &fakeApp{}
	dir := serve(t, app)
	socket := socketOf(t, dir)
	dial := func(asRoot bool) string {
		out, err := foreignHelper(t, "dial", asRoot, "PASSDESK_FOREIGN_SOCKET="+socket).CombinedOutput()
		if err != nil {
			t.Fatalf("helper: %v: %s", err, out)
		}
		return string(out)
	}
	// The same helper as this user is served: the refusal below is the peer check's.
	if out := dial(true); !strings.Contains(out, `answer: "{}\n"`) && !strings.Contains(out, `problems`) {
		t.Fatalf("as this user: %s", out)
	}
	if ops := app.ops(); len(ops) != 1 {
		t.Fatalf("the app did %v", ops)
	}
	for _, p := range []string{filepath.Dir(filepath.Dir(socket)), filepath.Dir(socket), socket} {
		if err := os.Chmod(p, 0o777); err != nil {
			t.Fatal(err)
		}
	}
	if out := dial(false); !strings.Contains(out, `answer: ""`) {
		t.Fatalf("as another user: %s", out)
	}
	if ops := app.ops(); len(ops) != 1 {
		t.Fatalf("the app did %v for another user", ops)
	}
}

// Issue 11: another user who bound the socket's name first made `check`
// answer "ok" having done nothing. Here a socket of another user's app is
// put where ours would be and made to look ours; the CLI still refuses it,
// because the kernel says who listens on it.
func TestTheClientRefusesAnAppOfAnotherUser(t *testing.T) {
	dir := privateEnv(t)
	foreignRuntime := shortTempDir(t)
	if err := os.Chown(foreignRuntime, foreignUID, foreignUID); err != nil {
		t.Fatal(err)
	}
	cmd := foreignHelper(t, "listen", false, "XDG_RUNTIME_DIR="+foreignRuntime, "PASSDESK_FOREIGN_DATADIR="+dir)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = stdin.Close(); _ = cmd.Wait() }()
	line := readLine(t, bufio.NewReader(stdout))
	squatter, ok := strings.CutPrefix(line, "listening ")
	if !ok {
		t.Fatalf("helper: %s", line)
	}

	ours := socketOf(t, dir)
	mustMkdir(t, filepath.Dir(ours), 0o700)
	if err := os.Rename(squatter, ours); err != nil {
		t.Fatal(err)
	}
	if err := os.Lchown(ours, os.Getuid(), os.Getgid()); err != nil {
		t.Fatal(err)
	}
	problems, err := control.Check(dir)
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("runs as user %d", foreignUID)) {
		t.Fatalf("check through another user's app: problems %q, err %v", problems, err)
	}
}

// A socket at our name that another user owns (as if bound there by them)
// is neither replaced by the app nor used by the CLI.
func TestASocketOfAnotherUserAtOurNameIsRefused(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root to give a socket to another user")
	}
	dir := privateEnv(t)
	socket := socketOf(t, dir)
	mustMkdir(t, filepath.Dir(socket), 0o700)
	ln, err := net.Listen("unix", socket)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if err := os.Lchown(socket, foreignUID, foreignUID); err != nil {
		t.Fatal(err)
	}
	if srv, err := control.Listen(dir, &fakeApp{}); err == nil {
		_ = srv.Close()
		t.Fatal("the app replaced another user's socket")
	} else if !strings.Contains(err.Error(), "not a socket of this user") {
		t.Errorf("listen: %v", err)
	}
	if _, err := control.Check(dir); err == nil || !strings.Contains(err.Error(), "not a socket of this user") {
		t.Errorf("check: %v", err)
	}
}

// readLine reads one line from r.
func readLine(t *testing.T, r *bufio.Reader) string {
	t.Helper()
	line, err := r.ReadString('\n')
	if err != nil {
		t.Fatalf("read: %v (%q)", err, line)
	}
	return strings.TrimSpace(line)
}

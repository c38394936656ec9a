package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The test binary doubles as the command: run with this variable set, it
// is remoteserver, so the test needs no separate build.
const asCommand = "REMOTESERVER_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(asCommand) == "1" {
		os.Exit(run(os.Args[1:]))
	}
	os.Exit(m.Run())
}

func TestTheCommandAnnouncesServesInspectsAndStops(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-addr", "127.0.0.1:0", "-access-ttl", "1m")
	cmd.Env = append(os.Environ(), asCommand+"=1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill() }()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("no announcement: %v (stderr %q)", err, stderr.String())
	}
	base, ok := strings.CutPrefix(strings.TrimSpace(line), "listening ")
	if !ok || !strings.HasPrefix(base, "http://127.0.0.1:") || !strings.HasSuffix(base, "/api/") {
		t.Fatalf("announcement %q, want \"listening http://127.0.0.1:<port>/api/\"", line)
	}
	origin := strings.TrimSuffix(base, "api/")
	// A guard against a hung server, far above what any answer takes.
	client := &http.Client{Timeout: time.Minute}

	resp, err := client.Post(base+"sign-up/", "application/json",
		strings.NewReader(`{"username":"e2e","email":"e2e@example.com","password":"pw","first_name":"Ana","number_phone":"3001234567"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("sign-up: %d", resp.StatusCode)
	}
	resp, err = client.Get(origin + "_test/account?email=e2e@example.com")
	if err != nil {
		t.Fatal(err)
	}
	var account map[string]any
	err = json.NewDecoder(resp.Body).Decode(&account)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK || account["username"] != "e2e" || account["first_name"] != "Ana" ||
		account["number_phone"] != "3001234567" || account["avatar_path"] != "" {
		t.Fatalf("inspection: %d %v %v", resp.StatusCode, account, err)
	}
	if _, leaked := account["password"]; leaked {
		t.Errorf("inspection shows the password: %v", account)
	}
	resp, err = client.Get(origin + "_test/account?email=nobody@example.com")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("inspection of an unknown email: %d, want 404", resp.StatusCode)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v (stderr %q)", err, stderr.String())
		}
	case <-time.After(time.Minute): // a guard: the exit is what is waited on
		t.Fatal("still running a minute after SIGTERM")
	}
}

func TestABadAddressFailsWithAMessage(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-addr", "256.0.0.1:bad")
	cmd.Env = append(os.Environ(), asCommand+"=1")
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "remoteserver:") {
		t.Fatalf("bad address: %v, output %q; want a failure with a message", err, out)
	}
}

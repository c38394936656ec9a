package logging

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"passdesk/backend/apperr"
)

const (
	password = "Tr0ub4dor&3-horse"
	jwtSig   = "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
	jwt      = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0MiIsImV4cCI6MTcwMDAwMDAwMH0." + jwtSig
	email    = "ana.lopez@example.org"
)

// secretLike is a value whose LogValue hands the logger a secret.
type secretLike struct{}

func (secretLike) LogValue() slog.Value {
	return slog.GroupValue(slog.String("password", password), slog.String("who", email))
}

type signIn struct {
	Login    string `json:"login"`
	Password string `json:"password"`
	Avatar   []byte
	UserID   int `json:"user_id"`
	Nested   struct {
		Note string            `json:"note"`
		Tags map[string]string `json:"tags"`
	} `json:"nested"`
}

func readAll(t *testing.T, dir string) string {
	t.Helper()
	var all strings.Builder
	paths, _ := filepath.Glob(filepath.Join(dir, FileName+"*"))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(b)
	}
	return all.String()
}

func TestSecretsNeverReachTheFile(t *testing.T) {
	dir := t.TempDir()
	log, closer, err := Open(dir, slog.LevelDebug)
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	log = Mirror(log, &stderr, slog.LevelWarn)

	cause := fmt.Errorf("refresh for %s failed: token %s rejected (password: %s)", email, jwt, password)
	in := signIn{Login: email, Password: password, Avatar: []byte(password), UserID: 42}
	in.Nested.Note = "Authorization: Bearer " + jwt
	in.Nested.Tags = map[string]string{"refresh_token": jwt, "contact": email}

	log.Info("sign-in for "+email+" with password="+password+" and token "+jwt, "user_id", 42)
	log.Info("attrs", "password", password, "token", jwt, "email", email, "login", email,
		"header", "Bearer "+jwt, "payload", []byte(password), "count", 3)
	log.Error("failed", "err", cause, "wrapped", apperr.Wrap(cause, "sync"))
	log.Warn("groups", slog.Group("user", slog.String("login", email),
		slog.Group("creds", slog.String("password", password), slog.String("note", "secret="+password))))
	log.With("email", email).WithGroup("auth").Info("with", "value", password)
	log.WithGroup("request").With("access_token", jwt).Warn("nested with", "body", `{"password":"`+password+`"}`)
	log.Info("struct", "in", in, "ptr", &in, "list", []any{email, jwt, []byte{1, 2, 3}})
	log.Info("valuer", "v", secretLike{})
	if err := closer.Close(); err != nil {
		t.Fatal(err)
	}

	file := readAll(t, dir)
	for name, text := range map[string]string{"file": file, "stderr": stderr.String()} {
		for _, secret := range []string{password, jwt, jwtSig, email, "ana.lopez", "VHIwdWI0ZG9yJjMtaG9yc2U"} {
			if strings.Contains(text, secret) {
				t.Errorf("%s contains %q:\n%s", name, secret, text)
			}
		}
	}
	// The redaction must not eat what support needs.
	for _, want := range []string{`"user_id":42`, `"count":3`, Redacted, `"payload":"[17 bytes]"`, `"Avatar":"[redacted]"`, "sync"} {
		if !strings.Contains(file, want) {
			t.Errorf("file lacks %s:\n%s", want, file)
		}
	}
	lines := 0
	for line := range strings.Lines(file) {
		lines++
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Errorf("not a JSON record: %q", line)
		}
	}
	if lines != 8 {
		t.Errorf("%d records, want 8", lines)
	}
	if !strings.Contains(stderr.String(), "groups") || strings.Contains(stderr.String(), "valuer") {
		t.Errorf("stderr should mirror warnings and above only:\n%s", stderr.String())
	}
}

func TestScrub(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"user " + email + " signed in", "user [redacted] signed in"},
		{"Authorization: Bearer abc.def", "Authorization: [redacted] [redacted]"},
		{"header Bearer abc.def", "header Bearer [redacted]"},
		{"secret: 'x y'", "secret: '[redacted]'"},
		{"got " + jwt + ".", "got [redacted]."},
		{`{"refresh_token":"abc","n":1}`, `{"refresh_token":"[redacted]","n":1}`},
		{"new_password=hunter2&x=1", "new_password=[redacted]&x=1"},
		{"opened /home/x/.local/share/PassDesk/passdesk.db v0.1.0", "opened /home/x/.local/share/PassDesk/passdesk.db v0.1.0"},
		{"ñandú@correo.es", "[redacted]"},
	} {
		if got := Scrub(c.in); got != c.want {
			t.Errorf("Scrub(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func seqs(t *testing.T, path string) []int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []int
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var rec struct{ Seq int }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("%s: torn record %q", path, sc.Text())
		}
		out = append(out, rec.Seq)
	}
	return out
}

func TestRotationKeepsNFilesAndTheNewestRecords(t *testing.T) {
	dir := t.TempDir()
	const max, keep, n = 1024, 3, 300
	log, closer, err := open(dir, slog.LevelInfo, max, keep)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		log.Info("record", "Seq", i)
	}
	closer.Close()

	path := filepath.Join(dir, FileName)
	if _, err := os.Stat(path + "." + strconv.Itoa(keep+1)); !os.IsNotExist(err) {
		t.Errorf("a file beyond .%d exists: %v", keep, err)
	}
	var all []int
	for i := keep; i >= 0; i-- {
		p := path
		if i > 0 {
			p += "." + strconv.Itoa(i)
		}
		info, err := os.Stat(p)
		if err != nil {
			t.Fatalf("missing %s: %v", p, err)
		}
		if info.Size() > max {
			t.Errorf("%s is %d bytes, over %d", p, info.Size(), max)
		}
		all = append(all, seqs(t, p)...)
	}
	if len(all) == 0 || all[len(all)-1] != n-1 {
		t.Fatalf("the newest record is not last in %s: %v", FileName, all)
	}
	for i := 1; i < len(all); i++ {
		if all[i] != all[i-1]+1 {
			t.Fatalf("records out of order or missing across files: %v", all)
		}
	}
	if all[0] == 0 {
		t.Fatal("nothing was dropped: rotation never discarded the oldest file")
	}
}

func TestReopeningAppendsAndCountsTheExistingSize(t *testing.T) {
	dir := t.TempDir()
	for round := range 2 {
		log, closer, err := open(dir, slog.LevelInfo, 2048, 2)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 20 {
			log.Info("record", "Seq", round*20+i)
		}
		closer.Close()
	}
	info, err := os.Stat(filepath.Join(dir, FileName))
	if err != nil || info.Size() > 2048 {
		t.Fatalf("current file: %v, %v", info, err)
	}
	got := append(seqs(t, filepath.Join(dir, FileName+".1")), seqs(t, filepath.Join(dir, FileName))...)
	if got[len(got)-1] != 39 {
		t.Fatalf("newest record missing: %v", got)
	}
}

func TestConcurrentWritersNeverTearRecords(t *testing.T) {
	dir := t.TempDir()
	log, closer, err := open(dir, slog.LevelInfo, 8<<10, 3)
	if err != nil {
		t.Fatal(err)
	}
	const writers, each = 8, 200
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l := log.With("writer", w)
			for i := range each {
				l.Info("record", "Seq", i, "password", password)
			}
		}()
	}
	wg.Wait()
	closer.Close()
	paths, _ := filepath.Glob(filepath.Join(dir, FileName+"*"))
	if len(paths) != 4 {
		t.Errorf("files: %v, want the current one and 3 rotated", paths)
	}
	// Read oldest file first: each writer's records must come in the order
	// it wrote them, whole, with nothing torn or interleaved.
	last := map[float64]float64{}
	records := 0
	for _, suffix := range []string{".3", ".2", ".1", ""} {
		b, err := os.ReadFile(filepath.Join(dir, FileName+suffix))
		if err != nil {
			t.Fatal(err)
		}
		for line := range strings.Lines(string(b)) {
			var rec struct {
				Writer, Seq float64
				Password    string
			}
			if err := json.Unmarshal([]byte(line), &rec); err != nil {
				t.Fatalf("torn record %q", line)
			}
			if prev, ok := last[rec.Writer]; ok && rec.Seq != prev+1 {
				t.Fatalf("writer %v: record %v follows %v", rec.Writer, rec.Seq, prev)
			}
			if rec.Password != Redacted {
				t.Fatalf("password attr written as %q", rec.Password)
			}
			last[rec.Writer] = rec.Seq
			records++
		}
	}
	if records < writers {
		t.Fatalf("only %d records kept", records)
	}
}

func TestClosedLogRefusesWrites(t *testing.T) {
	log, closer, err := Open(t.TempDir(), slog.LevelInfo)
	if err != nil {
		t.Fatal(err)
	}
	closer.Close()
	if err := log.Handler().Handle(t.Context(), slog.Record{Message: "late"}); !errors.Is(err, os.ErrClosed) {
		t.Fatalf("write after close: %v", err)
	}
}

func TestDir(t *testing.T) {
	home := func() (string, error) { return "/home/ana", nil }
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	for _, c := range []struct {
		name, override, goos string
		vars                 map[string]string
		want                 string
		wantErr              bool
	}{
		{name: "override", override: "/data/x", goos: "linux", want: "/data/x/logs"},
		{name: "env override", goos: "windows", vars: map[string]string{"PASSDESK_DATA_DIR": "/data/env", "LOCALAPPDATA": "/L"}, want: "/data/env/logs"},
		{name: "linux XDG", goos: "linux", vars: map[string]string{"XDG_STATE_HOME": "/st"}, want: "/st/PassDesk/logs"},
		{name: "linux relative XDG ignored", goos: "linux", vars: map[string]string{"XDG_STATE_HOME": "st"}, want: "/home/ana/.local/state/PassDesk/logs"},
		{name: "linux default", goos: "linux", want: "/home/ana/.local/state/PassDesk/logs"},
		{name: "macOS", goos: "darwin", want: "/home/ana/Library/Logs/PassDesk"},
		{name: "windows", goos: "windows", vars: map[string]string{"LOCALAPPDATA": "/L"}, want: "/L/PassDesk/logs"},
		{name: "windows unset", goos: "windows", wantErr: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := dir(c.override, env(c.vars), c.goos, home)
			if c.wantErr {
				if err == nil {
					t.Fatalf("got %q, want an error", got)
				}
				return
			}
			if err != nil || got != filepath.FromSlash(c.want) {
				t.Fatalf("got %q, %v; want %q", got, err, c.want)
			}
		})
	}
}

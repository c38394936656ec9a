package logging

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

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
	for _, p := range logFiles(t, dir) {
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

// Secret-looking keys, in any case, lose their values as attributes, struct
// fields (by Go or JSON name), map keys and slog-style pairs in a list.
func TestSecretKeysInEveryShape(t *testing.T) {
	type creds struct {
		Login  string
		Pass   string
		PW     string `json:"pw"`
		Secret string `json:"client_secret"`
	}
	var buf bytes.Buffer
	log := slog.New(NewRedactor(slog.NewJSONHandler(&buf, nil)))
	log.Info("x",
		"login", creds{Login: "bob", Pass: "SECRET1", PW: "SECRET2", Secret: "SECRET3"},
		"args", []any{"pw", "SECRET4", "Token", "SECRET5", "n", 1},
		"input", map[string]string{"name_pages": "x", "PASS": "SECRET6", "Refresh": "SECRET7", "access": "SECRET8", "Authorization": "SECRET9"},
		"PASSWD", "SECRET10", "Access_Token", "SECRET11")
	out := buf.String()
	if strings.Contains(out, "SECRET") {
		t.Fatalf("a secret got through:\n%s", out)
	}
	for _, want := range []string{`"Login":"bob"`, `"name_pages":"x"`, `"n",1`} {
		if !strings.Contains(out, want) {
			t.Errorf("lost %s:\n%s", want, out)
		}
	}
}

func TestScrub(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"user " + email + " signed in", "user [redacted] signed in"},
		{"Authorization: Bearer abc.def", "Authorization: [redacted]"},
		{"header Bearer abc.def", "header Bearer [redacted]"},
		{"secret: 'x y'", "secret: '[redacted]'"},
		{"got " + jwt + ".", "got [redacted]."},
		{`{"refresh_token":"abc","n":1}`, `{"refresh_token":"[redacted]","n":1}`},
		// Nothing says where a bare value ends (a password may hold "&"
		// or spaces): the rest of the line goes with it.
		{"new_password=hunter2&x=1", "new_password=[redacted]"},
		{"opened /home/x/.local/share/PassDesk/passdesk.db v0.1.0", "opened /home/x/.local/share/PassDesk/passdesk.db v0.1.0"},
		{"ñandú@correo.es", "[redacted]"},
		// The shapes a secret took past the first rules.
		{`{"password": "abc\"defSECRET"}`, `{"password": "[redacted]"}`},
		{`{"password": "a\\", "n": 1}`, `{"password": "[redacted]", "n": 1}`},
		{`password=hunter2 with spaces`, `password=[redacted]`},
		{"password=hunter2 with spaces\nnext line", "password=[redacted]\nnext line"},
		{`password="never closed SECRET`, `password=[redacted]`},
		{`Password = 'single quoted SECRET'`, `Password = '[redacted]'`},
		{"password:\tTABSECRET", "password:\t[redacted]"},
		{`{"user": {"password" :"SIGNUP"}}`, `{"user": {"password" :"[redacted]"}}`},
		{`pass: SECRET`, `pass: [redacted]`},
		{`PASS=SECRET`, `PASS=[redacted]`},
		{`pw=SECRET`, `pw=[redacted]`},
		{`new_pw=SECRET`, `new_pw=[redacted]`},
		{`passwd=SECRET`, `passwd=[redacted]`},
		{`Secret: SECRET`, `Secret: [redacted]`},
		{`{"refresh":"abc.def.ghi"}`, `{"refresh":"[redacted]"}`},
		{`{"access": "SECRET"}`, `{"access": "[redacted]"}`},
		{`TOKEN=SECRET`, `TOKEN=[redacted]`},
		{`authorization: SECRET`, `authorization: [redacted]`},
		{`contraseña=SECRET`, `contraseña=[redacted]`},
		{`https://bob:SECRET@example.com/api/`, `https://[redacted]@example.com/api/`},
	} {
		if got := Scrub(c.in); got != c.want {
			t.Errorf("Scrub(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// logFiles lists dir's log files oldest first: the rotated ones (their
// names carry the time of rotation), then the current one.
func logFiles(t *testing.T, dir string) []string {
	t.Helper()
	rotated, err := filepath.Glob(filepath.Join(dir, "passdesk-*.log"))
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(rotated)
	return append(rotated, filepath.Join(dir, FileName))
}

// maxBytes is the size a log file must stay within.
const maxBytes = MaxSizeMiB << 20

// pad makes a record about 1 KiB long, so a thousand of them fill a file.
var pad = strings.Repeat("p", 1000)

// filler logs onto the log file's writer with the same JSON handler as the
// real logger, minus the redactor: scrubbing costs about a millisecond per
// KiB of text, and these tests write megabytes. Redaction is tested on its
// own, and in the records that must reach stderr.
func filler(closer io.Closer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(closer.(*sink), nil))
}

// fill logs records Seq from to from+n-1 of about 1 KiB each. lumberjack
// names a rotated file by the millisecond of its rotation, and a rotation
// within the millisecond of the one before replaces that one's file: a log
// written through the redactor never fills a MiB in a millisecond, but
// these tests write at memory speed, so fill lets the clock move on before
// every 100th record (a tenth of a file).
func fill(log *slog.Logger, from, n int) {
	for i := range n {
		if i%100 == 0 {
			for now := time.Now().Truncate(time.Millisecond); time.Now().Truncate(time.Millisecond).Equal(now); {
				runtime.Gosched()
			}
		}
		log.Info("record", "Seq", from+i, "pad", pad)
	}
}

// noStderr is a fallback writer for logs that must never need one.
type noStderr struct{ t *testing.T }

func (w noStderr) Write(p []byte) (int, error) {
	w.t.Errorf("written to stderr: %s", p)
	return len(p), nil
}

type record struct {
	Msg, Err    string
	Seq, Writer int
	Records     *int
}

// records reads the JSON records in path, failing on a torn one.
func records(t *testing.T, path string) []record {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return parse(t, path, string(b))
}

func parse(t *testing.T, where, text string) []record {
	t.Helper()
	var out []record
	for line := range strings.Lines(text) {
		var rec record
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("%s: torn record %q", where, line)
		}
		out = append(out, rec)
	}
	return out
}

// seqs is the Seq of every record in the files, in order.
func seqs(t *testing.T, paths ...string) []int {
	t.Helper()
	var out []int
	for _, p := range paths {
		for _, rec := range records(t, p) {
			out = append(out, rec.Seq)
		}
	}
	return out
}

// consecutive fails unless got counts up by one from got[0] to last.
func consecutive(t *testing.T, got []int, last int) {
	t.Helper()
	if len(got) == 0 || got[len(got)-1] != last {
		t.Fatalf("the newest record %d is not last: %v", last, got)
	}
	for i := 1; i < len(got); i++ {
		if got[i] != got[i-1]+1 {
			t.Fatalf("records out of order or missing across files: %v", got)
		}
	}
}

func sizesWithinLimit(t *testing.T, paths []string) {
	t.Helper()
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if info.Size() > maxBytes {
			t.Errorf("%s is %d bytes, over %d", p, info.Size(), maxBytes)
		}
	}
}

// waitForFiles waits until dir holds want log files. lumberjack removes
// old files in a goroutine of its own that offers nothing to wait on, so
// the test watches the folder; the bound only turns a file that is never
// removed into a failure.
func waitForFiles(t *testing.T, dir string, want int) []string {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		paths := logFiles(t, dir)
		if len(paths) == want {
			return paths
		}
		if time.Now().After(deadline) {
			t.Fatalf("log files %v, want %d", paths, want)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestRotationKeepsNFilesAndTheNewestRecords(t *testing.T) {
	dir := t.TempDir()
	_, closer, err := open(dir, slog.LevelInfo, noStderr{t})
	if err != nil {
		t.Fatal(err)
	}
	// Enough for Keep+2 full files: the oldest must have been dropped.
	n := (Keep + 2) * maxBytes / len(pad)
	fill(filler(closer), 0, n)
	closer.Close()

	paths := waitForFiles(t, dir, Keep+1)
	sizesWithinLimit(t, paths)
	all := seqs(t, paths...)
	consecutive(t, all, n-1)
	if all[0] == 0 {
		t.Fatal("nothing was dropped: rotation never discarded the oldest file")
	}
	if len(all) < Keep*maxBytes/(2*len(pad)) {
		t.Fatalf("only %d records kept in %d files", len(all), len(paths))
	}
}

func TestReopeningAppendsAndCountsTheExistingSize(t *testing.T) {
	dir := t.TempDir()
	// Each round writes 60% of a file: only the second one, counting what
	// the first left, rotates.
	each := maxBytes * 6 / 10 / len(pad)
	for round := range 2 {
		_, closer, err := open(dir, slog.LevelInfo, noStderr{t})
		if err != nil {
			t.Fatal(err)
		}
		fill(filler(closer), round*each, each)
		closer.Close()
	}
	paths := logFiles(t, dir)
	if len(paths) != 2 {
		t.Fatalf("log files %v, want the current one and one rotated", paths)
	}
	sizesWithinLimit(t, paths)
	got := seqs(t, paths...)
	consecutive(t, got, 2*each-1)
	if got[0] != 0 {
		t.Fatalf("records lost: the first is %d", got[0])
	}
}

func TestConcurrentWritersNeverTearRecords(t *testing.T) {
	dir := t.TempDir()
	_, closer, err := open(dir, slog.LevelInfo, noStderr{t})
	if err != nil {
		t.Fatal(err)
	}
	log := filler(closer)
	// 2.4 files' worth: two rotations under contention, nothing dropped.
	// Two rotations are a file apart, so some writer wrote over 100
	// records in between and let the clock move (see fill).
	const writers = 8
	each := maxBytes * 24 / 10 / len(pad) / writers
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() { fill(log.With("writer", w), 0, each) })
	}
	wg.Wait()
	closer.Close()
	paths := logFiles(t, dir)
	if len(paths) != 3 {
		t.Errorf("files: %v, want the current one and 2 rotated", paths)
	}
	// Read oldest file first: each writer's records must come in the order
	// it wrote them, whole, with nothing torn, interleaved or lost.
	last := map[int]int{}
	count := 0
	for _, p := range paths {
		for _, rec := range records(t, p) {
			if prev, ok := last[rec.Writer]; ok && rec.Seq != prev+1 {
				t.Fatalf("writer %v: record %v follows %v", rec.Writer, rec.Seq, prev)
			}
			last[rec.Writer] = rec.Seq
			count++
		}
	}
	if count != writers*each {
		t.Fatalf("%d records kept, want %d", count, writers*each)
	}
}

// A log file someone made readable to others is narrowed to 0600, and
// lumberjack, which gives a new file the mode of the one it rotated away,
// keeps every later file private.
func TestLogFilesArePrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows files have no Unix mode bits")
	}
	dir := filepath.Join(t.TempDir(), "logs")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, FileName), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(dir, FileName), 0o644); err != nil { // whatever the umask
		t.Fatal(err)
	}
	_, closer, err := open(dir, slog.LevelInfo, noStderr{t})
	if err != nil {
		t.Fatal(err)
	}
	fill(filler(closer), 0, maxBytes/len(pad)+10)
	closer.Close()
	paths := logFiles(t, dir)
	if len(paths) != 2 {
		t.Fatalf("log files %v, want one rotation", paths)
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if mode := info.Mode().Perm(); mode != 0o600 {
			t.Errorf("%s has mode %o, want 600", p, mode)
		}
	}
}

// diverted checks what went to stderr while the file failed: one record
// saying so, naming the error, then the records in order, redacted.
func diverted(t *testing.T, stderr string, wantErr string, wantSeqs []int) {
	t.Helper()
	recs := parse(t, "stderr", stderr)
	if len(recs) != len(wantSeqs)+1 || !strings.Contains(recs[0].Msg, "records go to stderr") ||
		!strings.Contains(recs[0].Err, wantErr) {
		t.Fatalf("stderr: want one notice naming %q, then %d records:\n%s", wantErr, len(wantSeqs), stderr)
	}
	for i, rec := range recs[1:] {
		if rec.Seq != wantSeqs[i] || rec.Msg != "record" {
			t.Fatalf("stderr record %d: %+v, want Seq %d", i, rec, wantSeqs[i])
		}
	}
	if strings.Contains(stderr, password) {
		t.Fatalf("stderr holds the password:\n%s", stderr)
	}
}

// resumed checks that the file's newest records are the one closing a
// failure of n records, then the record with Seq seq.
func resumed(t *testing.T, path string, wantErr string, n, seq int) {
	t.Helper()
	recs := records(t, path)
	if len(recs) < 2 {
		t.Fatalf("%s: %+v, want the failure explained, then record %d", path, recs, seq)
	}
	note, last := recs[len(recs)-2], recs[len(recs)-1]
	if !strings.Contains(note.Msg, "records went to stderr") || note.Records == nil || *note.Records != n ||
		!strings.Contains(note.Err, wantErr) || last.Seq != seq {
		t.Fatalf("%s ends with %+v, %+v; want a note of %d records lost to %q, then record %d", path, note, last, n, wantErr, seq)
	}
}

// A record larger than a whole file, which lumberjack refuses, goes to
// stderr; the next one goes to the file again, after a note of the gap.
func TestARecordOverTheLimitGoesToStderr(t *testing.T) {
	dir := t.TempDir()
	var stderr bytes.Buffer
	log, closer, err := open(dir, slog.LevelInfo, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	log.Info("record", "Seq", 1)
	filler(closer).Info("record", "Seq", 2, "pad", strings.Repeat("p", maxBytes))
	log.Info("record", "Seq", 3)
	closer.Close()

	diverted(t, stderr.String(), "exceeds maximum file size", []int{2})
	resumed(t, filepath.Join(dir, FileName), "exceeds maximum file size", 1, 3)
	if got := seqs(t, filepath.Join(dir, FileName)); !slices.Equal(got, []int{1, 0, 3}) {
		t.Fatalf("file records %v, want 1, the note, 3", got)
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

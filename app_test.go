package main

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"passdesk/backend/accounts"
	"passdesk/backend/apperr"
	"passdesk/backend/kdf"
	"passdesk/backend/logging"
	"passdesk/backend/session"
	"passdesk/backend/store"
	"passdesk/backend/syncer"
	"passdesk/backend/vault"
)

// These tests need cgo and GTK (the root package links Wails) and
// frontend/dist (embedded): `make test` runs them after the build.

const secret = "Contraseña-mañana-secret-7"

var errorType = reflect.TypeOf((*error)(nil)).Elem()

// boundMethods are the methods Wails binds: every exported method of *App.
func boundMethods() []reflect.Method {
	typ := reflect.TypeOf(&App{})
	out := make([]reflect.Method, typ.NumMethod())
	for i := range out {
		out[i] = typ.Method(i)
	}
	return out
}

// filled is a value of typ with every string in it, at any depth, set to
// secret.
func filled(typ reflect.Type) reflect.Value {
	v := reflect.New(typ).Elem()
	switch typ.Kind() {
	case reflect.String:
		v.SetString(secret)
	case reflect.Struct:
		for i := range typ.NumField() {
			if typ.Field(i).IsExported() {
				v.Field(i).Set(filled(typ.Field(i).Type))
			}
		}
	case reflect.Pointer:
		v.Set(reflect.New(typ.Elem()))
		v.Elem().Set(filled(typ.Elem()))
	}
	return v
}

// call runs a bound method as Wails would, failing the test if a panic
// escapes it; it returns the method's error (its last result).
func call(t *testing.T, a *App, m reflect.Method, args ...reflect.Value) (err error) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s panicked into its caller: %v", m.Name, r)
		}
	}()
	out := m.Func.Call(append([]reflect.Value{reflect.ValueOf(a)}, args...))
	last, _ := out[len(out)-1].Interface().(error)
	return last
}

func TestEveryBoundMethodReturnsAnErrorLast(t *testing.T) {
	for _, m := range boundMethods() {
		if n := m.Type.NumOut(); n == 0 || m.Type.Out(n-1) != errorType {
			t.Errorf("%s does not return an error last: a panic it recovers could not be reported", m.Name)
		}
	}
}

// Every bound method's first statement is `defer guard.Recover(&err,
// a.desk.log, "<its name>")`: the call sweep below proves the recovery only
// for the methods that reach a missing service, this the rest, and that
// the log names the right method.
func TestEveryBoundMethodFirstDefersTheGuard(t *testing.T) {
	files, err := filepath.Glob("app*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	found := map[string]bool{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || !fn.Name.IsExported() {
				continue
			}
			if star, ok := fn.Recv.List[0].Type.(*ast.StarExpr); !ok || fmt.Sprint(star.X) != "App" {
				continue
			}
			found[fn.Name.Name] = true
			want := fmt.Sprintf(`guard.Recover(&err, a.desk.log, %q)`, fn.Name.Name)
			var got string
			if len(fn.Body.List) > 0 {
				if def, ok := fn.Body.List[0].(*ast.DeferStmt); ok {
					var b strings.Builder
					_ = printer.Fprint(&b, fset, def.Call)
					got = b.String()
				}
			}
			if got != want {
				t.Errorf("%s: first statement defers %q, want %q", fn.Name.Name, got, want)
			}
		}
	}
	for _, m := range boundMethods() {
		if !found[m.Name] {
			t.Errorf("%s: not found in app*.go", m.Name)
		}
	}
}

// An App with no services: every method that reaches one panics on a nil
// pointer and must turn that into an internal error, leaving the password
// it was given out of the log file. Every bound method is called with the
// password in each of its strings; then each password-taking method with
// input that passes validation, so that it reaches the panic.
func TestAPanickingBoundCallLeavesNoPasswordInTheLog(t *testing.T) {
	dir := t.TempDir()
	log, closer, err := logging.Open(dir, slog.LevelInfo)
	if err != nil {
		t.Fatal(err)
	}
	a := &App{desk: desktop{log: log}}
	asWails := func(err error) {
		if apperr.Is(err, apperr.Internal) {
			log.Error("internal error", "err", err) // as the ErrorFormatter does
		}
	}
	for _, m := range boundMethods() {
		args := make([]reflect.Value, m.Type.NumIn()-1)
		for i := range args {
			args[i] = filled(m.Type.In(i + 1))
		}
		asWails(call(t, a, m, args...))
	}
	for name, run := range map[string]func() error{
		"SignUp": func() error {
			_, err := a.SignUp(accounts.SignUpInput{Username: "ana", Email: "ana@example.com", Password: secret, FirstName: "Ana", LastName: "Diaz"})
			return err
		},
		"SignIn":            func() error { _, err := a.SignIn(accounts.SignInInput{Login: "ana", Password: secret}); return err },
		"ChangePassword":    func() error { return a.ChangePassword(secret, secret+"-next") },
		"DeleteAccount":     func() error { return a.DeleteAccount(secret, true) },
		"SignInRemoteAgain": func() error { _, err := a.SignInRemoteAgain(secret); return err },
		"LinkRemote": func() error {
			_, err := a.LinkRemote(syncer.LinkInput{ServerURL: "https://sync.example.com/api/", Mode: "signin", Email: "ana@example.com", Password: secret})
			return err
		},
		"AddSavedPassword": func() error {
			_, err := a.AddSavedPassword(vault.Input{NamePages: "mail", URL: "https://mail.example.com", PasswordSaved: secret})
			return err
		},
		"UpdateSavedPassword": func() error {
			_, err := a.UpdateSavedPassword(1, vault.Input{NamePages: "mail", URL: "https://mail.example.com", PasswordSaved: secret})
			return err
		},
	} {
		err := run()
		if !apperr.Is(err, apperr.Internal) {
			t.Errorf("%s: err = %v, want the internal error of a recovered panic", name, err)
		}
		asWails(err)
	}
	// Wails' own logger, given the line it writes when a call fails before
	// reaching the method.
	wailsLogger{log}.Error(`process message error: C{"name":"main.App.DeleteAccount","args":["` + secret + `",true],"callbackID":"main.App.DeleteAccount-3"} -> boom`)
	if err := closer.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, logging.FileName))
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for _, name := range []string{"SignUp", "SignIn", "ChangePassword", "DeleteAccount", "SignInRemoteAgain", "LinkRemote", "AddSavedPassword", "UpdateSavedPassword"} {
		if !strings.Contains(text, `"method":"`+name+`"`) {
			t.Errorf("%s: no panic record in the log", name)
		}
	}
	for _, part := range []string{secret, "Contraseña", "mañana", "secret-7"} {
		if strings.Contains(text, part) {
			t.Fatalf("%q is in the log file:\n%s", part, text)
		}
	}
	if !strings.Contains(text, "main.App.DeleteAccount") {
		t.Fatalf("Wails' line did not reach the log:\n%s", text)
	}
}

// newTestApp is the app as main builds it, over a new database, with the
// cheapest real password hashing, the given session clock (the system's
// when nil) and an in-memory clipboard; it is signed out at the end of the
// test.
func newTestApp(t *testing.T, clock session.Clock) (*App, *board) {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), store.FileName), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	acc, err := accounts.New(db, accounts.Config{Hash: kdf.Minimum})
	if err != nil {
		t.Fatal(err)
	}
	clip := &board{}
	a, err := assembleApp(db, slog.New(slog.DiscardHandler), acc, clock, clip)
	if err != nil {
		t.Fatal(err)
	}
	a.desk.log = slog.New(slog.DiscardHandler)
	t.Cleanup(func() { _ = a.SignOut() })
	return a, clip
}

// A panic inside a backend call (here a vault service with no database, in
// place of a damaged page) ends as an internal error, and the app keeps
// working: the session, the database and the other services are unharmed.
func TestAfterAPanicInABackendCallTheAppKeepsWorking(t *testing.T) {
	a, _ := newTestApp(t, nil)
	if _, err := a.SignUp(accounts.SignUpInput{Username: "ana", Email: "ana@example.com", Password: "correct horse 42", FirstName: "Ana", LastName: "Diaz"}); err != nil {
		t.Fatal(err)
	}
	working := a.vault
	a.vault = vault.New(nil, nil)
	if _, err := a.AddSavedPassword(vault.Input{NamePages: "mail", URL: "https://mail.example.com", PasswordSaved: secret}); !apperr.Is(err, apperr.Internal) {
		t.Fatalf("err = %v, want internal", err)
	}
	a.vault = working
	added, err := a.AddSavedPassword(vault.Input{NamePages: "mail", URL: "https://mail.example.com", PasswordSaved: secret})
	if err != nil {
		t.Fatalf("after the panic: %v", err)
	}
	if got, err := a.RevealSavedPassword(added.ID); err != nil || got != secret {
		t.Fatalf("Reveal = %q, %v", got, err)
	}
	if _, err := a.GetProfile(); err != nil {
		t.Fatalf("GetProfile after the panic: %v", err)
	}
	if err := a.SignOut(); err != nil {
		t.Fatal(err)
	}
	if _, err := a.GetProfile(); !apperr.Is(err, apperr.Unauthenticated) {
		t.Fatalf("after sign-out: %v", err)
	}
}

// board is a clipboard held in memory.
type board struct {
	mu   sync.Mutex
	text string
}

func (b *board) Text() (string, error) { b.mu.Lock(); defer b.mu.Unlock(); return b.text, nil }
func (b *board) SetText(s string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.text = s
	return nil
}

// stepClock is a session clock whose wall time the test moves (a suspend:
// the monotonic time stands still) and whose timers never fire.
type stepClock struct {
	mu   sync.Mutex
	wall time.Time
}

func (c *stepClock) Wall() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.wall
}
func (c *stepClock) Mono() time.Duration { return 0 }
func (c *stepClock) AfterFunc(time.Duration, func()) session.Timer {
	return time.NewTimer(time.Hour) // stopped by the session, never waited on
}
func (c *stepClock) sleep(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.wall = c.wall.Add(d)
}

// A password copied from PassDesk leaves the clipboard when the session
// ends, each way it can end, unless the user copied something else since.
func TestTheClipboardIsClearedWhenTheSessionEnds(t *testing.T) {
	const password = "correct horse 42"
	for _, tc := range []struct {
		name string
		end  func(t *testing.T, a *App, clock *stepClock)
	}{
		{"auto-lock after a suspend", func(t *testing.T, a *App, clock *stepClock) {
			clock.sleep(time.Hour)
			if _, err := a.GetProfile(); !apperr.Is(err, apperr.Unauthenticated) {
				t.Fatalf("not locked after an hour asleep: %v", err)
			}
		}},
		{"sign-out", func(t *testing.T, a *App, _ *stepClock) {
			if err := a.SignOut(); err != nil {
				t.Fatal(err)
			}
		}},
		{"account deletion", func(t *testing.T, a *App, _ *stepClock) {
			if err := a.DeleteAccount(password, false); err != nil {
				t.Fatal(err)
			}
		}},
		{"quit (window closing)", func(t *testing.T, a *App, _ *stepClock) { a.beforeClose(context.Background()) }},
		{"quit (shutdown)", func(t *testing.T, a *App, _ *stepClock) { a.shutdown(context.Background()) }},
	} {
		for _, userCopied := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s, user copied since: %v", tc.name, userCopied), func(t *testing.T) {
				clock := &stepClock{wall: time.Now().Round(0)}
				a, clip := newTestApp(t, clock)
				if _, err := a.SignUp(accounts.SignUpInput{Username: "ana", Email: "ana@example.com", Password: password, FirstName: "Ana", LastName: "Diaz"}); err != nil {
					t.Fatal(err)
				}
				entry, err := a.AddSavedPassword(vault.Input{NamePages: "mail", URL: "https://mail.example.com", PasswordSaved: secret})
				if err != nil {
					t.Fatal(err)
				}
				if err := a.CopySavedPassword(entry.ID); err != nil {
					t.Fatal(err)
				}
				if got, _ := clip.Text(); got != secret {
					t.Fatalf("clipboard = %q after copying", got)
				}
				want := ""
				if userCopied {
					want = "the user's own note"
					_ = clip.SetText(want)
				}
				tc.end(t, a, clock)
				if got, _ := clip.Text(); got != want {
					t.Fatalf("clipboard = %q, want %q", got, want)
				}
			})
		}
	}
}

// One data folder spelled two ways (through a symbolic link, as macOS's
// /tmp is one for /private/tmp) is one window: a second launch through the
// other spelling must find the first one's single-instance lock, not show
// the database's "in use" error.
func TestOneFolderSpelledTwoWaysHasOneInstanceID(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	for _, spelling := range []string{link, link + "/", dir + "/."} {
		if instanceID(spelling) != instanceID(dir) {
			t.Errorf("instanceID(%q) differs from instanceID(%q)", spelling, dir)
		}
	}
	if instanceID(t.TempDir()) == instanceID(dir) {
		t.Error("two folders share an instance id")
	}
}

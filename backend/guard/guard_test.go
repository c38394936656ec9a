package guard_test

import (
	"bytes"
	"errors"
	"log/slog"
	"regexp"
	"strings"
	"testing"

	"passdesk/backend/apperr"
	"passdesk/backend/guard"
)

const password = "Contraseña-mañana-42"

// account has the shapes of the bound methods that take a password.
type account struct{ users map[string]string }

func (a *account) DeleteAccount(log *slog.Logger, password string, remote bool) (err error) {
	defer guard.Recover(&err, log, "DeleteAccount")
	var page []byte
	_ = page[len(password)] // a damaged page: index out of range
	return nil
}

func (a *account) SignIn(log *slog.Logger, login, password string) (id uint64, err error) {
	defer guard.Recover(&err, log, "SignIn")
	a.users[login] = password // nil map: a runtime panic
	return 1, nil
}

func (a *account) ChangePassword(log *slog.Logger, current, next string) (err error) {
	defer guard.Recover(&err, log, "ChangePassword")
	panic(errors.New("store: page 7 has an invalid type"))
}

func (a *account) Works(log *slog.Logger, fail error) (n int, err error) {
	defer guard.Recover(&err, log, "Works")
	return 3, fail
}

func TestAPanicBecomesAnInternalErrorAndTheArgumentsStayOutOfTheLog(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	a := &account{}
	for name, call := range map[string]func() error{
		"DeleteAccount":  func() error { return a.DeleteAccount(log, password, true) },
		"SignIn":         func() error { _, err := a.SignIn(log, "ana", password); return err },
		"ChangePassword": func() error { return a.ChangePassword(log, password, password+"!") },
	} {
		buf.Reset()
		err := call()
		if !apperr.Is(err, apperr.Internal) {
			t.Fatalf("%s: err = %v, want an internal error", name, err)
		}
		if public := apperr.ToPublic(err); public.Key != apperr.Generic.Key() || public.Params != nil {
			t.Fatalf("%s: the panic reached the user's message: %+v", name, public)
		}
		logged := buf.String()
		if !strings.Contains(logged, `"method":"`+name+`"`) || !strings.Contains(logged, "bound method panicked") {
			t.Fatalf("%s: the panic was not logged with its method: %s", name, logged)
		}
		if !strings.Contains(logged, "guard_test.go:") {
			t.Fatalf("%s: the stack does not say where it panicked: %s", name, logged)
		}
		for _, secret := range []string{password, "Contrase", "mañana"} {
			if strings.Contains(logged, secret) || strings.Contains(err.Error(), secret) {
				t.Fatalf("%s: %q is in the log or the error: %s", name, secret, logged)
			}
		}
	}
}

func TestWithoutAPanicTheResultsAreUntouched(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	a := &account{}
	if n, err := a.Works(log, nil); n != 3 || err != nil {
		t.Fatalf("Works = %d, %v", n, err)
	}
	refused := apperr.Field("password", apperr.NotCorrect)
	if _, err := a.Works(log, refused); err != refused {
		t.Fatalf("err = %v, want the method's own error", err)
	}
	if buf.Len() != 0 {
		t.Fatalf("logged without a panic: %s", buf.String())
	}
}

func TestTheStackKeepsFramesButDropsArgumentWords(t *testing.T) {
	trace := "goroutine 7 [running]:\n" +
		"runtime/debug.Stack()\n\t/usr/local/go/src/runtime/debug/stack.go:26 +0x5e\n" +
		"main.(*App).DeleteAccount(0xc000010000, {0xc0000140a0, 0x14}, 0x1)\n\t/src/app.go:120 +0x13\n" +
		"main.(*A).Del(0x2b8f047e2068?, {0x2b8f047b0738?, 0x579578?}, 0xe0?, ...)\n\t/tmp/st.go:5 +0x13\n" +
		"created by net/http.(*Server).Serve in goroutine 1\n\t/usr/local/go/src/net/http/server.go:3285 +0x4b4\n"
	got := guard.Stack([]byte(trace))
	for _, want := range []string{"main.(*App).DeleteAccount(...)\n\t/src/app.go:120", "main.(*A).Del(...)", "runtime/debug.Stack(...)", "created by net/http.(*Server).Serve in goroutine 1", "server.go:3285 +0x4b4"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q missing from\n%s", want, got)
		}
	}
	if regexp.MustCompile(`\(0x|0x14`).MatchString(strings.ReplaceAll(got, "+0x", "")) {
		t.Errorf("argument words left in\n%s", got)
	}
}

func TestWailsCallMessagesLoseTheirArguments(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`process message error: C{"name":"main.App.DeleteAccount","args":["` + password + `",true],"callbackID":"main.App.DeleteAccount-1"} -> boom`,
			`process message error: C{"name":"main.App.DeleteAccount","args":"[redacted]","callbackID":"main.App.DeleteAccount-1"} -> boom`},
		{`C{"name":"main.App.SignIn","args": [{"login":"ana","password":"` + password + `","nested":[1,[2]]}],"callbackID":"x"}`,
			`C{"name":"main.App.SignIn","args": "[redacted]","callbackID":"x"}`},
		{`two: {"args":["a]b"]} and {"args":["` + password + `"]}`, `two: {"args":"[redacted]"} and {"args":"[redacted]"}`},
		{`cut short: C{"name":"main.App.ChangePassword","args":["` + password + `","ne`, `cut short: C{"name":"main.App.ChangePassword","args":"[redacted]"`},
		{`no call here: window placed`, `no call here: window placed`},
	} {
		if got := guard.ScrubCallArgs(tc.in); got != tc.want {
			t.Errorf("ScrubCallArgs(%q)\n = %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

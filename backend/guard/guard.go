// Package guard keeps a panic in a bound method from reaching Wails. Wails
// recovers it itself, but then logs the raw call message, arguments and
// all: the passwords given to SignIn, SignUp, ChangePassword, DeleteAccount
// or the sync sign-in would land in the log file. Every bound method defers
// Recover instead, so the panic becomes an ordinary internal error and the
// log gets the panic and where it happened, never the call's arguments.
package guard

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"regexp"
	"runtime/debug"
	"strings"

	"passdesk/backend/apperr"
)

// Recover, deferred directly in a method with a named error result
// (`defer guard.Recover(&err, log, "SignIn")`), turns a panic into an
// internal error in *err and logs it with a stack whose frames keep their
// function, file and line but not their argument words (which show a
// string argument's address and length); a nil log is slog's default.
// Without a panic it does nothing.
func Recover(err *error, log *slog.Logger, method string) {
	r := recover()
	if r == nil {
		return
	}
	if log == nil {
		log = slog.Default()
	}
	log.Error("bound method panicked", "method", method, "panic", describe(r), "stack", Stack(debug.Stack()))
	*err = apperr.Wrap(fmt.Errorf("panic: %s", describe(r)), method)
}

// describe is the panic value as text: runtime errors and error values by
// their message, other values by fmt's %v.
func describe(r any) string {
	if e, ok := r.(error); ok {
		return e.Error()
	}
	return fmt.Sprint(r)
}

// frameArgs is the argument list a Go traceback prints after a function:
// "main.(*App).DeleteAccount(0xc000010000, {0xc0000140a0, 0x7}, 0x1)".
var frameArgs = regexp.MustCompile(`(?m)^([^\t\n].*?)\((?:0x[0-9a-f]+|[{}, .?]|\.\.\.)*\)(\s*$)`)

// Stack is a goroutine traceback (debug.Stack's) with every frame's
// argument words removed: "f(...)" instead of "f(0xc000…, 0x7)".
func Stack(trace []byte) string {
	return frameArgs.ReplaceAllString(string(trace), "$1(...)$2")
}

// callArgs finds the arguments of a Wails call message quoted in a log
// line: `C{"name":"main.App.SignIn","args":[…],"callbackID":"…"}`.
var callArgs = regexp.MustCompile(`"args"\s*:\s*`)

// ScrubCallArgs replaces the arguments of every Wails call message in a
// line Wails logs with "[redacted]". Wails logs a call's raw message when
// it fails before reaching the method (arguments it cannot parse) or when a
// panic escapes; passwords are positional arguments there, with no key for
// the log's redactor to recognise. An argument list that does not parse
// (cut short) is redacted to the end of the line.
func ScrubCallArgs(line string) string {
	var out strings.Builder
	for {
		loc := callArgs.FindStringIndex(line)
		if loc == nil {
			out.WriteString(line)
			return out.String()
		}
		out.WriteString(line[:loc[1]])
		out.WriteString(`"[redacted]"`)
		rest := line[loc[1]:]
		dec := json.NewDecoder(strings.NewReader(rest))
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return out.String()
		}
		line = rest[dec.InputOffset():]
	}
}

// Package apperr is the one error shape PassDesk shows to its frontend:
// a stable code, a human message, and optional per-field messages.
package apperr

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Code classifies an error. The codes mirror the web service's error table
// (HTTP status in the comment) so the UI can treat local and remote errors alike.
type Code string

const (
	Unauthenticated Code = "unauthenticated" // 401
	Forbidden       Code = "forbidden"       // 403
	NotFound        Code = "not_found"       // 404
	Invalid         Code = "invalid"         // 400
	Conflict        Code = "conflict"        // 409
	Unavailable     Code = "unavailable"     // remote down
	Internal        Code = "internal"        // 500
)

// Error is returned by every backend operation that can fail in a way the
// user should see. Fields maps a field name (as the frontend spells it) to a
// message about that field.
type Error struct {
	Code    Code              `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
	// cause is kept for logs only; it never reaches the frontend.
	cause error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(string(e.Code))
	b.WriteString(": ")
	b.WriteString(e.Message)
	if len(e.Fields) > 0 {
		keys := make([]string, 0, len(e.Fields))
		for k := range e.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, "; %s: %s", k, e.Fields[k])
		}
	}
	if e.cause != nil {
		b.WriteString(" (")
		b.WriteString(e.cause.Error())
		b.WriteString(")")
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.cause }

// New returns an error with the given code and message.
func New(code Code, message string) *Error {
	return &Error{Code: code, Message: message}
}

// Fields returns an invalid-input error carrying one message per field.
func FieldErrors(fields map[string]string) *Error {
	return &Error{Code: Invalid, Message: "Some fields are not valid.", Fields: fields}
}

// Field is a shorthand for an invalid-input error about a single field.
func Field(name, message string) *Error {
	return FieldErrors(map[string]string{name: message})
}

// Wrap turns an unexpected failure into an internal error whose detail is
// kept for the log but hidden from the user.
func Wrap(cause error, context string) *Error {
	if cause == nil {
		return nil
	}
	return &Error{Code: Internal, Message: "Something went wrong. Please try again.", cause: fmt.Errorf("%s: %w", context, cause)}
}

// As extracts an *Error from err; any other error becomes an internal one.
func As(err error) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return Wrap(err, "unexpected")
}

// Is reports whether err carries the given code.
func Is(err error, code Code) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == code
}

// Public is the shape sent to the frontend: never the internal cause.
type Public struct {
	Code    Code              `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// ToPublic converts any error to the frontend shape.
func ToPublic(err error) Public {
	e := As(err)
	return Public{Code: e.Code, Message: e.Message, Fields: e.Fields}
}

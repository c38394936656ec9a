// Package apperr is the one error shape PassDesk shows to its frontend: a
// stable code, a message as a key and parameters (keys.go), and optional
// per-field messages. The texts live in the frontend (en, es); no backend
// package holds a sentence for the UI.
package apperr

import (
	"encoding/json"
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
	Code    Code
	Message Message
	Fields  map[string]Message
	// cause is kept for logs only; it never reaches the frontend.
	cause error
}

// Error is the log form: code, key and parameters, fields, then the cause.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(string(e.Code))
	b.WriteString(": ")
	b.WriteString(e.Message.String())
	names := make([]string, 0, len(e.Fields))
	for name := range e.Fields {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(&b, "; %s: %s", name, e.Fields[name])
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
func New(code Code, m Message) *Error {
	return &Error{Code: code, Message: m}
}

// FieldErrors returns an invalid-input error carrying one message per field.
func FieldErrors(fields map[string]Message) *Error {
	return &Error{Code: Invalid, Message: FieldsInvalid, Fields: fields}
}

// Field is a shorthand for an invalid-input error about a single field.
func Field(name string, m Message) *Error {
	return FieldErrors(map[string]Message{name: m})
}

// Wrap turns an unexpected failure into an internal error whose detail is
// kept for the log but hidden from the user.
func Wrap(cause error, context string) *Error {
	if cause == nil {
		return nil
	}
	return &Error{Code: Internal, Message: Generic, cause: fmt.Errorf("%s: %w", context, cause)}
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
// It is also a field of bound results (the sync status' kept refusal).
type Public struct {
	Code   Code                     `json:"code"`
	Key    string                   `json:"key"`
	Params map[string]any           `json:"params,omitempty"`
	Fields map[string]PublicMessage `json:"fields,omitempty"`
}

// ToPublic converts any error to the frontend shape.
func ToPublic(err error) Public {
	e := As(err)
	top := e.Message.Public()
	out := Public{Code: e.Code, Key: top.Key, Params: top.Params}
	if len(e.Fields) > 0 {
		out.Fields = make(map[string]PublicMessage, len(e.Fields))
		for name, m := range e.Fields {
			out.Fields[name] = m.Public()
		}
	}
	return out
}

// MarshalJSON sends the public shape, should the error itself ever be
// marshalled.
func (e *Error) MarshalJSON() ([]byte, error) { return json.Marshal(ToPublic(e)) }

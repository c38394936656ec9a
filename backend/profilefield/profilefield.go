// Package profilefield is the one table of a profile's editable text fields.
// Each row says everything the rest of PassDesk needs about a field: its
// name (the UI's, the outbox's and the conflicts'), where the stored user
// keeps it, how it is normalised and validated, its name and "no value"
// form on the web service, and when two values are the same for sync.
//
// Validation (package profile), the outbox, the three-way merge and the
// remote body (package syncer) and the server's user (package remote) all
// loop over All; adding a field is one row here, one field in each of
// store.User, profile.Profile and remote.User, and its label in the frontend.
package profilefield

import (
	"strings"

	"passdesk/backend/apperr"
	"passdesk/backend/identity"
	"passdesk/backend/remote"
	"passdesk/backend/store"
	"passdesk/backend/validate"
)

// Field is one row of the table.
type Field struct {
	// Name is the field's JSON name in the app: the UI's, profile.Patch's,
	// the outbox's and the sync conflicts'.
	Name string
	// Remote is its name in the web service's user object (remote-api.md).
	Remote string
	// Value points at the field in a stored user (read and write).
	Value func(*store.User) *string
	// Server reads the field from the service's user; nil is "no value".
	Server func(remote.User) *string
	// Check validates a normalised value: the zero Message when it is valid.
	Check func(string) apperr.Message
	// NullWhenEmpty: the service spells "no value" as null (it refuses "").
	NullWhenEmpty bool
	// Same reports whether a local and a server value are the same for the
	// merge; nil means byte-equal.
	Same func(local, server string) bool
}

// Normalize returns the stored form of a typed value: trimmed, then in the
// field's canonical form (validate.Normalize).
func (f Field) Normalize(typed string) string {
	return validate.Normalize(f.Name, strings.TrimSpace(typed))
}

// Equal reports whether a local and a server value are the same for sync.
func (f Field) Equal(local, server string) bool {
	if f.Same != nil {
		return f.Same(local, server)
	}
	return local == server
}

// All is every editable profile field, in the order forms show them.
var All = []Field{
	{Name: "username", Remote: "username", Check: validate.Username,
		Value:  func(u *store.User) *string { return &u.Username },
		Server: func(r remote.User) *string { return &r.Username }},
	// The service compares emails case-sensitively, PassDesk by their
	// case-folded identity key: a case-only difference is neither a change
	// nor a conflict, and neither side is rewritten for it.
	{Name: "email", Remote: "email", Check: validate.Email,
		Value:  func(u *store.User) *string { return &u.Email },
		Server: func(r remote.User) *string { return &r.Email },
		Same:   func(l, s string) bool { return identity.EmailKey(l) == identity.EmailKey(s) }},
	{Name: "first_name", Remote: "first_name", Check: validate.Name,
		Value:  func(u *store.User) *string { return &u.FirstName },
		Server: func(r remote.User) *string { return &r.FirstName }},
	{Name: "last_name", Remote: "last_name", Check: validate.Name,
		Value:  func(u *store.User) *string { return &u.LastName },
		Server: func(r remote.User) *string { return &r.LastName }},
	{Name: "number_phone", Remote: "number_phone", Check: validate.Phone, NullWhenEmpty: true,
		Value:  func(u *store.User) *string { return &u.NumberPhone },
		Server: func(r remote.User) *string { return r.NumberPhone }},
}

// ByName finds a field by its app name.
func ByName(name string) (Field, bool) {
	for _, f := range All {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// Values reads every field of u, by app name.
func Values(u store.User) map[string]string {
	out := make(map[string]string, len(All))
	for _, f := range All {
		out[f.Name] = *f.Value(&u)
	}
	return out
}

// Set writes value into u's field name; an unknown name changes nothing.
func Set(u *store.User, name, value string) {
	if f, ok := ByName(name); ok {
		*f.Value(u) = value
	}
}

// RemoteBody is the JSON body of a partial update on the service for
// changed values (by app name): remote names, and null for an empty value
// of a NullWhenEmpty field. Unknown names are not sent: nothing but profile
// fields ever leaves (remote-api.md, defect 4).
func RemoteBody(changed map[string]string) map[string]any {
	body := make(map[string]any, len(changed))
	for _, f := range All {
		v, ok := changed[f.Name]
		switch {
		case !ok:
		case v == "" && f.NullWhenEmpty:
			body[f.Remote] = nil
		default:
			body[f.Remote] = v
		}
	}
	return body
}

// ServerValues reads the service's user by app name, with "" for null:
// how the stored user spells "no value".
func ServerValues(r remote.User) map[string]string {
	out := make(map[string]string, len(All))
	for _, f := range All {
		if v := f.Server(r); v != nil {
			out[f.Name] = *v
		} else {
			out[f.Name] = ""
		}
	}
	return out
}

package logging

import (
	"context"
	"encoding"
	"fmt"
	"log/slog"
	"reflect"
	"regexp"
	"strings"
	"time"
)

// Redacted replaces a value that must not reach a log.
const Redacted = "[redacted]"

// secretKeyParts mark an attribute (or struct field, map key, group) whose
// value is a credential or personal data: its value is never written.
// Matching is by substring of the lower-cased key, so "new_password",
// "refresh_token" and "avatar_thumb" are all caught; an innocent key that
// happens to match loses its value, which is the safe way to be wrong.
var secretKeyParts = []string{
	"pass", "pw", "secret", // password, passwd, passphrase, pwd, new_pw, client_secret
	"token", "access", "refresh", "key", "auth", "bearer", // authorization, api_key
	"cookie", "credential", "jwt", "contraseña", "clave",
	"avatar", "bytes", "email", "phone",
}

func isSecretKey(key string) bool {
	k := strings.ToLower(key)
	for _, part := range secretKeyParts {
		if strings.Contains(k, part) {
			return true
		}
	}
	return false
}

var (
	// Three base64url segments: a JWT (its header, base64 of `{"`, starts
	// "eyJ"), or any long three-part token shaped like one.
	jwtPattern = regexp.MustCompile(`eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*|[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}`)
	// Anything@anything: over-matching an address-like string costs
	// nothing, missing an unusual (e.g. non-ASCII) address would leak it.
	emailPattern  = regexp.MustCompile(`[^\s@<>()\[\]{},;:"'=]+@[^\s@<>()\[\]{},;:"']+`)
	bearerPattern = regexp.MustCompile(`(?i)\b(bearer|basic)\s+[^\s"',;]+`)
	// The user information of a URL (https://bob:pw@host/): the part
	// before the @ is dropped whole, user name and password alike.
	urlUserPattern = regexp.MustCompile(`(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@]+@`)
	// password=…, "refresh_token": "…", pw: … inside free text, the key in
	// any case: a quoted value (escaped quotes and all) keeps its quotes,
	// so JSON-looking text stays JSON; any other value — a bare word, text
	// with spaces, a quote never closed — is withheld to the end of the
	// line, since nothing says where it ends.
	assignKey = `(?i)(["']?[\p{L}_-]*(?:pass|pw|secret|token|refresh|access|auth|bearer|credential|cookie|jwt|api_?key|contraseña|clave)[\p{L}_-]*["']?\s*[:=]\s*)`
	assign    = regexp.MustCompile(assignKey + `("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[^\r\n]+)`)
)

// Scrub removes credential- and address-shaped text from s.
func Scrub(s string) string {
	s = jwtPattern.ReplaceAllString(s, Redacted)
	s = bearerPattern.ReplaceAllString(s, "$1 "+Redacted)
	s = urlUserPattern.ReplaceAllString(s, "${1}"+Redacted+"@")
	s = assign.ReplaceAllStringFunc(s, func(m string) string {
		parts := assign.FindStringSubmatch(m)
		value := parts[2]
		if q := value[0]; len(value) >= 2 && (q == '"' || q == '\'') && value[len(value)-1] == q {
			return parts[1] + string(q) + Redacted + string(q)
		}
		return parts[1] + Redacted
	})
	return emailPattern.ReplaceAllString(s, Redacted)
}

// redactor is a slog.Handler that cleans every record before the next
// handler formats it: secret-looking keys lose their values, strings
// (including the message and error texts) are scrubbed, []byte becomes its
// length, and structs, maps and slices are rebuilt with the same rules so
// no field escapes through the JSON encoder.
type redactor struct {
	next slog.Handler
	// secretGroup is set under a group whose name is secret-looking: every
	// value below it is withheld.
	secretGroup bool
}

// NewRedactor wraps next so that nothing it writes carries a secret.
func NewRedactor(next slog.Handler) slog.Handler { return &redactor{next: next} }

func (h *redactor) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

func (h *redactor) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, Scrub(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(h.clean(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h *redactor) WithAttrs(attrs []slog.Attr) slog.Handler {
	cleaned := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		cleaned[i] = h.clean(a)
	}
	return &redactor{next: h.next.WithAttrs(cleaned), secretGroup: h.secretGroup}
}

func (h *redactor) WithGroup(name string) slog.Handler {
	return &redactor{next: h.next.WithGroup(name), secretGroup: h.secretGroup || isSecretKey(name)}
}

func (h *redactor) clean(a slog.Attr) slog.Attr {
	a.Value = a.Value.Resolve()
	if h.secretGroup || isSecretKey(a.Key) {
		return slog.String(a.Key, Redacted)
	}
	switch a.Value.Kind() {
	case slog.KindString:
		return slog.String(a.Key, Scrub(a.Value.String()))
	case slog.KindGroup:
		group := a.Value.Group()
		cleaned := make([]slog.Attr, len(group))
		for i, g := range group {
			cleaned[i] = h.clean(g)
		}
		return slog.Attr{Key: a.Key, Value: slog.GroupValue(cleaned...)}
	case slog.KindAny:
		return slog.Any(a.Key, sanitize(reflect.ValueOf(a.Value.Any()), 0))
	default: // numbers, bools, times, durations
		return a
	}
}

const maxDepth = 8

var (
	errorType     = reflect.TypeFor[error]()
	stringerType  = reflect.TypeFor[fmt.Stringer]()
	textType      = reflect.TypeFor[encoding.TextMarshaler]()
	timeType      = reflect.TypeFor[time.Time]()
	durationType  = reflect.TypeFor[time.Duration]()
	byteSliceType = reflect.TypeFor[[]byte]()
)

// sanitize turns an arbitrary value into plain strings, numbers, maps and
// slices with secrets removed. Structs become maps keyed like encoding/json
// would key them, so the log reads the same as before, minus the secrets.
func sanitize(v reflect.Value, depth int) any {
	if !v.IsValid() {
		return nil
	}
	if depth > maxDepth {
		return "[too deep]"
	}
	t := v.Type()
	switch {
	case t == timeType || t == durationType:
		return v.Interface()
	case t.Implements(errorType):
		if (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && v.IsNil() {
			return nil
		}
		return Scrub(v.Interface().(error).Error())
	case t.ConvertibleTo(byteSliceType) && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array):
		return fmt.Sprintf("[%d bytes]", v.Len())
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return sanitize(v.Elem(), depth+1)
	case reflect.String:
		return Scrub(v.String())
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		return v.Interface()
	case reflect.Struct:
		if s, ok := stringForm(v); ok {
			return s
		}
		out := map[string]any{}
		for i := range t.NumField() {
			f := t.Field(i)
			name, skip := jsonName(f)
			if skip {
				continue
			}
			if isSecretKey(name) || isSecretKey(f.Name) {
				out[name] = Redacted
				continue
			}
			out[name] = sanitize(v.Field(i), depth+1)
		}
		return out
	case reflect.Map:
		out := map[string]any{}
		iter := v.MapRange()
		for iter.Next() {
			key := fmt.Sprint(sanitize(iter.Key(), depth+1))
			if isSecretKey(key) {
				out[key] = Redacted
				continue
			}
			out[key] = sanitize(iter.Value(), depth+1)
		}
		return out
	case reflect.Slice, reflect.Array:
		// A list of anything may be slog-style key, value pairs
		// ([]any{"pw", "…"}): a value after a secret-looking key is
		// withheld, as it would be as an attribute.
		pairs := t.Elem().Kind() == reflect.Interface
		out := make([]any, v.Len())
		for i := range out {
			if key, ok := out[max(i-1, 0)].(string); pairs && i > 0 && ok && isSecretKey(key) {
				out[i] = Redacted
				continue
			}
			out[i] = sanitize(v.Index(i), depth+1)
		}
		return out
	default: // channels, functions, unsafe pointers
		return "[" + t.String() + "]"
	}
}

// stringForm is how a struct that describes itself as text (a Stringer or a
// TextMarshaler, such as netip.Addr) is written, scrubbed.
func stringForm(v reflect.Value) (string, bool) {
	if !v.CanInterface() {
		return "", false
	}
	switch {
	case v.Type().Implements(textType):
		text, err := v.Interface().(encoding.TextMarshaler).MarshalText()
		if err != nil {
			return "", false
		}
		return Scrub(string(text)), true
	case v.Type().Implements(stringerType):
		return Scrub(v.Interface().(fmt.Stringer).String()), true
	}
	return "", false
}

// jsonName is the key encoding/json would use for f, and whether it would
// leave f out.
func jsonName(f reflect.StructField) (string, bool) {
	if !f.IsExported() {
		return "", true
	}
	tag := f.Tag.Get("json")
	if tag == "-" {
		return "", true
	}
	if name, _, _ := strings.Cut(tag, ","); name != "" {
		return name, false
	}
	return f.Name, false
}

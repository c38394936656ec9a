// Package validate holds the field rules of a PassDesk account, the web
// service's (Django's) rules made explicit. Each check returns "" when the
// value is acceptable, otherwise a message about that field.
//
// Usernames, emails and passwords are checked in the canonical form package
// identity gives them (the form that is stored and hashed), and every length
// counts the characters (code points) of that form, as Django's max_length
// counts them; other text is counted in NFC.
package validate

import (
	"errors"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"

	"passdesk/backend/identity"
)

// Limits of the account fields, in characters.
const (
	MaxUsername = 150
	MaxEmail    = 200
	MaxName     = 200
	MaxPhone    = 10
	MinPassword = 8
	MaxPassword = 1024
)

// MaxPasswordBytes caps the raw input before any work is done on it: a
// denial-of-service guard, not a rule a person meets (1024 characters of
// the longest UTF-8 form, even typed decomposed, stay far below it).
const MaxPasswordBytes = 64 << 10

// Field messages shared by several rules.
const (
	msgRequired     = "is required"
	msgControl      = "must not contain control characters"
	msgUsername     = "may contain only letters, digits and @ . + - _"
	msgInvalidEmail = "is not a valid email address"
	msgPasswordChar = "contains characters that cannot be used in a password"
)

// An ASCII domain label as Django's EmailValidator takes it (checked on the
// IDNA ASCII form, so internationalised labels arrive as xn--…): letters
// and digits, inner hyphens, at most 63 characters.
var domainLabelPattern = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$`)

// A leading + is allowed, then digits only.
var phonePattern = regexp.MustCompile(`^\+?[0-9]+$`)

func tooLong(n int) string { return "must be at most " + strconv.Itoa(n) + " characters" }

// Username checks a (trimmed) username in its identity.Username form:
// Django's UnicodeUsernameValidator (letters, digits and @ . + - _) after
// NFKC, as Django applies it, so "Jose" + U+0301 is the letter é.
func Username(s string) string {
	u, err := identity.Username(s)
	switch {
	case errors.Is(err, identity.ErrEmpty):
		return msgRequired
	case err != nil:
		return msgUsername
	case utf8.RuneCountInString(u) > MaxUsername:
		return tooLong(MaxUsername)
	}
	return ""
}

// Email checks a (trimmed) email address in its identity.Email form.
func Email(s string) string {
	if s == "" {
		return msgRequired
	}
	display, asciiDomain, err := identity.Email(s)
	if err != nil {
		return msgInvalidEmail
	}
	if utf8.RuneCountInString(display) > MaxEmail {
		return tooLong(MaxEmail)
	}
	addr, err := mail.ParseAddress(display)
	if err != nil || addr.Address != display || addr.Name != "" {
		return msgInvalidEmail
	}
	if strings.ContainsAny(display, " \t\r\n\"()<>[]\\,;:") || !validDomain(asciiDomain) {
		return msgInvalidEmail
	}
	return ""
}

// validDomain applies Django's rule to a domain's ASCII form, so that an
// address accepted here is also accepted by the web service: at least two
// labels, each a valid label, the last (top-level) one at least two
// characters long.
func validDomain(domain string) bool {
	labels := strings.Split(domain, ".")
	if len(labels) < 2 || len(labels[len(labels)-1]) < 2 {
		return false
	}
	for _, l := range labels {
		if !domainLabelPattern.MatchString(l) {
			return false
		}
	}
	return true
}

// Name checks a first or last name: optional, bounded (in characters of
// its NFC form, the form it is stored in), printable.
func Name(s string) string {
	if utf8.RuneCountInString(norm.NFC.String(s)) > MaxName {
		return tooLong(MaxName)
	}
	if hasControl(s) {
		return msgControl
	}
	return ""
}

// Phone checks a phone number; "" means none.
func Phone(s string) string {
	if s == "" {
		return ""
	}
	if utf8.RuneCountInString(norm.NFC.String(s)) > MaxPhone {
		return tooLong(MaxPhone)
	}
	if !phonePattern.MatchString(s) {
		return "may contain only digits, with an optional leading +"
	}
	return ""
}

// NewPassword checks a password being chosen (not one being typed to sign
// in), counting the characters of its identity.Password form: a password
// typed decomposed (NFD) is as long as the same one typed composed.
func NewPassword(s string) string {
	if len(s) > MaxPasswordBytes {
		return tooLong(MaxPassword)
	}
	p, err := identity.Password(s)
	switch {
	case errors.Is(err, identity.ErrEmpty):
		return msgRequired
	case errors.Is(err, identity.ErrControl):
		return msgControl
	case err != nil:
		return msgPasswordChar
	}
	switch n := utf8.RuneCountInString(p); {
	case n < MinPassword:
		return "must be at least " + strconv.Itoa(MinPassword) + " characters"
	case n > MaxPassword:
		return tooLong(MaxPassword)
	case strings.TrimFunc(p, unicode.IsDigit) == "":
		return "must not be only digits"
	}
	return ""
}

func hasControl(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) {
			return true
		}
	}
	return !utf8.ValidString(s)
}

// Collect gathers non-empty messages into a field map (nil when all passed).
type Collect map[string]string

// Check records msg for field when it is not empty.
func (c Collect) Check(field, msg string) {
	if msg != "" {
		c[field] = msg
	}
}

// Normalize returns the form in which a (trimmed) value of an account field
// is stored, by the field's JSON name: the username and email in their
// identity forms ("Jose" + U+0301 → "José", "ana@MÜNCHEN.DE" →
// "ana@münchen.de"), the phone number width-folded ("＋３４６００" →
// "+34600"), other text in NFC. A value the identity rules refuse
// is returned unchanged, for the field's check to report.
func Normalize(field, v string) string {
	switch field {
	case "username":
		if u, err := identity.Username(v); err == nil {
			return u
		}
		return v
	case "email":
		if e, _, err := identity.Email(v); err == nil {
			return e
		}
		return v
	case "number_phone":
		// Fullwidth digits and plus, as East Asian input methods type
		// them, are the ASCII ones (width folding, UAX #11).
		return width.Fold.String(norm.NFC.String(v))
	}
	return norm.NFC.String(v)
}

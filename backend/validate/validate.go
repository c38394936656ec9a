// Package validate holds the field rules of a PassDesk account, the web
// service's (Django's) rules made explicit. Each check returns "" when the
// value is acceptable, otherwise a message about that field.
package validate

import (
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of the account fields, in characters.
const (
	MaxUsername = 150
	MaxEmail    = 200
	MaxName     = 200
	MaxPhone    = 10
	MinPassword = 8
	MaxPassword = 1024 // hashing a megabyte-long "password" is a denial of service, not a login
)

// Django's UnicodeUsernameValidator: letters, digits and @ . + - _
var usernamePattern = regexp.MustCompile(`^[\p{L}\p{N}_.@+-]+$`)

// A domain label as Django's EmailValidator takes it: letters and digits,
// inner hyphens, at most 63 characters (letters beyond ASCII allowed, as
// Django accepts internationalised domains).
var domainLabelPattern = regexp.MustCompile(`^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$`)

// A leading + is allowed, then digits only.
var phonePattern = regexp.MustCompile(`^\+?[0-9]+$`)

func tooLong(n int) string { return "must be at most " + strconv.Itoa(n) + " characters" }

// Username checks a (trimmed) username.
func Username(s string) string {
	switch {
	case s == "":
		return "is required"
	case utf8.RuneCountInString(s) > MaxUsername:
		return tooLong(MaxUsername)
	case !usernamePattern.MatchString(s):
		return "may contain only letters, digits and @ . + - _"
	}
	return ""
}

// Email checks a (trimmed) email address.
func Email(s string) string {
	if s == "" {
		return "is required"
	}
	if utf8.RuneCountInString(s) > MaxEmail {
		return tooLong(MaxEmail)
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Address != s || addr.Name != "" {
		return "is not a valid email address"
	}
	at := strings.LastIndexByte(s, '@')
	domain := s[at+1:]
	if strings.ContainsAny(s, " \t\r\n\"()<>[]\\,;:") || !validDomain(domain) {
		return "is not a valid email address"
	}
	return ""
}

// validDomain applies Django's rule, so that an address accepted here is
// also accepted by the web service: at least two labels, each a valid
// label, the last (top-level) one at least two characters long.
func validDomain(domain string) bool {
	labels := strings.Split(domain, ".")
	if len(labels) < 2 || utf8.RuneCountInString(labels[len(labels)-1]) < 2 {
		return false
	}
	for _, l := range labels {
		if !domainLabelPattern.MatchString(l) {
			return false
		}
	}
	return true
}

// Name checks a first or last name: optional, bounded, printable.
func Name(s string) string {
	if utf8.RuneCountInString(s) > MaxName {
		return tooLong(MaxName)
	}
	if hasControl(s) {
		return "must not contain control characters"
	}
	return ""
}

// Phone checks a phone number; "" means none.
func Phone(s string) string {
	if s == "" {
		return ""
	}
	if utf8.RuneCountInString(s) > MaxPhone {
		return tooLong(MaxPhone)
	}
	if !phonePattern.MatchString(s) {
		return "may contain only digits, with an optional leading +"
	}
	return ""
}

// NewPassword checks a password being chosen (not one being typed to sign in).
func NewPassword(s string) string {
	n := utf8.RuneCountInString(s)
	switch {
	case n < MinPassword:
		return "must be at least " + strconv.Itoa(MinPassword) + " characters"
	case len(s) > MaxPassword:
		return tooLong(MaxPassword)
	case strings.TrimFunc(s, unicode.IsDigit) == "":
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

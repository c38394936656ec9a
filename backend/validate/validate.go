// Package validate holds the field rules of a PassDesk account, the web
// service's (Django's) rules made explicit. Each check returns the zero
// apperr.Message when the value is acceptable, otherwise what is wrong.
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
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"

	"passdesk/backend/apperr"
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

// An ASCII domain label as Django's EmailValidator takes it (checked on the
// IDNA ASCII form, so internationalised labels arrive as xn--…): letters
// and digits, inner hyphens, at most 63 characters.
var domainLabelPattern = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$`)

// A leading + is allowed, then digits only.
var phonePattern = regexp.MustCompile(`^\+?[0-9]+$`)

// Username checks a (trimmed) username in its identity.Username form:
// Django's UnicodeUsernameValidator (letters, digits and @ . + - _) after
// NFKC, as Django applies it, so "Jose" + U+0301 is the letter é.
func Username(s string) apperr.Message {
	u, err := identity.Username(s)
	switch {
	case errors.Is(err, identity.ErrEmpty):
		return apperr.Required
	case err != nil:
		return apperr.UsernameChars
	case utf8.RuneCountInString(u) > MaxUsername:
		return apperr.TooLong(MaxUsername)
	}
	return apperr.Message{}
}

// Email checks a (trimmed) email address in its identity.Email form.
func Email(s string) apperr.Message {
	if s == "" {
		return apperr.Required
	}
	display, asciiDomain, err := identity.Email(s)
	if errors.Is(err, identity.ErrInvisible) && !strings.Contains(s, " ") {
		return apperr.InvisibleChars // a space the person cannot see, or no space at all
	}
	if err != nil {
		return apperr.InvalidEmail
	}
	if utf8.RuneCountInString(display) > MaxEmail {
		return apperr.TooLong(MaxEmail)
	}
	addr, err := mail.ParseAddress(display)
	if err != nil || addr.Address != display || addr.Name != "" {
		return apperr.InvalidEmail
	}
	if strings.ContainsAny(display, " \t\r\n\"()<>[]\\,;:") || !validDomain(asciiDomain) {
		return apperr.InvalidEmail
	}
	return apperr.Message{}
}

// Django's EmailValidator's local part, without the quoted form (Email
// refuses quotes): a dot-atom of ASCII letters, digits and the RFC 5322
// atext signs.
var serverLocalPart = regexp.MustCompile("^[-!#$%&'*+/=?^_`{}|~0-9A-Za-z]+(\\.[-!#$%&'*+/=?^_`{}|~0-9A-Za-z]+)*$")

// ServerEmail checks an address that goes to the web service (linking,
// which signs in or up there with it): Email, and then the service's own
// rule, which takes only an ASCII local part (remote-api.md: Django's
// EmailValidator). Locally an address such as "josé@example.com" is valid
// (RFC 6532) and stays so; only linking it is refused, in words that say
// why, rather than with the service's answer after the round trip.
func ServerEmail(s string) apperr.Message {
	if msg := Email(s); !msg.IsZero() {
		return msg
	}
	if local := s[:strings.LastIndexByte(s, '@')]; !serverLocalPart.MatchString(local) {
		return apperr.EmailNotForServer
	}
	return apperr.Message{}
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
// its NFC form, the form it is stored in), and free of what Text refuses.
func Name(s string) apperr.Message {
	if utf8.RuneCountInString(norm.NFC.String(s)) > MaxName {
		return apperr.TooLong(MaxName)
	}
	return Text(s)
}

// Phone checks a phone number; "" means none.
func Phone(s string) apperr.Message {
	if s == "" {
		return apperr.Message{}
	}
	if utf8.RuneCountInString(norm.NFC.String(s)) > MaxPhone {
		return apperr.PhoneTooLong(MaxPhone)
	}
	if !phonePattern.MatchString(s) {
		return apperr.PhoneChars
	}
	return apperr.Message{}
}

// NewPassword checks a password being chosen (not one being typed to sign
// in), counting the characters of its identity.Password form: a password
// typed decomposed (NFD) is as long as the same one typed composed.
func NewPassword(s string) apperr.Message {
	if len(s) > MaxPasswordBytes {
		return apperr.TooLong(MaxPassword)
	}
	p, err := identity.Password(s)
	switch {
	case errors.Is(err, identity.ErrEmpty):
		return apperr.Required
	case errors.Is(err, identity.ErrControl):
		return apperr.ControlChars
	case err != nil:
		return apperr.PasswordChars
	}
	switch n := utf8.RuneCountInString(p); {
	case n < MinPassword:
		return apperr.TooShort(MinPassword)
	case n > MaxPassword:
		return apperr.TooLong(MaxPassword)
	case strings.TrimFunc(p, unicode.IsDigit) == "":
		return apperr.OnlyDigits
	}
	return apperr.Message{}
}

// Collect gathers the messages of failed checks into a field map.
type Collect map[string]apperr.Message

// Check records msg for field unless it is the zero Message.
func (c Collect) Check(field string, msg apperr.Message) {
	if !msg.IsZero() {
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
		// them, are the ASCII ones (width folding, UAX #11); the spaces,
		// dashes, dots, slashes and brackets people group digits with
		// ("300-123-4567", "(300) 123 4567") are not part of the number.
		return strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) || unicode.Is(unicode.Pd, r) || strings.ContainsRune(".()/", r) {
				return -1
			}
			return r
		}, width.Fold.String(norm.NFC.String(v)))
	}
	return norm.NFC.String(v)
}

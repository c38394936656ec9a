// Package identity turns the text a person types as a password, username or
// email address into one canonical form, so that the same visible text always
// means the same account and the same key, whatever keyboard, input method or
// operating system produced its code points.
//
// It applies the field's standards rather than hand rules:
//   - passwords: the PRECIS OpaqueString profile (RFC 8265 §4.2): non-ASCII
//     spaces mapped to U+0020, NFC, control and unassigned code points refused;
//   - usernames: NFKC with width mapping (as the web service's Django does
//     before validating), then Django's allowed set (letters, digits, @ . + - _);
//   - email addresses: the domain through IDNA (UTS #46 mapping, RFC 5891
//     rules) to lower-case ASCII, the local part NFC;
//   - uniqueness keys: Unicode full default case folding (CaseFolding.txt,
//     the C+F mappings) followed by NFKC, never strings.ToLower, which leaves
//     "ß", "ς" and ligatures alone and maps "İ" to a plain "i".
//
// Length limits (package validate) count the characters of these forms.
package identity

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/secure/precis"
	"golang.org/x/text/unicode/norm"
)

// Errors of the preparation step; package validate turns them into field messages.
var (
	// ErrEmpty: nothing is left after preparation.
	ErrEmpty = errors.New("identity: empty")
	// ErrControl: the text holds a control character (or is not UTF-8).
	ErrControl = errors.New("identity: control character")
	// ErrInvisible: the text holds a space, format character or filler
	// (Invisible) where the profile allows none.
	ErrInvisible = errors.New("identity: invisible character")
	// ErrDisallowed: the text holds a code point the profile does not allow
	// (for usernames: anything but letters, digits and @ . + - _).
	ErrDisallowed = errors.New("identity: disallowed character")
	// ErrEmailForm: not of the shape local@domain, or the domain is not a
	// valid internationalised domain name.
	ErrEmailForm = errors.New("identity: not an email address")
)

// Password returns the bytes that argon2id sees for a password, both for its
// verifier and for the key that wraps the data key: the OpaqueString form
// (RFC 8265 §4.2). "Contraseña" typed with ñ as one code point (NFC) or as
// n + U+0303 (NFD) gives the same bytes.
func Password(s string) (string, error) {
	return enforce(precis.OpaqueString, s)
}

// enforce applies profile p to s. Text that is not UTF-8 is refused first:
// precis would replace each bad byte with U+FFFD, making different byte
// strings one password.
func enforce(p *precis.Profile, s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", ErrControl
	}
	out, err := p.String(s)
	if err != nil {
		return "", classify(s)
	}
	return out, nil
}

// usernameRune is Django's UnicodeUsernameValidator set (`^[\w.@+-]+\Z`,
// Python's \w being letters, numbers and "_"), checked after NFKC as Django
// checks it.
func usernameRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || strings.ContainsRune("@.+-_", r)
}

// usernameProfile is the stored (displayed) form of a username: width
// mapping and NFKC (so "José" typed as J o s e U+0301, or in fullwidth
// letters, is the same name), case preserved, Django's set enforced.
var usernameProfile = precis.NewFreeform(
	precis.FoldWidth,
	precis.Norm(norm.NFKC),
	precis.Disallow(runes.Predicate(func(r rune) bool { return !usernameRune(r) })),
	precis.DisallowEmpty,
)

// foldProfile is the comparison step of every key: full case folding, then
// NFKC again because folding can produce text that NFKC would still change
// (the inputs are already NFKC, which folding alone does not preserve).
var foldProfile = precis.NewFreeform(precis.FoldCase(), precis.Norm(norm.NFKC))

// Username returns the stored form of a username (see usernameProfile).
func Username(s string) (string, error) {
	return enforce(usernameProfile, s)
}

// UsernameKey returns the username index key: the NFKC form (which is the
// Username form of a valid name, NFKC including the width mapping), folded.
// "STRASSE", "straße" and "Straße" share one key; so do "José" in NFC and
// NFD and "ＪＯＳＥ́" in fullwidth letters. Any string has a key, so logins
// and records written before these rules are keyed alike.
func UsernameKey(s string) string {
	return fold(norm.NFKC.String(s))
}

// fold is foldProfile with a fallback for text its class refuses (control or
// unassigned code points, only in old records or lookups), where the same
// two mappings are applied without the check.
func fold(s string) string {
	k, err := foldProfile.String(s)
	if err != nil {
		k = norm.NFKC.String(cases.Fold().String(s))
	}
	return strings.Map(foldCherokee, k)
}

// foldCherokee corrects cases.Fold for Cherokee, which it swaps both ways
// (golang/go#46101: "Ꭰ" → "ꭰ" and "ꭰ" → "Ꭰ", so the two cases never
// share a key). CaseFolding.txt folds Cherokee to its uppercase letters,
// the ones encoded first (U+AB70–ABBF → U+13A0–13EF, U+13F8–13FD →
// U+13F0–13F5).
func foldCherokee(r rune) rune {
	if unicode.Is(unicode.Cherokee, r) {
		return unicode.ToUpper(r)
	}
	return r
}

// domainProfile maps a domain as a browser resolving it would (UTS #46
// lookup mapping: case, fullwidth letters and dots, NFC), checks the IDNA2008
// rules including the Bidi rule and label lengths, and gives its ASCII form.
var domainProfile = idna.New(
	idna.MapForLookup(),
	idna.Transitional(false),
	idna.BidiRule(),
	idna.VerifyDNSLength(true),
)

// localPartProfile is the stored form of an email's local part: NFC, control
// and unassigned code points refused (RFC 6532 §3.1 asks for NFC), and
// every Invisible character too: Freeform lets spaces through, and a local
// part with a no-break or ideographic space (U+00A0, U+3000) would be
// another account that looks like "jose@example.com".
var localPartProfile = precis.NewFreeform(
	precis.Disallow(runes.Predicate(Invisible)),
	precis.DisallowEmpty,
)

// Invisible reports a character that shows as nothing or as a mere space:
// any space or separator (Unicode Z), control (Cc) or format character
// (Cf: bidi controls, zero-width characters, the soft hyphen, U+FEFF…), or
// a Hangul filler (IsFiller). Identifiers (email local parts) refuse all of
// them; package validate's Text rule for displayed free text builds on it.
func Invisible(r rune) bool {
	return unicode.In(r, unicode.Z, unicode.Cc, unicode.Cf) || IsFiller(r)
}

// IsFiller reports the Hangul fillers (U+115F, U+1160, U+3164, U+FFA0):
// letters (Lo) that show as nothing, used to make a name look blank or like
// another.
func IsFiller(r rune) bool {
	return r == 0x115F || r == 0x1160 || r == 0x3164 || r == 0xFFA0
}

// Email returns the stored (displayed) form of an address and its domain's
// ASCII form: local part NFC, domain in its Unicode display form, lower-case
// ("Ana@MÜNCHEN．DE" → "Ana@münchen.de", ASCII domain "xn--mnchen-3ya.de").
// The local part's case is kept: only the index key folds it. It fails with
// ErrEmailForm, or with the local part's ErrEmpty, ErrControl, ErrInvisible
// or ErrDisallowed.
func Email(s string) (display, asciiDomain string, err error) {
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 {
		return "", "", ErrEmailForm
	}
	local, err := enforce(localPartProfile, s[:at])
	if err != nil {
		return "", "", err
	}
	ascii, err := domainProfile.ToASCII(s[at+1:])
	// A trailing dot (an absolute DNS name, RFC 1034 §3.1; IDNA maps the
	// ideographic full stop to it) names the same domain, and Django's
	// EmailValidator refuses it: it is dropped.
	ascii = strings.TrimSuffix(ascii, ".")
	if err != nil || ascii == "" || strings.HasSuffix(ascii, ".") {
		return "", "", ErrEmailForm
	}
	unicodeDomain, err := idna.Display.ToUnicode(ascii)
	if err != nil {
		return "", "", ErrEmailForm
	}
	return local + "@" + unicodeDomain, ascii, nil
}

// EmailKey returns the email index key: the local part folded, "@", the
// domain's lower-case ASCII form. Text that is not a valid address (a login
// being looked up, a record written before these rules) is folded whole.
func EmailKey(s string) string {
	display, ascii, err := Email(s)
	if err != nil {
		return fold(norm.NFKC.String(s))
	}
	local := display[:strings.LastIndexByte(display, '@')]
	return fold(norm.NFKC.String(local)) + "@" + ascii
}

// classify names why a profile refused s (precis's own errors are not
// exported, and the class check reports every refused code point alike).
func classify(s string) error {
	switch {
	case s == "":
		return ErrEmpty
	case strings.ContainsFunc(s, unicode.IsControl):
		return ErrControl
	case strings.ContainsFunc(s, Invisible):
		return ErrInvisible
	}
	return ErrDisallowed
}

// PasswordForm names how a stored password verifier or wrapped key turned
// the typed password into the bytes argon2id saw. Records carry it, so the
// raw form is only ever tried for records written in it.
type PasswordForm string

const (
	// FormRaw is the bytes exactly as typed: what PassDesk used before these
	// rules, so only records written then (which carry no form) use it.
	FormRaw PasswordForm = ""
	// FormOpaque is the Password (OpaqueString) form.
	FormOpaque PasswordForm = "opaque"
)

// ErrUnknownForm: a record names a password form this build does not know
// (written by a newer PassDesk).
var ErrUnknownForm = errors.New("identity: unknown password form")

// Known returns ErrUnknownForm for a form this build does not know.
func (f PasswordForm) Known() error {
	if f != FormRaw && f != FormOpaque {
		return fmt.Errorf("%w %q", ErrUnknownForm, string(f))
	}
	return nil
}

// Apply returns the bytes of typed in form f.
func (f PasswordForm) Apply(typed string) (string, error) {
	if f == FormOpaque {
		return Password(typed)
	}
	return typed, f.Known()
}

// PasswordCandidates returns the byte strings to try, in order, when typed
// is checked against a record written in form f. A FormOpaque record gets
// typed's Password form only (none when typed has none: nothing can match).
// A FormRaw record gets the bytes as typed and then, when different, the
// Password form: the record's own bytes were typed once through some input
// method, and the same visible text typed now through another (NFD on
// macOS, a no-break space) prepares to them when they were already
// canonical.
func PasswordCandidates(typed string, f PasswordForm) []string {
	var out []string
	if f == FormRaw {
		out = append(out, typed)
	}
	if f == FormRaw || f == FormOpaque {
		if p, err := Password(typed); err == nil && (f != FormRaw || p != typed) {
			out = append(out, p)
		}
	}
	return out
}

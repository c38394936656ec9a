package validate_test

import (
	"fmt"
	"strings"
	"testing"

	"passdesk/backend/apperr"
	"passdesk/backend/validate"
)

// checkRule applies one field check applied to a table of values: ok rows must give
// the zero Message and bad rows a message.
type ruleCase struct {
	value string
	ok    bool
}

func checkRule(t *testing.T, rule func(string) apperr.Message, cases []ruleCase) {
	t.Helper()
	for _, c := range cases {
		name := c.value
		if n := len([]rune(name)); n > 40 {
			name = fmt.Sprintf("%s… (%d characters)", string([]rune(name)[:12]), n)
		}
		t.Run(name, func(t *testing.T) {
			msg := rule(c.value)
			if c.ok && !msg.IsZero() {
				t.Fatalf("%q (%d characters) refused: %s", c.value, len([]rune(c.value)), msg)
			}
			if !c.ok && msg.IsZero() {
				t.Fatalf("%q (%d characters) accepted", c.value, len([]rune(c.value)))
			}
		})
	}
}

// email200 is a valid address of exactly 200 characters (the limit).
var email200 = strings.Repeat("a", 188) + "@example.com"

func TestEmailRule(t *testing.T) {
	if n := len([]rune(email200)); n != 200 {
		t.Fatalf("fixture is %d characters", n)
	}
	checkRule(t, validate.Email, []ruleCase{
		{"ana@example.com", true},
		{"Ana.Pérez+tag@Example.co", true},
		{"josé.o+1@x.co", true},
		{"a@b.co", true},
		{"a@sub.domain-with-hyphen.example", true},
		{email200, true},
		{"a@b.co.", true}, // an absolute name: stored without its dot (identity.Email)

		{"", false},
		{"a", false},
		{"a@", false},
		{"@b.c", false},
		{"a@b", false},
		{"a b@c.d", false},
		{"Name <a@b.co>", false},
		{"<a@b.co>", false},
		{"a" + email200, false}, // 201 characters
		{"a@b..co", false},
		{"a@.b.co", false},
		{"a@b.co..", false},
		{"a..b@c.de", false},
		{".a@b.co", false},
		{"a@b.co\n", false},
		{"a@b.co,c@d.ef", false},
		{"a@[1.2.3.4]", false},
		{`"a b"@c.de`, false},
		// The web service (Django's EmailValidator) refuses these too, so a
		// profile holding one could never be synced.
		{"a@b.c", false},    // one-letter top-level domain
		{"a@-b.co", false},  // label starting with a hyphen
		{"a@b-.co", false},  // label ending with a hyphen
		{"a@b_c.de", false}, // underscore in the domain
		{"a@" + strings.Repeat("d", 64) + ".com", false}, // label over 63
		// Internationalised domains go through IDNA (UTS #46 mapping).
		{"ana@münchen.de", true},
		{"ana@MÜNCHEN．DE", true}, // capitals, fullwidth dot
		{"ana@xn--mnchen-3ya.de", true},
		{"ana@xn--a.de", false},                                 // not valid punycode
		{"ana@exa\u200dmple.com", false},                        // a joiner where none may be
		{"ana@\u0661\u0662a.com", false},                        // Arabic digits with Latin: the Bidi rule
		{"a\xffb@example.com", false},                           // not UTF-8
		{strings.Repeat("é", 188) + "@example.com", true},       // 200 characters, 388 bytes
		{strings.Repeat("e\u0301", 188) + "@example.com", true}, // the same, typed NFD
		{strings.Repeat("é", 189) + "@example.com", false},
	})
}

func TestPhoneRule(t *testing.T) {
	checkRule(t, validate.Phone, []ruleCase{
		{"", true}, // no phone
		{"+1234", true},
		{"1234567890", true},   // exactly 10 digits
		{"+123456789", true},   // the + counts toward the 10
		{"12345678901", false}, // 11 characters
		{"+1234567890", false}, // 11 with the +
		{"300123456a", false},
		{"abc", false},
		{"300-123-45", false}, // separators are removed by Normalize, not here
		{"30 0123456", false},
		{"3+00123456", false},
		{"+", false},
		{"٣٠٠١٢٣٤٥٦٧", false}, // digits, but not ASCII ones
	})
}

func TestNameRule(t *testing.T) {
	checkRule(t, validate.Name, []ruleCase{
		{"", true},
		{"José", true},
		{"李", true},
		{"Zoë 👩‍💻", true},
		{"<img src=x onerror=alert(1)>", true}, // stored literally; the UI escapes
		{strings.Repeat("a", 200), true},
		{strings.Repeat("é", 200), true}, // characters, not bytes
		{strings.Repeat("a", 201), false},
		{strings.Repeat("李", 201), false},
		{"Ana\nPérez", false},
		{"Ana\x00", false},
		{"\xff\xfe", false},   // not UTF-8
		{"\u202eevil", false}, // a bidi override (Text has the full table)
		{"a\u0085b", false},   // a C1 control
	})
}

// Text is the one rule of displayed free text: what it refuses, with which
// message, and the joiners and tags real text needs.
func TestTextRule(t *testing.T) {
	for _, c := range []struct {
		name, value string
		want        apperr.Message
	}{
		{"plain", "Ana Pérez", apperr.Message{}},
		{"no-break space (a visible space)", "Jean\u00a0Luc", apperr.Message{}},
		{"emoji ZWJ sequence", "family 👨\u200d👩\u200d👧", apperr.Message{}},
		{"Persian with ZWNJ", "می\u200cخواهم", apperr.Message{}},
		{"Devanagari with ZWJ", "क्\u200dष", apperr.Message{}},
		{"flag of England (tag sequence)", "🏴\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F", apperr.Message{}},
		{"emoji with variation selector", "❤\ufe0f", apperr.Message{}},
		{"Arabic number sign", "\u0600١٢", apperr.Message{}},
		{"tab", "a\tb", apperr.ControlChars},
		{"NUL", "a\x00b", apperr.ControlChars},
		{"DEL", "a\x7fb", apperr.ControlChars},
		{"C1 next line", "a\u0085b", apperr.ControlChars},
		{"C1 CSI", "a\u009bb", apperr.ControlChars},
		{"line separator", "a\u2028b", apperr.ControlChars},
		{"paragraph separator", "a\u2029b", apperr.ControlChars},
		{"not UTF-8", "a\xffb", apperr.ControlChars},
		{"right-to-left override", "\u202egnp.exe", apperr.InvisibleChars},
		{"left-to-right embedding", "a\u202ab", apperr.InvisibleChars},
		{"pop directional formatting", "a\u202cb", apperr.InvisibleChars},
		{"right-to-left isolate", "a\u2067b", apperr.InvisibleChars},
		{"first strong isolate", "a\u2068b", apperr.InvisibleChars},
		{"pop directional isolate", "a\u2069b", apperr.InvisibleChars},
		{"left-to-right mark", "a\u200eb", apperr.InvisibleChars},
		{"right-to-left mark", "a\u200fb", apperr.InvisibleChars},
		{"Arabic letter mark", "a\u061cb", apperr.InvisibleChars},
		{"zero-width space", "ad\u200bmin", apperr.InvisibleChars},
		{"word joiner", "a\u2060b", apperr.InvisibleChars},
		{"invisible times", "a\u2062b", apperr.InvisibleChars},
		{"byte order mark", "\ufeffadmin", apperr.InvisibleChars},
		{"soft hyphen", "ad\u00admin", apperr.InvisibleChars},
		{"Mongolian vowel separator", "a\u180eb", apperr.InvisibleChars},
		{"Hangul filler alone", "\u3164", apperr.InvisibleChars},
		{"halfwidth Hangul filler", "a\uffa0", apperr.InvisibleChars},
		{"ZWJ at the end", "admin\u200d", apperr.InvisibleChars},
		{"ZWJ at the start", "\u200dadmin", apperr.InvisibleChars},
		{"ZWNJ next to a space", "a \u200cb", apperr.InvisibleChars},
		{"two joiners in a row", "a\u200d\u200db", apperr.InvisibleChars},
		{"tags without a flag", "a\U000E0061\U000E007F", apperr.InvisibleChars},
		{"flag tags never cancelled", "🏴\U000E0067\U000E0062", apperr.InvisibleChars},
		{"a lone cancel tag", "🏴\U000E007F", apperr.InvisibleChars},
		{"language tag", "\U000E0001en", apperr.InvisibleChars},
		{"interlinear annotation", "a\ufff9b", apperr.InvisibleChars},
	} {
		if got := validate.Text(c.value); got != c.want {
			t.Errorf("%s: Text(%+q) = %v, want %v", c.name, c.value, got, c.want)
		}
	}
}

// An email with a space nobody sees says so; one with a plain space, or
// otherwise malformed, asks for an address. A non-ASCII local part is valid
// here and refused only for the web service, whose EmailValidator takes
// ASCII local parts alone (remote-api.md).
func TestEmailMessagesAndTheServersRule(t *testing.T) {
	for _, c := range []struct {
		value         string
		local, server apperr.Message
	}{
		{"jose@example.com", apperr.Message{}, apperr.Message{}},
		{"o'brien+x@example.com", apperr.Message{}, apperr.Message{}},
		{"José@münchen.de", apperr.Message{}, apperr.EmailNotForServer},
		{"ｊｏｓｅ@example.com", apperr.Message{}, apperr.EmailNotForServer},
		{"jose\u00a0@example.com", apperr.InvisibleChars, apperr.InvisibleChars},
		{"ana\u3000@example.com", apperr.InvisibleChars, apperr.InvisibleChars},
		{"ana\u200b@example.com", apperr.InvisibleChars, apperr.InvisibleChars},
		{"\u202eana@example.com", apperr.InvisibleChars, apperr.InvisibleChars},
		{"a na@example.com", apperr.InvalidEmail, apperr.InvalidEmail},
		{"ana\u0085@example.com", apperr.InvalidEmail, apperr.InvalidEmail},
		{"ana", apperr.InvalidEmail, apperr.InvalidEmail},
	} {
		if got := validate.Email(c.value); got != c.local {
			t.Errorf("Email(%+q) = %v, want %v", c.value, got, c.local)
		}
		if got := validate.ServerEmail(c.value); got != c.server {
			t.Errorf("ServerEmail(%+q) = %v, want %v", c.value, got, c.server)
		}
	}
}

func TestUsernameRule(t *testing.T) {
	checkRule(t, validate.Username, []ruleCase{
		{"ana", true},
		{"josé.o+1@x", true},
		{"李_雷-1", true},
		{strings.Repeat("u", 150), true},
		{"", false},
		{"ana smith", false},
		{strings.Repeat("u", 151), false},
		{"a/b", false},
		{"<b>", false},
		{"ana!", false},
		{"😀", false},
		// NFKC first, as Django normalises before validating.
		{"Jose\u0301", true},                   // the combining mark composes into é
		{"ｆｕｌｌ＿ｗｉｄｔｈ", true},                   // fullwidth letters and low line
		{"ﬁne", true},                          // a ligature
		{"q\u0301", false},                     // a mark that composes with nothing
		{strings.Repeat("ж", 150), true},       // 150 characters, 300 bytes
		{strings.Repeat("e\u0301", 150), true}, // 300 code points typed, 150 characters
		{strings.Repeat("ж", 151), false},
		{"ana\x00", false},
	})
}

func TestLimitMessagesSayCharacters(t *testing.T) {
	for _, c := range []struct {
		msg, want apperr.Message
	}{
		{validate.NewPassword(strings.Repeat("ж", 1025)), apperr.TooLong(1024)},
		{validate.Username(strings.Repeat("ж", 151)), apperr.TooLong(150)},
		{validate.Email(strings.Repeat("é", 189) + "@example.com"), apperr.TooLong(200)},
		{validate.Name(strings.Repeat("é", 201)), apperr.TooLong(200)},
		{validate.NewPassword("ж\u0308ж\u0308ж\u0308"), apperr.TooShort(8)},
	} {
		if c.msg != c.want {
			t.Errorf("got %v, want %v", c.msg, c.want)
		}
	}
}

func TestNewPasswordRule(t *testing.T) {
	checkRule(t, validate.NewPassword, []ruleCase{
		{"abcdefgh", true}, // 8, the minimum
		{"contraseña", true},
		{"ñññññññ1", true}, // 8 characters, more bytes
		{strings.Repeat("x", validate.MaxPassword), true},
		{"", false},
		{"abcdefg", false}, // 7
		{"1234567890", false},
		{strings.Repeat("x", validate.MaxPassword+1), false},
		// Characters of the OpaqueString form, not bytes.
		{strings.Repeat("пароль", 100), true},                   // 600 characters, 1200 bytes
		{strings.Repeat("ж", validate.MaxPassword), true},       // 2048 bytes
		{strings.Repeat("n\u0303", validate.MaxPassword), true}, // 2048 code points typed, 1024 characters
		{strings.Repeat("ж", validate.MaxPassword+1), false},
		{strings.Repeat("x", validate.MaxPasswordBytes+1), false}, // the denial-of-service cap
		{"n\u0303n\u0303n\u0303n\u0303", false},                   // 8 code points, 4 characters
		{"no\u00a0break space", true},
		{"tab\there-ok", false},
		{"\xff\xfeabcdefgh", false},
		{"١٢٣٤٥٦٧٨٩", false}, // only digits, Arabic-Indic ones
	})
}

func TestCollectKeepsOnlyFailedFields(t *testing.T) {
	c := validate.Collect{}
	c.Check("email", validate.Email("ana@example.com"))
	c.Check("number_phone", validate.Phone("12345678901"))
	if len(c) != 1 || c["number_phone"] != apperr.PhoneTooLong(validate.MaxPhone) {
		t.Fatalf("collected %v, want only number_phone", c)
	}
}

// A phone number typed in fullwidth digits (an East Asian input method's
// default) is the same number in ASCII digits; digits of other scripts
// stay refused.
func TestAFullwidthPhoneNumberIsStoredInASCIIDigits(t *testing.T) {
	for typed, want := range map[string]string{
		"＋３４６００１２３４": "+346001234",
		"０１２３":       "0123",
		"+34600":     "+34600",
		"٣٠٠":        "٣٠٠",
		// Separators people group digits with are not part of the number.
		"300-123-4567":           "3001234567",
		"(300) 123 4567":         "3001234567",
		"300.123.4567":           "3001234567",
		"300 123\u00a04567":      "3001234567", // a no-break space
		"300\u2013123\u20104567": "3001234567", // en dash, hyphen
		"+57 300 123 4567":       "+573001234567",
		"300/123/4567":           "3001234567",
	} {
		if got := validate.Normalize("number_phone", typed); got != want {
			t.Errorf("Normalize(number_phone, %q) = %q, want %q", typed, got, want)
		}
	}
	if msg := validate.Phone(validate.Normalize("number_phone", "＋３４６００１２３４")); !msg.IsZero() {
		t.Fatalf("a fullwidth phone number is refused: %s", msg)
	}
	for typed, want := range map[string]apperr.Message{
		"300-123-4567":     {},
		"+57 300 123 4567": apperr.PhoneTooLong(validate.MaxPhone), // 12 digits and a +: say so
		"300-abc-4567":     apperr.PhoneChars,
		"300_1234":         apperr.PhoneChars, // not a separator anyone types
	} {
		if got := validate.Phone(validate.Normalize("number_phone", typed)); got != want {
			t.Errorf("phone %q: %v, want %v", typed, got, want)
		}
	}
}

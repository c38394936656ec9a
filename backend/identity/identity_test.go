package identity_test

import (
	"errors"
	"strings"
	"testing"
	"unicode"

	"passdesk/backend/identity"
)

func TestPasswordIsTheOpaqueStringForm(t *testing.T) {
	for _, c := range []struct {
		typed, want string
		err         error
	}{
		{"Contraseña-mañana", "Contraseña-mañana", nil},
		{"Contrasen\u0303a-man\u0303ana", "Contraseña-mañana", nil}, // NFD → NFC
		{"no\u00a0break\u2003space", "no break space", nil},         // non-ASCII spaces → U+0020
		{"ＦＵＬＬ", "ＦＵＬＬ", nil},                                       // width kept: OpaqueString does not map it
		{"Passwort", "Passwort", nil},                               // case kept
		{"", "", identity.ErrEmpty},
		{"tab\there", "", identity.ErrControl},
		{"nul\x00", "", identity.ErrControl},
		{"\xff\xfe", "", identity.ErrControl},
		{"unassigned\U000E0080", "", identity.ErrDisallowed},
	} {
		got, err := identity.Password(c.typed)
		if got != c.want || !errors.Is(err, c.err) {
			t.Errorf("Password(%+q) = %+q, %v; want %+q, %v", c.typed, got, err, c.want, c.err)
		}
	}
}

func TestUsernameFormAndKey(t *testing.T) {
	for _, c := range []struct {
		typed, form, key string
	}{
		{"José", "José", "josé"},
		{"Jose\u0301", "José", "josé"},
		{"ＪＯＳＥ", "JOSE", "jose"},
		{"straße", "straße", "strasse"},
		{"STRASSE", "STRASSE", "strasse"},
		{"STRAẞE", "STRAẞE", "strasse"},
		{"ΣΊΣΥΦΟΣ", "ΣΊΣΥΦΟΣ", "σίσυφοσ"},
		{"σίσυφος", "σίσυφος", "σίσυφοσ"},
		{"İpek", "İpek", "i\u0307pek"},
		{"\u212Aelvin", "Kelvin", "kelvin"},
		{"ﬁne", "fine", "fine"},
		{"ℌello", "Hello", "hello"},
		{"Ⅻ", "XII", "xii"},
		{"a.b+c-d_e@f", "a.b+c-d_e@f", "a.b+c-d_e@f"},
		{"ᏣᎳᎩ", "ᏣᎳᎩ", "ᏣᎳᎩ"}, // Cherokee folds to its uppercase
		{"ꮳꮃꭹ", "ꮳꮃꭹ", "ᏣᎳᎩ"},
		{"Ᏸ", "Ᏸ", "Ᏸ"},
		{"ᏸ", "ᏸ", "Ᏸ"},
	} {
		form, err := identity.Username(c.typed)
		if err != nil || form != c.form {
			t.Errorf("Username(%+q) = %+q, %v; want %+q", c.typed, form, err, c.form)
		}
		if key := identity.UsernameKey(c.typed); key != c.key {
			t.Errorf("UsernameKey(%+q) = %+q, want %+q", c.typed, key, c.key)
		}
		if identity.UsernameKey(c.key) != c.key {
			t.Errorf("key %+q is not stable", c.key)
		}
	}
	for _, bad := range []string{"ana smith", "a/b", "😀", "q\u0301", "tab\t", ""} {
		if _, err := identity.Username(bad); err == nil {
			t.Errorf("Username(%+q) accepted", bad)
		}
		identity.UsernameKey(bad) // every string has a key
	}
}

func TestEmailFormAndKey(t *testing.T) {
	for _, c := range []struct {
		typed, form, ascii, key string
	}{
		{"Ana@MÜNCHEN．DE", "Ana@münchen.de", "xn--mnchen-3ya.de", "ana@xn--mnchen-3ya.de"},
		{"ana@xn--mnchen-3ya.de", "ana@münchen.de", "xn--mnchen-3ya.de", "ana@xn--mnchen-3ya.de"},
		{"Jose\u0301@Example.COM", "José@example.com", "example.com", "josé@example.com"},
		{"STRASSE@x.de", "STRASSE@x.de", "x.de", "strasse@x.de"},
		{"ＡＮＡ@example。com", "ＡＮＡ@example.com", "example.com", "ana@example.com"},
		// An absolute name's trailing dot (or ideographic full stop) is the
		// same domain.
		{"ana@Example.com.", "ana@example.com", "example.com", "ana@example.com"},
		{"ana@münchen.de。", "ana@münchen.de", "xn--mnchen-3ya.de", "ana@xn--mnchen-3ya.de"},
	} {
		form, ascii, err := identity.Email(c.typed)
		if err != nil || form != c.form || ascii != c.ascii {
			t.Errorf("Email(%+q) = %+q, %q, %v; want %+q, %q", c.typed, form, ascii, err, c.form, c.ascii)
		}
		if key := identity.EmailKey(c.typed); key != c.key {
			t.Errorf("EmailKey(%+q) = %+q, want %+q", c.typed, key, c.key)
		}
	}
	for _, bad := range []string{"a@xn--a.de", "a@-b.de", "a@exa\u200dmple.com", "@b.de", "a@", "a@b..de", "a@.", "a@b.de..", "a@" + strings.Repeat("d", 64) + ".de"} {
		if _, _, err := identity.Email(bad); err == nil {
			t.Errorf("Email(%+q) accepted", bad)
		}
	}
}

func TestPasswordCandidates(t *testing.T) {
	nfd := "Contrasen\u0303a"
	for _, c := range []struct {
		typed string
		form  identity.PasswordForm
		want  []string
	}{
		{nfd, identity.FormOpaque, []string{"Contraseña"}},
		{nfd, identity.FormRaw, []string{nfd, "Contraseña"}},
		{"plain", identity.FormRaw, []string{"plain"}},
		{"tab\there", identity.FormRaw, []string{"tab\there"}},
		{"tab\there", identity.FormOpaque, nil},
		{"x", "future", nil},
	} {
		got := identity.PasswordCandidates(c.typed, c.form)
		if strings.Join(got, "|") != strings.Join(c.want, "|") || len(got) != len(c.want) {
			t.Errorf("PasswordCandidates(%+q, %q) = %+q, want %+q", c.typed, c.form, got, c.want)
		}
	}
}

// TestCaseVariantsShareAKey checks every letter and number against the
// letters Unicode's simple case folding pairs it with (unicode.SimpleFold's
// orbit): all of them must have one username key, and that key must be
// its own key.
func TestCaseVariantsShareAKey(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !unicode.IsLetter(r) && !unicode.IsNumber(r) {
			continue
		}
		key := identity.UsernameKey(string(r))
		if again := identity.UsernameKey(key); again != key {
			t.Errorf("UsernameKey(%U) = %+q, whose key is %+q", r, key, again)
		}
		for o := unicode.SimpleFold(r); o != r; o = unicode.SimpleFold(o) {
			if k := identity.UsernameKey(string(o)); k != key {
				t.Errorf("UsernameKey(%U) = %+q but UsernameKey(%U) = %+q", r, key, o, k)
			}
		}
	}
}

// A local part holding a space or separator of any kind (Z), a control (Cc)
// or a format character (Cf) would be another account that looks like one
// without it: refused as ErrInvisible (or ErrControl), never keyed apart.
func TestAnEmailWithAnInvisibleCharacterIsRefused(t *testing.T) {
	for _, c := range []struct {
		typed string
		want  error
	}{
		{"jose\u00a0@example.com", identity.ErrInvisible}, // no-break space
		{"ana\u3000@example.com", identity.ErrInvisible},  // ideographic space
		{"ana\u2007@example.com", identity.ErrInvisible},  // figure space
		{"a na@example.com", identity.ErrInvisible},       // a plain space
		{"ana\u2028@example.com", identity.ErrInvisible},  // line separator (Zl)
		{"ana\u200b@example.com", identity.ErrInvisible},  // zero-width space (Cf)
		{"ana\u200d@example.com", identity.ErrInvisible},  // zero-width joiner
		{"\u202eana@example.com", identity.ErrInvisible},  // right-to-left override
		{"an\u00ada@example.com", identity.ErrInvisible},  // soft hyphen
		{"ana\ufeff@example.com", identity.ErrInvisible},  // byte order mark
		{"ana\u3164@example.com", identity.ErrInvisible},  // Hangul filler
		{"ana\u0085@example.com", identity.ErrControl},    // C1 control
		{"ana\x00@example.com", identity.ErrControl},
	} {
		if form, _, err := identity.Email(c.typed); !errors.Is(err, c.want) {
			t.Errorf("Email(%+q) = %+q, %v; want %v", c.typed, form, err, c.want)
		}
	}
	if _, _, err := identity.Email("josé@example.com"); err != nil {
		t.Errorf("a non-ASCII local part is a valid address here (RFC 6532): %v", err)
	}
}

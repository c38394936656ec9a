package validate

import (
	"unicode"
	"unicode/utf8"

	"passdesk/backend/apperr"
	"passdesk/backend/identity"
)

// Text is the one rule for free text a person types and PassDesk shows
// again (profile names, a saved password's name, username and URL, …): it
// refuses what would make the shown text differ from what is stored, or
// make two entries look alike.
//
//   - control characters (Unicode Cc: C0, DEL and C1 such as U+0085) and
//     line or paragraph separators (Zl, Zp), or text that is not UTF-8:
//     apperr.ControlChars;
//   - format characters (Cf), which are invisible or reorder what follows:
//     bidi overrides, embeddings and isolates (U+202A–U+202E, U+2066–U+2069,
//     U+200E, U+200F, U+061C), zero-width space and word joiners (U+200B,
//     U+2060–U+2064), the byte order mark U+FEFF, the soft hyphen U+00AD,
//     tag characters, and the Hangul fillers that show as nothing (U+115F,
//     U+1160, U+3164, U+FFA0): apperr.InvisibleChars.
//
// Kept, because real text needs them and they cannot hide anything there:
//   - the zero-width joiner and non-joiner (U+200D, U+200C) between two
//     visible characters: emoji sequences (👨‍👩‍👧), Persian and Indic
//     writing ("می‌خواهم"); at either end or next to a space they only hide;
//   - tag characters inside an emoji tag sequence (the flags of England,
//     Scotland and Wales: U+1F3F4, tags, U+E007F);
//   - the prepended concatenation marks (Arabic number signs U+0600–U+0605
//     and the like), which are visible signs although Unicode files them as
//     Cf.
//
// Spaces (Zs) are left to the field: a name may hold them, an email may not.
func Text(s string) apperr.Message {
	if !utf8.ValidString(s) {
		return apperr.ControlChars
	}
	runes := []rune(s)
	invisible := false
	for i, r := range runes {
		switch {
		case unicode.In(r, unicode.Cc, unicode.Zl, unicode.Zp):
			return apperr.ControlChars
		case allowedFormat(runes, i):
		case unicode.Is(unicode.Cf, r) || identity.IsFiller(r):
			invisible = true
		}
	}
	if invisible {
		return apperr.InvisibleChars
	}
	return apperr.Message{}
}

const (
	zwnj      = 0x200C
	zwj       = 0x200D
	blackFlag = 0x1F3F4
	cancelTag = 0xE007F
)

// allowedFormat reports whether runes[i] is a format character kept by
// Text's exceptions.
func allowedFormat(runes []rune, i int) bool {
	r := runes[i]
	switch {
	case r == zwj || r == zwnj:
		return i > 0 && i < len(runes)-1 && visible(runes[i-1]) && visible(runes[i+1])
	case r >= 0xE0020 && r <= cancelTag:
		return inFlagTags(runes, i)
	}
	return unicode.Is(unicode.Prepended_Concatenation_Mark, r)
}

// visible reports a character a joiner may stand next to.
func visible(r rune) bool { return !identity.Invisible(r) }

// inFlagTags reports whether the tag character runes[i] belongs to an emoji
// tag sequence: a black flag, then tag characters U+E0020–U+E007E, ended
// by the cancel tag U+E007F.
func inFlagTags(runes []rune, i int) bool {
	start := i
	for start > 0 && runes[start-1] >= 0xE0020 && runes[start-1] < cancelTag {
		start--
	}
	if start == 0 || runes[start-1] != blackFlag || (runes[i] == cancelTag && start == i) {
		return false
	}
	end := i
	for end < len(runes) && runes[end] >= 0xE0020 && runes[end] < cancelTag {
		end++
	}
	return end < len(runes) && runes[end] == cancelTag
}

package settings

import (
	"slices"

	"passdesk/backend/apperr"
	"passdesk/backend/store"
)

// System, as a theme or language, follows the operating system.
const System = "system"

var (
	themes    = []string{System, "light", "dark"}
	languages = []string{System, "en", "es"}
)

// Appearance is how the UI looks and which language it speaks. It is not
// tied to an account: the sign-in screen uses it too.
type Appearance struct {
	Theme    string `json:"theme"`
	Language string `json:"language"`
}

// DefaultAppearance follows the operating system in both.
var DefaultAppearance = Appearance{Theme: System, Language: System}

// GetAppearance returns the stored appearance, with defaults for what was
// never set or is no longer a known choice.
func (s *Service) GetAppearance() (Appearance, error) {
	var out Appearance
	err := s.db.View(func(tx *store.Tx) error {
		theme, err := tx.Theme(System)
		if err != nil {
			return err
		}
		language, err := tx.Language(System)
		out.Theme, out.Language = known(theme, themes), known(language, languages)
		return err
	})
	return out, err
}

func known(v string, choices []string) string {
	if slices.Contains(choices, v) {
		return v
	}
	return System
}

// SetAppearance validates and stores both choices; a bad one stores nothing.
func (s *Service) SetAppearance(in Appearance) (Appearance, error) {
	fields := map[string]apperr.Message{}
	if !slices.Contains(themes, in.Theme) {
		fields["theme"] = apperr.NotAChoice
	}
	if !slices.Contains(languages, in.Language) {
		fields["language"] = apperr.NotAChoice
	}
	if len(fields) > 0 {
		return Appearance{}, apperr.FieldErrors(fields)
	}
	if err := s.db.Update(func(tx *store.Tx) error { return tx.SetAppearance(in.Theme, in.Language) }); err != nil {
		return Appearance{}, err
	}
	return in, nil
}

package store

import (
	"encoding/json"

	"passdesk/backend/windowstate"
)

// IdleLockMinutes returns the stored idle auto-lock delay, or def when unset.
func (t *Tx) IdleLockMinutes(def int) (int, error) {
	v, err := t.settings().Get(keyIdleLockMinutes)
	if err != nil || v == nil {
		return def, err
	}
	return int(btoi(v)), nil
}

// SetIdleLockMinutes stores the idle auto-lock delay.
func (t *Tx) SetIdleLockMinutes(minutes int) error {
	return t.settings().Put(keyIdleLockMinutes, itob(uint64(minutes)))
}

// Theme and Language return the stored appearance preferences, or def when
// unset.
func (t *Tx) Theme(def string) (string, error)    { return t.settingString(keyTheme, def) }
func (t *Tx) Language(def string) (string, error) { return t.settingString(keyLanguage, def) }

// SetAppearance stores the theme and language together.
func (t *Tx) SetAppearance(theme, language string) error {
	b := t.settings()
	if err := b.Put(keyTheme, []byte(theme)); err != nil {
		return err
	}
	return b.Put(keyLanguage, []byte(language))
}

func (t *Tx) settingString(key []byte, def string) (string, error) {
	v, err := t.settings().Get(key)
	if err != nil || v == nil {
		return def, err
	}
	return string(v), nil
}

// WindowState returns the saved main-window state; ok is false when none is
// stored or what is stored does not parse (windowstate.Restore then uses
// its default). A damaged record is an error, not a default.
func (t *Tx) WindowState() (s windowstate.State, ok bool, err error) {
	v, err := t.settings().Get(keyWindowState)
	if err != nil || v == nil || json.Unmarshal(v, &s) != nil {
		return windowstate.State{}, false, err
	}
	return s, true, nil
}

// SetWindowState saves the main-window state.
func (t *Tx) SetWindowState(s windowstate.State) error {
	v, err := json.Marshal(s)
	if err != nil {
		return internal(err, "encode window state")
	}
	return t.settings().Put(keyWindowState, v)
}

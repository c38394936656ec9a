package store

import (
	"encoding/json"

	"passdesk/backend/windowstate"
)

// IdleLockMinutes returns the stored idle auto-lock delay, or def when unset.
func (t *Tx) IdleLockMinutes(def int) int {
	v := t.tx.Bucket(bucketSettings).Get(keyIdleLockMinutes)
	if v == nil {
		return def
	}
	return int(btoi(v))
}

// SetIdleLockMinutes stores the idle auto-lock delay.
func (t *Tx) SetIdleLockMinutes(minutes int) error {
	return t.tx.Bucket(bucketSettings).Put(keyIdleLockMinutes, itob(uint64(minutes)))
}

// Theme and Language return the stored appearance preferences, or def when
// unset.
func (t *Tx) Theme(def string) string    { return t.settingString(keyTheme, def) }
func (t *Tx) Language(def string) string { return t.settingString(keyLanguage, def) }

// SetAppearance stores the theme and language together.
func (t *Tx) SetAppearance(theme, language string) error {
	b := t.tx.Bucket(bucketSettings)
	if err := b.Put(keyTheme, []byte(theme)); err != nil {
		return err
	}
	return b.Put(keyLanguage, []byte(language))
}

func (t *Tx) settingString(key []byte, def string) string {
	v := t.tx.Bucket(bucketSettings).Get(key)
	if v == nil {
		return def
	}
	return string(v)
}

// WindowState returns the saved main-window state; ok is false when none is
// stored or what is stored does not parse (windowstate.Restore then uses
// its default).
func (t *Tx) WindowState() (s windowstate.State, ok bool) {
	v := t.tx.Bucket(bucketSettings).Get(keyWindowState)
	if v == nil || json.Unmarshal(v, &s) != nil {
		return windowstate.State{}, false
	}
	return s, true
}

// SetWindowState saves the main-window state.
func (t *Tx) SetWindowState(s windowstate.State) error {
	v, err := json.Marshal(s)
	if err != nil {
		return internal(err, "encode window state")
	}
	return t.tx.Bucket(bucketSettings).Put(keyWindowState, v)
}

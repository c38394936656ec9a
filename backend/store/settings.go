package store

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

// WindowState returns the saved main-window state as the desktop layer
// encoded it (package windowstate), nil when none is stored. The store keeps
// only the bytes and their integrity tag: a damaged record is an error.
func (t *Tx) WindowState() ([]byte, error) {
	return t.settings().Get(keyWindowState)
}

// SetWindowState saves the main-window state as the desktop layer encoded it.
func (t *Tx) SetWindowState(encoded []byte) error {
	return t.settings().Put(keyWindowState, encoded)
}

package main

import (
	"passdesk/backend/generator"
	"passdesk/backend/vault"
)

// The saved-passwords half of the binding layer. Passwords reach the
// frontend only when the user asks to reveal one; copying goes straight
// from Go to the system clipboard.

// ListSavedPasswords returns the entries whose name or URL contains query.
func (a *App) ListSavedPasswords(query string) ([]vault.Summary, error) {
	uid, key, err := a.session.Unlocked()
	if err != nil {
		return nil, err
	}
	return a.vault.List(uid, key, query)
}

// AddSavedPassword saves a new entry.
func (a *App) AddSavedPassword(in vault.Input) (vault.Summary, error) {
	uid, key, err := a.session.Unlocked()
	if err != nil {
		return vault.Summary{}, err
	}
	return a.vault.Add(uid, key, in)
}

// UpdateSavedPassword replaces an entry's name, URL and password.
func (a *App) UpdateSavedPassword(id uint64, in vault.Input) (vault.Summary, error) {
	uid, key, err := a.session.Unlocked()
	if err != nil {
		return vault.Summary{}, err
	}
	return a.vault.Update(uid, key, id, in)
}

// DeleteSavedPassword removes an entry.
func (a *App) DeleteSavedPassword(id uint64) error {
	uid, err := a.session.UserID()
	if err != nil {
		return err
	}
	return a.vault.Delete(uid, id)
}

// RevealSavedPassword returns an entry's password for display.
func (a *App) RevealSavedPassword(id uint64) (string, error) {
	uid, key, err := a.session.Unlocked()
	if err != nil {
		return "", err
	}
	return a.vault.Reveal(uid, key, id)
}

// CopySavedPassword puts an entry's password on the clipboard, cleared after
// 30 seconds unless the user copied something else since.
func (a *App) CopySavedPassword(id uint64) error {
	password, err := a.RevealSavedPassword(id)
	if err != nil {
		return err
	}
	return a.clipboard.Copy(password)
}

// GeneratorPresets returns the generator's standard and strong settings.
func (a *App) GeneratorPresets() generator.Presets { return generator.DefaultPresets() }

// GeneratePassword makes a random password.
func (a *App) GeneratePassword(opts generator.Options) (generator.Result, error) {
	return generator.Generate(opts)
}

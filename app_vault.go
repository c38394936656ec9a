package main

import (
	"passdesk/backend/generator"
	"passdesk/backend/guard"
	"passdesk/backend/session"
	"passdesk/backend/vault"
)

// The saved-passwords half of the binding layer. Passwords reach the
// frontend only when the user asks to reveal one; copying goes straight
// from Go to the system clipboard. The data key reaches a call only through
// session.WithKey, which wipes the call's copy when it returns.

// ListSavedPasswords returns up to limit of the entries whose name, URL or
// username contains query, from the offset-th on, and how many match in all.
func (a *App) ListSavedPasswords(query string, offset, limit int) (page vault.Page, err error) {
	defer guard.Recover(&err, a.desk.log, "ListSavedPasswords")
	return session.WithKey(a.session, func(uid uint64, key []byte) (vault.Page, error) {
		return a.vault.List(uid, key, query, offset, limit)
	})
}

// AddSavedPassword saves a new entry.
func (a *App) AddSavedPassword(in vault.Input) (sum vault.Summary, err error) {
	defer guard.Recover(&err, a.desk.log, "AddSavedPassword")
	return session.WithKey(a.session, func(uid uint64, key []byte) (vault.Summary, error) {
		return a.vault.Add(uid, key, in)
	})
}

// UpdateSavedPassword replaces an entry's name, URL, username and password.
func (a *App) UpdateSavedPassword(id uint64, in vault.Input) (sum vault.Summary, err error) {
	defer guard.Recover(&err, a.desk.log, "UpdateSavedPassword")
	return session.WithKey(a.session, func(uid uint64, key []byte) (vault.Summary, error) {
		return a.vault.Update(uid, key, id, in)
	})
}

// DeleteSavedPassword removes an entry.
func (a *App) DeleteSavedPassword(id uint64) (err error) {
	defer guard.Recover(&err, a.desk.log, "DeleteSavedPassword")
	uid, err := a.session.UserID()
	if err != nil {
		return err
	}
	return a.vault.Delete(uid, id)
}

// RevealSavedPassword returns an entry's password for display.
func (a *App) RevealSavedPassword(id uint64) (password string, err error) {
	defer guard.Recover(&err, a.desk.log, "RevealSavedPassword")
	return a.reveal(id)
}

func (a *App) reveal(id uint64) (string, error) {
	return session.WithKey(a.session, func(uid uint64, key []byte) (string, error) {
		return a.vault.Reveal(uid, key, id)
	})
}

// CopySavedPassword puts an entry's password on the clipboard, cleared after
// 30 seconds unless the user copied something else since, and at once when
// the session ends.
func (a *App) CopySavedPassword(id uint64) (err error) {
	defer guard.Recover(&err, a.desk.log, "CopySavedPassword")
	password, err := a.reveal(id)
	if err != nil {
		return err
	}
	return a.clipboard.Copy(password)
}

// GeneratorPresets returns the generator's standard and strong settings.
func (a *App) GeneratorPresets() (p generator.Presets, err error) {
	defer guard.Recover(&err, a.desk.log, "GeneratorPresets")
	return generator.DefaultPresets(), nil
}

// GeneratePassword makes a random password.
func (a *App) GeneratePassword(opts generator.Options) (r generator.Result, err error) {
	defer guard.Recover(&err, a.desk.log, "GeneratePassword")
	return generator.Generate(opts)
}

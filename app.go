package main

import (
	"context"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"passdesk/backend/accounts"
	"passdesk/backend/avatar"
	"passdesk/backend/clipboard"
	"passdesk/backend/guard"
	"passdesk/backend/lifecycle"
	"passdesk/backend/profile"
	"passdesk/backend/session"
	"passdesk/backend/settings"
	"passdesk/backend/store"
	"passdesk/backend/syncer"
	"passdesk/backend/vault"
	"passdesk/backend/vaultsync"
	"passdesk/backend/wake"
)

// EventSessionLocked tells the frontend that the session ended without the
// user asking (the idle lock, a token expired or revoked, a restore).
const EventSessionLocked = "session:locked"

// App is the binding layer: every exported method is callable from the
// frontend and only translates between it and the backend packages. No
// method takes a user id: the signed-in session decides whose data it is.
// Every exported method has a named error result and first defers
// guard.Recover, so that no panic reaches Wails, which would log the call's
// arguments (passwords among them); app_test.go calls each one to check.
type App struct {
	ctx       context.Context
	db        *store.DB
	profiles  *profile.Service
	vault     *vault.Service
	settings  *settings.Service
	life      *lifecycle.Service // orders the session's start and end
	session   *session.Manager   // life's
	clipboard *clipboard.Copier
	avatars   *avatar.Pipeline
	sync      *syncer.Engine
	vaultSync *vaultsync.Service // saved-password sync, syncer's companion
	wake      *wake.Watcher      // nil without logind
	desk      desktop            // window, single instance, support tools: app_desktop.go
}

func (a *App) startup(ctx context.Context) {
	a.ctx = ctx
	if appearance, err := a.settings.GetAppearance(); err == nil {
		followTheme(appearance.Theme)
	}
	// On resume the idle lock checks at once instead of at its next timer.
	w, err := wake.WatchSystem(a.session.CheckIdle)
	if err != nil {
		a.desk.log.Info("no resume signal: the idle lock checks every "+session.WakeCheck.String()+" after a suspend", "err", err)
		return
	}
	a.wake = w
}

// wailsClipboard is the system clipboard through the Wails runtime, usable
// from startup on (before it nothing can have been copied, so nothing is
// cleared either).
type wailsClipboard struct{ a *App }

func (w wailsClipboard) Text() (string, error)     { return runtime.ClipboardGetText(w.a.ctx) }
func (w wailsClipboard) SetText(text string) error { return runtime.ClipboardSetText(w.a.ctx, text) }

// notifyEnded tells the window that the session ended by itself (the idle
// lock, a token rejected on use, or a restore replaced the data): it goes
// back to sign-in.
func (a *App) notifyEnded() {
	if a.ctx != nil {
		runtime.EventsEmit(a.ctx, EventSessionLocked)
	}
}

// SignUp creates a local account and signs it in.
func (a *App) SignUp(in accounts.SignUpInput) (p profile.Profile, err error) {
	defer guard.Recover(&err, a.desk.log, "SignUp")
	return a.life.SignUp(in)
}

// SignIn signs in with an email or username and the password.
func (a *App) SignIn(in accounts.SignInInput) (p profile.Profile, err error) {
	defer guard.Recover(&err, a.desk.log, "SignIn")
	return a.life.SignIn(in)
}

// ChangePassword replaces the signed-in user's password and data key;
// saved passwords stay readable (lifecycle.Service.ChangePassword).
func (a *App) ChangePassword(current, next string) (err error) {
	defer guard.Recover(&err, a.desk.log, "ChangePassword")
	return a.life.ChangePassword(current, next)
}

// SignOut ends the session, stops sync and clears a copied password.
func (a *App) SignOut() (err error) {
	defer guard.Recover(&err, a.desk.log, "SignOut")
	return a.life.SignOut()
}

// ReportActivity keeps the idle auto-lock from firing while the user works
// in the window without calling the backend.
func (a *App) ReportActivity() (err error) {
	defer guard.Recover(&err, a.desk.log, "ReportActivity")
	a.session.Touch()
	return nil
}

// GetProfile returns the signed-in user's profile.
func (a *App) GetProfile() (p profile.Profile, err error) {
	defer guard.Recover(&err, a.desk.log, "GetProfile")
	uid, err := a.session.UserID()
	if err != nil {
		return profile.Profile{}, err
	}
	return a.profiles.Get(uid)
}

// UpdateProfile changes only the fields present in patch (field name →
// value; a plain map, as Wails generates no TypeScript for a named one).
func (a *App) UpdateProfile(patch map[string]string) (p profile.Profile, err error) {
	defer guard.Recover(&err, a.desk.log, "UpdateProfile")
	uid, err := a.session.UserID()
	if err != nil {
		return profile.Profile{}, err
	}
	return a.profiles.Update(uid, patch)
}

// DeleteAccount deletes the signed-in account and all its data, after the
// password is confirmed, and ends the session; with deleteRemote the linked
// server account goes first (lifecycle.Service.DeleteAccount).
func (a *App) DeleteAccount(password string, deleteRemote bool) (err error) {
	defer guard.Recover(&err, a.desk.log, "DeleteAccount")
	return a.life.DeleteAccount(password, deleteRemote)
}

// GetSettings returns the app's preferences.
func (a *App) GetSettings() (s settings.Settings, err error) {
	defer guard.Recover(&err, a.desk.log, "GetSettings")
	return a.settings.Get()
}

// UpdateSettings stores new preferences and applies them at once. It needs a
// session, so nobody at a locked window can switch the auto-lock off.
func (a *App) UpdateSettings(in settings.Settings) (s settings.Settings, err error) {
	defer guard.Recover(&err, a.desk.log, "UpdateSettings")
	if _, err := a.session.UserID(); err != nil {
		return settings.Settings{}, err
	}
	out, err := a.settings.Update(in)
	if err != nil {
		return settings.Settings{}, err
	}
	a.session.SetIdle(time.Duration(out.IdleLockMinutes) * time.Minute)
	return out, nil
}

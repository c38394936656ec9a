package main

import (
	"context"
	"errors"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"passdesk/backend/accounts"
	"passdesk/backend/avatar"
	"passdesk/backend/clipboard"
	"passdesk/backend/guard"
	"passdesk/backend/profile"
	"passdesk/backend/session"
	"passdesk/backend/settings"
	"passdesk/backend/store"
	"passdesk/backend/syncer"
	"passdesk/backend/vault"
	"passdesk/backend/wake"
)

// EventSessionLocked tells the frontend that the idle auto-lock ended the session.
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
	accounts  *accounts.Service
	profiles  *profile.Service
	vault     *vault.Service
	settings  *settings.Service
	session   *session.Manager
	clipboard *clipboard.Copier
	avatars   *avatar.Pipeline
	sync      *syncer.Engine
	wake      *wake.Watcher // nil without logind
	desk      desktop       // window, single instance, support tools: app_desktop.go
}

func (a *App) startup(ctx context.Context) {
	a.ctx = ctx
	a.clipboard = clipboard.New(wailsClipboard{ctx}, clipboard.ClearAfter)
	// On resume the idle lock checks at once instead of at its next timer.
	w, err := wake.WatchSystem(a.session.CheckIdle)
	if err != nil {
		a.desk.log.Info("no resume signal: the idle lock checks every "+session.WakeCheck.String()+" after a suspend", "err", err)
		return
	}
	a.wake = w
}

// wailsClipboard is the system clipboard through the Wails runtime.
type wailsClipboard struct{ ctx context.Context }

func (w wailsClipboard) Text() (string, error)     { return runtime.ClipboardGetText(w.ctx) }
func (w wailsClipboard) SetText(text string) error { return runtime.ClipboardSetText(w.ctx, text) }

// notifyLocked runs when the idle auto-lock ended the session.
func (a *App) notifyLocked() {
	a.sync.Stop()
	a.clearClipboard()
	if a.ctx != nil {
		runtime.EventsEmit(a.ctx, EventSessionLocked)
	}
}

// dataReplaced ends the session after `passdesk restore` replaced the data
// under it through the control channel: the signed-in account, its data key
// and sync state belonged to the data that is gone, so the window goes back
// to sign-in.
func (a *App) dataReplaced() {
	_ = a.session.End()
	a.notifyLocked()
}

// clearClipboard takes a password PassDesk copied back off the clipboard
// when the session ends (lock, sign-out, account deletion, quit), unless
// the user copied something else since.
func (a *App) clearClipboard() {
	if a.clipboard == nil {
		return // before startup: nothing was copied
	}
	if err := a.clipboard.ClearNow(); err != nil {
		a.desk.log.Warn("clipboard not cleared", "err", err)
	}
}

// SignUp creates a local account and signs it in.
func (a *App) SignUp(in accounts.SignUpInput) (p profile.Profile, err error) {
	defer guard.Recover(&err, a.desk.log, "SignUp")
	return a.begin(a.accounts.SignUp(in))
}

// SignIn signs in with an email or username and the password.
func (a *App) SignIn(in accounts.SignInInput) (p profile.Profile, err error) {
	defer guard.Recover(&err, a.desk.log, "SignIn")
	return a.begin(a.accounts.SignIn(in))
}

func (a *App) begin(u accounts.Unlocked, err error) (profile.Profile, error) {
	if err != nil {
		return profile.Profile{}, err
	}
	a.session.Begin(u.Token, u.DataKey)
	a.sync.Start(u.User.ID, u.DataKey)
	return profile.FromUser(u.User), nil
}

// ChangePassword replaces the signed-in user's password and data key;
// saved passwords stay readable. Sync pauses meanwhile, since it seals
// with its own copy of the key, and resumes with the session's key.
func (a *App) ChangePassword(current, next string) (err error) {
	defer guard.Recover(&err, a.desk.log, "ChangePassword")
	a.sync.Stop()
	defer a.resumeSync()
	return a.session.Rekey(func(uid uint64, key []byte) ([]byte, error) {
		return a.accounts.ChangePassword(uid, current, next)
	})
}

// resumeSync starts sync again for the signed-in user, if any.
func (a *App) resumeSync() {
	_, _ = session.WithKey(a.session, func(uid uint64, key []byte) (struct{}, error) {
		a.sync.Start(uid, key)
		return struct{}{}, nil
	})
}

// SignOut ends the session; sync stops with it (queued changes wait for
// the next sign-in) and a copied password leaves the clipboard.
func (a *App) SignOut() (err error) {
	defer guard.Recover(&err, a.desk.log, "SignOut")
	a.sync.Stop()
	a.clearClipboard()
	return a.session.End()
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

// UpdateProfile changes only the fields present in patch.
func (a *App) UpdateProfile(patch profile.Patch) (p profile.Profile, err error) {
	defer guard.Recover(&err, a.desk.log, "UpdateProfile")
	uid, err := a.session.UserID()
	if err != nil {
		return profile.Profile{}, err
	}
	return a.synced(a.profiles.Update(uid, patch))
}

// synced wakes the sync worker after a local profile change (which queued
// itself for the server in its own transaction).
func (a *App) synced(p profile.Profile, err error) (profile.Profile, error) {
	if err == nil {
		a.sync.Wake()
	}
	return p, err
}

// DeleteAccount deletes the signed-in account and all its data, after the
// password is confirmed, and ends the session. With deleteRemote the linked
// server account is deleted first; if that fails nothing is deleted. A
// copied password leaves the clipboard with the account.
func (a *App) DeleteAccount(password string, deleteRemote bool) (err error) {
	defer guard.Recover(&err, a.desk.log, "DeleteAccount")
	uid, err := a.session.UserID()
	if err != nil {
		return err
	}
	if deleteRemote {
		// The password is checked before the server account goes, so a typo
		// cannot delete the remote account and keep the local one.
		if err := a.accounts.ConfirmPassword(uid, password, "password"); err != nil {
			return err
		}
		if err := a.sync.DeleteRemoteAccount(); err != nil {
			return err
		}
	}
	// ErrNotErased: the account is gone, only the file's rewrite failed.
	if err = a.accounts.DeleteAccount(uid, password); err != nil && !errors.Is(err, accounts.ErrNotErased) {
		return err
	}
	a.sync.Forget(uid)
	a.session.Forget()
	a.clearClipboard()
	return err
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

// Package lifecycle orders what starts and ends with a signed-in session,
// so that the desktop bindings only call it: signing up or in starts the
// session and sync; however the session ends (session.Cause) one path
// stops sync and takes a copied password off the clipboard (the session
// wipes its data key); a password change pauses sync around the
// re-key; deleting the account confirms the password, deletes the server
// account when asked, then the local one, and forgets both. It knows
// nothing of the window: what the user is shown goes through OnEnded.
package lifecycle

import (
	"errors"
	"log/slog"
	"time"

	"passdesk/backend/accounts"
	"passdesk/backend/clipboard"
	"passdesk/backend/profile"
	"passdesk/backend/session"
	"passdesk/backend/syncer"
	"passdesk/backend/vaultsync"
)

// Config wires a Service.
type Config struct {
	Accounts *accounts.Service
	Sync     *syncer.Engine
	// VaultSync deletes the server's saved passwords before the server
	// account (nil: the server account goes alone).
	VaultSync *vaultsync.Service
	// Clipboard holds what PassDesk copied, taken off when the session ends.
	Clipboard *clipboard.Copier
	Idle      time.Duration // the auto-lock delay; 0 never locks
	Clock     session.Clock // the session's time source; nil: the system's
	Log       *slog.Logger  // nil: discarded
	// OnEnded is told when the session ended without the user asking (the
	// idle lock, possibly from the session's timer goroutine; a token
	// rejected on use, its lifetime over or revoked; or DataReplaced),
	// after sync stopped and the clipboard was cleared. Nil: nobody is told.
	OnEnded func()
	// Listing is the vault's kept listing (vault.Service.Forget), whose
	// names and URLs are dropped when the session ends; nil: none.
	Listing interface{ Forget() }
}

// Service runs the session's start and end. Its methods are safe for
// concurrent use as far as the services it orders are.
type Service struct {
	accounts  *accounts.Service
	sync      *syncer.Engine
	vaultSync *vaultsync.Service
	clipboard *clipboard.Copier
	listing   interface{ Forget() }
	log       *slog.Logger
	onEnded   func()
	session   *session.Manager
}

// New returns the service with its session manager, signed out.
func New(cfg Config) *Service {
	s := &Service{accounts: cfg.Accounts, sync: cfg.Sync, vaultSync: cfg.VaultSync, clipboard: cfg.Clipboard, listing: cfg.Listing, log: cfg.Log, onEnded: cfg.OnEnded}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.onEnded == nil {
		s.onEnded = func() {}
	}
	s.session = session.New(cfg.Accounts, cfg.Idle, cfg.Clock, s.ended)
	return s
}

// Session is the session manager whose lifecycle s orders; the other
// bindings ask it who is signed in and for the data key.
func (s *Service) Session() *session.Manager { return s.session }

// SignUp creates a local account and signs it in.
func (s *Service) SignUp(in accounts.SignUpInput) (profile.Profile, error) {
	return s.begin(s.accounts.SignUp(in))
}

// SignIn signs in with an email or username and the password.
func (s *Service) SignIn(in accounts.SignInInput) (profile.Profile, error) {
	return s.begin(s.accounts.SignIn(in))
}

// begin makes u the session and starts its sync, which keeps its own copy
// of the data key.
func (s *Service) begin(u accounts.Unlocked, err error) (profile.Profile, error) {
	if err != nil {
		return profile.Profile{}, err
	}
	s.session.Begin(u.Token, u.DataKey)
	s.sync.Start(u.User.ID, u.DataKey)
	return profile.FromUser(u.User), nil
}

// SignOut ends the session: sync stops (queued changes wait for the next
// sign-in) and a copied password leaves the clipboard (ended).
func (s *Service) SignOut() error {
	return s.session.End(session.SignedOut)
}

// ChangePassword replaces the signed-in user's password and data key;
// saved passwords stay readable. Sync pauses meanwhile, since it seals with
// its own copy of the key, and resumes with the session's new one — also
// when the change stood but its rewrite failed (accounts.ErrNotErased).
func (s *Service) ChangePassword(current, next string) error {
	s.sync.Stop()
	defer s.resumeSync()
	return s.session.Rekey(func(uid uint64, _ []byte) ([]byte, error) {
		return s.accounts.ChangePassword(uid, current, next)
	})
}

// resumeSync starts sync again for the signed-in user, if any.
func (s *Service) resumeSync() {
	_, _ = session.WithKey(s.session, func(uid uint64, key []byte) (struct{}, error) {
		s.sync.Start(uid, key)
		return struct{}{}, nil
	})
}

// DeleteAccount deletes the signed-in account and all its data after the
// password is confirmed, and ends the session. With deleteRemote the linked
// server account is deleted first (its saved passwords before it), and
// only once the password is confirmed, so a typo deletes nothing; if the
// server's deletion fails nothing is deleted here. When only the file's
// rewrite fails (accounts.ErrNotErased, returned) the account is gone all
// the same, and
// the session, sync and clipboard end as after a full deletion.
func (s *Service) DeleteAccount(password string, deleteRemote bool) error {
	uid, err := s.session.UserID()
	if err != nil {
		return err
	}
	if deleteRemote {
		if err := s.accounts.ConfirmPassword(uid, password, "password"); err != nil {
			return err
		}
		if s.vaultSync != nil { // the service keeps them in plain text: they go first
			if err := s.vaultSync.DeleteServerEntries(); err != nil {
				return err
			}
		}
		if err := s.sync.DeleteRemoteAccount(); err != nil {
			return err
		}
	}
	if err = s.accounts.DeleteAccount(uid, password); err != nil && !errors.Is(err, accounts.ErrNotErased) {
		return err
	}
	s.sync.Forget(uid)
	s.session.Forget(session.AccountDeleted)
	return err
}

// DataReplaced ends the session after `passdesk restore` replaced the data
// under it: the signed-in account, its data key and sync state belonged to
// the data that is gone, so the user goes back to sign-in (OnEnded).
func (s *Service) DataReplaced() {
	_ = s.session.End(session.DataReplaced)
}

// ended is the session's one end path, run once per session however it
// ended (session.Cause): sync stops, dropping its copy of the data key; a
// password PassDesk copied leaves the clipboard; the vault forgets its
// listing; and when the user did not ask for the end, OnEnded is told.
func (s *Service) ended(cause session.Cause) {
	s.sync.Stop()
	s.ClearClipboard()
	s.forgetListing()
	if cause.ByItself() {
		s.onEnded()
	}
}

// forgetListing drops the saved-password names and URLs the vault kept
// for the session's list.
func (s *Service) forgetListing() {
	if s.listing != nil {
		s.listing.Forget()
	}
}

// ClearClipboard takes a password PassDesk copied back off the clipboard
// (at every session end, and at quit), unless the user copied something
// else since. A clipboard that cannot be cleared is logged: the session
// ends all the same.
func (s *Service) ClearClipboard() {
	if err := s.clipboard.ClearNow(); err != nil {
		s.log.Warn("clipboard not cleared", "err", err)
	}
}

package syncer

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"passdesk/backend/apperr"
	"passdesk/backend/avatar"
	"passdesk/backend/profilefield"
	"passdesk/backend/remote"
	"passdesk/backend/store"
	"passdesk/backend/validate"
)

// LinkInput links the signed-in account to a server account: an existing
// one ("signin") or a new one made from the local profile ("signup").
type LinkInput struct {
	ServerURL string `json:"server_url"`
	Mode      string `json:"mode"`
	Email     string `json:"email"`
	Password  string `json:"password"`
	Username  string `json:"username"` // signup only; the local username when empty
}

// Link modes.
const (
	ModeSignIn = "signin"
	ModeSignUp = "signup"
)

// actionTimeout bounds an action the user waits for (link, sign in again,
// delete on the server), on top of each request's own timeout.
const actionTimeout = 45 * time.Second

func (in *LinkInput) check() error {
	in.ServerURL, in.Email, in.Username = strings.TrimSpace(in.ServerURL), strings.TrimSpace(in.Email), strings.TrimSpace(in.Username)
	bad := validate.Collect{}
	if in.Mode != ModeSignIn && in.Mode != ModeSignUp {
		bad.Check("mode", apperr.NotAChoice)
	}
	if in.ServerURL == "" {
		bad.Check("server_url", apperr.Required)
	}
	bad.Check("email", validate.ServerEmail(in.Email))
	if in.Password == "" {
		bad.Check("password", apperr.Required)
	}
	if in.Mode == ModeSignUp && in.Username != "" {
		bad.Check("username", validate.Username(in.Username))
	}
	if len(bad) > 0 {
		return apperr.FieldErrors(bad)
	}
	return nil
}

// Link signs in to (or creates) the server account, records the link and
// runs the first merge at once, so the user sees any conflicts straight
// away. Local data is never overwritten by the first merge: fields that
// differ become conflicts (see merge).
func (e *Engine) Link(in LinkInput) (Status, error) {
	s, err := e.current()
	if err != nil {
		return Status{}, err
	}
	if err := in.check(); err != nil {
		return Status{}, err
	}
	client, err := remote.New(in.ServerURL, e.cfg.Remote)
	if err != nil {
		return Status{}, err
	}
	e.cycleMu.Lock()
	defer e.cycleMu.Unlock()
	var u store.User
	err = e.cfg.DB.View(func(tx *store.Tx) error {
		if _, linked, err := tx.SyncLink(s.userID); err != nil || linked {
			return firstErr(err, errLinked)
		}
		u, err = tx.User(s.userID)
		return err
	})
	if err != nil {
		return Status{}, err
	}
	ctx, cancel := context.WithTimeout(s.ctx, actionTimeout)
	defer cancel()
	var tokens remote.Tokens
	var r remote.User
	if in.Mode == ModeSignIn {
		tokens, r, err = client.SignIn(ctx, in.Email, in.Password)
	} else {
		values := profilefield.Values(u)
		values["username"], values["email"] = cmp.Or(in.Username, u.Username), in.Email
		tokens, r, err = client.SignUp(ctx, profilefield.RemoteBody(values), in.Password)
	}
	if err != nil {
		return Status{}, userError(err)
	}
	err = e.cfg.DB.Update(func(tx *store.Tx) error {
		link := store.SyncLink{ServerURL: client.BaseURL(), RemoteID: r.ID, RemoteUsername: r.Username, RemoteEmail: r.Email}
		if err := e.putLinkWithToken(tx, s, link, tokens.Refresh); err != nil {
			return err
		}
		return tx.PutSyncState(s.userID, store.SyncState{})
	})
	if err != nil {
		return Status{}, err
	}
	e.mu.Lock()
	e.client = client
	e.mu.Unlock()
	e.holdAccess(s, tokens.Access)
	e.setSyncing(s, true)
	cycleErr := e.cycle(s)
	e.setSyncing(s, false)
	e.afterCycle(s, cycleErr)
	return e.Status()
}

// Unlink turns sync off for the signed-in account: the link, merge state,
// outbox and stored server token are removed; the local profile stays.
// The file is then compacted, since bbolt leaves deleted records in its
// freed pages, and the sealed token there still opens with the user's data
// key (SPEC §3, issue 11 §1). The unlink has committed before that: a failed
// compaction is logged and returned, and the next compaction (the next
// account deletion, `passdesk compact`, or Open of a wasteful file) clears
// the token's bytes instead.
func (e *Engine) Unlink() (Status, error) {
	s, err := e.current()
	if err != nil {
		return Status{}, err
	}
	e.cycleMu.Lock()
	defer e.cycleMu.Unlock()
	if err := e.cfg.DB.Update(func(tx *store.Tx) error { return tx.Unlink(s.userID) }); err != nil {
		return Status{}, err
	}
	e.forgetRefresh(s.userID)
	e.mu.Lock()
	e.client, e.access, e.offline, e.attempt = nil, "", false, 0
	e.mu.Unlock()
	if err := e.cfg.DB.Erase(); err != nil {
		e.cfg.Log.Warn("sync unlinked, but the file keeps the old server token's bytes until the next compaction", "err", err)
		return Status{}, err
	}
	return e.Status()
}

// SignInAgain resumes a sync paused because the server no longer accepted
// its token. It must be the same server account.
func (e *Engine) SignInAgain(password string) (Status, error) {
	s, err := e.current()
	if err != nil {
		return Status{}, err
	}
	link, linked, err := e.linkOf(s)
	if err != nil || !linked {
		return Status{}, firstErr(err, errNotLinked)
	}
	if password == "" {
		return Status{}, apperr.Field("password", apperr.Required)
	}
	client, err := e.clientFor(link)
	if err != nil {
		return Status{}, err
	}
	ctx, cancel := context.WithTimeout(s.ctx, actionTimeout)
	defer cancel()
	tokens, r, err := client.SignIn(ctx, link.RemoteEmail, password)
	if err != nil {
		return Status{}, userError(err)
	}
	if r.ID != link.RemoteID {
		return Status{}, apperr.New(apperr.Conflict, apperr.SyncOtherAccount)
	}
	if err := e.keepTokens(s, tokens); err != nil {
		return Status{}, err
	}
	e.Wake()
	return e.Status()
}

// Resolve settles a conflict on field by keeping this computer's value
// ("mine", sent to the server next) or the server's ("server", stored here).
func (e *Engine) Resolve(field, keep string) (Status, error) {
	s, err := e.current()
	if err != nil {
		return Status{}, err
	}
	if keep != "mine" && keep != "server" {
		return Status{}, apperr.Field("keep", apperr.NotAChoice)
	}
	e.cycleMu.Lock()
	defer e.cycleMu.Unlock()
	var c *store.SyncConflict
	err = e.cfg.DB.View(func(tx *store.Tx) error {
		st, err := tx.SyncState(s.userID)
		if i := slices.IndexFunc(st.Conflicts, func(c store.SyncConflict) bool { return c.Field == field }); i >= 0 {
			c = &st.Conflicts[i]
		}
		return err
	})
	if err != nil {
		return Status{}, err
	}
	if c == nil {
		return Status{}, apperr.New(apperr.NotFound, apperr.SyncNoConflict)
	}
	if f, ok := profilefield.ByName(field); ok && keep == "server" && !acceptable(f, c.Server) {
		return Status{}, apperr.New(apperr.Invalid, apperr.SyncServerValueRefused)
	}
	var pic *avatar.Avatar
	if keep == "server" && field == avatarField && c.Server != "" {
		link, _, err := e.linkOf(s)
		if err != nil {
			return Status{}, err
		}
		client, err := e.clientFor(link)
		if err != nil {
			return Status{}, err
		}
		if pic, err = e.fetchPicture(s, client, c.Server); errors.Is(err, errUnreadablePicture) {
			return Status{}, apperr.New(apperr.Invalid, apperr.SyncBadPicture)
		} else if remote.IsRetryable(err) {
			return Status{}, userError(err)
		} else if err != nil {
			return Status{}, apperr.New(apperr.Unavailable, apperr.SyncAvatarDownload)
		}
	}
	// Erasing: the value not kept (this computer's old one, or the
	// server's) would otherwise stay in a freed page.
	err = e.cfg.DB.UpdateErasing(func(tx *store.Tx) error { return e.settle(tx, s.userID, *c, keep, pic) })
	if err != nil && !errors.Is(err, store.ErrNotErased) {
		return Status{}, err
	}
	e.Wake()
	if err != nil {
		return Status{}, err // the choice stands; the old bytes go at the next rewrite
	}
	return e.Status()
}

// settle applies the user's choice for one conflict inside tx.
func (e *Engine) settle(tx *store.Tx, userID uint64, c store.SyncConflict, keep string, pic *avatar.Avatar) error {
	u, err := tx.User(userID)
	if err != nil {
		return err
	}
	st, err := tx.SyncState(userID)
	if err != nil {
		return err
	}
	if st.Base == nil {
		st.Base = &store.SyncFields{Values: map[string]string{}}
	}
	st.Conflicts = slices.DeleteFunc(st.Conflicts, func(x store.SyncConflict) bool { return x.Field == c.Field })
	isAvatar := c.Field == avatarField
	if isAvatar {
		st.Base.Avatar = c.Server
	} else {
		st.Base.Values[c.Field] = c.Server
	}
	if keep == "mine" {
		change := store.OutboxChange{Avatar: isAvatar}
		if !isAvatar {
			change.Fields = map[string]string{c.Field: profilefield.Values(u)[c.Field]}
		}
		if err := tx.Enqueue(userID, change); err != nil {
			return err
		}
		return tx.PutSyncState(userID, st)
	}
	if isAvatar {
		if err := takeRemoteAvatar(tx, &u, c.Server, pic); err != nil {
			return err
		}
		st.Base.LocalAvatar = u.AvatarHash
	} else {
		profilefield.Set(&u, c.Field, c.Server)
		if err := tx.DropQueued(userID, c.Field); err != nil {
			return err
		}
	}
	u.UpdatedAt = e.cfg.Now().UTC()
	if err := tx.UpdateUser(&u); err != nil {
		return err
	}
	return tx.PutSyncState(userID, st)
}

// DeleteRemoteAccount deletes the linked server account (before the local
// one is deleted, so a failure leaves both in place). An account the
// server no longer knows counts as deleted.
func (e *Engine) DeleteRemoteAccount() error {
	s, err := e.current()
	if err != nil {
		return err
	}
	link, linked, err := e.linkOf(s)
	if err != nil || !linked {
		return firstErr(err, errNotLinked)
	}
	if link.NeedsSignIn {
		return errServerSignIn
	}
	client, err := e.clientFor(link)
	if err != nil {
		return err
	}
	e.cycleMu.Lock()
	defer e.cycleMu.Unlock()
	err = e.authorized(s, client, link, func(access string) error {
		return client.DeleteAccount(s.ctx, access, link.RemoteID)
	})
	if err == errPaused {
		return errServerSignIn
	}
	return userError(err)
}

// Forget stops sync for a user whose local account was just deleted and
// removes their server token from the keychain (the rest went with the
// account's transaction).
func (e *Engine) Forget(userID uint64) {
	e.Stop()
	e.forgetRefresh(userID)
}

func firstErr(err, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}

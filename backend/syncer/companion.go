package syncer

import (
	"context"

	"passdesk/backend/apperr"
	"passdesk/backend/remote"
	"passdesk/backend/store"
)

// A companion is another sync that rides on the engine's cycle, session,
// link and tokens: the saved passwords (package vaultsync). It runs at the
// end of every cycle, after the profile's own work, so it never holds the
// profile back; its error counts as the cycle's (retried with backoff
// when temporary).

// Round is what a companion gets for one run.
type Round struct {
	Ctx      context.Context
	UserID   uint64
	DataKey  []byte // the engine's copy: read it, never keep or wipe it
	RemoteID int64  // the linked server account's id
	Client   *remote.Client

	authorized func(call func(access string) error) error
}

// Authorized runs call with a fresh-enough access token: one refresh and
// retry on a 401, and sync pauses for the user's sign-in when that fails.
func (r Round) Authorized(call func(access string) error) error { return r.authorized(call) }

// SetCompanion installs the companion (once, before Start).
func (e *Engine) SetCompanion(fn func(Round) error) { e.companion = fn }

// companionRound runs the companion for s, if there is one.
func (e *Engine) companionRound(s *session, client *remote.Client, link store.SyncLink) error {
	if e.companion == nil {
		return nil
	}
	return e.companion(e.round(s.ctx, s, client, link))
}

func (e *Engine) round(ctx context.Context, s *session, client *remote.Client, link store.SyncLink) Round {
	return Round{Ctx: ctx, UserID: s.userID, DataKey: s.dataKey, RemoteID: link.RemoteID, Client: client,
		authorized: func(call func(string) error) error { return e.authorized(s, client, link, call) }}
}

// RunNow runs fn as one cycle of the signed-in user would run the
// companion, at once and with no cycle alongside, for an action the user
// waits on (turning saved-password sync on, deleting the server's
// entries). Its errors are in the app's shape.
func (e *Engine) RunNow(fn func(Round) error) error {
	s, err := e.current()
	if err != nil {
		return err
	}
	e.cycleMu.Lock()
	defer e.cycleMu.Unlock()
	link, linked, err := e.linkOf(s)
	if err != nil || !linked {
		return firstErr(err, errNotLinked)
	}
	if link.NeedsSignIn {
		return errServerSignInFirst
	}
	client, err := e.clientFor(link)
	if err != nil {
		return err
	}
	before, err := e.heldBy(s.userID)
	if err != nil {
		return err
	}
	defer e.eraseDropped(s.userID, before) // as after a cycle
	ctx, cancel := context.WithTimeout(s.ctx, actionTimeout)
	defer cancel()
	err = fn(e.round(ctx, s, client, link))
	if err == errPaused {
		return errServerSignInFirst
	}
	return userError(err)
}

// errServerSignInFirst: the server needs the user to sign in again before
// an action that talks to it.
var errServerSignInFirst = apperr.New(apperr.Forbidden, apperr.SyncSignInToServerFirst)

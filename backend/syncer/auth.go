package syncer

import (
	"passdesk/backend/remote"
	"passdesk/backend/store"
)

// authorized runs call with a fresh-enough access token. A 401 gets one
// refresh and one more try; when the refresh itself is refused, sync pauses
// and the user is asked to sign in to the server again.
func (e *Engine) authorized(s *session, client *remote.Client, link store.SyncLink, call func(access string) error) error {
	access, err := e.accessToken(s, client, link, false)
	if err != nil {
		return err
	}
	err = call(access)
	if !remote.IsUnauthorized(err) {
		return err
	}
	if access, err = e.accessToken(s, client, link, true); err != nil {
		return err
	}
	if err = call(access); remote.IsUnauthorized(err) {
		return e.needSignIn(s)
	}
	return err
}

// accessToken returns the in-memory access token, refreshing it (and
// keeping the rotated refresh token) when forced, missing, or about to
// expire. The expiry is read from the token unverified: only the server
// can check its signature, the client merely avoids a wasted request.
func (e *Engine) accessToken(s *session, client *remote.Client, link store.SyncLink, force bool) (string, error) {
	e.mu.Lock()
	access := e.access
	e.mu.Unlock()
	if !force && access != "" {
		exp, ok := remote.ExpiresAt(access)
		if !ok || e.cfg.Now().Add(e.cfg.RefreshAhead).Before(exp) {
			return access, nil
		}
	}
	refresh, err := e.loadRefresh(s, link)
	if err != nil {
		e.cfg.Log.Warn("the server token could not be read", "err", err)
		return "", e.needSignIn(s)
	}
	tokens, err := client.Refresh(s.ctx, refresh)
	if remote.IsUnauthorized(err) {
		return "", e.needSignIn(s)
	}
	if err != nil {
		return "", err
	}
	if err := e.keepTokens(s, tokens); err != nil {
		return "", err
	}
	return tokens.Access, nil
}

// keepTokens stores a new refresh token and holds the access token in memory.
func (e *Engine) keepTokens(s *session, tokens remote.Tokens) error {
	err := e.cfg.DB.Update(func(tx *store.Tx) error {
		link, linked, err := tx.SyncLink(s.userID)
		if err != nil || !linked {
			return err
		}
		return e.putLinkWithToken(tx, s, link, tokens.Refresh)
	})
	if err != nil {
		return err
	}
	e.holdAccess(s, tokens.Access)
	return nil
}

// putLinkWithToken stores the refresh token (see saveRefresh) and the link
// that says where it went, in one transaction; a fresh token ends any
// pause for sign-in.
func (e *Engine) putLinkWithToken(tx *store.Tx, s *session, link store.SyncLink, refresh string) error {
	var err error
	if link.TokenInKeychain, err = e.saveRefresh(tx, s, refresh); err != nil {
		return err
	}
	link.NeedsSignIn = false
	return tx.PutSyncLink(s.userID, link)
}

// holdAccess keeps the access token in memory, for s only.
func (e *Engine) holdAccess(s *session, access string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.sess == s {
		e.access = access
	}
}

// needSignIn pauses sync until the user signs in to the server again. The
// outbox is kept.
func (e *Engine) needSignIn(s *session) error {
	e.holdAccess(s, "")
	err := e.cfg.DB.Update(func(tx *store.Tx) error {
		link, linked, err := tx.SyncLink(s.userID)
		if err != nil || !linked {
			return err
		}
		link.NeedsSignIn = true
		return tx.PutSyncLink(s.userID, link)
	})
	if err != nil {
		return err
	}
	e.cfg.Log.Info("sync paused: the server needs the user to sign in again")
	return errPaused
}

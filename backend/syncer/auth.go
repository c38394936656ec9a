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
		if link.TokenInKeychain, err = e.saveRefresh(tx, s, tokens.Refresh); err != nil {
			return err
		}
		link.NeedsSignIn = false
		return tx.PutSyncLink(s.userID, link)
	})
	if err != nil {
		return err
	}
	e.mu.Lock()
	if e.sess == s {
		e.access = tokens.Access
	}
	e.mu.Unlock()
	return nil
}

// needSignIn pauses sync until the user signs in to the server again. The
// outbox is kept.
func (e *Engine) needSignIn(s *session) error {
	e.mu.Lock()
	if e.sess == s {
		e.access = ""
	}
	e.mu.Unlock()
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

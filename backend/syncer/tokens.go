package syncer

import (
	"errors"
	"strconv"

	"passdesk/backend/store"
	"passdesk/backend/vault"
)

// Keychain is the OS credential store (see package keychain). The remote
// refresh token goes there when one is available.
type Keychain interface {
	Set(account, secret string) error
	Get(account string) (string, error)
	Delete(account string) error
}

const tokenPurpose = vault.RemoteTokenPurpose

// tokenAccount names a user's entry in the keychain. The database path is
// part of it so two installations (or test folders) never share a slot.
func (e *Engine) tokenAccount(userID uint64) string {
	return e.cfg.DB.Path() + "#" + strconv.FormatUint(userID, 10)
}

// saveRefresh stores the refresh token inside tx: in the keychain when
// possible (then nothing secret is in the file), otherwise sealed under
// the user's data key. It returns where it went, for the link record.
func (e *Engine) saveRefresh(tx *store.Tx, s *session, refresh string) (inKeychain bool, err error) {
	if e.cfg.Keychain != nil && e.cfg.Keychain.Set(e.tokenAccount(s.userID), refresh) == nil {
		return true, tx.PutSealedRemoteToken(s.userID, nil)
	}
	sealed, err := vault.SealSecret(s.dataKey, s.userID, tokenPurpose, []byte(refresh))
	if err != nil {
		return false, err
	}
	return false, tx.PutSealedRemoteToken(s.userID, sealed)
}

// loadRefresh reads the refresh token from wherever the link says it is.
func (e *Engine) loadRefresh(s *session, link store.SyncLink) (string, error) {
	if link.TokenInKeychain {
		if e.cfg.Keychain == nil {
			return "", errors.New("the keychain holding the server token is not available")
		}
		return e.cfg.Keychain.Get(e.tokenAccount(s.userID))
	}
	var sealed []byte
	err := e.cfg.DB.View(func(tx *store.Tx) (err error) {
		sealed, err = tx.SealedRemoteToken(s.userID)
		return err
	})
	if err != nil || sealed == nil {
		return "", errors.Join(err, errors.New("no server token is stored"))
	}
	token, err := vault.OpenSecret(s.dataKey, s.userID, tokenPurpose, sealed)
	return string(token), err
}

// forgetRefresh removes the keychain entry (the sealed copy goes with the
// sync bucket or the user, in the caller's transaction).
func (e *Engine) forgetRefresh(userID uint64) {
	if e.cfg.Keychain != nil {
		_ = e.cfg.Keychain.Delete(e.tokenAccount(userID))
	}
}

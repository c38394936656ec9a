package store

import (
	"encoding/json"
	"time"

	"passdesk/backend/apperr"
)

// Session records a live session token's id (its jti). A token whose jti is
// not here has been revoked, whatever its signature says.
type Session struct {
	UserID    uint64    `json:"user_id"`
	IssuedAt  time.Time `json:"issued_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

// ErrNoSession means the jti is unknown: revoked, expired and swept, or never issued.
var ErrNoSession = apperr.New(apperr.Unauthenticated, apperr.SignInPlease)

// PutSession records a session for an existing user.
func (t *Tx) PutSession(jti string, s Session) error {
	ub := t.user(s.UserID)
	if ub == nil {
		return ErrNoUser
	}
	v, err := json.Marshal(s)
	if err != nil {
		return internal(err, "encode session")
	}
	if err := t.sessions().Put([]byte(jti), v); err != nil {
		return internal(err, "store session")
	}
	return ub.Bucket(bucketUserSessions).Put([]byte(jti), nil)
}

// Session returns a live session by its jti.
func (t *Tx) Session(jti string) (Session, error) {
	v, err := t.sessions().Get([]byte(jti))
	if err != nil {
		return Session{}, err
	}
	if v == nil {
		return Session{}, ErrNoSession
	}
	var s Session
	if err := json.Unmarshal(v, &s); err != nil {
		return Session{}, internal(err, "decode session")
	}
	return s, nil
}

// DeleteSession revokes a session; revoking an unknown one is not an error,
// nor is revoking a damaged one (whose user link then stays, harmless:
// DeleteUser deletes by that link's key).
func (t *Tx) DeleteSession(jti string) error {
	v, err := t.sessions().Get([]byte(jti))
	if err == nil && v == nil {
		return nil
	}
	var s Session
	if err == nil && json.Unmarshal(v, &s) == nil {
		if ub := t.user(s.UserID); ub != nil {
			if err := ub.Bucket(bucketUserSessions).Delete([]byte(jti)); err != nil {
				return internal(err, "unlink session")
			}
		}
	}
	return t.sessions().Delete([]byte(jti))
}

// DeleteExpiredSessions sweeps sessions that expired before now, so the
// bucket does not grow with every sign-in. A damaged one is left for Check
// to report: sweeping it would hide the damage.
func (t *Tx) DeleteExpiredSessions(now time.Time) error {
	var expired []string
	err := t.sessions().forEachRecord(func(k, v []byte, damaged error) error {
		var s Session
		if damaged != nil {
			return nil
		}
		if json.Unmarshal(v, &s) != nil || s.ExpiresAt.Before(now) {
			expired = append(expired, string(k))
		}
		return nil
	})
	if err != nil {
		return internal(err, "scan sessions")
	}
	for _, jti := range expired {
		if err := t.DeleteSession(jti); err != nil {
			return err
		}
	}
	return nil
}

// TokenKey returns the per-install key that signs session tokens.
func (t *Tx) TokenKey() ([]byte, error) {
	key, err := t.meta().Get(keyTokenKey)
	return append([]byte(nil), key...), err
}

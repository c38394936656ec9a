// Package auth issues and verifies PassDesk's local session tokens: HS256
// JWTs signed with the per-install key, whose jti is recorded in the store so
// that a token can be revoked before it expires.
package auth

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// The issuer and audience every PassDesk session token must carry.
const (
	Issuer   = "passdesk"
	Audience = "passdesk-desktop"
)

// Leeway is how far the clock may be off when a token's iat, nbf and exp are
// checked: a token counts as issued up to Leeway in the future and expires
// Leeway after its exp. Wall clocks are stepped, not slewed, when NTP
// corrects a drift or a virtual machine resumes, typically by seconds to a
// minute or two; without a leeway signing in and then stepping the clock
// back 90 s ended the session ("token used before issued"). RFC 7519 §4.1.4
// allows "some small leeway, usually no more than a few minutes"; two
// minutes covers those steps and is negligible next to a token's lifetime
// (hours) and the idle auto-lock, which is what actually ends a session.
const Leeway = 2 * time.Minute

// ErrInvalidToken covers every reason a token is refused; the reason itself
// is wrapped for the log, never shown.
var ErrInvalidToken = errors.New("invalid session token")

// Claims are what a verified token says.
type Claims struct {
	UserID    uint64
	JTI       string
	IssuedAt  time.Time
	ExpiresAt time.Time
}

// Tokens signs and verifies session tokens with one key.
type Tokens struct {
	key []byte
	ttl time.Duration
	now func() time.Time
}

// NewTokens returns a signer for key (at least 32 bytes). ttl is a token's
// absolute lifetime; now is the clock (time.Now when nil).
func NewTokens(key []byte, ttl time.Duration, now func() time.Time) (*Tokens, error) {
	if len(key) < 32 {
		return nil, fmt.Errorf("session key too short: %d bytes", len(key))
	}
	if now == nil {
		now = time.Now
	}
	return &Tokens{key: key, ttl: ttl, now: now}, nil
}

// Issue signs a new token for userID with a fresh random jti.
func (t *Tokens) Issue(userID uint64) (string, Claims, error) {
	jtiBytes := make([]byte, 16)
	if _, err := rand.Read(jtiBytes); err != nil {
		return "", Claims{}, err
	}
	now := t.now().Truncate(time.Second)
	c := Claims{UserID: userID, JTI: hex.EncodeToString(jtiBytes), IssuedAt: now, ExpiresAt: now.Add(t.ttl)}
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.RegisteredClaims{
		Issuer:    Issuer,
		Audience:  jwt.ClaimStrings{Audience},
		Subject:   strconv.FormatUint(userID, 10),
		ID:        c.JTI,
		IssuedAt:  jwt.NewNumericDate(c.IssuedAt),
		ExpiresAt: jwt.NewNumericDate(c.ExpiresAt),
	})
	signed, err := tok.SignedString(t.key)
	if err != nil {
		return "", Claims{}, err
	}
	return signed, c, nil
}

// Verify checks a token's signature, algorithm, issuer, audience, and its
// issue, not-before and expiry times within Leeway of the clock. It does not
// know about revocation: the caller checks the jti.
func (t *Tokens) Verify(token string) (Claims, error) {
	var rc jwt.RegisteredClaims
	_, err := jwt.ParseWithClaims(token, &rc, func(*jwt.Token) (any, error) { return t.key, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithIssuer(Issuer),
		jwt.WithAudience(Audience),
		jwt.WithTimeFunc(t.now),
		jwt.WithLeeway(Leeway),
	)
	if err != nil {
		return Claims{}, fmt.Errorf("%w: %v", ErrInvalidToken, err)
	}
	uid, err := strconv.ParseUint(rc.Subject, 10, 64)
	if err != nil || uid == 0 || rc.ID == "" || rc.IssuedAt == nil {
		return Claims{}, fmt.Errorf("%w: missing subject, jti or iat", ErrInvalidToken)
	}
	return Claims{UserID: uid, JTI: rc.ID, IssuedAt: rc.IssuedAt.Time, ExpiresAt: rc.ExpiresAt.Time}, nil
}

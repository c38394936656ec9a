// Package testutil holds fixtures shared by the backend's tests: a fresh
// database in a temporary folder, a controllable clock, and signed-up users.
package testutil

import (
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"passdesk/backend/accounts"
	"passdesk/backend/kdf"
	"passdesk/backend/store"
)

// OpenDB opens a new database in t's temporary folder, closed at cleanup.
func OpenDB(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), store.FileName), store.Options{})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// Clock is a settable time source, safe for concurrent use.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock starts a clock at a fixed instant.
func NewClock() *Clock { return &Clock{now: time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Accounts returns an accounts service over db with the cheapest real
// argon2id parameters and the given clock (time.Now when nil).
func Accounts(t testing.TB, db *store.DB, clock *Clock) *accounts.Service {
	t.Helper()
	cfg := accounts.Config{Hash: kdf.Minimum}
	if clock != nil {
		cfg.Now = clock.Now
	}
	svc, err := accounts.New(db, cfg)
	if err != nil {
		t.Fatalf("accounts service: %v", err)
	}
	return svc
}

// Password is the password every SignUp fixture uses.
const Password = "correct horse 42"

// SignUp creates a user named name (email name@example.com) and returns it
// with its session token.
func SignUp(t testing.TB, svc *accounts.Service, name string) (store.User, string) {
	t.Helper()
	u := SignUpUnlocked(t, svc, name)
	return u.User, u.Token
}

// SignUpUnlocked is SignUp returning the data key too.
func SignUpUnlocked(t testing.TB, svc *accounts.Service, name string) accounts.Unlocked {
	t.Helper()
	u, err := svc.SignUp(accounts.SignUpInput{Username: name, Email: name + "@example.com", Password: Password})
	if err != nil {
		t.Fatalf("sign up %s: %v", name, err)
	}
	return u
}

// JTI reads a session token's id without verifying it.
func JTI(t testing.TB, token string) string {
	t.Helper()
	var claims jwt.RegisteredClaims
	if _, _, err := jwt.NewParser().ParseUnverified(token, &claims); err != nil || claims.ID == "" {
		t.Fatalf("token without a jti: %v", err)
	}
	return claims.ID
}

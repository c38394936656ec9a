// Package testutil holds fixtures shared by the backend's tests: a fresh
// database in a temporary folder, a controllable clock, signed-up users,
// and damage done to a database file. Only tests import it.
package testutil

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	bolt "go.etcd.io/bbolt"

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

// FileHolds reports whether the file at path (a database, read as bytes,
// freed pages included) contains needle.
func FileHolds(t testing.TB, path string, needle []byte) bool {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Contains(raw, needle)
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

// DamagePage overwrites the first element headers of a page of the closed
// database file at path with garbage lengths, the kind of damage a bad disk
// sector does: the page of the top-level bucket named bucket, or the page of
// the root bucket (which lists the top-level buckets) when bucket is "".
func DamagePage(t testing.TB, path, bucket string) {
	t.Helper()
	const elements = 16 // after the page header: id, flags, count, overflow
	damage(t, path, bucket, elements, 32)
}

// DamagePageLength overwrites the header field of that page that says how
// many more pages it spans, with a length of billions of pages.
func DamagePageLength(t testing.TB, path, bucket string) {
	t.Helper()
	const overflow = 12 // after the page id (8), flags (2) and count (2)
	damage(t, path, bucket, overflow, 4)
}

func damage(t testing.TB, path, bucket string, offset, n int64) {
	t.Helper()
	raw, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var page uint64
	err = raw.View(func(tx *bolt.Tx) error {
		b := tx.Cursor().Bucket()
		if bucket != "" {
			b = tx.Bucket([]byte(bucket))
		}
		if b == nil {
			return fmt.Errorf("no bucket %q", bucket)
		}
		page = uint64(b.Root())
		return nil
	})
	pageSize := raw.Info().PageSize
	_ = raw.Close()
	if err != nil || page < 2 {
		t.Fatalf("bucket %q has no page of its own (page %d): %v", bucket, page, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(bytes.Repeat([]byte{0xAB}, int(n)), int64(page)*int64(pageSize)+offset); err != nil {
		t.Fatal(err)
	}
}

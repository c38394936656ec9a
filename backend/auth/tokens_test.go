package auth_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"passdesk/backend/auth"
	"passdesk/backend/internal/testutil"
)

var key = bytes.Repeat([]byte{7}, 32)

func newTokens(t *testing.T, key []byte, clock *testutil.Clock) *auth.Tokens {
	t.Helper()
	tokens, err := auth.NewTokens(key, time.Hour, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	return tokens
}

func TestAKeyShorterThan32BytesIsRefused(t *testing.T) {
	if _, err := auth.NewTokens(make([]byte, 31), time.Hour, nil); err == nil {
		t.Fatal("a 31-byte key was accepted")
	}
}

func TestAnIssuedTokenVerifiesWithItsClaims(t *testing.T) {
	clock := testutil.NewClock()
	tokens := newTokens(t, key, clock)
	token, issued, err := tokens.Issue(42)
	if err != nil {
		t.Fatal(err)
	}
	got, err := tokens.Verify(token)
	if err != nil {
		t.Fatal(err)
	}
	if got.UserID != 42 || got.JTI != issued.JTI || len(got.JTI) != 32 ||
		!got.IssuedAt.Equal(clock.Now()) || !got.ExpiresAt.Equal(clock.Now().Add(time.Hour)) {
		t.Fatalf("verified %+v, issued %+v", got, issued)
	}
	_, other, _ := tokens.Issue(42)
	if other.JTI == issued.JTI {
		t.Fatal("two tokens share a jti")
	}
}

func TestATokenIsValidUntilItsExpiryOnly(t *testing.T) {
	clock := testutil.NewClock()
	tokens := newTokens(t, key, clock)
	token, _, _ := tokens.Issue(1)
	clock.Advance(time.Hour - time.Second)
	if _, err := tokens.Verify(token); err != nil {
		t.Fatalf("a second before expiry: %v", err)
	}
	clock.Advance(time.Second)
	if _, err := tokens.Verify(token); !errors.Is(err, auth.ErrInvalidToken) {
		t.Fatalf("at expiry: err = %v, want ErrInvalidToken", err)
	}
}

func TestAnotherInstallsTokenIsRefused(t *testing.T) {
	clock := testutil.NewClock()
	token, _, _ := newTokens(t, bytes.Repeat([]byte{8}, 32), clock).Issue(1)
	if _, err := newTokens(t, key, clock).Verify(token); !errors.Is(err, auth.ErrInvalidToken) {
		t.Fatalf("err = %v, want ErrInvalidToken", err)
	}
}

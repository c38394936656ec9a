package auth_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

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

func TestATokenIsValidUntilItsExpiryPlusTheLeewayOnly(t *testing.T) {
	clock := testutil.NewClock()
	tokens := newTokens(t, key, clock)
	token, _, _ := tokens.Issue(1)
	clock.Advance(time.Hour + auth.Leeway - time.Second)
	if _, err := tokens.Verify(token); err != nil {
		t.Fatalf("a second before expiry plus leeway: %v", err)
	}
	clock.Advance(time.Second)
	if _, err := tokens.Verify(token); !errors.Is(err, auth.ErrInvalidToken) {
		t.Fatalf("at expiry plus leeway: err = %v, want ErrInvalidToken", err)
	}
}

// The wall clock is stepped after a token is issued: NTP corrections and
// resumed virtual machines step it back by seconds to a minute or two, which
// must not end the session; a clock (or token) further off must.
func TestAClockStepWithinTheLeewayKeepsTheTokenAndBeyondItEndsIt(t *testing.T) {
	for _, tc := range []struct {
		name  string
		step  time.Duration
		valid bool
	}{
		{"back 90 s", -90 * time.Second, true},
		{"back 1 s", -time.Second, true},
		{"back to the leeway's edge", -auth.Leeway, true},
		{"back a second past the leeway", -auth.Leeway - time.Second, false},
		{"back 10 min", -10 * time.Minute, false},
		{"back a day", -24 * time.Hour, false},
		{"forward within the lifetime", 30 * time.Minute, true},
		{"forward to expiry", time.Hour, true},
		{"forward past expiry plus leeway", time.Hour + auth.Leeway, false},
		{"forward a year", 365 * 24 * time.Hour, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock := testutil.NewClock()
			tokens := newTokens(t, key, clock)
			token, _, err := tokens.Issue(7)
			if err != nil {
				t.Fatal(err)
			}
			clock.Advance(tc.step)
			got, err := tokens.Verify(token)
			if tc.valid && (err != nil || got.UserID != 7) {
				t.Fatalf("refused: %v", err)
			}
			if !tc.valid && !errors.Is(err, auth.ErrInvalidToken) {
				t.Fatalf("err = %v, want ErrInvalidToken", err)
			}
		})
	}
}

// signed makes a token with this install's key and the given times, as
// another (or a broken) issuer would: iat, nbf and exp relative to now.
func signed(t *testing.T, now time.Time, iat, nbf, exp time.Duration) string {
	t.Helper()
	rc := jwt.RegisteredClaims{
		Issuer: auth.Issuer, Audience: jwt.ClaimStrings{auth.Audience}, Subject: "7", ID: "abc",
		IssuedAt:  jwt.NewNumericDate(now.Add(iat)),
		NotBefore: jwt.NewNumericDate(now.Add(nbf)),
		ExpiresAt: jwt.NewNumericDate(now.Add(exp)),
	}
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, rc).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestATokensTimesAreCheckedWithinTheLeeway(t *testing.T) {
	for _, tc := range []struct {
		name          string
		iat, nbf, exp time.Duration
		valid         bool
	}{
		{"issued now", 0, 0, time.Hour, true},
		{"issued 90 s ahead", 90 * time.Second, 0, time.Hour, true},
		{"issued 10 min ahead", 10 * time.Minute, 0, time.Hour, false},
		{"issued a year ahead", 365 * 24 * time.Hour, 0, 366 * 24 * time.Hour, false},
		{"not before 90 s ahead", 0, 90 * time.Second, time.Hour, true},
		{"not before 10 min ahead", 0, 10 * time.Minute, time.Hour, false},
		{"expired 90 s ago", -time.Hour, -time.Hour, -90 * time.Second, true},
		{"expired 10 min ago", -time.Hour, -time.Hour, -10 * time.Minute, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock := testutil.NewClock()
			_, err := newTokens(t, key, clock).Verify(signed(t, clock.Now(), tc.iat, tc.nbf, tc.exp))
			if tc.valid && err != nil {
				t.Fatalf("refused: %v", err)
			}
			if !tc.valid && !errors.Is(err, auth.ErrInvalidToken) {
				t.Fatalf("err = %v, want ErrInvalidToken", err)
			}
		})
	}
}

func TestAnotherInstallsTokenIsRefused(t *testing.T) {
	clock := testutil.NewClock()
	token, _, _ := newTokens(t, bytes.Repeat([]byte{8}, 32), clock).Issue(1)
	if _, err := newTokens(t, key, clock).Verify(token); !errors.Is(err, auth.ErrInvalidToken) {
		t.Fatalf("err = %v, want ErrInvalidToken", err)
	}
}

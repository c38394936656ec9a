package accounts_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"passdesk/backend/accounts"
	"passdesk/backend/apperr"
	"passdesk/backend/auth"
	"passdesk/backend/internal/testutil"
	"passdesk/backend/store"
)

func TestSignInByEmailOrUsernameInAnyCase(t *testing.T) {
	db := testutil.OpenDB(t)
	svc := testutil.Accounts(t, db, nil)
	u, _ := testutil.SignUp(t, svc, "Ana")
	for _, login := range []string{"Ana", "ana", "ANA@EXAMPLE.COM", "  ana@example.com  "} {
		got, err := svc.SignIn(accounts.SignInInput{Login: login, Password: testutil.Password})
		if err != nil || got.User.ID != u.ID || got.Token == "" || len(got.DataKey) != 32 {
			t.Errorf("sign in as %q: user %d, err %v", login, got.User.ID, err)
		}
	}
}

func TestWrongPasswordAndUnknownAccountAreIndistinguishable(t *testing.T) {
	db := testutil.OpenDB(t)
	svc := testutil.Accounts(t, db, nil)
	testutil.SignUp(t, svc, "ana")

	signIn := func(login, password string) (error, time.Duration) {
		start := time.Now()
		_, err := svc.SignIn(accounts.SignInInput{Login: login, Password: password})
		return err, time.Since(start)
	}
	var wrongTotal, unknownTotal time.Duration
	for i := 0; i < 5; i++ {
		wrongErr, wrong := signIn("ana@example.com", "not the password")
		unknownErr, unknown := signIn("nobody@example.com", "not the password")
		if wrongErr != accounts.ErrWrongCredentials || unknownErr != accounts.ErrWrongCredentials {
			t.Fatalf("wrong password: %v; unknown account: %v; want the same ErrWrongCredentials", wrongErr, unknownErr)
		}
		wrongTotal += wrong
		unknownTotal += unknown
	}
	// The unknown account is checked against a dummy hash of the same cost;
	// without it, it would answer in microseconds instead of milliseconds.
	if unknownTotal < wrongTotal/2 {
		t.Fatalf("unknown accounts answer in %v, wrong passwords in %v: timing reveals which accounts exist", unknownTotal, wrongTotal)
	}
}

func TestSignUpRejectsBadInputAndWritesNothing(t *testing.T) {
	db := testutil.OpenDB(t)
	svc := testutil.Accounts(t, db, nil)
	good := accounts.SignUpInput{Username: "ana", Email: "ana@example.com", Password: testutil.Password}
	cases := []struct {
		name  string
		edit  func(*accounts.SignUpInput)
		field string
	}{
		{"short password", func(in *accounts.SignUpInput) { in.Password = "short1" }, "password"},
		{"digits-only password", func(in *accounts.SignUpInput) { in.Password = "1234567890" }, "password"},
		{"missing email", func(in *accounts.SignUpInput) { in.Email = "" }, "email"},
		{"bad email", func(in *accounts.SignUpInput) { in.Email = "ana@" }, "email"},
		{"bad username", func(in *accounts.SignUpInput) { in.Username = "ana smith" }, "username"},
		{"long phone", func(in *accounts.SignUpInput) { in.NumberPhone = "12345678901" }, "number_phone"},
		{"long name", func(in *accounts.SignUpInput) { in.FirstName = strings.Repeat("a", 201) }, "first_name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := good
			c.edit(&in)
			_, err := svc.SignUp(in)
			var e *apperr.Error
			if !errors.As(err, &e) || e.Code != apperr.Invalid || e.Fields[c.field] == "" {
				t.Fatalf("err = %v, want invalid with a message for %s", err, c.field)
			}
		})
	}
	_ = db.View(func(tx *store.Tx) error {
		return tx.ForEachUser(func(u store.User) error { t.Errorf("rejected sign-up stored user %q", u.Username); return nil })
	})
}

func TestDeleteAccountWithTheWrongPasswordChangesNothing(t *testing.T) {
	db := testutil.OpenDB(t)
	svc := testutil.Accounts(t, db, nil)
	u, token := testutil.SignUp(t, svc, "ana")
	if err := svc.DeleteAccount(u.ID, "wrong password"); fieldMessage(err, "password") != "is not correct" {
		t.Fatalf("err = %v, want password: is not correct", err)
	}
	if _, err := svc.Authenticate(token); err != nil {
		t.Fatalf("session ended by a refused deletion: %v", err)
	}
	if _, err := svc.SignIn(accounts.SignInInput{Login: "ana", Password: testutil.Password}); err != nil {
		t.Fatalf("account gone after a refused deletion: %v", err)
	}
}

func TestDeleteAccountEndsEverySessionAndFreesTheEmail(t *testing.T) {
	db := testutil.OpenDB(t)
	svc := testutil.Accounts(t, db, nil)
	u, first := testutil.SignUp(t, svc, "ana")
	second, err := svc.SignIn(accounts.SignInInput{Login: "ana", Password: testutil.Password})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.DeleteAccount(u.ID, testutil.Password); err != nil {
		t.Fatal(err)
	}
	for _, token := range []string{first, second.Token} {
		if _, err := svc.Authenticate(token); !apperr.Is(err, apperr.Unauthenticated) {
			t.Errorf("token still works after deletion: %v", err)
		}
	}
	if _, err := svc.SignIn(accounts.SignInInput{Login: "ana", Password: testutil.Password}); err != accounts.ErrWrongCredentials {
		t.Fatalf("sign-in to a deleted account: %v", err)
	}
	testutil.SignUp(t, svc, "ana")
}

// forge signs claims with key under method, as an attacker (or a bug) might.
func forge(t *testing.T, method jwt.SigningMethod, key any, claims jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(method, claims).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSessionTokensAreRefusedUnlessEverythingChecksOut(t *testing.T) {
	db := testutil.OpenDB(t)
	clock := testutil.NewClock()
	svc := testutil.Accounts(t, db, clock)
	ana, anaToken := testutil.SignUp(t, svc, "ana")
	bob, bobToken := testutil.SignUp(t, svc, "bob")
	var key []byte
	_ = db.View(func(tx *store.Tx) error { key = tx.TokenKey(); return nil })

	now := clock.Now()
	valid := func() jwt.MapClaims {
		return jwt.MapClaims{
			"iss": auth.Issuer, "aud": auth.Audience, "sub": strconv.FormatUint(ana.ID, 10),
			"jti": testutil.JTI(t, anaToken), "iat": now.Unix(), "exp": now.Add(time.Hour).Unix(),
		}
	}
	with := func(edit func(jwt.MapClaims)) jwt.MapClaims { c := valid(); edit(c); return c }

	if id, err := svc.Authenticate(forge(t, jwt.SigningMethodHS256, key, valid())); err != nil || id != ana.ID {
		t.Fatalf("control: a correctly forged token must pass (id %d, err %v), or the table below proves nothing", id, err)
	}

	cases := map[string]string{
		"alg none":                   forge(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, valid()),
		"HS512 with the right key":   forge(t, jwt.SigningMethodHS512, key, valid()),
		"signed with another key":    forge(t, jwt.SigningMethodHS256, []byte(strings.Repeat("k", 32)), valid()),
		"no exp":                     forge(t, jwt.SigningMethodHS256, key, with(func(c jwt.MapClaims) { delete(c, "exp") })),
		"iat in the future":          forge(t, jwt.SigningMethodHS256, key, with(func(c jwt.MapClaims) { c["iat"] = now.Add(time.Hour).Unix() })),
		"expired":                    forge(t, jwt.SigningMethodHS256, key, with(func(c jwt.MapClaims) { c["exp"] = now.Add(-time.Second).Unix() })),
		"wrong issuer":               forge(t, jwt.SigningMethodHS256, key, with(func(c jwt.MapClaims) { c["iss"] = "web-service" })),
		"wrong audience":             forge(t, jwt.SigningMethodHS256, key, with(func(c jwt.MapClaims) { c["aud"] = "web" })),
		"no jti":                     forge(t, jwt.SigningMethodHS256, key, with(func(c jwt.MapClaims) { delete(c, "jti") })),
		"unknown jti":                forge(t, jwt.SigningMethodHS256, key, with(func(c jwt.MapClaims) { c["jti"] = "00000000000000000000000000000000" })),
		"bob's jti under ana's name": forge(t, jwt.SigningMethodHS256, key, with(func(c jwt.MapClaims) { c["jti"] = testutil.JTI(t, bobToken) })),
		"subject edited to bob":      editPayloadSubject(t, anaToken, bob.ID),
		"garbage":                    "not.a.token",
		"empty":                      "",
	}
	for name, token := range cases {
		t.Run(name, func(t *testing.T) {
			if id, err := svc.Authenticate(token); !apperr.Is(err, apperr.Unauthenticated) {
				t.Fatalf("accepted as user %d (err %v)", id, err)
			}
		})
	}
}

// editPayloadSubject rewrites a token's sub claim without re-signing it.
func editPayloadSubject(t *testing.T, token string, to uint64) string {
	t.Helper()
	parts := strings.Split(token, ".")
	var claims jwt.MapClaims
	if _, _, err := jwt.NewParser().ParseUnverified(token, &claims); err != nil {
		t.Fatal(err)
	}
	claims["sub"] = strconv.FormatUint(to, 10)
	forged, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SigningString()
	if err != nil {
		t.Fatal(err)
	}
	return forged + "." + parts[2]
}

func TestRevokedExpiredAndSignedOutSessionsAreRefused(t *testing.T) {
	db := testutil.OpenDB(t)
	clock := testutil.NewClock()
	svc := testutil.Accounts(t, db, clock)
	ana, token := testutil.SignUp(t, svc, "ana")

	if id, err := svc.Authenticate(token); err != nil || id != ana.ID {
		t.Fatalf("fresh token: %d, %v", id, err)
	}
	if err := svc.SignOut(token); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Authenticate(token); err != accounts.ErrSignedOut {
		t.Fatalf("after sign-out: %v", err)
	}

	token = signIn(t, svc, "ana").Token
	_ = db.Update(func(tx *store.Tx) error { return tx.DeleteSession(testutil.JTI(t, token)) })
	if _, err := svc.Authenticate(token); err != accounts.ErrSignedOut {
		t.Fatalf("after its jti was revoked: %v", err)
	}

	token = signIn(t, svc, "ana").Token
	clock.Advance(accounts.DefaultTokenTTL + time.Second)
	if _, err := svc.Authenticate(token); err != accounts.ErrSignedOut {
		t.Fatalf("after expiry: %v", err)
	}
}

func fieldMessage(err error, field string) string {
	var e *apperr.Error
	if errors.As(err, &e) {
		return e.Fields[field]
	}
	return ""
}

func signIn(t *testing.T, svc *accounts.Service, login string) accounts.Unlocked {
	t.Helper()
	u, err := svc.SignIn(accounts.SignInInput{Login: login, Password: testutil.Password})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

package accounts_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"reflect"
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
	"passdesk/backend/validate"
)

func TestSignInByEmailOrUsernameInAnyCase(t *testing.T) {
	db := testutil.OpenDB(t)
	svc := testutil.Accounts(t, db, nil)
	u, _ := testutil.SignUp(t, svc, "Ana")
	for _, login := range []string{"Ana", "ana", "ANA", "ana@example.com", "ANA@EXAMPLE.COM", "  ana@example.com  "} {
		got, err := svc.SignIn(accounts.SignInInput{Login: login, Password: testutil.Password})
		if err != nil || got.User.ID != u.ID || got.Token == "" || len(got.DataKey) != 32 {
			t.Errorf("sign in as %q: user %d, err %v", login, got.User.ID, err)
			continue
		}
		if id, err := svc.Authenticate(got.Token); err != nil || id != u.ID {
			t.Errorf("sign in as %q: its token authenticates as %d, %v", login, id, err)
		}
	}
	if _, err := svc.SignIn(accounts.SignInInput{Login: "ana", Password: strings.ToUpper(testutil.Password)}); err != accounts.ErrWrongCredentials {
		t.Fatalf("the password is case-sensitive: err = %v", err)
	}
}

func TestSignInWithoutLoginOrPasswordNamesTheFields(t *testing.T) {
	svc := testutil.Accounts(t, testutil.OpenDB(t), nil)
	_, err := svc.SignIn(accounts.SignInInput{Login: "  "})
	if f := apperr.As(err).Fields; !apperr.Is(err, apperr.Invalid) || f["login"] != apperr.Required || f["password"] != apperr.Required {
		t.Fatalf("err = %v, want invalid login and password", err)
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
	for range 5 {
		wrongErr, wrong := signIn("ana@example.com", "not the password")
		unknownErr, unknown := signIn("nobody@example.com", "not the password")
		if wrongErr != accounts.ErrWrongCredentials || unknownErr != accounts.ErrWrongCredentials ||
			!reflect.DeepEqual(apperr.ToPublic(wrongErr), apperr.ToPublic(unknownErr)) {
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

	// A password too long to be hashed gets the same answer for both.
	huge := strings.Repeat("x", validate.MaxPassword+1)
	for _, login := range []string{"ana", "nobody"} {
		if err, _ := signIn(login, huge); err != accounts.ErrWrongCredentials {
			t.Errorf("over-long password for %s: %v", login, err)
		}
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
		{"7-character password", func(in *accounts.SignUpInput) { in.Password = "abcdef1" }, "password"},
		{"empty password", func(in *accounts.SignUpInput) { in.Password = "" }, "password"},
		{"digits-only password", func(in *accounts.SignUpInput) { in.Password = "1234567890" }, "password"},
		{"password over 1024 characters", func(in *accounts.SignUpInput) { in.Password = strings.Repeat("ñ", 1025) }, "password"},
		{"password with a control character", func(in *accounts.SignUpInput) { in.Password = "abc\x00defgh" }, "password"},
		{"username with a combining mark that composes with nothing", func(in *accounts.SignUpInput) { in.Username = "q\u0301" }, "username"},
		{"email with an invalid IDNA domain", func(in *accounts.SignUpInput) { in.Email = "ana@xn--a.de" }, "email"},
		{"missing email", func(in *accounts.SignUpInput) { in.Email = "" }, "email"},
		{"bad email", func(in *accounts.SignUpInput) { in.Email = "ana@" }, "email"},
		{"blank username", func(in *accounts.SignUpInput) { in.Username = "   " }, "username"},
		{"bad username", func(in *accounts.SignUpInput) { in.Username = "ana smith" }, "username"},
		{"long phone", func(in *accounts.SignUpInput) { in.NumberPhone = "12345678901" }, "number_phone"},
		{"phone with letters", func(in *accounts.SignUpInput) { in.NumberPhone = "300abc" }, "number_phone"},
		{"long first name", func(in *accounts.SignUpInput) { in.FirstName = strings.Repeat("a", 201) }, "first_name"},
		{"long last name", func(in *accounts.SignUpInput) { in.LastName = strings.Repeat("a", 201) }, "last_name"},
		{"email with a no-break space", func(in *accounts.SignUpInput) { in.Email = "ana\u00a0@example.com" }, "email"},
		{"email with an ideographic space", func(in *accounts.SignUpInput) { in.Email = "ana\u3000@example.com" }, "email"},
		{"email with a zero-width space", func(in *accounts.SignUpInput) { in.Email = "ana\u200b@example.com" }, "email"},
		{"first name with a bidi override", func(in *accounts.SignUpInput) { in.FirstName = "\u202eana" }, "first_name"},
		{"last name with a C1 control", func(in *accounts.SignUpInput) { in.LastName = "a\u0085b" }, "last_name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := good
			c.edit(&in)
			_, err := svc.SignUp(in)
			var e *apperr.Error
			if !errors.As(err, &e) || e.Code != apperr.Invalid || e.Fields[c.field].IsZero() || len(e.Fields) != 1 {
				t.Fatalf("err = %v, want invalid with a message for %s only", err, c.field)
			}
		})
	}
	_ = db.View(func(tx *store.Tx) error {
		return tx.ForEachUser(func(u store.User) error { t.Errorf("rejected sign-up stored user %q", u.Username); return nil })
	})

	// Control: the same input without the defect is accepted, with an
	// 8-character password (the minimum) and the names trimmed.
	in := good
	in.Password, in.FirstName, in.NumberPhone = "abcdefg1", "  Ana  ", "+1234"
	u, err := svc.SignUp(in)
	if err != nil || u.User.FirstName != "Ana" || u.User.NumberPhone != "+1234" {
		t.Fatalf("good sign-up: %+v, %v", u.User, err)
	}
}

func TestSignUpWithATakenEmailOrUsernameInAnotherCase(t *testing.T) {
	svc := testutil.Accounts(t, testutil.OpenDB(t), nil)
	testutil.SignUp(t, svc, "ana")
	_, err := svc.SignUp(accounts.SignUpInput{Username: "ANA", Email: "Ana@Example.COM", Password: testutil.Password})
	if f := apperr.As(err).Fields; f["email"] != apperr.InUse || f["username"] != apperr.InUse {
		t.Fatalf("err = %v, want email and username already in use", err)
	}
}

func TestDeleteAccountWithTheWrongPasswordChangesNothing(t *testing.T) {
	db := testutil.OpenDB(t)
	svc := testutil.Accounts(t, db, nil)
	u, token := testutil.SignUp(t, svc, "ana")
	stored := func() store.User {
		var got store.User
		if err := db.View(func(tx *store.Tx) (err error) { got, err = tx.User(u.ID); return }); err != nil {
			t.Fatalf("account gone after a refused deletion: %v", err)
		}
		return got
	}
	before := stored()
	for password, want := range map[string]apperr.Message{"wrong password": apperr.NotCorrect, "": apperr.Required} {
		if err := svc.DeleteAccount(u.ID, password); fieldMessage(err, "password") != want {
			t.Fatalf("delete with %q: err = %v, want password: %v", password, err, want)
		}
	}
	if after := stored(); after != before {
		t.Fatalf("record changed by a refused deletion: %+v", after)
	}
	if _, err := svc.Authenticate(token); err != nil {
		t.Fatalf("session ended by a refused deletion: %v", err)
	}
	if _, err := svc.SignIn(accounts.SignInInput{Login: "ana", Password: testutil.Password}); err != nil {
		t.Fatalf("cannot sign in after a refused deletion: %v", err)
	}
}

func TestDeleteAccountEndsEverySessionAndFreesTheEmail(t *testing.T) {
	db := testutil.OpenDB(t)
	svc := testutil.Accounts(t, db, nil)
	u, first := testutil.SignUp(t, svc, "ana")
	bob, bobToken := testutil.SignUp(t, svc, "bob")
	second := signIn(t, svc, "ana").Token
	for _, token := range []string{first, second} {
		if _, err := svc.Authenticate(token); err != nil {
			t.Fatalf("control: token does not work before the deletion: %v", err)
		}
	}
	if err := svc.DeleteAccount(u.ID, testutil.Password); err != nil {
		t.Fatal(err)
	}
	for i, token := range []string{first, second} {
		if _, err := svc.Authenticate(token); err != accounts.ErrSignedOut {
			t.Errorf("token %d after deletion: %v, want ErrSignedOut", i, err)
		}
	}
	if id, err := svc.Authenticate(bobToken); err != nil || id != bob.ID {
		t.Fatalf("another user's session ended too: %d, %v", id, err)
	}
	if _, err := svc.SignIn(accounts.SignInInput{Login: "ana", Password: testutil.Password}); err != accounts.ErrWrongCredentials {
		t.Fatalf("sign-in to a deleted account: %v", err)
	}
	if err := svc.DeleteAccount(u.ID, testutil.Password); !apperr.Is(err, apperr.Unauthenticated) && !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("deleting a deleted account: %v", err)
	}
	again, _ := testutil.SignUp(t, svc, "ana")
	if again.ID == u.ID {
		t.Fatal("the new account reuses the deleted one's id")
	}
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

// withHeaderAlg signs claims with HMAC-SHA256 under key but names alg in
// the header: the classic algorithm-confusion token.
func withHeaderAlg(t *testing.T, alg string, key []byte, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
	tok.Header["alg"] = alg
	unsigned, err := tok.SigningString()
	if err != nil {
		t.Fatal(err)
	}
	sig, err := jwt.SigningMethodHS256.Sign(unsigned, key)
	if err != nil {
		t.Fatal(err)
	}
	return unsigned + "." + base64.RawURLEncoding.EncodeToString(sig)
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

// tokenFixture is two signed-up users and the install's signing key, read
// from the store, which lets the tests forge tokens with a valid signature.
type tokenFixture struct {
	db                 *store.DB
	clock              *testutil.Clock
	svc                *accounts.Service
	key                []byte
	ana, bob           store.User
	anaToken, bobToken string
	anaSession         string // jti of anaToken
}

func newTokenFixture(t *testing.T) *tokenFixture {
	t.Helper()
	f := &tokenFixture{db: testutil.OpenDB(t), clock: testutil.NewClock()}
	f.svc = testutil.Accounts(t, f.db, f.clock)
	f.ana, f.anaToken = testutil.SignUp(t, f.svc, "ana")
	f.bob, f.bobToken = testutil.SignUp(t, f.svc, "bob")
	f.anaSession = testutil.JTI(t, f.anaToken)
	_ = f.db.View(func(tx *store.Tx) error { f.key, _ = tx.TokenKey(); return nil })
	return f
}

// claims are those of a token the service itself would issue to ana now,
// for her live session.
func (f *tokenFixture) claims() jwt.MapClaims {
	now := f.clock.Now()
	return jwt.MapClaims{
		"iss": auth.Issuer, "aud": auth.Audience, "sub": strconv.FormatUint(f.ana.ID, 10),
		"jti": f.anaSession, "iat": now.Unix(), "exp": now.Add(time.Hour).Unix(),
	}
}

func (f *tokenFixture) claimsWith(edit func(jwt.MapClaims)) jwt.MapClaims {
	c := f.claims()
	edit(c)
	return c
}

func (f *tokenFixture) mustAuthenticate(t *testing.T, token string, want uint64) {
	t.Helper()
	if id, err := f.svc.Authenticate(token); err != nil || id != want {
		t.Fatalf("control: token authenticates as %d (err %v), want %d", id, err, want)
	}
}

func TestForgedSessionTokensAreRefused(t *testing.T) {
	f := newTokenFixture(t)
	hs256 := func(c jwt.MapClaims) string { return forge(t, jwt.SigningMethodHS256, f.key, c) }
	without := func(claim string) jwt.MapClaims { return f.claimsWith(func(c jwt.MapClaims) { delete(c, claim) }) }
	set := func(claim string, v any) jwt.MapClaims { return f.claimsWith(func(c jwt.MapClaims) { c[claim] = v }) }
	hours := func(n int) int64 { return f.clock.Now().Add(time.Duration(n) * time.Hour).Unix() }
	bobID := strconv.FormatUint(f.bob.ID, 10)

	cases := []struct {
		name  string
		token func() string
	}{
		{"alg none", func() string { return forge(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, f.claims()) }},
		{"alg none with the subject set to bob", func() string {
			return forge(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, set("sub", bobID))
		}},
		{"HS512 signed with the right key", func() string { return forge(t, jwt.SigningMethodHS512, f.key, f.claims()) }},
		{"HS384 signed with the right key", func() string { return forge(t, jwt.SigningMethodHS384, f.key, f.claims()) }},
		{"RS256 header, HMAC signature with the right key", func() string { return withHeaderAlg(t, "RS256", f.key, f.claims()) }},
		{"ES256 header, HMAC signature with the right key", func() string { return withHeaderAlg(t, "ES256", f.key, f.claims()) }},
		{"signed with a wrong key", func() string {
			return forge(t, jwt.SigningMethodHS256, bytes.Repeat([]byte("k"), 32), f.claims())
		}},
		{"no exp", func() string { return hs256(without("exp")) }},
		{"no iat", func() string { return hs256(without("iat")) }},
		{"iat in the future", func() string { return hs256(set("iat", hours(1))) }},
		{"nbf in the future", func() string { return hs256(set("nbf", hours(1))) }},
		{"expired", func() string {
			return hs256(f.claimsWith(func(c jwt.MapClaims) { c["iat"], c["exp"] = hours(-2), hours(-1) }))
		}},
		{"wrong issuer", func() string { return hs256(set("iss", "web-service")) }},
		{"no issuer", func() string { return hs256(without("iss")) }},
		{"wrong audience", func() string { return hs256(set("aud", "web")) }},
		{"no audience", func() string { return hs256(without("aud")) }},
		{"no jti", func() string { return hs256(without("jti")) }},
		{"unknown jti", func() string { return hs256(set("jti", "00000000000000000000000000000000")) }},
		{"no subject", func() string { return hs256(without("sub")) }},
		{"subject 0", func() string { return hs256(set("sub", "0")) }},
		{"subject not a number", func() string { return hs256(set("sub", "ana")) }},
		{"ana's token with its subject edited to bob (signature breaks)", func() string {
			return editPayloadSubject(t, f.anaToken, f.bob.ID)
		}},
		{"validly re-signed: subject bob, jti of ana's session", func() string { return hs256(set("sub", bobID)) }},
		{"validly re-signed: subject ana, jti of bob's session", func() string {
			return hs256(set("jti", testutil.JTI(t, f.bobToken)))
		}},
		{"garbage", func() string { return "not.a.token" }},
		{"empty", func() string { return "" }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// Control: the same claims, correctly signed, pass; so a refusal
			// below is the row's one defect at work.
			f.mustAuthenticate(t, hs256(f.claims()), f.ana.ID)
			if id, err := f.svc.Authenticate(c.token()); err != accounts.ErrSignedOut || id != 0 {
				t.Fatalf("Authenticate = %d, %v; want 0, ErrSignedOut", id, err)
			}
		})
	}
}

func TestEndedSessionsAreRefused(t *testing.T) {
	f := newTokenFixture(t)
	cases := []struct {
		name string
		// ownUser gives the row a fresh account (for rows that delete it).
		ownUser bool
		// end ends a session whose token authenticated a moment ago.
		end func(t *testing.T, token string, user store.User)
	}{
		{"expired: the fake clock moves past the token's lifetime and the leeway", false, func(t *testing.T, _ string, _ store.User) {
			f.clock.Advance(accounts.DefaultTokenTTL + auth.Leeway)
		}},
		{"jti deleted from the store", false, func(t *testing.T, token string, _ store.User) {
			if err := f.db.Update(func(tx *store.Tx) error { return tx.DeleteSession(testutil.JTI(t, token)) }); err != nil {
				t.Fatal(err)
			}
		}},
		{"signed out", false, func(t *testing.T, token string, _ store.User) {
			if err := f.svc.SignOut(token); err != nil {
				t.Fatal(err)
			}
		}},
		{"account deleted", true, func(t *testing.T, _ string, u store.User) {
			if err := f.svc.DeleteAccount(u.ID, testutil.Password); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			user, token := f.ana, signIn(t, f.svc, "ana").Token
			if c.ownUser {
				user, token = testutil.SignUp(t, f.svc, fmt.Sprintf("user%d", i))
			}
			f.mustAuthenticate(t, token, user.ID)
			c.end(t, token, user)
			if id, err := f.svc.Authenticate(token); err != accounts.ErrSignedOut || id != 0 {
				t.Fatalf("Authenticate = %d, %v; want 0, ErrSignedOut", id, err)
			}
		})
	}
}

func TestSignOutEndsOnlyItsOwnSession(t *testing.T) {
	f := newTokenFixture(t)
	other := signIn(t, f.svc, "ana").Token
	if err := f.svc.SignOut(f.anaToken); err != nil {
		t.Fatal(err)
	}
	f.mustAuthenticate(t, other, f.ana.ID)
	f.mustAuthenticate(t, f.bobToken, f.bob.ID)
	if err := f.svc.SignOut("not.a.token"); err != nil {
		t.Fatalf("signing out an invalid token: %v", err)
	}
}

func fieldMessage(err error, field string) apperr.Message {
	var e *apperr.Error
	if errors.As(err, &e) {
		return e.Fields[field]
	}
	return apperr.Message{}
}

func signIn(t *testing.T, svc *accounts.Service, login string) accounts.Unlocked {
	t.Helper()
	u, err := svc.SignIn(accounts.SignInInput{Login: login, Password: testutil.Password})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

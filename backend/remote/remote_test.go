package remote_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"image"
	"image/png"
	"strings"
	"testing"
	"time"

	"passdesk/backend/apperr"
	"passdesk/backend/remote"
	"passdesk/backend/remote/remotetest"
)

func name() string {
	b := make([]byte, 5)
	_, _ = rand.Read(b)
	return "u" + hex.EncodeToString(b)
}

// client has the default timeouts: none on a whole call, 30 s without
// progress, which no real work on a slow machine meets.
func client(t *testing.T, url string) *remote.Client {
	t.Helper()
	c, err := remote.New(url, remote.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// signUp creates a fresh server account and returns its tokens and user.
func signUp(t *testing.T, c *remote.Client) (remote.Tokens, remote.User, string) {
	t.Helper()
	n := name()
	tokens, u, err := c.SignUp(context.Background(), map[string]any{"username": n, "email": n + "@example.com", "first_name": "Ana", "last_name": ""}, "pw "+n)
	if err != nil {
		t.Fatalf("sign up: %v", err)
	}
	return tokens, u, n
}

func kindOf(err error) remote.Kind {
	var e *remote.Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return 0
}

func TestTheAccountLifecycleOverTheObservedContract(t *testing.T) {
	url, _ := remotetest.ForTest(t)
	c := client(t, url)
	ctx := context.Background()
	tokens, u, n := signUp(t, c)
	if u.Username != n || u.FirstName != "Ana" || u.NumberPhone != nil || u.Avatar != nil {
		t.Fatalf("signed-up user = %+v", u)
	}
	if id, ok := remote.UserID(tokens.Access); !ok || id != u.ID {
		t.Fatalf("user_id in the access token = %d, %v; want %d", id, ok, u.ID)
	}
	if exp, ok := remote.ExpiresAt(tokens.Access); !ok || !exp.After(time.Now()) {
		t.Fatalf("access token exp = %v, %v; want in the future", exp, ok)
	}
	signedIn, again, err := c.SignIn(ctx, n+"@example.com", "pw "+n)
	if err != nil || again != u || signedIn.Access == "" || signedIn.Access == tokens.Access {
		t.Fatalf("sign-in = %+v, %+v, %v; want the same user and new tokens", signedIn, again, err)
	}
	if got, err := c.Profile(ctx, signedIn.Access); err != nil || got != u {
		t.Fatalf("profile = %+v, %v; want %+v", got, err, u)
	}
	rotated, err := c.Refresh(ctx, tokens.Refresh)
	if err != nil || rotated.Access == "" || rotated.Refresh == "" || rotated.Refresh == tokens.Refresh {
		t.Fatalf("refresh = %+v, %v; want a new pair", rotated, err)
	}
	if _, err := c.Refresh(ctx, tokens.Access); !remote.IsUnauthorized(err) {
		t.Fatalf("an access token used as refresh: %v, want 401", err)
	}
	phone := "3001234567"
	got, err := c.UpdateProfile(ctx, rotated.Access, u.ID, map[string]any{"last_name": n, "number_phone": phone})
	if err != nil || got.LastName != n || got.NumberPhone == nil || *got.NumberPhone != phone || got.FirstName != "Ana" {
		t.Fatalf("partial update = %+v, %v", got, err)
	}
	if got, err = c.UpdateProfile(ctx, rotated.Access, u.ID, map[string]any{"number_phone": nil}); err != nil || got.NumberPhone != nil {
		t.Fatalf("clearing the phone = %+v, %v; want null", got.NumberPhone, err)
	}
	jpeg := picture(t)
	if got, err = c.UploadAvatar(ctx, rotated.Access, u.ID, jpeg, nil); err != nil || got.Avatar == nil {
		t.Fatalf("avatar upload = %+v, %v", got.Avatar, err)
	}
	if served, err := c.FetchAvatar(ctx, *got.Avatar, nil); err != nil || !bytes.Equal(served, jpeg) {
		t.Fatalf("fetched avatar: %d bytes, %v", len(served), err)
	}
	if got, err = c.ClearAvatar(ctx, rotated.Access, u.ID); err != nil || got.Avatar != nil {
		t.Fatalf("clearing the avatar = %+v, %v", got.Avatar, err)
	}
	if err := c.DeleteAccount(ctx, rotated.Access, u.ID); err != nil {
		t.Fatalf("delete (204 with a body) = %v, want success", err)
	}
	// The request after the DELETE must not trip over the deleted body.
	if _, err := c.Profile(ctx, rotated.Access); !remote.IsUnauthorized(err) {
		t.Fatalf("profile after deletion = %v, want 401 (user not found)", err)
	}
	if _, _, err := c.SignIn(ctx, n+"@example.com", "pw "+n); kindOf(err) != remote.KindBadCredentials {
		t.Fatalf("sign-in of a deleted account (the server's 500) = %v, want bad credentials", err)
	}
}

func TestSignInFailuresAreBadCredentials(t *testing.T) {
	url, _ := remotetest.ForTest(t)
	c := client(t, url)
	_, _, n := signUp(t, c)
	for what, email := range map[string]string{"wrong password": n + "@example.com", "unknown email": name() + "@example.com"} {
		if _, _, err := c.SignIn(context.Background(), email, "nope"); kindOf(err) != remote.KindBadCredentials {
			t.Errorf("%s: %v, want bad credentials", what, err)
		}
	}
}

func TestFaultsAreRetryableAndTheRestIsNot(t *testing.T) {
	url, srv := remotetest.ForTest(t)
	if srv == nil {
		t.Skip("needs fault injection")
	}
	c := client(t, url)
	// The one timeout under test: the "slow" server never answers within it
	// (its latency is an hour), so how fast the machine is cannot matter.
	impatient, err := remote.New(url, remote.Options{HeaderTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	tokens, _, _ := signUp(t, c)
	ctx := context.Background()
	profile := func() error { _, err := c.Profile(ctx, tokens.Access); return err }
	cases := []struct {
		name   string
		inject func()
		call   func() error
		kind   remote.Kind
	}{
		{"down", func() { srv.SetDown(true) }, profile, remote.KindUnreachable},
		{"reset", func() { srv.ResetNext(1) }, profile, remote.KindUnreachable},
		{"500", func() { srv.FailNext(1, 500) }, profile, remote.KindServer},
		{"503", func() { srv.FailNext(1, 503) }, profile, remote.KindServer},
		{"429", func() { srv.FailNext(1, 429) }, profile, remote.KindRateLimited},
		{"slow", func() { srv.SetLatency(time.Hour) }, func() error {
			_, err := impatient.Profile(ctx, tokens.Access)
			return err
		}, remote.KindUnreachable},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.inject()
			err := tc.call()
			srv.SetDown(false)
			srv.SetLatency(0)
			if kindOf(err) != tc.kind || !remote.IsRetryable(err) {
				t.Fatalf("error = %v, want retryable %v", err, tc.kind)
			}
			if tc.kind == remote.KindRateLimited {
				var e *remote.Error
				if errors.As(err, &e); e.RetryAfter != time.Second {
					t.Errorf("Retry-After = %v, want 1s", e.RetryAfter)
				}
			}
			if err := profile(); err != nil {
				t.Fatalf("after the fault: %v", err)
			}
		})
	}
	// Down also refuses new connections, not only reused ones.
	srv.SetDown(true)
	fresh := client(t, url)
	_, _, err = fresh.SignIn(ctx, "a@example.com", "pw")
	srv.SetDown(false)
	if kindOf(err) != remote.KindUnreachable {
		t.Fatalf("a new connection while down: %v, want unreachable", err)
	}
	if _, err := c.Profile(ctx, "garbage"); !remote.IsUnauthorized(err) || remote.IsRetryable(err) {
		t.Fatalf("a bad token: %v, want 401, not retryable", err)
	}
	if _, err := c.UpdateProfile(ctx, tokens.Access, 999999, map[string]any{}); kindOf(err) != remote.KindServer {
		t.Fatalf("another (missing) pk: %v, want the server's 500", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := c.Profile(cancelled, tokens.Access); !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled call: %v, want context.Canceled", err)
	}
}

func TestBadServerAddressesAreRefused(t *testing.T) {
	for _, url := range []string{"", "example.com/api/", "ftp://example.com/", "http://user:pw@example.com/api/", "http://example.com/api/?x=1", "http://example.com/api/#f", "http:///api/"} {
		_, err := remote.New(url, remote.Options{})
		if e := apperr.As(err); e == nil || e.Fields["server_url"].IsZero() {
			t.Errorf("New(%q) = %v, want a server_url field error", url, err)
		}
	}
	c, err := remote.New("http://127.0.0.1:8000/api", remote.Options{})
	if err != nil || c.BaseURL() != "http://127.0.0.1:8000/api/" {
		t.Fatalf("a missing trailing slash: %v, %v", c, err)
	}
}

func TestErrorsNeverCarryTheToken(t *testing.T) {
	url, _ := remotetest.ForTest(t)
	c := client(t, url)
	secret := "eyJhbGciOiJIUzI1NiJ9.eyJzZWNyZXQiOjF9.c2lnbmF0dXJl"
	_, err := c.Profile(context.Background(), secret)
	if err == nil || strings.Contains(err.Error(), secret) {
		t.Fatalf("error %q shows the token", err)
	}
}

func fieldOf(err error, field string) string {
	var e *remote.Error
	if errors.As(err, &e) {
		return e.Fields[field]
	}
	return ""
}

func picture(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

package remote_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"passdesk/backend/remote"
	"passdesk/backend/remote/remotetest"
)

func TestOnlyProfileFieldsAreEverSentAndOpenEndpointsGoWithoutAHeader(t *testing.T) {
	url, srv := remotetest.ForTest(t)
	if srv == nil {
		t.Skip("needs the built-in server's request log")
	}
	c := client(t, url)
	ctx := context.Background()
	tokens, u, first := signUp(t, c)
	if _, _, err := c.SignIn(ctx, first+"@example.com", "pw "+first); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Refresh(ctx, tokens.Refresh); err != nil {
		t.Fatal(err)
	}
	n, email, phone := name(), name()+"@example.com", "3001234567"
	f := map[string]any{"username": n, "email": email, "first_name": n, "last_name": n, "number_phone": phone}
	if _, err := c.UpdateProfile(ctx, tokens.Access, u.ID, f); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UploadAvatar(ctx, tokens.Access, u.ID, picture(t), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ClearAvatar(ctx, tokens.Access, u.ID); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteAccount(ctx, tokens.Access, u.ID); err != nil {
		t.Fatal(err)
	}

	pk := strconv.FormatInt(u.ID, 10)
	update, del := "PUT /api/profile/"+pk+"/update/", "DELETE /api/profile/"+pk+"/delete/"
	open := map[string][]string{ // the exact body fields of each open endpoint
		"POST /api/sign-up/":       {"email", "first_name", "last_name", "password", "username"},
		"POST /api/sign-in/":       {"email", "password"},
		"POST /api/token/refresh/": {"refresh"},
	}
	profileFields := []string{"username", "email", "first_name", "last_name", "number_phone", "avatar"}
	seen := map[string]int{}
	for _, r := range srv.Requests() {
		key := r.Method + " " + r.Path
		seen[key]++
		switch {
		case open[key] != nil:
			if r.Authorization {
				t.Errorf("%s carried an Authorization header", key)
			}
			if got := slices.Sorted(slices.Values(r.BodyFields)); !slices.Equal(got, open[key]) {
				t.Errorf("%s sent %v, want %v", key, got, open[key])
			}
			if !strings.HasPrefix(r.ContentType, "application/json") {
				t.Errorf("%s sent as %q, want JSON (a multipart sign-up makes an inactive user)", key, r.ContentType)
			}
		case key == update:
			for _, name := range r.BodyFields {
				if !slices.Contains(profileFields, name) {
					t.Errorf("%s sent the non-profile field %q", key, name)
				}
			}
		case key == del:
			if !r.Close || len(r.BodyFields) != 0 {
				t.Errorf("DELETE: Connection: close = %v, body fields %v; want close and no body", r.Close, r.BodyFields)
			}
		default:
			t.Errorf("unexpected request %s", key)
		}
		if (key == update || key == del) && !r.Authorization {
			t.Errorf("%s went without the token", key)
		}
	}
	if seen[update] != 3 || seen[del] != 1 {
		t.Errorf("requests seen: %v", seen)
	}
}

func TestAvatarsAreMultipartNamedAvatar(t *testing.T) {
	url, srv := remotetest.ForTest(t)
	if srv == nil {
		t.Skip("needs the built-in server's request log and accounts")
	}
	c := client(t, url)
	ctx := context.Background()
	tokens, u, _ := signUp(t, c)
	jpeg := picture(t)
	got, err := c.UploadAvatar(ctx, tokens.Access, u.ID, jpeg, nil)
	if err != nil || got.Avatar == nil || !strings.HasPrefix(*got.Avatar, "/media/avatars/") {
		t.Fatalf("upload = %v, %v", got.Avatar, err)
	}
	log := srv.Requests()
	last := log[len(log)-1]
	if !strings.HasPrefix(last.ContentType, "multipart/form-data") || !slices.Equal(last.BodyFields, []string{"avatar"}) {
		t.Fatalf("upload sent %q with fields %v, want multipart with only \"avatar\"", last.ContentType, last.BodyFields)
	}
	if a, _ := srv.Account(u.ID); !bytes.Equal(a.Avatar, jpeg) || a.AvatarPath != *got.Avatar {
		t.Fatalf("the server holds %d bytes at %q", len(a.Avatar), a.AvatarPath)
	}
	second, err := c.UploadAvatar(ctx, tokens.Access, u.ID, jpeg, nil)
	if err != nil || second.Avatar == nil || *second.Avatar == *got.Avatar {
		t.Fatalf("a second upload = %v, %v; want a new path", second.Avatar, err)
	}
	if _, err := c.UploadAvatar(ctx, tokens.Access, u.ID, []byte("not a picture"), nil); kindOf(err) != remote.KindInvalid || fieldOf(err, "avatar") == "" {
		t.Fatalf("a non-image: %v, want a 400 on avatar", err)
	}
	if _, err := c.FetchAvatar(ctx, "/media/avatars/none.jpg", nil); kindOf(err) != remote.KindProtocol {
		t.Fatalf("a missing picture: %v, want a protocol error (404)", err)
	}
}

func TestAnEditOnTheWebIsWhatProfileReturns(t *testing.T) {
	url, srv := remotetest.ForTest(t)
	if srv == nil {
		t.Skip("needs web-side edits")
	}
	c := client(t, url)
	tokens, u, _ := signUp(t, c)
	phone := "3109876543"
	srv.Edit(u.ID, func(a *remotetest.Account) { a.LastName, a.NumberPhone = "Web", &phone })
	got, err := c.Profile(context.Background(), tokens.Access)
	if err != nil || got.LastName != "Web" || got.NumberPhone == nil || *got.NumberPhone != phone || got.FirstName != "Ana" {
		t.Fatalf("profile after a web edit = %+v, %v", got, err)
	}
}

func TestTheRequestAfterADeleteIsFineAndAResetThereIsRetryable(t *testing.T) {
	url, srv := remotetest.ForTest(t)
	c := client(t, url)
	ctx := context.Background()
	doomed, du, _ := signUp(t, c)
	keeper, _, _ := signUp(t, c)
	if err := c.DeleteAccount(ctx, doomed.Access, du.ID); err != nil {
		t.Fatalf("delete: %v", err)
	}
	// The same client at once: a reused connection would be reset here.
	for range 3 {
		if _, err := c.Profile(ctx, keeper.Access); err != nil {
			t.Fatalf("the request after a delete: %v", err)
		}
	}
	if srv == nil {
		return
	}
	if err := c.DeleteAccount(ctx, keeper.Access, 424242); kindOf(err) != remote.KindServer {
		t.Fatalf("deleting a missing pk: %v, want the server's 500", err)
	}
	srv.ResetNext(1)
	if _, err := c.Profile(ctx, keeper.Access); kindOf(err) != remote.KindUnreachable || !remote.IsRetryable(err) {
		t.Fatalf("a reset: %v, want retryable unreachable", err)
	}
}

func TestAnExpiredAccessTokenIsUnauthorizedUntilRefreshed(t *testing.T) {
	url, srv := remotetest.ForTest(t)
	if srv == nil {
		t.Skip("needs token expiry")
	}
	c := client(t, url)
	ctx := context.Background()
	tokens, _, _ := signUp(t, c)
	srv.ExpireTokens()
	_, err := c.Profile(ctx, tokens.Access)
	var re *remote.Error
	if !errors.As(err, &re) || re.Kind != remote.KindUnauthorized || re.Code != "token_not_valid" || re.Status != 401 || remote.IsRetryable(err) {
		t.Fatalf("an expired token: %v, want 401 token_not_valid, not retryable", err)
	}
	fresh, err := c.Refresh(ctx, tokens.Refresh)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Profile(ctx, fresh.Access); err != nil {
		t.Fatalf("after refresh: %v", err)
	}
}

func TestTokenLifetimesComeFromTheServerClock(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); defer mu.Unlock(); now = now.Add(d) }
	srv := remotetest.New(remotetest.Options{AccessTTL: time.Minute, RefreshTTL: time.Hour, Now: clock})
	t.Cleanup(srv.Close)
	c := client(t, srv.URL)
	ctx := context.Background()
	tokens, _, _ := signUp(t, c)
	start := clock()
	if exp, ok := remote.ExpiresAt(tokens.Access); !ok || !exp.Equal(start.Add(time.Minute)) {
		t.Fatalf("access exp = %v, %v; want %v", exp, ok, start.Add(time.Minute))
	}
	if exp, ok := remote.ExpiresAt(tokens.Refresh); !ok || !exp.Equal(start.Add(time.Hour)) {
		t.Fatalf("refresh exp = %v, %v; want %v", exp, ok, start.Add(time.Hour))
	}
	advance(2 * time.Minute)
	if _, err := c.Profile(ctx, tokens.Access); !remote.IsUnauthorized(err) {
		t.Fatalf("past its exp: %v, want 401", err)
	}
	fresh, err := c.Refresh(ctx, tokens.Refresh)
	if err != nil {
		t.Fatalf("refresh within its lifetime: %v", err)
	}
	advance(2 * time.Hour)
	if _, err := c.Refresh(ctx, fresh.Refresh); !remote.IsUnauthorized(err) {
		t.Fatalf("a refresh token past its exp: %v, want 401", err)
	}
}

func TestRefusalsKeepTheServersFieldErrors(t *testing.T) {
	url, _ := remotetest.ForTest(t)
	c := client(t, url)
	ctx := context.Background()
	tokens, u, n := signUp(t, c)
	_, _, err := c.SignUp(ctx, map[string]any{"username": name(), "email": n + "@example.com"}, "pw")
	if kindOf(err) != remote.KindInvalid || fieldOf(err, "email") == "" || remote.IsRetryable(err) {
		t.Fatalf("a taken email: %v, want a 400 on email", err)
	}
	_, _, err = c.SignUp(ctx, map[string]any{"username": "not a valid name!", "email": "nope"}, "pw")
	if fieldOf(err, "username") == "" || fieldOf(err, "email") == "" {
		t.Fatalf("a bad username and email: %v, want both fields", err)
	}
	long := "123456789012"
	if _, err := c.UpdateProfile(ctx, tokens.Access, u.ID, map[string]any{"number_phone": long}); kindOf(err) != remote.KindInvalid || fieldOf(err, "number_phone") == "" {
		t.Fatalf("a 12-digit phone: %v, want a 400 on number_phone", err)
	}
	_, other, _ := signUp(t, c)
	first := "x"
	if _, err := c.UpdateProfile(ctx, tokens.Access, other.ID, map[string]any{"first_name": first}); kindOf(err) != remote.KindForbidden {
		t.Fatalf("updating another account: %v, want 403", err)
	}
}

func TestErrorsNeverCarryTokensOrPasswords(t *testing.T) {
	url, _ := remotetest.ForTest(t)
	c := client(t, url)
	ctx := context.Background()
	tokens, _, n := signUp(t, c)
	password := "Sup3r-s3cret-" + n
	_, _, err := c.SignIn(ctx, n+"@example.com", password)
	if err == nil || strings.Contains(err.Error(), password) {
		t.Fatalf("a wrong password's error %q", err)
	}
	secret := "eyJhbGciOiJIUzI1NiJ9.eyJzZWNyZXQiOjF9.c2lnbmF0dXJl"
	_, profileErr := c.Profile(ctx, secret)
	_, refreshErr := c.Refresh(ctx, secret)
	_, swappedErr := c.Refresh(ctx, tokens.Access) // an access token as refresh
	for what, err := range map[string]error{"profile": profileErr, "refresh": refreshErr, "access as refresh": swappedErr} {
		if err == nil || strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), tokens.Access) {
			t.Errorf("%s: error %q", what, err)
		}
	}
	// Without an answer either: the request URL and headers stay out.
	dead := client(t, "http://127.0.0.1:1/api/")
	if _, err := dead.Profile(ctx, secret); kindOf(err) != remote.KindUnreachable || strings.Contains(err.Error(), secret) {
		t.Errorf("unreachable: %q", err)
	}
}

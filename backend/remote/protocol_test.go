package remote_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"passdesk/backend/remote"
)

// serve starts a loopback server answering every request with h.
func serve(t *testing.T, h http.HandlerFunc) *remote.Client {
	t.Helper()
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return client(t, s.URL+"/api/")
}

func TestAnswersPassDeskCannotUseAreProtocolErrors(t *testing.T) {
	elsewhere := atomic.Bool{}
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Store(true)
		_, _ = w.Write([]byte(`{"id":1,"username":"x"}`))
	}))
	defer other.Close()
	cases := map[string]http.HandlerFunc{
		"oversized": func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write([]byte(`{"id":1,"username":"` + strings.Repeat("a", 2<<20) + `"}`))
		},
		"not JSON":   func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("<html>hello</html>")) },
		"not a user": func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(`{"detail":"ok"}`)) },
		"404":        func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) },
		"405":        func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusMethodNotAllowed) },
		"redirect": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, other.URL+"/api/profile/", http.StatusFound)
		},
	}
	for what, h := range cases {
		t.Run(what, func(t *testing.T) {
			_, err := serve(t, h).Profile(context.Background(), "token")
			if kindOf(err) != remote.KindProtocol || remote.IsRetryable(err) {
				t.Fatalf("%v, want a non-retryable protocol error", err)
			}
		})
	}
	if elsewhere.Load() {
		t.Error("a redirect was followed (with the token) to another server")
	}
	// A sign-in or sign-up answer must carry both tokens and the user.
	half := serve(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"access":"a","user":{"id":3}}`))
	})
	if _, _, err := half.SignIn(context.Background(), "a@example.com", "pw"); kindOf(err) != remote.KindProtocol {
		t.Fatalf("a session answer without a refresh token: %v, want a protocol error", err)
	}
}

func TestAvatarsComeOnlyFromTheServersOrigin(t *testing.T) {
	var (
		mu    sync.Mutex // the handler runs on the server's goroutines
		paths []string
	)
	reached := func() []string { mu.Lock(); defer mu.Unlock(); return slices.Clone(paths) }
	c := serve(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.Path)
		mu.Unlock()
		if r.Header.Get("Authorization") != "" {
			t.Errorf("an avatar fetch carried an Authorization header")
		}
		_, _ = w.Write([]byte("picture"))
	})
	for _, path := range []string{"http://elsewhere.test/media/a.jpg", "//elsewhere.test/a.jpg", "https://" + strings.TrimPrefix(c.BaseURL(), "http://"),
		"http://user:pw@" + strings.TrimPrefix(c.BaseURL(), "http://") + "x.jpg", "", "%zz"} {
		if _, err := c.FetchAvatar(context.Background(), path, nil); kindOf(err) != remote.KindProtocol {
			t.Errorf("FetchAvatar(%q) = %v, want a refusal", path, err)
		}
	}
	if got := reached(); len(got) != 0 {
		t.Fatalf("refused fetches reached the server: %v", got)
	}
	got, err := c.FetchAvatar(context.Background(), "/media/avatars/a.jpg", nil)
	if paths := reached(); err != nil || string(got) != "picture" || !slices.Equal(paths, []string{"/media/avatars/a.jpg"}) {
		t.Fatalf("a path on the origin: %q, %v (paths %v)", got, err, paths)
	}
	big := serve(t, func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write(make([]byte, 10<<20+1)) })
	if _, err := big.FetchAvatar(context.Background(), "/media/big.jpg", nil); kindOf(err) != remote.KindProtocol {
		t.Fatalf("an 10 MiB + 1 picture: %v, want a protocol error", err)
	}
}

func TestRefreshKeepsTheOldRefreshTokenWhenNoneComesBack(t *testing.T) {
	c := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			t.Errorf("token/refresh/ carried an Authorization header")
		}
		_, _ = w.Write([]byte(`{"access":"new-access"}`))
	})
	got, err := c.Refresh(context.Background(), "old-refresh")
	if err != nil || got != (remote.Tokens{Access: "new-access", Refresh: "old-refresh"}) {
		t.Fatalf("refresh = %+v, %v", got, err)
	}
}

func TestRetryAfterIsReadInSecondsOrAsADate(t *testing.T) {
	const inHalfAMinute = "a date 30 s ahead"
	for header, want := range map[string][2]time.Duration{
		"7": {7 * time.Second, 7 * time.Second},
		// Dated when the answer is written, so only the time between the
		// answer and its reading (and the date's whole seconds) is lost; the
		// lower bound leaves a loaded machine 15 s for that.
		inHalfAMinute: {15 * time.Second, 30 * time.Second},
		"soon":        {0, 0},
		"":            {0, 0},
	} {
		c := serve(t, func(w http.ResponseWriter, r *http.Request) {
			if header == inHalfAMinute {
				w.Header().Set("Retry-After", time.Now().Add(30*time.Second).UTC().Format(http.TimeFormat))
			} else if header != "" {
				w.Header().Set("Retry-After", header)
			}
			w.WriteHeader(http.StatusTooManyRequests)
		})
		_, err := c.Profile(context.Background(), "t")
		var re *remote.Error
		if !errors.As(err, &re) || re.Kind != remote.KindRateLimited || re.RetryAfter < want[0] || re.RetryAfter > want[1] {
			t.Errorf("Retry-After %q: %v (after %v), want rate limited after %v", header, err, re.RetryAfter, want)
		}
	}
}

func TestSignInRefusalsNeedTheServersErrorBody(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
		want   remote.Kind
	}{
		{400, `{"error":"Invalid password"}`, remote.KindBadCredentials},
		{500, `{"error":"No Users matches the given query."}`, remote.KindBadCredentials},
		{500, `<h1>Server Error (500)</h1>`, remote.KindServer},
		{400, `{"email":["Este campo es requerido."]}`, remote.KindInvalid},
	} {
		c := serve(t, func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(tc.status)
			_, _ = w.Write([]byte(tc.body))
		})
		if _, _, err := c.SignIn(context.Background(), "a@example.com", "pw"); kindOf(err) != tc.want {
			t.Errorf("%d %s: %v, want kind %v", tc.status, tc.body, err, tc.want)
		}
	}
}

func TestTokensAreReadWithoutTheKey(t *testing.T) {
	sign := func(claims jwt.MapClaims) string {
		s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte("a key only the server knows"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	exp := time.Date(2031, 5, 6, 7, 8, 9, 0, time.UTC)
	for what, tc := range map[string]struct {
		token string
		id    int64
		idOK  bool
		expOK bool
	}{
		"number user_id": {sign(jwt.MapClaims{"user_id": 42, "exp": exp.Unix()}), 42, true, true},
		"string user_id": {sign(jwt.MapClaims{"user_id": "42", "exp": exp.Unix()}), 42, true, true},
		"big user_id":    {sign(jwt.MapClaims{"user_id": int64(1) << 53}), 1 << 53, true, false},
		"no claims":      {sign(jwt.MapClaims{"token_type": "access"}), 0, false, false},
		"bad user_id":    {sign(jwt.MapClaims{"user_id": "x", "exp": "soon"}), 0, false, false},
		"not a token":    {"garbage", 0, false, false},
		"empty":          {"", 0, false, false},
	} {
		id, ok := remote.UserID(tc.token)
		if id != tc.id || ok != tc.idOK {
			t.Errorf("%s: UserID = %d, %v; want %d, %v", what, id, ok, tc.id, tc.idOK)
		}
		at, ok := remote.ExpiresAt(tc.token)
		if ok != tc.expOK || (ok && !at.Equal(exp)) {
			t.Errorf("%s: ExpiresAt = %v, %v", what, at, ok)
		}
	}
}

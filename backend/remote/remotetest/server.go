// Package remotetest is a contract test server for the remote
// password-generator service: an in-memory stand-in that behaves as
// remote-api.md records the real one (Django REST Framework + SimpleJWT),
// defects included — 204 with a body on delete, 500 for missing objects,
// Spanish error texts, rotating refresh tokens that stay valid, 401
// token_not_valid, inactive users after a multipart sign-up, no ownership
// check on delete, emails compared case-sensitively, the sign-up answer
// echoing the plaintext password — plus fault injection (down, slow, 5xx,
// 429, resets, an update applied whose answer is lost) and the deployed
// service's ways (no /media/ served; slow or stalled picture bodies).
package remotetest

import (
	"crypto/rand"
	"encoding/hex"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// Options tune a Server.
type Options struct {
	AccessTTL, RefreshTTL time.Duration // 5 min and 24 h when zero (SimpleJWT's access default)
	Now                   func() time.Time
}

// Account is a server-side user.
type Account struct {
	ID                        int64
	Username, Email, Password string
	FirstName, LastName       string
	NumberPhone               *string
	AvatarPath                string // "" for none
	Avatar                    []byte
	Active                    bool
	DateJoined                time.Time
	IsStaff, IsSuperuser      bool
}

// Request is one logged request, for tests to assert what a client sent.
type Request struct {
	Method, Path, ContentType string
	BodyFields                []string // JSON keys or multipart field names
	Status                    int
	Authorization             bool // an Authorization header was sent (never its value)
	Close                     bool // the client asked for no connection reuse (Connection: close)
}

// Server is a running contract server.
type Server struct {
	URL string // base URL, ending in /api/

	http *httptest.Server
	opts Options
	key  []byte

	mu         sync.Mutex
	accounts   map[int64]*Account
	nextID     int64
	media      map[string][]byte
	requests   []Request
	down       bool
	failNext   int
	failStatus int
	resetNext  int
	latency    time.Duration
	noMedia    bool
	pace       MediaPace
	lostAnswer int // updates to apply whose answer is then lost
	lostStatus int // 0: a reset, else this status
	closing    chan struct{}
	// jti of the tokens issued since the last Expire* call, and of those
	// refused since: expiry is simulated without a claim the real server lacks.
	liveAccess, liveRefresh []string
	expired                 map[string]bool
	hijacked                map[net.Conn]bool // connections kept by the delete answer
	extra                   map[string]http.HandlerFunc
	saved                   savedPasswords // passwords.go
}

// Handle adds a route outside the service's API (e.g. an inspection
// endpoint for end-to-end tests).
func (s *Server) Handle(path string, h http.HandlerFunc) {
	s.locked(func() { s.extra[path] = h })
}

// New starts a server on a loopback port.
func New(opts Options) *Server {
	s := newServer(opts)
	s.http = httptest.NewUnstartedServer(s.handler())
	s.start()
	return s
}

// NewOn starts a server on addr (e.g. 127.0.0.1:0), for the standalone command.
func NewOn(addr string, opts Options) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := newServer(opts)
	s.http = &httptest.Server{Listener: ln, Config: &http.Server{Handler: s.handler()}}
	s.start()
	return s, nil
}

func (s *Server) start() {
	s.http.Listener = downListener{Listener: s.http.Listener, s: s}
	s.http.Start()
	s.URL = s.http.URL + "/api/"
}

// downListener drops new connections while the server is down: they are
// accepted and reset at once, as by a proxy whose upstream is gone. Open
// keep-alive connections are hung up by the handler instead.
type downListener struct {
	net.Listener
	s *Server
}

func (l downListener) Accept() (net.Conn, error) {
	for {
		conn, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		l.s.mu.Lock()
		down := l.s.down
		l.s.mu.Unlock()
		if !down {
			return conn, nil
		}
		reset(conn)
	}
}

func newServer(opts Options) *Server {
	if opts.AccessTTL <= 0 {
		opts.AccessTTL = 5 * time.Minute
	}
	if opts.RefreshTTL <= 0 {
		opts.RefreshTTL = 24 * time.Hour
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	return &Server{opts: opts, key: key, accounts: map[int64]*Account{}, media: map[string][]byte{}, nextID: 1,
		expired: map[string]bool{}, hijacked: map[net.Conn]bool{}, extra: map[string]http.HandlerFunc{}, closing: make(chan struct{})}
}

// Close stops the server, including the connections it took over.
func (s *Server) Close() {
	close(s.closing) // ends a stalled body, which would hold Close up
	s.http.Close()
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.hijacked {
		_ = c.Close()
	}
	clear(s.hijacked)
}

// ForTest returns the server tests should use: the external one named by
// PASSDESK_REMOTE_URL (srv is then nil: no fault injection, no inspection)
// or a built-in one closed when the test ends.
func ForTest(t testing.TB) (baseURL string, srv *Server) {
	if url := os.Getenv("PASSDESK_REMOTE_URL"); url != "" {
		return url, nil
	}
	srv = New(Options{})
	t.Cleanup(srv.Close)
	return srv.URL, srv
}

// SetDown makes every connection close at once (the client sees a reset
// or EOF), as when the service is down behind its proxy.
func (s *Server) SetDown(down bool) { s.locked(func() { s.down = down }) }

// FailNext makes the next n API requests answer status (500, 503, 429…).
func (s *Server) FailNext(n, status int) { s.locked(func() { s.failNext, s.failStatus = n, status }) }

// ResetNext resets the connection of the next n requests.
func (s *Server) ResetNext(n int) { s.locked(func() { s.resetNext = n }) }

// SetLatency delays every answer; a client that gives up meanwhile gets
// none (so a latency longer than any test holds no request open).
func (s *Server) SetLatency(d time.Duration) { s.locked(func() { s.latency = d }) }

// ServeMedia(false) makes every /media/ path answer 404, as the deployed
// service does (DEBUG=False serves static files only; remote-api.md,
// defect 13): a user object still names its avatar, which cannot be
// downloaded. Served by default, as by Django's development server.
func (s *Server) ServeMedia(served bool) { s.locked(func() { s.noMedia = !served }) }

// MediaPace paces picture bodies, as a slow link does.
type MediaPace struct {
	Chunk int           // bytes per write (all at once when 0)
	Every time.Duration // between writes
	// StallAfter, when positive, stops the body for good after that many
	// bytes: the connection stays open and silent until the client gives up.
	StallAfter int
}

// SetMediaPace paces every picture download from now on.
func (s *Server) SetMediaPace(p MediaPace) { s.locked(func() { s.pace = p }) }

// LoseAnswerNext makes the next n profile updates (fields or picture) take
// effect and then lose their answer: status (e.g. 502, a proxy's) instead
// of the user object, or a reset connection when status is 0. The client
// cannot tell whether the update happened (issue 12 §3).
func (s *Server) LoseAnswerNext(n, status int) {
	s.locked(func() { s.lostAnswer, s.lostStatus = n, status })
}

// ExpireTokens makes every access token issued so far invalid (401
// token_not_valid), as if its lifetime had passed.
func (s *Server) ExpireTokens() { s.locked(func() { s.expireLocked(&s.liveAccess) }) }

// ExpireRefreshTokens does the same to refresh tokens (the user must sign in).
func (s *Server) ExpireRefreshTokens() { s.locked(func() { s.expireLocked(&s.liveRefresh) }) }

func (s *Server) expireLocked(live *[]string) {
	for _, jti := range *live {
		s.expired[jti] = true
	}
	*live = nil
}

// Account returns a copy of account id.
func (s *Server) Account(id int64) (Account, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a, ok := s.accounts[id]; ok {
		return *a, true
	}
	return Account{}, false
}

// AccountByEmail finds an account by email for inspection: the one spelt
// exactly so, or else one differing only in case (unlike sign-in, which
// takes the exact spelling only).
func (s *Server) AccountByEmail(email string) (Account, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.byEmailLocked(email); a != nil {
		return *a, true
	}
	for _, a := range s.accounts {
		if strings.EqualFold(a.Email, email) {
			return *a, true
		}
	}
	return Account{}, false
}

// Edit changes an account as the website would.
func (s *Server) Edit(id int64, fn func(*Account)) {
	s.locked(func() {
		if a, ok := s.accounts[id]; ok {
			fn(a)
		}
	})
}

// EnableInspection adds GET /_test/account?email=… (outside the API): the
// account's profile fields as JSON, or 404; and GET /_test/passwords?email=…,
// its saved passwords. The real service has no such routes; end-to-end
// tests use them to see what reached the "server".
func (s *Server) EnableInspection() {
	s.enablePasswordInspection()
	s.Handle("/_test/account", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			methodNotAllowed(w, r)
			return
		}
		a, ok := s.AccountByEmail(r.URL.Query().Get("email"))
		if !ok {
			writeJSON(w, http.StatusNotFound, map[string]any{"detail": "No encontrado."})
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{
			"id": a.ID, "username": a.Username, "email": a.Email, "first_name": a.FirstName,
			"last_name": a.LastName, "number_phone": a.NumberPhone, "avatar_path": a.AvatarPath, "active": a.Active,
		})
	})
}

// Requests returns the request log.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

func (s *Server) locked(fn func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fn()
}

// byEmailLocked finds an account as the service does: by the exact
// spelling (Django's default lookup is case-sensitive; remote-api.md,
// defect 9), so two accounts may differ only in case.
func (s *Server) byEmailLocked(email string) *Account {
	for _, a := range s.accounts {
		if a.Email == email {
			return a
		}
	}
	return nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

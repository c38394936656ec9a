package remotetest

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

var (
	profileRoute = regexp.MustCompile(`^/api/profile/(\d+)/(update|delete)/$`)
	usernameRule = regexp.MustCompile(`^[\w.@+-]{1,150}$`)
	emailRule    = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
)

// statusRecorder remembers the status for the request log.
type statusRecorder struct {
	http.ResponseWriter
	status int
	entry  Request // this request's log entry, but for its status
	logged bool    // guarded by Server.mu
}

// logLocked appends rec's request to the log, once; s.mu must be held. A
// handler that answers by hand on a hijacked connection calls it before
// the answer leaves, so a client that has its answer finds its request
// logged.
func (s *Server) logLocked(rec *statusRecorder) {
	if rec.logged {
		return
	}
	rec.logged = true
	e := rec.entry
	e.Status = rec.status
	s.requests = append(s.requests, e)
}

func (r *statusRecorder) WriteHeader(code int) { r.status = code; r.ResponseWriter.WriteHeader(code) }

// Unwrap lets http.ResponseController reach the connection (for Hijack).
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (s *Server) handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		down, latency := s.down, s.latency
		reset := s.resetNext > 0
		if reset {
			s.resetNext--
		}
		fail := 0
		if !reset && s.failNext > 0 && strings.HasPrefix(r.URL.Path, "/api/") {
			s.failNext--
			fail = s.failStatus
		}
		s.mu.Unlock()
		if down || reset {
			hangUp(w)
			return
		}
		if latency > 0 {
			select {
			case <-time.After(latency):
			case <-r.Context().Done(): // the client gave up: nothing to answer
				return
			}
		}
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK, entry: Request{
			Method: r.Method, Path: r.URL.Path, ContentType: r.Header.Get("Content-Type"),
			BodyFields: bodyFields(r), Authorization: r.Header.Get("Authorization") != "", Close: r.Close,
		}}
		switch {
		case fail == http.StatusTooManyRequests:
			rec.Header().Set("Retry-After", "1")
			writeJSON(rec, fail, map[string]any{"detail": "Solicitud fue regulada (throttled)."})
		case fail != 0:
			writeJSON(rec, fail, map[string]any{"error": "Error interno"})
		default:
			s.route(rec, r)
		}
		s.locked(func() { s.logLocked(rec) })
	})
}

// hangUp resets the connection without an answer.
func hangUp(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	reset(conn)
}

// reset closes conn with an RST instead of a FIN.
func reset(conn net.Conn) {
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	s.mu.Lock()
	extra := s.extra[path]
	s.mu.Unlock()
	if extra != nil {
		extra(w, r)
		return
	}
	if strings.HasPrefix(path, "/media/") {
		s.serveMedia(w, r)
		return
	}
	open := map[string]func(http.ResponseWriter, *http.Request){
		"/api/sign-up/": s.signUp, "/api/sign-in/": s.signIn, "/api/token/": s.obtainPair,
		"/api/token/refresh/": s.refresh, "/api/response-password/": s.generate,
	}
	if h, ok := open[path]; ok {
		// A bad Authorization header is refused even on open endpoints.
		if _, err := s.authenticate(r); err != nil && err != errNoCredentials {
			writeAuthError(w, err)
			return
		}
		if path != "/api/response-password/" && r.Method != http.MethodPost {
			methodNotAllowed(w, r)
			return
		}
		h(w, r)
		return
	}
	if path == "/api/profile/" {
		if r.Method != http.MethodPost {
			methodNotAllowed(w, r)
			return
		}
		s.withUser(w, r, func(a *Account) { writeJSON(w, http.StatusOK, userObject(a)) })
		return
	}
	if s.routePasswords(w, r) {
		return
	}
	if m := profileRoute.FindStringSubmatch(path); m != nil {
		pk, _ := strconv.ParseInt(m[1], 10, 64)
		if m[2] == "update" {
			s.update(w, r, pk)
		} else {
			s.deleteAccount(w, r, pk)
		}
		return
	}
	writeJSON(w, http.StatusNotFound, map[string]any{"detail": "No encontrado."})
}

func methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusMethodNotAllowed, map[string]any{"detail": "Método \"" + r.Method + "\" no permitido."})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func userObject(a *Account) map[string]any {
	var avatar any
	if a.AvatarPath != "" {
		avatar = a.AvatarPath
	}
	var phone any
	if a.NumberPhone != nil {
		phone = *a.NumberPhone
	}
	// All of AbstractUser's fields, the password hash included, as the real
	// serializer returns them; clients must ignore what they do not need.
	return map[string]any{
		"id": a.ID, "password": "pbkdf2_sha256$260000$" + randomHex(6), "last_login": nil,
		"is_superuser": a.IsSuperuser, "username": a.Username, "first_name": a.FirstName, "last_name": a.LastName,
		"email": a.Email, "is_staff": a.IsStaff, "is_active": a.Active,
		"date_joined":  a.DateJoined.Format("2006-01-02T15:04:05.000000-07:00"),
		"number_phone": phone, "avatar": avatar, "groups": []any{}, "user_permissions": []any{},
	}
}

// --- tokens (SimpleJWT-like) ---

type tokenClaims struct {
	TokenType string `json:"token_type"`
	UserID    int64  `json:"user_id"`
	jwt.RegisteredClaims
}

// issue signs a SimpleJWT-shaped pair for a. Call with s.mu held.
func (s *Server) issue(a *Account) map[string]any {
	now := s.opts.Now()
	sign := func(kind string, ttl time.Duration, live *[]string) string {
		jti := randomHex(16)
		*live = append(*live, jti)
		c := tokenClaims{TokenType: kind, UserID: a.ID, RegisteredClaims: jwt.RegisteredClaims{
			ExpiresAt: jwt.NewNumericDate(now.Add(ttl)), IssuedAt: jwt.NewNumericDate(now), ID: jti,
		}}
		t, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(s.key)
		return t
	}
	return map[string]any{"refresh": sign("refresh", s.opts.RefreshTTL, &s.liveRefresh), "access": sign("access", s.opts.AccessTTL, &s.liveAccess)}
}

var (
	errTokenNotValid = errors.New("token_not_valid")
	errBadHeader     = errors.New("bad_authorization_header")
	errUserNotFound  = errors.New("user_not_found")
	errUserInactive  = errors.New("user_inactive")
	errNoCredentials = errors.New("not_authenticated")
)

// parseLocked checks a token's signature, lifetime and type, and that no
// Expire* call has retired it. Call with s.mu held.
func (s *Server) parseLocked(token, kind string) (*tokenClaims, error) {
	c := &tokenClaims{}
	_, err := jwt.ParseWithClaims(token, c, func(*jwt.Token) (any, error) { return s.key, nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithTimeFunc(s.opts.Now), jwt.WithExpirationRequired())
	if err != nil || c.TokenType != kind || s.expired[c.ID] {
		return nil, errTokenNotValid
	}
	return c, nil
}

// bearer reads the Authorization header as SimpleJWT does: absent or of
// another scheme counts as no credentials; "Bearer" without exactly one
// token is refused.
func bearer(r *http.Request) (string, error) {
	parts := strings.Fields(r.Header.Get("Authorization"))
	switch {
	case len(parts) == 0 || parts[0] != "Bearer":
		return "", errNoCredentials
	case len(parts) != 2:
		return "", errBadHeader
	}
	return parts[1], nil
}

func (s *Server) authenticate(r *http.Request) (*Account, error) {
	token, err := bearer(r)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.parseLocked(token, "access")
	if err != nil {
		return nil, err
	}
	a, ok := s.accounts[c.UserID]
	switch {
	case !ok:
		return nil, errUserNotFound
	case !a.Active:
		return nil, errUserInactive
	}
	return a, nil
}

func writeAuthError(w http.ResponseWriter, err error) {
	switch err {
	case errBadHeader:
		writeJSON(w, http.StatusUnauthorized, map[string]any{"detail": "El encabezado 'Authorization' debe contener dos valores delimitados por espacios",
			"code": "bad_authorization_header"})
	case errNoCredentials:
		writeJSON(w, http.StatusUnauthorized, map[string]any{"detail": "Las credenciales de autenticación no se proveyeron."})
	case errUserNotFound:
		writeJSON(w, http.StatusUnauthorized, map[string]any{"detail": "Usuario no encontrado", "code": "user_not_found"})
	case errUserInactive:
		writeJSON(w, http.StatusUnauthorized, map[string]any{"detail": "Usuario inactivo", "code": "user_inactive"})
	default:
		writeJSON(w, http.StatusUnauthorized, map[string]any{"detail": "El token dado no es válido para ningún tipo de token",
			"code": "token_not_valid", "messages": []any{map[string]any{"token_class": "AccessToken", "token_type": "access", "message": "El token es inválido o ha expirado"}}})
	}
}

// withUser runs fn with the request's authenticated account, under s.mu.
func (s *Server) withUser(w http.ResponseWriter, r *http.Request, fn func(*Account)) {
	a, err := s.authenticate(r)
	if err != nil {
		writeAuthError(w, err)
		return
	}
	s.locked(func() { fn(a) })
}

// --- bodies ---

// bodyFields lists the field names of a request body without consuming it.
func bodyFields(r *http.Request) []string {
	if r.Body == nil {
		return nil
	}
	data, _ := io.ReadAll(io.LimitReader(r.Body, 16<<20))
	r.Body = io.NopCloser(strings.NewReader(string(data)))
	var names []string
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "multipart/form-data" {
		mr := multipart.NewReader(strings.NewReader(string(data)), params["boundary"])
		for {
			p, err := mr.NextPart()
			if err != nil {
				break
			}
			names = append(names, p.FormName())
		}
		return names
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(data, &obj) == nil {
		for k := range obj {
			names = append(names, k)
		}
	}
	return names
}

// form is a decoded request body: JSON values, or multipart values and files.
type form struct {
	values    map[string]any
	files     map[string][]byte
	multipart bool
}

func readForm(r *http.Request) (form, error) {
	f := form{values: map[string]any{}, files: map[string][]byte{}}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "multipart/form-data" {
		f.multipart = true
		if err := r.ParseMultipartForm(16 << 20); err != nil {
			return f, err
		}
		for k, v := range r.MultipartForm.Value {
			f.values[k] = v[0]
		}
		for k, fhs := range r.MultipartForm.File {
			file, err := fhs[0].Open()
			if err != nil {
				return f, err
			}
			data, _ := io.ReadAll(file)
			file.Close()
			f.files[k] = data
		}
		return f, nil
	}
	if r.ContentLength == 0 {
		return f, nil
	}
	return f, json.NewDecoder(r.Body).Decode(&f.values)
}

func (f form) str(name string) (string, bool) {
	v, ok := f.values[name]
	if !ok || v == nil {
		return "", ok
	}
	s, isStr := v.(string)
	if !isStr {
		return "", false
	}
	return s, true
}

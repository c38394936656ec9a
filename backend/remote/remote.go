// Package remote is the HTTP client of the password-generator web service,
// speaking its contract as observed (see remote-api.md in the workspace),
// defects included: JSON sign-up only, no Authorization header on open
// endpoints, DELETE without connection reuse (it answers 204 with a body),
// 500 for missing objects. It branches on status and "code" only; the
// server's texts are Spanish and are never shown to the user.
package remote

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"passdesk/backend/apperr"
)

// Limits on what is read from the server.
const (
	maxJSONBody   = 1 << 20  // 1 MiB
	maxAvatarBody = 10 << 20 // 10 MiB, as for local uploads
)

// Options tune a Client. There is no limit on a whole call: a large
// picture on a slow link takes as long as it takes, as long as it moves
// (issue 12 §2). Zero durations take the defaults.
type Options struct {
	ConnectTimeout time.Duration // opening the TCP connection: 10 s
	TLSTimeout     time.Duration // the TLS handshake: 10 s
	// HeaderTimeout is the wait for the answer's headers once the request
	// is sent: 30 s.
	HeaderTimeout time.Duration
	// StallTimeout ends a call whose request or answer body has moved no
	// byte for this long (ErrStalled): 30 s.
	StallTimeout time.Duration
	// Transport replaces the client's own (the connect, TLS and header
	// timeouts are then the transport's business); nil for the own one.
	Transport http.RoundTripper
}

// Progress is told how a body transfer advances: done bytes of total (0
// when the server does not say). It is called on the transfer's goroutine.
type Progress func(done, total int64)

// Client talks to one server.
type Client struct {
	base  *url.URL
	http  *http.Client
	stall time.Duration // Options.StallTimeout
}

// New returns a client for baseURL (e.g. https://host/api/). It must be an
// absolute http or https URL without credentials, query or fragment; a
// missing trailing slash is added.
func New(baseURL string, opts Options) (*Client, error) {
	u, err := url.Parse(strings.TrimSpace(baseURL))
	bad := func(msg apperr.Message) (*Client, error) { return nil, apperr.Field("server_url", msg) }
	switch {
	case err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https"):
		return bad(apperr.SyncURLScheme)
	case u.User != nil:
		return bad(apperr.SyncURLUser)
	case u.RawQuery != "" || u.Fragment != "" || u.ForceQuery:
		return bad(apperr.SyncURLQuery)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	opts.ConnectTimeout = cmp.Or(opts.ConnectTimeout, 10*time.Second)
	opts.TLSTimeout = cmp.Or(opts.TLSTimeout, 10*time.Second)
	opts.HeaderTimeout = cmp.Or(opts.HeaderTimeout, 30*time.Second)
	opts.StallTimeout = cmp.Or(opts.StallTimeout, 30*time.Second)
	if opts.Transport == nil {
		opts.Transport = &http.Transport{
			Proxy:               http.ProxyFromEnvironment,
			DialContext:         (&net.Dialer{Timeout: opts.ConnectTimeout, KeepAlive: 30 * time.Second}).DialContext,
			MaxIdleConnsPerHost: 2, IdleConnTimeout: 30 * time.Second,
			TLSHandshakeTimeout: opts.TLSTimeout, ResponseHeaderTimeout: opts.HeaderTimeout,
		}
	}
	return &Client{base: u, stall: opts.StallTimeout, http: &http.Client{Transport: opts.Transport,
		// A redirect would turn a POST into a GET, or carry a token to
		// wherever the server points: it is reported, never followed.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}, nil
}

// BaseURL is the normalised base URL.
func (c *Client) BaseURL() string { return c.base.String() }

// Tokens are a SimpleJWT pair.
type Tokens struct {
	Access  string `json:"access"`
	Refresh string `json:"refresh"`
}

// User holds only the profile fields of the server's user object; the rest
// (password hash, is_staff…) is never decoded.
type User struct {
	ID          int64   `json:"id"`
	Username    string  `json:"username"`
	Email       string  `json:"email"`
	FirstName   string  `json:"first_name"`
	LastName    string  `json:"last_name"`
	NumberPhone *string `json:"number_phone"`
	Avatar      *string `json:"avatar"` // a path on the server's origin, e.g. /media/avatars/x.jpg
}

type session struct {
	Tokens
	User User `json:"user"`
}

// SignUp creates an account with a JSON body (a multipart sign-up makes an
// inactive user on this server) and returns its tokens. profile holds the
// profile fields by the service's names (profilefield.RemoteBody); a nil
// value is left out.
func (c *Client) SignUp(ctx context.Context, profile map[string]any, password string) (Tokens, User, error) {
	body := map[string]any{"password": password}
	for name, v := range profile {
		if v != nil { // the service's sign-up takes a missing field, not null
			body[name] = v
		}
	}
	var out session
	err := c.do(ctx, call{method: http.MethodPost, path: "sign-up/", json: body, out: &out})
	return out.Tokens, out.User, out.check(err)
}

// check refuses a success answer that lacks what every session answer has.
func (s session) check(err error) error {
	if err == nil && (s.Access == "" || s.Refresh == "" || s.User.ID == 0) {
		return &Error{Kind: KindProtocol, Status: http.StatusOK, Err: errors.New("session answer without tokens or user")}
	}
	return err
}

// checkUser does the same for an answer that should be the user object.
func checkUser(u User, err error) (User, error) {
	if err == nil && u.ID == 0 {
		return u, &Error{Kind: KindProtocol, Status: http.StatusOK, Err: errors.New("answer without a user")}
	}
	return u, err
}

// SignIn signs in with email and password. A wrong password (400) and an
// unknown email (500 with an "error" body, the server's way) are both
// KindBadCredentials.
func (c *Client) SignIn(ctx context.Context, email, password string) (Tokens, User, error) {
	var out session
	err := c.do(ctx, call{method: http.MethodPost, path: "sign-in/", json: map[string]any{"email": email, "password": password}, out: &out})
	var re *Error
	if errors.As(err, &re) && re.hasErrorBody && (re.Status == http.StatusBadRequest || re.Status == http.StatusInternalServerError) {
		re.Kind = KindBadCredentials
	}
	return out.Tokens, out.User, out.check(err)
}

// Refresh trades a refresh token for a new pair. The server rotates the
// refresh token; when it sends none, the old one is kept.
func (c *Client) Refresh(ctx context.Context, refresh string) (Tokens, error) {
	var out Tokens
	err := c.do(ctx, call{method: http.MethodPost, path: "token/refresh/", json: map[string]any{"refresh": refresh}, out: &out})
	if err == nil && out.Refresh == "" {
		out.Refresh = refresh
	}
	if err == nil && out.Access == "" {
		err = &Error{Kind: KindProtocol, Status: http.StatusOK, Err: errors.New("refresh answer without an access token")}
	}
	return out, err
}

// Profile fetches the signed-in user's profile (POST, as the server wants).
func (c *Client) Profile(ctx context.Context, access string) (User, error) {
	var out User
	err := c.do(ctx, call{method: http.MethodPost, path: "profile/", access: access, out: &out})
	return checkUser(out, err)
}

func profilePath(pk int64, action string) string {
	return "profile/" + strconv.FormatInt(pk, 10) + "/" + action + "/"
}

// UpdateProfile sends body, a partial update by the service's field names
// (profilefield.RemoteBody: nothing but profile fields), and nothing else.
func (c *Client) UpdateProfile(ctx context.Context, access string, pk int64, body map[string]any) (User, error) {
	var out User
	err := c.do(ctx, call{method: http.MethodPut, path: profilePath(pk, "update"), access: access, json: body, out: &out})
	return checkUser(out, err)
}

// UploadAvatar replaces the picture (multipart field "avatar"); progress
// (may be nil) follows the upload.
func (c *Client) UploadAvatar(ctx context.Context, access string, pk int64, jpeg []byte, progress Progress) (User, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	part, err := w.CreateFormFile("avatar", "avatar.jpg")
	if err == nil {
		_, err = part.Write(jpeg)
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		return User{}, err
	}
	var out User
	err = c.do(ctx, call{method: http.MethodPut, path: profilePath(pk, "update"), access: access,
		raw: buf.Bytes(), contentType: w.FormDataContentType(), out: &out, progress: progress})
	return checkUser(out, err)
}

// ClearAvatar removes the picture.
func (c *Client) ClearAvatar(ctx context.Context, access string, pk int64) (User, error) {
	var out User
	err := c.do(ctx, call{method: http.MethodPut, path: profilePath(pk, "update"), access: access, json: map[string]any{"avatar": nil}, out: &out})
	return checkUser(out, err)
}

// DeleteAccount deletes the account pk. The server answers 204 with a
// body, which would poison a reused connection, so this request closes its own.
func (c *Client) DeleteAccount(ctx context.Context, access string, pk int64) error {
	return c.do(ctx, call{method: http.MethodDelete, path: profilePath(pk, "delete"), access: access, close: true})
}

// FetchAvatar downloads a picture by its server path; progress (may be nil)
// follows the download. Only paths on the server's own origin are fetched.
// The deployed service serves no /media/ at all: a 404 here is KindProtocol
// with Status 404 (remote-api.md, defect 13).
func (c *Client) FetchAvatar(ctx context.Context, path string, progress Progress) ([]byte, error) {
	ref, err := url.Parse(path)
	if err != nil || path == "" {
		return nil, &Error{Kind: KindProtocol, Err: errors.New("the avatar path is not a URL path")}
	}
	u := c.base.ResolveReference(ref)
	if u.Scheme != c.base.Scheme || !strings.EqualFold(u.Host, c.base.Host) || u.User != nil {
		return nil, &Error{Kind: KindProtocol, Err: errors.New("the avatar is not on the server's origin")}
	}
	var out []byte
	err = c.doURL(ctx, u, call{method: http.MethodGet, rawOut: &out, limit: maxAvatarBody, progress: progress})
	return out, err
}

package remote

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"
)

// call describes one request.
type call struct {
	method, path string
	access       string // Bearer token; empty on open endpoints (a bad header gets 401 even there)
	json         any    // JSON body
	raw          []byte // or a raw body with its content type
	contentType  string
	close        bool // no connection reuse
	out          any  // JSON answer
	rawOut       *[]byte
	limit        int64
	progress     Progress // of the raw request body, or of the answer when rawOut is set
}

func (c *Client) do(ctx context.Context, cl call) error {
	return c.doURL(ctx, c.base.JoinPath(cl.path), cl)
}

func (c *Client) doURL(ctx context.Context, u *url.URL, cl call) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	dog := newWatchdog(c.stall, cancel)
	defer dog.stop()
	var body io.Reader
	var size int64
	if cl.json != nil {
		b, err := json.Marshal(cl.json)
		if err != nil {
			return err
		}
		body, size, cl.contentType = bytes.NewReader(b), int64(len(b)), "application/json"
	} else if cl.raw != nil {
		body, size = bytes.NewReader(cl.raw), int64(len(cl.raw))
	}
	var reqProgress Progress
	if cl.rawOut == nil {
		reqProgress = cl.progress
	}
	if body != nil {
		// The transport reads the body as it writes it to the connection:
		// each read is progress of the upload.
		body = &watched{r: body, dog: dog, total: size, progress: reqProgress, endPauses: true}
	}
	req, err := http.NewRequestWithContext(ctx, cl.method, u.String(), body)
	if err != nil {
		return &Error{Kind: KindProtocol, Err: err}
	}
	req.ContentLength = size
	req.Close = cl.close
	if cl.rawOut == nil {
		req.Header.Set("Accept", "application/json")
	}
	if cl.contentType != "" {
		req.Header.Set("Content-Type", cl.contentType)
	}
	if cl.access != "" {
		req.Header.Set("Authorization", "Bearer "+cl.access)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		// Dial errors, timeouts, resets and EOFs: the server may be back later.
		return &Error{Kind: KindUnreachable, Err: dog.explain(scrub(err))}
	}
	defer resp.Body.Close()
	limit := cl.limit
	if limit == 0 {
		limit = maxJSONBody
	}
	var respProgress Progress
	if cl.rawOut != nil {
		respProgress = cl.progress
	}
	answer := &watched{r: io.LimitReader(resp.Body, limit+1), dog: dog, total: max(resp.ContentLength, 0), progress: respProgress}
	data, err := io.ReadAll(answer)
	if err != nil {
		return &Error{Kind: KindUnreachable, Status: resp.StatusCode, Err: dog.explain(scrub(err))}
	}
	dog.stop()
	if int64(len(data)) > limit {
		return &Error{Kind: KindProtocol, Status: resp.StatusCode, Err: fmt.Errorf("answer larger than %d bytes", limit)}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return statusError(resp, data)
	}
	switch {
	case cl.rawOut != nil:
		*cl.rawOut = data
	case cl.out != nil:
		if err := json.Unmarshal(data, cl.out); err != nil {
			return &Error{Kind: KindProtocol, Status: resp.StatusCode, Err: fmt.Errorf("undecodable answer: %w", err)}
		}
	}
	return nil
}

// ErrStalled is the cause of a call ended because its request or answer
// body moved no byte for Options.StallTimeout; the call is KindUnreachable
// (retryable).
var ErrStalled = errors.New("the transfer made no progress")

// watchdog cancels a call when a body makes no progress for d. It runs
// only while a body moves: the wait for the answer's headers has the
// transport's own timeout.
type watchdog struct {
	d       time.Duration
	cancel  context.CancelFunc
	mu      sync.Mutex
	timer   *time.Timer
	stalled bool
}

func newWatchdog(d time.Duration, cancel context.CancelFunc) *watchdog {
	return &watchdog{d: d, cancel: cancel}
}

// kick (re)starts the countdown: a byte moved, or a body starts.
func (w *watchdog) kick() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.timer == nil {
		w.timer = time.AfterFunc(w.d, w.fire)
		return
	}
	w.timer.Reset(w.d)
}

func (w *watchdog) fire() {
	w.mu.Lock()
	w.stalled = true
	w.mu.Unlock()
	w.cancel()
}

// stop pauses the countdown until the next kick.
func (w *watchdog) stop() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.timer != nil {
		w.timer.Stop()
	}
}

// explain names a failure caused by the watchdog as a stall.
func (w *watchdog) explain(err error) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.stalled {
		return fmt.Errorf("%w for %s", ErrStalled, w.d)
	}
	return err
}

// watched is a body under the watchdog, reporting its progress.
type watched struct {
	r           io.Reader
	dog         *watchdog
	done, total int64
	progress    Progress
	endPauses   bool // the end of the body pauses the watchdog (a request: the answer's headers come next)
	started     bool
}

func (b *watched) Read(p []byte) (int, error) {
	if !b.started {
		b.started = true
		b.dog.kick()
	}
	n, err := b.r.Read(p)
	if n > 0 {
		b.dog.kick()
		b.done += int64(n)
		if b.progress != nil {
			b.progress(b.done, b.total)
		}
	}
	if err == io.EOF && b.endPauses {
		b.dog.stop()
	}
	return n, err
}

// scrub drops the URL from a transport error (it is ours, but keeps logs short
// and free of anything a path might carry).
func scrub(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}

// Kind classifies a failure by what the caller should do about it.
type Kind int

const (
	KindUnreachable    Kind = iota + 1 // no answer: dial, timeout, reset, EOF
	KindServer                         // 5xx
	KindRateLimited                    // 429
	KindUnauthorized                   // 401
	KindForbidden                      // 403
	KindInvalid                        // 400: the request was refused as it stands
	KindBadCredentials                 // sign-in refused
	KindProtocol                       // an answer PassDesk cannot use: redirects, 404, 405…, oversized, undecodable
)

func (k Kind) String() string {
	names := map[Kind]string{KindUnreachable: "unreachable", KindServer: "server error", KindRateLimited: "rate limited",
		KindUnauthorized: "unauthorized", KindForbidden: "forbidden", KindInvalid: "invalid", KindBadCredentials: "bad credentials", KindProtocol: "protocol"}
	return names[k]
}

// Error is a failed call.
type Error struct {
	Kind       Kind
	Status     int               // 0 without an answer
	Code       string            // the server's "code", e.g. token_not_valid, user_not_found
	Fields     map[string]string // 400 field errors: the first message per field (the server's words)
	RetryAfter time.Duration     // from a 429's Retry-After
	Err        error

	hasErrorBody bool // the body was {"error": …}
}

// Error never includes tokens or passwords: only the kind, status and code.
func (e *Error) Error() string {
	s := "remote: " + e.Kind.String()
	if e.Status != 0 {
		s += " (HTTP " + strconv.Itoa(e.Status) + ")"
	}
	if e.Code != "" {
		s += " " + e.Code
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Retryable says whether trying again later may succeed.
func (e *Error) Retryable() bool {
	return e.Kind == KindUnreachable || e.Kind == KindServer || e.Kind == KindRateLimited
}

// IsRetryable reports whether err is a remote failure worth retrying.
func IsRetryable(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Retryable()
}

// IsUnauthorized reports whether the server refused the credentials (401).
func IsUnauthorized(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == KindUnauthorized
}

func statusError(resp *http.Response, data []byte) *Error {
	e := &Error{Status: resp.StatusCode}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		e.Kind = KindRateLimited
		e.RetryAfter = retryAfter(resp.Header.Get("Retry-After"), time.Now())
	case resp.StatusCode >= 500:
		e.Kind = KindServer
	case resp.StatusCode == http.StatusUnauthorized:
		e.Kind = KindUnauthorized
	case resp.StatusCode == http.StatusForbidden:
		e.Kind = KindForbidden
	case resp.StatusCode == http.StatusBadRequest:
		e.Kind = KindInvalid
	default:
		// Not an answer this service gives to a well-formed call: most
		// likely the address points somewhere else.
		e.Kind = KindProtocol
	}
	var body map[string]json.RawMessage
	if json.Unmarshal(data, &body) != nil {
		return e
	}
	if raw, ok := body["code"]; ok {
		_ = json.Unmarshal(raw, &e.Code)
	}
	_, e.hasErrorBody = body["error"]
	if e.Kind == KindInvalid {
		e.Fields = fieldErrors(body)
	}
	return e
}

// retryAfter reads a Retry-After header: delay seconds or an HTTP date.
func retryAfter(h string, now time.Time) time.Duration {
	if h == "" {
		return 0
	}
	if secs, err := strconv.Atoi(h); err == nil {
		return max(time.Duration(secs)*time.Second, 0)
	}
	if at, err := http.ParseTime(h); err == nil {
		return max(at.Sub(now), 0)
	}
	return 0
}

// fieldErrors reads DRF's {"field": ["message", …]} shape.
func fieldErrors(body map[string]json.RawMessage) map[string]string {
	out := map[string]string{}
	for name, raw := range body {
		var msgs []string
		if json.Unmarshal(raw, &msgs) == nil && len(msgs) > 0 {
			out[name] = msgs[0]
		}
	}
	return out
}

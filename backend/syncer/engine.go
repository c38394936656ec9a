// Package syncer keeps a local profile in step with the remote
// password-generator service (SPEC §7): local edits wait in an outbox that
// is written in the same transaction as the edit, a background worker
// delivers them with backoff, and the server's profile is pulled and merged
// three-way against the last synced state, leaving true conflicts to the
// user. Sync is per signed-in user and runs only while their session is
// unlocked: the remote token is sealed under their data key.
package syncer

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"passdesk/backend/avatar"
	"passdesk/backend/remote"
	"passdesk/backend/store"
)

// Config wires an Engine. Zero durations take the defaults.
type Config struct {
	DB       *store.DB
	Pipeline *avatar.Pipeline // cleans pictures pulled from the server
	Keychain Keychain         // nil: refresh tokens are sealed in the database
	Remote   remote.Options   // timeouts and transport of the HTTP client
	Now      func() time.Time
	Log      *slog.Logger
	// OnStatus is told every status change (the app forwards it to the UI).
	// It is called with the engine locked: it must not call back into it.
	OnStatus func(Status)

	RetryMin  time.Duration // first retry delay while the server is unreachable (1 s)
	RetryMax  time.Duration // longest retry delay (5 min)
	PullEvery time.Duration // how often the server is asked for changes (5 min)
	// RefreshAhead renews the access token this long before it expires (30 s).
	RefreshAhead time.Duration
	// ProgressAfter is how long a picture transfer runs before the status
	// shows its progress (1 s, issue 12 §2).
	ProgressAfter time.Duration
}

// session is the signed-in user the engine works for.
type session struct {
	userID  uint64
	dataKey []byte
	ctx     context.Context
	cancel  context.CancelFunc
	wake    chan struct{}
	done    chan struct{}
}

// Engine runs sync for the signed-in user. All methods are safe for
// concurrent use; sync cycles never overlap.
type Engine struct {
	cfg Config

	cycleMu sync.Mutex // one cycle at a time: worker, link, resolve
	// companion runs at the end of each cycle (companion.go); nil: none.
	companion func(Round) error

	mu        sync.Mutex
	sess      *session
	client    *remote.Client
	access    string // in memory only
	syncing   bool
	offline   bool
	attempt   int
	nextRetry time.Time
	picture   *pictureProblem // the server's picture could not be had
	moving    *transfer       // a picture transfer under way
}

// pictureProblem is a failed download of the server's picture at path.
// One the server will not fix by itself (404, oversized, unreadable) is
// not tried again for the same path until the user asks (SyncNow).
type pictureProblem struct {
	path    string
	lasting bool
}

// transfer is a picture transfer under way and when it started.
type transfer struct {
	Transfer
	since, shown time.Time
}

// New returns an idle engine; Start begins work for a user.
func New(cfg Config) *Engine {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.OnStatus == nil {
		cfg.OnStatus = func(Status) {}
	}
	defaults := []struct {
		d   *time.Duration
		def time.Duration
	}{{&cfg.RetryMin, time.Second}, {&cfg.RetryMax, 5 * time.Minute}, {&cfg.PullEvery, 5 * time.Minute}, {&cfg.RefreshAhead, 30 * time.Second},
		{&cfg.ProgressAfter, time.Second}}
	for _, d := range defaults {
		if *d.d <= 0 {
			*d.d = d.def
		}
	}
	e := &Engine{cfg: cfg}
	// Every committed local edit queues itself in the outbox (store.Tx.Enqueue),
	// so the commit itself wakes the worker: no caller has to remember to.
	cfg.DB.OnOutboxCommit(e.outboxGrew)
	return e
}

// outboxGrew wakes the worker when the user it syncs for has a new change
// queued.
func (e *Engine) outboxGrew(userID uint64) {
	e.mu.Lock()
	mine := e.sess != nil && e.sess.userID == userID
	e.mu.Unlock()
	if mine {
		e.Wake()
	}
}

// Start begins syncing for a user whose session was just unlocked; the
// engine keeps its own copy of the data key. A sync runs at once when the
// account is linked (so changes queued before a restart are delivered).
func (e *Engine) Start(userID uint64, dataKey []byte) {
	e.Stop()
	ctx, cancel := context.WithCancel(context.Background())
	s := &session{
		userID: userID, dataKey: append([]byte(nil), dataKey...),
		ctx: ctx, cancel: cancel, wake: make(chan struct{}, 1), done: make(chan struct{}),
	}
	e.mu.Lock()
	e.sess, e.client, e.access = s, nil, ""
	e.syncing, e.offline, e.attempt, e.nextRetry = false, false, 0, time.Time{}
	e.picture, e.moving = nil, nil
	e.mu.Unlock()
	go e.work(s)
	e.Wake()
}

// Stop ends the worker and forgets the access token and data key (on
// sign-out, lock or account deletion). Queued changes stay in the outbox.
func (e *Engine) Stop() {
	e.mu.Lock()
	s := e.sess
	e.sess, e.client, e.access = nil, nil, ""
	e.mu.Unlock()
	if s == nil {
		return
	}
	s.cancel()
	<-s.done
	for i := range s.dataKey {
		s.dataKey[i] = 0
	}
}

// Wake asks the worker for a sync cycle soon ("sync now"; a committed
// local change wakes it by itself); it never blocks.
func (e *Engine) Wake() {
	e.mu.Lock()
	s := e.sess
	e.mu.Unlock()
	if s == nil {
		return
	}
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// SyncNow is the user's "Sync now" (and "try again" on a problem): a
// cycle soon that also retries what failed in a way that would not pass
// by itself, such as a server picture that could not be downloaded.
func (e *Engine) SyncNow() {
	e.mu.Lock()
	if e.picture != nil {
		e.picture.lasting = false
	}
	e.mu.Unlock()
	e.Wake()
}

// pictureFor downloads the server's picture at path, unless it failed
// for good before; a failure is kept as the status's problem, a success
// clears it.
func (e *Engine) pictureFor(s *session, client *remote.Client, path string) (*avatar.Avatar, error) {
	e.mu.Lock()
	p := e.picture
	e.mu.Unlock()
	if p != nil && p.path == path && p.lasting {
		return nil, errors.New("the server's picture failed before")
	}
	pic, err := e.fetchPicture(s, client, path)
	if err != nil && s.ctx.Err() == nil {
		e.cfg.Log.Warn("the server's picture could not be downloaded; the rest syncs", "err", err)
		e.setPictureProblem(s, &pictureProblem{path: path, lasting: !remote.IsRetryable(err)})
		return nil, err
	}
	e.setPictureProblem(s, nil)
	return pic, err
}

func (e *Engine) setPictureProblem(s *session, p *pictureProblem) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.sess != s || (p == nil && e.picture == nil) {
		return
	}
	e.picture = p
	e.emitLocked(s)
}

// progressEvery spaces the status updates of a transfer's progress.
const progressEvery = 200 * time.Millisecond

// transfer tracks one picture transfer for the status: progress is the
// callback for the remote client, done ends the tracking.
func (e *Engine) transfer(s *session, part string) (progress remote.Progress, done func()) {
	t := &transfer{Transfer: Transfer{Part: part}, since: e.cfg.Now()}
	e.mu.Lock()
	if e.sess == s {
		e.moving = t
	}
	e.mu.Unlock()
	progress = func(n, total int64) {
		e.mu.Lock()
		defer e.mu.Unlock()
		if e.sess != s || e.moving != t {
			return
		}
		t.Done, t.Total = n, total
		now := e.cfg.Now()
		if now.Sub(t.since) >= e.cfg.ProgressAfter && (t.shown.IsZero() || now.Sub(t.shown) >= progressEvery || n == total) {
			t.shown = now
			e.emitLocked(s)
		}
	}
	done = func() {
		e.mu.Lock()
		defer e.mu.Unlock()
		if e.sess == s && e.moving == t {
			e.moving = nil
			if !t.shown.IsZero() {
				e.emitLocked(s)
			}
		}
	}
	return progress, done
}

func (e *Engine) current() (*session, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.sess == nil {
		return nil, errNoSession
	}
	return e.sess, nil
}

// work is the background worker: one cycle per wake-up, retry or period.
func (e *Engine) work(s *session) {
	defer close(s.done)
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-s.wake:
		case <-timer.C:
		}
		next := e.runCycle(s)
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
		timer.Reset(next)
	}
}

// runCycle runs one cycle and returns how long to wait before the next.
func (e *Engine) runCycle(s *session) time.Duration {
	e.cycleMu.Lock()
	defer e.cycleMu.Unlock()
	if s.ctx.Err() != nil {
		return time.Hour
	}
	e.setSyncing(s, true)
	err := e.cycle(s)
	e.setSyncing(s, false)
	return e.afterCycle(s, err)
}

// afterCycle records the outcome of a cycle and schedules the next one:
// soon with growing, jittered delays while the server is unreachable,
// otherwise at the pull period.
func (e *Engine) afterCycle(s *session, err error) time.Duration {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.sess != s {
		return time.Hour
	}
	if !remote.IsRetryable(err) {
		e.offline, e.attempt, e.nextRetry = false, 0, time.Time{}
		if err != nil && err != errPaused {
			e.cfg.Log.Warn("sync cycle failed", "err", err)
		}
		e.emitLocked(s)
		return e.cfg.PullEvery
	}
	e.offline = true
	e.attempt++
	delay := e.backoff(e.attempt, retryAfter(err))
	e.nextRetry = e.cfg.Now().Add(delay)
	e.cfg.Log.Info("server unreachable, will retry", "attempt", e.attempt, "in", delay.String())
	e.emitLocked(s)
	return delay
}

// backoff is exponential with "equal jitter": half the delay is fixed, the
// other half random, so many clients coming back at once do not stampede.
func (e *Engine) backoff(attempt int, floor time.Duration) time.Duration {
	d := e.cfg.RetryMin
	for i := 1; i < attempt && d < e.cfg.RetryMax; i++ {
		d *= 2
	}
	d = min(d, e.cfg.RetryMax)
	d = d/2 + rand.N(d/2+1)
	return max(d, floor)
}

func (e *Engine) setSyncing(s *session, on bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.sess == s {
		e.syncing = on
		e.emitLocked(s)
	}
}

func (e *Engine) emitLocked(s *session) {
	st, err := e.statusLocked(s)
	if err == nil {
		e.cfg.OnStatus(st)
	}
}

// Package session holds the desktop app's one signed-in session: the token
// and the user's data key, kept in memory only, and the idle auto-lock that
// revokes the one and wipes the other.
package session

import (
	"sync"
	"time"

	"passdesk/backend/apperr"
)

// Authenticator verifies and revokes session tokens (accounts.Service).
type Authenticator interface {
	Authenticate(token string) (uint64, error)
	SignOut(token string) error
}

// ErrNoSession is returned when nobody is signed in.
var ErrNoSession = apperr.New(apperr.Unauthenticated, apperr.SignInPlease)

// ErrLocked is returned when the session was ended by the idle auto-lock.
var ErrLocked = apperr.New(apperr.Unauthenticated, apperr.LockedForInactivity)

// WakeCheck is the longest the idle check waits on the monotonic clock.
// Timers run on that clock, which on Linux stops while the machine is
// suspended, so a timer set for the full idle delay would fire that much
// after waking; checking at least this often bounds how long a machine
// that slept past the delay stays unlocked after it wakes, with no call.
// Where logind announces the resume (package wake), CheckIdle makes it
// immediate.
const WakeCheck = 15 * time.Second

// Clock is what the manager reads time from and waits on.
type Clock interface {
	// Wall is the wall-clock time, without a monotonic reading: it counts
	// time spent suspended, and jumps when the clock is set.
	Wall() time.Time
	// Mono is the monotonic time since an arbitrary origin: it never jumps,
	// but on Linux it stops while the machine is suspended.
	Mono() time.Duration
	// AfterFunc calls f in its own goroutine once d has passed on the
	// monotonic clock, unless the returned timer is stopped first.
	AfterFunc(d time.Duration, f func()) Timer
}

// Cause says how a session ended.
type Cause int

const (
	// SignedOut: the user signed out, or signed in again over the session.
	SignedOut Cause = iota
	// AccountDeleted: the user deleted the account behind the session.
	AccountDeleted
	// Locked: the idle auto-lock, on either clock (a suspend counts).
	Locked
	// Rejected: the token no longer authenticates when used: its absolute
	// lifetime (accounts.DefaultTokenTTL) ran out, or it was revoked (the
	// account deleted or its sessions ended by something else).
	Rejected
	// DataReplaced: a restore replaced the data under the session.
	DataReplaced
)

// ByItself reports whether the session ended without the user asking for
// it in this window, which therefore has to be told.
func (c Cause) ByItself() bool { return c >= Locked }

// Timer is a pending AfterFunc (*time.Timer).
type Timer interface{ Stop() bool }

// SystemClock is the operating system's clock.
type SystemClock struct{ origin time.Time }

// NewSystemClock returns the system clock, its monotonic origin now.
func NewSystemClock() SystemClock { return SystemClock{origin: time.Now()} }

// Wall is time.Now with its monotonic reading stripped, so that
// differences between two of them are wall-clock differences.
func (SystemClock) Wall() time.Time { return time.Now().Round(0) }

// Mono is the monotonic time since the clock was made.
func (c SystemClock) Mono() time.Duration { return time.Since(c.origin) }

// AfterFunc is time.AfterFunc.
func (SystemClock) AfterFunc(d time.Duration, f func()) Timer { return time.AfterFunc(d, f) }

// Manager owns the current session. Its zero value is not usable: use New.
//
// Idleness is measured on both clocks, and the session locks once EITHER
// says the idle delay has passed since the last activity: the wall clock
// counts a suspend (which the monotonic clock misses on Linux), and the
// monotonic clock keeps counting when the wall clock is set back (which
// would otherwise keep the session open by however far it went back). A
// wall clock set forward can therefore lock early, never late: the safe
// side for a password store. The check runs on every call (UserID, WithKey,
// Touch), from a timer at least every WakeCheck, and on CheckIdle.
type Manager struct {
	auth  Authenticator
	clock Clock
	onEnd func(Cause)

	keyMu sync.RWMutex // WithKey holds it shared, Rekey alone

	mu       sync.Mutex
	token    string
	dataKey  []byte
	idle     time.Duration
	lastWall time.Time     // wall-clock time of the last activity
	lastMono time.Duration // monotonic time of the last activity
	timer    Timer
}

// New returns a manager that locks after idle without activity. However a
// session ends (sign-out, idle lock, a token rejected on use, the account
// deleted, the data replaced, a new sign-in over it) the manager forgets
// it, wipes its data key and then calls onEnd with the cause exactly once
// per session, so that everything tied to the session ends along one path.
// onEnd may run on the manager's timer goroutine or the caller's. clock is
// the time source (NewSystemClock() when nil).
func New(auth Authenticator, idle time.Duration, clock Clock, onEnd func(Cause)) *Manager {
	if clock == nil {
		clock = NewSystemClock()
	}
	if onEnd == nil {
		onEnd = func(Cause) {}
	}
	return &Manager{auth: auth, idle: idle, clock: clock, onEnd: onEnd}
}

// Begin makes token the current session, with the data key that opens the
// user's saved passwords, ending any previous session. The manager owns
// dataKey from now on and wipes it when the session ends. A previous
// session ends as a sign-out (onEnd runs before Begin returns).
func (m *Manager) Begin(token string, dataKey []byte) {
	m.mu.Lock()
	previous := m.token
	m.mu.Unlock()
	if previous != token {
		_ = m.end(previous, SignedOut, true)
	}
	m.mu.Lock()
	wipe(m.dataKey)
	m.token, m.dataKey = token, dataKey
	m.touchLocked()
	m.mu.Unlock()
}

// Rekey runs change with the signed-in user and a copy of the data key
// while no WithKey call runs, and makes the key change returns the
// session's data key, wiping the one it replaces. It is for a password
// change, which re-seals the user's data under a new key: a WithKey call
// overlapping it could seal an entry under the old key after the re-seal,
// leaving it unreadable. The manager owns the returned key from then on
// (wiped at once if the session ended meanwhile, which does not undo the
// change). When change fails without a key, the session keeps its own; a
// key returned with an error (the change was stored, a later step failed)
// is taken all the same. It fails as UserID does, without calling change.
func (m *Manager) Rekey(change func(userID uint64, dataKey []byte) ([]byte, error)) error {
	m.keyMu.Lock()
	defer m.keyMu.Unlock()
	token, id, key, err := m.unlocked()
	defer wipe(key)
	if err != nil {
		return err
	}
	next, err := change(id, key)
	if next == nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.token != token { // locked or signed out meanwhile: the change stands
		wipe(next)
		return err
	}
	wipe(m.dataKey)
	m.dataKey = next
	return err
}

// UserID returns the signed-in user, counting the call as activity. It fails
// with an unauthenticated error when nobody is signed in, the session was
// revoked (for example by deleting the account), or it sat idle too long.
func (m *Manager) UserID() (uint64, error) {
	_, id, key, err := m.unlocked()
	wipe(key)
	return id, err
}

// WithKey runs f with the signed-in user and a copy of the data key, which
// is wiped when f returns (or panics): f must not keep it. It fails as
// UserID does, without calling f.
func WithKey[T any](m *Manager, f func(userID uint64, dataKey []byte) (T, error)) (T, error) {
	m.keyMu.RLock()
	defer m.keyMu.RUnlock()
	_, id, key, err := m.unlocked()
	defer wipe(key)
	if err != nil {
		var zero T
		return zero, err
	}
	return f(id, key)
}

// unlocked is UserID with the session's token and a copy of the data key,
// which the caller wipes.
func (m *Manager) unlocked() (string, uint64, []byte, error) {
	m.mu.Lock()
	token := m.token
	if token == "" {
		m.mu.Unlock()
		return "", 0, nil, ErrNoSession
	}
	if m.idleElapsedLocked() {
		m.mu.Unlock()
		m.lock()
		return "", 0, nil, ErrLocked
	}
	key := append([]byte(nil), m.dataKey...)
	m.touchLocked()
	m.mu.Unlock()

	id, err := m.auth.Authenticate(token)
	if err != nil {
		wipe(key)
		_ = m.end(token, Rejected, false)
		return "", 0, nil, err
	}
	return token, id, key, nil
}

// Touch records user activity (typing, clicking) that did not call the
// backend. A session already idle too long is locked instead.
func (m *Manager) Touch() {
	m.mu.Lock()
	if m.token == "" {
		m.mu.Unlock()
		return
	}
	if m.idleElapsedLocked() {
		m.mu.Unlock()
		m.lock()
		return
	}
	m.touchLocked()
	m.mu.Unlock()
}

// End ends the current session for cause (SignedOut, DataReplaced): the
// token is revoked and forgotten. With nobody signed in it does nothing.
func (m *Manager) End(cause Cause) error {
	m.mu.Lock()
	token := m.token
	m.mu.Unlock()
	return m.end(token, cause, true)
}

// Forget ends the current session without revoking it, for when the
// account behind it is already gone (AccountDeleted).
func (m *Manager) Forget(cause Cause) {
	m.mu.Lock()
	token := m.token
	m.mu.Unlock()
	_ = m.end(token, cause, false)
}

// SetIdle changes the auto-lock delay, counting from the last activity.
func (m *Manager) SetIdle(idle time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.idle = idle
	if m.token != "" {
		m.scheduleLocked()
	}
}

// idleElapsedLocked applies the Manager's rule: idle once either clock has
// counted the delay since the last activity.
func (m *Manager) idleElapsedLocked() bool {
	return m.idle > 0 && (m.clock.Wall().Sub(m.lastWall) >= m.idle || m.clock.Mono()-m.lastMono >= m.idle)
}

func (m *Manager) touchLocked() {
	m.lastWall, m.lastMono = m.clock.Wall(), m.clock.Mono()
	m.scheduleLocked()
}

// scheduleLocked sets the timer for the next check: when the monotonic
// clock will say idle, or after WakeCheck if sooner.
func (m *Manager) scheduleLocked() {
	if m.timer != nil {
		m.timer.Stop()
		m.timer = nil
	}
	if m.idle <= 0 {
		return
	}
	wait := min(m.idle-(m.clock.Mono()-m.lastMono), WakeCheck)
	m.timer = m.clock.AfterFunc(wait, m.checkIdle)
}

// CheckIdle locks the session now if it has sat idle too long, without
// counting as activity: for the moment the machine resumes from suspend
// (package wake), so the lock need not wait for the next timer.
func (m *Manager) CheckIdle() { m.checkIdle() }

// checkIdle runs when the timer fires or the machine resumes: it locks an
// idle session and otherwise sets the next check.
func (m *Manager) checkIdle() {
	m.mu.Lock()
	if m.token == "" {
		m.mu.Unlock()
		return
	}
	if !m.idleElapsedLocked() {
		m.scheduleLocked()
		m.mu.Unlock()
		return
	}
	m.mu.Unlock()
	m.lock()
}

func (m *Manager) lock() {
	m.mu.Lock()
	token := m.token
	m.mu.Unlock()
	_ = m.end(token, Locked, true)
}

// end is the one way a session ends: if token is still the current one it
// is forgotten (its data key wiped), revoked when revoke says so, and
// onEnd is told the cause. Of concurrent ends of one session only the
// first gets past clear, so onEnd runs once per session.
func (m *Manager) end(token string, cause Cause, revoke bool) error {
	if !m.clear(token) {
		return nil
	}
	var err error
	if revoke {
		err = m.auth.SignOut(token)
	}
	m.onEnd(cause)
	return err
}

// clear forgets token if it is still the current one and reports whether it was.
func (m *Manager) clear(token string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.token != token || token == "" {
		return false
	}
	m.token = ""
	wipe(m.dataKey)
	m.dataKey = nil
	if m.timer != nil {
		m.timer.Stop()
		m.timer = nil
	}
	return true
}

// wipe overwrites a key that is no longer needed, so it does not linger in
// memory until the garbage collector reuses it.
func wipe(key []byte) {
	for i := range key {
		key[i] = 0
	}
}

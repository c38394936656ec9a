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
	auth   Authenticator
	clock  Clock
	onLock func()

	keyMu sync.RWMutex // WithKey holds it shared, Rekey alone

	mu       sync.Mutex
	token    string
	dataKey  []byte
	idle     time.Duration
	lastWall time.Time     // wall-clock time of the last activity
	lastMono time.Duration // monotonic time of the last activity
	timer    Timer
}

// New returns a manager that locks after idle without activity and then
// calls onLock (from its own goroutine). clock is the time source
// (NewSystemClock() when nil).
func New(auth Authenticator, idle time.Duration, clock Clock, onLock func()) *Manager {
	if clock == nil {
		clock = NewSystemClock()
	}
	if onLock == nil {
		onLock = func() {}
	}
	return &Manager{auth: auth, idle: idle, clock: clock, onLock: onLock}
}

// Begin makes token the current session, with the data key that opens the
// user's saved passwords, ending any previous session. The manager owns
// dataKey from now on and wipes it when the session ends.
func (m *Manager) Begin(token string, dataKey []byte) {
	m.mu.Lock()
	previous := m.token
	wipe(m.dataKey)
	m.token, m.dataKey = token, dataKey
	m.touchLocked()
	m.mu.Unlock()
	if previous != "" && previous != token {
		_ = m.auth.SignOut(previous)
	}
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
		m.clear(token)
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

// End signs out: the token is revoked and forgotten.
func (m *Manager) End() error {
	m.mu.Lock()
	token := m.token
	m.mu.Unlock()
	if token == "" {
		return nil
	}
	m.clear(token)
	return m.auth.SignOut(token)
}

// Forget drops the current session without revoking it, for when the
// account behind it is already gone.
func (m *Manager) Forget() {
	m.mu.Lock()
	token := m.token
	m.mu.Unlock()
	m.clear(token)
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
	if token == "" || !m.clear(token) {
		return
	}
	_ = m.auth.SignOut(token)
	m.onLock()
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

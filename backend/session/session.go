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
var ErrNoSession = apperr.New(apperr.Unauthenticated, "Please sign in.")

// ErrLocked is returned when the session was ended by the idle auto-lock.
var ErrLocked = apperr.New(apperr.Unauthenticated, "PassDesk locked itself after a period of inactivity. Please sign in again.")

// Manager owns the current session. Its zero value is not usable: use New.
type Manager struct {
	auth   Authenticator
	now    func() time.Time
	onLock func()

	mu           sync.Mutex
	token        string
	dataKey      []byte
	idle         time.Duration
	lastActivity time.Time
	timer        *time.Timer
}

// New returns a manager that locks after idle without activity and then
// calls onLock (from its own goroutine). now is the clock (time.Now when nil).
func New(auth Authenticator, idle time.Duration, now func() time.Time, onLock func()) *Manager {
	if now == nil {
		now = time.Now
	}
	if onLock == nil {
		onLock = func() {}
	}
	return &Manager{auth: auth, idle: idle, now: now, onLock: onLock}
}

// Begin makes token the current session, with the data key that opens the
// user's saved passwords, ending any previous session.
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

// UserID returns the signed-in user, counting the call as activity. It fails
// with an unauthenticated error when nobody is signed in, the session was
// revoked (for example by deleting the account), or it sat idle too long.
func (m *Manager) UserID() (uint64, error) {
	id, _, err := m.Unlocked()
	return id, err
}

// Unlocked is UserID with the user's data key (a copy the caller may keep
// only for the call).
func (m *Manager) Unlocked() (uint64, []byte, error) {
	m.mu.Lock()
	token, key := m.token, append([]byte(nil), m.dataKey...)
	if token == "" {
		m.mu.Unlock()
		return 0, nil, ErrNoSession
	}
	if m.idleElapsedLocked() {
		m.mu.Unlock()
		m.lock()
		return 0, nil, ErrLocked
	}
	m.touchLocked()
	m.mu.Unlock()

	id, err := m.auth.Authenticate(token)
	if err != nil {
		m.clear(token)
		return 0, nil, err
	}
	return id, key, nil
}

// Touch records user activity (typing, clicking) that did not call the backend.
func (m *Manager) Touch() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.token != "" && !m.idleElapsedLocked() {
		m.touchLocked()
	}
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

func (m *Manager) idleElapsedLocked() bool {
	return m.idle > 0 && m.now().Sub(m.lastActivity) >= m.idle
}

func (m *Manager) touchLocked() {
	m.lastActivity = m.now()
	m.scheduleLocked()
}

func (m *Manager) scheduleLocked() {
	if m.timer != nil {
		m.timer.Stop()
		m.timer = nil
	}
	if m.idle <= 0 {
		return
	}
	wait := m.idle - m.now().Sub(m.lastActivity)
	m.timer = time.AfterFunc(wait, m.checkIdle)
}

// checkIdle runs when the idle timer fires; activity since then reschedules it.
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

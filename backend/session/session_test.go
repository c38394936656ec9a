package session_test

import (
	"bytes"
	"errors"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"passdesk/backend/accounts"
	"passdesk/backend/apperr"
	"passdesk/backend/internal/testutil"
	"passdesk/backend/profile"
	"passdesk/backend/session"
	"passdesk/backend/store"
)

const idle = 15 * time.Minute

// fakeClock is a session.Clock whose wall and monotonic times move apart
// when told to, as they do across a suspend (wall moves, monotonic does
// not on Linux) or a clock setting (wall jumps, monotonic does not). Its
// wall time is a testutil.Clock, shared with the accounts service, so
// tokens see the same wall time. Timers run only in RunTimers.
type fakeClock struct {
	wall *testutil.Clock

	mu     sync.Mutex
	mono   time.Duration
	timers []*fakeTimer
}

type fakeTimer struct {
	clock   *fakeClock
	due     time.Duration
	f       func()
	stopped bool
}

func newFakeClock() *fakeClock { return &fakeClock{wall: testutil.NewClock()} }

func (c *fakeClock) Wall() time.Time { return c.wall.Now() }

func (c *fakeClock) Mono() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.mono
}

func (c *fakeClock) AfterFunc(d time.Duration, f func()) session.Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{clock: c, due: c.mono + d, f: f}
	c.timers = append(c.timers, t)
	return t
}

func (t *fakeTimer) Stop() bool {
	t.clock.mu.Lock()
	defer t.clock.mu.Unlock()
	was := !t.stopped
	t.stopped = true
	return was
}

// Advance is time passing with the machine awake: both clocks move.
func (c *fakeClock) Advance(d time.Duration) { c.Step(d, d) }

// Step moves the wall clock by wall and the monotonic clock by mono.
func (c *fakeClock) Step(wall, mono time.Duration) {
	c.wall.Advance(wall)
	c.mu.Lock()
	c.mono += mono
	c.mu.Unlock()
}

// RunTimers runs, in the caller's goroutine, every timer the monotonic
// clock has reached, including ones those set, and reports how many ran.
func (c *fakeClock) RunTimers() int {
	ran := 0
	for {
		c.mu.Lock()
		var due *fakeTimer
		for i, t := range c.timers {
			if !t.stopped && t.due <= c.mono {
				due = t
				due.stopped = true
				c.timers = append(c.timers[:i], c.timers[i+1:]...)
				break
			}
		}
		c.mu.Unlock()
		if due == nil {
			return ran
		}
		due.f()
		ran++
	}
}

// pending is how many timers are set and not stopped.
func (c *fakeClock) pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, t := range c.timers {
		if !t.stopped {
			n++
		}
	}
	return n
}

type fixture struct {
	db    *store.DB
	acc   *accounts.Service
	clock *fakeClock
	locks *atomic.Int32 // ends by the idle lock
	ends  *endLog       // every end, with its cause
	m     *session.Manager
}

// endLog records the causes onEnd was called with.
type endLog struct {
	mu     sync.Mutex
	causes []session.Cause
}

func (l *endLog) add(c session.Cause) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.causes = append(l.causes, c)
}

func (l *endLog) get() []session.Cause {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]session.Cause(nil), l.causes...)
}

func setup(t *testing.T) fixture {
	t.Helper()
	db := testutil.OpenDB(t)
	clock := newFakeClock()
	acc := testutil.Accounts(t, db, clock.wall)
	locks, ends := new(atomic.Int32), new(endLog)
	m := session.New(acc, idle, clock, func(c session.Cause) {
		ends.add(c)
		if c == session.Locked {
			locks.Add(1)
		}
	})
	t.Cleanup(func() { _ = m.End(session.SignedOut) })
	return fixture{db: db, acc: acc, clock: clock, locks: locks, ends: ends, m: m}
}

func TestNobodySignedInIsUnauthenticated(t *testing.T) {
	f := setup(t)
	if _, err := f.m.UserID(); err != session.ErrNoSession {
		t.Fatalf("err = %v", err)
	}
}

func TestIdleTimeoutLocksAndRevokesTheSession(t *testing.T) {
	f := setup(t)
	u, token := testutil.SignUp(t, f.acc, "ana")
	f.m.Begin(token, nil)
	if id, err := f.m.UserID(); err != nil || id != u.ID {
		t.Fatalf("fresh session: %d, %v", id, err)
	}
	f.clock.Advance(idle - time.Second)
	if _, err := f.m.UserID(); err != nil || f.locks.Load() != 0 {
		t.Fatalf("a second before the delay: %v, %d locks", err, f.locks.Load())
	}
	f.clock.Advance(idle)
	if _, err := f.m.UserID(); err != session.ErrLocked {
		t.Fatalf("after %v idle: err = %v, want ErrLocked", idle, err)
	}
	// Revoked in the store, not merely forgotten: the token no longer works anywhere.
	_ = f.db.View(func(tx *store.Tx) error {
		if _, err := tx.Session(testutil.JTI(t, token)); !errors.Is(err, store.ErrNoSession) {
			t.Errorf("the locked session is still recorded: %v", err)
		}
		return nil
	})
	if _, err := f.acc.Authenticate(token); !apperr.Is(err, apperr.Unauthenticated) {
		t.Fatal("the locked session's token still authenticates: the lock must revoke it")
	}
	if _, err := f.m.UserID(); err != session.ErrNoSession {
		t.Fatalf("after the lock: %v", err)
	}
	if n := f.locks.Load(); n != 1 {
		t.Fatalf("onLock called %d times, want 1", n)
	}
}

func TestActivityPostponesTheLock(t *testing.T) {
	f := setup(t)
	_, token := testutil.SignUp(t, f.acc, "ana")
	f.m.Begin(token, nil)
	for i := 0; i < 4; i++ {
		f.clock.Advance(idle - time.Minute)
		f.m.Touch()
	}
	f.clock.Advance(idle - time.Minute)
	if _, err := f.m.UserID(); err != nil {
		t.Fatalf("locked although the user kept working: %v", err)
	}
	f.clock.Advance(idle - time.Second)
	if _, err := f.m.UserID(); err != nil {
		t.Fatalf("a backend call is activity too: %v", err)
	}
}

func TestSetIdleAppliesToTheRunningSession(t *testing.T) {
	f := setup(t)
	_, token := testutil.SignUp(t, f.acc, "ana")
	f.m.Begin(token, nil)
	f.m.SetIdle(time.Minute)
	f.clock.Advance(time.Minute)
	if _, err := f.m.UserID(); err != session.ErrLocked {
		t.Fatalf("err = %v, want ErrLocked after the shorter delay", err)
	}
}

func TestALongerIdleDelayPostponesTheLock(t *testing.T) {
	f := setup(t)
	_, token := testutil.SignUp(t, f.acc, "ana")
	f.m.Begin(token, nil)
	f.clock.Advance(10 * time.Minute)
	f.m.SetIdle(30 * time.Minute) // counts from the last activity, 10 minutes ago
	f.clock.Advance(19 * time.Minute)
	if _, err := f.m.UserID(); err != nil {
		t.Fatalf("locked before the new 30-minute delay: %v", err)
	}
	f.clock.Advance(30 * time.Minute)
	if _, err := f.m.UserID(); err != session.ErrLocked {
		t.Fatalf("err = %v, want ErrLocked after 30 idle minutes", err)
	}
}

func TestActivityAfterTheDelayDoesNotReviveTheSession(t *testing.T) {
	f := setup(t)
	_, token := testutil.SignUp(t, f.acc, "ana")
	f.m.Begin(token, nil)
	f.clock.Advance(idle + time.Minute)
	f.m.Touch() // checks the delay like a call: it locks
	if _, err := f.m.UserID(); err != session.ErrNoSession {
		t.Fatalf("err = %v, want ErrNoSession: a touch after the delay must lock, not count", err)
	}
	if n := f.locks.Load(); n != 1 {
		t.Fatalf("onLock called %d times, want 1", n)
	}
}

func TestLockingWipesTheDataKey(t *testing.T) {
	f := setup(t)
	u := testutil.SignUpUnlocked(t, f.acc, "ana")
	key := u.DataKey
	f.m.Begin(u.Token, key)
	_, err := session.WithKey(f.m, func(_ uint64, got []byte) (struct{}, error) {
		if len(got) != 32 || &got[0] == &key[0] || !bytes.Equal(got, key) {
			t.Fatalf("WithKey gave %x; want a copy of the 32-byte key", got)
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(idle)
	if _, err := f.m.UserID(); err != session.ErrLocked {
		t.Fatalf("err = %v, want ErrLocked", err)
	}
	if !bytes.Equal(key, make([]byte, len(key))) {
		t.Fatal("the data key is still in memory after the lock")
	}
}

func TestTheCopyOfTheDataKeyIsWipedAfterTheCall(t *testing.T) {
	f := setup(t)
	u := testutil.SignUpUnlocked(t, f.acc, "ana")
	f.m.Begin(u.Token, append([]byte(nil), u.DataKey...))
	zero := make([]byte, len(u.DataKey))

	var seen []byte
	id, err := session.WithKey(f.m, func(id uint64, key []byte) (uint64, error) {
		if !bytes.Equal(key, u.DataKey) {
			t.Fatalf("f got %x, want the session's key", key)
		}
		seen = key
		return id, nil
	})
	if err != nil || id != u.User.ID {
		t.Fatalf("WithKey = %d, %v", id, err)
	}
	if !bytes.Equal(seen, zero) {
		t.Fatal("the copy handed to the call was not wiped after it")
	}

	failed := errors.New("vault refused")
	if _, err := session.WithKey(f.m, func(_ uint64, key []byte) (int, error) { seen = key; return 0, failed }); err != failed {
		t.Fatalf("err = %v, want f's error", err)
	}
	if !bytes.Equal(seen, zero) {
		t.Fatal("the copy was not wiped after a failing call")
	}

	func() {
		defer func() { _ = recover() }()
		_, _ = session.WithKey(f.m, func(_ uint64, key []byte) (int, error) { seen = key; panic("damaged page") })
	}()
	if !bytes.Equal(seen, zero) {
		t.Fatal("the copy was not wiped after a panicking call")
	}

	// The session's own key is untouched by all this.
	if _, err := session.WithKey(f.m, func(_ uint64, key []byte) (int, error) {
		if !bytes.Equal(key, u.DataKey) {
			t.Fatalf("the session's key changed: %x", key)
		}
		return 0, nil
	}); err != nil {
		t.Fatal(err)
	}
}

func TestWithKeyDoesNotCallWithoutASession(t *testing.T) {
	f := setup(t)
	called := false
	if _, err := session.WithKey(f.m, func(uint64, []byte) (int, error) { called = true; return 0, nil }); err != session.ErrNoSession || called {
		t.Fatalf("err = %v, called = %v; want ErrNoSession and no call", err, called)
	}
}

func TestRekeySwapsInTheNewKeyAndWipesTheOld(t *testing.T) {
	f := setup(t)
	u := testutil.SignUpUnlocked(t, f.acc, "ana")
	old := u.DataKey
	want := append([]byte(nil), old...)
	f.m.Begin(u.Token, old)
	next := bytes.Repeat([]byte{9}, 32)
	err := f.m.Rekey(func(id uint64, key []byte) ([]byte, error) {
		if id != u.User.ID || !bytes.Equal(key, want) {
			t.Errorf("change got user %d key %x, want %d %x", id, key, u.User.ID, want)
		}
		return next, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(old, make([]byte, 32)) {
		t.Fatal("the replaced key is still in memory")
	}
	if _, err := session.WithKey(f.m, func(_ uint64, key []byte) (int, error) {
		if !bytes.Equal(key, bytes.Repeat([]byte{9}, 32)) {
			t.Fatalf("key after the change = %x", key)
		}
		return 0, nil
	}); err != nil {
		t.Fatal(err)
	}
	// The new key belongs to the session now: the lock wipes it.
	f.clock.Advance(idle)
	if _, err := f.m.UserID(); err != session.ErrLocked {
		t.Fatalf("err = %v, want ErrLocked", err)
	}
	if !bytes.Equal(next, make([]byte, 32)) {
		t.Fatal("the new key survived the lock")
	}
}

func TestAFailedRekeyKeepsTheKey(t *testing.T) {
	f := setup(t)
	u := testutil.SignUpUnlocked(t, f.acc, "ana")
	want := append([]byte(nil), u.DataKey...)
	f.m.Begin(u.Token, u.DataKey)
	refused := errors.New("wrong current password")
	if err := f.m.Rekey(func(uint64, []byte) ([]byte, error) { return nil, refused }); err != refused {
		t.Fatalf("err = %v, want the change's error", err)
	}
	if _, err := session.WithKey(f.m, func(_ uint64, key []byte) (int, error) {
		if !bytes.Equal(key, want) {
			t.Fatalf("key after a failed change = %x, want %x", key, want)
		}
		return 0, nil
	}); err != nil {
		t.Fatal(err)
	}
}

// A change that was stored but whose later step failed returns its key
// with the error; the session must take the key, or it would go on sealing
// under one the file no longer has.
func TestAKeyReturnedWithAnErrorIsTaken(t *testing.T) {
	f := setup(t)
	u := testutil.SignUpUnlocked(t, f.acc, "ana")
	f.m.Begin(u.Token, u.DataKey)
	late := errors.New("compaction failed")
	if err := f.m.Rekey(func(uint64, []byte) ([]byte, error) { return bytes.Repeat([]byte{9}, 32), late }); err != late {
		t.Fatalf("err = %v, want the change's error", err)
	}
	if _, err := session.WithKey(f.m, func(_ uint64, key []byte) (int, error) {
		if !bytes.Equal(key, bytes.Repeat([]byte{9}, 32)) {
			t.Fatalf("key = %x, want the one returned with the error", key)
		}
		return 0, nil
	}); err != nil {
		t.Fatal(err)
	}
}

func TestRekeyWithNobodySignedInCallsNothing(t *testing.T) {
	f := setup(t)
	called := false
	if err := f.m.Rekey(func(uint64, []byte) ([]byte, error) { called = true; return nil, nil }); err != session.ErrNoSession || called {
		t.Fatalf("err = %v, called = %v; want ErrNoSession and no call", err, called)
	}
}

// A session that ends while the change runs keeps nothing of it: the new
// key is wiped, and the change (already stored) is not reported as failed.
func TestASessionEndedDuringRekeyKeepsNoKey(t *testing.T) {
	f := setup(t)
	u := testutil.SignUpUnlocked(t, f.acc, "ana")
	f.m.Begin(u.Token, u.DataKey)
	next := bytes.Repeat([]byte{9}, 32)
	err := f.m.Rekey(func(uint64, []byte) ([]byte, error) {
		if err := f.m.End(session.SignedOut); err != nil {
			t.Error(err)
		}
		return next, nil
	})
	if err != nil || !bytes.Equal(next, make([]byte, 32)) {
		t.Fatalf("err = %v; new key wiped: %v", err, bytes.Equal(next, make([]byte, 32)))
	}
}

// A WithKey call that comes while a change re-seals the data waits for it
// and gets the new key: sealing under the old key after the re-seal would
// leave that entry unreadable. (Without the exclusion the call runs during
// the change's yields below, and sees the old key.)
func TestWithKeyWaitsForARekey(t *testing.T) {
	f := setup(t)
	u := testutil.SignUpUnlocked(t, f.acc, "ana")
	f.m.Begin(u.Token, u.DataKey)
	seen := make(chan []byte, 1)
	err := f.m.Rekey(func(uint64, []byte) ([]byte, error) {
		starting := make(chan struct{})
		go func() {
			close(starting)
			_, _ = session.WithKey(f.m, func(_ uint64, key []byte) (int, error) {
				seen <- append([]byte(nil), key...)
				return 0, nil
			})
		}()
		<-starting
		for range 1000 {
			runtime.Gosched()
		}
		return bytes.Repeat([]byte{9}, 32), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if key := <-seen; !bytes.Equal(key, bytes.Repeat([]byte{9}, 32)) {
		t.Fatalf("a call during the change got key %x, want the new one", key)
	}
}

// Each step moves the wall and the monotonic clock by its own amount after
// signing in; a call then finds the session locked or not. A suspend moves
// the wall clock only (Linux's monotonic clock stops); setting the clock
// back moves the wall clock back only; stepping back 90 s stays within the
// token's leeway, so that what ends the session there is the idle rule.
func TestIdlenessCountsOnWhicheverClockSaysMore(t *testing.T) {
	for _, tc := range []struct {
		name       string
		wall, mono time.Duration
		locked     bool
	}{
		{"awake, a second short of the delay", idle - time.Second, idle - time.Second, false},
		{"awake, the delay", idle, idle, true},
		{"suspended an hour", time.Hour, 0, true},
		{"suspended exactly the delay", idle, 0, true},
		{"suspended a second short of the delay", idle - time.Second, 0, false},
		{"suspended an hour, then a second awake", time.Hour + time.Second, time.Second, true},
		{"clock set back 90 s, the delay awake", -90*time.Second + idle, idle, true},
		{"clock set back 90 s, a second short awake", -90*time.Second + idle - time.Second, idle - time.Second, false},
		{"clock set forward past the delay (locks early, the safe side)", idle + time.Minute, time.Minute, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			_, token := testutil.SignUp(t, f.acc, "ana")
			f.m.Begin(token, nil)
			f.clock.Step(tc.wall, tc.mono)
			_, err := f.m.UserID()
			switch {
			case tc.locked && (err != session.ErrLocked || f.locks.Load() != 1):
				t.Fatalf("err = %v, %d locks; want ErrLocked once", err, f.locks.Load())
			case !tc.locked && err != nil:
				t.Fatalf("locked early: %v", err)
			}
		})
	}
}

func TestASuspendPastTheDelayLocksOnTheFirstCallAfterWaking(t *testing.T) {
	f := setup(t)
	_, token := testutil.SignUp(t, f.acc, "ana")
	f.m.Begin(token, nil)
	f.clock.Advance(time.Minute)
	f.m.Touch()
	f.clock.Step(time.Hour, 0) // the laptop sleeps an hour; the lock is 15 minutes
	f.m.Touch()                // the first thing after waking is a mouse move
	if f.locks.Load() != 1 {
		t.Fatalf("%d locks after an hour asleep, want 1", f.locks.Load())
	}
	if _, err := f.acc.Authenticate(token); err == nil {
		t.Fatal("the token still authenticates after the lock")
	}
	if _, err := f.m.UserID(); err != session.ErrNoSession {
		t.Fatalf("err = %v, want ErrNoSession after the lock", err)
	}
}

func TestASuspendPastTheDelayLocksWithinWakeCheckWithoutAnyCall(t *testing.T) {
	f := setup(t)
	_, token := testutil.SignUp(t, f.acc, "ana")
	f.m.Begin(token, nil)
	f.clock.Advance(WakeCheckOr(idle))
	if n := f.clock.RunTimers(); n != 1 || f.locks.Load() != 0 {
		t.Fatalf("awake: %d timers ran, %d locks; want a check and no lock", n, f.locks.Load())
	}
	f.clock.Step(time.Hour, 0)
	// Asleep: the monotonic clock stood still, so no timer is due yet.
	if n := f.clock.RunTimers(); n != 0 {
		t.Fatalf("%d timers ran on a monotonic clock that did not move", n)
	}
	// Awake again: within WakeCheck of monotonic time the check runs and locks.
	f.clock.Advance(session.WakeCheck)
	f.clock.RunTimers()
	if f.locks.Load() != 1 {
		t.Fatalf("%d locks within WakeCheck of waking from an hour asleep, want 1", f.locks.Load())
	}
	if _, err := f.acc.Authenticate(token); err == nil {
		t.Fatal("the token still authenticates after the lock")
	}
	if n := f.clock.pending(); n != 0 {
		t.Fatalf("%d timers still set after the lock", n)
	}
}

func TestCheckIdleOnResumeLocksASessionThatSleptPastTheDelayOnly(t *testing.T) {
	f := setup(t)
	_, token := testutil.SignUp(t, f.acc, "ana")
	f.m.Begin(token, nil)
	f.clock.Step(idle-time.Minute, 0) // asleep, but not long enough
	f.m.CheckIdle()
	if f.locks.Load() != 0 {
		t.Fatal("locked on resume before the delay")
	}
	f.clock.Step(time.Minute, 0) // asleep again, now past the delay in all
	f.m.CheckIdle()
	if f.locks.Load() != 1 {
		t.Fatalf("%d locks on resuming past the delay, want 1", f.locks.Load())
	}
	if _, err := f.acc.Authenticate(token); err == nil {
		t.Fatal("the token still authenticates after the lock")
	}
	f.m.CheckIdle() // nobody signed in: nothing to do
	if f.locks.Load() != 1 {
		t.Fatalf("%d locks, want 1", f.locks.Load())
	}
}

func TestTheSystemClocksWallTimeCarriesNoMonotonicReading(t *testing.T) {
	c := session.NewSystemClock()
	if w := c.Wall(); strings.Contains(w.String(), "m=") || !w.Equal(w.Round(0)) {
		t.Fatalf("Wall() = %v carries a monotonic reading: differences would be monotonic ones", w)
	}
	if a, b := c.Mono(), c.Mono(); a < 0 || b < a {
		t.Fatalf("Mono went %v then %v", a, b)
	}
}

// WakeCheckOr is the first check's delay for an idle limit.
func WakeCheckOr(limit time.Duration) time.Duration { return min(limit, session.WakeCheck) }

func TestAClockSetBackDoesNotKeepTheSessionOpenPastTheDelay(t *testing.T) {
	f := setup(t)
	_, token := testutil.SignUp(t, f.acc, "ana")
	f.m.Begin(token, nil)
	// The wall clock goes back 90 s while the user is away; the monotonic
	// clock carries on, and the timer locks when it reaches the delay.
	f.clock.Step(-90*time.Second, 0)
	for f.locks.Load() == 0 {
		if got := f.clock.Mono(); got >= idle {
			t.Fatalf("not locked after %v of monotonic idle time", got)
		}
		f.clock.Advance(time.Second)
		f.clock.RunTimers()
	}
	if got := f.clock.Mono(); got != idle {
		t.Fatalf("locked after %v of monotonic idle time, want %v", got, idle)
	}
}

func TestTheIdleTimerChecksAtLeastEveryWakeCheck(t *testing.T) {
	f := setup(t)
	_, token := testutil.SignUp(t, f.acc, "ana")
	f.m.Begin(token, nil)
	// Every check but the last finds the session active and sets the next.
	checks := 0
	for f.locks.Load() == 0 {
		f.clock.Advance(session.WakeCheck)
		checks += f.clock.RunTimers()
		if checks > int(idle/session.WakeCheck) {
			t.Fatalf("%d checks and no lock after %v", checks, f.clock.Mono())
		}
	}
	if want := int(idle / session.WakeCheck); checks != want {
		t.Fatalf("%d checks before the lock, want one every WakeCheck (%d)", checks, want)
	}
}

func TestTheIdleTimerLocksWithoutAnyCall(t *testing.T) {
	db := testutil.OpenDB(t)
	acc := testutil.Accounts(t, db, nil)
	_, token := testutil.SignUp(t, acc, "ana")
	var locks atomic.Int32
	locked := make(chan struct{}, 1)
	m := session.New(acc, 50*time.Millisecond, nil, func(session.Cause) { locks.Add(1); locked <- struct{}{} })
	t.Cleanup(func() { _ = m.End(session.SignedOut) })
	m.Begin(token, nil)
	select {
	case <-locked:
	case <-time.After(time.Minute): // a guard against a hang, not a wait
		t.Fatal("the idle timer never locked the session")
	}
	if _, err := acc.Authenticate(token); err == nil {
		t.Fatal("token still valid after the timer locked the session")
	}
	if _, err := m.UserID(); err != session.ErrNoSession {
		t.Fatalf("after the timer's lock: %v", err)
	}
	if n := locks.Load(); n != 1 {
		t.Fatalf("onLock called %d times, want 1", n)
	}
}

func TestEndRevokesTheToken(t *testing.T) {
	f := setup(t)
	_, token := testutil.SignUp(t, f.acc, "ana")
	f.m.Begin(token, nil)
	if err := f.m.End(session.SignedOut); err != nil {
		t.Fatal(err)
	}
	if _, err := f.acc.Authenticate(token); err == nil {
		t.Fatal("token valid after sign-out")
	}
	if f.locks.Load() != 0 {
		t.Fatal("signing out is not a lock")
	}
}

func TestANewSignInEndsThePreviousSession(t *testing.T) {
	f := setup(t)
	_, anaToken := testutil.SignUp(t, f.acc, "ana")
	bob, bobToken := testutil.SignUp(t, f.acc, "bob")
	anaKey := bytes.Repeat([]byte{7}, 32)
	f.m.Begin(anaToken, anaKey)
	f.m.Begin(bobToken, nil)
	if _, err := f.acc.Authenticate(anaToken); err == nil {
		t.Fatal("the previous session's token is still valid")
	}
	if got := f.ends.get(); len(got) != 1 || got[0] != session.SignedOut {
		t.Fatalf("the previous session's end: onEnd causes %v, want [SignedOut]", got)
	}
	if !bytes.Equal(anaKey, make([]byte, 32)) {
		t.Error("the previous session's data key was not wiped")
	}
	if id, _ := f.m.UserID(); id != bob.ID {
		t.Fatalf("session belongs to %d, want bob %d", id, bob.ID)
	}
}

func TestASessionOnlyEverReachesItsOwnUser(t *testing.T) {
	db := testutil.OpenDB(t)
	acc := testutil.Accounts(t, db, nil)
	profiles := profile.New(db, nil)
	ana, anaToken := testutil.SignUp(t, acc, "ana")
	bob, _ := testutil.SignUp(t, acc, "bob")
	bobBefore, _ := profiles.Get(bob.ID)
	m := session.New(acc, idle, nil, nil)
	defer m.End(session.SignedOut)
	m.Begin(anaToken, nil)

	// What a bound method does: act on the session's user, never on an id
	// from the UI.
	asSession := func(op func(id uint64) (profile.Profile, error)) profile.Profile {
		t.Helper()
		id, err := m.UserID()
		if err != nil || id != ana.ID {
			t.Fatalf("session user = %d, %v; want ana %d", id, err, ana.ID)
		}
		p, err := op(id)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	name, email := "Changed", "ana.new@example.com"
	if p := asSession(profiles.Get); p.ID != ana.ID {
		t.Fatalf("GetProfile through ana's session returned %d", p.ID)
	}
	p := asSession(func(id uint64) (profile.Profile, error) {
		return profiles.Update(id, profile.Patch{"first_name": name, "email": email})
	})
	if p.ID != ana.ID || p.FirstName != name {
		t.Fatalf("update through ana's session: %+v", p)
	}
	if bobAfter, _ := profiles.Get(bob.ID); bobAfter != bobBefore {
		t.Fatalf("bob's profile changed through ana's session: %+v", bobAfter)
	}
}

func TestDeletingTheAccountEndsTheSession(t *testing.T) {
	f := setup(t)
	u, token := testutil.SignUp(t, f.acc, "ana")
	f.m.Begin(token, nil)
	if err := f.acc.DeleteAccount(u.ID, testutil.Password); err != nil {
		t.Fatal(err)
	}
	if _, err := f.m.UserID(); !apperr.Is(err, apperr.Unauthenticated) {
		t.Fatalf("session survived account deletion: %v", err)
	}
}

func TestManyCallersAfterTheDelayLockOnce(t *testing.T) {
	f := setup(t)
	_, token := testutil.SignUp(t, f.acc, "ana")
	f.m.Begin(token, nil)
	f.clock.Advance(idle)
	manyCallersEndOnce(t, f, session.ErrLocked)
	if n := f.locks.Load(); n != 1 {
		t.Fatalf("onLock called %d times, want exactly 1", n)
	}
}

// Callers that all find the token rejected end the session once.
func TestManyCallersOfARevokedSessionEndItOnce(t *testing.T) {
	f := setup(t)
	_, token := testutil.SignUp(t, f.acc, "ana")
	f.m.Begin(token, nil)
	if err := f.acc.SignOut(token); err != nil {
		t.Fatal(err)
	}
	manyCallersEndOnce(t, f, accounts.ErrSignedOut)
	if got := f.ends.get(); len(got) != 1 || got[0] != session.Rejected {
		t.Fatalf("onEnd causes %v, want exactly [Rejected]", got)
	}
}

// manyCallersEndOnce calls UserID from several goroutines at once; each
// must fail with want or, once the session is gone, ErrNoSession.
func manyCallersEndOnce(t *testing.T, f fixture, want error) {
	t.Helper()
	const callers = 8
	errs := make(chan error, callers)
	var start sync.WaitGroup
	start.Add(1)
	for range callers {
		go func() {
			start.Wait()
			_, err := f.m.UserID()
			errs <- err
		}()
	}
	start.Done()
	for range callers {
		if err := <-errs; err != want && err != session.ErrNoSession {
			t.Errorf("a caller got %v", err)
		}
	}
}

// Run with -race: the manager is used from the UI's calls, the activity
// reports and its own timer at once.
func TestConcurrentUseIsSafe(t *testing.T) {
	db := testutil.OpenDB(t)
	acc := testutil.Accounts(t, db, nil)
	_, token := testutil.SignUp(t, acc, "ana")
	m := session.New(acc, time.Millisecond, nil, nil)
	m.Begin(token, []byte("0123456789abcdef0123456789abcdef"))
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 50 {
				switch (i + j) % 4 {
				case 0:
					_, _ = m.UserID()
				case 1:
					m.Touch()
				case 2:
					m.SetIdle(time.Duration(j%3) * time.Millisecond)
				case 3:
					_, _ = session.WithKey(m, func(_ uint64, key []byte) (int, error) { return len(key), nil })
				}
			}
		}()
	}
	wg.Wait()
	_ = m.End(session.SignedOut)
	if _, err := m.UserID(); err != session.ErrNoSession {
		t.Fatalf("after End: %v", err)
	}
}

// Every way a session ends runs the one end path exactly once, with its
// cause: the data key is wiped, the manager forgets the session, and onEnd
// is told once — also for a token its 12 h lifetime ended while the user
// kept working, which used to skip onEnd.
func TestEveryWayASessionEndsRunsTheEndPathOnce(t *testing.T) {
	for _, way := range []struct {
		name string
		want session.Cause
		end  func(t *testing.T, f fixture, u store.User, token string)
	}{
		{"idle lock on the next call", session.Locked, func(t *testing.T, f fixture, _ store.User, _ string) {
			f.clock.Advance(idle)
			_, _ = f.m.UserID()
		}},
		{"idle timer without a call", session.Locked, func(t *testing.T, f fixture, _ store.User, _ string) {
			f.clock.Advance(idle)
			f.clock.RunTimers()
		}},
		{"a suspend past the delay", session.Locked, func(t *testing.T, f fixture, _ store.User, _ string) {
			f.clock.Step(idle, 0)
			f.m.CheckIdle()
		}},
		{"the token's lifetime runs out during activity", session.Rejected, func(t *testing.T, f fixture, _ store.User, _ string) {
			for worked := time.Duration(0); worked <= accounts.DefaultTokenTTL; worked += idle / 2 {
				f.clock.Advance(idle / 2)
				if _, err := f.m.UserID(); err != nil {
					if !apperr.Is(err, apperr.Unauthenticated) || worked+idle/2 < accounts.DefaultTokenTTL {
						t.Fatalf("after %v of work: %v", worked+idle/2, err)
					}
					return
				}
			}
			t.Fatal("the token outlived its lifetime")
		}},
		{"revoked elsewhere, found on use", session.Rejected, func(t *testing.T, f fixture, _ store.User, token string) {
			if err := f.acc.SignOut(token); err != nil {
				t.Fatal(err)
			}
			_, _ = session.WithKey(f.m, func(uint64, []byte) (int, error) { t.Error("called without a session"); return 0, nil })
		}},
		{"account deleted under it, found on use", session.Rejected, func(t *testing.T, f fixture, u store.User, _ string) {
			if err := f.acc.DeleteAccount(u.ID, testutil.Password); err != nil {
				t.Fatal(err)
			}
			_, _ = f.m.UserID()
		}},
		{"account deleted by the user", session.AccountDeleted, func(t *testing.T, f fixture, _ store.User, _ string) {
			f.m.Forget(session.AccountDeleted)
		}},
		{"sign-out", session.SignedOut, func(t *testing.T, f fixture, _ store.User, _ string) {
			if err := f.m.End(session.SignedOut); err != nil {
				t.Fatal(err)
			}
		}},
		{"data replaced", session.DataReplaced, func(t *testing.T, f fixture, _ store.User, _ string) {
			_ = f.m.End(session.DataReplaced)
		}},
	} {
		t.Run(way.name, func(t *testing.T) {
			f := setup(t)
			u, token := testutil.SignUp(t, f.acc, "ana")
			key := bytes.Repeat([]byte{7}, 32)
			f.m.Begin(token, key)
			way.end(t, f, u, token)
			if got := f.ends.get(); len(got) != 1 || got[0] != way.want {
				t.Fatalf("onEnd causes %v, want exactly [%v]", got, way.want)
			}
			if !bytes.Equal(key, make([]byte, 32)) {
				t.Error("the data key was not wiped")
			}
			if _, err := f.m.UserID(); err != session.ErrNoSession {
				t.Errorf("after the end: %v, want ErrNoSession", err)
			}
			// Whatever comes next ends nothing twice.
			_ = f.m.End(session.SignedOut)
			f.m.Forget(session.AccountDeleted)
			f.m.CheckIdle()
			if n := len(f.ends.get()); n != 1 {
				t.Fatalf("onEnd ran %d times", n)
			}
		})
	}
}

// Only the ends the user did not ask for in this window are to be told.
func TestOnlyEndsTheUserDidNotAskForAreByThemselves(t *testing.T) {
	for c, want := range map[session.Cause]bool{
		session.SignedOut: false, session.AccountDeleted: false,
		session.Locked: true, session.Rejected: true, session.DataReplaced: true,
	} {
		if c.ByItself() != want {
			t.Errorf("cause %d: ByItself = %v, want %v", c, !want, want)
		}
	}
}

package session_test

import (
	"bytes"
	"errors"
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

type fixture struct {
	db    *store.DB
	acc   *accounts.Service
	clock *testutil.Clock
	locks *atomic.Int32
	m     *session.Manager
}

func setup(t *testing.T) fixture {
	t.Helper()
	db := testutil.OpenDB(t)
	clock := testutil.NewClock()
	acc := testutil.Accounts(t, db, clock)
	locks := new(atomic.Int32)
	m := session.New(acc, idle, clock.Now, func() { locks.Add(1) })
	t.Cleanup(func() { _ = m.End() })
	return fixture{db: db, acc: acc, clock: clock, locks: locks, m: m}
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
	f.m.Touch()
	if _, err := f.m.UserID(); err != session.ErrLocked {
		t.Fatalf("err = %v, want ErrLocked: a touch after the delay must not count", err)
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
	_, got, err := f.m.Unlocked()
	if err != nil || len(got) != 32 || &got[0] == &key[0] {
		t.Fatalf("Unlocked = %x, %v; want a copy of the 32-byte key", got, err)
	}
	f.clock.Advance(idle)
	if _, _, err := f.m.Unlocked(); err != session.ErrLocked {
		t.Fatalf("err = %v, want ErrLocked", err)
	}
	if !bytes.Equal(key, make([]byte, len(key))) {
		t.Fatal("the data key is still in memory after the lock")
	}
}

func TestTheIdleTimerLocksWithoutAnyCall(t *testing.T) {
	db := testutil.OpenDB(t)
	acc := testutil.Accounts(t, db, nil)
	_, token := testutil.SignUp(t, acc, "ana")
	var locks atomic.Int32
	locked := make(chan struct{}, 1)
	m := session.New(acc, 50*time.Millisecond, nil, func() { locks.Add(1); locked <- struct{}{} })
	t.Cleanup(func() { _ = m.End() })
	m.Begin(token, nil)
	select {
	case <-locked:
	case <-time.After(10 * time.Second):
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

func TestTheIdleTimerLocksOnlyOnceTheClockSaysIdle(t *testing.T) {
	db := testutil.OpenDB(t)
	clock := testutil.NewClock()
	acc := testutil.Accounts(t, db, clock)
	_, token := testutil.SignUp(t, acc, "ana")
	var locks atomic.Int32
	const delay = 20 * time.Millisecond
	m := session.New(acc, delay, clock.Now, func() { locks.Add(1) })
	t.Cleanup(func() { _ = m.End() })
	m.Begin(token, nil)

	// The real timer fires every delay, but the clock has not moved: no
	// time has passed as far as the session knows, so it must not lock.
	time.Sleep(10 * delay)
	if n := locks.Load(); n != 0 {
		t.Fatalf("locked %d times with no idle time on the clock", n)
	}
	if _, err := acc.Authenticate(token); err != nil {
		t.Fatalf("token revoked without a lock: %v", err)
	}
	clock.Advance(delay)
	for start := time.Now(); locks.Load() == 0; time.Sleep(5 * time.Millisecond) {
		if time.Since(start) > 10*time.Second {
			t.Fatal("the timer never locked once the clock said idle")
		}
	}
	if _, err := m.UserID(); err != session.ErrNoSession || locks.Load() != 1 {
		t.Fatalf("after the timer's lock: %v, %d locks", err, locks.Load())
	}
}

func TestEndRevokesTheToken(t *testing.T) {
	f := setup(t)
	_, token := testutil.SignUp(t, f.acc, "ana")
	f.m.Begin(token, nil)
	if err := f.m.End(); err != nil {
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
	f.m.Begin(anaToken, nil)
	f.m.Begin(bobToken, nil)
	if _, err := f.acc.Authenticate(anaToken); err == nil {
		t.Fatal("the previous session's token is still valid")
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
	defer m.End()
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
		return profiles.Update(id, profile.Patch{FirstName: &name, Email: &email})
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
		if err := <-errs; err != session.ErrLocked && err != session.ErrNoSession {
			t.Errorf("a caller got %v", err)
		}
	}
	if n := f.locks.Load(); n != 1 {
		t.Fatalf("onLock called %d times, want exactly 1", n)
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
					_, _, _ = m.Unlocked()
				}
			}
		}()
	}
	wg.Wait()
	_ = m.End()
	if _, err := m.UserID(); err != session.ErrNoSession {
		t.Fatalf("after End: %v", err)
	}
}

package session_test

import (
	"sync/atomic"
	"testing"
	"time"

	"passdesk/backend/accounts"
	"passdesk/backend/apperr"
	"passdesk/backend/internal/testutil"
	"passdesk/backend/profile"
	"passdesk/backend/session"
)

const idle = 15 * time.Minute

type fixture struct {
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
	return fixture{acc: acc, clock: clock, locks: locks, m: m}
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
	f.clock.Advance(idle)
	if _, err := f.m.UserID(); err != session.ErrLocked {
		t.Fatalf("after %v idle: err = %v, want ErrLocked", idle, err)
	}
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

func TestTheIdleTimerLocksWithoutAnyCall(t *testing.T) {
	db := testutil.OpenDB(t)
	acc := testutil.Accounts(t, db, nil)
	_, token := testutil.SignUp(t, acc, "ana")
	locked := make(chan struct{}, 1)
	m := session.New(acc, 50*time.Millisecond, nil, func() { locked <- struct{}{} })
	m.Begin(token, nil)
	select {
	case <-locked:
	case <-time.After(10 * time.Second):
		t.Fatal("the idle timer never locked the session")
	}
	if _, err := acc.Authenticate(token); err == nil {
		t.Fatal("token still valid after the timer locked the session")
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
	m := session.New(acc, idle, nil, nil)
	defer m.End()
	m.Begin(anaToken, nil)

	id, err := m.UserID()
	if err != nil || id != ana.ID {
		t.Fatalf("session user = %d, %v", id, err)
	}
	first := "Changed"
	if _, err := profiles.Update(id, profile.Patch{FirstName: &first}); err != nil {
		t.Fatal(err)
	}
	if p, _ := profiles.Get(bob.ID); p.FirstName != "" {
		t.Fatalf("bob's profile changed through ana's session: %+v", p)
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

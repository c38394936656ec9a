package lifecycle_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"passdesk/backend/accounts"
	"passdesk/backend/apperr"
	"passdesk/backend/avatar"
	"passdesk/backend/clipboard"
	"passdesk/backend/internal/testutil"
	"passdesk/backend/lifecycle"
	"passdesk/backend/profile"
	"passdesk/backend/remote"
	"passdesk/backend/remote/remotetest"
	"passdesk/backend/session"
	"passdesk/backend/store"
	"passdesk/backend/syncer"
	"passdesk/backend/vault"
	"passdesk/backend/vaultsync"
)

const (
	password       = "correct horse 42"
	remotePassword = "remote pass 42"
	saved          = "the saved secret 7"
)

// board is a clipboard held in memory (the system's is not there in tests).
type board struct {
	mu   sync.Mutex
	text string
}

func (b *board) Text() (string, error) { b.mu.Lock(); defer b.mu.Unlock(); return b.text, nil }
func (b *board) SetText(s string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.text = s
	return nil
}

// stepClock is a session clock whose wall time the test moves (a suspend,
// or a working day) and whose timers never fire: the idle lock comes from
// the next call. The accounts service shares its wall time, so session
// tokens age with it.
type stepClock struct{ wall *testutil.Clock }

func (c *stepClock) Wall() time.Time                               { return c.wall.Now() }
func (c *stepClock) Mono() time.Duration                           { return 0 }
func (c *stepClock) AfterFunc(time.Duration, func()) session.Timer { return time.NewTimer(time.Hour) }
func (c *stepClock) sleep(d time.Duration)                         { c.wall.Advance(d) }

// desk is the lifecycle as the app wires it, over real accounts, session,
// sync engine, store, vault and clipboard copier, with an in-memory board
// and a session clock the test moves.
type desk struct {
	t       *testing.T
	dir     string
	db      *store.DB
	life    *lifecycle.Service
	sync    *syncer.Engine
	vault   *vault.Service
	board   *board
	clip    *clipboard.Copier // the lifecycle's
	clock   *stepClock
	ended   chan struct{} // a token per OnEnded call
	statusC chan struct{} // a token once the engine reported a status
	email   string
	forgets atomic.Int32 // calls of the vault's Forget through the lifecycle
}

// countedListing is the vault as the lifecycle's Listing, counting Forget.
type countedListing struct{ d *desk }

func (c countedListing) Forget() {
	c.d.forgets.Add(1)
	c.d.vault.Forget()
}

func newDesk(t *testing.T) *desk {
	t.Helper()
	d := &desk{t: t, dir: filepath.Join(t.TempDir(), "data"), board: &board{},
		clock: &stepClock{wall: testutil.NewClock()}, ended: make(chan struct{}, 4), statusC: make(chan struct{}, 1)}
	if err := os.Mkdir(d.dir, 0o700); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(filepath.Join(d.dir, store.FileName), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	d.db, d.vault, d.clip = db, vault.New(db, nil), clipboard.New(d.board, clipboard.ClearAfter)
	d.sync = syncer.New(syncer.Config{DB: db, Pipeline: avatar.New(), Remote: remote.Options{},
		PullEvery: time.Hour, OnStatus: func(syncer.Status) {
			select {
			case d.statusC <- struct{}{}:
			default:
			}
		}})
	d.life = lifecycle.New(lifecycle.Config{
		Accounts: testutil.Accounts(t, db, d.clock.wall), Sync: d.sync, VaultSync: vaultsync.New(db, d.sync, nil, nil),
		Clipboard: d.clip, Listing: countedListing{d},
		Idle: 15 * time.Minute, Clock: d.clock,
		OnEnded: func() { d.ended <- struct{}{} },
	})
	t.Cleanup(func() { _ = d.life.SignOut() })
	d.email = "ana@example.com"
	if _, err := d.life.SignUp(accounts.SignUpInput{Username: "ana", Email: d.email, Password: password, FirstName: "Ana", LastName: "Diaz"}); err != nil {
		t.Fatal(err)
	}
	return d
}

// webSave saves a password on the linked server account, as its website would.
func (d *desk) webSave(srv *remotetest.Server) {
	d.t.Helper()
	c, err := remote.New(srv.URL, remote.Options{})
	if err != nil {
		d.t.Fatal(err)
	}
	tokens, u, err := c.SignIn(context.Background(), d.email, remotePassword)
	if err == nil {
		_, err = c.CreatePassword(context.Background(), tokens.Access, u.ID, remote.Password{URL: "https://mail.example.com", PasswordSaved: "p"}, func(int64) bool { return false })
	}
	if err != nil {
		d.t.Fatalf("web save: %v", err)
	}
}

// link links the signed-in account to a new account on a contract server
// and returns that server, for inspection.
func (d *desk) link() *remotetest.Server {
	d.t.Helper()
	url, srv := remotetest.ForTest(d.t)
	if srv == nil {
		d.t.Skip("needs the built-in server's inspection (PASSDESK_REMOTE_URL is set)")
	}
	if _, err := d.sync.Link(syncer.LinkInput{ServerURL: url, Mode: syncer.ModeSignUp, Email: d.email, Password: remotePassword}); err != nil {
		d.t.Fatalf("link: %v", err)
	}
	if _, ok := srv.AccountByEmail(d.email); !ok {
		d.t.Fatal("linking created no server account")
	}
	return srv
}

// save adds an entry to the vault and returns its id.
func (d *desk) save() uint64 {
	d.t.Helper()
	sum, err := session.WithKey(d.life.Session(), func(uid uint64, key []byte) (vault.Summary, error) {
		return d.vault.Add(uid, key, vault.Input{NamePages: "mail", URL: "https://mail.example.com", PasswordSaved: saved})
	})
	if err != nil {
		d.t.Fatal(err)
	}
	return sum.ID
}

// reveal reads an entry's password with the session's data key.
func (d *desk) reveal(id uint64) (string, error) {
	return session.WithKey(d.life.Session(), func(uid uint64, key []byte) (string, error) {
		return d.vault.Reveal(uid, key, id)
	})
}

// copySaved puts the saved password on the clipboard as CopySavedPassword
// does.
func (d *desk) copySaved(id uint64) {
	d.t.Helper()
	text, err := d.reveal(id)
	if err != nil {
		d.t.Fatal(err)
	}
	if err := d.clip.Copy(text); err != nil {
		d.t.Fatal(err)
	}
	if got, _ := d.board.Text(); got != saved {
		d.t.Fatalf("clipboard = %q after copying", got)
	}
}

// waitStatus waits, on the engine's status reports, until ok holds.
func (d *desk) waitStatus(what string, ok func(syncer.Status) bool) syncer.Status {
	d.t.Helper()
	var giveUp <-chan time.Time
	if at, set := d.t.Deadline(); set {
		left := time.Until(at)
		giveUp = time.After(left - left/10)
	}
	for {
		st, err := d.sync.Status()
		if err == nil && ok(st) {
			return st
		}
		select {
		case <-d.statusC:
		case <-giveUp:
			d.t.Fatalf("still waiting for %s near the test's deadline; status %+v, %v", what, st, err)
		}
	}
}

// assertEnded checks that the session, sync and clipboard all ended.
func (d *desk) assertEnded() {
	d.t.Helper()
	if _, err := d.life.Session().UserID(); !apperr.Is(err, apperr.Unauthenticated) {
		d.t.Errorf("session after the end: %v, want unauthenticated", err)
	}
	if _, err := d.sync.Status(); !apperr.Is(err, apperr.Unauthenticated) {
		d.t.Errorf("sync still runs after the end: status err = %v", err)
	}
	if got, _ := d.board.Text(); got != "" {
		d.t.Errorf("clipboard = %q after the end, want it cleared", got)
	}
	d.assertListingForgotten()
}

// assertListingForgotten checks that the vault was told to drop the names
// and URLs it kept for the list.
func (d *desk) assertListingForgotten() {
	d.t.Helper()
	if d.forgets.Load() == 0 {
		d.t.Error("the session ended and the vault still keeps its listing")
	}
}

// The password is confirmed before the server account is deleted, so a
// typo with "delete the server account too" deletes nothing anywhere and
// the session, sync and clipboard go on.
func TestAWrongPasswordWithDeleteRemoteLeavesTheServerAccountAlone(t *testing.T) {
	d := newDesk(t)
	srv := d.link()
	d.copySaved(d.save())
	err := d.life.DeleteAccount("not the password", true)
	if !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("err = %v, want the password refused as invalid", err)
	}
	if _, ok := srv.AccountByEmail(d.email); !ok {
		t.Fatal("the server account was deleted on a wrong password")
	}
	if _, err := d.life.Session().UserID(); err != nil {
		t.Fatalf("the session ended on a wrong password: %v", err)
	}
	if _, err := d.sync.Status(); err != nil {
		t.Fatalf("sync stopped on a wrong password: %v", err)
	}
	if got, _ := d.board.Text(); got != saved {
		t.Fatalf("clipboard = %q: cleared on a wrong password", got)
	}
	if err := d.life.SignOut(); err != nil {
		t.Fatal(err)
	}
	if _, err := d.life.SignIn(accounts.SignInInput{Login: "ana", Password: password}); err != nil {
		t.Fatalf("the local account is gone after a wrong password: %v", err)
	}
}

// Deleting the account (with or without the server's) ends the session,
// stops sync and takes a copied password off the clipboard; the server
// account goes only when asked.
func TestDeletingTheAccountEndsSessionSyncAndClipboard(t *testing.T) {
	for _, deleteRemote := range []bool{false, true} {
		t.Run(map[bool]string{false: "local only", true: "with the server account"}[deleteRemote], func(t *testing.T) {
			d := newDesk(t)
			srv := d.link()
			d.webSave(srv)
			d.copySaved(d.save())
			if err := d.life.DeleteAccount(password, deleteRemote); err != nil {
				t.Fatal(err)
			}
			d.assertEnded()
			if _, ok := srv.AccountByEmail(d.email); ok == deleteRemote {
				t.Errorf("server account exists = %v after deleting with deleteRemote %v", ok, deleteRemote)
			}
			// Its saved passwords were deleted one by one before it (the
			// contract server's cascade aside): a server that kept them would
			// keep them in plain text.
			deleted := slices.ContainsFunc(srv.Requests(), func(r remotetest.Request) bool {
				return r.Method == "DELETE" && strings.HasPrefix(r.Path, "/api/view-all-saved-passwords/")
			})
			if deleted != deleteRemote {
				t.Errorf("the server's saved password was deleted = %v with deleteRemote %v", deleted, deleteRemote)
			}
			if _, err := d.life.SignIn(accounts.SignInInput{Login: "ana", Password: password}); err == nil {
				t.Error("the deleted account still signs in")
			}
		})
	}
}

// Signing out stops sync and takes a copied password off the clipboard,
// but leaves what the user copied since.
func TestSignOutClearsTheClipboardAndStopsSync(t *testing.T) {
	for _, userCopied := range []bool{false, true} {
		t.Run(map[bool]string{false: "ours on the clipboard", true: "the user's since"}[userCopied], func(t *testing.T) {
			d := newDesk(t)
			d.link()
			d.copySaved(d.save())
			want := ""
			if userCopied {
				want = "the user's own note"
				_ = d.board.SetText(want)
			}
			if err := d.life.SignOut(); err != nil {
				t.Fatal(err)
			}
			if got, _ := d.board.Text(); got != want {
				t.Errorf("clipboard = %q, want %q", got, want)
			}
			d.assertListingForgotten()
			if _, err := d.life.Session().UserID(); !apperr.Is(err, apperr.Unauthenticated) {
				t.Errorf("session after sign-out: %v", err)
			}
			if _, err := d.sync.Status(); !apperr.Is(err, apperr.Unauthenticated) {
				t.Errorf("sync still runs after sign-out: status err = %v", err)
			}
			if len(d.ended) != 0 {
				t.Error("a sign-out the user asked for was reported as a session that ended by itself")
			}
		})
	}
}

// After a password change saved passwords still open, the new password
// signs in, and sync runs again with the new data key: it unseals its
// server token and delivers an edit made after the change.
func TestChangePasswordKeepsSavedPasswordsReadableAndSyncRunning(t *testing.T) {
	d := newDesk(t)
	srv := d.link()
	id := d.save()
	const next = "A brand new passphrase 9"
	if err := d.life.ChangePassword(password, next); err != nil {
		t.Fatal(err)
	}
	if got, err := d.reveal(id); err != nil || got != saved {
		t.Fatalf("saved password after the change = %q, %v", got, err)
	}
	if _, err := d.sync.Status(); err != nil {
		t.Fatalf("sync did not resume after the change: %v", err)
	}
	uid, err := d.life.Session().UserID()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := profile.New(d.db, nil).Update(uid, profile.Patch{"last_name": "Changed"}); err != nil {
		t.Fatal(err)
	}
	st := d.waitStatus("the edit delivered", func(st syncer.Status) bool {
		switch st.State {
		case syncer.StateSynced:
			return st.Pending == 0
		case syncer.StateError, syncer.StateNeedsSignIn, syncer.StateConflict:
			return true // settled otherwise: reported below
		}
		return false
	})
	if st.State != syncer.StateSynced {
		t.Fatalf("sync after the change: %+v", st)
	}
	if a, _ := srv.AccountByEmail(d.email); a.LastName != "Changed" {
		t.Fatalf("server last name = %q, want the edit made after the change", a.LastName)
	}
	if err := d.life.SignOut(); err != nil {
		t.Fatal(err)
	}
	if _, err := d.life.SignIn(accounts.SignInInput{Login: "ana", Password: next}); err != nil {
		t.Fatalf("the new password does not sign in: %v", err)
	}
}

// A wrong current password changes nothing, and sync runs on with the key
// it had.
func TestAWrongCurrentPasswordKeepsSyncRunning(t *testing.T) {
	d := newDesk(t)
	d.link()
	id := d.save()
	if err := d.life.ChangePassword("not the password", "A brand new passphrase 9"); err == nil {
		t.Fatal("a wrong current password was accepted")
	}
	if _, err := d.sync.Status(); err != nil {
		t.Fatalf("sync did not resume after a refused change: %v", err)
	}
	if got, err := d.reveal(id); err != nil || got != saved {
		t.Fatalf("saved password after a refused change = %q, %v", got, err)
	}
}

// When the account is deleted but the file cannot be rewritten (its folder
// moved away), the account is gone all the same: the error says so, and
// the session, sync and clipboard end as after a full deletion.
func TestAnAccountDeletedButNotErasedStillEndsTheSession(t *testing.T) {
	d := newDesk(t)
	d.copySaved(d.save())
	if err := os.Rename(d.dir, d.dir+"-moved"); err != nil {
		t.Fatal(err)
	}
	if err := d.life.DeleteAccount(password, false); !errors.Is(err, accounts.ErrNotErased) {
		t.Fatalf("err = %v, want ErrNotErased", err)
	}
	d.assertEnded()
	if _, err := d.life.SignIn(accounts.SignInInput{Login: "ana", Password: password}); err == nil {
		t.Error("the deleted account still signs in")
	}
}

// However the session ends, the same end path runs once: the session,
// sync (with its copy of the data key), the copied password and the vault's
// listing all end; OnEnded is told once when the user did not ask for the
// end (idle lock, the token's lifetime, a restore), and not when they did.
func TestEveryWayTheSessionEndsRunsTheSameEndOnce(t *testing.T) {
	for _, way := range []struct {
		name     string
		byItself bool
		end      func(d *desk)
	}{
		{"idle lock after a suspend", true, func(d *desk) {
			d.clock.sleep(time.Hour)
			if _, err := d.life.Session().UserID(); !apperr.Is(err, apperr.Unauthenticated) {
				d.t.Fatalf("not locked after an hour asleep: %v", err)
			}
		}},
		{"the token's lifetime runs out while the user works", true, func(d *desk) {
			for worked := time.Duration(0); worked <= accounts.DefaultTokenTTL; worked += 10 * time.Minute {
				d.clock.sleep(10 * time.Minute)
				if _, err := d.life.Session().UserID(); err != nil {
					return
				}
			}
			d.t.Fatal("the session outlived its token")
		}},
		{"data replaced by a restore", true, func(d *desk) { d.life.DataReplaced() }},
		{"sign-out", false, func(d *desk) {
			if err := d.life.SignOut(); err != nil {
				d.t.Fatal(err)
			}
		}},
		{"account deleted", false, func(d *desk) {
			if err := d.life.DeleteAccount(password, false); err != nil {
				d.t.Fatal(err)
			}
		}},
	} {
		t.Run(way.name, func(t *testing.T) {
			d := newDesk(t)
			d.link()
			d.copySaved(d.save())
			way.end(d)
			d.assertEnded()
			if n := d.forgets.Load(); n != 1 {
				t.Errorf("the end path ran %d times, want once", n)
			}
			want := 0
			if way.byItself {
				want = 1
			}
			if len(d.ended) != want {
				t.Errorf("OnEnded told %d times, want %d", len(d.ended), want)
			}
		})
	}
}

func ptr(s string) *string { return &s }

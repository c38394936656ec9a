package syncer

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"path/filepath"
	"testing"
	"time"

	"passdesk/backend/accounts"
	"passdesk/backend/avatar"
	"passdesk/backend/internal/testutil"
	"passdesk/backend/profile"
	"passdesk/backend/remote"
	"passdesk/backend/remote/remotetest"
	"passdesk/backend/store"
)

// harness is one signed-in local account with a sync engine, against the
// built-in contract server or, with PASSDESK_REMOTE_URL, an external one
// (srv is then nil and tests needing fault injection skip).
type harness struct {
	t        testing.TB
	dbPath   string
	db       *store.DB
	srv      *remotetest.Server
	url      string
	accounts *accounts.Service
	profiles *profile.Service
	engine   *Engine
	cfg      Config
	user     store.User
	dataKey  []byte
	// remote account credentials, for the "web" side of a test
	email, password string
}

func randomName(prefix string) string {
	b := make([]byte, 5)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

func newHarness(t testing.TB) *harness {
	t.Helper()
	url, srv := remotetest.ForTest(t)
	return newHarnessOn(t, url, srv, Config{})
}

// newHarnessOn is newHarness against a given server, with engine settings
// (zero fields take the harness's fast test defaults).
func newHarnessOn(t testing.TB, url string, srv *remotetest.Server, cfg Config) *harness {
	t.Helper()
	h := &harness{t: t, url: url, srv: srv, cfg: cfg, dbPath: filepath.Join(t.TempDir(), store.FileName)}
	h.open()
	unlocked := testutil.SignUpUnlocked(t, h.accounts, randomName("ana"))
	h.user, h.dataKey = unlocked.User, unlocked.DataKey
	h.start()
	// Signing up on the server from the local profile uses its email.
	h.email, h.password = h.user.Email, "remote pass 42"
	return h
}

func (h *harness) needServer() {
	if h.srv == nil {
		h.t.Skip("needs the built-in server's fault injection (PASSDESK_REMOTE_URL is set)")
	}
}

// open (re)opens the database, as a restarted app would.
func (h *harness) open() {
	db, err := store.Open(h.dbPath, store.Options{})
	if err != nil {
		h.t.Fatal(err)
	}
	h.db = db
	h.accounts = testutil.Accounts(h.t, db, nil)
	h.profiles = profile.New(db, nil)
	h.t.Cleanup(func() { _ = db.Close() })
}

func (h *harness) start() {
	cfg := h.cfg
	cfg.DB, cfg.Pipeline, cfg.Remote = h.db, avatar.New(), remote.Options{Timeout: 3 * time.Second}
	cfg.RetryMin = cmp.Or(cfg.RetryMin, 5*time.Millisecond)
	cfg.RetryMax = cmp.Or(cfg.RetryMax, 80*time.Millisecond)
	cfg.PullEvery = cmp.Or(cfg.PullEvery, time.Hour)
	h.engine = New(cfg)
	h.engine.Start(h.user.ID, h.dataKey)
	h.t.Cleanup(h.engine.Stop)
}

// restart simulates the app being killed and started again: the engine
// stops without a goodbye, the database is closed and reopened.
func (h *harness) restart() {
	h.engine.Stop()
	if err := h.db.Close(); err != nil {
		h.t.Fatal(err)
	}
	h.open()
	h.start()
}

func (h *harness) link(mode string) Status {
	h.t.Helper()
	st, err := h.engine.Link(LinkInput{ServerURL: h.url, Mode: mode, Email: h.email, Password: h.password})
	if err != nil {
		h.t.Fatalf("link (%s): %v", mode, err)
	}
	return st
}

func (h *harness) edit(patch profile.Patch) {
	h.t.Helper()
	if _, err := h.profiles.Update(h.user.ID, patch); err != nil {
		h.t.Fatalf("local edit: %v", err)
	}
	h.engine.Wake()
}

func (h *harness) local() store.User {
	h.t.Helper()
	var u store.User
	if err := h.db.View(func(tx *store.Tx) (err error) { u, err = tx.User(h.user.ID); return err }); err != nil {
		h.t.Fatal(err)
	}
	return u
}

func (h *harness) status() Status {
	h.t.Helper()
	st, err := h.engine.Status()
	if err != nil {
		h.t.Fatal(err)
	}
	return st
}

// waitFor polls the status until ok holds (the worker runs in the background).
func (h *harness) waitFor(what string, ok func(Status) bool) Status {
	h.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		st := h.status()
		if ok(st) {
			return st
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("waited 20 s for %s; status is %+v", what, st)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitSynced runs cycles (each one starting after the call, unlike the
// worker's, which may have begun before the latest change) until
// everything is delivered and nothing is pending.
func (h *harness) waitSynced() Status {
	h.t.Helper()
	return h.waitFor("synced", func(Status) bool {
		h.engine.mu.Lock()
		s := h.engine.sess
		h.engine.mu.Unlock()
		h.engine.runCycle(s)
		st := h.status()
		return st.State == StateSynced && st.Pending == 0
	})
}

// web is the same account used from the service's website: a second,
// independent client.
func (h *harness) web() (*remote.Client, string, int64) {
	h.t.Helper()
	c, err := remote.New(h.url, remote.Options{Timeout: 3 * time.Second})
	if err != nil {
		h.t.Fatal(err)
	}
	tokens, u, err := c.SignIn(context.Background(), h.email, h.password)
	if err != nil {
		h.t.Fatalf("web sign-in: %v", err)
	}
	return c, tokens.Access, u.ID
}

func (h *harness) remoteProfile() remote.User {
	h.t.Helper()
	c, access, _ := h.web()
	u, err := c.Profile(context.Background(), access)
	if err != nil {
		h.t.Fatalf("web profile: %v", err)
	}
	return u
}

func (h *harness) webEdit(f remote.Fields) {
	h.t.Helper()
	c, access, id := h.web()
	if _, err := c.UpdateProfile(context.Background(), access, id, f); err != nil {
		h.t.Fatalf("web edit: %v", err)
	}
}

func ptr(s string) *string { return &s }

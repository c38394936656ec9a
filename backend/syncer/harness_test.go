package syncer

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"path/filepath"
	"sync"
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

	// changed holds a token once the engine has reported a status since
	// the last wait (OnStatus); emitted is every status it reported.
	changed   chan struct{}
	emittedMu sync.Mutex
	emitted   []Status
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
	h := &harness{t: t, url: url, srv: srv, cfg: cfg, dbPath: filepath.Join(t.TempDir(), store.FileName), changed: make(chan struct{}, 1)}
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
	// The remote client's defaults: no limit on a whole call, 30 s without
	// progress, which no real work on a slow machine meets.
	cfg.DB, cfg.Pipeline = h.db, avatar.New()
	cfg.OnStatus = h.record
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
	// No Wake: the edit's commit wakes the worker (store.DB.OnOutboxCommit).
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

// record is the engine's OnStatus: it is called with the engine locked, so
// it only notes the status and never blocks.
func (h *harness) record(st Status) {
	h.emittedMu.Lock()
	h.emitted = append(h.emitted, st)
	h.emittedMu.Unlock()
	select {
	case h.changed <- struct{}{}:
	default:
	}
}

// reported returns the statuses the engine has reported, from the from-th
// on (a mark taken earlier as len(h.reported(0))).
func (h *harness) reported(from int) []Status {
	h.emittedMu.Lock()
	defer h.emittedMu.Unlock()
	return append([]Status(nil), h.emitted[from:]...)
}

// waitFor waits until ok holds, checking again each time the engine
// reports a status (the worker runs in the background). It gives up only
// near the test binary's own deadline (-timeout), never after a delay of
// its own, so a slow machine cannot fail it.
func (h *harness) waitFor(what string, ok func(Status) bool) Status {
	h.t.Helper()
	var giveUp <-chan time.Time
	if d, has := h.t.(interface{ Deadline() (time.Time, bool) }); has {
		if at, set := d.Deadline(); set {
			left := time.Until(at)
			giveUp = time.After(left - left/10)
		}
	}
	for {
		st := h.status()
		if ok(st) {
			return st
		}
		select {
		case <-h.changed:
		case <-giveUp:
			h.t.Fatalf("still waiting for %s near the test's deadline; status is %+v", what, st)
		}
	}
}

func synced(st Status) bool { return st.State == StateSynced && st.Pending == 0 }

// waitDelivered waits, without running a cycle itself, until the worker
// has delivered everything: after a local edit (which wakes it) nothing is
// pending only once the change reached the server.
func (h *harness) waitDelivered() Status {
	h.t.Helper()
	return h.waitFor("the worker to deliver everything", synced)
}

// cycle runs one sync cycle on the test's goroutine: when it returns, a
// whole cycle that started after the call is over.
func (h *harness) cycle() {
	h.engine.mu.Lock()
	s := h.engine.sess
	h.engine.mu.Unlock()
	h.engine.runCycle(s)
}

// waitSynced is "sync now": it runs one cycle that starts after the call
// (the worker's may have begun before the latest change on either side),
// then, should that cycle not sync everything, wakes the worker and waits
// for it and its retries to do so.
func (h *harness) waitSynced() Status {
	h.t.Helper()
	h.cycle()
	if !synced(h.status()) {
		h.engine.Wake()
	}
	return h.waitFor("synced", synced)
}

// web is the same account used from the service's website: a second,
// independent client.
func (h *harness) web() (*remote.Client, string, int64) {
	h.t.Helper()
	c, err := remote.New(h.url, remote.Options{})
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

func (h *harness) webEdit(f map[string]any) {
	h.t.Helper()
	c, access, id := h.web()
	if _, err := c.UpdateProfile(context.Background(), access, id, f); err != nil {
		h.t.Fatalf("web edit: %v", err)
	}
}

func ptr(s string) *string { return &s }

package vaultsync_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"passdesk/backend/accounts"
	"passdesk/backend/avatar"
	"passdesk/backend/internal/testutil"
	"passdesk/backend/remote"
	"passdesk/backend/remote/remotetest"
	"passdesk/backend/store"
	"passdesk/backend/syncer"
	"passdesk/backend/vault"
	"passdesk/backend/vaultsync"
)

// harness is one signed-in local account linked to a server account, with
// saved-password sync installed (off until enable), against the built-in
// contract server or, with PASSDESK_REMOTE_URL, an external one (srv is
// then nil and tests needing fault injection skip). Rounds run on the
// test's goroutine (sync); the engine's worker may run others meanwhile,
// which the scenarios are written to tolerate.
type harness struct {
	t        testing.TB
	db       *store.DB
	srv      *remotetest.Server
	accounts *accounts.Service
	vault    *vault.Service
	engine   *syncer.Engine
	vs       *vaultsync.Service
	user     store.User
	key      []byte

	web      *remote.Client
	access   string
	remoteID int64
}

func randomName(prefix string) string {
	b := make([]byte, 5)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

func newHarness(t testing.TB) *harness {
	t.Helper()
	return newHarnessWith(t, nil)
}

// newHarnessWith is newHarness with the engine's HTTP transport (nil: its own).
func newHarnessWith(t testing.TB, transport http.RoundTripper) *harness {
	t.Helper()
	url, srv := remotetest.ForTest(t)
	db := testutil.OpenDB(t)
	h := &harness{t: t, db: db, srv: srv, accounts: testutil.Accounts(t, db, nil), vault: vault.New(db, nil)}
	u := testutil.SignUpUnlocked(t, h.accounts, randomName("ana"))
	h.user, h.key = u.User, u.DataKey
	h.engine = syncer.New(syncer.Config{DB: db, Pipeline: avatar.New(), Remote: remote.Options{Transport: transport},
		RetryMin: 5 * time.Millisecond, RetryMax: 80 * time.Millisecond, PullEvery: time.Hour})
	h.vs = vaultsync.New(db, h.engine, nil, nil)
	h.engine.Start(h.user.ID, h.key)
	t.Cleanup(h.engine.Stop)
	const remotePassword = "remote pass 42"
	if _, err := h.engine.Link(syncer.LinkInput{ServerURL: url, Mode: syncer.ModeSignUp, Email: h.user.Email, Password: remotePassword}); err != nil {
		t.Fatalf("link: %v", err)
	}
	web, err := remote.New(url, remote.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tokens, ru, err := web.SignIn(context.Background(), h.user.Email, remotePassword)
	if err != nil {
		t.Fatalf("web sign-in: %v", err)
	}
	h.web, h.access, h.remoteID = web, tokens.Access, ru.ID
	return h
}

func (h *harness) needServer() {
	if h.srv == nil {
		h.t.Skip("needs the built-in server's fault injection (PASSDESK_REMOTE_URL is set)")
	}
}

func (h *harness) enable() vaultsync.Report {
	h.t.Helper()
	st, err := h.vs.Enable(h.user.ID, h.key)
	if err != nil {
		h.t.Fatalf("enable: %v", err)
	}
	return st
}

// sync runs one saved-password round now.
func (h *harness) sync() {
	h.t.Helper()
	if err := h.vs.SyncNow(); err != nil {
		h.t.Fatalf("sync: %v", err)
	}
}

func (h *harness) status() vaultsync.Report {
	h.t.Helper()
	st, err := h.vs.Status(h.user.ID, h.key)
	if err != nil {
		h.t.Fatal(err)
	}
	return st
}

func (h *harness) add(name, url, password string) uint64 {
	h.t.Helper()
	sum, err := h.vault.Add(h.user.ID, h.key, vault.Input{NamePages: name, URL: url, PasswordSaved: password})
	if err != nil {
		h.t.Fatalf("add: %v", err)
	}
	return sum.ID
}

func (h *harness) update(id uint64, in vault.Input) {
	h.t.Helper()
	if _, err := h.vault.Update(h.user.ID, h.key, id, in); err != nil {
		h.t.Fatalf("update: %v", err)
	}
}

// local is the vault as name|url|password strings, sorted.
func (h *harness) local() []string {
	h.t.Helper()
	var out []string
	err := h.db.View(func(tx *store.Tx) error {
		entries, err := vault.Entries(tx, h.user.ID, h.key)
		for _, in := range entries {
			out = append(out, in.NamePages+"|"+in.URL+"|"+in.PasswordSaved)
		}
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// localID finds the local entry named name.
func (h *harness) localID(name string) uint64 {
	h.t.Helper()
	list, err := h.vault.List(h.user.ID, h.key, "", 0, vault.MaxPageSize)
	if err != nil {
		h.t.Fatal(err)
	}
	for _, s := range list.Items {
		if s.NamePages == name {
			return s.ID
		}
	}
	h.t.Fatalf("no local entry named %q in %+v", name, list)
	return 0
}

func (h *harness) webList() []remote.SavedPassword {
	h.t.Helper()
	list, err := h.web.Passwords(context.Background(), h.access)
	if err != nil {
		h.t.Fatalf("web list: %v", err)
	}
	return list
}

// server is the server's list as name|url|password strings, sorted.
func (h *harness) server() []string {
	h.t.Helper()
	var out []string
	for _, sp := range h.webList() {
		out = append(out, sp.NamePages+"|"+sp.URL+"|"+sp.PasswordSaved)
	}
	slices.Sort(out)
	return out
}

// webAdd saves an entry from the website; the newest entry with its
// fields is the one just made.
func (h *harness) webAdd(name, url, password string) int64 {
	h.t.Helper()
	p := remote.Password{NamePages: name, URL: url, PasswordSaved: password}
	id, err := h.web.CreatePassword(context.Background(), h.access, h.remoteID, p, func(int64) bool { return false })
	if err != nil || id == 0 {
		h.t.Fatalf("web add: %d %v", id, err)
	}
	return id
}

func (h *harness) webID(name string) int64 {
	h.t.Helper()
	for _, sp := range h.webList() {
		if sp.NamePages == name {
			return sp.ID
		}
	}
	h.t.Fatalf("no server entry named %q", name)
	return 0
}

func (h *harness) webEdit(name string, fields map[string]string) {
	h.t.Helper()
	if err := h.web.UpdatePassword(context.Background(), h.access, h.webID(name), fields); err != nil {
		h.t.Fatalf("web edit: %v", err)
	}
}

func (h *harness) webDelete(name string) {
	h.t.Helper()
	if err := h.web.DeletePassword(context.Background(), h.access, h.webID(name)); err != nil {
		h.t.Fatalf("web delete: %v", err)
	}
}

func want(t testing.TB, what string, got []string, want ...string) {
	t.Helper()
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("%s:\n got %s\nwant %s", what, strings.Join(got, ", "), strings.Join(want, ", "))
	}
}

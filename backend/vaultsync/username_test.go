package vaultsync_test

import (
	"slices"
	"strings"
	"testing"

	"passdesk/backend/store"
	"passdesk/backend/vault"
	"passdesk/backend/vaultsync"
)

// passwordWrites are the requests that wrote saved passwords on the server.
func (h *harness) passwordWrites() []string {
	var out []string
	for _, r := range h.srv.Requests() {
		if r.Method != "GET" && strings.Contains(r.Path, "password") {
			out = append(out, r.Method+" "+r.Path+" "+strings.Join(r.BodyFields, ","))
		}
	}
	return out
}

func (h *harness) username(id uint64) string {
	h.t.Helper()
	var in vault.Input
	err := h.db.View(func(tx *store.Tx) (err error) { in, _, err = vault.Entry(tx, h.user.ID, h.key, id); return err })
	if err != nil {
		h.t.Fatal(err)
	}
	return in.Username
}

// The username is this computer's only: never sent, a change of it alone
// sends nothing, and nothing from the server blanks it.
func TestTheUsernameStaysOnThisComputer(t *testing.T) {
	h := newHarness(t)
	h.needServer()
	h.enable()
	sum, err := h.vault.Add(h.user.ID, h.key, vault.Input{NamePages: "Mail", URL: mail, Username: "ana.login", PasswordSaved: "m1"})
	if err != nil {
		t.Fatal(err)
	}
	h.sync()
	want(t, "server after a local add", h.server(), "Mail|"+mail+"|m1")
	writes := h.passwordWrites()
	if len(writes) == 0 {
		t.Fatal("the add was not sent")
	}
	for _, w := range writes {
		if strings.Contains(w, "username") {
			t.Fatalf("a request sent the username: %s", w)
		}
	}

	h.update(sum.ID, vault.Input{NamePages: "Mail", URL: mail, Username: "ana.other", PasswordSaved: "m1"})
	var queued []store.VaultOutboxItem
	_ = h.db.View(func(tx *store.Tx) (err error) { queued, err = tx.VaultOutbox(h.user.ID); return err })
	if len(queued) != 0 {
		t.Fatalf("a change of the username alone was queued: %+v", queued)
	}
	h.sync()
	if after := h.passwordWrites(); !slices.Equal(after, writes) {
		t.Fatalf("a change of the username alone reached the server: %v", after[len(writes):])
	}

	h.webEdit("Mail", map[string]string{"name_pages": "Web mail", "password_saved": "w2"})
	h.sync()
	want(t, "local after a web edit", h.local(), "Web mail|"+mail+"|w2")
	if got := h.username(sum.ID); got != "ana.other" {
		t.Fatalf("username after a pull = %q, want ana.other", got)
	}
}

func TestKeepingTheServersSideOfAConflictKeepsTheUsername(t *testing.T) {
	h := newHarness(t)
	id := conflicted(t, h)
	h.update(id, vault.Input{NamePages: "My mail", URL: mail, Username: "ana.login", PasswordSaved: "my pw"})
	h.resolve(id, vaultsync.KeepServer)
	want(t, "local", h.local(), "Server mail|"+mail+"|server pw")
	if got := h.username(id); got != "ana.login" {
		t.Fatalf("username after keeping the server's entry = %q, want ana.login", got)
	}
}

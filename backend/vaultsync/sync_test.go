package vaultsync_test

import (
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	"passdesk/backend/apperr"
	"passdesk/backend/store"
	"passdesk/backend/vault"
	"passdesk/backend/vaultsync"
)

const (
	mail  = "https://mail.example.com"
	bank  = "https://bank.example.com"
	forum = "https://forum.example.com"
)

func TestItIsOffUntilEnabledAndQueuesNothingMeanwhile(t *testing.T) {
	h := newHarness(t)
	h.webAdd("Web", forum, "w1")
	h.add("Mail", mail, "m1")
	h.sync()
	if st := h.status(); st.Enabled || st.Pending != 0 {
		t.Fatalf("status before enabling: %+v", st)
	}
	want(t, "local, off", h.local(), "Mail|"+mail+"|m1")
	want(t, "server, off", h.server(), "Web|"+forum+"|w1")
}

func TestTheFirstEnableImportsTheServersEntriesAndMergesDuplicates(t *testing.T) {
	h := newHarness(t)
	h.add("Mail", mail, "m1") // also on the server: one entry, not two
	h.add("Bank", bank, "b1") // only here: sent
	h.add("Mail", mail, "m2") // same name and URL, other password: not a duplicate
	h.webAdd("Mail", mail, "m1")
	h.webAdd("Forum", forum, "f1") // only there: imported
	st := h.enable()
	if !st.Enabled {
		t.Fatalf("status after enable: %+v", st)
	}
	all := []string{"Bank|" + bank + "|b1", "Forum|" + forum + "|f1", "Mail|" + mail + "|m1", "Mail|" + mail + "|m2"}
	want(t, "local after the import", h.local(), all...)
	h.sync() // delivers what the import queued (the worker may have already)
	want(t, "server after the import", h.server(), all...)
	h.sync()
	want(t, "local after another round", h.local(), all...)
	want(t, "server after another round", h.server(), all...)
	if st := h.status(); st.Pending != 0 || len(st.Conflicts) != 0 || st.LastSyncedAt == nil {
		t.Fatalf("status: %+v", st)
	}
}

func TestCreatesEditsAndDeletesGoBothWays(t *testing.T) {
	h := newHarness(t)
	h.enable()

	id := h.add("Mail", mail, "m1")
	var queued []store.VaultOutboxItem
	_ = h.db.View(func(tx *store.Tx) (err error) { queued, err = tx.VaultOutbox(h.user.ID); return err })
	if st := h.status(); len(queued) == 0 && st.Pending == 0 && len(h.server()) == 0 {
		t.Fatal("a local add was neither queued nor delivered")
	}
	h.sync()
	want(t, "server after a local add", h.server(), "Mail|"+mail+"|m1")

	h.webAdd("Forum", forum, "f1")
	h.sync()
	want(t, "local after a web add", h.local(), "Forum|"+forum+"|f1", "Mail|"+mail+"|m1")

	h.update(id, vault.Input{NamePages: "Mail", URL: mail, PasswordSaved: "m2"})
	h.sync()
	want(t, "server after a local edit", h.server(), "Forum|"+forum+"|f1", "Mail|"+mail+"|m2")

	h.webEdit("Forum", map[string]string{"name_pages": "Board"})
	h.sync()
	want(t, "local after a web edit", h.local(), "Board|"+forum+"|f1", "Mail|"+mail+"|m2")

	if err := h.vault.Delete(h.user.ID, id); err != nil {
		t.Fatal(err)
	}
	h.sync()
	want(t, "server after a local delete", h.server(), "Board|"+forum+"|f1")

	h.webDelete("Board")
	h.sync()
	want(t, "local after a web delete", h.local())
	if st := h.status(); st.Pending != 0 || len(st.Conflicts) != 0 {
		t.Fatalf("status at the end: %+v", st)
	}
}

func TestEditsOfDifferentFieldsOnBothSidesAreBothKept(t *testing.T) {
	h := newHarness(t)
	h.enable()
	h.webAdd("Mail", mail, "m1")
	h.sync()
	h.webEdit("Mail", map[string]string{"url": bank})
	h.update(h.localID("Mail"), vault.Input{NamePages: "Mail", URL: mail, PasswordSaved: "m2"})
	h.sync()
	h.sync()
	want(t, "local", h.local(), "Mail|"+bank+"|m2")
	want(t, "server", h.server(), "Mail|"+bank+"|m2")
	if st := h.status(); len(st.Conflicts) != 0 {
		t.Fatalf("conflicts: %+v", st.Conflicts)
	}
}

// conflicted makes Mail's name and password differ on both sides and
// returns the local entry's id.
func conflicted(t *testing.T, h *harness) uint64 {
	t.Helper()
	h.enable()
	h.webAdd("Mail", mail, "m1")
	h.sync()
	h.webEdit("Mail", map[string]string{"name_pages": "Server mail", "password_saved": "server pw"})
	id := h.localID("Mail")
	h.update(id, vault.Input{NamePages: "My mail", URL: mail, PasswordSaved: "my pw"})
	h.sync()
	st := h.status()
	if len(st.Conflicts) != 1 || st.Conflicts[0].EntryID != id {
		t.Fatalf("conflicts: %+v, want one on entry %d", st.Conflicts, id)
	}
	got := st.Conflicts[0].Fields
	if len(got) != 2 || got[0] != (vaultsync.FieldConflict{Field: "name_pages", Mine: "My mail", Server: "Server mail"}) ||
		got[1] != (vaultsync.FieldConflict{Field: "password_saved"}) {
		t.Fatalf("conflict fields: %+v (a password is never shown)", got)
	}
	// Nothing was overwritten on either side, and further rounds wait.
	h.sync()
	want(t, "local while in conflict", h.local(), "My mail|"+mail+"|my pw")
	want(t, "server while in conflict", h.server(), "Server mail|"+mail+"|server pw")
	return id
}

func (h *harness) resolve(id uint64, keep string) {
	h.t.Helper()
	st, err := h.vs.Resolve(h.user.ID, h.key, id, keep)
	if err != nil || len(st.Conflicts) != 0 {
		h.t.Fatalf("resolve %s: %+v %v", keep, st, err)
	}
	h.sync()
}

func TestAConflictKeepsMine(t *testing.T) {
	h := newHarness(t)
	h.resolve(conflicted(t, h), vaultsync.KeepMine)
	want(t, "local", h.local(), "My mail|"+mail+"|my pw")
	want(t, "server", h.server(), "My mail|"+mail+"|my pw")
}

func TestAConflictKeepsTheServers(t *testing.T) {
	h := newHarness(t)
	h.resolve(conflicted(t, h), vaultsync.KeepServer)
	want(t, "local", h.local(), "Server mail|"+mail+"|server pw")
	want(t, "server", h.server(), "Server mail|"+mail+"|server pw")
}

func TestAConflictKeepsBoth(t *testing.T) {
	h := newHarness(t)
	h.resolve(conflicted(t, h), vaultsync.KeepBoth)
	h.sync()
	both := []string{"My mail|" + mail + "|my pw", "Server mail|" + mail + "|server pw"}
	want(t, "local", h.local(), both...)
	want(t, "server", h.server(), both...)
}

func TestResolveRefusesBadInput(t *testing.T) {
	h := newHarness(t)
	id := conflicted(t, h)
	if _, err := h.vs.Resolve(h.user.ID, h.key, id, "theirs"); apperr.As(err) == nil || apperr.As(err).Code != apperr.Invalid {
		t.Errorf("keep=theirs: %v, want invalid", err)
	}
	if _, err := h.vs.Resolve(h.user.ID, h.key, id+100, vaultsync.KeepMine); apperr.As(err) == nil || apperr.As(err).Code != apperr.NotFound {
		t.Errorf("no such conflict: %v, want not found", err)
	}
}

func TestAnEditBeatsADeletionOnTheOtherSide(t *testing.T) {
	h := newHarness(t)
	h.enable()
	h.webAdd("Mail", mail, "m1")
	h.webAdd("Bank", bank, "b1")
	h.sync()
	// Both sides change before any round runs: the worker, woken by each
	// local commit, would otherwise send the deletion before the web edit.
	h.engine.Stop()
	// Deleted on the server, edited here: sent again.
	h.webDelete("Mail")
	h.update(h.localID("Mail"), vault.Input{NamePages: "Mail", URL: mail, PasswordSaved: "m2"})
	// Deleted here, edited on the server: back here.
	if err := h.vault.Delete(h.user.ID, h.localID("Bank")); err != nil {
		t.Fatal(err)
	}
	h.webEdit("Bank", map[string]string{"password_saved": "b2"})
	h.engine.Start(h.user.ID, h.key)
	h.sync()
	h.sync()
	both := []string{"Bank|" + bank + "|b2", "Mail|" + mail + "|m2"}
	want(t, "local", h.local(), both...)
	want(t, "server", h.server(), both...)
}

func TestTurningItOffStopsSyncAndKeepsTheEntries(t *testing.T) {
	h := newHarness(t)
	h.webAdd("Mail", mail, "m1")
	h.enable()
	if _, err := h.vs.Disable(h.user.ID, h.key); err != nil {
		t.Fatal(err)
	}
	h.add("Bank", bank, "b1")
	h.webAdd("Forum", forum, "f1")
	h.update(h.localID("Mail"), vault.Input{NamePages: "Mail", URL: mail, PasswordSaved: "m2"})
	h.sync()
	want(t, "local after opting out", h.local(), "Bank|"+bank+"|b1", "Mail|"+mail+"|m2")
	want(t, "server after opting out", h.server(), "Forum|"+forum+"|f1", "Mail|"+mail+"|m1")
	if st := h.status(); st.Enabled || st.Pending != 0 {
		t.Fatalf("status: %+v", st)
	}
	var links map[uint64]store.VaultLink
	_ = h.db.View(func(tx *store.Tx) (err error) { links, err = tx.VaultLinks(h.user.ID); return err })
	if len(links) != 0 {
		t.Fatalf("links kept after opting out: %+v", links)
	}
}

func TestDeletingTheServerAccountTakesTheServersEntries(t *testing.T) {
	h := newHarness(t)
	h.webAdd("Mail", mail, "m1")
	h.webAdd("Bank", bank, "b1")
	// Whether or not saved-password sync is on.
	if err := h.vs.DeleteServerEntries(); err != nil {
		t.Fatal(err)
	}
	want(t, "server after deleting its entries", h.server())
	if err := h.engine.DeleteRemoteAccount(); err != nil {
		t.Fatal(err)
	}
	if h.srv != nil {
		if got := h.srv.SavedPasswords(h.remoteID); len(got) != 0 {
			t.Fatalf("left on the server: %+v", got)
		}
	}
}

func TestAChangeTheServerRefusesIsShownAndHoldsBackNoOther(t *testing.T) {
	h := newHarness(t)
	h.enable()
	h.add("Intranet", "http://intranet/", "i1") // PassDesk takes it; Django's URL rule wants a dotted host
	h.add("Mail", mail, "m1")
	h.sync()
	want(t, "server", h.server(), "Mail|"+mail+"|m1")
	if st := h.status(); st.Refused != 1 || st.Pending != 0 {
		t.Fatalf("status: %+v, want one refused and nothing queued", st)
	}
	h.update(h.localID("Intranet"), vault.Input{NamePages: "Intranet", URL: "http://intranet.example.com/", PasswordSaved: "i1"})
	h.sync()
	if st := h.status(); st.Refused != 0 {
		t.Fatalf("status after fixing it: %+v", st)
	}
	want(t, "server after fixing it", h.server(), "Intranet|http://intranet.example.com/|i1", "Mail|"+mail+"|m1")
}

func TestChangesMadeWhileTheServerIsDownAreDeliveredLater(t *testing.T) {
	h := newHarness(t)
	h.needServer()
	h.enable()
	h.srv.SetDown(true)
	h.add("Mail", mail, "m1")
	err := h.vs.SyncNow()
	if ae := apperr.As(err); ae == nil || ae.Code != apperr.Unavailable {
		t.Fatalf("a round while down: %v, want unavailable", err)
	}
	if st := h.status(); st.Pending == 0 {
		t.Fatalf("status while down: %+v, want the add queued", st)
	}
	h.srv.SetDown(false)
	h.sync()
	want(t, "server after it came back", h.server(), "Mail|"+mail+"|m1")
}

func TestAPasswordChangeReSealsTheSyncState(t *testing.T) {
	h := newHarness(t)
	h.enable()
	h.webAdd("Mail", mail, "m1")
	h.sync()
	h.engine.Stop()
	newKey, err := h.accounts.ChangePassword(h.user.ID, "correct horse 42", "another horse 43")
	if err != nil {
		t.Fatal(err)
	}
	h.key = newKey
	h.engine.Start(h.user.ID, newKey)
	h.webEdit("Mail", map[string]string{"password_saved": "m2"})
	h.sync()
	want(t, "local after the password change", h.local(), "Mail|"+mail+"|m2")
}

func TestEnablingNeedsALink(t *testing.T) {
	h := newHarness(t)
	if _, err := h.engine.Unlink(); err != nil {
		t.Fatal(err)
	}
	_, err := h.vs.Enable(h.user.ID, h.key)
	if ae := apperr.As(err); ae == nil || ae.Code != apperr.Conflict {
		t.Fatalf("enable without a link: %v, want a conflict", err)
	}
}

// loseAnswers applies a request and then loses its answer, as when a proxy
// fails after the server did the work: armed, it does so once for the
// next request whose method and path end match.
type loseAnswers struct {
	mu           sync.Mutex
	method, path string
	armed        bool
}

func (l *loseAnswers) arm(method, path string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.method, l.path, l.armed = method, path, true
}

// fired reports whether the armed answer was lost.
func (l *loseAnswers) fired() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return !l.armed
}

func (l *loseAnswers) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	l.mu.Lock()
	lose := l.armed && req.Method == l.method && strings.HasSuffix(req.URL.Path, l.path)
	if lose {
		l.armed = false
	}
	l.mu.Unlock()
	if lose && err == nil {
		resp.Body.Close()
		return nil, errors.New("connection reset by peer (the answer was lost)")
	}
	return resp, err
}

// A create the server applied but whose answer never came is found by its
// fields on the retry, not sent twice; so is an update (sent again, same
// values) and a delete (404 on the retry counts as done).
func TestChangesWhoseAnswerIsLostConvergeWithoutDoubles(t *testing.T) {
	lose := &loseAnswers{}
	h := newHarnessWith(t, lose)
	h.enable()
	lose.arm("POST", "/save-passwords/")
	id := h.add("Mail", mail, "m1")
	if err := h.vs.SyncNow(); err == nil {
		t.Log("the worker's round met the lost answer first")
	}
	h.sync()
	h.sync()
	if !lose.fired() {
		t.Fatal("no create answer was lost")
	}
	want(t, "server after a lost create answer", h.server(), "Mail|"+mail+"|m1")
	want(t, "local after a lost create answer", h.local(), "Mail|"+mail+"|m1")

	lose.arm("PUT", "/update/")
	h.update(id, vault.Input{NamePages: "Mail", URL: mail, PasswordSaved: "m2"})
	_ = h.vs.SyncNow()
	h.sync()
	if !lose.fired() {
		t.Fatal("no update answer was lost")
	}
	want(t, "server after a lost update answer", h.server(), "Mail|"+mail+"|m2")

	lose.arm("DELETE", "/delete/")
	if err := h.vault.Delete(h.user.ID, id); err != nil {
		t.Fatal(err)
	}
	_ = h.vs.SyncNow()
	h.sync()
	if !lose.fired() {
		t.Fatal("no delete answer was lost")
	}
	want(t, "server after a lost delete answer", h.server())
	if st := h.status(); st.Pending != 0 || len(st.Conflicts) != 0 || st.Refused != 0 {
		t.Fatalf("status: %+v", st)
	}
}

// A server that refuses the saved-password routes for good (an older
// service without them, here a 404 from the list) is shown, and does not
// stop the profile's sync; the next good round clears it.
func TestAServerWithoutSavedPasswordsIsShownAndTheProfileStillSyncs(t *testing.T) {
	h := newHarness(t)
	h.needServer()
	h.enable()
	h.srv.Handle("/api/view-all-saved-passwords/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"detail":"No encontrado."}`))
	})
	if err := h.vs.SyncNow(); err == nil {
		t.Fatal("a round against a server without the routes succeeded")
	}
	if st := h.status(); !st.Failed {
		t.Fatalf("status: %+v, want failed", st)
	}
	if st, err := h.engine.Status(); err != nil || st.Error != nil {
		t.Fatalf("the profile's sync status: %+v %v, want no error of its own", st, err)
	}
	h.srv.Handle("/api/view-all-saved-passwords/", nil)
	h.sync()
	if st := h.status(); st.Failed || st.LastSyncedAt == nil {
		t.Fatalf("status after a good round: %+v", st)
	}
}

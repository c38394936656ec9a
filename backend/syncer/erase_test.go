package syncer

import (
	"os"
	"testing"

	"passdesk/backend/internal/testutil"
	"passdesk/backend/profile"
)

// fileID is the database file's identity: a rewrite (store.DB.Erase)
// renames a fresh file over it.
func (h *harness) fileID() os.FileInfo {
	h.t.Helper()
	info, err := os.Stat(h.db.Path())
	if err != nil {
		h.t.Fatal(err)
	}
	return info
}

func (h *harness) fileHolds(value string) bool {
	h.t.Helper()
	return testutil.FileHolds(h.t, h.db.Path(), []byte(value))
}

// A synced value that both sides have replaced stays in the merge base
// until the next cycle moves the base on, and a local value the server's
// edit replaces goes in the cycle that takes it: neither may stay in a
// freed page of the file afterwards (SPEC §3). Later writes may reuse
// those pages and hide the bytes by chance, so the test also checks that
// the cycle rewrote the file, and that a cycle replacing nothing did not.
func TestASyncCycleLeavesNoReplacedValueInTheFile(t *testing.T) {
	h := newHarness(t)
	h.link(ModeSignUp)
	h.edit(profile.Patch{"number_phone": "5550001111", "last_name": "ZzOldLast"})
	h.waitSynced()
	if !h.fileHolds("5550001111") || !h.fileHolds("ZzOldLast") {
		t.Fatal("control: the synced values are not in the file")
	}
	before := h.fileID()
	h.waitSynced()
	if !os.SameFile(before, h.fileID()) {
		t.Error("a cycle that replaced nothing rewrote the file")
	}
	h.engine.Stop() // the edits below are synced only once both are made
	h.edit(profile.Patch{"number_phone": "5550002222"})
	h.webEdit(map[string]any{"last_name": "ZzNewLast"})
	before = h.fileID()
	h.start()
	h.waitSynced()
	if os.SameFile(before, h.fileID()) {
		t.Error("the cycle that moved the base on and took the server's value did not rewrite the file")
	}
	if l := h.local(); l.NumberPhone != "5550002222" || l.LastName != "ZzNewLast" {
		t.Fatalf("after sync: %+v", l)
	}
	for _, old := range []string{"5550001111", "ZzOldLast"} {
		if h.fileHolds(old) {
			t.Errorf("the replaced value %q is still in the file", old)
		}
	}
}

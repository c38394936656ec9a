package vaultsync_test

import (
	"os"
	"testing"

	"passdesk/backend/internal/testutil"
	"passdesk/backend/store"
	"passdesk/backend/vaultsync"
)

// sealedOf is the stored ciphertexts of entry id and of every link's merge
// base and conflict.
func (h *harness) sealedOf(id uint64) (entry []byte, links [][]byte) {
	h.t.Helper()
	err := h.db.View(func(tx *store.Tx) error {
		sealed, err := tx.VaultEntry(h.user.ID, id)
		entry = append([]byte(nil), sealed...)
		if err != nil {
			return err
		}
		all, err := tx.VaultLinks(h.user.ID)
		for _, l := range all {
			if len(l.Sealed) > 0 {
				links = append(links, append([]byte(nil), l.Sealed...))
			}
		}
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return entry, links
}

func (h *harness) fileHolds(sealed []byte) bool {
	h.t.Helper()
	return testutil.FileHolds(h.t, h.db.Path(), sealed)
}

// The entry and conflict a resolution does not keep, and the merge bases
// turning sync off removes, are sealed under the data key the password
// still opens: none may stay in a freed page of the file (SPEC §3).
func TestResolvingAndTurningOffLeaveNoOldCiphertextInTheFile(t *testing.T) {
	h := newHarness(t)
	id := conflicted(t, h)
	h.engine.Stop() // no cycle of the worker's rewrites the file meanwhile
	mine, _ := h.sealedOf(id)
	if _, err := h.vs.Resolve(h.user.ID, h.key, id, vaultsync.KeepServer); err != nil {
		t.Fatal(err)
	}
	if h.fileHolds(mine) {
		t.Error("the entry the resolution replaced is still in the file")
	}
	_, links := h.sealedOf(id)
	if len(links) == 0 {
		t.Fatal("control: no merge base is stored")
	}
	before, err := os.Stat(h.db.Path())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.vs.Disable(h.user.ID, h.key); err != nil {
		t.Fatal(err)
	}
	// Later writes may reuse the freed pages and hide the bytes by chance:
	// the file must also have been rewritten.
	if after, err := os.Stat(h.db.Path()); err != nil || os.SameFile(before, after) {
		t.Errorf("turning sync off did not rewrite the file (%v)", err)
	}
	for _, sealed := range links {
		if h.fileHolds(sealed) {
			t.Error("a merge base is still in the file after turning sync off")
		}
	}
}

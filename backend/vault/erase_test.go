package vault_test

import (
	"fmt"
	"sync"
	"testing"

	"passdesk/backend/internal/testutil"
	"passdesk/backend/store"
	"passdesk/backend/vault"
)

// sealedEntry is the stored ciphertext of one of who's entries.
func (f fixture) sealedEntry(t *testing.T, userID, entryID uint64) []byte {
	t.Helper()
	var sealed []byte
	if err := f.db.View(func(tx *store.Tx) (err error) { sealed, err = tx.VaultEntry(userID, entryID); return err }); err != nil {
		t.Fatal(err)
	}
	return append([]byte(nil), sealed...)
}

func (f fixture) fileHolds(t *testing.T, sealed []byte) bool {
	t.Helper()
	return testutil.FileHolds(t, f.db.Path(), sealed)
}

// A deleted or edited saved password's old ciphertext opens with the
// user's data key, which the password still unwraps: it must not stay in a
// freed page of the file (SPEC §3, "forget what they ask it to forget").
func TestDeletingOrEditingAnEntryLeavesNoOldCiphertextInTheFile(t *testing.T) {
	f := setup(t)
	gone := f.add(t, f.ana, "Mail", "https://mail.example.com", "deleted-pass")
	edited := f.add(t, f.ana, "Bank", "https://bank.example.com", "old-pass")
	goneSealed, oldSealed := f.sealedEntry(t, f.ana.User.ID, gone.ID), f.sealedEntry(t, f.ana.User.ID, edited.ID)
	if !f.fileHolds(t, goneSealed) || !f.fileHolds(t, oldSealed) {
		t.Fatal("control: the ciphertexts are not in the file to begin with")
	}
	if err := f.vault.Delete(f.ana.User.ID, gone.ID); err != nil {
		t.Fatal(err)
	}
	if f.fileHolds(t, goneSealed) {
		t.Error("the deleted entry's ciphertext is still in the file")
	}
	if _, err := f.vault.Update(f.ana.User.ID, f.ana.DataKey, edited.ID, vault.Input{NamePages: "Bank", URL: "https://bank.example.com", PasswordSaved: "new-pass"}); err != nil {
		t.Fatal(err)
	}
	if f.fileHolds(t, oldSealed) {
		t.Error("the edited entry's old ciphertext is still in the file")
	}
	if got, err := f.vault.Reveal(f.ana.User.ID, f.ana.DataKey, edited.ID); err != nil || got != "new-pass" {
		t.Fatalf("reveal after edit: %q, %v", got, err)
	}
}

// Deletions from many goroutines at once, with adds racing them: every
// deleted ciphertext is gone and every acknowledged add is kept.
func TestConcurrentDeletionsEraseAllAndLoseNoWrite(t *testing.T) {
	f := setup(t)
	const n = 8
	var doomed []vault.Summary
	var sealed [][]byte
	for i := range n {
		s := f.add(t, f.ana, fmt.Sprint("doomed", i), "https://doomed.example", fmt.Sprint("doomed-pass-", i))
		doomed = append(doomed, s)
		sealed = append(sealed, f.sealedEntry(t, f.ana.User.ID, s.ID))
	}
	added := make([]vault.Summary, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(2)
		go func() {
			defer wg.Done()
			if err := f.vault.Delete(f.ana.User.ID, doomed[i].ID); err != nil {
				t.Error(err)
			}
		}()
		go func() {
			defer wg.Done()
			s, err := f.vault.Add(f.bob.User.ID, f.bob.DataKey, vault.Input{NamePages: fmt.Sprint("kept", i), URL: "https://kept.example", PasswordSaved: "kept"})
			if err != nil {
				t.Error(err)
			}
			added[i] = s
		}()
	}
	wg.Wait()
	for i, s := range sealed {
		if f.fileHolds(t, s) {
			t.Errorf("deleted entry %d's ciphertext is still in the file", i)
		}
	}
	for _, s := range added {
		if _, err := f.vault.Reveal(f.bob.User.ID, f.bob.DataKey, s.ID); err != nil {
			t.Errorf("an acknowledged add was lost: %v", err)
		}
	}
}

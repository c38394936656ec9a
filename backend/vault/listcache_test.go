package vault_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"passdesk/backend/internal/testutil"
	"passdesk/backend/store"
	"passdesk/backend/vault"
)

// names lists the user's entries by name ("!" for a damaged one), failing
// the test on an error.
func names(t *testing.T, svc *vault.Service, f fixture, query string) []string {
	t.Helper()
	list, err := svc.ListAll(f.ana.User.ID, f.ana.DataKey, query)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = s.NamePages
		if s.Damaged {
			out[i] = "!"
		}
	}
	return out
}

func wantNames(t *testing.T, got []string, want ...string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("listed %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("listed %q, want %q", got, want)
		}
	}
}

// List keeps the summaries it opened, but any write to the file — through
// another Service, or straight through the store as sync's import and the
// password change do — shows in the next List.
func TestAListingShowsEveryWriteMadeAfterIt(t *testing.T) {
	f := setup(t)
	mail := f.add(t, f.ana, "Mail", "https://mail.example.com", "m41l")
	wantNames(t, names(t, f.vault, f, ""), "Mail")

	other := vault.New(f.db, nil)
	bank, err := other.Add(f.ana.User.ID, f.ana.DataKey, vault.Input{NamePages: "Bank", URL: "https://bank.example.com", PasswordSaved: "b4nk"})
	if err != nil {
		t.Fatal(err)
	}
	wantNames(t, names(t, f.vault, f, ""), "Bank", "Mail")
	wantNames(t, names(t, f.vault, f, "bank"), "Bank")

	if _, err := other.Update(f.ana.User.ID, f.ana.DataKey, mail.ID, vault.Input{NamePages: "Post", URL: mail.URL, PasswordSaved: "p0st"}); err != nil {
		t.Fatal(err)
	}
	wantNames(t, names(t, f.vault, f, ""), "Bank", "Post")

	withRawVault(t, f, func(tx *store.Tx) error {
		_, err := tx.DeleteVaultEntry(f.ana.User.ID, bank.ID)
		return err
	})
	wantNames(t, names(t, f.vault, f, ""), "Post")
	wantNames(t, names(t, f.vault, f, "bank"))
}

// A listing kept under the right key is never served for another key: the
// wrong key still opens nothing.
func TestAKeptListingNeedsTheKeyItWasOpenedWith(t *testing.T) {
	f := setup(t)
	f.add(t, f.ana, "Mail", "https://mail.example.com", "m41l")
	wantNames(t, names(t, f.vault, f, ""), "Mail")
	if got, err := f.vault.ListAll(f.ana.User.ID, make([]byte, vault.KeySize), ""); err == nil {
		t.Fatalf("a zero key listed ana's entries: %+v", got)
	}
	if got, err := f.vault.ListAll(f.bob.User.ID, f.bob.DataKey, ""); err != nil || len(got) != 0 {
		t.Fatalf("bob lists %+v, %v", got, err)
	}
}

// Restore swaps another file in under the same DB: what was listed from
// the replaced file is not listed again.
func TestAListingIsNotKeptAcrossARestore(t *testing.T) {
	f := setup(t)
	f.add(t, f.ana, "Mail", "https://mail.example.com", "m41l")
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := f.db.Backup(backup); err != nil {
		t.Fatal(err)
	}
	f.add(t, f.ana, "Bank", "https://bank.example.com", "b4nk")
	wantNames(t, names(t, f.vault, f, ""), "Bank", "Mail")
	if _, err := f.db.Restore(backup); err != nil {
		t.Fatal(err)
	}
	wantNames(t, names(t, f.vault, f, ""), "Mail")
}

// A damaged entry lists as damaged however often the list is asked for,
// from the kept listing and after a write made it read the records again.
func TestADamagedEntryStaysListedAsDamaged(t *testing.T) {
	f := setup(t)
	f.add(t, f.ana, "Mail", "https://mail.example.com", "m41l")
	bank := f.add(t, f.ana, "Bank", "https://bank.example.com", "b4nk")
	wantNames(t, names(t, f.vault, f, ""), "Bank", "Mail")
	// The old Service, and its listing, go with the old DB.
	f = f.reopened(t, func(path string) {
		testutil.FlipInValue(t, path, "users", key(f.ana.User.ID), "vault", key(bank.ID))
	})
	for range 2 {
		wantNames(t, names(t, f.vault, f, ""), "!", "Mail")
		wantNames(t, names(t, f.vault, f, "bank"))
	}
	f.add(t, f.ana, "Shop", "https://shop.example.com", "sh0p")
	wantNames(t, names(t, f.vault, f, ""), "!", "Mail", "Shop")
}

// Damage done to the file behind the open DB's back (no transaction sees
// it happen) shows at once where a record is read — Reveal — and in the
// list once the kept listing is dropped, as at the end of the session.
func TestForgetDropsTheKeptListing(t *testing.T) {
	f := setup(t)
	f.add(t, f.ana, "Mail", "https://mail.example.com", "m41l")
	bank := f.add(t, f.ana, "Bank", "https://bank.example.com", "b4nk")
	wantNames(t, names(t, f.vault, f, ""), "Bank", "Mail")

	flipInFile(t, f.db.Path(), sealedValue(t, f, bank.ID))
	if _, err := f.vault.Reveal(f.ana.User.ID, f.ana.DataKey, bank.ID); !errors.Is(err, store.ErrDamaged) {
		t.Fatalf("reveal after the damage: %v; want store.ErrDamaged", err)
	}
	wantNames(t, names(t, f.vault, f, ""), "Bank", "Mail") // kept: nothing was written
	f.vault.Forget()
	wantNames(t, names(t, f.vault, f, ""), "!", "Mail")
}

// sealedValue is entry id's stored value (without its integrity tag).
func sealedValue(t *testing.T, f fixture, id uint64) []byte {
	t.Helper()
	var sealed []byte
	err := f.db.View(func(tx *store.Tx) error {
		var err error
		sealed, err = tx.VaultEntry(f.ana.User.ID, id)
		return err
	})
	if err != nil || sealed == nil {
		t.Fatalf("entry %d: %v", id, err)
	}
	return sealed
}

// flipInFile changes a byte in the middle of every copy of value in the
// file at path, writing in place (the file may be open and mapped).
func flipInFile(t *testing.T, path string, value []byte) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	file, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	found := false
	for at := 0; ; {
		i := bytes.Index(data[at:], value)
		if i < 0 {
			break
		}
		found = true
		flip := at + i + len(value)/2
		if _, err := file.WriteAt([]byte{data[flip] ^ 0x5A}, int64(flip)); err != nil {
			t.Fatal(err)
		}
		at += i + len(value)
	}
	if !found {
		t.Fatal("the value is not in the file")
	}
}

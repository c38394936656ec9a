package vault_test

import (
	"crypto/rand"
	"strings"
	"testing"

	"golang.org/x/crypto/chacha20poly1305"

	"passdesk/backend/store"
	"passdesk/backend/vault"
)

func TestTheUsernameIsTrimmedStoredListedSearchedAndEdited(t *testing.T) {
	f := setup(t)
	uid, key := f.ana.User.ID, f.ana.DataKey
	sum, err := f.vault.Add(uid, key, vault.Input{NamePages: "Mail", URL: "https://mail.example.com", Username: "  ana.login@example.com \t", PasswordSaved: "p"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Username != "ana.login@example.com" {
		t.Fatalf("Add returned username %q, want it trimmed", sum.Username)
	}
	f.add(t, f.ana, "Bank", "https://bank.example.org", "b")

	found, err := f.vault.ListAll(uid, key, "LOGIN@")
	if err != nil || len(found) != 1 || found[0].ID != sum.ID || found[0].Username != "ana.login@example.com" {
		t.Fatalf("search by username = %+v, %v", found, err)
	}

	edited, err := f.vault.Update(uid, key, sum.ID, vault.Input{NamePages: "Mail", URL: "https://mail.example.com", Username: "ana2", PasswordSaved: "p"})
	if err != nil || edited.Username != "ana2" {
		t.Fatalf("Update = %+v, %v", edited, err)
	}
	all, _ := f.vault.ListAll(uid, key, "")
	if len(all) != 2 || all[0].Username != "" || all[1].Username != "ana2" {
		t.Fatalf("list after edit = %+v, want Bank without a username and Mail as ana2", all)
	}
}

func TestABadUsernameIsRefused(t *testing.T) {
	f := setup(t)
	ok := vault.Input{URL: "https://example.com", PasswordSaved: "p"}
	for name, username := range map[string]string{
		"201 characters":      strings.Repeat("ñ", 201),
		"a control character": "ana\x00",
		"a line break inside": "ana\nbob",
	} {
		t.Run(name, func(t *testing.T) {
			in := ok
			in.Username = username
			_, err := f.vault.Add(f.ana.User.ID, f.ana.DataKey, in)
			if fieldMessage(err, "username").IsZero() {
				t.Fatalf("err = %v, want a message for username", err)
			}
		})
	}
	in := ok
	in.Username = strings.Repeat("ñ", 200)
	if _, err := f.vault.Add(f.ana.User.ID, f.ana.DataKey, in); err != nil {
		t.Fatalf("a username of 200 characters was refused: %v", err)
	}
}

// An entry sealed before the username existed (its JSON has no such key)
// opens with an empty username, and keeps working.
func TestAnOldRecordWithoutAUsernameReadsAsEmpty(t *testing.T) {
	f := setup(t)
	uid, key := f.ana.User.ID, f.ana.DataKey
	const id = 1
	old := []byte(`{"name_pages":"Old","url":"https://old.example","password_saved":"0ld","created_at":"2025-01-02T03:04:05Z","updated_at":"2025-01-02T03:04:05Z"}`)
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		t.Fatal(err)
	}
	nonce := make([]byte, aead.NonceSize())
	_, _ = rand.Read(nonce)
	withRawVault(t, f, func(tx *store.Tx) error {
		if _, err := tx.NextVaultEntryID(uid); err != nil {
			return err
		}
		return tx.PutVaultEntry(uid, id, aead.Seal(nonce, nonce, old, entryAD(uid, id)))
	})
	all, err := f.vault.ListAll(uid, key, "")
	if err != nil || len(all) != 1 || all[0].NamePages != "Old" || all[0].Username != "" {
		t.Fatalf("list = %+v, %v; want the old entry with no username", all, err)
	}
	if got, err := f.vault.Reveal(uid, key, id); err != nil || got != "0ld" {
		t.Fatalf("reveal = %q, %v", got, err)
	}
	if _, err := f.vault.Update(uid, key, id, vault.Input{NamePages: "Old", URL: "https://old.example", Username: "me", PasswordSaved: "0ld"}); err != nil {
		t.Fatal(err)
	}
	if all, _ := f.vault.ListAll(uid, key, ""); all[0].Username != "me" {
		t.Fatalf("after giving it a username: %+v", all)
	}
}

// The service has no username: what sync writes from the server keeps the
// local one, and a new entry from the server has none.
func TestPutSyncedNeverChangesTheUsername(t *testing.T) {
	f := setup(t)
	uid, key := f.ana.User.ID, f.ana.DataKey
	sum, err := f.vault.Add(uid, key, vault.Input{NamePages: "Mail", URL: "https://mail.example.com", Username: "ana", PasswordSaved: "p"})
	if err != nil {
		t.Fatal(err)
	}
	var fresh uint64
	withRawVault(t, f, func(tx *store.Tx) error {
		server := vault.Input{NamePages: "Server mail", URL: "https://mail.example.com", PasswordSaved: "p2"}
		if _, err := vault.PutSynced(tx, uid, key, sum.ID, server, f.ana.User.DateJoined); err != nil {
			return err
		}
		server.Username = "from elsewhere"
		fresh, err = vault.PutSynced(tx, uid, key, 0, server, f.ana.User.DateJoined)
		return err
	})
	withRawVault(t, f, func(tx *store.Tx) error {
		got, ok, err := vault.Entry(tx, uid, key, sum.ID)
		if err != nil || !ok || got != (vault.Input{NamePages: "Server mail", URL: "https://mail.example.com", Username: "ana", PasswordSaved: "p2"}) {
			t.Errorf("entry after a synced write = %+v, %v, %v; want the server's fields and the local username", got, ok, err)
		}
		if got, _, _ := vault.Entry(tx, uid, key, fresh); got.Username != "" {
			t.Errorf("a new entry from the server has username %q, want none", got.Username)
		}
		return nil
	})
}

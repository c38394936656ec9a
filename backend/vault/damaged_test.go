package vault_test

import (
	"encoding/binary"
	"errors"
	"testing"

	"passdesk/backend/accounts"
	"passdesk/backend/internal/testutil"
	"passdesk/backend/store"
	"passdesk/backend/vault"
)

// reopened closes the fixture's database, lets damage change the file,
// and opens it again with fresh services.
func (f fixture) reopened(t *testing.T, damage func(path string)) fixture {
	t.Helper()
	path := f.db.Path()
	if err := f.db.Close(); err != nil {
		t.Fatal(err)
	}
	damage(path)
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	f.db, f.acc, f.vault = db, testutil.Accounts(t, db, nil), vault.New(db, nil)
	return f
}

func key(id uint64) string { return string(binary.BigEndian.AppendUint64(nil, id)) }

// One damaged saved password is listed as damaged (its id only), while the
// others list, search and open as before; opening, editing or revealing
// it gives store.ErrDamaged; deleting it works.
func TestADamagedEntryIsListedAsDamagedAndTheOthersStillWork(t *testing.T) {
	f := setup(t)
	mail := f.add(t, f.ana, "Mail", "https://mail.example.com", "m41l")
	bank := f.add(t, f.ana, "Bank", "https://bank.example.com", "b4nk")
	shop := f.add(t, f.ana, "Shop", "https://shop.example.com", "sh0p")
	f = f.reopened(t, func(path string) {
		testutil.FlipInValue(t, path, "users", key(f.ana.User.ID), "vault", key(bank.ID))
	})

	list, err := f.vault.ListAll(f.ana.User.ID, f.ana.DataKey, "")
	if err != nil {
		t.Fatal(err)
	}
	want := []vault.Summary{{ID: bank.ID, Damaged: true}, mail, shop}
	if len(list) != len(want) {
		t.Fatalf("list = %+v, want %+v", list, want)
	}
	for i := range want {
		if list[i] != want[i] {
			t.Errorf("list[%d] = %+v, want %+v", i, list[i], want[i])
		}
	}
	if found, err := f.vault.ListAll(f.ana.User.ID, f.ana.DataKey, "shop"); err != nil || len(found) != 1 || found[0] != shop {
		t.Errorf("search: %+v, %v", found, err)
	}
	for _, entry := range []vault.Summary{mail, shop} {
		if _, err := f.vault.Reveal(f.ana.User.ID, f.ana.DataKey, entry.ID); err != nil {
			t.Errorf("reveal %s: %v", entry.NamePages, err)
		}
	}
	if got, err := f.vault.Reveal(f.ana.User.ID, f.ana.DataKey, bank.ID); !errors.Is(err, store.ErrDamaged) {
		t.Fatalf("reveal the damaged entry: %q, %v; want store.ErrDamaged", got, err)
	}
	in := vault.Input{NamePages: "Bank", URL: "https://bank.example.com", PasswordSaved: "new"}
	if _, err := f.vault.Update(f.ana.User.ID, f.ana.DataKey, bank.ID, in); !errors.Is(err, store.ErrDamaged) {
		t.Fatalf("edit the damaged entry: %v; want store.ErrDamaged", err)
	}
	if err := f.vault.Delete(f.ana.User.ID, bank.ID); err != nil {
		t.Fatalf("delete the damaged entry: %v", err)
	}
	if list, err := f.vault.ListAll(f.ana.User.ID, f.ana.DataKey, ""); err != nil || len(list) != 2 {
		t.Fatalf("after deleting it: %+v, %v", list, err)
	}
}

// Deleting an account needs only its password: a damaged saved password,
// or even a damaged user record, does not keep the account in the file.
func TestAnAccountWithDamagedRecordsCanStillBeDeleted(t *testing.T) {
	for _, c := range []struct {
		name string
		path func(f fixture, entry uint64) []string
	}{
		{"saved password", func(f fixture, entry uint64) []string {
			return []string{"users", key(f.ana.User.ID), "vault", key(entry)}
		}},
		{"user record", func(f fixture, _ uint64) []string { return []string{"users", key(f.ana.User.ID), "record"} }},
		{"email index entry", func(fixture, uint64) []string { return []string{"index", "email", "ana@example.com"} }},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := setup(t)
			entry := f.add(t, f.ana, "Mail", "https://mail.example.com", "m41l")
			f = f.reopened(t, func(path string) { testutil.FlipInValue(t, path, c.path(f, entry.ID)...) })
			if err := f.acc.DeleteAccount(f.ana.User.ID, testutil.Password); err != nil {
				t.Fatalf("delete: %v", err)
			}
			err := f.db.View(func(tx *store.Tx) error {
				if _, err := tx.User(f.ana.User.ID); !errors.Is(err, store.ErrNoUser) {
					t.Errorf("the user after deletion: %v", err)
				}
				if id, found, err := tx.UserIDByLogin("ana"); found || err != nil {
					t.Errorf("login ana after deletion: %d, %v, %v", id, found, err)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if problems := f.db.Check(); len(problems) > 0 {
				t.Fatalf("after deleting the damaged account: %v", problems)
			}
			if _, err := f.acc.SignIn(accounts.SignInInput{Login: "bob", Password: testutil.Password}); err != nil {
				t.Fatalf("bob signs in: %v", err)
			}
		})
	}
}

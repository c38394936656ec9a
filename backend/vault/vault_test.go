package vault_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/chacha20poly1305"

	"passdesk/backend/accounts"
	"passdesk/backend/apperr"
	"passdesk/backend/identity"
	"passdesk/backend/internal/testutil"
	"passdesk/backend/kdf"
	"passdesk/backend/store"
	"passdesk/backend/vault"
)

type fixture struct {
	db    *store.DB
	acc   *accounts.Service
	vault *vault.Service
	ana   accounts.Unlocked
	bob   accounts.Unlocked
}

func setup(t *testing.T) fixture {
	t.Helper()
	db := testutil.OpenDB(t)
	acc := testutil.Accounts(t, db, nil)
	return fixture{db: db, acc: acc, vault: vault.New(db, nil),
		ana: testutil.SignUpUnlocked(t, acc, "ana"), bob: testutil.SignUpUnlocked(t, acc, "bob")}
}

func (f fixture) add(t *testing.T, who accounts.Unlocked, name, url, password string) vault.Summary {
	t.Helper()
	s, err := f.vault.Add(who.User.ID, who.DataKey, vault.Input{NamePages: name, URL: url, PasswordSaved: password})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func fieldMessage(err error, field string) apperr.Message {
	if e := apperr.As(err); e != nil {
		return e.Fields[field]
	}
	return apperr.Message{}
}

func TestAddListSearchRevealEditDelete(t *testing.T) {
	f := setup(t)
	mail := f.add(t, f.ana, "Mail", "https://mail.example.com/login", "m41l-pass")
	f.add(t, f.ana, "", "http://bank.example.org", "b4nk-pass")

	all, err := f.vault.ListAll(f.ana.User.ID, f.ana.DataKey, "")
	if err != nil || len(all) != 2 {
		t.Fatalf("list: %v, %v", all, err)
	}
	for _, q := range []string{"MAIL", "mail.example", "bank"} {
		found, _ := f.vault.ListAll(f.ana.User.ID, f.ana.DataKey, q)
		if len(found) != 1 {
			t.Errorf("search %q found %d", q, len(found))
		}
	}
	if got, _ := f.vault.Reveal(f.ana.User.ID, f.ana.DataKey, mail.ID); got != "m41l-pass" {
		t.Fatalf("reveal = %q", got)
	}
	if _, err := f.vault.Update(f.ana.User.ID, f.ana.DataKey, mail.ID, vault.Input{NamePages: "Mail 2", URL: mail.URL, PasswordSaved: "n3w"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.vault.Reveal(f.ana.User.ID, f.ana.DataKey, mail.ID); got != "n3w" {
		t.Fatalf("after edit, reveal = %q", got)
	}
	if err := f.vault.Delete(f.ana.User.ID, mail.ID); err != nil {
		t.Fatal(err)
	}
	if err := f.vault.Delete(f.ana.User.ID, mail.ID); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("second delete: %v", err)
	}
}

func TestBadEntriesAreRefusedAndNothingIsStored(t *testing.T) {
	f := setup(t)
	ok := vault.Input{NamePages: "x", URL: "https://example.com", PasswordSaved: "p"}
	cases := []struct {
		name  string
		edit  func(*vault.Input)
		field string
	}{
		{"name of 201 characters", func(in *vault.Input) { in.NamePages = strings.Repeat("n", 201) }, "name_pages"},
		{"no URL", func(in *vault.Input) { in.URL = "" }, "url"},
		{"not a URL", func(in *vault.Input) { in.URL = "example" }, "url"},
		{"javascript URL", func(in *vault.Input) { in.URL = "javascript:alert(1)" }, "url"},
		{"ftp URL", func(in *vault.Input) { in.URL = "ftp://example.com" }, "url"},
		{"URL without host", func(in *vault.Input) { in.URL = "https://" }, "url"},
		{"URL of 201 characters", func(in *vault.Input) { in.URL = "https://example.com/" + strings.Repeat("a", 181) }, "url"},
		{"empty password", func(in *vault.Input) { in.PasswordSaved = "" }, "password_saved"},
		{"password of 201 characters", func(in *vault.Input) { in.PasswordSaved = strings.Repeat("p", 201) }, "password_saved"},
		// Displayed text follows validate.Text.
		{"name with a bidi override", func(in *vault.Input) { in.NamePages = "\u202egnp.exe" }, "name_pages"},
		{"name with a C1 control", func(in *vault.Input) { in.NamePages = "a\u0085b" }, "name_pages"},
		{"name with a zero-width space", func(in *vault.Input) { in.NamePages = "pay\u200bpal" }, "name_pages"},
		{"username with a byte order mark", func(in *vault.Input) { in.Username = "\ufeffana" }, "username"},
		{"URL with a bidi override", func(in *vault.Input) { in.URL = "https://example.com/\u202efdp.exe" }, "url"},
		{"URL with a no-break space", func(in *vault.Input) { in.URL = "https://example.com/a\u00a0b" }, "url"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := ok
			c.edit(&in)
			_, err := f.vault.Add(f.ana.User.ID, f.ana.DataKey, in)
			if fieldMessage(err, c.field).IsZero() {
				t.Fatalf("err = %v, want a message for %s", err, c.field)
			}
		})
	}
	if all, _ := f.vault.ListAll(f.ana.User.ID, f.ana.DataKey, ""); len(all) != 0 {
		t.Fatalf("refused entries were stored: %v", all)
	}
	if _, err := f.vault.Add(f.ana.User.ID, f.ana.DataKey, vault.Input{URL: "https://example.com/" + strings.Repeat("a", 180), PasswordSaved: strings.Repeat("p", 200)}); err != nil {
		t.Fatalf("entry at the limits refused: %v", err)
	}
}

func TestTheWrongKeyOpensNothing(t *testing.T) {
	f := setup(t)
	e := f.add(t, f.ana, "Mail", "https://mail.example.com", "secret")
	if _, err := f.vault.Reveal(f.ana.User.ID, f.bob.DataKey, e.ID); err == nil {
		t.Fatal("bob's key opened ana's entry")
	}
	if _, err := f.vault.ListAll(f.ana.User.ID, make([]byte, vault.KeySize), ""); err == nil {
		t.Fatal("a zero key listed ana's entries")
	}
}

// withRawVault edits sealed entries straight in the store.
func withRawVault(t *testing.T, f fixture, fn func(tx *store.Tx) error) {
	t.Helper()
	if err := f.db.Update(fn); err != nil {
		t.Fatal(err)
	}
}

func TestTamperedOrMovedEntriesFailToOpen(t *testing.T) {
	f := setup(t)
	a1 := f.add(t, f.ana, "one", "https://one.example", "first")
	a2 := f.add(t, f.ana, "two", "https://two.example", "second")
	b1 := f.add(t, f.bob, "bob", "https://bob.example", "bobs")

	t.Run("a flipped bit", func(t *testing.T) {
		withRawVault(t, f, func(tx *store.Tx) error {
			sealed, _ := tx.VaultEntry(f.ana.User.ID, a1.ID)
			sealed[len(sealed)-1] ^= 1
			return tx.PutVaultEntry(f.ana.User.ID, a1.ID, sealed)
		})
		if _, err := f.vault.Reveal(f.ana.User.ID, f.ana.DataKey, a1.ID); err == nil {
			t.Fatal("tampered entry opened")
		}
	})
	t.Run("swapped between two ids of one user", func(t *testing.T) {
		withRawVault(t, f, func(tx *store.Tx) error {
			sealed, _ := tx.VaultEntry(f.ana.User.ID, a2.ID)
			return tx.PutVaultEntry(f.ana.User.ID, a2.ID+100, sealed)
		})
		if _, err := f.vault.Reveal(f.ana.User.ID, f.ana.DataKey, a2.ID+100); err == nil {
			t.Fatal("an entry copied to another id opened")
		}
	})
	t.Run("moved to another user", func(t *testing.T) {
		withRawVault(t, f, func(tx *store.Tx) error {
			sealed, _ := tx.VaultEntry(f.bob.User.ID, b1.ID)
			return tx.PutVaultEntry(f.ana.User.ID, b1.ID, sealed)
		})
		// Even with bob's own key, his entry does not open as ana's. It
		// keeps its id, so only the user in the binding can refuse it.
		if _, err := f.vault.Reveal(f.ana.User.ID, f.bob.DataKey, b1.ID); err == nil {
			t.Fatal("bob's entry opened under ana's id")
		}
	})
}

func TestASessionNeverSeesAnotherUsersEntries(t *testing.T) {
	f := setup(t)
	e := f.add(t, f.ana, "Mail", "https://mail.example.com", "secret")
	if got, _ := f.vault.ListAll(f.bob.User.ID, f.bob.DataKey, ""); len(got) != 0 {
		t.Fatalf("bob sees %v", got)
	}
	if _, err := f.vault.Reveal(f.bob.User.ID, f.bob.DataKey, e.ID); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("bob revealing ana's id: %v", err)
	}
	if err := f.vault.Delete(f.bob.User.ID, e.ID); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("bob deleting ana's id: %v", err)
	}
	if got, _ := f.vault.Reveal(f.ana.User.ID, f.ana.DataKey, e.ID); got != "secret" {
		t.Fatal("ana's entry changed")
	}
}

func TestChangePasswordKeepsEntriesReadable(t *testing.T) {
	f := setup(t)
	e := f.add(t, f.ana, "Mail", "https://mail.example.com", "secret")
	if _, err := f.acc.ChangePassword(f.ana.User.ID, "wrong", "another good one"); fieldMessage(err, "current_password") != apperr.NotCorrect {
		t.Fatalf("wrong current password: %v", err)
	}
	if _, err := f.acc.ChangePassword(f.ana.User.ID, testutil.Password, "short"); fieldMessage(err, "new_password").IsZero() {
		t.Fatalf("weak new password: %v", err)
	}
	if got, _ := f.vault.Reveal(f.ana.User.ID, f.ana.DataKey, e.ID); got != "secret" {
		t.Fatal("a refused change touched the entries")
	}
	newKey, err := f.acc.ChangePassword(f.ana.User.ID, testutil.Password, "another good one")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.acc.SignIn(accounts.SignInInput{Login: "ana", Password: testutil.Password}); err != accounts.ErrWrongCredentials {
		t.Fatalf("old password still signs in: %v", err)
	}
	again, err := f.acc.SignIn(accounts.SignInInput{Login: "ana", Password: "another good one"})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(again.DataKey, f.ana.DataKey) || !bytes.Equal(again.DataKey, newKey) {
		t.Fatal("the data key was not replaced by the one ChangePassword returned")
	}
	if got, _ := f.vault.Reveal(again.User.ID, again.DataKey, e.ID); got != "secret" {
		t.Fatalf("after the change, reveal = %q", got)
	}
	if _, err := f.vault.Reveal(again.User.ID, f.ana.DataKey, e.ID); err == nil {
		t.Fatal("the old data key still opens the re-sealed entry")
	}
	if got, _ := f.vault.Reveal(f.bob.User.ID, f.bob.DataKey, f.add(t, f.bob, "B", "https://b.example", "b").ID); got != "b" {
		t.Fatal("another user's key changed")
	}
}

// TestKeyWrapping: a key wrapped in either scheme opens with what wrapped
// it, for the user it was wrapped for, and not with the other scheme's
// function.
func TestKeyWrapping(t *testing.T) {
	key, _ := vault.NewDataKey()
	wrapped, err := vault.WrapKeyOwn(key, "pw", identity.FormOpaque, 7, kdf.Minimum)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := vault.UnwrapKey(wrapped, "pw", 7); err != nil || !bytes.Equal(got, key) {
		t.Fatalf("unwrap: %v", err)
	}
	if _, err := vault.UnwrapKey(wrapped, "other", 7); err != vault.ErrWrongPassword {
		t.Fatalf("wrong password: %v", err)
	}
	if _, err := vault.UnwrapKey(wrapped, "pw", 8); err != vault.ErrWrongPassword {
		t.Fatalf("another user's id: %v", err)
	}
	if _, err := vault.OpenKey(wrapped, make([]byte, kdf.SplitSize), 7); err == nil || err == vault.ErrWrongPassword {
		t.Fatalf("an own-scheme key opened as a split one: %v", err)
	}

	_, wrapKey := kdf.Split(bytes.Repeat([]byte{1}, kdf.MasterSize))
	split, err := vault.SealKey(key, wrapKey, 7)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := vault.OpenKey(split, wrapKey, 7); err != nil || !bytes.Equal(got, key) {
		t.Fatalf("open: %v", err)
	}
	_, otherKey := kdf.Split(bytes.Repeat([]byte{2}, kdf.MasterSize))
	if _, err := vault.OpenKey(split, otherKey, 7); err != vault.ErrWrongPassword {
		t.Fatalf("another wrapping key: %v", err)
	}
	if _, err := vault.OpenKey(split, wrapKey, 8); err != vault.ErrWrongPassword {
		t.Fatalf("another user's id: %v", err)
	}
	if _, err := vault.UnwrapKey(split, "pw", 7); err == nil || err == vault.ErrWrongPassword {
		t.Fatalf("a split-scheme key unwrapped as an own one: %v", err)
	}
}

// TestWrappedKeyFormsAreTriedOnlyAsRecorded: a key wrapped in the prepared
// form opens with the password typed NFC or NFD, and never with raw bytes
// that differ from the prepared form (here a no-break space, which
// OpaqueString maps to a space); a key wrapped raw (before these rules)
// opens with its own bytes and with text that prepares to them.
func TestWrappedKeyFormsAreTriedOnlyAsRecorded(t *testing.T) {
	key, _ := vault.NewDataKey()
	nfc, nfd := "Contraseña-mañana", "Contrasen\u0303a-man\u0303ana"
	opaque, _ := vault.WrapKeyOwn(key, nfd, identity.FormOpaque, 7, kdf.Minimum)
	for _, typed := range []string{nfc, nfd} {
		if got, err := vault.UnwrapKey(opaque, typed, 7); err != nil || !bytes.Equal(got, key) {
			t.Fatalf("prepared-form key with %+q: %v", typed, err)
		}
	}
	// A record claiming the prepared form over bytes that are not prepared:
	// only the prepared form of what is typed may be tried.
	spaced, _ := vault.WrapKeyOwn(key, "no\u00a0break space", identity.FormRaw, 7, kdf.Minimum)
	forged := bytes.Replace(spaced, []byte(`"sealed"`), []byte(`"pw":"opaque","sealed"`), 1)
	if _, err := vault.UnwrapKey(forged, "no\u00a0break space", 7); err != vault.ErrWrongPassword {
		t.Fatalf("a prepared-form key fell back to the raw bytes: %v", err)
	}
	if got, err := vault.UnwrapKey(spaced, "no\u00a0break space", 7); err != nil || !bytes.Equal(got, key) {
		t.Fatalf("raw-form key with its own bytes: %v", err)
	}
	raw, _ := vault.WrapKeyOwn(key, nfc, identity.FormRaw, 7, kdf.Minimum)
	if got, err := vault.UnwrapKey(raw, nfd, 7); err != nil || !bytes.Equal(got, key) {
		t.Fatalf("raw-form NFC key with the NFD password: %v", err)
	}
	if _, err := vault.UnwrapKey(bytes.Replace(opaque, []byte(`"pw":"opaque"`), []byte(`"pw":"future"`), 1), nfc, 7); !errors.Is(err, identity.ErrUnknownForm) {
		t.Fatalf("unknown form: %v", err)
	}
}

// TestDeletingTheAccountLeavesNoReadableSecret saves an entry with a unique
// marker, deletes the account, and scans the raw file: the marker is nowhere,
// and no sealed blob left in the file (even in free pages) opens with any
// key that is still obtainable.
func TestDeletingTheAccountLeavesNoReadableSecret(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, store.FileName)
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	acc := testutil.Accounts(t, db, nil)
	svc := vault.New(db, nil)
	ana := testutil.SignUpUnlocked(t, acc, "ana")
	keeper := testutil.SignUpUnlocked(t, acc, "keeper")
	const marker = "MARKER-7d1f0c2e-residue"
	for i := 0; i < 20; i++ {
		if _, err := svc.Add(ana.User.ID, ana.DataKey, vault.Input{NamePages: marker, URL: "https://marker.example", PasswordSaved: marker}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.Add(keeper.User.ID, keeper.DataKey, vault.Input{URL: "https://keep.example", PasswordSaved: "kept"}); err != nil {
		t.Fatal(err)
	}
	var sealedBefore [][]byte
	_ = db.View(func(tx *store.Tx) error {
		return tx.ForEachVaultEntry(ana.User.ID, func(_ uint64, sealed []byte, _ error) error {
			sealedBefore = append(sealedBefore, append([]byte(nil), sealed...))
			return nil
		})
	})
	if err := acc.DeleteAccount(ana.User.ID, testutil.Password); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte(marker)) {
		t.Fatal("the marker is readable in the database file")
	}
	// Keys still obtainable from the file: the survivor's data key (with
	// their password) and the session-token key. Sealed entries of ana's may
	// survive in free pages; none may open with those keys, while the
	// destroyed key (kept here in memory only, as a control) still opens them.
	db, err = store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	acc = testutil.Accounts(t, db, nil)
	survivor, err := acc.SignIn(accounts.SignInInput{Login: "keeper", Password: testutil.Password})
	if err != nil {
		t.Fatal(err)
	}
	var tokenKey []byte
	_ = db.View(func(tx *store.Tx) error {
		tokenKey, _ = tx.TokenKey()
		if _, err := tx.DataKey(ana.User.ID); err == nil {
			t.Error("ana's wrapped data key is still stored")
		}
		return nil
	})
	leftInFile, openedWithDestroyedKey := 0, 0
	for i, sealed := range sealedBefore {
		if !bytes.Contains(raw, sealed) {
			continue
		}
		leftInFile++
		ad := entryAD(ana.User.ID, uint64(i+1))
		for name, key := range map[string][]byte{"survivor's data key": survivor.DataKey, "token key": tokenKey} {
			if opens(key, sealed, ad) {
				t.Errorf("an entry left in the file opens with the %s", name)
			}
		}
		if opens(ana.DataKey, sealed, ad) {
			openedWithDestroyedKey++
		}
	}
	if openedWithDestroyedKey != leftInFile {
		t.Fatalf("control failed: %d of %d leftover entries open with the destroyed key", openedWithDestroyedKey, leftInFile)
	}
	t.Logf("%d of %d sealed entries remain in free pages, unreadable without the destroyed key", leftInFile, len(sealedBefore))
}

// entryAD and opens restate the entry format (XChaCha20-Poly1305, nonce
// first, owner and id as associated data) so this test checks the file
// independently of the package's own code.
func entryAD(userID, entryID uint64) []byte {
	ad := binary.BigEndian.AppendUint64([]byte("passdesk vault entry v1/"), userID)
	return binary.BigEndian.AppendUint64(ad, entryID)
}

func opens(key, sealed, ad []byte) bool {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil || len(sealed) < aead.NonceSize() {
		return false
	}
	_, err = aead.Open(nil, sealed[:aead.NonceSize()], sealed[aead.NonceSize():], ad)
	return err == nil
}

func TestASealedSecretOpensOnlyForItsUserAndPurpose(t *testing.T) {
	key, err := vault.NewDataKey()
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := vault.SealSecret(key, 7, "remote-refresh", []byte("r-token"))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := vault.OpenSecret(key, 7, "remote-refresh", sealed); err != nil || string(got) != "r-token" {
		t.Fatalf("OpenSecret = %q, %v; want the secret back", got, err)
	}
	other, _ := vault.NewDataKey()
	for name, open := range map[string]func() ([]byte, error){
		"another user":    func() ([]byte, error) { return vault.OpenSecret(key, 8, "remote-refresh", sealed) },
		"another purpose": func() ([]byte, error) { return vault.OpenSecret(key, 7, "other", sealed) },
		"another key":     func() ([]byte, error) { return vault.OpenSecret(other, 7, "remote-refresh", sealed) },
	} {
		if _, err := open(); err == nil {
			t.Errorf("%s: opened a secret sealed for user 7", name)
		}
	}
}

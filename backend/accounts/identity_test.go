package accounts_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"passdesk/backend/accounts"
	"passdesk/backend/apperr"
	"passdesk/backend/internal/testutil"
	"passdesk/backend/store"
	"passdesk/backend/vault"
)

const (
	nfcPassword = "Contraseña-mañana"             // ñ as one code point
	nfdPassword = "Contrasen\u0303a-man\u0303ana" // ñ as n + U+0303, as macOS input methods may type it
)

// TestTheSamePasswordTypedNFCOrNFDIsOnePassword: signing up with one
// spelling and in with the other works both ways, and the saved passwords
// (behind the data key wrapped under the password) open.
func TestTheSamePasswordTypedNFCOrNFDIsOnePassword(t *testing.T) {
	for _, c := range []struct{ up, in string }{{nfcPassword, nfdPassword}, {nfdPassword, nfcPassword}} {
		db := testutil.OpenDB(t)
		svc := testutil.Accounts(t, db, nil)
		u, err := svc.SignUp(accounts.SignUpInput{Username: "ana", Email: "ana@example.com", Password: c.up})
		if err != nil {
			t.Fatal(err)
		}
		v := vault.New(db, nil)
		e, err := v.Add(u.User.ID, u.DataKey, vault.Input{NamePages: "Mail", URL: "https://mail.example", PasswordSaved: "s3cret"})
		if err != nil {
			t.Fatal(err)
		}
		got, err := svc.SignIn(accounts.SignInInput{Login: "ana", Password: c.in})
		if err != nil {
			t.Fatalf("signed up with %+q, signing in with %+q: %v", c.up, c.in, err)
		}
		if pw, err := v.Reveal(u.User.ID, got.DataKey, e.ID); err != nil || pw != "s3cret" {
			t.Fatalf("saved password: %q, %v", pw, err)
		}
		if err := svc.DeleteAccount(u.User.ID, c.in); err != nil {
			t.Fatalf("deleting with the other spelling: %v", err)
		}
	}
}

// TestUsernamesAreOneNameWhateverTheirSpelling: "Jose" + U+0301 can sign
// up (stored as "José"), and every NFKC or case-folding equivalent is the
// same account, including those strings.ToLower tells apart or merges
// wrongly.
func TestUsernamesAreOneNameWhateverTheirSpelling(t *testing.T) {
	cases := []struct {
		signUp, stored string
		same           []string // sign in as the same user, and are taken for sign-up
		other          string   // a different user
	}{
		{"Jose\u0301", "José", []string{"José", "JOSÉ", "ｊｏｓｅ\u0301"}, "Jose"},
		{"ＦＵＬＬ", "FULL", []string{"full", "Full"}, "fu11"},
		{"straße", "straße", []string{"STRASSE", "strasse", "STRAẞE"}, "strase"},     // ToLower("STRASSE") != "straße"
		{"ΣΊΣΥΦΟΣ", "ΣΊΣΥΦΟΣ", []string{"σίσυφος", "σίσυφοσ", "Σίσυφος"}, "σισυφος"}, // final sigma ς: ToLower keeps it apart
		{"İpek", "İpek", []string{"İPEK", "İPEk"}, "ipek"},                           // ToLower maps İ to a plain i
		{"\u212Aelvin", "Kelvin", []string{"kelvin", "KELVIN"}, "celvin"},            // Kelvin sign
		{"ﬁne", "fine", []string{"FINE", "ﬁNE"}, "fme"},                              // ligature
	}
	for _, c := range cases {
		t.Run(c.stored, func(t *testing.T) {
			db := testutil.OpenDB(t)
			svc := testutil.Accounts(t, db, nil)
			u, err := svc.SignUp(accounts.SignUpInput{Username: c.signUp, Email: "a@example.com", Password: testutil.Password})
			if err != nil {
				t.Fatalf("sign up %+q: %v", c.signUp, err)
			}
			if u.User.Username != c.stored {
				t.Errorf("stored %+q, want %+q", u.User.Username, c.stored)
			}
			for _, s := range c.same {
				if got, err := svc.SignIn(accounts.SignInInput{Login: s, Password: testutil.Password}); err != nil || got.User.ID != u.User.ID {
					t.Errorf("sign in as %+q: %v", s, err)
				}
				_, err := svc.SignUp(accounts.SignUpInput{Username: s, Email: "b@example.com", Password: testutil.Password})
				if fieldMessage(err, "username") != apperr.InUse {
					t.Errorf("sign up as %+q: %v, want the username taken", s, err)
				}
			}
			if _, err := svc.SignIn(accounts.SignInInput{Login: c.other, Password: testutil.Password}); err != accounts.ErrWrongCredentials {
				t.Errorf("%+q is another name, yet: %v", c.other, err)
			}
			if _, err := svc.SignUp(accounts.SignUpInput{Username: c.other, Email: "c@example.com", Password: testutil.Password}); err != nil {
				t.Errorf("sign up as %+q: %v", c.other, err)
			}
		})
	}
}

// TestEmailDomainsGoThroughIDNA: the domain is compared in its lower-case
// ASCII (IDNA) form whatever spelling (Unicode, punycode, capitals,
// fullwidth dot), the local part case-folded; an invalid IDNA domain is a
// field error and nothing is written.
func TestEmailDomainsGoThroughIDNA(t *testing.T) {
	db := testutil.OpenDB(t)
	svc := testutil.Accounts(t, db, nil)
	u, err := svc.SignUp(accounts.SignUpInput{Username: "ana", Email: "Ana.Straße@MÜNCHEN．DE", Password: testutil.Password})
	if err != nil {
		t.Fatal(err)
	}
	if u.User.Email != "Ana.Straße@münchen.de" {
		t.Errorf("stored %+q", u.User.Email)
	}
	for _, login := range []string{"ana.strasse@xn--mnchen-3ya.de", "ANA.STRASSE@münchen.de", "ana.straße@MÜNCHEN.DE", "ana.straße@münchen。de"} {
		if got, err := svc.SignIn(accounts.SignInInput{Login: login, Password: testutil.Password}); err != nil || got.User.ID != u.User.ID {
			t.Errorf("sign in as %+q: %v", login, err)
		}
		_, err := svc.SignUp(accounts.SignUpInput{Username: "x" + strings.Repeat("y", len(login)%7), Email: login, Password: testutil.Password})
		if fieldMessage(err, "email") != apperr.InUse {
			t.Errorf("sign up with %+q: %v, want the email taken", login, err)
		}
	}
	for _, bad := range []string{"a@xn--a.de", "a@-münchen.de", "a@exa\u200dmple.com", "a@ex ample.com", "a@münchen..de", "a@\u0661\u0662a.com"} {
		_, err := svc.SignUp(accounts.SignUpInput{Username: "bad", Email: bad, Password: testutil.Password})
		if fieldMessage(err, "email") != apperr.InvalidEmail {
			t.Errorf("sign up with %+q: %v", bad, err)
		}
	}
	var users int
	_ = db.View(func(tx *store.Tx) error { return tx.ForEachUser(func(store.User) error { users++; return nil }) })
	if users != 1 {
		t.Fatalf("%d users after refused sign-ups", users)
	}
}

// TestLengthsCountCharacters: a 600-character Cyrillic password (1200
// bytes) is accepted and signs in; 1025 characters are refused with a
// message in characters; 150 multi-byte letters make a valid username.
func TestLengthsCountCharacters(t *testing.T) {
	db := testutil.OpenDB(t)
	svc := testutil.Accounts(t, db, nil)
	long := strings.Repeat("пароль", 100)
	name := strings.Repeat("ж", 149) + "e\u0301" // 150 characters once é is composed
	u, err := svc.SignUp(accounts.SignUpInput{Username: name, Email: "ana@example.com", Password: long})
	if err != nil {
		t.Fatalf("600-character Cyrillic password, 150-letter username: %v", err)
	}
	if _, err := svc.SignIn(accounts.SignInInput{Login: strings.ToUpper(name), Password: long}); err != nil {
		t.Fatal(err)
	}
	tooLong := strings.Repeat("ж", 1025)
	_, err = svc.ChangePassword(u.User.ID, long, tooLong)
	if msg := fieldMessage(err, "new_password"); msg != apperr.TooLong(1024) {
		t.Fatalf("1025 characters: %q", msg)
	}
	_, err = svc.SignUp(accounts.SignUpInput{Username: name + "ж", Email: "b@example.com", Password: testutil.Password})
	if msg := fieldMessage(err, "username"); msg != apperr.TooLong(150) {
		t.Fatalf("151-letter username: %q", msg)
	}
}

// TestAnOldBackupAndTheOldPasswordOpenNothingAddedAfterAChange: copy the
// file, change the password, add an entry and re-seal a remote token. The
// backup's wrapped key, opened with the old password, gives the old data
// key: it opens no entry nor token of the current file, and the new key
// opens all of them.
func TestAnOldBackupAndTheOldPasswordOpenNothingAddedAfterAChange(t *testing.T) {
	db := testutil.OpenDB(t)
	svc := testutil.Accounts(t, db, nil)
	u := testutil.SignUpUnlocked(t, svc, "ana")
	v := vault.New(db, nil)
	before, err := v.Add(u.User.ID, u.DataKey, vault.Input{NamePages: "Old", URL: "https://old.example", PasswordSaved: "old-secret"})
	if err != nil {
		t.Fatal(err)
	}
	token, _ := vault.SealSecret(u.DataKey, u.User.ID, vault.RemoteTokenPurpose, []byte("refresh-token"))
	if err := db.Update(func(tx *store.Tx) error { return tx.PutSealedRemoteToken(u.User.ID, token) }); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := db.Backup(backup); err != nil {
		t.Fatal(err)
	}

	newKey, err := svc.ChangePassword(u.User.ID, testutil.Password, "a brand new passphrase")
	if err != nil {
		t.Fatal(err)
	}
	after, err := v.Add(u.User.ID, newKey, vault.Input{NamePages: "New", URL: "https://new.example", PasswordSaved: "new-secret"})
	if err != nil {
		t.Fatal(err)
	}

	// The backup, opened with the old password, gives the old key.
	old, err := store.Open(backup, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	unlocked, err := testutil.Accounts(t, old, nil).SignIn(accounts.SignInInput{Login: "ana", Password: testutil.Password})
	if err != nil {
		t.Fatalf("the backup with the old password: %v", err)
	}
	oldKey := unlocked.DataKey
	for _, id := range []uint64{before.ID, after.ID} {
		if _, err := v.Reveal(u.User.ID, oldKey, id); err == nil {
			t.Errorf("the old key opens entry %d of the current file", id)
		}
		if _, err := v.Reveal(u.User.ID, newKey, id); err != nil {
			t.Errorf("the new key does not open entry %d: %v", id, err)
		}
	}
	var sealed []byte
	_ = db.View(func(tx *store.Tx) error { sealed, err = tx.SealedRemoteToken(u.User.ID); return err })
	if _, err := vault.OpenSecret(oldKey, u.User.ID, vault.RemoteTokenPurpose, sealed); err == nil {
		t.Error("the old key opens the current remote token")
	}
	if got, err := vault.OpenSecret(newKey, u.User.ID, vault.RemoteTokenPurpose, sealed); err != nil || string(got) != "refresh-token" {
		t.Errorf("the new key and the remote token: %q, %v", got, err)
	}
	if bytes.Equal(oldKey, newKey) {
		t.Fatal("the data key was not replaced")
	}
	raw, _ := os.ReadFile(db.Path())
	if bytes.Contains(raw, []byte("new-secret")) {
		t.Fatal("plaintext in the file")
	}
}

// TestAChangeThatCannotReSealEverythingChangesNothing: an entry that does
// not open under the current key (damage) makes the change fail as a whole:
// the old password still signs in and the other entries still open.
func TestAChangeThatCannotReSealEverythingChangesNothing(t *testing.T) {
	db := testutil.OpenDB(t)
	svc := testutil.Accounts(t, db, nil)
	u := testutil.SignUpUnlocked(t, svc, "ana")
	v := vault.New(db, nil)
	good, _ := v.Add(u.User.ID, u.DataKey, vault.Input{NamePages: "Good", URL: "https://good.example", PasswordSaved: "good"})
	bad, _ := v.Add(u.User.ID, u.DataKey, vault.Input{NamePages: "Bad", URL: "https://bad.example", PasswordSaved: "bad"})
	err := db.Update(func(tx *store.Tx) error {
		sealed, _ := tx.VaultEntry(u.User.ID, bad.ID)
		sealed[len(sealed)-1] ^= 1
		return tx.PutVaultEntry(u.User.ID, bad.ID, sealed)
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ChangePassword(u.User.ID, testutil.Password, "a brand new passphrase"); err == nil {
		t.Fatal("the change went through with an entry it could not re-seal")
	}
	again := signIn(t, svc, "ana")
	if !bytes.Equal(again.DataKey, u.DataKey) {
		t.Fatal("the data key changed")
	}
	if pw, err := v.Reveal(u.User.ID, again.DataKey, good.ID); err != nil || pw != "good" {
		t.Fatalf("the good entry: %q, %v", pw, err)
	}
}

// TestALoginThatIsOneUsersEmailAndAnothersUsernameSignsEitherIn: Django's
// usernames may hold "@", so "bob@example.com" can be Ana's username and
// Bob's email at once. Each still signs in with it, told apart by the
// password; the email's holder does not shadow the username's.
func TestALoginThatIsOneUsersEmailAndAnothersUsernameSignsEitherIn(t *testing.T) {
	svc := testutil.Accounts(t, testutil.OpenDB(t), nil)
	const login = "bob@example.com"
	ana, err := svc.SignUp(accounts.SignUpInput{Username: login, Email: "ana@example.com", Password: "Ana's password 1"})
	if err != nil {
		t.Fatal(err)
	}
	bob, err := svc.SignUp(accounts.SignUpInput{Username: "bob", Email: login, Password: "Bob's password 2"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		password string
		want     uint64
	}{{"Ana's password 1", ana.User.ID}, {"Bob's password 2", bob.User.ID}} {
		got, err := svc.SignIn(accounts.SignInInput{Login: "BOB@example.com", Password: c.password})
		if err != nil || got.User.ID != c.want {
			t.Errorf("sign in as %q with %q: user %d, %v; want user %d", login, c.password, got.User.ID, err, c.want)
		}
	}
	if _, err := svc.SignIn(accounts.SignInInput{Login: login, Password: "neither password 3"}); err != accounts.ErrWrongCredentials {
		t.Fatalf("a wrong password: err = %v, want ErrWrongCredentials", err)
	}
}

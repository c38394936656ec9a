package store

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// legacyKey is how schemas 1 and 2 keyed the email and username indexes.
func legacyKey(s string) []byte { return []byte(strings.ToLower(s)) }

// putLegacyUser writes a user as schema 2 did: record, password, and index
// entries under strings.ToLower keys.
func putLegacyUser(tx *bolt.Tx, u User) error {
	users := tx.Bucket(bucketUsers)
	ub, err := users.CreateBucket(itob(u.ID))
	if err != nil {
		return err
	}
	if _, err := ub.CreateBucket(bucketUserSessions); err != nil {
		return err
	}
	rec, _ := json.Marshal(u)
	if err := ub.Put(keyUserRecord, rec); err != nil {
		return err
	}
	if err := ub.Put(keyUserPassword, []byte("$argon2id$hash")); err != nil {
		return err
	}
	if err := getBucket(tx, bucketIndex, bucketIndexEmail).Put(legacyKey(u.Email), itob(u.ID)); err != nil {
		return err
	}
	if err := getBucket(tx, bucketIndex, bucketIndexUsername).Put(legacyKey(u.Username), itob(u.ID)); err != nil {
		return err
	}
	_, err = users.NextSequence()
	return err
}

// TestMigration3RebuildsTheIndexesUnderIdentityKeys builds a schema-2 file
// whose accounts were distinct under strings.ToLower but share a username
// or an email under Unicode folding, opens it, and checks: every account is
// still there, each reachable by its non-clashing identifier, the older one
// by the clashing one, the clashes are reported, and the check passes.
func TestMigration3RebuildsTheIndexesUnderIdentityKeys(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	users := []User{
		{ID: 1, Username: "José", Email: "jose@example.com"},         // NFC
		{ID: 2, Username: "Jose\u0301", Email: "other@example.com"},  // NFD: the same name
		{ID: 3, Username: "straße", Email: "Ana@MÜNCHEN.de"},         // IDNA domain
		{ID: 4, Username: "STRASSE", Email: "ana@xn--mnchen-3ya.de"}, // folds to straße's key; same email
		{ID: 5, Username: "lone", Email: "lone@example.com"},         // untouched
		{ID: 6, Username: "ｆｕｌｌ", Email: "ΣΊΣΥΦΟΣ@example.com"},      // fullwidth; Greek final sigma
	}
	writeSchema(t, path, 2, func(tx *bolt.Tx) error {
		for _, u := range users {
			u.DateJoined = now
			if err := putLegacyUser(tx, u); err != nil {
				return err
			}
		}
		return nil
	})
	db, err := Open(path, Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	login := func(s string) uint64 {
		var id uint64
		_ = db.View(func(tx *Tx) error { var err error; id, _, err = tx.UserIDByLogin(s); return err })
		return id
	}
	for s, want := range map[string]uint64{
		"JOSÉ":                  1, // the older of the clashing pair keeps the name
		"jose\u0301":            1,
		"other@example.com":     2, // the other reaches its account by email
		"straße":                3,
		"STRASSE":               3,
		"ana@münchen.de":        4, // 4 clashes on both: it keeps the email, 3 the name
		"ANA@xn--mnchen-3ya.de": 4,
		"lone@example.com":      5,
		"full":                  6,
		"σίσυφος@example.com":   6,
		"ΣΊΣΥΦΟΣ@EXAMPLE.COM":   6,
		"sísyphos@example.com":  0,
	} {
		if got := login(s); got != want {
			t.Errorf("login %q finds user %d, want %d", s, got, want)
		}
	}
	_ = db.View(func(tx *Tx) error {
		for _, u := range users {
			if _, err := tx.User(u.ID); err != nil {
				t.Errorf("user %d lost: %v", u.ID, err)
			}
		}
		return nil
	})
	// User 4 clashes on both identifiers with user 3: each keeps one.
	clashes, err := db.IndexClashes()
	if err != nil {
		t.Fatal(err)
	}
	want := []IndexClash{{"username", 1, 2}, {"email", 4, 3}, {"username", 3, 4}}
	if len(clashes) != len(want) {
		t.Fatalf("clashes %v, want %v", clashes, want)
	}
	for i := range want {
		if clashes[i] != want[i] {
			t.Fatalf("clashes %v, want %v", clashes, want)
		}
	}
	if s := clashes[0].String(); strings.Contains(s, "José") || !strings.Contains(s, "users 1 and 2") {
		t.Errorf("clash text %q: ids only", s)
	}
	if problems := db.Check(); len(problems) != 0 {
		t.Fatalf("migrated file: %v", problems)
	}

	// The shadowed account can still edit its profile keeping its name,
	// and that does not take the name from the holder.
	err = db.Update(func(tx *Tx) error {
		u, _ := tx.User(2)
		u.FirstName = "Segundo"
		return tx.UpdateUser(&u)
	})
	if err != nil || login("josé") != 1 {
		t.Fatalf("editing the shadowed account: %v; josé finds %d", err, login("josé"))
	}
	// Nor does the holder's own edit give it away to the shadowed account.
	err = db.Update(func(tx *Tx) error {
		u, _ := tx.User(1)
		u.LastName = "Holder"
		return tx.UpdateUser(&u)
	})
	if err != nil || login("josé") != 1 {
		t.Fatalf("editing the holding account: %v; josé finds %d", err, login("josé"))
	}
	// Renaming it resolves the clash; deleting an account hands a clashing
	// key it held to the account still waiting for it.
	err = db.Update(func(tx *Tx) error {
		u, _ := tx.User(2)
		u.Username = "jose2"
		return tx.UpdateUser(&u)
	})
	if err != nil || login("jose2") != 2 || login("josé") != 1 {
		t.Fatalf("renaming: %v; jose2 → %d, josé → %d", err, login("jose2"), login("josé"))
	}
	if err := db.Update(func(tx *Tx) error { return tx.DeleteUser(4) }); err != nil {
		t.Fatal(err)
	}
	if login("straße") != 3 || login("ana@münchen.de") != 3 {
		t.Fatalf("after deleting user 4, its email key passes to user 3: straße → %d, ana@münchen.de → %d", login("straße"), login("ana@münchen.de"))
	}
	if problems := db.Check(); len(problems) != 0 {
		t.Fatalf("after the edits: %v", problems)
	}
}

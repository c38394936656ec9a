package store

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// folderHolds lists the files in dir whose bytes contain needle.
func folderHolds(t *testing.T, dir string, needle []byte) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var in []string
	for _, e := range entries {
		raw, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(raw, needle) {
			in = append(in, e.Name())
		}
	}
	return in
}

// The copy kept before a migration (older schema, untagged records) is
// rewritten without the deleted user, and stays a readable file of its
// schema; a copy whose user 1 is someone else (another sign-up time) and a
// damaged copy are left as they are, the damaged one reported by name.
func TestErasingAUserRewritesTheKeptCopiesThatHoldThem(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	ana, _ := writeLegacyAna(t, path)
	db, err := Open(path, Options{Now: func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	migrationCopy := filepath.Join(dir, "passdesk.db.schema-v2.20260102T030405Z.bak")
	if got := folderHolds(t, dir, []byte(ana.Email)); len(got) != 2 {
		t.Fatalf("control: ana is in %v, want the database and the migration copy", got)
	}

	// Another install's user 1, who signed up at another time.
	someoneElse := filepath.Join(dir, "passdesk.db.before-restore.20260101T000000Z.bak")
	writeLegacyAna(t, someoneElse)
	raw, err := bolt.Open(someoneElse, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = raw.Update(func(tx *bolt.Tx) error {
		ub := getBucket(tx, bucketUsers, itob(1))
		return ub.Put(keyUserRecord, bytes.Replace(ub.Get(keyUserRecord), []byte("2025-05-06"), []byte("2024-05-06"), 1))
	})
	if err != nil || raw.Close() != nil {
		t.Fatal(err)
	}
	damaged := filepath.Join(dir, "passdesk.db.before-restore.20260101T000000Z-2.bak")
	if err := os.WriteFile(damaged, []byte("not a database, but it mentions "+ana.Email), 0o600); err != nil {
		t.Fatal(err)
	}

	if err := db.UpdateErasing(func(tx *Tx) error { return tx.DeleteUser(ana.ID) }); err != nil {
		t.Fatal(err)
	}
	problems := db.EraseUserFromKeptCopies(ana.ID, ana.DateJoined)
	if len(problems) != 1 || !strings.Contains(problems[0].Error(), filepath.Base(damaged)) {
		t.Errorf("problems: %v, want the damaged copy named", problems)
	}
	for needle, want := range map[string][]string{
		ana.Email:     {filepath.Base(damaged), filepath.Base(someoneElse)},
		"wrapped key": {filepath.Base(someoneElse)},
		string(bytes.Repeat([]byte{0xFF, 0xD8}, 100)): {filepath.Base(someoneElse)},
	} {
		if got := folderHolds(t, dir, []byte(needle)); !slices.Equal(got, want) {
			t.Errorf("%q is in %v, want only in %v", needle[:8], got, want)
		}
	}
	kept, err := openBolt(migrationCopy, true)
	if err != nil {
		t.Fatalf("the rewritten copy no longer opens: %v", err)
	}
	defer kept.Close()
	_ = kept.View(func(tx *bolt.Tx) error {
		if v := readSchemaVersion(tx); v != 2 || tx.Bucket(bucketUsers) == nil {
			t.Errorf("the rewritten copy is at schema %d, want still 2 with its buckets", v)
		}
		return nil
	})
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), tempInfix) {
			t.Errorf("a temp file is left behind: %s", e.Name())
		}
	}
}

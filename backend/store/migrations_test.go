package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// writeSchema creates a raw file at the given schema version by running the
// first `version` migrations, as an older PassDesk would have left it.
func writeSchema(t *testing.T, path string, version int, extra func(*bolt.Tx) error) {
	t.Helper()
	raw, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	err = raw.Update(func(tx *bolt.Tx) error {
		for _, m := range migrations[:version] {
			if err := m.apply(tx); err != nil {
				return err
			}
		}
		if err := metaBucket(tx).Put(keySchemaVersion, itob(uint64(version))); err != nil {
			return err
		}
		if extra != nil {
			return extra(tx)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestMigrationsAreOrderedAndGapless(t *testing.T) {
	for i, m := range migrations {
		if m.version != i+1 {
			t.Fatalf("migration %d (%s) has version %d, want %d", i, m.name, m.version, i+1)
		}
	}
}

func TestMigration1CreatesTheBucketTree(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	writeSchema(t, path, 1, nil)
	raw, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	_ = raw.View(func(tx *bolt.Tx) error {
		for _, path := range [][][]byte{
			{bucketMeta}, {bucketSettings}, {bucketUsers}, {bucketSessions},
			{bucketIndex, bucketIndexEmail}, {bucketIndex, bucketIndexUsername},
		} {
			if getBucket(tx, path...) == nil {
				t.Errorf("bucket %q missing after migration 1", path)
			}
		}
		if metaBucket(tx).Get(keyTokenKey) != nil {
			t.Error("migration 1 must not create the token key (that is migration 2)")
		}
		return nil
	})
}

func TestMigration2AddsARandomTokenKeyPerInstall(t *testing.T) {
	keys := map[string]bool{}
	for range 2 {
		path := filepath.Join(t.TempDir(), FileName)
		writeSchema(t, path, 1, nil)
		raw, err := bolt.Open(path, 0o600, nil)
		if err != nil {
			t.Fatal(err)
		}
		var key []byte
		err = raw.Update(func(tx *bolt.Tx) error {
			if err := migrations[1].apply(tx); err != nil {
				return err
			}
			key = append([]byte(nil), metaBucket(tx).Get(keyTokenKey)...)
			return nil
		})
		_ = raw.Close()
		if err != nil {
			t.Fatal(err)
		}
		if len(key) != 32 {
			t.Fatalf("token key is %d bytes, want 32", len(key))
		}
		if bytes.Equal(key, make([]byte, 32)) {
			t.Fatal("token key is all zeros")
		}
		keys[string(key)] = true
	}
	if len(keys) != 2 {
		t.Fatal("two installations got the same token key")
	}
}

func TestTheTokenKeySurvivesReopening(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	read := func() []byte {
		db, err := Open(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var key []byte
		_ = db.View(func(tx *Tx) error { key = tx.TokenKey(); return nil })
		return key
	}
	if first, second := read(), read(); len(first) != 32 || !bytes.Equal(first, second) {
		t.Fatal("reopening changed the token key: every session would end at each start")
	}
}

func TestOpeningASchema1FileMigratesItAndKeepsABackup(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	old := User{ID: 1, Username: "ana", Email: "ana@example.com", DateJoined: time.Now().UTC()}
	writeSchema(t, path, 1, func(tx *bolt.Tx) error {
		ub, err := usersBucket(tx).CreateBucket(itob(1))
		if err != nil {
			return err
		}
		rec, _ := json.Marshal(old)
		if err := ub.Put(keyUserRecord, rec); err != nil {
			return err
		}
		if err := emailIndex(tx).Put(legacyKey(old.Email), itob(1)); err != nil {
			return err
		}
		return usernameIndex(tx).Put(legacyKey(old.Username), itob(1))
	})

	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	db, err := Open(path, Options{Now: func() time.Time { return at }})
	if err != nil {
		t.Fatalf("open schema-1 file: %v", err)
	}
	var version int
	var key []byte
	_ = db.View(func(tx *Tx) error { version = readSchemaVersion(tx.tx); key = tx.TokenKey(); return nil })
	_ = db.Close()
	if version != SchemaVersion() || len(key) != 32 {
		t.Fatalf("after migration: schema %d, key %d bytes; want %d and 32", version, len(key), SchemaVersion())
	}

	backups, _ := filepath.Glob(filepath.Join(dir, "passdesk.db.schema-v1.*.bak"))
	backup := filepath.Join(dir, "passdesk.db.schema-v1.20260102T030405Z.bak")
	if len(backups) != 1 || backups[0] != backup {
		t.Fatalf("backups %v, want exactly %s", backups, backup)
	}
	raw, err := bolt.Open(backup, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("backup before migration: %v", err)
	}
	defer raw.Close()
	_ = raw.View(func(tx *bolt.Tx) error {
		if v := readSchemaVersion(tx); v != 1 {
			t.Errorf("backup has schema %d, want the old schema 1", v)
		}
		if userBucket(tx, 1) == nil || emailIndex(tx).Get(legacyKey(old.Email)) == nil {
			t.Error("backup lost the user")
		}
		return nil
	})

	// The migrated file still holds the user, and works.
	db, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_ = db.View(func(tx *Tx) error {
		if id, ok := tx.UserIDByLogin("ANA"); !ok || id != 1 {
			t.Errorf("after migration: login finds %d, %v", id, ok)
		}
		return nil
	})
	if problems := db.Check(); len(problems) != 0 {
		t.Fatalf("migrated file: %v", problems)
	}
}

func TestANewFileGetsNoMigrationBackup(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(filepath.Join(dir, FileName), Options{})
	if err != nil {
		t.Fatal(err)
	}
	_ = db.Close()
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("data folder holds %d files, want only the database", len(entries))
	}
}

func TestAFileFromANewerPassDeskIsRefusedAndLeftAlone(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	writeSchema(t, path, SchemaVersion(), func(tx *bolt.Tx) error {
		return metaBucket(tx).Put(keySchemaVersion, itob(uint64(SchemaVersion()+1)))
	})
	before, _ := os.ReadFile(path)
	_, err := Open(path, Options{})
	if !errors.Is(err, ErrTooNew) {
		t.Fatalf("open newer file: err = %v, want ErrTooNew", err)
	}
	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Fatal("refusing a newer file changed it")
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Fatalf("data folder holds %d files: refusing must not write backups either", len(entries))
	}
}

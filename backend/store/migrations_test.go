package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
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
		for _, m := range migrations {
			if m.version > version {
				break
			}
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
		_ = db.View(func(tx *Tx) error { key, _ = tx.TokenKey(); return nil })
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
		users := tx.Bucket(bucketUsers)
		if err := users.SetSequence(1); err != nil { // as CreateUser's NextSequence left it
			return err
		}
		ub, err := users.CreateBucket(itob(1))
		if err != nil {
			return err
		}
		rec, _ := json.Marshal(old)
		if err := ub.Put(keyUserRecord, rec); err != nil {
			return err
		}
		if err := ub.Put(keyUserPassword, []byte("$argon2id$hash")); err != nil {
			return err
		}
		if _, err := ub.CreateBucket(bucketUserSessions); err != nil {
			return err
		}
		if err := getBucket(tx, bucketIndex, bucketIndexEmail).Put(legacyKey(old.Email), itob(1)); err != nil {
			return err
		}
		return getBucket(tx, bucketIndex, bucketIndexUsername).Put(legacyKey(old.Username), itob(1))
	})

	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	db, err := Open(path, Options{Now: func() time.Time { return at }})
	if err != nil {
		t.Fatalf("open schema-1 file: %v", err)
	}
	var version int
	var key []byte
	_ = db.View(func(tx *Tx) error { version = readSchemaVersion(tx.tx); key, _ = tx.TokenKey(); return nil })
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
		if getBucket(tx, bucketUsers, itob(1)) == nil || getBucket(tx, bucketIndex, bucketIndexEmail).Get(legacyKey(old.Email)) == nil {
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
		if id, ok, err := tx.UserIDByLogin("ANA"); !ok || id != 1 || err != nil {
			t.Errorf("after migration: login finds %d, %v, %v", id, ok, err)
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

// rawRecords reads every value of the file at path as bbolt stores it, by
// record name (bucket path and key).
func rawRecords(t *testing.T, path string) map[string][]byte {
	t.Helper()
	raw, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	out := map[string][]byte{}
	var walk func(b *bolt.Bucket, path [][]byte)
	walk = func(b *bolt.Bucket, path [][]byte) {
		_ = b.ForEach(func(k, v []byte) error {
			if v == nil {
				walk(b.Bucket(k), append(path[:len(path):len(path)], bytes.Clone(k)))
			} else {
				out[recordName(path, k)] = bytes.Clone(v)
			}
			return nil
		})
	}
	_ = raw.View(func(tx *bolt.Tx) error { walk(tx.Cursor().Bucket(), nil); return nil })
	return out
}

// writeLegacyAna writes a schema-2 file (untagged records, legacy index
// keys) at path holding one user, ana (id 1), with a password, data key,
// picture, saved password and session; it returns her record and session.
func writeLegacyAna(t *testing.T, path string) (User, Session) {
	t.Helper()
	u := User{ID: 1, Username: "ana", Email: "ana@example.com", FirstName: "Ana", DateJoined: time.Date(2025, 5, 6, 7, 8, 9, 0, time.UTC)}
	session := Session{UserID: 1, ExpiresAt: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
	writeSchema(t, path, 2, func(tx *bolt.Tx) error {
		rec, _ := json.Marshal(u)
		sess, _ := json.Marshal(session)
		users := tx.Bucket(bucketUsers)
		ub, err := users.CreateBucket(itob(1))
		if err != nil {
			return err
		}
		vlt, err := ub.CreateBucket(bucketUserVault)
		if err != nil {
			return err
		}
		own, err := ub.CreateBucket(bucketUserSessions)
		if err != nil {
			return err
		}
		for _, err := range []error{
			users.SetSequence(1), vlt.SetSequence(1),
			ub.Put(keyUserRecord, rec), ub.Put(keyUserPassword, []byte("$argon2id$hash")),
			ub.Put(keyUserDataKey, []byte("wrapped key")), ub.Put(keyUserAvatar, bytes.Repeat([]byte{0xFF, 0xD8}, 9000)),
			vlt.Put(itob(1), []byte("sealed entry")), own.Put([]byte("jti-1"), nil),
			tx.Bucket(bucketSessions).Put([]byte("jti-1"), sess),
			getBucket(tx, bucketIndex, bucketIndexEmail).Put(legacyKey(u.Email), itob(1)),
			getBucket(tx, bucketIndex, bucketIndexUsername).Put(legacyKey(u.Username), itob(1)),
			tx.Bucket(bucketSettings).Put(keyTheme, []byte("dark")),
		} {
			if err != nil {
				return err
			}
		}
		return nil
	})
	return u, session
}

// Version 2 is the newest schema on this branch before tags; version 3 is
// being added on another branch alongside.
func TestMigration4TagsEveryRecordAndChangesNoValue(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	u, session := writeLegacyAna(t, path)
	before := rawRecords(t, path)

	db, err := Open(path, Options{Now: func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(func(tx *Tx) error {
		if version := readSchemaVersion(tx.tx); version != 4 {
			t.Errorf("schema %d after migration, want 4", version)
		}
		got, err := tx.User(1)
		if err != nil || got != u {
			t.Errorf("user record: %+v, %v", got, err)
		}
		if s, err := tx.Session("jti-1"); err != nil || s != session {
			t.Errorf("session: %+v, %v", s, err)
		}
		if id, ok, err := tx.UserIDByLogin("ANA@example.com"); id != 1 || !ok || err != nil {
			t.Errorf("login: %d, %v, %v", id, ok, err)
		}
		if v, err := tx.VaultEntry(1, 1); string(v) != "sealed entry" || err != nil {
			t.Errorf("vault entry: %q, %v", v, err)
		}
		if theme, err := tx.Theme("system"); theme != "dark" || err != nil {
			t.Errorf("theme: %q, %v", theme, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if problems := db.Check(); len(problems) > 0 {
		t.Fatalf("migrated file: %v", problems)
	}
	_ = db.Close()

	// Every value is what it was, followed by its tag; only the version
	// (bare, as ever) and the new key are new.
	after := rawRecords(t, path)
	for name, old := range before {
		switch v := after[name]; {
		case name == "meta/schema_version":
			if btoi(v) != 4 {
				t.Errorf("%s = %x", name, v)
			}
		case len(v) != len(old)+tagSize || !bytes.Equal(v[:len(old)], old):
			t.Errorf("%s: %x, want %x and a tag", name, v, old)
		}
	}
	if len(after) != len(before)+1 || len(after["meta/record_key"]) != recordKeySize+tagSize {
		t.Errorf("records after migration: %d (record key %d bytes), before: %d", len(after), len(after["meta/record_key"]), len(before))
	}
	// The copy kept before migrating is the untagged version-2 file.
	backup := rawRecords(t, filepath.Join(dir, "passdesk.db.schema-v2.20260102T030405Z.bak"))
	if len(backup) != len(before) || !bytes.Equal(backup["users/1/record"], before["users/1/record"]) {
		t.Fatal("the pre-migration backup is not the version-2 file")
	}
}

// A tagged file whose schema_version reads lower (damaged) must not be
// tagged a second time, which would bury every value under two tags.
func TestATaggedFileIsNeverTaggedTwice(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	_ = db.Close()
	raw, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = raw.Update(func(tx *bolt.Tx) error { return metaBucket(tx).Put(keySchemaVersion, itob(2)) })
	_ = raw.Close()
	if err != nil {
		t.Fatal(err)
	}
	before := rawRecords(t, path)
	if _, err := Open(path, Options{}); err == nil || !strings.Contains(err.Error(), "schema version is damaged") {
		t.Fatalf("open: %v, want the damaged schema version reported", err)
	}
	after := rawRecords(t, path)
	for name, v := range before {
		if !bytes.Equal(after[name], v) {
			t.Errorf("%s changed", name)
		}
	}
}

package store

import (
	"os"
	"path/filepath"
	"testing"
)

// A backup from an older PassDesk is migrated once it is in place.
func TestRestoringAnOlderSchemaMigratesIt(t *testing.T) {
	old := filepath.Join(t.TempDir(), "schema1.backup")
	writeSchema(t, old, 1, nil)
	db, err := Open(filepath.Join(t.TempDir(), FileName), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Restore(old); err != nil {
		t.Fatal(err)
	}
	version, err := db.schemaVersion()
	if err != nil || version != SchemaVersion() {
		t.Fatalf("schema after restoring a schema-1 backup: %d, %v; want %d", version, err, SchemaVersion())
	}
	if problems := db.Check(); len(problems) > 0 {
		t.Fatal(problems)
	}
	backups, _ := filepath.Glob(filepath.Join(filepath.Dir(db.path), FileName+".schema-v1.*.bak"))
	if len(backups) != 1 {
		t.Fatalf("migration backups: %v, want one of the restored schema-1 data", backups)
	}
	if _, err := os.Stat(old); err != nil {
		t.Fatal("the backup itself was touched")
	}
}

// swapInClosed is how Windows swaps files (it renames no open file); its
// steps work anywhere, so they are tested here too.
func TestSwappingWithTheFilesClosedKeepsServing(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), FileName), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	u := User{Username: "ana", Email: "ana@example.com"}
	if err := db.Update(func(tx *Tx) error { return tx.CreateUser(&u, "$argon2id$hash") }); err != nil {
		t.Fatal(err)
	}
	fresh, err := compactCopy(db.bolt, db.path, "compact")
	if err != nil {
		t.Fatal(err)
	}
	db.mu.Lock()
	err = db.swapInClosed(fresh)
	db.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *Tx) error { _, err := tx.User(u.ID); return err }); err != nil {
		t.Fatalf("after the swap: %v", err)
	}
	if problems := db.Check(); len(problems) > 0 {
		t.Fatal(problems)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(db.path), "*"+tempInfix+"*")); len(left) > 0 {
		t.Fatalf("left: %v", left)
	}
}

package store_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"passdesk/backend/store"
)

// A data file that lost its contents is damage to report, never a new
// install: bbolt would write a fresh empty database into it.
func TestAnEmptyDataFileIsRefusedAndLeftAsItIs(t *testing.T) {
	for _, opts := range []store.Options{{}, {ReadOnly: true}} {
		dir := t.TempDir()
		path := filepath.Join(dir, store.FileName)
		if err := os.WriteFile(path, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		db, err := store.Open(path, opts)
		if err == nil {
			_ = db.Close()
			t.Fatalf("open (%+v) of a 0-byte file succeeded", opts)
		}
		if !errors.Is(err, store.ErrDamaged) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "empty (0 bytes)") {
			t.Fatalf("open (%+v): err = %v, want ErrDamaged naming the file as empty", opts, err)
		}
		if size := sizeOf(t, path); size != 0 {
			t.Fatalf("the refused file now has %d bytes", size)
		}
		if names := folderNames(t, dir); !slices.Equal(names, []string{store.FileName}) {
			t.Fatalf("the data folder now holds %v", names)
		}
	}
}

// The schema version is written with the first bucket, so data without it
// is damage: migrating again would paper over it (and skip the backup).
func TestDataWithoutAReadableSchemaVersionIsRefusedAndLeftAsItIs(t *testing.T) {
	for name, edit := range map[string]func(meta *bolt.Bucket) error{
		"missing":    func(meta *bolt.Bucket) error { return meta.Delete([]byte("schema_version")) },
		"unreadable": func(meta *bolt.Bucket) error { return meta.Put([]byte("schema_version"), []byte{0, 2}) },
	} {
		t.Run(name, func(t *testing.T) {
			path := signedUpFile(t)
			editRaw(t, path, func(tx *bolt.Tx) error { return edit(tx.Bucket([]byte("meta"))) })
			before, _ := os.ReadFile(path)
			for _, opts := range []store.Options{{}, {ReadOnly: true}} {
				db, err := store.Open(path, opts)
				if err == nil {
					_ = db.Close()
					t.Fatalf("open (%+v) succeeded", opts)
				}
				if !errors.Is(err, store.ErrDamaged) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "schema version") {
					t.Fatalf("open (%+v): err = %v, want ErrDamaged naming the file and the schema version", opts, err)
				}
			}
			if after, _ := os.ReadFile(path); string(after) != string(before) {
				t.Fatal("the refused file was changed")
			}
			if names := folderNames(t, filepath.Dir(path)); !slices.Equal(names, []string{store.FileName}) {
				t.Fatalf("the data folder now holds %v", names)
			}
		})
	}
}

// A file bbolt created but no migration ever wrote to (a first start killed
// at once) holds no data: that is still a new install.
func TestAFileWithoutBucketsIsANewInstall(t *testing.T) {
	path := filepath.Join(t.TempDir(), store.FileName)
	raw, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = raw.Close()
	db := openAt(t, path)
	if _, err := createUser(t, db, "ana", "ana@example.com"); err != nil {
		t.Fatal(err)
	}
}

func TestAFileThatIsNotADatabaseIsReportedDamaged(t *testing.T) {
	path := filepath.Join(t.TempDir(), store.FileName)
	junk := []byte(strings.Repeat("not a database ", 1000))
	if err := os.WriteFile(path, junk, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := store.Open(path, store.Options{})
	if !errors.Is(err, store.ErrDamaged) || !strings.Contains(err.Error(), path) {
		t.Fatalf("err = %v, want ErrDamaged naming the file", err)
	}
	if got, _ := os.ReadFile(path); string(got) != string(junk) {
		t.Fatal("the file was changed")
	}
}

// A file cut short (a copy that stopped, a full disk) is damage naming the
// file, whether it ends inside the two meta pages (bbolt's "file size too
// small") or just after them (bbolt then follows the meta page into the
// missing pages and panics). A failed open leaves no lock behind: opening
// it again is refused for the damage, never as "in use by another PassDesk".
func TestATruncatedFileIsReportedDamagedAndLeftUnlocked(t *testing.T) {
	whole := filepath.Join(t.TempDir(), store.FileName)
	db, err := store.Open(whole, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(whole)
	if err != nil {
		t.Fatal(err)
	}
	page := os.Getpagesize()
	for _, n := range []int{page, 2*page - 1, 2 * page, 3 * page} {
		path := filepath.Join(t.TempDir(), store.FileName)
		if err := os.WriteFile(path, data[:n], 0o600); err != nil {
			t.Fatal(err)
		}
		for _, opts := range []store.Options{{ReadOnly: true}, {}, {}} {
			_, err := store.Open(path, opts)
			if !errors.Is(err, store.ErrDamaged) || !strings.Contains(err.Error(), path) {
				t.Errorf("%d of %d bytes, read-only %v: err = %v, want ErrDamaged naming the file", n, len(data), opts.ReadOnly, err)
			}
		}
		if got, _ := os.ReadFile(path); string(got) != string(data[:n]) {
			t.Errorf("%d bytes: the file was changed", n)
		}
	}
}

package store_test

import (
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"passdesk/backend/store"
)

// openAt opens (creating) the database at path, closed at cleanup.
func openAt(t testing.TB, path string) *store.DB {
	t.Helper()
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// addPictures creates n users, each with a random picture of size bytes
// (and a thumbnail of a tenth), and returns their ids.
func addPictures(t testing.TB, db *store.DB, prefix string, n, size int) []uint64 {
	t.Helper()
	ids := make([]uint64, 0, n)
	for i := range n {
		picture := randomBytes(t, size)
		err := db.Update(func(tx *store.Tx) error {
			u := store.User{Username: fmt.Sprintf("%s%d", prefix, i), Email: fmt.Sprintf("%s%d@example.com", prefix, i)}
			if err := tx.CreateUser(&u, "$argon2id$hash"); err != nil {
				return err
			}
			ids = append(ids, u.ID)
			return tx.PutAvatar(u.ID, picture, picture[:size/10])
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return ids
}

func deleteUsers(t testing.TB, db *store.DB, ids []uint64) {
	t.Helper()
	err := db.Update(func(tx *store.Tx) error {
		for _, id := range ids {
			if err := tx.DeleteUser(id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func randomBytes(t testing.TB, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}

func sizeOf(t testing.TB, path string) int64 {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info.Size()
}

// hasUser reports whether the database at db holds a user with that login.
func hasUser(t testing.TB, db *store.DB, login string) bool {
	t.Helper()
	var ok bool
	if err := db.View(func(tx *store.Tx) (err error) { _, ok, err = tx.UserIDByLogin(login); return err }); err != nil {
		t.Fatal(err)
	}
	return ok
}

// folderNames lists dir, sorted.
func folderNames(t testing.TB, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// tempLeftovers lists the store's temp files and .partial files in dir.
func tempLeftovers(t testing.TB, dir string) []string {
	t.Helper()
	var left []string
	for _, name := range folderNames(t, dir) {
		if strings.Contains(name, ".tmp-") || strings.HasSuffix(name, ".partial") {
			left = append(left, filepath.Join(dir, name))
		}
	}
	return left
}

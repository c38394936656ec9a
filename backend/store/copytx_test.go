package store_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"passdesk/backend/store"
)

// Snapshots and compactions copy the file while the app writes. bbolt's
// own Compact read its source in a transaction that ended before its last
// commit, so a write that grew the file meanwhile made that commit read
// unmapped memory (a fault, reported as damage) or pages already reused.
// Writes that grow the file run here alongside snapshots and compactions;
// every one must succeed and every snapshot hold a whole database.
func TestCopiesTakenWhileWritesGrowTheFileAreWhole(t *testing.T) {
	dir := t.TempDir()
	db := openAt(t, filepath.Join(dir, store.FileName))
	picture := randomBytes(t, 256<<10)
	var done atomic.Bool
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer done.Store(true)
		for i := range 40 { // about 10 MiB more, so the file grows and is remapped
			err := db.Update(func(tx *store.Tx) error {
				u := store.User{Username: fmt.Sprint("grow", i), Email: fmt.Sprint("grow", i, "@example.com")}
				if err := tx.CreateUser(&u, "$argon2id$hash"); err != nil {
					return err
				}
				return tx.PutAvatar(u.ID, picture, picture[:1024])
			})
			if err != nil {
				t.Errorf("write %d: %v", i, err)
				return
			}
		}
	}()
	for i := 0; !done.Load(); i++ {
		if i%3 == 0 {
			if _, err := db.Compact(); err != nil {
				t.Errorf("compact %d: %v", i, err)
			}
			continue
		}
		snap, err := db.Snapshot()
		if err != nil {
			t.Errorf("snapshot %d: %v", i, err)
			continue
		}
		copied, err := store.Open(snap, store.Options{ReadOnly: true})
		if err != nil {
			t.Errorf("snapshot %d does not open: %v", i, err)
			continue
		}
		if problems := copied.Check(); len(problems) > 0 {
			t.Errorf("snapshot %d: %v", i, problems)
		}
		_ = copied.Close()
		_ = os.Remove(snap)
	}
	wg.Wait()
}

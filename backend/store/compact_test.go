package store_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"passdesk/backend/internal/testutil"
	"passdesk/backend/store"
)

func TestCompactionRemovesDeletedBytesAndShrinksTheFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, store.FileName)
	db := openAt(t, path)
	ids := addPictures(t, db, "gone", 20, 256<<10)
	keep := addPictures(t, db, "kept", 1, 64<<10)
	var goneHash, keptPicture []byte
	if err := db.View(func(tx *store.Tx) error {
		gone, err := tx.Avatar(ids[3], false)
		if err != nil {
			return err
		}
		goneHash = gone[:64]
		keptPicture, err = tx.Avatar(keep[0], false)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	deleteUsers(t, db, ids)
	if !testutil.FileHolds(t, path, goneHash) {
		t.Fatal("control: a deleted picture is not in the file before compaction")
	}
	before := sizeOf(t, path)
	stats, err := db.Compact()
	if err != nil {
		t.Fatal(err)
	}
	if stats.Before != before || stats.After != sizeOf(t, path) || stats.After*4 > stats.Before || stats.Took <= 0 {
		t.Fatalf("stats %+v, file now %d bytes", stats, sizeOf(t, path))
	}
	if testutil.FileHolds(t, path, goneHash) {
		t.Fatal("a deleted picture's bytes are still in the file after compaction")
	}
	if !testutil.FileHolds(t, path, keptPicture) {
		t.Fatal("the kept picture is gone")
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Fatalf("compacted file mode %v, want 0600", info.Mode().Perm())
	}
	if left := tempLeftovers(t, dir); len(left) > 0 {
		t.Fatalf("temp files left: %v", left)
	}
	if problems := db.Check(); len(problems) > 0 {
		t.Fatal(problems)
	}
	if !hasUser(t, db, "kept0") || hasUser(t, db, "gone0") {
		t.Fatal("wrong users after compaction")
	}
}

// Ids come from bucket sequences; a compaction that lost them would hand a
// deleted user's id (and its avatar URL, its sessions' owner) to a new one.
func TestCompactionKeepsIDsFromBeingReused(t *testing.T) {
	db := testutil.OpenDB(t)
	ids := addPictures(t, db, "u", 3, 10)
	var lastEntry uint64
	err := db.Update(func(tx *store.Tx) error {
		for range 3 {
			id, err := tx.NextVaultEntryID(ids[0])
			if err != nil {
				return err
			}
			lastEntry = id
			if err := tx.PutVaultEntry(ids[0], id, []byte("sealed")); err != nil {
				return err
			}
		}
		_, err := tx.DeleteVaultEntry(ids[0], lastEntry)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	deleteUsers(t, db, ids[1:])
	if _, err := db.Compact(); err != nil {
		t.Fatal(err)
	}
	again := addPictures(t, db, "again", 1, 10)
	if again[0] <= ids[2] {
		t.Fatalf("new user got id %d after compaction; ids up to %d were handed out", again[0], ids[2])
	}
	var next uint64
	_ = db.Update(func(tx *store.Tx) error { next, err = tx.NextVaultEntryID(ids[0]); return err })
	if next <= lastEntry {
		t.Fatalf("next entry id %d after compaction; %d was handed out", next, lastEntry)
	}
}

// Writers go on while Compact runs, several times over: every write that
// returned nil is in the file afterwards, also after reopening it.
func TestWritesDuringCompactionAreNeverLost(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, store.FileName)
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	addPictures(t, db, "bulk", 30, 64<<10) // so a copy takes long enough to overlap writes
	const writers = 4
	stop := make(chan struct{})
	started := make(chan struct{}, writers)
	acked := make([][]string, writers)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				name := fmt.Sprintf("w%d-%d", w, i)
				if _, err := createUser(t, db, name, name+"@example.com"); err != nil {
					t.Errorf("write %s: %v", name, err)
					return
				}
				acked[w] = append(acked[w], name)
				if i == 0 {
					started <- struct{}{}
				}
			}
		}()
	}
	for range writers {
		<-started
	}
	for range 3 {
		if _, err := db.Compact(); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = openAt(t, path)
	total := 0
	for _, names := range acked {
		for _, name := range names {
			total++
			if !hasUser(t, db, name) {
				t.Errorf("acknowledged write %s lost", name)
			}
		}
	}
	if problems := db.Check(); len(problems) > 0 {
		t.Fatal(problems)
	}
	t.Logf("%d acknowledged writes during 3 compactions", total)
}

func TestCompactRefusesAReadOnlyDatabase(t *testing.T) {
	path := signedUpFile(t)
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	before, _ := os.ReadFile(path)
	if _, err := db.Compact(); err == nil {
		t.Fatal("compacting a read-only database succeeded")
	}
	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Fatal("a refused compaction changed the file")
	}
}

// Open compacts when free pages exceed half the file and 4 MiB — and only
// then. bbolt grows a file past 16 MiB by up to 16 MiB ahead of need, so
// with 1 MiB pictures (1.1 MiB with the thumbnail) the file holds at most
// 16 MiB more than the pictures ever stored.
func TestOpenCompactsOnlyAWastefulFile(t *testing.T) {
	for _, c := range []struct {
		name          string
		kept, deleted int // pictures of 1 MiB
		compacts      bool
	}{
		{"40 MiB free of at most 61", 4, 36, true},
		{"3.3 MiB free: under 4 MiB", 0, 3, false},
		{"11 MiB free of at least 44: under half", 30, 10, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), store.FileName)
			db, err := store.Open(path, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			addPictures(t, db, "kept", c.kept, 1<<20)
			deleteUsers(t, db, addPictures(t, db, "gone", c.deleted, 1<<20))
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			before := sizeOf(t, path)
			db = openAt(t, path)
			after := sizeOf(t, path)
			if compacted := after < before; compacted != c.compacts {
				t.Fatalf("size %d -> %d; want compaction %v", before, after, c.compacts)
			}
			if hasUser(t, db, "kept0") != (c.kept > 0) || hasUser(t, db, "gone0") {
				t.Fatal("wrong users after opening")
			}
		})
	}
}

func TestOpenRemovesTempFilesAKilledProcessLeft(t *testing.T) {
	path := signedUpFile(t)
	dir := filepath.Dir(path)
	stale := []string{
		filepath.Join(dir, store.FileName+".tmp-compact-0123abcd"),
		filepath.Join(dir, store.FileName+".tmp-snapshot-4567"),
		filepath.Join(dir, store.RestoreStagingName),
		filepath.Join(dir, store.RestoreStagingName+".partial"), // a killed `passdesk restore`
	}
	for _, name := range stale {
		if err := os.WriteFile(name, []byte("half a copy"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	other := filepath.Join(t.TempDir(), "not ours")
	if err := os.WriteFile(other, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, store.FileName+".tmp-link")
	if err := os.Symlink(other, link); err != nil {
		t.Fatal(err)
	}

	ro, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	_ = ro.Close()
	for _, name := range stale {
		if _, err := os.Stat(name); err != nil {
			t.Fatalf("a read-only open removed %s: another process may be writing it", name)
		}
	}

	db := openAt(t, path)
	_ = db
	for _, name := range stale {
		if _, err := os.Lstat(name); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s left after Open: %v", name, err)
		}
	}
	if got, _ := os.ReadFile(other); string(got) != "keep me" {
		t.Fatal("a symlink's target was touched")
	}
	if !slices.Contains(folderNames(t, dir), filepath.Base(link)) {
		t.Fatal("a symlink (not a file the store made) was removed")
	}
}

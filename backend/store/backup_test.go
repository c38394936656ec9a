package store_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"passdesk/backend/internal/testutil"
	"passdesk/backend/store"
)

func TestSnapshotIsAPrivateConsistentCopyWithoutFreedPages(t *testing.T) {
	dir := t.TempDir()
	db := openAt(t, filepath.Join(dir, store.FileName))
	gone := addPictures(t, db, "gone", 2, 64<<10)
	var marker []byte
	if err := db.View(func(tx *store.Tx) error {
		pic, err := tx.Avatar(gone[0], false)
		marker = pic[:64]
		return err
	}); err != nil {
		t.Fatal(err)
	}
	deleteUsers(t, db, gone)
	if !testutil.FileHolds(t, db.Path(), marker) {
		t.Fatal("control: the deleted picture is not in the freed pages")
	}

	// A writer goes on while the snapshot is taken.
	stop, done := make(chan struct{}), make(chan int)
	go func() {
		i := 0
		for ; ; i++ {
			select {
			case <-stop:
				done <- i
				return
			default:
			}
			if _, err := createUser(t, db, fmt.Sprintf("w%d", i), fmt.Sprintf("w%d@example.com", i)); err != nil {
				t.Error(err)
			}
		}
	}()
	snap, err := db.Snapshot()
	close(stop)
	<-done
	if err != nil {
		t.Fatal(err)
	}
	defer os.Remove(snap)
	if filepath.Dir(snap) != dir {
		t.Fatalf("snapshot at %s, want next to the database", snap)
	}
	if info, _ := os.Stat(snap); info.Mode().Perm() != 0o600 {
		t.Fatalf("snapshot mode %v, want 0600", info.Mode().Perm())
	}
	if testutil.FileHolds(t, snap, marker) {
		t.Fatal("the snapshot carries a deleted picture from a freed page")
	}
	copyDB, err := store.Open(snap, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer copyDB.Close()
	if problems := copyDB.Check(); len(problems) > 0 {
		t.Fatalf("snapshot taken while writing: %v", problems)
	}
}

func snapshotOf(t *testing.T, db *store.DB) string {
	t.Helper()
	snap, err := db.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Remove(snap) })
	return snap
}

func TestPublishWritesAPrivateFileAndLeavesNoPartial(t *testing.T) {
	db := testutil.OpenDB(t)
	snap := snapshotOf(t, db)
	dst := filepath.Join(t.TempDir(), "backup.db")
	if err := os.WriteFile(dst, []byte("an older backup, world-readable"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := store.Publish(snap, dst, time.Minute); err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile(snap)
	got, _ := os.ReadFile(dst)
	if string(got) != string(want) {
		t.Fatal("the published file differs from the snapshot")
	}
	if info, _ := os.Stat(dst); info.Mode().Perm() != 0o600 {
		t.Fatalf("published mode %v, want 0600 (the old file's 0644 must not carry over)", info.Mode().Perm())
	}
	if left := tempLeftovers(t, filepath.Dir(dst)); len(left) > 0 {
		t.Fatalf("left behind: %v", left)
	}
}

func TestPublishOntoAFolderSaysSo(t *testing.T) {
	db := testutil.OpenDB(t)
	folder := t.TempDir()
	err := store.Publish(snapshotOf(t, db), folder, time.Minute)
	if err == nil || !strings.Contains(err.Error(), "is a folder; give a file name") {
		t.Fatalf("err = %v, want it to say the destination is a folder", err)
	}
	if names := folderNames(t, folder); len(names) != 0 {
		t.Fatalf("the folder now holds %v", names)
	}
}

// A killed backup leaves FILE.partial; ours (even with a loose mode) is
// replaced by a fresh 0600 file, never written into with its old mode.
func TestPublishReplacesAStalePartialOfOurs(t *testing.T) {
	db := testutil.OpenDB(t)
	dst := filepath.Join(t.TempDir(), "backup.db")
	if err := os.WriteFile(dst+".partial", []byte("half of a killed backup"), 0o666); err != nil {
		t.Fatal(err)
	}
	_ = os.Chmod(dst+".partial", 0o666)
	if err := store.Publish(snapshotOf(t, db), dst, time.Minute); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(dst); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("backup: %v, %v; want mode 0600", info, err)
	}
	if _, err := os.Lstat(dst + ".partial"); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf(".partial still there: %v", err)
	}
}

func TestPublishRefusesASymlinkAtThePartialName(t *testing.T) {
	db := testutil.OpenDB(t)
	dir := t.TempDir()
	dst := filepath.Join(dir, "backup.db")
	target := filepath.Join(t.TempDir(), ".bashrc")
	if err := os.WriteFile(target, []byte("alias ls='ls -F'\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, dst+".partial"); err != nil {
		t.Fatal(err)
	}
	err := store.Publish(snapshotOf(t, db), dst, time.Minute)
	if err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("err = %v, want the symlink refused", err)
	}
	if got, _ := os.ReadFile(target); string(got) != "alias ls='ls -F'\n" {
		t.Fatal("the symlink's target was written")
	}
	if info, err := os.Lstat(dst + ".partial"); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the symlink was removed or replaced: %v, %v", info, err)
	}
	if _, err := os.Stat(dst); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a backup was written anyway: %v", err)
	}
}

func TestPublishRefusesAnotherUsersPartial(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root to give a file to another user")
	}
	db := testutil.OpenDB(t)
	dst := filepath.Join(t.TempDir(), "backup.db")
	if err := os.WriteFile(dst+".partial", []byte("theirs"), 0o666); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(dst+".partial", 65534, 65534); err != nil {
		t.Fatal(err)
	}
	err := store.Publish(snapshotOf(t, db), dst, time.Minute)
	if err == nil || !strings.Contains(err.Error(), "belongs to another user") {
		t.Fatalf("err = %v, want another user's .partial refused", err)
	}
	if got, _ := os.ReadFile(dst + ".partial"); string(got) != "theirs" {
		t.Fatal("another user's file was changed")
	}
}

func TestBackupRemovesItsSnapshot(t *testing.T) {
	db := testutil.OpenDB(t)
	dst := filepath.Join(t.TempDir(), "backup.db")
	if err := db.Backup(dst); err != nil {
		t.Fatal(err)
	}
	if left := tempLeftovers(t, filepath.Dir(db.Path())); len(left) > 0 {
		t.Fatalf("left next to the database: %v", left)
	}
	copyDB, err := store.Open(dst, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer copyDB.Close()
	if problems := copyDB.Check(); len(problems) > 0 {
		t.Fatal(problems)
	}
}

// A device written into rather than replaced (`passdesk backup /dev/null`
// to time a backup) takes the bytes; it has nothing to fsync, and refuses
// fsync (EINVAL), so only a regular file is synced.
func TestPublishIntoANullDevice(t *testing.T) {
	if _, err := os.Stat("/dev/null"); err != nil {
		t.Skip("no /dev/null here")
	}
	db := testutil.OpenDB(t)
	if err := store.Publish(snapshotOf(t, db), "/dev/null", time.Minute); err != nil {
		t.Fatalf("backup to /dev/null: %v", err)
	}
}

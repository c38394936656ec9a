package store_test

import (
	"os"
	"path/filepath"
	"testing"

	"passdesk/backend/internal/testutil"
	"passdesk/backend/store"
)

// A passdesk.db that is a symbolic link (or lives in a linked folder) is
// compacted and restored in place of the file it points to: a rename over
// the link itself would make the link a regular file and leave a deleted
// user's bytes in the target (SPEC §3).
func TestCompactAndRestoreActOnTheFileALinkPointsTo(t *testing.T) {
	for _, c := range []struct {
		name string
		link func(t *testing.T, realDir string) (dbPath string)
	}{
		{"linked file", func(t *testing.T, realDir string) string {
			link := filepath.Join(t.TempDir(), store.FileName)
			if err := os.Symlink(filepath.Join(realDir, store.FileName), link); err != nil {
				t.Skipf("no symbolic links here: %v", err)
			}
			return link
		}},
		{"linked folder", func(t *testing.T, realDir string) string {
			link := filepath.Join(t.TempDir(), "data")
			if err := os.Symlink(realDir, link); err != nil {
				t.Skipf("no symbolic links here: %v", err)
			}
			return filepath.Join(link, store.FileName)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			realDir := t.TempDir()
			target := filepath.Join(realDir, store.FileName)
			first, err := store.Open(target, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			_ = first.Close()
			path := c.link(t, realDir)
			db := openAt(t, path)
			if db.Path() != path {
				t.Errorf("Path() = %q, want the path as given, %q", db.Path(), path)
			}
			ids := addPictures(t, db, "gone", 1, 64<<10)
			var picture []byte
			if err := db.View(func(tx *store.Tx) (err error) { picture, err = tx.Avatar(ids[0], false); return err }); err != nil {
				t.Fatal(err)
			}
			deleteUsers(t, db, ids)
			if _, err := db.Compact(); err != nil {
				t.Fatal(err)
			}
			if testutil.FileHolds(t, target, picture[:256]) {
				t.Error("the linked file still holds the deleted picture after Compact")
			}
			backup := filepath.Join(t.TempDir(), "b.db")
			if err := db.Backup(backup); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Restore(backup); err != nil {
				t.Fatal(err)
			}
			if info, err := os.Lstat(filepath.Join(filepath.Dir(path), store.FileName)); err != nil || (c.name == "linked file") != (info.Mode()&os.ModeSymlink != 0) {
				t.Fatalf("the link was replaced: %v %v", info, err)
			}
			if got := tempLeftovers(t, filepath.Dir(path)); len(got) > 0 {
				t.Errorf("left behind: %v", got)
			}
			if hasUser(t, db, "gone0") {
				t.Error("the deleted user came back")
			}
		})
	}
}

func TestOpenRefusesALinkToAMissingFile(t *testing.T) {
	link := filepath.Join(t.TempDir(), store.FileName)
	if err := os.Symlink(filepath.Join(t.TempDir(), "gone", store.FileName), link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	if db, err := store.Open(link, store.Options{}); err == nil {
		_ = db.Close()
		t.Fatal("opened a link to a missing file")
	}
}

// RestoreFile (the app closed) replaces the file a linked passdesk.db
// points to, and keeps the link.
func TestRestoreFileKeepsALinkedDatabaseLinked(t *testing.T) {
	realDir := t.TempDir()
	target := filepath.Join(realDir, store.FileName)
	db := openAt(t, target)
	addPictures(t, db, "ana", 1, 1<<10)
	backup := filepath.Join(t.TempDir(), "b.db")
	if err := db.Backup(backup); err != nil {
		t.Fatal(err)
	}
	_ = db.Close()
	link := filepath.Join(t.TempDir(), store.FileName)
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	kept, err := store.RestoreFile(link, backup)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(kept) != realDir {
		t.Errorf("kept aside at %s, want beside the real file in %s", kept, realDir)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v %v", info, err)
	}
	if !hasUser(t, openAt(t, link), "ana0") {
		t.Error("the restored data is not behind the link")
	}
}

package cli_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"passdesk/backend/cli"
	"passdesk/backend/control"
	"passdesk/backend/internal/testutil"
	"passdesk/backend/store"
)

// folderNames lists dir's entries.
func folderNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// assertOnlyData fails when the data folder holds more than the database
// (and the control folder): no snapshot or staged backup is left behind.
func assertOnlyData(t *testing.T, dir string, also ...string) {
	t.Helper()
	for _, name := range folderNames(t, dir) {
		if name != store.FileName && name != ".control" && !slices.Contains(also, name) {
			t.Errorf("left in the data folder: %s", name)
		}
	}
}

func TestBackupLeavesNothingInTheDataFolder(t *testing.T) {
	dir := dataDir(t)
	dst := filepath.Join(t.TempDir(), "copy.db")
	status, out, errOut := run("backup", "--data-dir", dir, dst)
	if status != cli.ExitOK || out != "backup written to "+dst+"\n" {
		t.Fatalf("status %d, stdout %q, stderr %q", status, out, errOut)
	}
	assertOnlyData(t, dir)
	if info, err := os.Stat(dst); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("backup: %v, %v; want a file only its owner can read", info, err)
	}
}

func TestBackupOntoAFolderSaysSo(t *testing.T) {
	for _, running := range []bool{false, true} {
		dir := dataDir(t)
		if running {
			runningApp(t, dir, true)
		}
		folder := t.TempDir()
		status, out, errOut := run("backup", "--data-dir", dir, folder)
		if status != cli.ExitDamaged || !strings.Contains(errOut, folder+" is a folder; give a file name") || out != "" {
			t.Fatalf("running %v: status %d, stdout %q, stderr %q", running, status, out, errOut)
		}
		if names := folderNames(t, folder); len(names) != 0 {
			t.Fatalf("running %v: written into the folder: %v", running, names)
		}
		assertOnlyData(t, dir)
	}
}

// signUp adds a user to the closed database of dir.
func signUp(t *testing.T, dir, name string) {
	t.Helper()
	db, err := store.Open(filepath.Join(dir, store.FileName), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	testutil.SignUp(t, testutil.Accounts(t, db, nil), name)
}

// users reports which of names db holds.
func users(t *testing.T, db *store.DB, names ...string) []string {
	t.Helper()
	var found []string
	_ = db.View(func(tx *store.Tx) error {
		for _, name := range names {
			if _, ok, err := tx.UserIDByLogin(name); err == nil && ok {
				found = append(found, name)
			}
		}
		return nil
	})
	return found
}

func usersIn(t *testing.T, path string, names ...string) []string {
	t.Helper()
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer db.Close()
	return users(t, db, names...)
}

// keptAt reads where restore says it kept the previous data.
func keptAt(t *testing.T, out string) string {
	t.Helper()
	_, after, ok := strings.Cut(out, "the previous data is kept at ")
	if !ok {
		t.Fatalf("restore did not say where it kept the previous data: %q", out)
	}
	return strings.TrimSpace(after)
}

func TestRestorePutsABackupBackAndKeepsTheCurrentDataAside(t *testing.T) {
	dir := dataDir(t)
	backup := filepath.Join(t.TempDir(), "ana.db")
	if status, _, errOut := run("backup", "--data-dir", dir, backup); status != cli.ExitOK {
		t.Fatalf("backup: %s", errOut)
	}
	signUp(t, dir, "bea")

	status, out, errOut := run("restore", "--data-dir", dir, backup)
	if status != cli.ExitOK || !strings.Contains(out, "restored "+backup+" into "+dir) {
		t.Fatalf("status %d, stdout %q, stderr %q", status, out, errOut)
	}
	if got := usersIn(t, filepath.Join(dir, store.FileName), "ana", "bea"); !slices.Equal(got, []string{"ana"}) {
		t.Fatalf("restored data holds %v", got)
	}
	kept := keptAt(t, out)
	if filepath.Dir(kept) != dir {
		t.Fatalf("kept at %s, outside the data folder", kept)
	}
	if got := usersIn(t, kept, "ana", "bea"); !slices.Equal(got, []string{"ana", "bea"}) {
		t.Fatalf("the kept data holds %v", got)
	}
	assertOnlyData(t, dir, filepath.Base(kept))
	if status, out, _ := run("check", "--data-dir", dir); status != cli.ExitOK {
		t.Fatalf("check after restore: %q", out)
	}
}

func TestRestoreThroughTheRunningApp(t *testing.T) {
	t.Parallel() // waits out the lock timeout before asking the app
	dir := dataDir(t)
	backup := filepath.Join(t.TempDir(), "ana.db")
	if status, _, errOut := run("backup", "--data-dir", dir, backup); status != cli.ExitOK {
		t.Fatalf("backup: %s", errOut)
	}
	signUp(t, dir, "bea")
	app := runningApp(t, dir, true)

	status, out, errOut := run("restore", "--data-dir", dir, backup)
	if status != cli.ExitOK {
		t.Fatalf("status %d, stdout %q, stderr %q", status, out, errOut)
	}
	if got := users(t, app, "ana", "bea"); !slices.Equal(got, []string{"ana"}) {
		t.Fatalf("the running app now holds %v", got)
	}
	kept := keptAt(t, out)
	if got := usersIn(t, kept, "ana", "bea"); !slices.Equal(got, []string{"ana", "bea"}) {
		t.Fatalf("the kept data holds %v", got)
	}
	assertOnlyData(t, dir, filepath.Base(kept))
}

// Restoring twice within a second keeps both replaced files, each named in
// the output (the second restore used to fail: "…before-restore.<time>.bak:
// file exists"). Through the app, its clock is stopped to make it certain.
func TestRestoringTwiceInOneSecondKeepsBothReplacedFiles(t *testing.T) {
	t.Parallel() // waits out the lock timeout before asking the app
	for _, running := range []bool{false, true} {
		dir := dataDir(t)
		backup := filepath.Join(t.TempDir(), "ana.db")
		if status, _, errOut := run("backup", "--data-dir", dir, backup); status != cli.ExitOK {
			t.Fatalf("backup: %s", errOut)
		}
		if running {
			at := time.Now()
			db, err := store.Open(filepath.Join(dir, store.FileName), store.Options{Now: func() time.Time { return at }})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = db.Close() })
			srv, err := control.Listen(dir, control.Store(db, control.Hooks{}))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = srv.Close() })
		}
		var kept []string
		for range 2 {
			status, out, errOut := run("restore", "--data-dir", dir, backup)
			if status != cli.ExitOK {
				t.Fatalf("running %v: status %d, stdout %q, stderr %q", running, status, out, errOut)
			}
			kept = append(kept, keptAt(t, out))
		}
		if kept[0] == kept[1] {
			t.Fatalf("running %v: both restores say they kept the previous data at %s", running, kept[0])
		}
		assertOnlyData(t, dir, filepath.Base(kept[0]), filepath.Base(kept[1]))
	}
}

// A backup that fails the integrity check is refused, the current data untouched.
func TestRestoreRefusesADamagedBackup(t *testing.T) {
	t.Parallel() // waits out the lock timeout before asking the app
	for _, running := range []bool{false, true} {
		dir := dataDir(t)
		backup := filepath.Join(t.TempDir(), "ana.db")
		if status, _, errOut := run("backup", "--data-dir", dir, backup); status != cli.ExitOK {
			t.Fatalf("backup: %s", errOut)
		}
		testutil.DamagePage(t, backup, "users")
		signUp(t, dir, "bea")
		if running {
			runningApp(t, dir, true)
		}
		before, _ := os.ReadFile(filepath.Join(dir, store.FileName))
		status, out, errOut := run("restore", "--data-dir", dir, backup)
		if status != cli.ExitDamaged || !strings.Contains(errOut, "restore failed") || !strings.Contains(errOut, "damaged") || out != "" {
			t.Fatalf("running %v: status %d, stdout %q, stderr %q", running, status, out, errOut)
		}
		// The copy checked is the staging file, but the user named the backup.
		if !strings.Contains(errOut, backup) || strings.Contains(errOut, store.RestoreStagingName) {
			t.Fatalf("running %v: stderr %q should name %s, not the staging copy", running, errOut, backup)
		}
		if after, _ := os.ReadFile(filepath.Join(dir, store.FileName)); !slices.Equal(before, after) {
			t.Fatalf("running %v: the current data changed", running)
		}
		assertOnlyData(t, dir)
	}
}

func TestRestoreOfAMissingFileSaysSo(t *testing.T) {
	dir := dataDir(t)
	missing := filepath.Join(t.TempDir(), "nope.db")
	status, out, errOut := run("restore", "--data-dir", dir, missing)
	if status != cli.ExitDamaged || !strings.Contains(errOut, "read "+missing) || out != "" {
		t.Fatalf("status %d, stdout %q, stderr %q", status, out, errOut)
	}
	assertOnlyData(t, dir)
}

// A backup staged by a restore that was killed is replaced, not restored.
func TestRestoreReplacesAStaleStagedFile(t *testing.T) {
	dir := dataDir(t)
	backup := filepath.Join(t.TempDir(), "ana.db")
	if status, _, errOut := run("backup", "--data-dir", dir, backup); status != cli.ExitOK {
		t.Fatalf("backup: %s", errOut)
	}
	if err := os.WriteFile(control.RestoreStagingPath(dir), []byte("left by a killed restore"), 0o600); err != nil {
		t.Fatal(err)
	}
	if status, out, errOut := run("restore", "--data-dir", dir, backup); status != cli.ExitOK {
		t.Fatalf("status %d, stdout %q, stderr %q", status, out, errOut)
	}
	if _, err := os.Lstat(control.RestoreStagingPath(dir)); !os.IsNotExist(err) {
		t.Fatalf("staged file left: %v", err)
	}
}

// Restoring into a folder without data (a new computer) needs no current file.
func TestRestoreIntoAnEmptyFolder(t *testing.T) {
	backup := filepath.Join(t.TempDir(), "ana.db")
	if status, _, errOut := run("backup", "--data-dir", dataDir(t), backup); status != cli.ExitOK {
		t.Fatalf("backup: %s", errOut)
	}
	dir := filepath.Join(t.TempDir(), "new")
	status, out, errOut := run("restore", "--data-dir", dir, backup)
	if status != cli.ExitOK || strings.Contains(out, "kept at") {
		t.Fatalf("status %d, stdout %q, stderr %q", status, out, errOut)
	}
	assertHoldsAna(t, filepath.Join(dir, store.FileName))
}

// waste fills db with pictures and deletes them again: the freed pages
// (over 8 MiB) stay in the file until it is compacted.
func waste(t *testing.T, db *store.DB) {
	t.Helper()
	picture := bytes.Repeat([]byte{0xA5}, 1<<20)
	var ids []uint64
	for i := range 8 {
		err := db.Update(func(tx *store.Tx) error {
			u := store.User{Username: fmt.Sprintf("gone%d", i), Email: fmt.Sprintf("gone%d@example.com", i)}
			if err := tx.CreateUser(&u, "$argon2id$hash"); err != nil {
				return err
			}
			ids = append(ids, u.ID)
			return tx.PutAvatar(u.ID, picture, picture[:1<<17])
		})
		if err != nil {
			t.Fatal(err)
		}
	}
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

func TestCompactShrinksTheFileAndSaysTheSizes(t *testing.T) {
	t.Parallel() // waits out the lock timeout before asking the app
	for _, running := range []bool{false, true} {
		dir := dataDir(t)
		file := filepath.Join(dir, store.FileName)
		var app *store.DB
		if running {
			app = runningApp(t, dir, true)
			waste(t, app)
		} else {
			db, err := store.Open(file, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			waste(t, db)
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
		}
		before := fileSize(t, file)
		status, out, errOut := run("compact", "--data-dir", dir)
		var said, after int64
		var mib float64
		_, err := fmt.Sscanf(out, "compacted "+file+": %d bytes (%f MiB) before, %d bytes", &said, &mib, &after)
		if status != cli.ExitOK || err != nil || said != before || after != fileSize(t, file) || after > before/4 {
			t.Fatalf("running %v: status %d, stdout %q (%v), stderr %q; file %d bytes before, %d after",
				running, status, out, err, errOut, before, fileSize(t, file))
		}
		if status, out, _ := run("check", "--data-dir", dir); status != cli.ExitOK {
			t.Fatalf("running %v: check after compact: %q", running, out)
		}
		if running {
			if got := users(t, app, "ana", "gone0"); !slices.Equal(got, []string{"ana"}) {
				t.Fatalf("the running app holds %v", got)
			}
		} else {
			assertHoldsAna(t, file)
		}
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info.Size()
}

// Backing up onto the database (here through a link to it) would leave the
// running app writing to a deleted file; restoring it onto itself makes no sense.
func TestTheDatabaseItselfIsNeitherBackupNorSource(t *testing.T) {
	dir := dataDir(t)
	file := filepath.Join(dir, store.FileName)
	link := filepath.Join(t.TempDir(), "link.db")
	if err := os.Symlink(file, link); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(file)
	for _, args := range [][]string{
		{"backup", "--data-dir", dir, file}, {"backup", "--data-dir", dir, link},
		{"restore", "--data-dir", dir, file}, {"restore", "--data-dir", dir, link},
	} {
		status, out, errOut := run(args...)
		if status != cli.ExitDamaged || !strings.Contains(errOut, args[3]+" is the database itself") || out != "" {
			t.Errorf("%v: status %d, stdout %q, stderr %q", args, status, out, errOut)
		}
	}
	if after, _ := os.ReadFile(file); !slices.Equal(before, after) {
		t.Fatal("the database changed")
	}
	assertOnlyData(t, dir)
}

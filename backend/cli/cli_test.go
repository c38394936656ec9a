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

	bolt "go.etcd.io/bbolt"

	"passdesk/backend/buildinfo"
	"passdesk/backend/cli"
	"passdesk/backend/control"
	"passdesk/backend/datadir"
	"passdesk/backend/internal/testutil"
	"passdesk/backend/store"
)

func run(args ...string) (status int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	status = cli.Run(args, &out, &errOut)
	return status, out.String(), errOut.String()
}

// dataDir makes a data folder holding one signed-up user.
func dataDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, store.FileName), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	testutil.SignUp(t, testutil.Accounts(t, db, nil), "ana")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestVersion(t *testing.T) {
	status, out, _ := run("version")
	if status != cli.ExitOK || !strings.HasPrefix(out, "PassDesk "+buildinfo.Version+" ") {
		t.Fatalf("status %d, output %q", status, out)
	}
}

func TestCheckAHealthyFolder(t *testing.T) {
	status, out, errOut := run("check", "--data-dir", dataDir(t))
	if status != cli.ExitOK || !strings.Contains(out, "ok") {
		t.Fatalf("status %d, stdout %q, stderr %q", status, out, errOut)
	}
}

// damage removes ana's username index entry from the closed database file.
func damage(t *testing.T, dir string) {
	t.Helper()
	raw, err := bolt.Open(filepath.Join(dir, store.FileName), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	err = raw.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("index")).Bucket([]byte("username")).Delete([]byte("ana"))
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCheckADamagedFolderExitsNonZero(t *testing.T) {
	dir := dataDir(t)
	damage(t, dir)
	status, out, _ := run("check", "--data-dir", dir)
	if status != cli.ExitDamaged || !strings.Contains(out, "missing from the username index") || strings.Contains(out, "ok:") {
		t.Fatalf("status %d, output %q", status, out)
	}
}

func TestCheckAFileThatIsNotADatabase(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, store.FileName), bytes.Repeat([]byte("garbage!"), 1024), 0o600); err != nil {
		t.Fatal(err)
	}
	status, _, errOut := run("check", "--data-dir", dir)
	if status != cli.ExitDamaged || errOut == "" {
		t.Fatalf("status %d, stderr %q", status, errOut)
	}
}

func TestTheDataFolderComesFromTheEnvironmentToo(t *testing.T) {
	t.Setenv(datadir.EnvVar, dataDir(t))
	if status, out, errOut := run("check"); status != cli.ExitOK || !strings.Contains(out, "ok") {
		t.Fatalf("status %d, %q, %q", status, out, errOut)
	}
}

func TestUsageAndBadFlags(t *testing.T) {
	status, out, _ := run("help")
	for _, cmd := range []string{"check", "backup", "restore", "compact"} {
		if status != cli.ExitOK || !strings.Contains(out, "passdesk "+cmd+" ") {
			t.Fatalf("help on %s: status %d, %q", cmd, status, out)
		}
	}
	if status, _, _ := run("check", "--no-such-flag"); status != cli.ExitUsage {
		t.Fatalf("unknown flag: status %d", status)
	}
	for _, args := range [][]string{{"version"}, {"check"}, {"backup", "x"}, {"restore", "x"}, {"compact"}, {"help"}} {
		if !cli.IsCommand(args) {
			t.Errorf("%v is not recognised as a command", args)
		}
	}
	for _, args := range [][]string{nil, {}, {"--data-dir", "x"}} {
		if cli.IsCommand(args) {
			t.Errorf("%v is taken for a command: the app would not start", args)
		}
	}
}

// A first word that is no command never starts the app (which would stop
// parsing flags at the word, ignore --data-dir and create a database in
// the default folder): it is refused on stderr with the list of commands,
// the nearest one when it is close, status 2, and nothing created.
func TestAnUnknownCommandIsRefusedAndCreatesNothing(t *testing.T) {
	home := t.TempDir()
	t.Setenv("XDG_DATA_HOME", home)
	t.Setenv("HOME", home)
	t.Setenv("PASSDESK_DATA_DIR", "")
	for _, c := range []struct {
		args    []string
		suggest string
	}{
		{[]string{"chek", "--data-dir", "DIR"}, "check"},
		{[]string{"CHECK"}, "check"},
		{[]string{"backpu", "f"}, "backup"},
		{[]string{"Restore", "--data-dir", "DIR", "f"}, "restore"},
		{[]string{"compcat"}, "compact"},
		{[]string{"verison"}, "version"},
		{[]string{"serve"}, ""},
		{[]string{"d"}, ""},
		{[]string{"./passdesk.db"}, ""},
		{[]string{""}, ""},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			dir := t.TempDir()
			args := slices.Clone(c.args)
			for i, a := range args {
				if a == "DIR" {
					args[i] = dir
				}
			}
			if !cli.IsCommand(args) {
				t.Fatalf("%q goes to the app", args)
			}
			status, out, errOut := run(args...)
			if status != cli.ExitUsage || out != "" {
				t.Fatalf("status %d, stdout %q; want 2 and nothing on stdout", status, out)
			}
			if !strings.Contains(errOut, fmt.Sprintf("unknown command %q", args[0])) {
				t.Errorf("stderr %q does not name the unknown command", errOut)
			}
			for _, cmd := range []string{"check", "backup", "restore", "compact", "version"} {
				if !strings.Contains(errOut, "passdesk "+cmd) {
					t.Errorf("stderr does not list %s: %q", cmd, errOut)
				}
			}
			if hint := fmt.Sprintf("Did you mean %q?", c.suggest); c.suggest != "" && !strings.Contains(errOut, hint) {
				t.Errorf("stderr %q lacks %s", errOut, hint)
			} else if c.suggest == "" && strings.Contains(errOut, "Did you mean") {
				t.Errorf("a suggestion for a word near no command: %q", errOut)
			}
			for _, d := range []string{dir, home} {
				if entries, _ := os.ReadDir(d); len(entries) != 0 {
					t.Errorf("%s holds %v after a refused command", d, entries)
				}
			}
		})
	}
}

// A command word after the app's flags is told to come first (the app's
// own flag parsing reports a leftover word with cli.Unknown).
func TestACommandAfterTheFlagsIsToldToComeFirst(t *testing.T) {
	var errOut bytes.Buffer
	if status := cli.Unknown(&errOut, "check"); status != cli.ExitUsage || !strings.Contains(errOut.String(), `"check" must come first`) {
		t.Fatalf("status %d, stderr %q", status, errOut.String())
	}
}

func TestCheckAFolderWithoutData(t *testing.T) {
	status, _, errOut := run("check", "--data-dir", t.TempDir())
	if status != cli.ExitUsage || !strings.Contains(errOut, "no PassDesk data") {
		t.Fatalf("status %d, stderr %q", status, errOut)
	}
}

func TestBackupWritesACopyThatOpens(t *testing.T) {
	dst := filepath.Join(t.TempDir(), "copy.db")
	status, _, errOut := run("backup", "--data-dir", dataDir(t), dst)
	if status != cli.ExitOK {
		t.Fatalf("status %d: %s", status, errOut)
	}
	assertHoldsAna(t, dst)
}

func TestCommandsGetTheirArguments(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"backup", "--data-dir", dir}, {"restore", "--data-dir", dir}, {"backup", "--data-dir", dir, "a", "b"},
		{"compact", "--data-dir", dir, "a"}, {"check", "--data-dir", dir, "a"},
	} {
		if status, _, errOut := run(args...); status != cli.ExitUsage || !strings.Contains(errOut, "usage: passdesk "+args[0]) {
			t.Errorf("%v: status %d, %q; want usage error", args, status, errOut)
		}
	}
}

func assertHoldsAna(t *testing.T, path string) {
	t.Helper()
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("open copy: %v", err)
	}
	defer db.Close()
	_ = db.View(func(tx *store.Tx) error {
		if _, ok, _ := tx.UserIDByLogin("ana"); !ok {
			t.Error("copy lacks the user")
		}
		return nil
	})
}

// runningApp holds the database open as the app does, serving the control
// channel when serve, and returns the app's database.
func runningApp(t *testing.T, dir string, serve bool) *store.DB {
	t.Helper()
	db, err := store.Open(filepath.Join(dir, store.FileName), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if serve {
		srv, err := control.Listen(dir, control.Store(db, control.Hooks{}))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = srv.Close() })
	}
	return db
}

func TestBackupAndCheckWorkWhileTheAppRuns(t *testing.T) {
	t.Parallel() // waits out the lock timeout before asking the app
	dir := dataDir(t)
	runningApp(t, dir, true)

	dst := filepath.Join(t.TempDir(), "hot.db")
	if status, _, errOut := run("backup", "--data-dir", dir, dst); status != cli.ExitOK {
		t.Fatalf("hot backup: status %d: %s", status, errOut)
	}
	assertHoldsAna(t, dst)
	if status, out, errOut := run("check", "--data-dir", dir); status != cli.ExitOK {
		t.Fatalf("check through the app: status %d %q %q", status, out, errOut)
	}
}

func TestCheckFindsDamageThroughTheRunningApp(t *testing.T) {
	t.Parallel() // waits out the lock timeout before asking the app
	dir := dataDir(t)
	damage(t, dir)
	runningApp(t, dir, true)
	status, out, errOut := run("check", "--data-dir", dir)
	if status != cli.ExitDamaged || !strings.Contains(out, "missing from the username index") {
		t.Fatalf("status %d, stdout %q, stderr %q", status, out, errOut)
	}
}

func TestAHeldDatabaseWithoutTheAppAnsweringFailsClearly(t *testing.T) {
	t.Parallel() // waits out the lock timeout before asking the app
	dir := dataDir(t)
	backup := filepath.Join(t.TempDir(), "backup.db")
	if status, _, errOut := run("backup", "--data-dir", dir, backup); status != cli.ExitOK {
		t.Fatalf("backup before the hold: %s", errOut)
	}
	runningApp(t, dir, false)
	for name, args := range map[string][]string{
		"backup":  {"backup", "--data-dir", dir, filepath.Join(t.TempDir(), "x.db")},
		"check":   {"check", "--data-dir", dir},
		"compact": {"compact", "--data-dir", dir},
		"restore": {"restore", "--data-dir", dir, backup},
	} {
		start := time.Now()
		status, out, errOut := run(args...)
		// The holder is not the app: the message says so.
		if status == cli.ExitOK || !strings.Contains(errOut, "in use by another program") || strings.Contains(out, "ok") {
			t.Errorf("%s: status %d, stdout %q, stderr %q", name, status, out, errOut)
		}
		// Far above the two lock timeouts, so only a much longer wait fails
		// this, not a slow machine.
		if waited := time.Since(start); waited > 2*store.LockTimeout+30*time.Second {
			t.Errorf("%s gave up only after %v", name, waited)
		}
	}
}

func TestARelativeBackupFileIsRelativeToTheCallerNotTheApp(t *testing.T) {
	dir := dataDir(t)
	runningApp(t, dir, true)
	cwd := t.TempDir()
	t.Chdir(cwd)
	if status, _, errOut := run("backup", "--data-dir", dir, "rel.db"); status != cli.ExitOK {
		t.Fatalf("status %d: %s", status, errOut)
	}
	assertHoldsAna(t, filepath.Join(cwd, "rel.db"))
}

func TestCheckADamagedPageExitsNonZeroWithoutCrashing(t *testing.T) {
	dir := dataDir(t)
	testutil.DamagePage(t, filepath.Join(dir, store.FileName), "users")
	status, out, errOut := run("check", "--data-dir", dir)
	if status != cli.ExitDamaged || !strings.Contains(out, "damage:") {
		t.Fatalf("status %d, stdout %q, stderr %q", status, out, errOut)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestTheRunningAppSurvivesACheckOfADamagedPage(t *testing.T) {
	t.Parallel() // waits out the lock timeout before asking the app
	dir := dataDir(t)
	path := filepath.Join(dir, store.FileName)
	damaged := filepath.Join(t.TempDir(), store.FileName)
	if err := os.WriteFile(damaged, mustRead(t, path), 0o600); err != nil {
		t.Fatal(err)
	}
	testutil.DamagePage(t, damaged, "users")
	runningApp(t, dir, true)
	// The damage comes while the app runs: Open refuses a file damaged so.
	file, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = file.WriteAt(mustRead(t, damaged), 0)
	_ = file.Close()
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 { // the second answer proves the app is still there
		status, out, errOut := run("check", "--data-dir", dir)
		if status != cli.ExitDamaged || !strings.Contains(out, "damaged") {
			t.Fatalf("check %d through the app: status %d, stdout %q, stderr %q", i, status, out, errOut)
		}
	}
}

func TestCheckAFileDamagedWhereOpenReadsExitsNonZero(t *testing.T) {
	dir := dataDir(t)
	testutil.DamagePage(t, filepath.Join(dir, store.FileName), "")
	status, out, errOut := run("check", "--data-dir", dir)
	if status != cli.ExitDamaged || !strings.Contains(out+errOut, "damaged") {
		t.Fatalf("status %d, stdout %q, stderr %q", status, out, errOut)
	}
}

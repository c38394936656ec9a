// Package cli is PassDesk's headless command line, on the same binary as the
// app: version, check, backup, restore and compact, for support and scripts.
//
// Each data command works with the app closed (the CLI opens the database
// itself) and while it runs (bbolt's lock then says so, and the CLI asks
// the app over the control channel). Either way, the CLI alone opens the
// user's files: a backup is a snapshot the CLI copies out, a restore a file
// it copies into the data folder first (package control).
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"passdesk/backend/buildinfo"
	"passdesk/backend/control"
	"passdesk/backend/datadir"
	"passdesk/backend/store"
)

// Exit statuses.
const (
	ExitOK      = 0
	ExitDamaged = 1 // check found damage, or the command failed
	ExitUsage   = 2
)

// idleTimeout is how long copying a backup out (or in, for restore) waits
// for a file that takes or gives no bytes: a FIFO, a hung network mount.
var idleTimeout = store.BackupIdleTimeout

// commands are the CLI's commands, in the order usage lists them.
var commands = []string{"version", "check", "backup", "restore", "compact", "help"}

// IsCommand reports whether args (without the program name) are for the
// CLI rather than the app: they start with a word that is not a flag. A
// word that is no command is the CLI's to refuse (Run): taken for the app,
// a typo such as "chek --data-dir d" would stop flag parsing at the word,
// ignore --data-dir and create a database in the default folder.
func IsCommand(args []string) bool {
	if len(args) == 0 {
		return false
	}
	return !strings.HasPrefix(args[0], "-") || args[0] == "-h" || args[0] == "--help"
}

// Unknown reports a word where a command or flag was expected, on stderr:
// what it is, the nearest command when one is close, and the usage. It
// returns ExitUsage. The app's own flag parsing uses it for a word left
// after its flags ("passdesk --data-dir d check": the command goes first).
func Unknown(stderr io.Writer, word string) int {
	if slices.Contains(commands, word) {
		fmt.Fprintf(stderr, "passdesk: %q must come first: passdesk %s [--data-dir DIR] …\n", word, word)
	} else {
		fmt.Fprintf(stderr, "passdesk: unknown command %q\n", word)
		if near := nearest(word); near != "" {
			fmt.Fprintf(stderr, "Did you mean %q?\n", near)
		}
	}
	fmt.Fprint(stderr, usage)
	return ExitUsage
}

// nearest is the command within two edits of word, ignoring case ("CHECK",
// "chek", "backpu"), or "" when none is.
func nearest(word string) string {
	word = strings.ToLower(word)
	best, bestDist := "", 3
	for _, c := range commands {
		if d := editDistance(word, c); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// editDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and swaps of two neighbours count one each.
func editDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	d := make([][]int, len(x)+1)
	for i := range d {
		d[i] = make([]int, len(y)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(x)][len(y)]
}

// Run executes a command and returns the process exit status.
func Run(args []string, stdout, stderr io.Writer) int {
	cmd, rest := args[0], args[1:]
	if !slices.Contains(commands, cmd) && cmd != "-h" && cmd != "--help" {
		return Unknown(stderr, cmd)
	}
	fs := flag.NewFlagSet("passdesk "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDirFlag := fs.String("data-dir", "", "use this data folder instead of the default (also $"+datadir.EnvVar+")")
	if err := fs.Parse(rest); err != nil {
		return ExitUsage
	}
	c := command{stdout: stdout, stderr: stderr}
	switch cmd {
	case "version":
		fmt.Fprintf(stdout, "%s %s (schema %d, %s, %s/%s)\n", buildinfo.ProductName, buildinfo.Version,
			store.SchemaVersion(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
		return ExitOK
	case "check", "compact":
		if fs.NArg() != 0 {
			fmt.Fprintf(stderr, "usage: passdesk %s [--data-dir DIR]\n", cmd)
			return ExitUsage
		}
		if cmd == "check" {
			return c.check(*dataDirFlag)
		}
		return c.compact(*dataDirFlag)
	case "backup", "restore":
		if fs.NArg() != 1 {
			fmt.Fprintf(stderr, "usage: passdesk %s [--data-dir DIR] FILE\n", cmd)
			return ExitUsage
		}
		if cmd == "backup" {
			return c.backup(*dataDirFlag, fs.Arg(0))
		}
		return c.restore(*dataDirFlag, fs.Arg(0))
	default:
		fmt.Fprint(stdout, usage)
		return ExitOK
	}
}

const usage = `usage: passdesk [--data-dir DIR]                start the app
       passdesk version                         print the version
       passdesk check   [--data-dir DIR]        check the database; exit 1 on damage
       passdesk backup  [--data-dir DIR] FILE   write a consistent copy of the database to FILE
       passdesk restore [--data-dir DIR] FILE   put the backup FILE back (checked first; the
                                                current data is kept aside in the data folder)
       passdesk compact [--data-dir DIR]        rewrite the database without free space
Each works with the app closed or running; the exit status is 1 on failure or damage.
`

// command is one run of the CLI, writing to stdout and stderr.
type command struct{ stdout, stderr io.Writer }

// errHeldElsewhere is what a command says when the database is locked and
// no PassDesk answers on the data folder's control channel: some other
// program holds the file (a copy or sync tool, a database browser, another
// build of PassDesk), or a PassDesk that has not started answering yet.
var errHeldElsewhere = errors.New("the data is in use by another program (no running PassDesk answers for this data folder); close the program that has " + store.FileName + " open, or wait for PassDesk to finish starting, and try again")

// fail reports err and returns ExitDamaged.
func (c command) fail(what string, err error) int {
	if errors.Is(err, control.ErrNotRunning) {
		err = errHeldElsewhere
	}
	fmt.Fprintf(c.stderr, "passdesk: %s: %v\n", what, err)
	return ExitDamaged
}

// dataDir resolves the data folder holding a database.
func (c command) dataDir(dataDirFlag string) (dir string, status int) {
	dir, err := datadir.Resolve(dataDirFlag)
	if err != nil {
		fmt.Fprintln(c.stderr, "passdesk:", err)
		return "", ExitUsage
	}
	if _, err := os.Stat(filepath.Join(dir, store.FileName)); errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(c.stderr, "passdesk: no PassDesk data in %s\n", dir)
		return "", ExitUsage
	}
	return dir, ExitOK
}

// open opens dir's database here, or returns nil and no error when a
// running app holds it (the caller then asks the app).
func open(dir string, readOnly bool) (*store.DB, error) {
	db, err := store.Open(filepath.Join(dir, store.FileName), store.Options{ReadOnly: readOnly})
	if errors.Is(err, store.ErrInUse) {
		return nil, nil
	}
	return db, err
}

func (c command) check(dataDirFlag string) int {
	dir, status := c.dataDir(dataDirFlag)
	if status != ExitOK {
		return status
	}
	db, err := open(dir, true)
	if err != nil {
		return c.fail("check", err)
	}
	var problems []string
	if db == nil {
		if problems, err = control.Check(dir); err != nil {
			return c.fail("check", err)
		}
	} else {
		for _, p := range db.Check() {
			problems = append(problems, p.Error())
		}
		_ = db.Close()
	}
	if len(problems) == 0 {
		fmt.Fprintln(c.stdout, "ok: no problems found")
		return ExitOK
	}
	for _, p := range problems {
		fmt.Fprintln(c.stdout, "damage:", p)
	}
	fmt.Fprintf(c.stdout, "%d problem(s) found\n", len(problems))
	return ExitDamaged
}

// backup takes a snapshot (the app's, when it runs) inside the data folder
// and copies it to file itself: the app never writes outside its folder, and
// a destination that blocks stalls only this process. "backup written" is
// printed only once the copy and its folder are fsynced (store.Publish).
func (c command) backup(dataDirFlag, file string) int {
	dst, err := filepath.Abs(file)
	if err != nil {
		return c.fail("backup failed", err)
	}
	dir, status := c.dataDir(dataDirFlag)
	if status != ExitOK {
		return status
	}
	// Renaming the copy over the database would leave the running app
	// writing to a deleted file, losing every later change.
	if err := notTheDatabase(dst, dir); err != nil {
		return c.fail("backup failed", err)
	}
	db, err := open(dir, true)
	if err != nil {
		return c.fail("backup failed", err)
	}
	var snapshot string
	if db == nil {
		snapshot, err = control.Snapshot(dir)
	} else {
		snapshot, err = db.Snapshot()
		_ = db.Close() // the copy out may take long; the app may start meanwhile
	}
	if err != nil {
		return c.fail("backup failed", err)
	}
	defer os.Remove(snapshot)
	if err := store.Publish(snapshot, dst, idleTimeout); err != nil {
		return c.fail("backup failed", err)
	}
	fmt.Fprintln(c.stdout, "backup written to", dst)
	return ExitOK
}

// restore copies file into the data folder at the staging name, then has
// it restored (by the app, when it runs): checked first, and the current
// data kept aside.
func (c command) restore(dataDirFlag, file string) int {
	src, err := filepath.Abs(file)
	if err != nil {
		return c.fail("restore failed", err)
	}
	dir, err := datadir.Resolve(dataDirFlag)
	if err != nil {
		fmt.Fprintln(c.stderr, "passdesk:", err)
		return ExitUsage
	}
	// A source that cannot be staged is refused before the data folder is
	// made: a refused restore changes nothing.
	if err := store.CheckStageable(src); err != nil {
		return c.refuseSource(src, err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return c.fail("restore failed", err)
	}
	if err := notTheDatabase(src, dir); err != nil {
		return c.fail("restore failed", err)
	}
	staging := control.RestoreStagingPath(dir)
	// Whatever is at the staging name (left by a killed restore) goes:
	// Stage must create a fresh file there, not write into a FIFO or
	// through a link.
	if err := os.Remove(staging); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return c.fail("restore failed", err)
	}
	if err := store.Stage(src, staging, idleTimeout); err != nil {
		return c.refuseSource(src, err)
	}
	defer os.Remove(staging)
	kept, err := store.RestoreFile(filepath.Join(dir, store.FileName), staging)
	if errors.Is(err, store.ErrInUse) {
		var res control.RestoreResult
		res, err = control.Restore(dir)
		kept = res.KeptAt
	}
	if err != nil {
		return c.fail("restore failed", control.KeptNote(namingSource(err, staging, src), kept))
	}
	fmt.Fprintf(c.stdout, "restored %s into %s\n", src, dir)
	if kept != "" {
		fmt.Fprintln(c.stdout, "the previous data is kept at", kept)
	}
	return ExitOK
}

// refuseSource reports a restore source that could not be staged: one
// that is no regular file is a usage mistake (exit 2), any other failure
// to read it a failed restore.
func (c command) refuseSource(src string, err error) int {
	if errors.Is(err, store.ErrNotRegularFile) {
		fmt.Fprintln(c.stderr, "passdesk: restore failed:", err)
		return ExitUsage
	}
	return c.fail("restore failed", fmt.Errorf("read %s: %w", src, err))
}

// namingSource is err with the file the user named, src, where it names
// the staging copy of it that was checked: "…/passdesk.db.restore-staging
// is not a readable PassDesk database" would not tell which backup failed.
func namingSource(err error, staging, src string) error {
	return renamedError{err, strings.ReplaceAll(err.Error(), staging, src)}
}

// renamedError is an error with other text and the same chain.
type renamedError struct {
	err  error
	text string
}

func (e renamedError) Error() string { return e.text }
func (e renamedError) Unwrap() error { return e.err }

func (c command) compact(dataDirFlag string) int {
	dir, status := c.dataDir(dataDirFlag)
	if status != ExitOK {
		return status
	}
	file := filepath.Join(dir, store.FileName)
	// Opening may itself compact a wasteful file: "before" is the size
	// before this command, measured ahead of Open.
	info, err := os.Stat(file)
	if err != nil {
		return c.fail("compact failed", err)
	}
	db, err := open(dir, false)
	if err != nil {
		return c.fail("compact failed", err)
	}
	var res control.CompactResult
	if db == nil {
		res, err = control.Compact(dir)
	} else {
		var stats store.CompactStats
		stats, err = db.Compact()
		res = control.CompactResult(stats)
		res.Before = info.Size()
		if cerr := db.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return c.fail("compact failed", err)
	}
	fmt.Fprintf(c.stdout, "compacted %s: %s before, %s after (%s)\n",
		file, size(res.Before), size(res.After), res.Took.Round(time.Millisecond))
	return ExitOK
}

// notTheDatabase refuses path when it names dataDir's database file.
func notTheDatabase(path, dataDir string) error {
	file, err := os.Stat(path)
	if err != nil {
		return nil // nothing there yet, or an error the copy will report
	}
	if db, err := os.Stat(filepath.Join(dataDir, store.FileName)); err == nil && os.SameFile(file, db) {
		return fmt.Errorf("%s is the database itself", path)
	}
	return nil
}

// size writes a byte count for people, with the exact count for scripts.
func size(n int64) string {
	return fmt.Sprintf("%d bytes (%.1f MiB)", n, float64(n)/(1<<20))
}

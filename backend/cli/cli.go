// Package cli is PassDesk's headless command line, on the same binary as the
// app: version, check and backup, for support and scripts.
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

// IsCommand reports whether args (without the program name) start with a CLI command.
func IsCommand(args []string) bool {
	if len(args) == 0 {
		return false
	}
	switch args[0] {
	case "version", "check", "backup", "help", "-h", "--help":
		return true
	}
	return false
}

// Run executes a command and returns the process exit status.
func Run(args []string, stdout, stderr io.Writer) int {
	cmd, rest := args[0], args[1:]
	fs := flag.NewFlagSet("passdesk "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDirFlag := fs.String("data-dir", "", "use this data folder instead of the default (also $"+datadir.EnvVar+")")
	if err := fs.Parse(rest); err != nil {
		return ExitUsage
	}
	switch cmd {
	case "version":
		fmt.Fprintf(stdout, "%s %s (schema %d, %s, %s/%s)\n", buildinfo.ProductName, buildinfo.Version,
			store.SchemaVersion(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
		return ExitOK
	case "check":
		return runCheck(*dataDirFlag, stdout, stderr)
	case "backup":
		if fs.NArg() != 1 {
			fmt.Fprintln(stderr, "usage: passdesk backup [--data-dir DIR] FILE")
			return ExitUsage
		}
		return runBackup(*dataDirFlag, fs.Arg(0), stdout, stderr)
	default:
		fmt.Fprint(stdout, usage)
		return ExitOK
	}
}

const usage = `usage: passdesk [--data-dir DIR]            start the app
       passdesk version                     print the version
       passdesk check  [--data-dir DIR]     check the database; exit 1 on damage
       passdesk backup [--data-dir DIR] FILE  write a consistent copy of the database
`

// withDB runs local when the database can be opened here, or remote against
// the running app that holds it.
func withDB(dataDirFlag string, stderr io.Writer, local func(*store.DB) int, remote func(socket string) int) int {
	dir, err := datadir.Resolve(dataDirFlag)
	if err != nil {
		fmt.Fprintln(stderr, "passdesk:", err)
		return ExitUsage
	}
	path := filepath.Join(dir, store.FileName)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(stderr, "passdesk: no PassDesk data in %s\n", dir)
		return ExitUsage
	}
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if errors.Is(err, store.ErrInUse) {
		return remote(control.SocketPath(dir))
	}
	if err != nil {
		fmt.Fprintln(stderr, "passdesk:", err)
		return ExitDamaged
	}
	defer db.Close()
	return local(db)
}

func runCheck(dataDirFlag string, stdout, stderr io.Writer) int {
	report := func(problems []string) int {
		if len(problems) == 0 {
			fmt.Fprintln(stdout, "ok: no problems found")
			return ExitOK
		}
		for _, p := range problems {
			fmt.Fprintln(stdout, "damage:", p)
		}
		fmt.Fprintf(stdout, "%d problem(s) found\n", len(problems))
		return ExitDamaged
	}
	return withDB(dataDirFlag, stderr,
		func(db *store.DB) int {
			var problems []string
			for _, p := range db.Check() {
				problems = append(problems, p.Error())
			}
			return report(problems)
		},
		func(socket string) int {
			problems, err := control.Check(socket)
			if err != nil {
				fmt.Fprintln(stderr, "passdesk:", err)
				return ExitDamaged
			}
			return report(problems)
		})
}

func runBackup(dataDirFlag, file string, stdout, stderr io.Writer) int {
	dst, err := filepath.Abs(file)
	if err != nil {
		fmt.Fprintln(stderr, "passdesk:", err)
		return ExitUsage
	}
	done := func(err error) int {
		if err != nil {
			fmt.Fprintln(stderr, "passdesk: backup failed:", err)
			return ExitDamaged
		}
		fmt.Fprintln(stdout, "backup written to", dst)
		return ExitOK
	}
	return withDB(dataDirFlag, stderr,
		func(db *store.DB) int { return done(db.Backup(dst)) },
		func(socket string) int { return done(control.Backup(socket, dst)) })
}

// PassDesk: an offline desktop home for a password-generator account.
package main

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	goruntime "runtime"
	"strings"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"passdesk/backend/accounts"
	"passdesk/backend/apperr"
	"passdesk/backend/avatar"
	"passdesk/backend/buildinfo"
	"passdesk/backend/cli"
	"passdesk/backend/clipboard"
	"passdesk/backend/control"
	"passdesk/backend/datadir"
	"passdesk/backend/keychain"
	"passdesk/backend/lifecycle"
	"passdesk/backend/logging"
	"passdesk/backend/media"
	"passdesk/backend/profile"
	"passdesk/backend/session"
	"passdesk/backend/settings"
	"passdesk/backend/shutdown"
	"passdesk/backend/startupdialog"
	"passdesk/backend/store"
	"passdesk/backend/syncer"
	"passdesk/backend/vault"
	"passdesk/backend/vaultsync"
	"passdesk/backend/webassets"
)

// The frontend's build; its bundles are stored gzip-compressed (webassets).
//
//go:embed all:frontend/dist
var assets embed.FS

func main() {
	args := os.Args[1:]
	if cli.IsCommand(args) {
		os.Exit(cli.Run(args, os.Stdout, os.Stderr))
	}
	err := runApp(args, os.Stderr)
	var stopped *shutdown.Interrupted
	var usage usageError
	switch {
	case err == nil:
	case errors.As(err, &stopped):
		os.Exit(stopped.ExitCode())
	case errors.As(err, &usage):
		os.Exit(2) // the flag package has said what is wrong
	default:
		// No window is up (shutdown.Guard.WindowDown): a SIGTERM or SIGINT
		// while the dialog shows ends the process at once, dialog and all.
		// Launched from the desktop menu nobody reads stderr: say it in a
		// dialog too.
		startupdialog.Report(err, os.Stderr)
		os.Exit(1)
	}
}

// usageError is a command-line mistake, already reported by the flag
// package: it gets no dialog.
type usageError struct{ error }

// runApp runs the window until it closes. Once the data folder is known,
// SIGTERM and SIGINT end it at once, or within shutdown.Grace+CloseWait
// while the window is up, and a run so ended returns
// *shutdown.Interrupted whatever else went wrong.
func runApp(args []string, stderr io.Writer) (err error) {
	fs := flag.NewFlagSet("passdesk", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDirFlag := fs.String("data-dir", "", "use this data folder instead of the default (also $"+datadir.EnvVar+")")
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		return nil
	} else if err != nil {
		return usageError{err}
	}
	if fs.NArg() > 0 { // a word after the flags: never start on a folder it was meant to change
		cli.Unknown(stderr, fs.Arg(0))
		return usageError{errors.New("unexpected argument " + fs.Arg(0))}
	}
	if generatingBindings {
		return runWails(&App{}, slog.New(slog.DiscardHandler), nil)
	}
	dir, err := datadir.Resolve(*dataDirFlag)
	if err != nil {
		return err
	}
	log, logDir, closeLog := openLog(*dataDirFlag, stderr)
	defer closeLog()
	// Before this point a signal ends the process the default way, which
	// is right: nothing is open yet.
	guard := shutdown.Watch(shutdown.Config{Log: log})
	defer func() {
		if stop := guard.Err(); stop != nil {
			err = stop
		} else if err != nil {
			log.Error("could not start", "err", err) // for support: the dialog is gone once dismissed
		}
	}()

	db, err := store.Open(filepath.Join(dir, store.FileName), store.Options{})
	if errors.Is(err, store.ErrInUse) && guard.Err() == nil {
		log.Warn("asking the PassDesk that holds the data folder to show its window", "err", err)
		handOff(dir, log)
	}
	if err != nil {
		return err
	}
	guard.CloseOnExit(db)
	defer db.Close()
	if err := guard.Err(); err != nil {
		return err // signalled while opening or migrating the data
	}
	logIndexClashes(db, log)

	app, err := newApp(db, log)
	if err != nil {
		return err
	}
	ctl, err := control.Listen(dir, control.Store(db, control.Hooks{AfterRestore: app.life.DataReplaced}))
	if err != nil {
		log.Warn("command-line backups will need the app closed", "err", err)
	} else {
		defer ctl.Close()
	}
	app.desk.dataDir, app.desk.logDir, app.desk.log = dir, logDir, log
	log.Info("starting", "version", buildinfo.Version, "os", goruntime.GOOS, "arch", goruntime.GOARCH,
		"data_dir", dir, "log_dir", logDir)
	if err := guard.Err(); err != nil {
		return err
	}
	return runWails(app, log, guard)
}

// openLog starts the log file, with warnings mirrored to stderr. Without a
// usable log folder PassDesk still starts, logging to stderr alone.
func openLog(dataDirFlag string, stderr io.Writer) (log *slog.Logger, dir string, closeLog func()) {
	dir, err := logging.Dir(dataDirFlag)
	if err == nil {
		var file *slog.Logger
		var closer io.Closer
		if file, closer, err = logging.Open(dir, slog.LevelInfo); err == nil {
			return logging.Mirror(file, stderr, slog.LevelWarn), dir, func() { _ = closer.Close() }
		}
	}
	log = slog.New(logging.NewRedactor(slog.NewTextHandler(stderr, nil)))
	log.Warn("logging to stderr only", "err", err)
	return log, "", func() {}
}

// runWails runs the window. guard (nil when generating bindings) is given
// the way to close it once it is up.
func runWails(app *App, log *slog.Logger, guard *shutdown.Guard) error {
	opts := &options.App{
		Title:       buildinfo.ProductName,
		AssetServer: &assetserver.Options{Assets: webassets.Gunzip(assets), Middleware: serveMedia(app)},
		OnStartup:   app.startup,
		Bind:        []interface{}{app},
		// Wails' runtime rejects with new Error(value), so the error travels
		// as JSON text; the frontend's API module parses it back.
		ErrorFormatter: func(err error) any {
			public := apperr.ToPublic(err)
			if public.Code == apperr.Internal {
				log.Error("internal error", "err", err)
			}
			text, _ := json.Marshal(public)
			return string(text)
		},
	}
	// Window size and state, single instance, Wails' log: see app_desktop.go.
	app.desktopOptions(opts)
	if guard == nil {
		return wails.Run(opts)
	}
	// Wails quits on a signal by itself, but a quit asked before GTK's main
	// loop runs is lost. DOM-ready comes from that loop (OnStartup does
	// not): from then on Wails' own handler works, the window is up, and
	// one signalled just before is closed here.
	opts.OnDomReady = func(ctx context.Context) {
		if guard.WindowUp() != nil {
			runtime.Quit(ctx)
		}
	}
	defer guard.WindowDown()
	return wails.Run(opts)
}

// serveMedia answers /media/… (avatars) from the store before the embedded
// assets or, in `wails dev`, the Vite server would answer it with index.html.
func serveMedia(app *App) assetserver.Middleware {
	return func(next http.Handler) http.Handler {
		avatars := media.Handler(app.db, app.session)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, media.Prefix) {
				avatars.ServeHTTP(w, r)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

func newApp(db *store.DB, log *slog.Logger) (*App, error) {
	acc, err := accounts.New(db, accounts.Config{Log: log})
	if err != nil {
		return nil, err
	}
	return assembleApp(db, log, acc, nil, nil)
}

// assembleApp wires the services over db, with the given accounts service,
// session clock (nil: the system's) and clipboard (nil: the system's,
// through Wails): tests give cheap hashing, a clock and a clipboard of
// their own.
func assembleApp(db *store.DB, log *slog.Logger, acc *accounts.Service, clock session.Clock, board clipboard.Board) (*App, error) {
	prefs := settings.New(db)
	current, err := prefs.Get()
	if err != nil {
		return nil, err
	}
	app := &App{db: db, profiles: profile.New(db, nil), vault: vault.New(db, nil), settings: prefs, avatars: avatar.New()}
	if board == nil {
		board = wailsClipboard{app}
	}
	app.clipboard = clipboard.New(board, clipboard.ClearAfter)
	app.sync = syncer.New(syncer.Config{DB: db, Pipeline: app.avatars, Keychain: keychain.OS{}, OnStatus: app.emitSyncStatus, Log: log.With("part", "sync")})
	app.vaultSync = vaultsync.New(db, app.sync, nil, log.With("part", "vaultsync"))
	app.life = lifecycle.New(lifecycle.Config{
		Accounts: acc, Sync: app.sync, VaultSync: app.vaultSync, Clipboard: app.clipboard, Listing: app.vault, Log: log,
		Idle: time.Duration(current.IdleLockMinutes) * time.Minute, Clock: clock, OnEnded: app.notifyEnded,
	})
	app.session = app.life.Session()
	return app, nil
}

// logIndexClashes records, by user id only, the accounts that migration 3
// left sharing an email or username once case and Unicode forms are
// ignored (store.IndexClashes): each stays reachable by its other
// identifier until one of them is renamed.
func logIndexClashes(db *store.DB, log *slog.Logger) {
	clashes, err := db.IndexClashes()
	if err != nil {
		log.Warn("could not list identifier clashes", "err", err)
	}
	for _, c := range clashes {
		log.Warn("identifier clash", "index", c.Index, "holder", c.Holder, "other", c.Other, "detail", c.String())
	}
}

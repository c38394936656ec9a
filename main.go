// PassDesk: an offline desktop home for a password-generator account.
package main

import (
	"embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
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

	"passdesk/backend/accounts"
	"passdesk/backend/apperr"
	"passdesk/backend/avatar"
	"passdesk/backend/buildinfo"
	"passdesk/backend/cli"
	"passdesk/backend/control"
	"passdesk/backend/datadir"
	"passdesk/backend/keychain"
	"passdesk/backend/logging"
	"passdesk/backend/media"
	"passdesk/backend/profile"
	"passdesk/backend/session"
	"passdesk/backend/settings"
	"passdesk/backend/store"
	"passdesk/backend/syncer"
	"passdesk/backend/vault"
)

//go:embed all:frontend/dist
var assets embed.FS

func main() {
	args := os.Args[1:]
	if cli.IsCommand(args) {
		os.Exit(cli.Run(args, os.Stdout, os.Stderr))
	}
	if err := runApp(args, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "passdesk:", err)
		os.Exit(1)
	}
}

func runApp(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("passdesk", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDirFlag := fs.String("data-dir", "", "use this data folder instead of the default (also $"+datadir.EnvVar+")")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if generatingBindings {
		return runWails(&App{}, slog.New(slog.DiscardHandler))
	}
	dir, err := datadir.Resolve(*dataDirFlag)
	if err != nil {
		return err
	}
	log, logDir, closeLog := openLog(*dataDirFlag, stderr)
	defer closeLog()

	db, err := store.Open(filepath.Join(dir, store.FileName), store.Options{})
	if errors.Is(err, store.ErrInUse) {
		log.Warn("asking the PassDesk that holds the data folder to show its window", "err", err)
		handOff(dir, log)
	}
	if err != nil {
		return err
	}
	defer db.Close()

	app, err := newApp(db, log)
	if err != nil {
		return err
	}
	ctl, err := control.Listen(dir, control.Store(db, control.Hooks{}))
	if err != nil {
		log.Warn("command-line backups will need the app closed", "err", err)
	} else {
		defer ctl.Close()
	}
	app.desk.dataDir, app.desk.logDir, app.desk.log = dir, logDir, log
	log.Info("starting", "version", buildinfo.Version, "os", goruntime.GOOS, "arch", goruntime.GOARCH,
		"data_dir", dir, "log_dir", logDir)
	return runWails(app, log)
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

func runWails(app *App, log *slog.Logger) error {
	opts := &options.App{
		Title:       buildinfo.ProductName,
		AssetServer: &assetserver.Options{Assets: assets, Middleware: serveMedia(app)},
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
	acc, err := accounts.New(db, accounts.Config{})
	if err != nil {
		return nil, err
	}
	prefs := settings.New(db)
	current, err := prefs.Get()
	if err != nil {
		return nil, err
	}
	app := &App{db: db, accounts: acc, profiles: profile.New(db, nil), vault: vault.New(db, nil), settings: prefs, avatars: avatar.New()}
	app.sync = syncer.New(syncer.Config{DB: db, Pipeline: app.avatars, Keychain: keychain.OS{}, OnStatus: app.emitSyncStatus, Log: log.With("part", "sync")})
	app.session = session.New(acc, time.Duration(current.IdleLockMinutes)*time.Minute, nil, app.notifyLocked)
	return app, nil
}

package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"sync"
	"sync/atomic"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/logger"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"passdesk/backend/apperr"
	"passdesk/backend/buildinfo"
	"passdesk/backend/datadir"
	"passdesk/backend/diagnostics"
	"passdesk/backend/guard"
	"passdesk/backend/settings"
	"passdesk/backend/windowstate"
)

// defaultWindow is the window's size on first start.
var defaultWindow = windowstate.State{Width: 1024, Height: 720}

// desktop is what the desktop-behaviour bindings and window hooks need
// besides the backend services: where things live, the log, and the window
// state restored at start.
type desktop struct {
	dataDir, logDir string
	log             *slog.Logger

	saved   windowstate.State // as stored at start
	savedOK bool
	// normal is the rectangle the window was given at start: saved again
	// on close when the window is maximised (or minimised), whose own
	// geometry is not the one to come back to.
	normal   windowstate.State
	placeOne sync.Once
	shown    atomic.Bool
}

// GetAppearance returns the theme and language preferences. It needs no
// session: the sign-in screen follows them too.
func (a *App) GetAppearance() (ap settings.Appearance, err error) {
	defer guard.Recover(&err, a.desk.log, "GetAppearance")
	return a.settings.GetAppearance()
}

// SetAppearance stores the theme and language preferences; a value that is
// not one of the choices is refused with a field error and nothing changes.
func (a *App) SetAppearance(in settings.Appearance) (ap settings.Appearance, err error) {
	defer guard.Recover(&err, a.desk.log, "SetAppearance")
	if ap, err = a.settings.SetAppearance(in); err == nil {
		followTheme(ap.Theme)
	}
	return ap, err
}

// OpenDataFolder shows the data folder in the system's file manager.
func (a *App) OpenDataFolder() (err error) {
	defer guard.Recover(&err, a.desk.log, "OpenDataFolder")
	return a.openFolder(a.desk.dataDir)
}

// OpenLogs shows the log folder in the system's file manager.
func (a *App) OpenLogs() (err error) {
	defer guard.Recover(&err, a.desk.log, "OpenLogs")
	return a.openFolder(a.desk.logDir)
}

// GetDiagnostics returns the support report as text.
func (a *App) GetDiagnostics() (report string, err error) {
	defer guard.Recover(&err, a.desk.log, "GetDiagnostics")
	return a.diagnostics().String(), nil
}

// CopyDiagnostics puts the support report on the clipboard and returns it,
// so the UI can show what was copied.
func (a *App) CopyDiagnostics() (report string, err error) {
	defer guard.Recover(&err, a.desk.log, "CopyDiagnostics")
	text := a.diagnostics().String()
	if a.ctx == nil {
		return "", apperr.New(apperr.Unavailable, apperr.ClipboardUnavailable)
	}
	if err := runtime.ClipboardSetText(a.ctx, text); err != nil {
		return "", apperr.Wrap(err, "copy diagnostics")
	}
	return text, nil
}

func (a *App) diagnostics() diagnostics.Report {
	return diagnostics.Collect(diagnostics.Info{
		WebView: webviewVersion(), DataDir: a.desk.dataDir, LogDir: a.desk.logDir, DB: a.db,
	})
}

// fileManager is the program that opens a folder in the OS's file manager.
func fileManager() string {
	switch goruntime.GOOS {
	case "windows":
		return "explorer"
	case "darwin":
		return "open"
	default:
		return "xdg-open"
	}
}

// openFolder starts the file manager on dir without waiting for it. The
// path goes as its own argument, never through a shell; it is absolute, so
// it cannot be taken for an option.
func (a *App) openFolder(dir string) error {
	if !filepath.IsAbs(dir) {
		return apperr.New(apperr.Internal, apperr.FolderUnknown)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return apperr.Wrap(err, "create folder")
	}
	cmd := exec.Command(fileManager(), dir)
	if err := cmd.Start(); err != nil {
		a.desk.log.Warn("no file manager", "program", cmd.Path, "err", err)
		return apperr.New(apperr.Unavailable, apperr.NoFileManager(dir))
	}
	// Reaped in the background; explorer.exe exits non-zero even on success,
	// so the status says nothing worth reporting.
	go func() { _ = cmd.Wait() }()
	return nil
}

// desktopOptions adds the window-state, single-instance and logging
// behaviour to the Wails options.
func (a *App) desktopOptions(o *options.App) {
	d := &a.desk
	if d.log == nil {
		d.log = slog.New(slog.DiscardHandler)
	}
	o.Logger = wailsLogger{d.log}
	o.MinWidth, o.MinHeight = windowstate.MinWidth, windowstate.MinHeight
	if a.db == nil { // generating bindings: no data, no window
		return
	}
	saved, ok, err := windowstate.Load(a.db)
	if err != nil {
		d.log.Warn("window state unreadable", "err", err)
	}
	d.saved, d.savedOK = saved, ok && err == nil
	o.Width, o.Height = windowstate.InitialSize(d.saved, d.savedOK, defaultWindow)
	// placeWindow moves the window into place as soon as Wails' main loop
	// runs (from OnStartup, which Wails starts with the window), not at
	// DOM-ready, ~0.6 s later (issue 13). Until then the window is hidden,
	// so it is not seen opening in one place and jumping to another —
	// except on Linux, where that never held: Wails maps a hidden-start
	// window for an instant anyway, and its hide and show are GTK idle
	// callbacks, which wait while WebKit starts and loads the page
	// (measured: 0.1–0.6 s), so hiding only made the window appear that
	// much later than a bare Wails app's. There it is shown at once and
	// moved in the first idle round, just after Wails centres it.
	o.StartHidden = goruntime.GOOS != "linux"
	start := o.OnStartup
	o.OnStartup = func(ctx context.Context) {
		a.placeWindow(ctx)
		if start != nil {
			start(ctx)
		}
	}
	o.OnBeforeClose = a.beforeClose
	// Chained, so that a shutdown hook set before (main.go) still runs.
	next := o.OnShutdown
	o.OnShutdown = func(ctx context.Context) {
		a.shutdown(ctx)
		if next != nil {
			next(ctx)
		}
	}
	if singleInstanceAvailable() {
		o.SingleInstanceLock = &options.SingleInstanceLock{
			UniqueId:               instanceID(d.dataDir),
			OnSecondInstanceLaunch: a.secondInstance,
		}
	}
}

// placeWindow restores the saved size and position (or centres the window)
// and shows it, once. Wails runs OnStartup before its main loop; the
// screen query waits for that loop, so the window exists by then, and
// Wails' own first steps on it (hide, centre), queued before the loop
// ran, come before these.
func (a *App) placeWindow(ctx context.Context) {
	d := &a.desk
	d.placeOne.Do(func() {
		screens := primaryScreen(ctx, d.log)
		st := windowstate.Restore(d.saved, d.savedOK, screens, defaultWindow)
		if len(screens) == 0 {
			// Nothing to check a position against: keep Wails' centring.
			st.Width, st.Height = windowstate.InitialSize(d.saved, d.savedOK, defaultWindow)
			st.Maximised = d.savedOK && d.saved.Maximised
		} else {
			runtime.WindowSetPosition(ctx, st.X, st.Y)
		}
		runtime.WindowSetSize(ctx, st.Width, st.Height)
		if st.Maximised {
			runtime.WindowMaximise(ctx)
		}
		d.normal = st
		runtime.WindowShow(ctx)
		d.shown.Store(true)
		d.log.Info("window placed", "x", st.X, "y", st.Y, "width", st.Width, "height", st.Height,
			"maximised", st.Maximised, "restored", d.savedOK)
	})
}

// primaryScreen is the primary monitor, placed at 0,0. Wails reports only
// monitor sizes, not where they are, and its window positions are relative
// to the monitor the window is on (Linux, Windows: the set position; macOS:
// both), which at start is the primary one. So positions are judged
// against the primary monitor alone: a window last closed on a secondary
// monitor reopens centred on the primary, never off-screen.
func primaryScreen(ctx context.Context, log *slog.Logger) []windowstate.Screen {
	all, err := runtime.ScreenGetAll(ctx)
	if err != nil || len(all) == 0 {
		log.Warn("no screen information", "err", err)
		return nil
	}
	pick := all[0]
	for _, s := range all {
		if s.IsPrimary {
			pick = s
			break
		}
	}
	return []windowstate.Screen{{Width: pick.Size.Width, Height: pick.Size.Height}}
}

// beforeClose runs when the window is about to close, on quitting and on
// SIGTERM and SIGINT too: a copied password leaves the clipboard (while the
// GTK main loop still runs to answer the clipboard calls) and the window's
// state is saved. It never prevents the close.
func (a *App) beforeClose(ctx context.Context) (prevent bool) {
	a.life.ClearClipboard()
	a.saveWindow(ctx)
	return false
}

// shutdown runs after the window closed; the clipboard is cleared again
// in case the app ended without beforeClose (then still holding what
// PassDesk copied: otherwise ClearNow does nothing).
func (a *App) shutdown(context.Context) {
	a.life.ClearClipboard()
	if a.wake != nil {
		a.wake.Stop()
	}
}

// saveWindow stores the window's state for the next start.
func (a *App) saveWindow(ctx context.Context) {
	d := &a.desk
	if !d.shown.Load() {
		return // closed before it was placed: what is stored is still right
	}
	st := d.normal
	switch {
	case runtime.WindowIsMinimised(ctx):
		// A minimised window's geometry is meaningless (Windows reports -32000).
	case runtime.WindowIsMaximised(ctx):
		st.Maximised = true
	default:
		st.X, st.Y = runtime.WindowGetPosition(ctx)
		st.Width, st.Height = runtime.WindowGetSize(ctx)
		st.Maximised = false
	}
	if err := windowstate.Save(a.db, st); err != nil {
		d.log.Warn("window state not saved", "err", err)
		return
	}
	d.log.Info("window state saved", "x", st.X, "y", st.Y, "width", st.Width, "height", st.Height, "maximised", st.Maximised)
}

// secondInstance brings the window forward when PassDesk is started again
// on the same data folder. The other process's arguments and working
// folder come from whoever started it: they are counted, never used.
func (a *App) secondInstance(data options.SecondInstanceData) {
	a.desk.log.Info("second instance launched", "args", len(data.Args))
	if a.ctx == nil || !a.desk.shown.Load() {
		return // still starting: placeWindow will show it
	}
	runtime.Show(a.ctx) // macOS: unhide the application
	runtime.WindowShow(a.ctx)
	// Last: unminimising presents the window, which also focuses it.
	runtime.WindowUnminimise(a.ctx)
}

// instanceID names the single-instance lock after the data folder: one
// window per data folder, which is also what the database lock allows, so a
// second PassDesk on another folder (a test, a portable copy) still starts.
// Hashed, since the id ends up in D-Bus and mutex names.
func instanceID(dataDir string) string {
	sum := sha256.Sum256([]byte(datadir.Canonical(dataDir)))
	return "app.passdesk.desktop." + hex.EncodeToString(sum[:8])
}

// singleInstanceAvailable says whether Wails' single-instance lock can be
// used. On Linux it lives on the D-Bus session bus; without one Wails
// carries on unlocked (it neither exits nor panics), but its D-Bus library
// would first try `dbus-launch --autolaunch`, which may start a stray bus
// daemon that outlives PassDesk. So without a bus address the lock is left
// off and the database lock (store.ErrInUse after a second) is what stops a
// second instance.
func singleInstanceAvailable() bool {
	if goruntime.GOOS != "linux" {
		return true
	}
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") != "" {
		return true
	}
	if dir := os.Getenv("XDG_RUNTIME_DIR"); dir != "" {
		if _, err := os.Stat(filepath.Join(dir, "bus")); err == nil {
			return true
		}
	}
	return false
}

// handOff is run by a second PassDesk that found the data folder in use:
// Wails' single-instance lock then tells the running one to show its
// window and ends this process (exit status 1). It returns only when no
// PassDesk answered (the folder is held by a command-line backup, or by a
// PassDesk on another session bus): the caller then reports the folder in use.
func handOff(dataDir string, log *slog.Logger) {
	if !singleInstanceAvailable() {
		return
	}
	err := wails.Run(&options.App{
		Title:       buildinfo.ProductName,
		Width:       windowstate.MinWidth,
		Height:      windowstate.MinHeight,
		StartHidden: true,
		Logger:      wailsLogger{log},
		// A blank page: Wails needs one to report DOM-ready, the moment at
		// which it is certain no running PassDesk took the message.
		AssetServer: &assetserver.Options{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, "<!doctype html><html><head></head><body></body></html>")
		})},
		SingleInstanceLock: &options.SingleInstanceLock{UniqueId: instanceID(dataDir)},
		OnDomReady:         runtime.Quit,
	})
	if err != nil {
		log.Warn("could not reach the running PassDesk", "err", err)
	}
}

// wailsLogger sends Wails' own messages to the app's log (whose handler
// redacts), with the arguments of any call message Wails quotes removed:
// passwords travel there as bare positional values the redactor cannot
// recognise. Wails' traces, which quote call results (a revealed
// password), are dropped.
type wailsLogger struct{ log *slog.Logger }

var _ logger.Logger = wailsLogger{}

func (w wailsLogger) Print(m string) { w.log.Info(guard.ScrubCallArgs(m), "from", "wails") }
func (w wailsLogger) Trace(string)   {}
func (w wailsLogger) Debug(m string) { w.log.Debug(guard.ScrubCallArgs(m), "from", "wails") }
func (w wailsLogger) Info(m string)  { w.log.Info(guard.ScrubCallArgs(m), "from", "wails") }
func (w wailsLogger) Warning(m string) {
	w.log.Warn(guard.ScrubCallArgs(m), "from", "wails")
}
func (w wailsLogger) Error(m string) { w.log.Error(guard.ScrubCallArgs(m), "from", "wails") }
func (w wailsLogger) Fatal(m string) {
	w.log.Error(guard.ScrubCallArgs(m), "from", "wails", "fatal", true)
	os.Exit(1)
}

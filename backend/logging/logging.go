// Package logging writes PassDesk's structured log: JSON records in a
// size-rotated file in the operating system's log folder, every record
// passed through a redactor so that passwords, tokens, e-mail addresses and
// raw bytes never reach the disk.
package logging

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"

	"passdesk/backend/buildinfo"
	"passdesk/backend/datadir"
)

// FileName is the current log file; rotated ones get .1 (newest) to .<Keep>.
const FileName = "passdesk.log"

// Rotation: at most MaxSize bytes per file, Keep older files.
const (
	MaxSize = 1 << 20
	Keep    = 3
)

// Open starts logging at level and above into dir/passdesk.log, creating dir.
// Close the returned Closer when the program ends.
func Open(dir string, level slog.Level) (*slog.Logger, io.Closer, error) {
	return open(dir, level, MaxSize, Keep)
}

func open(dir string, level slog.Level, max int64, keep int) (*slog.Logger, io.Closer, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, nil, fmt.Errorf("create log folder: %w", err)
	}
	file, err := openRotating(filepath.Join(dir, FileName), max, keep)
	if err != nil {
		return nil, nil, err
	}
	h := slog.NewJSONHandler(file, &slog.HandlerOptions{Level: level})
	return slog.New(NewRedactor(h)), file, nil
}

// Mirror returns a logger that writes to l's handler and, for records at
// min or above, also to w as redacted text: warnings a user starting the
// app from a terminal should see without digging for the log file.
func Mirror(l *slog.Logger, w io.Writer, min slog.Level) *slog.Logger {
	text := NewRedactor(slog.NewTextHandler(w, &slog.HandlerOptions{Level: min}))
	return slog.New(fanout{l.Handler(), text})
}

// fanout hands each record to every handler that wants it.
type fanout []slog.Handler

func (f fanout) Enabled(ctx context.Context, l slog.Level) bool {
	for _, h := range f {
		if h.Enabled(ctx, l) {
			return true
		}
	}
	return false
}

func (f fanout) Handle(ctx context.Context, r slog.Record) error {
	var errs []error
	for _, h := range f {
		if h.Enabled(ctx, r.Level) {
			errs = append(errs, h.Handle(ctx, r.Clone()))
		}
	}
	return errors.Join(errs...)
}

func (f fanout) WithAttrs(attrs []slog.Attr) slog.Handler {
	out := make(fanout, len(f))
	for i, h := range f {
		out[i] = h.WithAttrs(attrs)
	}
	return out
}

func (f fanout) WithGroup(name string) slog.Handler {
	out := make(fanout, len(f))
	for i, h := range f {
		out[i] = h.WithGroup(name)
	}
	return out
}

// Dir returns the log folder. When the data folder is overridden (the
// --data-dir value given here, or $PASSDESK_DATA_DIR) the logs live in its
// "logs" subfolder, so a test or a portable install keeps everything in one
// place; otherwise the OS's per-user log/state folder is used.
func Dir(dataDirOverride string) (string, error) {
	return dir(dataDirOverride, os.Getenv, runtime.GOOS, os.UserHomeDir)
}

func dir(override string, getenv func(string) string, goos string, home func() (string, error)) (string, error) {
	if override == "" {
		override = getenv(datadir.EnvVar)
	}
	if override != "" {
		abs, err := filepath.Abs(override)
		if err != nil {
			return "", err
		}
		return filepath.Join(abs, "logs"), nil
	}
	name := buildinfo.ProductName
	switch goos {
	case "windows":
		if v := getenv("LOCALAPPDATA"); v != "" {
			return filepath.Join(v, name, "logs"), nil
		}
		return "", errors.New("%LOCALAPPDATA% is not set: use --data-dir")
	case "darwin":
		h, err := home()
		if err != nil {
			return "", err
		}
		return filepath.Join(h, "Library", "Logs", name), nil
	default:
		// XDG: a relative $XDG_STATE_HOME is invalid and must be ignored.
		if v := getenv("XDG_STATE_HOME"); v != "" && filepath.IsAbs(v) {
			return filepath.Join(v, name, "logs"), nil
		}
		h, err := home()
		if err != nil {
			return "", err
		}
		return filepath.Join(h, ".local", "state", name, "logs"), nil
	}
}

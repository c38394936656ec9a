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

	"gopkg.in/natefinch/lumberjack.v2"

	"passdesk/backend/buildinfo"
	"passdesk/backend/datadir"
)

// FileName is the current log file. Rotated files are named by
// lumberjack: passdesk-<UTC time of rotation>.log, e.g.
// passdesk-2026-12-01T02-48-13.000.log, in the same folder.
const FileName = "passdesk.log"

// Rotation: a file is rotated before it would pass MaxSizeMiB (lumberjack
// counts whole MiB), and Keep rotated files are kept.
const (
	MaxSizeMiB = 1
	Keep       = 3
)

// Open starts logging at level and above into dir/passdesk.log, creating dir.
// A record the file cannot take goes to stderr (see sink). Close the
// returned Closer when the program ends.
func Open(dir string, level slog.Level) (*slog.Logger, io.Closer, error) {
	return open(dir, level, os.Stderr)
}

func open(dir string, level slog.Level, fallback io.Writer) (*slog.Logger, io.Closer, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, nil, fmt.Errorf("create log folder: %w", err)
	}
	path := filepath.Join(dir, FileName)
	if err := makePrivate(path); err != nil {
		return nil, nil, err
	}
	s := &sink{
		file:     &lumberjack.Logger{Filename: path, MaxSize: MaxSizeMiB, MaxBackups: Keep},
		fallback: fallback,
	}
	h := slog.NewJSONHandler(s, &slog.HandlerOptions{Level: level})
	return slog.New(NewRedactor(h)), s, nil
}

// makePrivate creates the log file, or narrows an existing one, to mode
// 0600. lumberjack creates a missing file 0600 but gives the file it starts
// after a rotation the mode of the one rotated away, so a log file made
// readable to others would stay so through every rotation.
func makePrivate(path string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("open log file: %w", err)
	}
	err = f.Chmod(0o600)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("open log file: %w", err)
	}
	return nil
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

// Package datadir decides where PassDesk keeps its data.
package datadir

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"

	"passdesk/backend/buildinfo"
)

// EnvVar overrides the data folder, like the --data-dir flag.
const EnvVar = "PASSDESK_DATA_DIR"

// Resolve returns the data folder: flagValue if given, else $PASSDESK_DATA_DIR,
// else the operating system's per-user data folder with a PassDesk subfolder.
func Resolve(flagValue string) (string, error) {
	return resolve(flagValue, os.Getenv, runtime.GOOS, os.UserHomeDir)
}

func resolve(flagValue string, getenv func(string) string, goos string, home func() (string, error)) (string, error) {
	if flagValue != "" {
		return filepath.Abs(flagValue)
	}
	if v := getenv(EnvVar); v != "" {
		return filepath.Abs(v)
	}
	name := buildinfo.ProductName
	switch goos {
	case "windows":
		if v := getenv("LOCALAPPDATA"); v != "" {
			return filepath.Join(v, name), nil
		}
		return "", errors.New("%LOCALAPPDATA% is not set: use --data-dir")
	case "darwin":
		h, err := home()
		if err != nil {
			return "", err
		}
		return filepath.Join(h, "Library", "Application Support", name), nil
	default:
		if v := getenv("XDG_DATA_HOME"); v != "" && filepath.IsAbs(v) {
			return filepath.Join(v, name), nil
		}
		h, err := home()
		if err != nil {
			return "", err
		}
		return filepath.Join(h, ".local", "share", name), nil
	}
}

// Canonical is the data folder as names derived from it (the control
// channel's socket or pipe, the single-instance lock) see it: cleaned, with
// symbolic links resolved (on Windows also the case of each name as
// stored), so that two processes that spell one folder differently —
// through a symlink, macOS's /tmp for /private/tmp — meet at one name. A
// folder that cannot be resolved is only cleaned.
func Canonical(dir string) string {
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		return real
	}
	return filepath.Clean(dir)
}

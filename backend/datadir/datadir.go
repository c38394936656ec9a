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

//go:build windows

package startupdialog

import (
	"strings"

	"golang.org/x/sys/windows"
)

// show uses MessageBoxW, which needs no window of the app's own. A GUI
// program on Windows has no console, so this is the only place the
// message is seen.
func show(title, body string) error {
	t, err := windows.UTF16PtrFromString(strings.ReplaceAll(title, "\x00", ""))
	if err != nil {
		return err
	}
	b, err := windows.UTF16PtrFromString(strings.ReplaceAll(body, "\x00", ""))
	if err != nil {
		return err
	}
	_, err = windows.MessageBox(0, b, t, windows.MB_OK|windows.MB_ICONERROR|windows.MB_SETFOREGROUND|windows.MB_TOPMOST)
	return err
}

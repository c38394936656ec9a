//go:build linux && cgo

package startupdialog

/*
#cgo pkg-config: gtk+-3.0
#include <stdlib.h>
#include <gtk/gtk.h>

// show_error runs a modal GTK error dialog until it is dismissed. It
// returns 0 when GTK cannot reach the display.
static int show_error(const char *title, const char *body) {
	if (!gtk_init_check(NULL, NULL)) {
		return 0;
	}
	GtkWidget *dialog = gtk_message_dialog_new(NULL, 0, GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", title);
	gtk_message_dialog_format_secondary_text(GTK_MESSAGE_DIALOG(dialog), "%s", body);
	gtk_window_set_title(GTK_WINDOW(dialog), title);
	gtk_window_set_position(GTK_WINDOW(dialog), GTK_WIN_POS_CENTER);
	gtk_window_set_keep_above(GTK_WINDOW(dialog), TRUE);
	gtk_dialog_set_default_response(GTK_DIALOG(dialog), GTK_RESPONSE_CLOSE);
	gtk_dialog_run(GTK_DIALOG(dialog));
	gtk_widget_destroy(dialog);
	// Let the window actually disappear before the process ends.
	while (gtk_events_pending()) {
		gtk_main_iteration();
	}
	return 1;
}
*/
import "C"

import (
	"os"
	"os/exec"
	"runtime"
	"syscall"
	"unsafe"
)

// childEnv marks a copy of the program started only to show the dialog,
// with the title and text as its two arguments.
const childEnv = "PASSDESK_ERROR_DIALOG"

// exitNoDisplay is the child's status when GTK cannot reach the display.
const exitNoDisplay = 3

// The dialog runs in a fresh copy of the program: after Wails has run
// once (the hand-over to another window, app_desktop.go's handOff), its
// leftover GTK idle callbacks would fire inside the dialog's main loop and
// touch its destroyed web view. A process without them is the only clean
// GTK. This is that copy's whole life, before main.
func init() {
	if os.Getenv(childEnv) == "" || len(os.Args) != 3 {
		return
	}
	runtime.LockOSThread() // GTK's thread
	title, body := C.CString(os.Args[1]), C.CString(os.Args[2])
	defer C.free(unsafe.Pointer(title))
	defer C.free(unsafe.Pointer(body))
	if C.show_error(title, body) == 0 {
		os.Exit(exitNoDisplay)
	}
	os.Exit(0)
}

// show needs an X11 or Wayland display; GTK is linked anyway for the web
// view. The copy dies with this process (a signal's exit must not leave
// the dialog behind).
func show(title, body string) error {
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return errNoDesktop
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.Command(exe, title, body)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	err = cmd.Run()
	if cmd.ProcessState != nil && cmd.ProcessState.ExitCode() == exitNoDisplay {
		return errNoDesktop
	}
	return err
}

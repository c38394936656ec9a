//go:build linux && cgo

package startupdialog

/*
#cgo pkg-config: gtk+-3.0
#include <stdlib.h>
#include <gtk/gtk.h>

// show_error runs a modal GTK error dialog until it is dismissed. It
// returns 0 when GTK cannot reach the display. One C call, so GTK is used
// from a single thread throughout.
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
	// Let the window actually disappear before the process goes on.
	while (gtk_events_pending()) {
		gtk_main_iteration();
	}
	return 1;
}
*/
import "C"

import (
	"os"
	"unsafe"
)

// show needs an X11 or Wayland display; GTK is linked anyway for the web
// view.
func show(title, body string) error {
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return errNoDesktop
	}
	ctitle, cbody := C.CString(title), C.CString(body)
	defer C.free(unsafe.Pointer(ctitle))
	defer C.free(unsafe.Pointer(cbody))
	if C.show_error(ctitle, cbody) == 0 {
		return errNoDesktop
	}
	return nil
}

//go:build linux && cgo && !bindings

// Not built when generating bindings: `wails generate module` ignores
// wails.json's build tags and would look for WebKitGTK 4.0.

package main

/*
#cgo webkit2_41 pkg-config: webkit2gtk-4.1
#cgo !webkit2_41 pkg-config: webkit2gtk-4.0
#include <webkit2/webkit2.h>

// GTK's own setting, read before PassDesk first changes it: what "system" gives back.
static gboolean gtk_dark_read = FALSE;
static gboolean gtk_dark_own = FALSE;

// 0 light, 1 dark, 2 GTK's own setting. Runs on GTK's main loop (g_idle_add).
static gboolean apply_prefer_dark(gpointer data) {
	GtkSettings *settings = gtk_settings_get_default();
	if (settings == NULL) return G_SOURCE_REMOVE;
	if (!gtk_dark_read) {
		g_object_get(settings, "gtk-application-prefer-dark-theme", &gtk_dark_own, NULL);
		gtk_dark_read = TRUE;
	}
	int want = GPOINTER_TO_INT(data);
	g_object_set(settings, "gtk-application-prefer-dark-theme", want == 2 ? gtk_dark_own : want == 1, NULL);
	return G_SOURCE_REMOVE;
}

static void prefer_dark(int want) { g_idle_add(apply_prefer_dark, GINT_TO_POINTER(want)); }
*/
import "C"

import "fmt"

// webviewVersion is the WebKitGTK library actually loaded (not the one
// built against), which is what a rendering bug report needs.
func webviewVersion() string {
	return fmt.Sprintf("WebKitGTK %d.%d.%d",
		uint(C.webkit_get_major_version()), uint(C.webkit_get_minor_version()), uint(C.webkit_get_micro_version()))
}

// followTheme draws GTK's own widgets light or dark with the theme chosen in
// PassDesk: WebKitGTK opens a <select>'s list as a GTK menu, which follows
// GTK's setting, not the page's color-scheme (a white list under the dark
// theme). "system" gives GTK its own setting back. Safe from any goroutine:
// the change runs on GTK's main loop.
func followTheme(theme string) {
	want := 2
	switch theme {
	case "light":
		want = 0
	case "dark":
		want = 1
	}
	C.prefer_dark(C.int(want))
}

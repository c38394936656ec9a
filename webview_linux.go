//go:build linux && cgo && !bindings

// Not built when generating bindings: `wails generate module` ignores
// wails.json's build tags and would look for WebKitGTK 4.0.

package main

/*
#cgo webkit2_41 pkg-config: webkit2gtk-4.1
#cgo !webkit2_41 pkg-config: webkit2gtk-4.0
#include <webkit2/webkit2.h>
*/
import "C"

import "fmt"

// webviewVersion is the WebKitGTK library actually loaded (not the one
// built against), which is what a rendering bug report needs.
func webviewVersion() string {
	return fmt.Sprintf("WebKitGTK %d.%d.%d",
		uint(C.webkit_get_major_version()), uint(C.webkit_get_minor_version()), uint(C.webkit_get_micro_version()))
}

//go:build !windows && (!(linux && cgo) || bindings)

package main

// webviewVersion is not looked up on macOS (WKWebView follows the system's
// Safari) or in builds without cgo.
func webviewVersion() string { return "" }

// followTheme has nothing to do here: the webview draws a <select>'s list
// in the page's color-scheme.
func followTheme(string) {}

//go:build !windows && (!(linux && cgo) || bindings)

package main

// webviewVersion is not looked up on macOS (WKWebView follows the system's
// Safari) or in builds without cgo.
func webviewVersion() string { return "" }

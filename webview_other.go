//go:build !windows && !(linux && cgo)

package main

// webviewVersion is not looked up on macOS (WKWebView follows the system's
// Safari) or in builds without cgo.
func webviewVersion() string { return "" }

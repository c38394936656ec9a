//go:build windows

package main

import "github.com/wailsapp/go-webview2/webviewloader"

// webviewVersion is the installed WebView2 runtime's version.
func webviewVersion() string {
	v, err := webviewloader.GetAvailableCoreWebView2BrowserVersionString("")
	if err != nil || v == "" {
		return "WebView2 unknown"
	}
	return "WebView2 " + v
}

// followTheme has nothing to do on Windows: WebView2 draws a <select>'s
// list in the page's color-scheme.
func followTheme(string) {}

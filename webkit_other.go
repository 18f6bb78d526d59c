//go:build !linux || !webkit2_41

package main

// setupWebKit tunes WebKitGTK's memory use on Linux (webkit_linux.go); the other platforms'
// web views (WebView2, WKWebView) have no such settings in Wails.
func setupWebKit() {}

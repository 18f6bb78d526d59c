//go:build linux && webkit2_41

package main

import (
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"
)

// The window's WebKit is set up for memory (issue 10, app_memory_growth): JavaScriptCore's
// mini mode for the web process it starts, unless the environment already chose, a document
// viewer's cache model once GTK's main loop runs, and memory pressure settings on the web
// context WebKit makes for the web view.
func TestSetupWebKitForMemory(t *testing.T) {
	// GTK needs a display: a private Xvfb.
	if _, err := exec.LookPath("Xvfb"); err != nil {
		t.Skip("no Xvfb (scripts/setup.sh installs it)")
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	x := exec.Command("Xvfb", "-displayfd", "3", "-nolisten", "tcp")
	x.ExtraFiles = []*os.File{w}
	if err := x.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = x.Process.Kill(); _ = x.Wait() })
	w.Close()
	buf := make([]byte, 16)
	n, err := r.Read(buf)
	if err != nil {
		t.Fatalf("Xvfb did not report its display: %v", err)
	}
	t.Setenv("DISPLAY", ":"+strings.TrimSpace(string(buf[:n])))
	t.Setenv("GDK_BACKEND", "x11")

	runtime.LockOSThread() // GTK and WebKit stay on the thread that set them up
	defer runtime.UnlockOSThread()
	if !gtkInit() {
		t.Fatal("gtk_init_check failed on the private Xvfb")
	}
	t.Setenv(jscMiniMode, "false")
	setupWebKit()
	if got := os.Getenv(jscMiniMode); got != "false" {
		t.Errorf("a %s set outside was replaced: %q", jscMiniMode, got)
	}
	_ = os.Unsetenv(jscMiniMode)
	setupWebKit()
	if got := os.Getenv(jscMiniMode); got != "true" {
		t.Errorf("%s = %q, want true", jscMiniMode, got)
	}
	for end := time.Now().Add(5 * time.Second); !webkitCacheModelIsDocumentViewer(); {
		if time.Now().After(end) {
			t.Fatal("the web context keeps WebKit's default cache model (web browser), want document viewer")
		}
		gtkIterate()
	}
	// The default context (the one Wails' web view uses) was made with the settings.
	if n := webkitPressureApplied(); n != 1 {
		t.Errorf("web contexts made with the memory pressure settings: %d, want 1 (the default)", n)
	}
}

//go:build linux && webkit2_41

package main

/*
#cgo linux pkg-config: gtk+-3.0 webkit2gtk-4.1
#include <gtk/gtk.h>
#include <webkit2/webkit2.h>

static gboolean plantel_webkit_setup(gpointer data) {
	webkit_web_context_set_cache_model(webkit_web_context_get_default(), WEBKIT_CACHE_MODEL_DOCUMENT_VIEWER);
	return G_SOURCE_REMOVE;
}

// Runs plantel_webkit_setup on the thread of GTK's main loop, once it runs (g_idle_add may be
// called from any thread, before GTK is set up).
static void plantel_webkit_setup_later(void) {
	g_idle_add(plantel_webkit_setup, NULL);
}

static int plantel_webkit_cache_model_is_viewer(void) {
	return webkit_web_context_get_cache_model(webkit_web_context_get_default()) == WEBKIT_CACHE_MODEL_DOCUMENT_VIEWER;
}

static int plantel_gtk_init(void) { return gtk_init_check(NULL, NULL); }
static void plantel_main_iteration(void) { g_main_context_iteration(NULL, FALSE); }
*/
import "C"

import "os"

// jscMiniMode is the JavaScriptCore option that makes the window's web process grow its
// JavaScript heap by 1.27× its live size between full collections instead of 2× (JSC's "mini
// VM" mode, which keeps the JIT). The web process is started by this one and inherits its
// environment; a value already set is left alone.
const jscMiniMode = "JSC_forceMiniVMMode"

// setupWebKit tunes the window's WebKit for memory; called before wails.Run (issue 10,
// app_memory_growth: plantel-bench --window, README "Performance"):
//   - the cache model of a document viewer: the app shows one local page and never navigates,
//     so WebKit's memory cache of resources no page uses any more and its page cache of pages
//     left only cost memory (the web browser's model, WebKit's default, keeps both). Set from
//     GTK's main loop, the thread WebKit runs on, once Wails has started it;
//   - JavaScriptCore's mini mode (jscMiniMode): a walk through the users list leaves mostly
//     garbage between collections, and at 2× the heap kept ~15–20 MB more.
func setupWebKit() {
	if _, set := os.LookupEnv(jscMiniMode); !set {
		_ = os.Setenv(jscMiniMode, "true")
	}
	C.plantel_webkit_setup_later()
}

// For tests: GTK set up (false without a display), one turn of its main loop, and whether the
// web context has a document viewer's cache model.
func gtkInit() bool                          { return C.plantel_gtk_init() != 0 }
func gtkIterate()                            { C.plantel_main_iteration() }
func webkitCacheModelIsDocumentViewer() bool { return C.plantel_webkit_cache_model_is_viewer() != 0 }

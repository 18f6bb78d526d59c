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

// Memory pressure settings for the web process: WebKitWebContext takes them only as a
// construct property, and Wails makes its web view on the default context, which WebKit
// creates with none. The class's constructor is wrapped to fill them in when the caller gave
// none. Must run on the thread GTK runs on (class set-up starts WebKit), before the web view.
static GObject *(*plantel_context_parent_constructor)(GType, guint, GObjectConstructParam *);
static WebKitMemoryPressureSettings *plantel_pressure;
static int plantel_pressure_applied;

static GObject *plantel_context_constructor(GType type, guint n, GObjectConstructParam *params) {
	for (guint i = 0; i < n; i++) {
		if (g_strcmp0(g_param_spec_get_name(params[i].pspec), "memory-pressure-settings") == 0 &&
			g_value_get_boxed(params[i].value) == NULL) {
			g_value_set_boxed(params[i].value, plantel_pressure);
			plantel_pressure_applied++;
		}
	}
	return plantel_context_parent_constructor(type, n, params);
}

static void plantel_webkit_memory_pressure(guint limit_mb, double conservative, double strict, double poll_s) {
	if (plantel_pressure != NULL)
		return;
	plantel_pressure = webkit_memory_pressure_settings_new();
	webkit_memory_pressure_settings_set_memory_limit(plantel_pressure, limit_mb);
	webkit_memory_pressure_settings_set_strict_threshold(plantel_pressure, strict);
	webkit_memory_pressure_settings_set_conservative_threshold(plantel_pressure, conservative);
	webkit_memory_pressure_settings_set_poll_interval(plantel_pressure, poll_s);
	GObjectClass *cls = G_OBJECT_CLASS(g_type_class_ref(WEBKIT_TYPE_WEB_CONTEXT));
	plantel_context_parent_constructor = cls->constructor;
	cls->constructor = plantel_context_constructor;
}

static int plantel_webkit_pressure_applied(void) { return plantel_pressure_applied; }

static int plantel_gtk_init(void) { return gtk_init_check(NULL, NULL); }
static void plantel_main_iteration(void) { g_main_context_iteration(NULL, FALSE); }
*/
import "C"

import (
	"os"
	"runtime"
)

// jscMiniMode is the JavaScriptCore option that makes the window's web process grow its
// JavaScript heap by 1.27× its live size between full collections instead of 2× (JSC's "mini
// VM" mode, which keeps the JIT). The web process is started by this one and inherits its
// environment; a value already set is left alone.
const jscMiniMode = "JSC_forceMiniVMMode"

// The web process's memory pressure settings (WebKitMemoryPressureSettings): every
// pressurePollSeconds it compares its own memory with fractions of pressureLimitMB; over the
// conservative one it drops caches it can rebuild (styles, fonts, decoded images, dead
// resources), over the strict one it also collects garbage and drops compiled code. WebKit's
// defaults (a 3 GB limit, 0.33 and 0.5, checked every 30 s) never act on this app's window,
// whose web process holds ~50 MB of its own at the sign-in page and ~110 MB on the users list.
// plantel-bench --window, same data, interleaved runs: the anonymous growth +69–73 MB →
// +48–53 MB in three runs of four; a page of the list's walk ~10–15% slower at load 9, alike at
// load 14–18 (README, "Performance"). Checked every 3 s rather than every second: a window left
// on the users list then spends 70 ms of CPU in 9 s untouched instead of 120 ms (10 ms without
// the settings), for the same growth (58.9 MB against 53.7–64.1 MB, load 2–4). The strict
// threshold at 0.5 (60 MB) rather than 0.7: the web process's part of a 201-page walk went
// +37/+37/+42 → +28/+31/+29 MB (three interleaved runs each), at the cost of the users list's
// first rows after sign-in (93 → 157 ms median, 10 starts each: the code it drops is compiled
// again) and ~5% on a page turn; app_start 1.14 → 1.12 s median.
const (
	pressureLimitMB      = 120
	pressureConservative = 0.3
	pressureStrict       = 0.5
	pressurePollSeconds  = 3
)

// setupWebKit tunes the window's WebKit for memory; called before wails.Run (issue 10,
// app_memory_growth: plantel-bench --window, README "Performance"):
//   - the cache model of a document viewer: the app shows one local page and never navigates,
//     so WebKit's memory cache of resources no page uses any more and its page cache of pages
//     left only cost memory (the web browser's model, WebKit's default, keeps both). Set from
//     GTK's main loop, the thread WebKit runs on, once Wails has started it;
//   - JavaScriptCore's mini mode (jscMiniMode): a walk through the users list leaves mostly
//     garbage between collections, and at 2× the heap kept ~15–20 MB more;
//   - the web process's memory pressure settings (pressureLimitMB), given to the web context
//     WebKit creates for Wails' web view.
//
// It must run on the thread GTK will run on (see init), before wails.Run makes the web view.
func setupWebKit() {
	if _, set := os.LookupEnv(jscMiniMode); !set {
		_ = os.Setenv(jscMiniMode, "true")
	}
	C.plantel_webkit_memory_pressure(C.guint(pressureLimitMB), C.double(pressureConservative),
		C.double(pressureStrict), C.double(pressurePollSeconds))
	C.plantel_webkit_setup_later()
}

// webkitPressureApplied is how many web contexts were made with the settings filled in.
func webkitPressureApplied() int { return int(C.plantel_webkit_pressure_applied()) }

// For tests: GTK set up (false without a display), one turn of its main loop, and whether the
// web context has a document viewer's cache model.
func gtkInit() bool                          { return C.plantel_gtk_init() != 0 }
func gtkIterate()                            { C.plantel_main_iteration() }
func webkitCacheModelIsDocumentViewer() bool { return C.plantel_webkit_cache_model_is_viewer() != 0 }

// GTK and WebKit belong to the thread that first uses them: the main goroutine stays on the
// process's main thread, where setupWebKit and then wails.Run (which locks it too) run.
func init() { runtime.LockOSThread() }

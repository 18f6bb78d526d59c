package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"
)

// Runtime is the part of the Wails runtime the services use. It sits behind this
// interface because calling a Wails runtime function with a context that did not come
// from Wails kills the process: tests pass NopRuntime or ScriptedRuntime instead.
type Runtime interface {
	// Emit sends an event to the window (progress of long work, session ended...).
	Emit(ctx context.Context, name string, data ...any)
	// SaveFile asks where to save a file with the native save dialog; "" means the user
	// cancelled.
	SaveFile(ctx context.Context, title, defaultName string, filters ...FileFilter) (string, error)
	// OpenFile asks for a file to open with the native open dialog; "" means the user
	// cancelled.
	OpenFile(ctx context.Context, title string, filters ...FileFilter) (string, error)
}

// FileFilter is one entry of a file dialog's type list, e.g. {"CSV", "*.csv"}; Pattern
// may list several globs separated by ";".
type FileFilter struct {
	DisplayName string
	Pattern     string
}

// WailsRuntime is the real runtime, used by main.
type WailsRuntime struct{}

// Emit forwards to runtime.EventsEmit.
func (WailsRuntime) Emit(ctx context.Context, name string, data ...any) {
	wruntime.EventsEmit(ctx, name, data...)
}

// SaveFile opens the native save dialog.
func (WailsRuntime) SaveFile(ctx context.Context, title, defaultName string, filters ...FileFilter) (string, error) {
	return wruntime.SaveFileDialog(ctx, wruntime.SaveDialogOptions{Title: title, DefaultFilename: defaultName,
		Filters: wailsFilters(filters), CanCreateDirectories: true})
}

// OpenFile opens the native open dialog.
func (WailsRuntime) OpenFile(ctx context.Context, title string, filters ...FileFilter) (string, error) {
	return wruntime.OpenFileDialog(ctx, wruntime.OpenDialogOptions{Title: title, Filters: wailsFilters(filters)})
}

func wailsFilters(fs []FileFilter) []wruntime.FileFilter {
	out := make([]wruntime.FileFilter, len(fs))
	for i, f := range fs {
		out[i] = wruntime.FileFilter{DisplayName: f.DisplayName, Pattern: f.Pattern}
	}
	return out
}

// NopRuntime drops events and cancels every dialog; for tests and headless use.
type NopRuntime struct{}

// Emit does nothing.
func (NopRuntime) Emit(context.Context, string, ...any) {}

// SaveFile answers as if the user cancelled.
func (NopRuntime) SaveFile(context.Context, string, string, ...FileFilter) (string, error) {
	return "", nil
}

// OpenFile answers as if the user cancelled.
func (NopRuntime) OpenFile(context.Context, string, ...FileFilter) (string, error) { return "", nil }

// EnvDialogDir is the environment variable that makes the app answer its file dialogs
// from a directory instead of opening them (RuntimeFromEnv), for end-to-end tests that
// drive the real window: a save dialog answers DIR/<proposed file name>; an open dialog
// answers DIR/<name> when the file DIR/.open holds that name, otherwise the newest file
// in DIR that matches the dialog's filters. Events still reach the window.
const EnvDialogDir = "PLANTEL_E2E_DIALOG_DIR"

// RuntimeFromEnv returns real, or a ScriptedRuntime around it when PLANTEL_E2E_DIALOG_DIR
// is set. main builds its Core with RuntimeFromEnv(WailsRuntime{}).
func RuntimeFromEnv(real Runtime) Runtime {
	if dir := os.Getenv(EnvDialogDir); dir != "" {
		return NewScriptedRuntime(dir, real)
	}
	return real
}

// Event is an event a ScriptedRuntime saw.
type Event struct {
	Name string
	Data []any
}

// ScriptedRuntime answers file dialogs without a window, from preset answers or a
// directory (see EnvDialogDir), and records the events emitted, passing them on to an
// inner runtime when it has one. Safe for concurrent use.
type ScriptedRuntime struct {
	dir   string
	inner Runtime

	mu      sync.Mutex
	answers []string
	events  []Event
}

// NewScriptedRuntime answers dialogs from dir and forwards events to inner (nil: none).
func NewScriptedRuntime(dir string, inner Runtime) *ScriptedRuntime {
	return &ScriptedRuntime{dir: dir, inner: inner}
}

// Answer queues the answers of the next dialogs, in order; "" answers "cancelled".
// Queued answers come before the directory's.
func (r *ScriptedRuntime) Answer(paths ...string) {
	r.mu.Lock()
	r.answers = append(r.answers, paths...)
	r.mu.Unlock()
}

// Events returns the events emitted so far.
func (r *ScriptedRuntime) Events() []Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Event(nil), r.events...)
}

// Emit records the event and forwards it.
func (r *ScriptedRuntime) Emit(ctx context.Context, name string, data ...any) {
	r.mu.Lock()
	r.events = append(r.events, Event{Name: name, Data: data})
	r.mu.Unlock()
	if r.inner != nil {
		r.inner.Emit(ctx, name, data...)
	}
}

func (r *ScriptedRuntime) next() (string, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.answers) == 0 {
		return "", false
	}
	a := r.answers[0]
	r.answers = r.answers[1:]
	return a, true
}

// SaveFile answers the next queued answer, or DIR/<defaultName>.
func (r *ScriptedRuntime) SaveFile(_ context.Context, _, defaultName string, _ ...FileFilter) (string, error) {
	if a, ok := r.next(); ok {
		return a, nil
	}
	if r.dir == "" {
		return "", nil
	}
	return filepath.Join(r.dir, filepath.Base(defaultName)), nil
}

// OpenFile answers the next queued answer, or the file DIR/.open names, or the newest file
// in DIR matching filters; "" (cancelled) when there is none.
func (r *ScriptedRuntime) OpenFile(_ context.Context, _ string, filters ...FileFilter) (string, error) {
	if a, ok := r.next(); ok {
		return a, nil
	}
	if r.dir == "" {
		return "", nil
	}
	if b, err := os.ReadFile(filepath.Join(r.dir, ".open")); err == nil {
		if name := strings.TrimSpace(string(b)); name != "" {
			return filepath.Join(r.dir, filepath.Base(name)), nil
		}
	}
	entries, err := os.ReadDir(r.dir)
	if err != nil {
		return "", nil
	}
	var best string
	var bestTime time.Time
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") || !matchesFilters(e.Name(), filters) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		if best == "" || info.ModTime().After(bestTime) {
			best, bestTime = e.Name(), info.ModTime()
		}
	}
	if best == "" {
		return "", nil
	}
	return filepath.Join(r.dir, best), nil
}

// matchesFilters reports whether name matches one of the filters' globs (no filters: all).
func matchesFilters(name string, filters []FileFilter) bool {
	if len(filters) == 0 {
		return true
	}
	for _, f := range filters {
		for _, glob := range strings.Split(f.Pattern, ";") {
			if ok, _ := filepath.Match(strings.ToLower(strings.TrimSpace(glob)), strings.ToLower(name)); ok {
				return true
			}
		}
	}
	return false
}

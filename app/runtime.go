package app

import (
	"context"

	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"
)

// Runtime is the part of the Wails runtime the services use. It sits behind this
// interface because calling a Wails runtime function with a context that did not come
// from Wails kills the process: tests pass NopRuntime instead.
type Runtime interface {
	// Emit sends an event to the window (progress of long work, session ended...).
	Emit(ctx context.Context, name string, data ...any)
}

// WailsRuntime is the real runtime, used by main.
type WailsRuntime struct{}

// Emit forwards to runtime.EventsEmit.
func (WailsRuntime) Emit(ctx context.Context, name string, data ...any) {
	wruntime.EventsEmit(ctx, name, data...)
}

// NopRuntime drops everything; for tests and headless use.
type NopRuntime struct{}

// Emit does nothing.
func (NopRuntime) Emit(context.Context, string, ...any) {}

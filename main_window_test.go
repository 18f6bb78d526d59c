package main

import (
	"testing"

	"github.com/rs/zerolog"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
)

// --ui-timing (the bench's window driver) is read among the other flags and is off by default.
func TestParseFlagsUITiming(t *testing.T) {
	for _, c := range []struct {
		args []string
		on   bool
	}{
		{[]string{"--data-dir", "/tmp/x"}, false},
		{[]string{"--data-dir", "/tmp/x", "--ui-timing"}, true},
		{[]string{"-assetdir", "dist", "--ui-timing", "--data-dir", "/tmp/x"}, true},
	} {
		cfg, err := parseFlags(c.args)
		if err != nil || cfg.uiTiming != c.on || cfg.dataDir != "/tmp/x" {
			t.Errorf("%v: %+v, %v", c.args, cfg, err)
		}
	}
}

// The web view runs without GPU compositing on Linux: with it, the WebKit process held about
// 145 MB more on the users list and spent more CPU before its first paint (issue 10).
func TestWindowHasNoGPUCompositing(t *testing.T) {
	o := windowOptions(zerolog.Nop(), nil, nil, nil, nil)
	if o.Linux == nil || o.Linux.WebviewGpuPolicy != linux.WebviewGpuPolicyNever || o.Linux.ProgramName != "plantel" {
		t.Fatalf("linux options: %+v", o.Linux)
	}
}

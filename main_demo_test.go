package main

import "testing"

// TestParseFlagsDemo: --demo is read among Wails' own development flags.
func TestParseFlagsDemo(t *testing.T) {
	cases := []struct {
		args []string
		demo bool
	}{
		{[]string{"--data-dir", "/tmp/x"}, false},
		{[]string{"--demo", "--data-dir", "/tmp/x"}, true},
		{[]string{"-assetdir", "dist", "--demo", "--data-dir", "/tmp/x"}, true},
	}
	for _, c := range cases {
		cfg, err := parseFlags(c.args)
		if err != nil {
			t.Fatalf("%v: %v", c.args, err)
		}
		if cfg.demo != c.demo || cfg.dataDir != "/tmp/x" {
			t.Errorf("%v: %+v", c.args, cfg)
		}
	}
}

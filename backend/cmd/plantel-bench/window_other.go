//go:build !linux

package main

import (
	"errors"
	"io"
)

// windowConfig is the --window flags (the window driver runs on Linux: Xvfb, xdotool, /proc).
type windowConfig struct {
	Bin, Data, Login, Password string
	Runs, Pages                int
}

func runWindow(windowConfig, string, io.Writer) (map[string]Result, error) {
	return nil, errors.New("--window runs on Linux only (Xvfb, xdotool, /proc)")
}

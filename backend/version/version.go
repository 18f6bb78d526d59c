// Package version is the one place the application's version comes from: the desktop app,
// the sync server and the packages read it. Release builds set the variables with
//
//	-ldflags "-X github.com/plantel/plantel/backend/version.Version=1.2.0
//	          -X github.com/plantel/plantel/backend/version.Commit=$(git rev-parse --short HEAD)
//	          -X github.com/plantel/plantel/backend/version.Date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
//
// (the Makefile does). A build without them says "dev".
package version

import (
	"fmt"
	"runtime/debug"
)

// Set at build time with -ldflags -X.
var (
	Version = "0.1.0-dev"
	Commit  = ""
	Date    = ""
)

func init() {
	// go build stamps the VCS revision; use it when the Makefile did not set Commit.
	if Commit != "" {
		return
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if len(s.Value) > 12 {
					Commit = s.Value[:12]
				} else {
					Commit = s.Value
				}
			case "vcs.time":
				if Date == "" {
					Date = s.Value
				}
			}
		}
	}
}

// String is the one-line version text of --version: "plantel 1.2.0 (commit abc123, built 2026-12-06T07:00:00Z)".
func String(program string) string {
	c, d := Commit, Date
	if c == "" {
		c = "unknown"
	}
	if d == "" {
		d = "unknown"
	}
	return fmt.Sprintf("%s %s (commit %s, built %s)", program, Version, c, d)
}

//go:build !dev

package main

// devMode is true in development builds (-tags dev): console logging and debug level.
const devMode = false

// syncCopyFrom is 0 in release builds: a joining workstation downloads the organization's
// copy from plsync.DefaultCopyFrom changes on (PLANTEL_SYNC_COPY_FROM is read only in dev
// builds, devmode_dev.go).
func syncCopyFrom() int64 { return 0 }

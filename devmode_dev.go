//go:build dev

package main

import (
	"os"
	"strconv"

	plsync "github.com/plantel/plantel/backend/sync"
)

const devMode = true

// SyncCopyFromEnv lowers, in dev builds only, the server head (changes) from which a joining
// workstation downloads the organization's ready copy, so that a small organization goes
// through it (frontend/e2e/synccopy-test.mjs). Only a whole number between 1 and
// plsync.DefaultCopyFrom lowers it; anything else leaves the default.
const SyncCopyFromEnv = "PLANTEL_SYNC_COPY_FROM"

func syncCopyFrom() int64 {
	n, err := strconv.ParseInt(os.Getenv(SyncCopyFromEnv), 10, 64)
	if err != nil || n < 1 || n >= plsync.DefaultCopyFrom {
		return 0
	}
	return n
}

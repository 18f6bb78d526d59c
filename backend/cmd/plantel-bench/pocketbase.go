package main

import (
	"context"
	"io"
)

// runPocketBase adds pocketbase_same_list when the separate module bench/pocketbase is
// available (not yet: see the README's Performance section).
func runPocketBase(ctx context.Context, sz Size, dir string, res map[string]Result, order []string, log io.Writer) (map[string]Result, []string) {
	return res, order
}

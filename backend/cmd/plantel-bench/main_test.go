package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBenchSmoke runs every operation of the bench once on a tiny dataset and checks the
// table and bench/results.json a run leaves: one entry per operation with its figures,
// target and verdict, so `make bench` keeps working as the code under it changes.
func TestBenchSmoke(t *testing.T) {
	if raceOn {
		t.Skip("too slow under the race detector; scripts/test.sh runs it without (NO_RACE_TESTS)")
	}
	out := filepath.Join(t.TempDir(), "bench", "results.json")
	var stdout, log bytes.Buffer
	if err := benchMain(context.Background(), TinySize, out, false, &stdout, &log); err != nil {
		t.Fatalf("bench: %v\n%s", err, log.String())
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var res map[string]map[string]any
	if err := json.Unmarshal(b, &res); err != nil {
		t.Fatalf("results.json: %v", err)
	}
	ops := []string{"dataset_build", "db_bytes"}
	for _, op := range append(benchOps(), SyncOps...) {
		ops = append(ops, op.Name)
	}
	if len(SyncOps) != 2 {
		t.Errorf("SyncOps: %d operations, want sync_initial_pull and sync_one_change", len(SyncOps))
	}
	table := stdout.String()
	header := strings.SplitN(table, "\n", 2)[0]
	for _, col := range []string{"operation", "median", "p95", "bare median", "ratio", "target", "verdict"} {
		if !strings.Contains(header, col) {
			t.Errorf("table header %q lacks %q", header, col)
		}
	}
	for _, name := range ops {
		r, ok := res[name]
		if !ok {
			t.Errorf("results.json has no %s", name)
			continue
		}
		if !strings.Contains(table, name) {
			t.Errorf("the table has no line for %s", name)
		}
		for _, k := range []string{"median_ms", "p95_ms", "bare_median_ms", "ratio", "target", "verdict"} {
			if _, ok := r[k]; !ok {
				t.Errorf("%s: no %s", name, k)
			}
		}
		if v := r["verdict"]; v != "pass" && v != "FAIL" && v != "n/a" {
			t.Errorf("%s: verdict %v", name, v)
		}
		if name == "pocketbase_same_list" { // not run at the tiny size (building PocketBase takes minutes)
			if r["verdict"] != "n/a" {
				t.Errorf("pocketbase_same_list at the tiny size: %v", r)
			}
			continue
		}
		if name == "db_bytes" {
			if r["bytes"].(float64) <= 0 || r["bare_bytes"].(float64) <= 0 {
				t.Errorf("db_bytes: %v", r)
			}
			continue
		}
		if r["median_ms"].(float64) <= 0 {
			t.Errorf("%s: median %v", name, r["median_ms"])
		}
	}
	// Every operation with a bare equivalent measured it.
	for _, name := range []string{"dataset_build", "user_list_search", "user_list_scroll", "client_list_search",
		"portfolio_transfer_100k", "portfolio_spread_10k", "import_users_10k", "audit_first_page"} {
		if r := res[name]; r["bare_median_ms"].(float64) <= 0 || r["ratio"].(float64) <= 0 {
			t.Errorf("%s: no bare figure: %v", name, r)
		}
	}
	// The sync operations ran for real: the whole dataset downloaded at a rate the table
	// shows, one change carried from A to B.
	if r := res["sync_initial_pull"]; r["rows_per_s"] == nil || r["rows_per_s"].(float64) <= 0 || r["target"] != "≥ 50,000 rows/s, ≤ 4× bare" ||
		r["bare_median_ms"] == nil || r["bare_median_ms"].(float64) <= 0 || r["ratio"].(float64) <= 0 {
		t.Errorf("sync_initial_pull: %v", r)
	}
	if !strings.Contains(table, "rows/s") {
		t.Errorf("the table shows no rate for sync_initial_pull:\n%s", table)
	}
	if r := res["sync_one_change"]; r["median_ms"].(float64) <= 0 || r["target"] != "p50 ≤ 50 ms" {
		t.Errorf("sync_one_change: %v", r)
	}
	// The login verifies a real argon2id hash: its time is the security setting's.
	if m := res["login"]["median_ms"].(float64); m < 5 {
		t.Errorf("login median %v ms: argon2id cannot be that fast", m)
	}
}

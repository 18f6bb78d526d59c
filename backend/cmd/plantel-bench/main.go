// Command plantel-bench measures Plantel at scale (issue #10): it builds a dataset with a
// fixed seed in a temporary data directory (100,000 users in 3 workspaces and 40 profiles,
// 400 teams, 200 campaigns, 1,000,000 clients, 200,000 follow-ups; --small is 10× smaller)
// through the write path and, batch by batch, with plain INSERTs into a second file of the
// same schema; then runs each operation through the same Go code the bound methods call,
// interleaved with the plainest SQLite statement doing the same work on the same file. It
// prints a table and writes bench/results.json (generated; not committed).
//
//	go run ./backend/cmd/plantel-bench [--small|--tiny] [--out bench/results.json] [--keep]
//	    [--build-only] [--cpuprofile FILE]
//	    [--window build/bin/plantel [--window-data DIR] [--window-runs 5] [--window-pages 0]]
//
// --window also measures app_start and app_memory_growth: it drives the production binary
// under a private Xvfb with xdotool (window.go); with --window-data it measures only those,
// on a kept data directory, and merges them into the results file.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"text/tabwriter"
	"time"
)

func main() {
	small := flag.Bool("small", false, "a 10× smaller dataset (10,000 users, 100,000 clients)")
	tiny := flag.Bool("tiny", false, "a very small dataset, every operation once (the smoke test's size)")
	out := flag.String("out", filepath.Join("bench", "results.json"), "where to write the figures")
	keep := flag.Bool("keep", false, "keep the temporary data directory (its path is printed)")
	flag.BoolVar(&buildOnly, "build-only", false, "stop after dataset_build and db_bytes (to compare or profile the write path)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the run to this file (go tool pprof)")
	flag.StringVar(&window.Bin, "window", "", "also measure app_start and app_memory_growth with this production binary (make linux: build/bin/plantel) under Xvfb")
	flag.StringVar(&window.Data, "window-data", "", "with --window: measure only the window, on this data directory (a --keep dataset), and merge into --out")
	flag.StringVar(&window.Login, "window-login", "owner", "with --window: the username to sign in with")
	flag.StringVar(&window.Password, "window-password", ownerPassword, "with --window: its password (the bench dataset's Owner by default)")
	flag.IntVar(&window.Runs, "window-runs", 5, "with --window: timed starts for app_start")
	flag.IntVar(&window.Pages, "window-pages", 0, "with --window: pages of the users list the memory run walks (0 = all)")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "plantel-bench:", err)
			os.Exit(1)
		}
		defer f.Close()
		defer pprof.StopCPUProfile()
	}
	sz := FullSize
	switch {
	case *tiny:
		sz = TinySize
	case *small:
		sz = SmallSize
	}
	if err := benchMain(context.Background(), sz, *out, *keep, os.Stdout, os.Stderr); err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, "plantel-bench:", err)
		os.Exit(1)
	}
}

// buildOnly (--build-only) stops a run after the dataset build: the product and bare
// write paths of two commits compare in a few minutes (interleave the runs: the machine's
// load moves), and --cpuprofile then shows the write path alone (pprof -focus 'store.*Write'
// against -focus bareInserter).
var buildOnly bool

// window is the --window flags: the production window's operations run when Bin is set.
var window windowConfig

func benchMain(ctx context.Context, sz Size, out string, keep bool, stdout, log io.Writer) error {
	dir, err := os.MkdirTemp("", "plantel-bench-")
	if err != nil {
		return err
	}
	if keep {
		fmt.Fprintln(log, "data directory:", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	start := time.Now()
	var res map[string]Result
	var order []string
	if window.Bin != "" && window.Data != "" {
		// Only the window, on a kept dataset: the other figures of the results file stay.
		dir, res = window.Data, map[string]Result{}
		if b, err := os.ReadFile(out); err == nil {
			_ = json.Unmarshal(b, &res)
		}
	} else if res, order, err = run(ctx, sz, dir, log); err != nil {
		return err
	}
	if window.Bin != "" {
		wres, err := runWindow(window, dir, log)
		if err != nil {
			return fmt.Errorf("window: %w", err)
		}
		for _, name := range []string{"app_start", "app_memory_growth"} {
			res[name] = wres[name]
			order = append(order, name)
		}
	}
	printTable(stdout, res, order)
	var missing []string
	for _, name := range notMeasured {
		if _, ok := res[name]; !ok {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		fmt.Fprintf(stdout, "\nnot measured by this build: %s (see the README's Performance section)\n", strings.Join(missing, ", "))
	}
	fmt.Fprintf(stdout, "\n%s dataset, whole run %s\n", sz.Name, time.Since(start).Round(time.Second))
	if out == "" {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	b, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(out, append(b, '\n'), 0o644)
}

// notMeasured are the operations a run may leave out: sync (the sync engineers add
// theirs to SyncOps), and the app's start and memory, which run only with --window (a
// production build under Xvfb).
var notMeasured = []string{"sync_initial_pull", "sync_one_change", "app_start", "app_memory_growth"}

func printTable(w io.Writer, res map[string]Result, order []string) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "operation\tmedian\tp95\tbare median\tratio\ttarget\tverdict\t")
	for _, name := range order {
		r := res[name]
		if r.Bytes > 0 {
			fmt.Fprintf(tw, "%s\t%s\t\t%s\t%.2f\t%s\t%s\t\n", name, mb(r.Bytes), mb(r.BareBytes), r.Ratio, r.Target, r.Verdict)
			continue
		}
		bare, ratio := "-", "-"
		if r.BareMedianMs > 0 {
			bare, ratio = fmt.Sprintf("%.1f ms", r.BareMedianMs), fmt.Sprintf("%.2f", r.Ratio)
		}
		med := fmt.Sprintf("%.1f ms", r.MedianMs)
		if r.RowsPerSec > 0 {
			med = fmt.Sprintf("%.0f rows/s", r.RowsPerSec)
		}
		fmt.Fprintf(tw, "%s\t%s\t%.1f ms\t%s\t%s\t%s\t%s\t\n", name, med, r.P95Ms, bare, ratio, r.Target, r.Verdict)
	}
	tw.Flush()
	fmt.Fprintln(w)
	for _, name := range order {
		if n := res[name].Note; n != "" {
			fmt.Fprintf(w, "%s: %s\n", name, n)
		}
	}
}

func mb(b int64) string { return fmt.Sprintf("%.1f MB", float64(b)/(1<<20)) }

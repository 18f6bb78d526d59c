package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// pocketBaseDir finds bench/pocketbase (its own Go module, so Plantel does not depend on
// PocketBase) from the working directory up; "" when it is not there.
func pocketBaseDir() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		p := filepath.Join(dir, "bench", "pocketbase")
		if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// opPocketBase is pocketbase_same_list: the user_list_search query through PocketBase's
// FindRecordsByFilter on the same people (loaded from this run's file by bench/pocketbase),
// then Plantel's list again right after; ratio = Plantel's median over PocketBase's.
// The tiny size (the smoke test) skips it: building PocketBase takes minutes.
func opPocketBase(ctx context.Context, e *Env) (Result, error) {
	dir := pocketBaseDir()
	if e.Size.Name == TinySize.Name || dir == "" {
		return Result{Verdict: "n/a", Note: "not run (tiny size, or bench/pocketbase not found)"}, nil
	}
	q := e.userSearchQuery()
	if _, err := e.Bare.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return Result{}, err
	}
	cmd := exec.CommandContext(ctx, "go", "run", ".", "--from", e.DB.Path(), "--profiles", q.Profiles[0]+","+q.Profiles[1],
		"--search", q.Search, "--reps", fmt.Sprint(e.Size.Reps))
	cmd.Dir = dir
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return Result{}, fmt.Errorf("bench/pocketbase: %v: %s", err, errOut.String())
	}
	var pb struct {
		MedianMs float64 `json:"median_ms"`
		P95Ms    float64 `json:"p95_ms"`
		People   int     `json:"people"`
		Found    int     `json:"found"`
	}
	if err := json.Unmarshal(out.Bytes(), &pb); err != nil {
		return Result{}, fmt.Errorf("bench/pocketbase printed %q: %w", out.String(), err)
	}
	r, err := measure(e.Size.Reps, func() error {
		_, err := e.Users.List(ctx, e.Owner, q)
		return err
	}, nil)
	if err != nil {
		return Result{}, err
	}
	r.BareMedianMs, r.Ratio = pb.MedianMs, r.MedianMs/pb.MedianMs
	r.Verdict = verdict(r.Ratio < 1)
	r.Note = fmt.Sprintf("bare = PocketBase FindRecordsByFilter (p95 %.1f ms) on the same %d people: status, 2 profiles, "+
		"name/username/e-mail containing %q (Plantel: word prefix), 50 by name", pb.P95Ms, pb.People, q.Search)
	return r, nil
}

package store_test

import (
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"syscall"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/store"
)

var (
	applyBenchClients = flag.Int("store.bench_clients", 20000, "clients in BenchmarkApplyInitial")
	applyBenchProfile = flag.String("store.bench_cpuprofile", "", "CPU profile of the timed part of BenchmarkApplyInitial")
)

// initialChanges is an organization as a server sends it to a new workstation: a
// workspace, users, then clients, complete rows, in pages of page.
func initialChanges(users, clients int) []store.Change {
	at := "2026-11-23T09:00:01.000Z"
	var cs []store.Change
	n := 0
	next := func() string { n++; return stamp(1+n/50000, n%50000, "devA") }
	cs = append(cs, ch("workspaces", "ws-k", next(), map[string]any{"name": "Kraków", "archived": false, "created_at": at, "updated_at": at}))
	uids := make([]string, users)
	for i := range users {
		uids[i] = fmt.Sprintf("u-%07d", i)
		cs = append(cs, ch("users", uids[i], next(), map[string]any{"username": fmt.Sprintf("user%d", i), "email": fmt.Sprintf("user%d@x.org", i),
			"first_name": fmt.Sprintf("Łucja %d", i), "last_name": "Wiśniewska", "role": "agent", "profile_id": nil, "active": true,
			"created_at": at, "updated_at": at}))
	}
	for i := range clients {
		cs = append(cs, ch("clients", fmt.Sprintf("c-%08d", i), next(), map[string]any{"name": fmt.Sprintf("Cliente Núñez %d", i),
			"phone": fmt.Sprintf("+51 9%08d", i), "workspace_id": "ws-k", "owner_id": uids[i%users], "document_id": fmt.Sprintf("DNI%08d", i),
			"email": fmt.Sprintf("c%d@x.org", i), "tags": "[]", "notes": "", "created_at": at, "updated_at": at}))
	}
	return cs
}

// BenchmarkApplyInitial measures ApplyRemote of a whole organization into an empty
// database, in pull pages of 5,000 with the search entries filled at the end (the store's part of an
// initial download): rows/s.
func BenchmarkApplyInitial(b *testing.B) {
	cs := initialChanges(*applyBenchClients/10, *applyBenchClients)
	var elapsed, cpu time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, err := store.Open(bg, b.TempDir()+"/p.db", store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if *applyBenchProfile != "" {
			f, err := os.Create(*applyBenchProfile)
			if err != nil {
				b.Fatal(err)
			}
			if err := pprof.StartCPUProfile(f); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		start, c0 := time.Now(), processCPU()
		for p := 0; p < len(cs); p += 5000 {
			cur := int64(p)
			if _, err := db.ApplyRemote(bg, cs[p:min(p+5000, len(cs))], store.ApplyOptions{Cursor: &cur, DeferSearch: true}); err != nil {
				b.Fatal(err)
			}
		}
		if err := db.FillSearchBacklog(bg); err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(start)
		cpu += processCPU() - c0
		b.StopTimer()
		if *applyBenchProfile != "" {
			pprof.StopCPUProfile()
		}
		db.Close()
	}
	b.ReportMetric(float64(len(cs)*b.N)/elapsed.Seconds(), "rows/s")
	b.ReportMetric(float64(len(cs)*b.N)/cpu.Seconds(), "rows/cpu-s")
}

// processCPU is the CPU time this process has used (user and system).
func processCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

package startup_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/plantel/plantel/backend/startup"
	"github.com/plantel/plantel/backend/store"
)

// BenchmarkCheck times the start's database check on a real, large Plantel file (issue 10):
// PLANTEL_BENCH_DB=<data dir>/plantel.db (e.g. a kept plantel-bench --small data dir, 266 MB)
// go test -tags webkit2_41 -run '^$' -bench BenchmarkCheck ./backend/startup/
// It works on a copy. Without the variable it is skipped: the suite makes no large file.
func BenchmarkCheck(b *testing.B) {
	src := os.Getenv("PLANTEL_BENCH_DB")
	if src == "" {
		b.Skip("set PLANTEL_BENCH_DB to a large plantel.db (see the comment)")
	}
	dir := b.TempDir()
	path := filepath.Join(dir, store.FileName)
	copyFile(b, src, path)
	ctx := context.Background()
	for _, c := range []struct {
		name string
		opt  startup.Options
	}{
		{"before_window_default", startup.Options{}},
		{"before_window_full", startup.Options{FullCheckLimit: 1 << 40}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				st, err := startup.Check(ctx, path, c.opt)
				if err != nil {
					b.Fatal(err)
				}
				st.DB.Close()
				if err := st.Finish(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("background_verify", func(b *testing.B) {
		st, err := startup.Check(ctx, path, startup.Options{})
		if err != nil {
			b.Fatal(err)
		}
		defer st.DB.Close()
		for b.Loop() {
			if err := st.Verify(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func copyFile(tb testing.TB, from, to string) {
	tb.Helper()
	in, err := os.Open(from) // #nosec G304 -- the file the benchmark was given
	if err != nil {
		tb.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to) // #nosec G304 -- in the benchmark's temp dir
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		tb.Fatal(err)
	}
	if err := out.Close(); err != nil {
		tb.Fatal(err)
	}
}

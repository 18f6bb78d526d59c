# Plantel's make targets. `make bench` measures the app at scale (issue #10): 100,000 users
# and 1,000,000 clients, many minutes; `make bench BENCH_FLAGS=--small` is 10× smaller.
# Figures go to bench/results.json (generated, not committed).
BENCH_FLAGS ?=

.PHONY: bench
bench:
	nice go run ./backend/cmd/plantel-bench $(BENCH_FLAGS)

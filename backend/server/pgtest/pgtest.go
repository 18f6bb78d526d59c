// Package pgtest runs a real, throw-away PostgreSQL for tests: Debian's postgresql package,
// a cluster made with initdb in a temp dir (as the postgres user when the tests run as root,
// since initdb refuses root), listening on a free loopback port, removed after the tests.
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
//	dsn := pgtest.NewDatabase(t) // a fresh empty database
//
// When PostgreSQL is not installed or does not start, tests that ask for it fail under
// CI=true and skip elsewhere, saying how to install it.
package pgtest

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

var (
	mu      sync.Mutex
	baseDSN string // postgres://plantel@127.0.0.1:PORT
	failure string // why PostgreSQL is not there
	dir     string
	bin     string
	asUser  string
	started bool
	dbSeq   atomic.Int64
)

// binDir finds the newest /usr/lib/postgresql/<v>/bin with initdb.
func binDir() (string, error) {
	if d := os.Getenv("PLANTEL_PG_BIN"); d != "" {
		return d, nil
	}
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(found) == 0 {
		if p, err := exec.LookPath("initdb"); err == nil {
			return filepath.Dir(p), nil
		}
		return "", fmt.Errorf("PostgreSQL is not installed (apt-get install postgresql; scripts/setup.sh does it)")
	}
	sort.Slice(found, func(i, j int) bool {
		vi, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(found[i]))))
		vj, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(found[j]))))
		return vi < vj
	})
	return filepath.Dir(found[len(found)-1]), nil
}

func command(name string, args ...string) *exec.Cmd {
	path := filepath.Join(bin, name)
	if asUser != "" {
		return exec.Command("runuser", append([]string{"-u", asUser, "--", path}, args...)...) // #nosec G204 -- PostgreSQL's own programs, in tests
	}
	return exec.Command(path, args...) // #nosec G204 -- PostgreSQL's own programs, in tests
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// start makes and starts the cluster.
func start() error {
	var err error
	if bin, err = binDir(); err != nil {
		return err
	}
	if dir, err = os.MkdirTemp("", "plantel-pg-"); err != nil {
		return err
	}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return fmt.Errorf("running as root needs the postgres user of the postgresql package: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			return err
		}
		asUser = "postgres"
	}
	if out, err := command("initdb", "-D", filepath.Join(dir, "data"), "-A", "trust", "-U", "plantel", "-E", "UTF8", "--no-sync", "--no-instructions").CombinedOutput(); err != nil {
		return fmt.Errorf("initdb: %v\n%s", err, out)
	}
	port, err := freePort()
	if err != nil {
		return err
	}
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", port, dir)
	if out, err := command("pg_ctl", "-D", filepath.Join(dir, "data"), "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "start").CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log")) // #nosec G304 -- the cluster's log in our temp dir
		return fmt.Errorf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
	started = true
	baseDSN = fmt.Sprintf("postgres://plantel@127.0.0.1:%d", port)
	db, err := sql.Open("pgx", baseDSN+"/postgres?sslmode=disable")
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for {
		if err = db.PingContext(ctx); err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("postgres did not answer: %w", err)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func stop() {
	if started {
		_ = command("pg_ctl", "-D", filepath.Join(dir, "data"), "-m", "immediate", "-w", "stop").Run() // best effort: the directory goes next
		started = false
	}
	if dir != "" {
		os.RemoveAll(dir)
		dir = ""
	}
}

// ensure starts the cluster on first use.
func ensure() {
	mu.Lock()
	defer mu.Unlock()
	if baseDSN != "" || failure != "" {
		return
	}
	if err := start(); err != nil {
		failure = err.Error()
		stop()
	}
}

// Main runs the package's tests with a PostgreSQL cluster started on first use, and stops
// and removes it afterwards.
func Main(m *testing.M) int {
	defer stop()
	return m.Run()
}

// Required reports whether a missing PostgreSQL must fail the tests (CI=true).
func Required() bool { return os.Getenv("CI") == "true" }

// NewDatabase returns the DSN of a new empty database on the package's cluster. Without
// PostgreSQL it fails the test under CI=true and skips it elsewhere.
func NewDatabase(t testing.TB) string {
	t.Helper()
	ensure()
	if failure != "" {
		if Required() {
			t.Fatalf("PostgreSQL needed under CI=true: %s", failure)
		}
		t.Skipf("PostgreSQL not available (install it with apt-get install postgresql): %s", failure)
	}
	name := fmt.Sprintf("t%d_%d", os.Getpid(), dbSeq.Add(1))
	db, err := sql.Open("pgx", baseDSN+"/postgres?sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	return baseDSN + "/" + name + "?sslmode=disable"
}

// Log returns the server log, for a failing test to print.
func Log() string {
	b, _ := os.ReadFile(filepath.Join(dir, "log")) // #nosec G304 -- the cluster's log in our temp dir
	return strings.TrimSpace(string(b))
}

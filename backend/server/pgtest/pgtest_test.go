package pgtest

import (
	"database/sql"
	"os"
	"testing"
)

func TestMain(m *testing.M) { os.Exit(Main(m)) }

func TestStartsARealPostgreSQL(t *testing.T) {
	dsn := NewDatabase(t)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v string
	if err := db.QueryRow("SHOW server_version").Scan(&v); err != nil {
		t.Fatalf("query: %v\n%s", err, Log())
	}
	if _, err := db.Exec("CREATE TABLE x (a int)"); err != nil {
		t.Fatal(err)
	}
	if NewDatabase(t) == dsn {
		t.Fatal("two databases share a DSN")
	}
	t.Logf("PostgreSQL %s at %s", v, dsn)
}

package server

import (
	"context"
	"database/sql"
	"fmt"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

// pgStorage keeps the organization in PostgreSQL (pgx). Every write transaction first locks
// the change-log counter row (SELECT ... FOR UPDATE): pushes from every server process on
// the database are serialized there, so unique checks see each other and change-log
// positions commit in order (a sequence would hand out values that commit out of order,
// and a pull could skip a change).
type pgStorage struct{ sqlStore }

// OpenPostgres opens the server database at a postgres:// URL and creates its schema.
func OpenPostgres(ctx context.Context, dsn string) (Storage, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(16)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	s := &pgStorage{sqlStore{d: dialect{
		name:        "postgres",
		rebind:      rebindDollar,
		bigType:     "BIGINT",
		lockWrite:   `SELECT pos FROM log_counter WHERE id = 1 FOR UPDATE`,
		lockMigrate: `SELECT pg_advisory_xact_lock(727300)`,
	}, write: db, read: db}}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return s, nil
}

package store

import (
	"context"
	"database/sql"
	"errors"
)

const (
	metaWorkstationID = "workstation_id"
	metaHLC           = "hlc_last"
)

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func (db *DB) meta(ctx context.Context, key string) (string, error) {
	var v string
	err := db.write.QueryRowContext(ctx, `SELECT value FROM local_meta WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

func (db *DB) setMeta(ctx context.Context, ex execer, key, value string) error {
	_, err := ex.ExecContext(ctx,
		`INSERT INTO local_meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
		key, value)
	return err
}

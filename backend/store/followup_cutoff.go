package store

import (
	"context"
	"database/sql"
	"errors"
)

// FollowupCutoff returns the cutoff of the kept follow-up counts (0076_followup_tallies.sql):
// followup_overdue counts, per owner, the open follow-ups due before it.
func (db *DB) FollowupCutoff(ctx context.Context) (string, error) {
	var at string
	err := db.read.QueryRowContext(ctx, `SELECT at FROM followup_cutoff WHERE id = 1`).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return at, err
}

// MoveFollowupCutoff moves that cutoff to at (a Timestamp), in one transaction: the open
// follow-ups due between the old cutoff and at join the kept counts (or leave them, when at
// is earlier). Derived data: never synced, never audited. The counts stay exact wherever the
// cutoff is; the dashboard moves it near the present so that what it reads from the rows
// (the follow-ups due between the cutoff and now) stays a narrow range.
func (db *DB) MoveFollowupCutoff(ctx context.Context, at string) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var old string
	if err := tx.QueryRowContext(ctx, `SELECT at FROM followup_cutoff WHERE id = 1`).Scan(&old); err != nil {
		return err
	}
	if old == at {
		return nil
	}
	lo, hi, sign := old, at, 1
	if at < old {
		lo, hi, sign = at, old, -1
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO followup_overdue(owner_id, n)
		SELECT COALESCE(owner_id, ''), ? * COUNT(*) FROM followups WHERE done = 0 AND due_at >= ? AND due_at < ? GROUP BY 1
		ON CONFLICT(owner_id) DO UPDATE SET n = n + excluded.n`, sign, lo, hi); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE followup_cutoff SET at = ? WHERE id = 1`, at); err != nil {
		return err
	}
	return tx.Commit()
}

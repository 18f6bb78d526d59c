package accounts

import (
	"context"
	"database/sql"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/store"
)

// countOrgs counts the organizations: 0 before first-run setup, 1 after.
var countOrgs = sq.Select("COUNT(*)").From("organizations")

// OrgName is the organization's name ("" before first-run setup). Every screen, e-mail and
// file that shows the name reads it here.
func OrgName(ctx context.Context, db *sql.DB) (string, error) {
	var name string
	err := store.ScanOptional(db.QueryRowContext(ctx, `SELECT name FROM organizations ORDER BY created_at LIMIT 1`), &name)
	return name, err
}

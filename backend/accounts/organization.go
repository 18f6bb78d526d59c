package accounts

import (
	sq "github.com/Masterminds/squirrel"
)

// countOrgs counts the organizations: 0 before first-run setup, 1 after.
var countOrgs = sq.Select("COUNT(*)").From("organizations")

package accounts

import (
	sq "github.com/Masterminds/squirrel"
)

var countOrgs = sq.Select("COUNT(*)").From("organizations")

package users

import (
	"context"
	"strconv"
	"strings"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/apperr"
)

// usernameBase is the proposal before it is made unique: the first letter of the first name
// and the whole last name, lower case, without accents, keeping only a-z and 0-9, at most
// 28 characters so a number still fits in the 32 the username rule allows.
func usernameBase(first, last string) string {
	clean := func(s string) string {
		var b strings.Builder
		for _, r := range strings.ToLower(StripAccents(s)) {
			if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
				b.WriteRune(r)
			}
		}
		return b.String()
	}
	f, l := clean(first), clean(last)
	base := l
	if f != "" {
		base = f[:1] + l
	}
	if base == "" {
		base = "user"
	}
	if len(base) > 28 {
		base = base[:28]
	}
	return base
}

// pickUsername returns base, or base followed by the smallest number from 2 (from 1 when
// base alone is too short for the username rule) that taken does not hold.
func pickUsername(base string, taken func(string) bool) string {
	if len(base) >= 3 && !taken(base) {
		return base
	}
	n := 2
	if len(base) < 3 {
		n = 1
	}
	for ; ; n++ {
		c := base + strconv.Itoa(n)
		if len(c) >= 3 && !taken(c) {
			return c
		}
	}
}

// ProposeUsername proposes a free username for a new user (F2.3): the first letter of the
// first name and the last name, lower case, accents stripped, anything but a-z and 0-9
// removed, made unique with a number ("jnunez", "jnunez2", "jnunez3"...).
func (s *Service) ProposeUsername(ctx context.Context, first, last string) (string, error) {
	taken, err := s.usernamesLike(ctx, usernameBase(first, last))
	if err != nil {
		return "", err
	}
	return pickUsername(usernameBase(first, last), func(u string) bool { return taken[u] }), nil
}

// usernamesLike returns the usernames that start with base.
func (s *Service) usernamesLike(ctx context.Context, base string) (map[string]bool, error) {
	q, args, err := sq.Select("username").From("users").
		Where(sq.And{sq.GtOrEq{"username": base}, sq.Lt{"username": base + "\x7f"}}).ToSql()
	if err != nil {
		return nil, apperr.Internal(err)
	}
	rows, err := s.db.Read().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return nil, apperr.Internal(err)
		}
		out[u] = true
	}
	return out, rows.Err()
}

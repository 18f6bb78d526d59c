package store

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/apperr"
)

// errBadCursor is a cursor that does not belong to the list it is given to.
var errBadCursor = errors.New("bad cursor")

// IsBadCursor reports whether err is KeysetPage's or DecodeCursor's refusal of a cursor.
func IsBadCursor(err error) bool { return errors.Is(err, errBadCursor) }

// KeysetPage runs one page of a sorted list. base selects the id column idCol (one row per
// item); keys are the sort expressions, the last one unique; join is the join they need.
// With after (the keys of the previous page's last row) the page starts right after that
// row — a range of the sort index, as fast deep in the list as at its start — else at
// offset. limit < 0 returns every row. It returns the ids and the keys of the last row.
func KeysetPage(q Querier, base sq.SelectBuilder, idCol string, keys []string, join string, desc bool,
	after []any, offset, limit int) ([]string, []any, error) {
	ids, last, _, err := keysetRun(q, base, keys, join, desc, after, offset, limit, false)
	return ids, last, err
}

// KeysetPageCounted is KeysetPage for a first page (no cursor) of a list known to be small
// (one portfolio): it reads every matching row once, in order, and returns the page, the
// keys of its last row and the number of rows in all — one pass instead of a page and a
// COUNT(*) that each find the same rows.
func KeysetPageCounted(q Querier, base sq.SelectBuilder, keys []string, join string, desc bool,
	offset, limit int) ([]string, []any, int, error) {
	return keysetRun(q, base, keys, join, desc, nil, offset, limit, true)
}

// KeysetPageTotal is KeysetPage for a first page (no cursor) of a list driven by a selective
// condition (a search), whose every matching row the database finds before it can sort:
// the same statement counts them (COUNT(*) OVER ()), so they are found once, not once for
// the page and again for a COUNT(*). total is -1 when the page is empty (an offset past the
// end): the caller counts apart then.
func KeysetPageTotal(q Querier, base sq.SelectBuilder, keys []string, join string, desc bool,
	offset, limit int) (ids []string, last []any, total int, err error) {
	total = -1
	ids, last, _, err = keysetRunTotal(q, base, keys, join, desc, nil, offset, limit, false, &total)
	return ids, last, total, err
}

func keysetRun(q Querier, base sq.SelectBuilder, keys []string, join string, desc bool,
	after []any, offset, limit int, counted bool) ([]string, []any, int, error) {
	return keysetRunTotal(q, base, keys, join, desc, after, offset, limit, counted, nil)
}

// keysetRunTotal is keysetRun; with total, the statement also selects COUNT(*) OVER () into it.
func keysetRunTotal(q Querier, base sq.SelectBuilder, keys []string, join string, desc bool,
	after []any, offset, limit int, counted bool, total *int) ([]string, []any, int, error) {
	dir, cmp := " ASC", ">"
	if desc {
		dir, cmp = " DESC", "<"
	}
	order := make([]string, len(keys))
	for i, k := range keys {
		order[i] = k + dir
	}
	b := base.Columns(keys...).OrderBy(order...)
	if total != nil {
		b = b.Column("COUNT(*) OVER ()")
	}
	if join != "" {
		b = b.JoinClause(join)
	}
	if after != nil {
		if len(after) != len(keys) {
			return nil, nil, 0, errBadCursor
		}
		b = b.Where(sq.Expr("("+strings.Join(keys, ", ")+") "+cmp+" ("+strings.Repeat("?, ", len(keys)-1)+"?)", after...))
	}
	if limit >= 0 && !counted {
		b = b.Limit(uint64(limit))
		if after == nil && offset > 0 {
			b = b.Offset(uint64(offset))
		}
	}
	rows, err := q.Query(b)
	if err != nil {
		return nil, nil, 0, apperr.Internal(err)
	}
	defer rows.Close()
	ids := []string{}
	vals := make([]any, len(keys))
	last := make([]any, len(keys))
	ptrs := make([]any, len(keys)+1, len(keys)+2)
	var id string
	ptrs[0] = &id
	for i := range vals {
		ptrs[i+1] = &vals[i]
	}
	if total != nil {
		ptrs = append(ptrs, total)
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, nil, 0, apperr.Internal(err)
		}
		n++
		if counted && (n <= offset || (limit >= 0 && n > offset+limit)) {
			continue
		}
		ids = append(ids, id)
		copy(last, vals)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, 0, apperr.Internal(err)
	}
	for i, v := range last {
		if b, ok := v.([]byte); ok {
			last[i] = string(b)
		}
	}
	return ids, last, n, nil
}

// cursor is what a page's Next carries: the sort it was made for and the last row's keys.
type cursor struct {
	Sort string `json:"s"`
	Keys []any  `json:"k"`
}

// EncodeCursor is the opaque cursor of the row with keys in the list sorted by sort.
func EncodeCursor(sort string, keys []any) string {
	b, err := json.Marshal(cursor{Sort: sort, Keys: keys})
	if err != nil {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodeCursor reads a cursor back into its keys; a cursor of another sort, or not a
// cursor at all, is refused (IsBadCursor).
func DecodeCursor(s, sort string) ([]any, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, errBadCursor
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var c cursor
	if err := d.Decode(&c); err != nil || c.Sort != sort || len(c.Keys) == 0 {
		return nil, errBadCursor
	}
	for i, k := range c.Keys {
		switch v := k.(type) {
		case json.Number:
			n, err := v.Int64()
			if err != nil {
				return nil, errBadCursor
			}
			c.Keys[i] = n
		case string:
		default:
			return nil, errBadCursor
		}
	}
	return c.Keys, nil
}

package clients

import (
	"strings"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/textfold"
)

// fold removes diacritics and lower-cases: "Łucja Núñez" → "lucja nunez" (backend/textfold,
// the SQL function plantel_fold the search index is computed with).
func fold(s string) string { return textfold.Fold(s) }

// searchWhere is the condition of the search box on clients alias c: every typed word must
// appear somewhere in the client's name, document ID, phone (also as digits only) or
// e-mail, ignoring case and accents. Words of three letters or more use the trigram index;
// shorter ones still work (by a scan of the index). With byOwner the clients come from an
// owner index and each one's search text is read by rowid and matched instead. nil when
// nothing searchable was typed.
func searchWhere(typed string, byOwner bool) sq.Sqlizer {
	var likes sq.And
	for _, w := range strings.Fields(fold(typed)) {
		if len(likes) == 8 {
			break
		}
		// LIKE wildcards are not searchable characters here.
		w = strings.NewReplacer("%", "", "_", "", "\\", "").Replace(w)
		if w == "" {
			continue
		}
		if r := []rune(w); len(r) > 64 {
			w = string(r[:64])
		}
		likes = append(likes, sq.Expr("body LIKE ?", "%"+w+"%"))
	}
	if len(likes) == 0 {
		return nil
	}
	if byOwner {
		words := make([]any, len(likes))
		conds := make([]string, len(likes))
		for i, l := range likes {
			_, args, _ := l.ToSql()
			words[i], conds[i] = args[0], "f.body LIKE ?"
		}
		// The row's search text read by rowid and matched in the subquery's result (true,
		// false, or NULL when it has no search row): as an EXISTS with the LIKEs in its
		// WHERE it did the same reads but took 1.4–1.8× as long (issue 10's
		// client_list_search, an agent's 935 clients: 3.2–5.1 ms → 2.3–2.8 ms).
		return sq.Expr("(SELECT "+strings.Join(conds, " AND ")+" FROM clients_fts f WHERE f.rowid = c.rowid)", words...)
	}
	sub, args, err := sq.Select("rowid").From("clients_fts").Where(likes).ToSql()
	if err != nil {
		return sq.Expr("0")
	}
	return sq.Expr("c.rowid IN ("+sub+")", args...)
}

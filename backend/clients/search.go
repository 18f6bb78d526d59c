package clients

import (
	"strings"
	"unicode"

	sq "github.com/Masterminds/squirrel"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// undecomposable are the Latin letters Unicode does not decompose into a base letter and a
// mark; the search index folds the same ones (migration 0008_clients.sql).
var undecomposable = strings.NewReplacer(
	"ł", "l", "Ł", "L", "ø", "o", "Ø", "O", "đ", "d", "Đ", "D", "ß", "ss", "æ", "ae",
	"Æ", "AE", "œ", "oe", "Œ", "OE", "þ", "th", "Þ", "TH", "ı", "i", "ð", "d", "Ð", "D",
)

// fold removes diacritics and lower-cases: "Łucja Núñez" → "lucja nunez".
func fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, undecomposable.Replace(s))
	if err != nil {
		out = s
	}
	return strings.ToLower(out)
}

// searchWhere is the condition of the search box on clients alias c: every typed word must
// appear somewhere in the client's name, document ID, phone (also as digits only) or
// e-mail, ignoring case and accents. Words of three letters or more use the trigram index;
// shorter ones still work (by a scan of the index). nil when nothing searchable was typed.
func searchWhere(typed string) sq.Sqlizer {
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
	sub, args, err := sq.Select("rowid").From("clients_fts").Where(likes).ToSql()
	if err != nil {
		return sq.Expr("0")
	}
	return sq.Expr("c.rowid IN ("+sub+")", args...)
}

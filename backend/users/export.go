package users

import (
	"context"
	"strings"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/tabular"
)

// Export formats.
const (
	FormatCSV  = tabular.CSV
	FormatXLSX = tabular.XLSX
)

// ExportColumns are the columns of an export, named in the exporting person's language
// (ExportHeaders); its first_name … workspaces columns are the ones Import reads (in any of
// the four languages), so an exported file can be imported elsewhere; lists are joined with
// "; ". Roles, statuses, presences and languages are words in that language. CSV is separated
// by ";" for es, pt and pl (Excel in those locales opens it in columns). No secret is a column.
var ExportColumns = []string{"id", "short_id", "first_name", "last_name", "username", "email", "phone",
	"extension", "language", "profile", "role", "status", "presence", "last_active_at", "created_at",
	"teams", "campaigns", "workspaces"}

// exportBatch is how many users are loaded at a time while exporting.
const exportBatch = 500

// Export returns the whole filtered list (every matching row in the list's order, not one
// page) as a CSV (UTF-8 with BOM, for spreadsheets) or XLSX file (F2.10), and records the
// export in the audit log. It needs the Users module and keeps to the actor's scope.
func (s *Service) Export(ctx context.Context, a *access.Actor, q ListQuery, format string) ([]byte, error) {
	if err := access.Check(a, access.Need{Module: access.ModUsers}); err != nil {
		return nil, err
	}
	if format != FormatCSV && format != FormatXLSX {
		return nil, apperr.Validation("format", "one_of").WithParam("allowed", []string{FormatCSV, FormatXLSX})
	}
	if err := validPresences(q.Presences); err != nil {
		return nil, err
	}
	ids, err := s.listIDs(ctx, s.listWhere(a, q), q.Sort)
	if err != nil {
		return nil, err
	}
	lang := ActorLanguage(s.read(ctx), a)
	records := [][]string{ExportHeaders(lang)}
	for start := 0; start < len(ids); start += exportBatch {
		if err := ctx.Err(); err != nil {
			return nil, canceled()
		}
		batch := ids[start:min(start+exportBatch, len(ids))]
		recs, err := s.exportRecords(ctx, batch, lang)
		if err != nil {
			return nil, err
		}
		records = append(records, recs...)
	}
	out, err := tabular.Encode(format, "Users", csvSeparator(lang), records)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	err = s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		return tx.Audit("users", "", "export", map[string]any{"format": format, "rows": len(ids),
			"search": q.Search, "profiles": q.Profiles, "roles": q.Roles, "statuses": q.Statuses,
			"teams": q.Teams, "campaigns": q.Campaigns, "workspaces": q.Workspaces})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// exportRecords turns a batch of user ids into export lines.
// Built-in profile names are written in lang, the exporting person's language (Import reads
// them back in any language).
func (s *Service) exportRecords(ctx context.Context, ids []string, lang string) ([][]string, error) {
	rows, err := s.rowsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	type extra struct {
		phone, language string
		builtin         bool
	}
	more := map[string]extra{}
	r := s.read(ctx)
	res, err := r.Query(sq.Select("u.id", "u.phone", "u.language", "COALESCE(p.builtin, 0)").From("users u").
		LeftJoin("profiles p ON p.id = u.profile_id").Where(sq.Eq{"u.id": ids}))
	if err != nil {
		return nil, apperr.Internal(err)
	}
	defer res.Close()
	for res.Next() {
		var id string
		var e extra
		if err := res.Scan(&id, &e.phone, &e.language, &e.builtin); err != nil {
			return nil, apperr.Internal(err)
		}
		more[id] = e
	}
	if err := res.Err(); err != nil {
		return nil, apperr.Internal(err)
	}
	out := make([][]string, 0, len(rows))
	for _, u := range rows {
		e := more[u.ID]
		out = append(out, []string{u.ID, u.ShortID, u.FirstName, u.LastName, u.Username, u.Email, e.phone,
			u.Extension, exportLanguageName(e.language), access.ProfileDisplayName(u.ProfileName, access.Role(u.ProfileRole), e.builtin, lang),
			exportWord(lang, "role", u.Role), exportWord(lang, "status", u.Status), exportWord(lang, "presence", u.Presence), u.LastActiveAt, u.CreatedAt,
			strings.Join(u.Teams, "; "), strings.Join(u.Campaigns, "; "), strings.Join(u.Workspaces, "; ")})
	}
	return out, nil
}

// ActorLanguage is the interface language of the signed-in person (their saved preference,
// which the window follows), used for what Go writes for them: exports, generated files.
func ActorLanguage(q querier, a *access.Actor) string {
	lang := "es"
	if a != nil {
		_ = q.QueryRow(sq.Select("language").From("users").Where(sq.Eq{"id": a.UserID})).Scan(&lang)
	}
	return lang
}

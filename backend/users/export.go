package users

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"

	sq "github.com/Masterminds/squirrel"
	"github.com/xuri/excelize/v2"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
)

// Export formats.
const (
	FormatCSV  = "csv"
	FormatXLSX = "xlsx"
)

// ExportColumns is the header of an export. Its first_name … workspaces columns are the
// ones Import reads, so an exported file can be imported elsewhere; lists are joined with
// "; ". No secret is ever a column.
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
	records := [][]string{ExportColumns}
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
	var out []byte
	if format == FormatCSV {
		out, err = writeCSV(records)
	} else {
		out, err = writeXLSX(records)
	}
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
			u.Extension, e.language, access.ProfileDisplayName(u.ProfileName, access.Role(u.ProfileRole), e.builtin, lang), u.Role, u.Status, u.Presence, u.LastActiveAt, u.CreatedAt,
			strings.Join(u.Teams, "; "), strings.Join(u.Campaigns, "; "), strings.Join(u.Workspaces, "; ")})
	}
	return out, nil
}

// csvSafe keeps a spreadsheet from running a cell as a formula (CSV injection): a cell
// that starts with = @ or a tab/CR, or with + or - followed by something other than a
// phone number, gets a leading apostrophe, which Import removes again.
func csvSafe(v string) string {
	if v == "" {
		return v
	}
	switch v[0] {
	case '=', '@', '\t', '\r':
		return "'" + v
	case '+', '-':
		if !phoneRe.MatchString(v) {
			return "'" + v
		}
	}
	return v
}

// writeCSV writes records as CSV with a UTF-8 byte order mark.
func writeCSV(records [][]string) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	for _, rec := range records {
		safe := make([]string, len(rec))
		for i, v := range rec {
			safe[i] = csvSafe(v)
		}
		if err := w.Write(safe); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// writeXLSX writes records as one "Users" sheet; every cell is text, so nothing in it
// runs as a formula.
func writeXLSX(records [][]string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Users"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	for i, rec := range records {
		cells := make([]any, len(rec))
		for j, v := range rec {
			cells[j] = excelize.Cell{Value: v}
		}
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			return nil, err
		}
		if err := sw.SetRow(cell, cells); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
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

package audit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
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

// ExportColumns are the columns of an export; the header names them in the exporting
// person's language (ExportHeaders). Secret fields say only "changed" (in that language).
var ExportColumns = []string{"at", "actor_id", "actor", "workstation_id", "entity", "entity_id", "entity_name",
	"action", "changes"}

// exportTexts are the export's header and the word for a secret's change, per language.
var exportTexts = map[string]struct {
	headers []string
	changed string
}{
	"en": {[]string{"When", "Actor ID", "Who", "Workstation", "Entity", "Entity ID", "Name", "Action", "Changes"}, "changed"},
	"es": {[]string{"Fecha", "ID de quien actuó", "Quién", "Estación de trabajo", "Entidad", "ID de la entidad", "Nombre", "Acción", "Cambios"}, "cambiado"},
	"pt": {[]string{"Data", "ID de quem agiu", "Quem", "Estação de trabalho", "Entidade", "ID da entidade", "Nome", "Ação", "Alterações"}, "alterado"},
	"pl": {[]string{"Kiedy", "ID osoby", "Kto", "Stanowisko", "Obiekt", "ID obiektu", "Nazwa", "Akcja", "Zmiany"}, "zmieniono"},
}

// ExportHeaders is the export's header in lang (English for a language Plantel does not speak).
func ExportHeaders(lang string) []string {
	if t, ok := exportTexts[lang]; ok {
		return t.headers
	}
	return exportTexts["en"].headers
}

// exportBatch is how many entries are read at a time while exporting.
const exportBatch = 1000

// Progress reports an export's progress: done of total entries written.
type Progress func(done, total int)

// Export writes every entry q selects that the actor may see (not one page; q.Cursor and
// q.Limit are ignored), newest first, to path as CSV (UTF-8 with BOM) or XLSX, calling
// progress after each batch, and records the export in the audit log. A cancelled context
// stops it with canceled and removes the partial file. It returns the number of entries.
func (s *Service) Export(ctx context.Context, a *access.Actor, q Query, format, path string, progress Progress) (int, error) {
	if err := access.Check(a, Need); err != nil {
		return 0, err
	}
	if format != FormatCSV && format != FormatXLSX {
		return 0, apperr.Validation("format", "one_of").WithParam("allowed", []string{FormatCSV, FormatXLSX})
	}
	where, err := s.where(ctx, a, q)
	if err != nil {
		return 0, err
	}
	total, err := s.count(ctx, a, where)
	if err != nil {
		return 0, err
	}
	if progress == nil {
		progress = func(int, int) {}
	}
	lang := s.actorLanguage(ctx, a)
	texts, ok := exportTexts[lang]
	if !ok {
		texts = exportTexts["en"]
	}
	sep := ';'
	if lang == "en" {
		sep = ','
	}
	w, err := newSheetWriter(format, path, sep)
	if err != nil {
		return 0, apperr.Internal(err)
	}
	done := 0
	fail := func(err error) (int, error) {
		w.abort()
		if errors.Is(err, context.Canceled) || ctx.Err() != nil {
			return 0, apperr.New(CodeCanceled)
		}
		return 0, apperr.As(err)
	}
	if err := w.row(texts.headers); err != nil {
		return fail(apperr.Internal(err))
	}
	progress(0, total)
	cursor := ""
	for {
		if err := ctx.Err(); err != nil {
			return fail(err)
		}
		rows, err := s.fetch(ctx, a, where, cursor, exportBatch)
		if err != nil {
			return fail(err)
		}
		if len(rows) == 0 {
			break
		}
		if err := s.names(ctx, rows); err != nil {
			return fail(err)
		}
		if err := s.readable(ctx, rows, lang); err != nil {
			return fail(err)
		}
		for _, e := range rows {
			// The entity and the action in the exporter's words, as the audit page says them.
			if err := w.row([]string{e.At, e.ActorID, e.ActorName, e.WorkstationID, word(entityWords, lang, e.Entity), e.EntityID,
				e.EntityName, word(actionWords, lang, e.Action), changesText(e.Changes, lang, texts.changed)}); err != nil {
				return fail(apperr.Internal(err))
			}
		}
		done += len(rows)
		progress(done, max(total, done))
		last := rows[len(rows)-1]
		cursor = last.At + "|" + last.ID
		if len(rows) < exportBatch {
			break
		}
	}
	if err := w.close(); err != nil {
		return fail(apperr.Internal(err))
	}
	err = s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		return tx.Audit("audit_log", "", "export", map[string]any{"format": format, "rows": done,
			"actor": q.ActorID, "entity": q.Entity, "entity_id": q.EntityID, "action": q.Action,
			"workstation": q.WorkstationID, "date_from": q.From, "date_to": q.To, "search": q.Search})
	})
	if err != nil {
		return 0, err
	}
	return done, nil
}

// count is how many entries f selects that the actor may see (the progress bar's total):
// the log's, and the creations of rows a download made in bulk (created).
func (s *Service) count(ctx context.Context, a *access.Actor, f filter) (int, error) {
	cq := sq.Select("COUNT(*)").From("audit_read l")
	if a.Role != access.Owner {
		if len(a.Workspaces) == 0 {
			cq = cq.Where("0")
		} else {
			cq = cq.Where(sq.Expr("l.id IN (SELECT audit_id FROM audit_scope WHERE ws IN (SELECT n FROM audit_ids WHERE id IN ("+
				sq.Placeholders(len(a.Workspaces))+")))", anys(a.Workspaces)...))
		}
	}
	if len(f.log) > 0 {
		cq = cq.Where(f.log)
	}
	queries := []sq.SelectBuilder{cq}
	if f.search != "" {
		sparse, walk, err := s.createdSearch(ctx, f)
		if err != nil {
			return 0, err
		}
		f.created = append(append(sq.And{}, f.created...), sq.Or{sparse, walk})
	}
	if w, ok := createdScope(a, f); ok && !f.noCreated {
		queries = append(queries, sq.Select("COUNT(*)").From("audit_rows e").Join("sync_row_clock r ON r.origin = e.id").Where(w))
	}
	total := 0
	for _, q := range queries {
		var n int
		if err := q.RunWith(s.db.Read()).QueryRowContext(ctx).Scan(&n); err != nil {
			if ctx.Err() != nil {
				return 0, apperr.New(CodeCanceled)
			}
			return 0, apperr.Internal(err)
		}
		total += n
	}
	return total, nil
}

// changesText is an entry's changes in one readable cell in the reader's language: "Label:
// old → new; …" with the window's column labels, Yes/No for flags, secrets as "Label: changed".
func changesText(cs []store.FieldChange, lang, changed string) string {
	labels := fieldLabels[lang]
	yn, ok := yesNo[lang]
	if !ok {
		labels, yn = fieldLabels["en"], yesNo["en"]
	}
	say := func(field string, v any) string {
		if booleanColumns[field] {
			switch v {
			case true, float64(1), "1":
				return yn[0]
			case false, float64(0), "0":
				return yn[1]
			}
		}
		return value(v)
	}
	parts := make([]string, 0, len(cs))
	for _, c := range cs {
		label := c.Field
		if l, ok := labels[c.Field]; ok {
			label = l
		}
		switch {
		case c.Secret:
			parts = append(parts, label+": "+changed)
		case c.Old == nil && c.New == nil:
			parts = append(parts, label+": —")
		case c.Old == nil:
			parts = append(parts, label+": "+say(c.Field, c.New))
		default:
			parts = append(parts, label+": "+say(c.Field, c.Old)+" → "+say(c.Field, c.New))
		}
	}
	return strings.Join(parts, "; ")
}

func value(v any) string {
	switch x := v.(type) {
	case nil:
		return "∅"
	case string:
		return x
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = value(e)
		}
		return strings.Join(parts, ", ")
	default:
		b, err := json.Marshal(x)
		if err != nil {
			return fmt.Sprint(x)
		}
		return string(b)
	}
}

// sheetWriter streams rows to the export file through tabular.SheetWriter; abort removes
// the file, so a cancelled export leaves nothing behind.
type sheetWriter struct {
	*tabular.SheetWriter
	file *os.File
	path string
}

func newSheetWriter(format, path string, sep rune) (*sheetWriter, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, err
	}
	sw, err := tabular.NewSheetWriter(f, format, "Audit", sep)
	if err != nil {
		return nil, errors.Join(err, f.Close(), os.Remove(path))
	}
	return &sheetWriter{SheetWriter: sw, file: f, path: path}, nil
}

func (w *sheetWriter) row(rec []string) error { return w.Row(rec) }

func (w *sheetWriter) close() error { return errors.Join(w.Close(), w.file.Close()) }

func (w *sheetWriter) abort() {
	w.Abort()
	_ = w.file.Close()
	_ = os.Remove(w.path)
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, v := range ss {
		out[i] = v
	}
	return out
}

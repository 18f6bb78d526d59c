package clients

import (
	"context"
	"strings"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
)

// ImportPreview is an import file read and checked, before anything is written.
type ImportPreview struct {
	Rows    []ImportRow `json:"rows"`
	Valid   int         `json:"valid"`
	Invalid int         `json:"invalid"`
}

// ImportOptions tune Import. With OnlyValid the rows with errors are skipped; without it
// one invalid row stops the whole import.
type ImportOptions struct {
	OnlyValid bool `json:"onlyValid"`
}

// ImportResult says what an import wrote.
type ImportResult struct {
	Created int `json:"created"`
	Skipped int `json:"skipped"`
}

// PreviewImport reads an import file and checks every row as Import will (F8.3): its
// fields, the workspace and owner (an active user of that workspace, by username), and
// document IDs repeated in the file or already in the workspace. Nothing is written.
func (s *Service) PreviewImport(ctx context.Context, a *access.Actor, data []byte, format string) (*ImportPreview, error) {
	if err := access.Check(a, manageNeed); err != nil {
		return nil, err
	}
	rows, err := ParseImport(data, format)
	if err != nil {
		return nil, err
	}
	if err := checkRowsAgainst(s.read(ctx), a, rows); err != nil {
		return nil, err
	}
	p := &ImportPreview{Rows: rows}
	for i := range rows {
		if rows[i].Valid() {
			p.Valid++
		} else {
			p.Invalid++
		}
	}
	return p, nil
}

// Import creates the clients of rows (as PreviewImport returned them) in ONE write: every
// row is checked again; if any is invalid and opts.OnlyValid is false, nothing is written
// (validation on field "rows", params.lines). Cancelling ctx stops it with code canceled
// and nothing written. progress, if not nil, is called as rows are written.
func (s *Service) Import(ctx context.Context, a *access.Actor, rows []ImportRow, opts ImportOptions, progress func(done, total int)) (*ImportResult, error) {
	if err := access.Check(a, manageNeed); err != nil {
		return nil, err
	}
	if len(rows) > MaxImportRows {
		return nil, apperr.Validation("rows", "too_many_rows").WithParam("max", MaxImportRows)
	}
	clean := make([]ImportRow, len(rows))
	for i, r := range rows {
		r.Errors, r.WorkspaceID, r.OwnerID = []apperr.Error{}, "", ""
		r.checkFields()
		clean[i] = r
	}
	res := &ImportResult{}
	err := s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		if err := checkRowsAgainst(tx, a, clean); err != nil {
			return err
		}
		var bad []int
		for i := range clean {
			if !clean[i].Valid() {
				bad = append(bad, clean[i].Line)
			}
		}
		if len(bad) > 0 && !opts.OnlyValid {
			return apperr.Validation("rows", "invalid").WithParam("lines", bad)
		}
		for i := range clean {
			if ctx.Err() != nil {
				return canceled()
			}
			if !clean[i].Valid() {
				res.Skipped++
			} else {
				in := clean[i].input()
				if err := tx.Insert("clients", store.NewID(), in.fields()); err != nil {
					return err
				}
				res.Created++
			}
			if progress != nil {
				progress(i+1, len(clean))
			}
		}
		if ctx.Err() != nil {
			return canceled()
		}
		return tx.Audit("clients", "", "import", map[string]any{"created": res.Created, "skipped": res.Skipped,
			"summary": "Imported " + thousands(res.Created) + " clients (" + thousands(res.Skipped) + " rows skipped)"})
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil, canceled()
		}
		return nil, err
	}
	s.log.Info().Str("actor_id", a.UserID).Int("created", res.Created).Int("skipped", res.Skipped).Msg("clients imported")
	return res, nil
}

// foldKey is how names in a file are matched: case and accents ignored.
func foldKey(s string) string { return fold(strings.TrimSpace(s)) }

// checkRowsAgainst adds the checks that need the database to rows: the workspace by name
// or id (and the actor acts in it), the owner by username or id (active, of that
// workspace), and document IDs repeated in the file or taken in the workspace.
func checkRowsAgainst(q store.Querier, a *access.Actor, rows []ImportRow) error {
	workspaces := map[string]string{}
	var mine []string
	wrows, err := q.Query(sq.Select("id", "name").From("workspaces").Where(sq.Eq{"archived": 0}))
	if err != nil {
		return apperr.Internal(err)
	}
	for wrows.Next() {
		var id, name string
		if err := wrows.Scan(&id, &name); err != nil {
			wrows.Close()
			return apperr.Internal(err)
		}
		workspaces[id], workspaces[foldKey(name)] = id, id
		if a.InWorkspace(id) {
			mine = append(mine, id)
		}
	}
	wrows.Close()
	if err := wrows.Err(); err != nil {
		return apperr.Internal(err)
	}
	people := map[string]*person{}
	lookup := func(key string) (*person, error) {
		if p, ok := people[key]; ok {
			return p, nil
		}
		var id string
		err := q.QueryRow(sq.Select("id").From("users").Where(sq.Or{sq.Eq{"username": strings.ToLower(key)}, sq.Eq{"id": key}})).Scan(&id)
		if err != nil {
			people[key] = nil
			return nil, nil
		}
		p, _, err := loadPerson(q, id)
		people[key] = p
		return p, err
	}
	seen := map[[2]string]int{}
	for i := range rows {
		r := &rows[i]
		switch id, ok := workspaces[r.Workspace]; {
		case r.Workspace == "" && len(mine) == 1:
			r.WorkspaceID = mine[0]
		case r.Workspace == "":
			r.addError(apperr.Validation("workspace", "required"))
		case !ok && workspaces[foldKey(r.Workspace)] == "":
			r.addError(apperr.Validation("workspace", "unknown").WithParam("name", r.Workspace))
		default:
			if !ok {
				id = workspaces[foldKey(r.Workspace)]
			}
			if !a.InWorkspace(id) {
				r.addError(apperr.PermissionDenied().WithField("workspace").WithParam("name", r.Workspace))
			} else {
				r.WorkspaceID = id
			}
		}
		if r.Owner != "" {
			p, err := lookup(strings.TrimSpace(r.Owner))
			switch {
			case err != nil:
				return err
			case p == nil:
				r.addError(apperr.Validation("owner", "unknown").WithParam("name", r.Owner))
			case !p.Active:
				r.addError(apperr.Validation("owner", "inactive_owner").WithParam("name", p.Name))
			case r.WorkspaceID != "" && !p.Workspaces[r.WorkspaceID]:
				r.addError(apperr.Validation("owner", "owner_workspace").WithParam("name", p.Name))
			default:
				r.OwnerID = p.ID
			}
		}
		if r.DocumentID != "" && r.WorkspaceID != "" {
			key := [2]string{r.WorkspaceID, r.DocumentID}
			if line, dup := seen[key]; dup {
				r.addError(apperr.Conflict(FieldDocumentID).WithParam("line", line))
			} else {
				seen[key] = r.Line
				taken, err := documentTaken(q, r.WorkspaceID, r.DocumentID, "")
				if err != nil {
					return err
				}
				if taken {
					r.addError(apperr.Conflict(FieldDocumentID))
				}
			}
		}
	}
	return nil
}

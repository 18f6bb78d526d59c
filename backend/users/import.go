package users

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
	Created int      `json:"created"`
	Skipped int      `json:"skipped"`
	IDs     []string `json:"ids"`
}

// importNeed is what importing users requires: the Users module, as Owner or administrator.
var importNeed = access.Need{Module: access.ModUsers, Roles: []access.Role{access.Owner, access.Admin}}

// PreviewImport reads an import file and checks every row as Import will (F2.10): its
// fields, duplicates inside the file and against the database, the profile and workspaces
// the actor may give. Rows without a username get a proposed one. Nothing is written.
func (s *Service) PreviewImport(ctx context.Context, a *access.Actor, data []byte, format string) (*ImportPreview, error) {
	if err := access.Check(a, importNeed); err != nil {
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

// Import creates the users of rows (as returned by PreviewImport, possibly corrected) in
// ONE write: every row is checked again; if any is invalid and opts.OnlyValid is false,
// nothing is written (validation on field "rows", params.lines). Cancelling ctx stops it
// with code canceled and nothing written. progress, if not nil, is called after each row.
// Imported users are pending and must set a password before they can sign in.
func (s *Service) Import(ctx context.Context, a *access.Actor, rows []ImportRow, opts ImportOptions, progress func(done, total int)) (*ImportResult, error) {
	if err := access.Check(a, importNeed); err != nil {
		return nil, err
	}
	if len(rows) > MaxImportRows {
		return nil, apperr.Validation("rows", "too_many_rows").WithParam("max", MaxImportRows)
	}
	rows = cleanRows(rows)
	res := &ImportResult{IDs: []string{}}
	err := s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		if err := checkRowsAgainst(tx, a, rows); err != nil {
			return err
		}
		roles, err := profileRoles(tx)
		if err != nil {
			return err
		}
		var bad []int
		for i := range rows {
			if !rows[i].Valid() {
				bad = append(bad, rows[i].Line)
			}
		}
		if len(bad) > 0 && !opts.OnlyValid {
			return apperr.Validation("rows", "invalid").WithParam("lines", bad)
		}
		for i := range rows {
			if ctx.Err() != nil {
				return canceled()
			}
			r := &rows[i]
			if !r.Valid() {
				res.Skipped++
			} else {
				id := store.NewID()
				u := &newUser{workspaces: r.WorkspaceIDs, fields: store.Fields{"first_name": r.FirstName,
					"last_name": r.LastName, "username": r.Username, "email": r.Email, "phone": r.Phone,
					"extension": r.Extension, "language": r.Language, "profile_id": r.ProfileID,
					"role": roles[r.ProfileID], "active": true, "status": "pending",
					"must_change_password": true}}
				if err := insertUser(tx, id, u); err != nil {
					return err
				}
				res.IDs = append(res.IDs, id)
				res.Created++
			}
			if progress != nil {
				progress(i+1, len(rows))
			}
		}
		if ctx.Err() != nil {
			return canceled()
		}
		return tx.Audit("users", "", "import", map[string]any{"created": res.Created, "skipped": res.Skipped})
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil, canceled()
		}
		return nil, err
	}
	s.log.Info().Str("actor_id", a.UserID).Int("created", res.Created).Int("skipped", res.Skipped).Msg("users imported")
	return res, nil
}

// cleanRows takes rows sent back by the window and redoes their checks from scratch: the
// errors and resolved ids they carry are not trusted.
func cleanRows(in []ImportRow) []ImportRow {
	rows := make([]ImportRow, len(in))
	for i, r := range in {
		r.Errors, r.ProfileID, r.WorkspaceIDs = []apperr.Error{}, "", []string{}
		if r.Proposed {
			r.Username, r.Proposed = "", false
		}
		checkRowFields(&r)
		rows[i] = r
	}
	markFileDuplicates(rows)
	return rows
}

// profileRoles reads the role of every profile (an import gives a profile per row).
func profileRoles(q querier) (map[string]string, error) {
	roles := map[string]string{}
	err := eachPair(q, sq.Select("id", "role").From("profiles"), func(id, role string) { roles[id] = role })
	return roles, err
}

// existingValues returns which of vals column col of users already holds, in batches.
func existingValues(q querier, col string, vals []string) (map[string]bool, error) {
	out := map[string]bool{}
	for start := 0; start < len(vals); start += 500 {
		got, err := column(q, sq.Select(col).From("users").Where(sq.Eq{col: vals[start:min(start+500, len(vals))]}))
		if err != nil {
			return nil, err
		}
		for _, v := range got {
			out[v] = true
		}
	}
	return out, nil
}

// foldKey is how names in a file are matched: case and accents ignored.
func foldKey(s string) string { return strings.ToLower(StripAccents(strings.TrimSpace(s))) }

// checkRowsAgainst adds the checks that need the database to rows: profile and workspaces
// by id or name (and the actor may give them), username and e-mail not taken, and a
// proposed username for rows without one.
func checkRowsAgainst(q querier, a *access.Actor, rows []ImportRow) error {
	profiles := map[string]*profile{}
	builtin := map[access.Role]*profile{} // the built-in profiles, named in any language
	ids, err := column(q, sq.Select("id").From("profiles"))
	if err != nil {
		return err
	}
	for _, id := range ids {
		p, err := loadProfile(q, "profile", id)
		if err != nil {
			return err
		}
		profiles[id], profiles[foldKey(p.Name)] = p, p
		if p.Builtin {
			builtin[access.Role(p.Role)] = p
		}
	}
	workspaces := map[string]string{}
	if err := eachPair(q, sq.Select("id", "name").From("workspaces").Where(sq.Eq{"archived": 0}), func(id, name string) {
		workspaces[id], workspaces[foldKey(name)] = id, id
	}); err != nil {
		return err
	}
	taken := func(col, v string) (bool, error) {
		return exists(q, sq.Select("1").From("users").Where(sq.Eq{col: v}))
	}
	// The usernames and e-mails of the file already in use, read in a few batched queries
	// rather than two queries per row.
	var names, emails []string
	fileNames := map[string]bool{}
	for i := range rows {
		fileNames[rows[i].Username] = true
		if rows[i].Username != "" {
			names = append(names, rows[i].Username)
		}
		if rows[i].Email != "" {
			emails = append(emails, rows[i].Email)
		}
	}
	inUse := map[string]map[string]bool{}
	for col, vals := range map[string][]string{"username": names, "email": emails} {
		if inUse[col], err = existingValues(q, col, vals); err != nil {
			return err
		}
	}
	for i := range rows {
		r := &rows[i]
		if r.Profile != "" {
			p := profiles[r.Profile]
			if p == nil {
				p = profiles[foldKey(r.Profile)]
			}
			if role, ok := access.BuiltinRoleByName(r.Profile); p == nil && ok {
				p = builtin[role]
			}
			if p == nil {
				r.addError(apperr.Validation("profile", "unknown"))
			} else if err := mayGrant(a, p); err != nil {
				r.addError(apperr.PermissionDenied().WithField("profile"))
			} else {
				r.ProfileID = p.ID
			}
		}
		r.WorkspaceIDs = []string{}
		for _, w := range r.Workspaces {
			id, ok := workspaces[w]
			if !ok {
				id, ok = workspaces[foldKey(w)]
			}
			switch {
			case !ok:
				r.addError(apperr.Validation("workspaces", "unknown").WithParam("name", w))
			case !a.InWorkspace(id):
				r.addError(apperr.PermissionDenied().WithField("workspaces").WithParam("name", w))
			default:
				r.WorkspaceIDs = append(r.WorkspaceIDs, id)
			}
		}
		for _, c := range []struct{ col, field, v string }{{"username", FieldUsername, r.Username}, {"email", FieldEmail, r.Email}} {
			if c.v == "" {
				continue
			}
			if inUse[c.col][c.v] {
				r.addError(apperr.Conflict(c.field))
			}
		}
		if r.Username == "" && r.FirstName != "" {
			base := usernameBase(r.FirstName, r.LastName)
			var ferr error
			r.Username = pickUsername(base, func(u string) bool {
				t, err := taken("username", u)
				if err != nil {
					ferr = err
				}
				return t || fileNames[u]
			})
			if ferr != nil {
				return ferr
			}
			r.Proposed, fileNames[r.Username] = true, true
		}
	}
	return nil
}

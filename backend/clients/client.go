package clients

import (
	"encoding/json"
	"regexp"
	"strings"
	"unicode/utf8"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/textin"
)

// Input field names, as the window's form and the coded errors name them.
const (
	FieldName        = "name"
	FieldDocumentID  = "documentId"
	FieldPhone       = "phone"
	FieldEmail       = "email"
	FieldWorkspaceID = "workspaceId"
	FieldTags        = "tags"
	FieldNotes       = "notes"
	FieldOwnerID     = "ownerId"
)

// Limits of a client's fields, in code points.
const (
	MaxName     = 200
	MaxDocument = 40
	MaxNotes    = 4000
	MaxTags     = 20
	MaxTag      = 40
)

// phoneRe accepts what people type for a phone number: digits, spaces, + ( ) - . /
var phoneRe = regexp.MustCompile(`^\+?[0-9 ()./-]{3,31}$`)

// Input is a client as the form or an import row gives it (F8.1). OwnerID "" leaves the
// client unassigned.
type Input struct {
	Name        string   `json:"name"`
	DocumentID  string   `json:"documentId"`
	Phone       string   `json:"phone"`
	Email       string   `json:"email"`
	WorkspaceID string   `json:"workspaceId"`
	Tags        []string `json:"tags"`
	Notes       string   `json:"notes"`
	OwnerID     string   `json:"ownerId"`
}

// clean validates and normalises the fields that need no database; it returns every
// field error found.
func (in *Input) clean() []*apperr.Error {
	var errs []*apperr.Error
	bad := func(err *apperr.Error) { errs = append(errs, err) }
	in.Name = strings.Join(strings.Fields(in.Name), " ")
	switch n := utf8.RuneCountInString(in.Name); {
	case n == 0:
		bad(apperr.Validation(FieldName, "required"))
	case n > MaxName:
		bad(apperr.Validation(FieldName, "too_long").WithParam("max", MaxName))
	}
	if e := textin.CheckLine(FieldName, in.Name); e != nil {
		bad(e)
	}
	in.DocumentID = strings.TrimSpace(in.DocumentID)
	if utf8.RuneCountInString(in.DocumentID) > MaxDocument {
		bad(apperr.Validation(FieldDocumentID, "too_long").WithParam("max", MaxDocument))
	}
	if e := textin.CheckLine(FieldDocumentID, in.DocumentID); e != nil {
		bad(e)
	}
	in.Phone = strings.TrimSpace(in.Phone)
	if in.Phone != "" && !phoneRe.MatchString(in.Phone) {
		bad(apperr.Validation(FieldPhone, "phone"))
	}
	in.Email = strings.TrimSpace(in.Email)
	if in.Email != "" {
		v, err := accounts.CheckEmail(FieldEmail, in.Email)
		if err != nil {
			bad(apperr.As(err))
		} else {
			in.Email = v
		}
	}
	in.WorkspaceID = strings.TrimSpace(in.WorkspaceID)
	if in.WorkspaceID == "" {
		bad(apperr.Validation(FieldWorkspaceID, "required"))
	}
	tags, err := cleanTags(in.Tags)
	if err != nil {
		bad(err)
	}
	in.Tags = tags
	in.Notes = strings.TrimSpace(in.Notes)
	if utf8.RuneCountInString(in.Notes) > MaxNotes {
		bad(apperr.Validation(FieldNotes, "too_long").WithParam("max", MaxNotes))
	}
	if e := textin.CheckText(FieldNotes, in.Notes); e != nil {
		bad(e)
	}
	in.OwnerID = strings.TrimSpace(in.OwnerID)
	return errs
}

// cleanTags trims tags, collapses inner spaces, drops blanks and case-insensitive
// duplicates (keeping the first spelling), and checks the limits.
func cleanTags(in []string) ([]string, *apperr.Error) {
	out := []string{}
	seen := map[string]bool{}
	for _, t := range in {
		t = strings.Join(strings.Fields(t), " ")
		if t == "" || seen[strings.ToLower(t)] {
			continue
		}
		if utf8.RuneCountInString(t) > MaxTag {
			return out, apperr.Validation(FieldTags, "too_long").WithParam("max", MaxTag)
		}
		if e := textin.CheckLine(FieldTags, t); e != nil {
			return out, e
		}
		seen[strings.ToLower(t)] = true
		out = append(out, t)
	}
	if len(out) > MaxTags {
		return out[:MaxTags], apperr.Validation(FieldTags, "too_many").WithParam("max", MaxTags)
	}
	return out, nil
}

// fields is the stored form of a cleaned input.
func (in *Input) fields() store.Fields {
	tags, _ := json.Marshal(in.Tags)
	var owner any
	if in.OwnerID != "" {
		owner = in.OwnerID
	}
	return store.Fields{"name": in.Name, "document_id": in.DocumentID, "phone": in.Phone, "email": in.Email,
		"workspace_id": in.WorkspaceID, "tags": string(tags), "notes": in.Notes, "owner_id": owner}
}

// checkWorkspace validates a client's workspace: it exists, is not archived, and the
// actor acts in it.
func checkWorkspace(q store.Querier, inWorkspace func(string) bool, ws string) error {
	ok, err := exists(q, sq.Select("1").From("workspaces").Where(sq.Eq{"id": ws, "archived": 0}))
	if err != nil {
		return err
	}
	if !ok {
		return apperr.Validation(FieldWorkspaceID, "unknown")
	}
	if !inWorkspace(ws) {
		return apperr.PermissionDenied().WithField(FieldWorkspaceID)
	}
	return nil
}

// documentTaken reports whether another client of workspace ws has document id doc.
func documentTaken(q store.Querier, ws, doc, except string) (bool, error) {
	if doc == "" {
		return false, nil
	}
	return exists(q, sq.Select("1").From("clients").
		Where(sq.Eq{"workspace_id": ws, "document_id": doc}).Where(sq.NotEq{"id": except}))
}

// exists runs a query and reports whether it returns a row.
func exists(q store.Querier, b sq.SelectBuilder) (bool, error) {
	rows, err := q.Query(b.Limit(1))
	if err != nil {
		return false, apperr.Internal(err)
	}
	defer rows.Close()
	return rows.Next(), rows.Err()
}

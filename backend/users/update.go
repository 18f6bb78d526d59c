package users

import (
	"context"
	"slices"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
)

// UpdateInput is an edit of a user: only the fields that are set (not null) change.
// Setting Active to false deactivates the user with no hand-over (their clients become
// unassigned); use Deactivate to hand the portfolio over.
type UpdateInput struct {
	FirstName    *string   `json:"firstName,omitempty"`
	LastName     *string   `json:"lastName,omitempty"`
	Username     *string   `json:"username,omitempty"`
	Email        *string   `json:"email,omitempty"`
	Phone        *string   `json:"phone,omitempty"`
	Extension    *string   `json:"extension,omitempty"`
	Language     *string   `json:"language,omitempty"`
	Signature    *string   `json:"signature,omitempty"`
	ProfileID    *string   `json:"profileId,omitempty"`
	WorkspaceIDs *[]string `json:"workspaceIds,omitempty"`
	Active       *bool     `json:"active,omitempty"`
	// Skills and CustomFields replace the whole list when set.
	Skills       *[]Skill       `json:"skills,omitempty"`
	CustomFields *[]CustomField `json:"customFields,omitempty"`
}

// set lists the fields of in that are set, by their UpdateInput names.
func (in UpdateInput) set() []string {
	var out []string
	add := func(ok bool, name string) {
		if ok {
			out = append(out, name)
		}
	}
	add(in.FirstName != nil, FieldFirstName)
	add(in.LastName != nil, FieldLastName)
	add(in.Username != nil, FieldUsername)
	add(in.Email != nil, FieldEmail)
	add(in.Phone != nil, FieldPhone)
	add(in.Extension != nil, FieldExtension)
	add(in.Language != nil, FieldLanguage)
	add(in.Signature != nil, FieldSignature)
	add(in.ProfileID != nil, FieldProfile)
	add(in.WorkspaceIDs != nil, FieldWorkspaces)
	add(in.Active != nil, FieldActive)
	add(in.Skills != nil, FieldSkills)
	add(in.CustomFields != nil, FieldCustomFields)
	return out
}

// textChecks validates the text fields of an update into column values.
func textChecks(in UpdateInput) (store.Fields, error) {
	f := store.Fields{}
	checks := []struct {
		v     *string
		field string
		col   string
		check func(field, value string) (string, error)
	}{
		{in.FirstName, FieldFirstName, "first_name", checkName},
		{in.LastName, FieldLastName, "last_name", checkName},
		{in.Username, FieldUsername, "username", checkUsername},
		{in.Email, FieldEmail, "email", checkEmail},
		{in.Phone, FieldPhone, "phone", checkPhone},
		{in.Extension, FieldExtension, "extension", checkExtension},
		{in.Language, FieldLanguage, "language", checkLanguage},
		{in.Signature, FieldSignature, "signature", checkSignature},
	}
	for _, c := range checks {
		if c.v == nil {
			continue
		}
		v, err := c.check(c.field, *c.v)
		if err != nil {
			return nil, err
		}
		f[c.col] = v
	}
	if in.Skills != nil {
		v, err := checkSkills(*in.Skills)
		if err != nil {
			return nil, err
		}
		f["skills"] = v
	}
	if in.CustomFields != nil {
		v, err := checkCustomFields(*in.CustomFields)
		if err != nil {
			return nil, err
		}
		f["custom_fields"] = v
	}
	return f, nil
}

// Update edits user id under the guard rails (F2.6, F2.7, F4.2; see editable): a field the
// actor may not change on this user is permission_denied naming the field. Nobody changes
// their own profile, role or active state or their own e-mail; an administrator edits only
// the agents of their workspaces and gives only agent profiles whose modules they hold; an
// invited user's personal data is changed only by themself. All in one write.
func (s *Service) Update(ctx context.Context, a *access.Actor, id string, in UpdateInput) error {
	if err := access.Check(a, access.Need{}); err != nil {
		return err
	}
	if id != a.UserID && !a.Can(access.ModUsers) {
		return apperr.PermissionDenied()
	}
	f, err := textChecks(in)
	if err != nil {
		return err
	}
	return s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		t, err := loadTarget(tx, id)
		if err != nil {
			return err
		}
		if !visible(a, t) {
			return apperr.NotFound()
		}
		allowed := editable(a, t)
		for _, field := range in.set() {
			if !slices.Contains(allowed, field) {
				return apperr.PermissionDenied().WithField(field)
			}
		}
		for _, col := range []string{"username", "email"} {
			if v, ok := f[col]; ok {
				taken, err := exists(tx, sq.Select("1").From("users").Where(sq.And{sq.Eq{col: v}, sq.NotEq{"id": id}}))
				if err != nil {
					return err
				}
				if taken {
					return apperr.Conflict(col)
				}
			}
		}
		if in.ProfileID != nil {
			p, err := loadProfile(tx, FieldProfile, *in.ProfileID)
			if err != nil {
				return err
			}
			if err := mayGrant(a, p); err != nil {
				return err
			}
			f["profile_id"], f["role"] = p.ID, p.Role
		}
		if len(f) > 0 {
			if err := tx.Update("users", id, f); err != nil {
				return err
			}
		}
		if in.WorkspaceIDs != nil {
			if err := setWorkspaces(tx, a, t, *in.WorkspaceIDs); err != nil {
				return err
			}
		}
		if in.Active != nil && *in.Active != t.Active {
			if *in.Active {
				return reactivate(tx, t)
			}
			_, err := s.deactivate(tx, a, t, Handover{})
			return err
		}
		return nil
	})
}

// setWorkspaces replaces the workspaces of t that the actor acts in with ws; workspaces
// outside the actor's scope (an administrator's view) stay as they are.
func setWorkspaces(tx *store.Tx, a *access.Actor, t *target, ws []string) error {
	want, err := checkWorkspaces(tx, a, FieldWorkspaces, ws)
	if err != nil {
		return err
	}
	type link struct{ id, ws string }
	var have []link
	if err := eachPair(tx, sq.Select("id", "workspace_id").From("user_workspaces").Where(sq.Eq{"user_id": t.ID}),
		func(id, ws string) { have = append(have, link{id, ws}) }); err != nil {
		return err
	}
	for _, l := range have {
		if a.InWorkspace(l.ws) && !slices.Contains(want, l.ws) {
			if err := tx.Delete("user_workspaces", l.id); err != nil {
				return err
			}
		}
	}
	for _, w := range want {
		if !slices.Contains(t.Workspaces, w) {
			if err := tx.Insert("user_workspaces", store.PairID("user_workspaces", t.ID, w), store.Fields{"user_id": t.ID, "workspace_id": w}); err != nil {
				return err
			}
		}
	}
	return nil
}

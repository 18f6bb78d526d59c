package users

import (
	"context"
	"encoding/json"
	"slices"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
)

// Ref names a workspace, team or campaign.
type Ref struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// CampaignRef is a campaign a user belongs to, with their role in it.
type CampaignRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Role string `json:"role"` // agent or supervisor
}

// UserDetail is everything a user's profile page shows (F4), except secrets. Editable
// lists the UpdateInput fields the asking actor may change on this user, so the page can
// offer only those; the backend enforces the same list.
type UserDetail struct {
	User               UserRow       `json:"user"`
	Phone              string        `json:"phone"`
	Language           string        `json:"language"`
	Signature          string        `json:"signature"`
	Invited            bool          `json:"invited"`
	MustChangePassword bool          `json:"mustChangePassword"`
	UpdatedAt          string        `json:"updatedAt"`
	Workspaces         []Ref         `json:"workspaces"`
	Teams              []Ref         `json:"teams"`
	Campaigns          []CampaignRef `json:"campaigns"`
	ClientCount        int           `json:"clientCount"`
	OpenFollowups      int           `json:"openFollowups"`
	Editable           []string      `json:"editable"`
	CanDeactivate      bool          `json:"canDeactivate"`
	CanDelete          bool          `json:"canDelete"`
	Skills             []Skill       `json:"skills"`
	CustomFields       []CustomField `json:"customFields"`
	// Modules are the modules the user's profile opens (every module for the Owner).
	Modules          []string `json:"modules"`
	TwoFactorEnabled bool     `json:"twoFactorEnabled"`
	// Can says which actions of the page the asking actor may take on this user; Go
	// enforces each again.
	Can ProfileActions `json:"can"`
}

// ProfileActions are the header actions of a user's profile page (F2.9, F1.5, F5, F2.7).
type ProfileActions struct {
	ResetPassword     bool `json:"resetPassword"`
	ResetTwoFactor    bool `json:"resetTwoFactor"`
	ChangePhoto       bool `json:"changePhoto"`
	TransferOwnership bool `json:"transferOwnership"`
}

// Field names of UpdateInput, as Editable and coded errors name them.
const (
	FieldFirstName  = "firstName"
	FieldLastName   = "lastName"
	FieldUsername   = "username"
	FieldEmail      = "email"
	FieldPhone      = "phone"
	FieldExtension  = "extension"
	FieldLanguage   = "language"
	FieldSignature  = "signature"
	FieldProfile    = "profileId"
	FieldWorkspaces = "workspaceIds"
	FieldActive     = "active"
)

// personalFields are a user's own details (F4.2).
var personalFields = []string{FieldFirstName, FieldLastName, FieldPhone, FieldLanguage, FieldSignature,
	FieldSkills, FieldCustomFields}

// editable lists the fields actor a may change on user t (F2.6, F2.7, F4.2):
//   - on themself: their personal details; the Owner and administrators also their
//     username and extension; never their own e-mail, profile, role or active state;
//   - on a user they manage (see manages): profile, workspaces, active state, skills and
//     additional info, and the basic data too unless the user came from an invitation (that data is theirs);
//   - on anyone else: nothing.
func editable(a *access.Actor, t *target) []string {
	if a.UserID == t.ID {
		out := slices.Clone(personalFields)
		if a.Role == access.Owner || (a.Role == access.Admin && a.Can(access.ModUsers)) {
			out = append(out, FieldUsername, FieldExtension)
		}
		return out
	}
	if !manages(a, t) {
		return []string{}
	}
	out := []string{FieldProfile, FieldWorkspaces, FieldActive, FieldSkills, FieldCustomFields}
	if !t.Invited {
		out = append(out, FieldFirstName, FieldLastName, FieldUsername, FieldEmail, FieldPhone,
			FieldExtension, FieldLanguage, FieldSignature)
	}
	return out
}

// Get returns user id's profile page data. A user always sees themself; others need the
// Users module and a shared workspace (the Owner sees all): not_found otherwise, and
// permission_denied for an actor without the module asking about someone else.
func (s *Service) Get(ctx context.Context, a *access.Actor, id string) (*UserDetail, error) {
	if err := access.Check(a, access.Need{}); err != nil {
		return nil, err
	}
	if id != a.UserID && !a.Can(access.ModUsers) {
		return nil, apperr.PermissionDenied()
	}
	r := s.read(ctx)
	t, err := loadTarget(r, id)
	if err != nil {
		return nil, err
	}
	if !visible(a, t) {
		return nil, apperr.NotFound()
	}
	rows, err := s.rowsByID(ctx, []string{id})
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, apperr.NotFound()
	}
	d := &UserDetail{User: rows[0], Invited: t.Invited, MustChangePassword: t.MustChange,
		Workspaces: []Ref{}, Teams: []Ref{}, Campaigns: []CampaignRef{}, Editable: editable(a, t)}
	d.CanDeactivate = manages(a, t)
	d.CanDelete = d.CanDeactivate
	d.Can = ProfileActions{ResetPassword: d.CanDeactivate, ResetTwoFactor: d.CanDeactivate,
		ChangePhoto:       d.CanDeactivate || a.UserID == t.ID,
		TransferOwnership: a.Role == access.Owner && t.Role == string(access.Admin) && t.Active}
	var skills, custom, modules string
	if err := r.QueryRow(sq.Select("u.phone", "u.language", "u.signature", "u.updated_at", "u.skills", "u.custom_fields",
		"COALESCE(p.modules, '[]')", "EXISTS (SELECT 1 FROM user_totp WHERE user_id = u.id AND enabled = 1)").
		From("users u").LeftJoin("profiles p ON p.id = u.profile_id").Where(sq.Eq{"u.id": id})).
		Scan(&d.Phone, &d.Language, &d.Signature, &d.UpdatedAt, &skills, &custom, &modules, &d.TwoFactorEnabled); err != nil {
		return nil, apperr.Internal(err)
	}
	d.Skills, d.CustomFields = decodeSkills(skills), decodeCustomFields(custom)
	d.Modules = profileModules(t.Role, modules)
	refs := []struct {
		q  sq.SelectBuilder
		to *[]Ref
	}{
		{sq.Select("w.id", "w.name").From("user_workspaces uw").Join("workspaces w ON w.id = uw.workspace_id").
			Where(sq.Eq{"uw.user_id": id}).OrderBy("w.name"), &d.Workspaces},
		{sq.Select("t.id", "t.name").From("team_members tm").Join("teams t ON t.id = tm.team_id").
			Where(sq.Eq{"tm.user_id": id}).OrderBy("t.name"), &d.Teams},
	}
	for _, ref := range refs {
		if err := eachPair(r, ref.q, func(id, name string) { *ref.to = append(*ref.to, Ref{ID: id, Name: name}) }); err != nil {
			return nil, err
		}
	}
	cr, err := r.Query(sq.Select("c.id", "c.name", "cm.role").From("campaign_members cm").
		Join("campaigns c ON c.id = cm.campaign_id").Where(sq.Eq{"cm.user_id": id}).OrderBy("c.name"))
	if err != nil {
		return nil, apperr.Internal(err)
	}
	defer cr.Close()
	for cr.Next() {
		var c CampaignRef
		if err := cr.Scan(&c.ID, &c.Name, &c.Role); err != nil {
			return nil, apperr.Internal(err)
		}
		d.Campaigns = append(d.Campaigns, c)
	}
	if err := cr.Err(); err != nil {
		return nil, apperr.Internal(err)
	}
	if err := r.QueryRow(sq.Select().
		Column(sq.Expr("(SELECT COUNT(*) FROM clients WHERE owner_id = ?)", id)).
		Column(sq.Expr("(SELECT COUNT(*) FROM followups WHERE owner_id = ? AND done = 0)", id))).
		Scan(&d.ClientCount, &d.OpenFollowups); err != nil {
		return nil, apperr.Internal(err)
	}
	return d, nil
}

// profileModules lists the modules a profile opens, in the sidebar's order; the Owner's
// are all of them.
func profileModules(role, raw string) []string {
	var names []string
	_ = json.Unmarshal([]byte(raw), &names)
	out := []string{}
	for _, m := range access.AllModules {
		if role == string(access.Owner) || slices.Contains(names, string(m)) {
			out = append(out, string(m))
		}
	}
	return out
}

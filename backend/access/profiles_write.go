package access

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"unicode/utf8"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/textin"
)

// ProfileInput is the profile form. On update an empty Role keeps the profile's role, which
// cannot change (its users' role follows from it).
type ProfileInput struct {
	Name        string   `json:"name"`
	Role        string   `json:"role"`
	Icon        string   `json:"icon"` // one of ProfileIcons; empty: the role's default
	Description string   `json:"description"`
	Modules     []string `json:"modules"`
	// WorkspaceID scopes a new profile to one workspace; "" makes it organization-wide (the
	// Owner's only). An administrator's profile always belongs to one of their workspaces
	// (their first when none is given). Not changed by an update.
	WorkspaceID string `json:"workspaceId"`
}

// profileFields is a validated profile.
type profileFields struct {
	name, icon, description string
	role                    Role
	modules                 []Module
}

// validateProfile checks the form for a profile of role.
func validateProfile(in ProfileInput, role Role) (*profileFields, error) {
	f := &profileFields{role: role, name: strings.TrimSpace(in.Name), description: strings.TrimSpace(in.Description)}
	if role != Admin && role != Agent {
		return nil, apperr.Validation("role", "one_of").WithParam("allowed", []string{string(Admin), string(Agent)})
	}
	if f.name == "" {
		return nil, apperr.Validation("name", "required")
	}
	if utf8.RuneCountInString(f.name) > MaxProfileName {
		return nil, apperr.Validation("name", "too_long").WithParam("max", MaxProfileName)
	}
	if utf8.RuneCountInString(f.description) > MaxProfileDescription {
		return nil, apperr.Validation("description", "too_long").WithParam("max", MaxProfileDescription)
	}
	if e := textin.CheckLine("name", f.name); e != nil {
		return nil, e
	}
	if e := textin.CheckText("description", f.description); e != nil {
		return nil, e
	}
	f.icon = in.Icon
	if f.icon == "" {
		f.icon = map[Role]string{Admin: "shield", Agent: "headset"}[role]
	}
	if !slices.Contains(ProfileIcons, f.icon) {
		return nil, apperr.Validation("icon", "one_of").WithParam("allowed", ProfileIcons)
	}
	for _, name := range in.Modules {
		if !slices.Contains(AllModules, Module(name)) {
			return nil, apperr.Validation("modules", "unknown").WithParam("module", name)
		}
	}
	f.modules = ParseModules(in.Modules)
	if role == Agent {
		for _, m := range f.modules {
			if !slices.Contains(AgentProfileModules, m) {
				return nil, apperr.Validation("modules", "not_for_agents").WithParam("module", string(m))
			}
		}
	}
	return f, nil
}

// mayWrite applies who changes which profile (F2.7, F3.2): the Owner any; an administrator
// with the Profiles module only agent profiles, and only adding modules they hold themself.
// Modules already on the profile may stay or go.
func mayWrite(a *Actor, role Role, added []Module) error {
	if a.Role == Owner {
		return nil
	}
	if role != Agent {
		return apperr.PermissionDenied().WithField("role")
	}
	for _, m := range added {
		if !a.Can(m) {
			return apperr.PermissionDenied().WithField("modules").WithParam("module", string(m))
		}
	}
	return nil
}

// checkNameFree refuses a name another profile has, compared case-insensitively (Unicode).
func checkNameFree(tx *store.Tx, name, selfID string) error {
	rows, err := tx.Query(sq.Select("id", "name").From("profiles"))
	if err != nil {
		return apperr.Internal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, other string
		if err := rows.Scan(&id, &other); err != nil {
			return apperr.Internal(err)
		}
		if id != selfID && strings.EqualFold(other, name) {
			return apperr.Conflict("name")
		}
	}
	return rows.Err()
}

func modulesJSON(ms []Module) string {
	b, _ := json.Marshal(ms)
	return string(b)
}

// loadExisting reads profile id for a change to it, or returns not_found.
func loadExisting(tx *store.Tx, id string) (*ProfileRef, error) {
	p, err := LoadProfileRef(tx, id)
	if apperr.CodeOf(err) == apperr.CodeValidation {
		return nil, apperr.NotFound()
	}
	return p, err
}

var writeNeed = Need{Module: ModProfiles, Roles: []Role{Owner, Admin}}

// Create adds a custom profile and returns it. A name another profile has is
// conflict_unique on "name".
func (p *Profiles) Create(ctx context.Context, a *Actor, in ProfileInput) (*Profile, error) {
	if err := Check(a, writeNeed); err != nil {
		return nil, err
	}
	f, err := validateProfile(in, Role(in.Role))
	if err != nil {
		return nil, err
	}
	ws := in.WorkspaceID
	if ws == "" && a.Role != Owner && len(a.Workspaces) > 0 {
		ws = a.Workspaces[0]
	}
	if err := mayChange(a, profileScopeRef{role: f.role, workspaceID: ws}); err != nil {
		return nil, err
	}
	if err := mayWrite(a, f.role, f.modules); err != nil {
		return nil, err
	}
	id := store.NewID()
	err = p.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		if ws != "" {
			var n int
			if err := tx.QueryRow(sq.Select("COUNT(*)").From("workspaces").Where(sq.Eq{"id": ws})).Scan(&n); err != nil {
				return apperr.Internal(err)
			}
			if n == 0 {
				return apperr.Validation("workspaceId", "unknown")
			}
		}
		if err := checkNameFree(tx, f.name, ""); err != nil {
			return err
		}
		return tx.Insert("profiles", id, store.Fields{"name": f.name, "role": string(f.role), "icon": f.icon,
			"description": f.description, "modules": modulesJSON(f.modules), "builtin": false, "workspace_id": ws})
	})
	if err != nil {
		return nil, err
	}
	p.log.Info().Str("profile_id", id).Str("actor_id", a.UserID).Msg("profile created")
	return p.Get(ctx, a, id)
}

// Update changes profile id (built-in ones too: name, icon, description, modules). Its role
// cannot change (validation "immutable" on "role"). The modules take effect for its users at
// their next call: every bound call reads the actor's modules afresh.
func (p *Profiles) Update(ctx context.Context, a *Actor, id string, in ProfileInput) (*Profile, error) {
	if err := Check(a, writeNeed); err != nil {
		return nil, err
	}
	err := p.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		cur, err := loadExisting(tx, id)
		if err != nil {
			return err
		}
		if err := mayChange(a, scopeOf(tx, cur)); err != nil {
			return err
		}
		if in.Role != "" && Role(in.Role) != cur.Role {
			return apperr.Validation("role", "immutable")
		}
		f, err := validateProfile(in, cur.Role)
		if err != nil {
			return err
		}
		var added []Module
		for _, m := range f.modules {
			if !slices.Contains(cur.Modules, m) {
				added = append(added, m)
			}
		}
		if err := mayWrite(a, cur.Role, added); err != nil {
			return err
		}
		if err := checkNameFree(tx, f.name, id); err != nil {
			return err
		}
		return tx.Update("profiles", id, store.Fields{"name": f.name, "icon": f.icon, "description": f.description,
			"modules": modulesJSON(f.modules)})
	})
	if err != nil {
		return nil, err
	}
	p.log.Info().Str("profile_id", id).Str("actor_id", a.UserID).Msg("profile updated")
	return p.Get(ctx, a, id)
}

// Delete removes a custom profile no user has (F3.4): a built-in one is profile_builtin, one
// with users is profile_in_use with params.users, until they are moved to another profile.
// An administrator deletes only agent profiles.
func (p *Profiles) Delete(ctx context.Context, a *Actor, id string) error {
	if err := Check(a, writeNeed); err != nil {
		return err
	}
	err := p.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		cur, err := loadExisting(tx, id)
		if err != nil {
			return err
		}
		if err := mayChange(a, scopeOf(tx, cur)); err != nil {
			return err
		}
		if cur.Builtin {
			return apperr.New(CodeProfileBuiltin)
		}
		var n int
		if err := tx.QueryRow(sq.Select("COUNT(*)").From("users").Where(sq.Eq{"profile_id": id})).Scan(&n); err != nil {
			return apperr.Internal(err)
		}
		if n > 0 {
			return apperr.New(CodeProfileInUse).WithParam("users", n)
		}
		return tx.Delete("profiles", id)
	})
	if err == nil {
		p.log.Info().Str("profile_id", id).Str("actor_id", a.UserID).Msg("profile deleted")
	}
	return err
}

// scopeOf is whom profile cur belongs to.
func scopeOf(_ *store.Tx, cur *ProfileRef) profileScopeRef {
	return profileScopeRef{role: cur.Role, builtin: cur.Builtin, workspaceID: cur.WorkspaceID}
}

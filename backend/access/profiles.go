package access

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	sq "github.com/Masterminds/squirrel"
	"github.com/rs/zerolog"

	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
)

// ProfileIcons are the icon names a profile may have, in the order the icon picker shows
// them. The window draws each with the Ionicons 5 "<Name>Outline" icon of the same name
// (shield → ShieldOutline, chatbubbles → ChatbubblesOutline...). The built-in
// Administrator profile has "shield", the built-in Agent profile "headset".
var ProfileIcons = []string{"shield", "headset", "star", "ribbon", "person", "people",
	"briefcase", "call", "chatbubbles", "school", "trophy", "rocket"}

// Colours of a profile's icon, derived from its role (F3.2): agent profiles orange,
// administrator profiles light blue.
const (
	ColorAgent = "#F0A020"
	ColorAdmin = "#70C0E8"
)

// AgentProfileModules are the modules an agent profile may hold: an agent works on their own
// profile, clients and agenda, and may see the teams, campaigns and reports they are part of.
// The administration modules (Users, Profiles, Settings, Sync, Audit) belong to
// administrator profiles only, so an agent can never manage anyone (F2.7, F3.1).
var AgentProfileModules = []Module{ModTeams, ModCampaigns, ModClients, ModAgenda, ModReports}

// Limits of a profile's text fields, in code points.
const (
	MaxProfileName        = 60
	MaxProfileDescription = 75
)

// Codes of the profile errors.
const (
	// CodeProfileInUse: the profile has users (params.users = how many); move them first.
	CodeProfileInUse = "profile_in_use"
	// CodeProfileBuiltin: the built-in profiles cannot be deleted.
	CodeProfileBuiltin = "profile_builtin"
)

// RoleColor is the icon colour of a profile of role.
func RoleColor(role Role) string {
	if role == Admin {
		return ColorAdmin
	}
	return ColorAgent
}

// Profile is a profile as the window shows it (F3.2).
type Profile struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Role        string   `json:"role"` // admin | agent
	Icon        string   `json:"icon"`
	Color       string   `json:"color"`
	Description string   `json:"description"`
	Modules     []string `json:"modules"`
	Builtin     bool     `json:"builtin"`
	// WorkspaceID is the workspace the profile belongs to; "" for the whole organization.
	WorkspaceID string `json:"workspaceId"`
	// Editable says whether the caller may edit and delete it (mayChange): the Owner any, an
	// administrator only the agent profiles of their workspaces.
	Editable  bool   `json:"editable"`
	Users     int    `json:"users"` // how many users have it (pending ones included)
	CreatedAt string `json:"createdAt"`
	UpdatedAt string `json:"updatedAt"`
}

// Profiles is the profiles backend (F3.2–F3.4).
type Profiles struct {
	db  *store.DB
	log zerolog.Logger
}

// NewProfiles builds the profiles service on db.
func NewProfiles(db *store.DB, log zerolog.Logger) *Profiles {
	return &Profiles{db: db, log: log.With().Str("component", "profiles").Logger()}
}

// mayRead: the profiles are read by whoever manages profiles or users (the user forms pick a
// profile); agents get permission_denied.
func mayRead(a *Actor) error {
	if err := Check(a, Need{}); err != nil {
		return err
	}
	if !a.Can(ModProfiles) && !a.Can(ModUsers) {
		return apperr.PermissionDenied()
	}
	return nil
}

var profileColumns = []string{"p.id", "p.name", "p.role", "p.icon", "p.description", "p.modules", "p.builtin",
	"p.created_at", "p.updated_at", "(SELECT COUNT(*) FROM users u WHERE u.profile_id = p.id)", "p.workspace_id"}

// profileScope narrows a profile query to what the actor sees: the Owner every profile,
// anyone else the organization-wide ones and those of their workspaces.
func profileScope(b sq.SelectBuilder, a *Actor) sq.SelectBuilder {
	if a.Role == Owner {
		return b
	}
	return b.Where(sq.Or{sq.Eq{"p.workspace_id": ""}, sq.Eq{"p.workspace_id": a.Workspaces}})
}

// List returns every profile, administrator profiles first, then by name.
func (p *Profiles) List(ctx context.Context, a *Actor) ([]Profile, error) {
	if err := mayRead(a); err != nil {
		return nil, err
	}
	q, args, _ := profileScope(sq.Select(profileColumns...).From("profiles p"), a).OrderBy("p.role = 'agent'", "lower(p.name)", "p.id").ToSql()
	rows, err := p.db.Read().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	defer rows.Close()
	out := []Profile{}
	for rows.Next() {
		pr, err := scanProfile(rows)
		if err != nil {
			return nil, err
		}
		pr.Editable = mayChange(a, pr.scope()) == nil
		out = append(out, *pr)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Internal(err)
	}
	return out, nil
}

// Get returns profile id, or not_found.
func (p *Profiles) Get(ctx context.Context, a *Actor, id string) (*Profile, error) {
	if err := mayRead(a); err != nil {
		return nil, err
	}
	q, args, _ := profileScope(sq.Select(profileColumns...).From("profiles p"), a).Where(sq.Eq{"p.id": id}).ToSql()
	pr, err := scanProfile(p.db.Read().QueryRowContext(ctx, q, args...))
	if err != nil {
		return nil, err
	}
	pr.Editable = mayChange(a, pr.scope()) == nil
	return pr, nil
}

// scanProfile reads one row of profileColumns.
func scanProfile(r interface{ Scan(...any) error }) (*Profile, error) {
	var pr Profile
	var modules string
	err := r.Scan(&pr.ID, &pr.Name, &pr.Role, &pr.Icon, &pr.Description, &modules, &pr.Builtin, &pr.CreatedAt, &pr.UpdatedAt, &pr.Users, &pr.WorkspaceID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFound()
	}
	if err != nil {
		return nil, apperr.Internal(err)
	}
	var names []string
	if err := json.Unmarshal([]byte(modules), &names); err != nil {
		return nil, apperr.Internal(err)
	}
	pr.Modules = []string{}
	for _, m := range ParseModules(names) {
		pr.Modules = append(pr.Modules, string(m))
	}
	pr.Color = RoleColor(Role(pr.Role))
	return &pr, nil
}

// scope is what mayChange needs of a profile.
func (pr *Profile) scope() profileScopeRef {
	return profileScopeRef{role: Role(pr.Role), builtin: pr.Builtin, workspaceID: pr.WorkspaceID}
}

// profileScopeRef is whom a profile belongs to.
type profileScopeRef struct {
	role        Role
	builtin     bool
	workspaceID string
}

// mayChange is who changes (edits, deletes) which profile, whatever the change: the Owner
// any; an administrator with the Profiles module only an agent profile of one of their
// workspaces. Built-in and organization-wide profiles are the Owner's: they reach every
// workspace, so an administrator of one workspace must not reshape them for all the others.
func mayChange(a *Actor, p profileScopeRef) error {
	if a.Role == Owner {
		return nil
	}
	if a.Role != Admin || !a.Can(ModProfiles) {
		return apperr.PermissionDenied()
	}
	if p.builtin || p.workspaceID == "" {
		return apperr.PermissionDenied().WithField("workspaceId")
	}
	if !a.InWorkspace(p.workspaceID) {
		return apperr.PermissionDenied().WithField("workspaceId")
	}
	if p.role != Agent {
		return apperr.PermissionDenied().WithField("role")
	}
	return nil
}

// Package access holds Plantel's roles, modules and the one permission check every bound
// method makes with the signed-in actor.
package access

import (
	"slices"

	"github.com/plantel/plantel/backend/apperr"
)

// Role is one of the three built-in roles.
type Role string

// The built-in roles (PRODUCT.md F3.1).
const (
	Owner Role = "owner"
	Admin Role = "admin"
	Agent Role = "agent"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == Owner || r == Admin || r == Agent }

// Module is an area of the application a profile may open (PRODUCT.md F3.2).
type Module string

// The modules, in sidebar order.
const (
	ModUsers     Module = "users"
	ModProfiles  Module = "profiles"
	ModTeams     Module = "teams"
	ModCampaigns Module = "campaigns"
	ModClients   Module = "clients"
	ModAgenda    Module = "agenda"
	ModReports   Module = "reports"
	ModSettings  Module = "settings"
	ModSync      Module = "sync"
	ModAudit     Module = "audit"
)

// RetiredModules were modules once and may still be named in stored profiles; ParseModules
// drops them. "workspace" opened a "coming soon" page and was removed (issue 11): the
// workspaces a user belongs to are on their profile page and in Settings.
var RetiredModules = []string{"workspace"}

// AllModules lists every module in sidebar order.
var AllModules = []Module{ModUsers, ModProfiles, ModTeams, ModCampaigns, ModClients, ModAgenda,
	ModReports, ModSettings, ModSync, ModAudit}

// DefaultAdminModules are the modules of the built-in Administrator profile.
var DefaultAdminModules = []Module{ModUsers, ModProfiles, ModTeams, ModCampaigns, ModClients,
	ModAgenda, ModReports, ModSync, ModAudit}

// DefaultAgentModules are the modules of the built-in Agent profile.
var DefaultAgentModules = []Module{ModClients, ModAgenda}

// ParseModules keeps the known modules of names, in sidebar order, without duplicates.
func ParseModules(names []string) []Module {
	out := []Module{}
	for _, m := range AllModules {
		if slices.Contains(names, string(m)) {
			out = append(out, m)
		}
	}
	return out
}

// Actor is the signed-in user a backend operation acts for.
type Actor struct {
	UserID     string
	SessionID  string
	Role       Role
	Modules    []Module
	Workspaces []string
}

// Can reports whether the actor may open module m. The Owner may open everything.
func (a Actor) Can(m Module) bool {
	if a.Role == Owner {
		return true
	}
	return slices.Contains(a.Modules, m)
}

// InWorkspace reports whether the actor acts inside workspace ws; the Owner is in all.
func (a Actor) InWorkspace(ws string) bool {
	return a.Role == Owner || slices.Contains(a.Workspaces, ws)
}

// Need is what a bound method requires of its caller: a module, a minimum role, or both.
// The zero Need only requires a valid session.
type Need struct {
	Module Module
	// Roles, when set, lists the roles allowed at all.
	Roles []Role
}

// Check is the one permission check: it returns unauthenticated for a nil actor and
// permission_denied when the actor lacks the module or the role.
func Check(a *Actor, n Need) error {
	if a == nil || a.UserID == "" {
		return apperr.Unauthenticated()
	}
	if len(n.Roles) > 0 && !slices.Contains(n.Roles, a.Role) {
		return apperr.PermissionDenied()
	}
	if n.Module != "" && !a.Can(n.Module) {
		return apperr.PermissionDenied()
	}
	return nil
}

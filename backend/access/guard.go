package access

import "slices"

// Target is what the role guard rails need to know of the user an operation acts on. The
// workstation's services (backend/users) and the sync server (backend/server) both decide
// with ManagesUser, so the rules are written once.
type Target struct {
	ID         string
	Role       Role
	Workspaces []string
}

// SharesWorkspace reports whether the actor acts in one of the workspaces ws (the Owner in
// all).
func (a Actor) SharesWorkspace(ws []string) bool {
	if a.Role == Owner {
		return true
	}
	for _, w := range ws {
		if slices.Contains(a.Workspaces, w) {
			return true
		}
	}
	return false
}

// ManagesUser reports whether the actor may change another user's data and access (F2.7):
// the Owner manages everyone but themself; an administrator with the Users module manages
// the agents of their workspaces; an agent manages nobody; nobody manages the Owner.
func ManagesUser(a *Actor, t Target) bool {
	if a.UserID == t.ID || t.Role == Owner {
		return false
	}
	switch a.Role {
	case Owner:
		return true
	case Admin:
		return a.Can(ModUsers) && t.Role == Agent && a.SharesWorkspace(t.Workspaces)
	}
	return false
}

// NeedCreateUser is what creating (or inviting) a user takes (F2.1): the Users module, as the
// Owner or an administrator. The profile given must also pass MayGrant.
var NeedCreateUser = Need{Module: ModUsers, Roles: []Role{Owner, Admin}}

// NeedTransferOwnership is what handing ownership over takes: being the Owner (F2.7).
var NeedTransferOwnership = Need{Roles: []Role{Owner}}

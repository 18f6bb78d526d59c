package app

import (
	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/org"
)

// WorkspacesService is bound to the window: the workspaces of the organisation (F10) and the
// users of a workspace that member lists offer.
type WorkspacesService struct {
	core *Core
	org  *org.Service
}

// NewWorkspacesService binds the workspaces service to core.
func NewWorkspacesService(core *Core) *WorkspacesService {
	return &WorkspacesService{core: core, org: org.New(core.Accounts.DB())}
}

// List returns the workspaces the signed-in user sees: all for the Owner (archived ones
// too when withArchived), their own open ones for everybody else.
func (s *WorkspacesService) List(withArchived bool) ([]org.Workspace, error) {
	a, err := s.core.Actor(access.Need{})
	if err != nil {
		return nil, err
	}
	w, err := s.org.Workspaces(s.core.Context(), a, withArchived)
	return w, s.core.fail(err)
}

// Create adds a workspace (Owner only).
func (s *WorkspacesService) Create(name string) (*org.Workspace, error) {
	a, err := s.core.Actor(access.Need{})
	if err != nil {
		return nil, err
	}
	w, err := s.org.CreateWorkspace(s.core.Context(), a, name)
	return w, s.core.fail(err)
}

// Rename renames a workspace (Owner only).
func (s *WorkspacesService) Rename(id, name string) (*org.Workspace, error) {
	a, err := s.core.Actor(access.Need{})
	if err != nil {
		return nil, err
	}
	w, err := s.org.RenameWorkspace(s.core.Context(), a, id, name)
	return w, s.core.fail(err)
}

// SetArchived archives or unarchives a workspace (Owner only) and returns what it holds.
func (s *WorkspacesService) SetArchived(id string, archived bool) (*org.Workspace, error) {
	a, err := s.core.Actor(access.Need{})
	if err != nil {
		return nil, err
	}
	w, err := s.org.SetWorkspaceArchived(s.core.Context(), a, id, archived)
	return w, s.core.fail(err)
}

// Users lists the active users of a workspace, the "available" side of the member lists
// (Owner, or an administrator of that workspace).
func (s *WorkspacesService) Users(workspaceID string) ([]org.Person, error) {
	a, err := s.core.Actor(access.Need{})
	if err != nil {
		return nil, err
	}
	p, err := s.org.Candidates(s.core.Accounts.DB().Reader(s.core.Context()), a, workspaceID)
	return p, s.core.fail(err)
}

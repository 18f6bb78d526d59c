package app

import (
	"github.com/plantel/plantel/backend/access"
)

// ProfilesService is bound to the window: custom profiles inside the Administrator and
// Agent roles and the modules they open (F3.2–F3.4).
type ProfilesService struct {
	core     *Core
	profiles *access.Profiles
}

// NewProfilesService binds the profiles service to core.
func NewProfilesService(core *Core) *ProfilesService {
	return &ProfilesService{core: core, profiles: access.NewProfiles(core.Accounts.DB(), core.Log)}
}

// ProfileOptions is what the profile form offers: the icon names, every module, the
// modules an agent profile may hold (Workspace always included), and the icon colour of
// each role.
type ProfileOptions struct {
	Icons        []string          `json:"icons"`
	Modules      []string          `json:"modules"`
	AgentModules []string          `json:"agentModules"`
	Colors       map[string]string `json:"colors"`
	MaxName      int               `json:"maxName"`
	MaxDesc      int               `json:"maxDescription"`
}

// Options returns the fixed choices of the profile form; any signed-in user may read them.
func (s *ProfilesService) Options() (*ProfileOptions, error) {
	if _, err := s.core.Actor(access.Need{}); err != nil {
		return nil, err
	}
	o := &ProfileOptions{Icons: access.ProfileIcons, Modules: []string{}, AgentModules: []string{},
		Colors:  map[string]string{string(access.Admin): access.ColorAdmin, string(access.Agent): access.ColorAgent},
		MaxName: access.MaxProfileName, MaxDesc: access.MaxProfileDescription}
	for _, m := range access.AllModules {
		o.Modules = append(o.Modules, string(m))
	}
	for _, m := range access.AgentProfileModules {
		o.AgentModules = append(o.AgentModules, string(m))
	}
	return o, nil
}

// List returns every profile with its colour and number of users (Profiles or Users module).
func (s *ProfilesService) List() ([]access.Profile, error) {
	a, err := s.core.Actor(access.Need{})
	if err != nil {
		return nil, err
	}
	list, err := s.profiles.List(s.core.Context(), a)
	return list, s.core.fail(err)
}

// Get returns one profile.
func (s *ProfilesService) Get(id string) (*access.Profile, error) {
	a, err := s.core.Actor(access.Need{})
	if err != nil {
		return nil, err
	}
	p, err := s.profiles.Get(s.core.Context(), a, id)
	return p, s.core.fail(err)
}

var needProfiles = access.Need{Module: access.ModProfiles}

// Create adds a custom profile.
func (s *ProfilesService) Create(in access.ProfileInput) (*access.Profile, error) {
	a, err := s.core.Actor(needProfiles)
	if err != nil {
		return nil, err
	}
	p, err := s.profiles.Create(s.core.Context(), a, in)
	return p, s.core.fail(err)
}

// Update changes a profile (its role stays); its users get the new modules at once.
func (s *ProfilesService) Update(id string, in access.ProfileInput) (*access.Profile, error) {
	a, err := s.core.Actor(needProfiles)
	if err != nil {
		return nil, err
	}
	p, err := s.profiles.Update(s.core.Context(), a, id, in)
	return p, s.core.fail(err)
}

// Delete removes a custom profile nobody has (profile_in_use otherwise).
func (s *ProfilesService) Delete(id string) error {
	a, err := s.core.Actor(needProfiles)
	if err != nil {
		return err
	}
	return s.core.fail(s.profiles.Delete(s.core.Context(), a, id))
}

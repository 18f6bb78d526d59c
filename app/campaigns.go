package app

import (
	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/org"
)

// CampaignsService is bound to the window: campaigns, their members with campaign role
// and channels (F7), and a user's campaigns on their profile.
type CampaignsService struct {
	core *Core
	org  *org.Service
}

// NewCampaignsService binds the campaigns service to core.
func NewCampaignsService(core *Core) *CampaignsService {
	return &CampaignsService{core: core, org: org.New(core.Accounts.DB())}
}

var needCampaigns = access.Need{Module: access.ModCampaigns}

// List returns the campaigns the signed-in user sees, filtered; canEdit says which they
// may change (F7.3).
func (s *CampaignsService) List(q org.CampaignQuery) ([]org.Campaign, error) {
	a, err := s.core.Actor(needCampaigns)
	if err != nil {
		return nil, err
	}
	c, err := s.org.Campaigns(s.core.Context(), a, q)
	return c, s.core.fail(err)
}

// Get returns a campaign with its members.
func (s *CampaignsService) Get(id string) (*org.Campaign, error) {
	a, err := s.core.Actor(needCampaigns)
	if err != nil {
		return nil, err
	}
	c, err := s.org.GetCampaign(s.core.Context(), a, id)
	return c, s.core.fail(err)
}

// Create adds a campaign with its members and returns it.
func (s *CampaignsService) Create(in org.CampaignInput) (*org.Campaign, error) {
	a, err := s.core.Actor(needCampaigns)
	if err != nil {
		return nil, err
	}
	id, err := s.org.CreateCampaign(s.core.Context(), a, in)
	if err != nil {
		return nil, s.core.fail(err)
	}
	return s.Get(id)
}

// Update saves a campaign and its whole member set and returns it.
func (s *CampaignsService) Update(id string, in org.CampaignInput) (*org.Campaign, error) {
	a, err := s.core.Actor(needCampaigns)
	if err != nil {
		return nil, err
	}
	if err := s.org.UpdateCampaign(s.core.Context(), a, id, in); err != nil {
		return nil, s.core.fail(err)
	}
	return s.Get(id)
}

// Delete removes a campaign.
func (s *CampaignsService) Delete(id string) error {
	a, err := s.core.Actor(needCampaigns)
	if err != nil {
		return err
	}
	return s.core.fail(s.org.DeleteCampaign(s.core.Context(), a, id))
}

// AddTeam adds a team's active members not yet in the campaign; returns how many.
func (s *CampaignsService) AddTeam(campaignID, teamID string) (int, error) {
	a, err := s.core.Actor(needCampaigns)
	if err != nil {
		return 0, err
	}
	n, err := s.org.AddTeam(s.core.Context(), a, campaignID, teamID)
	return n, s.core.fail(err)
}

// TeamMembers lists a team's active members who are users of workspace workspaceID, for
// "Add a team" in a campaign form not saved yet.
func (s *CampaignsService) TeamMembers(teamID, workspaceID string) ([]org.Person, error) {
	a, err := s.core.Actor(needCampaigns)
	if err != nil {
		return nil, err
	}
	p, err := s.org.TeamMembersForCampaign(s.core.Context(), a, teamID, workspaceID)
	return p, s.core.fail(err)
}

// OfUser returns a user's campaigns (their profile's Campaigns tab); anyone may ask for
// themself.
func (s *CampaignsService) OfUser(userID string) (*org.UserCampaigns, error) {
	a, err := s.core.Actor(access.Need{})
	if err != nil {
		return nil, err
	}
	c, err := s.org.CampaignsOfUser(s.core.Context(), a, userID)
	return c, s.core.fail(err)
}

// SetMember adds a user to a campaign or changes their campaign role and channels.
func (s *CampaignsService) SetMember(campaignID string, m org.MemberInput) error {
	a, err := s.core.Actor(needCampaigns)
	if err != nil {
		return err
	}
	return s.core.fail(s.org.SetMember(s.core.Context(), a, campaignID, m))
}

// RemoveMember takes a user out of a campaign.
func (s *CampaignsService) RemoveMember(campaignID, userID string) error {
	a, err := s.core.Actor(needCampaigns)
	if err != nil {
		return err
	}
	return s.core.fail(s.org.RemoveMember(s.core.Context(), a, campaignID, userID))
}

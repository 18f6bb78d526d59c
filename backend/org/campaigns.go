package org

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"time"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/textin"
)

// Channels a campaign may use, in display order (F7.1).
var Channels = []string{"voice", "whatsapp", "email", "webchat", "sms", "facebook", "instagram", "telegram"}

// Campaign roles of a member (F7.2).
const (
	RoleAgent      = "agent"
	RoleSupervisor = "supervisor"
)

// Campaign is a campaign as the list and the drawer show it.
type Campaign struct {
	ID            string           `json:"id"`
	Name          string           `json:"name"`
	WorkspaceID   string           `json:"workspaceId"`
	WorkspaceName string           `json:"workspaceName"`
	Active        bool             `json:"active"`
	Channels      []string         `json:"channels"`
	StartsOn      string           `json:"startsOn"` // YYYY-MM-DD or ""
	EndsOn        string           `json:"endsOn"`
	Description   string           `json:"description"`
	MemberCount   int              `json:"memberCount"`
	IsMember      bool             `json:"isMember"` // the actor is a member
	CanEdit       bool             `json:"canEdit"`  // F7.3
	Members       []CampaignMember `json:"members,omitempty"`
}

// CampaignMember is a member with their campaign role and enabled channels.
type CampaignMember struct {
	Person
	CampaignRole string   `json:"campaignRole"`
	Channels     []string `json:"channels"`
}

// MemberInput is one member as a form saves it.
type MemberInput struct {
	UserID   string   `json:"userId"`
	Role     string   `json:"role"`
	Channels []string `json:"channels"`
}

// CampaignInput is a campaign as the drawer saves it, with its whole member set.
type CampaignInput struct {
	Name        string        `json:"name"`
	WorkspaceID string        `json:"workspaceId"`
	Active      bool          `json:"active"`
	Channels    []string      `json:"channels"`
	StartsOn    string        `json:"startsOn"`
	EndsOn      string        `json:"endsOn"`
	Description string        `json:"description"`
	Members     []MemberInput `json:"members"`
}

// CampaignQuery filters the campaign list. Active is "", "active" or "inactive".
type CampaignQuery struct {
	Search      string `json:"search"`
	WorkspaceID string `json:"workspaceId"`
	Active      string `json:"active"`
}

// campaignScope narrows a campaign query to what the actor sees: all for the Owner, the
// campaigns of their workspaces for an administrator, those they belong to for an agent.
func campaignScope(b sq.SelectBuilder, a *access.Actor) sq.SelectBuilder {
	switch a.Role {
	case access.Owner:
		return b
	case access.Admin:
		return b.Where(sq.Eq{"c.workspace_id": a.Workspaces})
	}
	return b.Where(sq.Eq{"c.workspace_id": a.Workspaces}).
		Where(sq.Expr("c.id IN (SELECT campaign_id FROM campaign_members WHERE user_id = ?)", a.UserID))
}

func campaignSelect(a *access.Actor) sq.SelectBuilder {
	return sq.Select("c.id", "c.name", "c.workspace_id", "COALESCE(w.name, '')", "c.active", "c.channels", "c.starts_on",
		"c.ends_on", "c.description", "(SELECT COUNT(*) FROM campaign_members m WHERE m.campaign_id = c.id)").
		Column("EXISTS (SELECT 1 FROM campaign_members m WHERE m.campaign_id = c.id AND m.user_id = ?)", a.UserID).
		From("campaigns c").LeftJoin("workspaces w ON w.id = c.workspace_id")
}

// canEditCampaign is F7.3: the Owner changes all; an administrator changes the campaigns of
// their workspaces they are a member of.
func canEditCampaign(a *access.Actor, ws string, member bool) bool {
	return a.Role == access.Owner || (a.Role == access.Admin && a.InWorkspace(ws) && member)
}

func scanCampaigns(a *access.Actor, rows *sql.Rows) ([]Campaign, error) {
	defer rows.Close()
	out := []Campaign{}
	for rows.Next() {
		var c Campaign
		var ch string
		if err := rows.Scan(&c.ID, &c.Name, &c.WorkspaceID, &c.WorkspaceName, &c.Active, &ch, &c.StartsOn, &c.EndsOn,
			&c.Description, &c.MemberCount, &c.IsMember); err != nil {
			return nil, apperr.Internal(err)
		}
		c.Channels = parseChannels(ch)
		c.CanEdit = canEditCampaign(a, c.WorkspaceID, c.IsMember)
		out = append(out, c)
	}
	return out, wrap(rows.Err())
}

// parseChannels reads a JSON array of channels, keeping the known ones in display order.
func parseChannels(s string) []string {
	var raw []string
	_ = json.Unmarshal([]byte(s), &raw)
	out := []string{}
	for _, c := range Channels {
		if slices.Contains(raw, c) {
			out = append(out, c)
		}
	}
	return out
}

func channelsJSON(ch []string) string {
	b, _ := json.Marshal(ch)
	return string(b)
}

// Campaigns lists the campaigns the actor sees, filtered and by name.
func (s *Service) Campaigns(ctx context.Context, a *access.Actor, q CampaignQuery) ([]Campaign, error) {
	b := campaignScope(campaignSelect(a), a).OrderBy("c.name COLLATE NOCASE", "c.id")
	if p := textin.Like(q.Search); p != "" {
		b = b.Where("(c.name LIKE ? ESCAPE '\\' OR c.description LIKE ? ESCAPE '\\')", p, p)
	}
	if q.WorkspaceID != "" {
		b = b.Where(sq.Eq{"c.workspace_id": q.WorkspaceID})
	}
	switch q.Active {
	case "active":
		b = b.Where(sq.Eq{"c.active": 1})
	case "inactive":
		b = b.Where(sq.Eq{"c.active": 0})
	}
	rows, err := s.db.Reader(ctx).Query(b)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	return scanCampaigns(a, rows)
}

// loadCampaign reads campaign id as the actor sees it, or not_found.
func loadCampaign(q store.Querier, a *access.Actor, id string) (*Campaign, error) {
	rows, err := q.Query(campaignScope(campaignSelect(a), a).Where(sq.Eq{"c.id": id}))
	if err != nil {
		return nil, apperr.Internal(err)
	}
	cs, err := scanCampaigns(a, rows)
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		return nil, apperr.NotFound()
	}
	return &cs[0], nil
}

// editableCampaign loads campaign id and checks F7.3.
func editableCampaign(q store.Querier, a *access.Actor, id string) (*Campaign, error) {
	c, err := loadCampaign(q, a, id)
	if err != nil {
		return nil, err
	}
	if a.Role != access.Owner && a.Role != access.Admin {
		return nil, apperr.PermissionDenied()
	}
	if !c.CanEdit {
		return nil, apperr.New(CodeCampaignNotMember)
	}
	return c, nil
}

// GetCampaign returns a campaign with its members.
func (s *Service) GetCampaign(ctx context.Context, a *access.Actor, id string) (*Campaign, error) {
	r := s.db.Reader(ctx)
	c, err := loadCampaign(r, a, id)
	if err != nil {
		return nil, err
	}
	c.Members, err = campaignMembers(r, id)
	return c, err
}

func campaignMembers(q store.Querier, id string) ([]CampaignMember, error) {
	rows, err := q.Query(sq.Select(personColumns...).Columns("m.role", "m.channels").From("campaign_members m").
		Join("users u ON u.id = m.user_id").Where(sq.Eq{"m.campaign_id": id}).OrderBy("u.first_name", "u.last_name", "u.username"))
	if err != nil {
		return nil, apperr.Internal(err)
	}
	defer rows.Close()
	out := []CampaignMember{}
	for rows.Next() {
		var m CampaignMember
		var ch string
		if m.Person, err = scanPerson(rows, &m.CampaignRole, &ch); err != nil {
			return nil, apperr.Internal(err)
		}
		m.Channels = parseChannels(ch)
		out = append(out, m)
	}
	return out, wrap(rows.Err())
}

// cleanChannels checks that every channel is known and returns them in display order.
func cleanChannels(field string, ch []string) ([]string, error) {
	for _, c := range ch {
		if !slices.Contains(Channels, c) {
			return nil, apperr.Validation(field, "one_of")
		}
	}
	return parseChannels(channelsJSON(ch)), nil
}

// within keeps the channels of ch that the campaign has (the subset invariant, F7.2).
func within(ch, campaign []string) []string {
	out := []string{}
	for _, c := range ch {
		if slices.Contains(campaign, c) {
			out = append(out, c)
		}
	}
	return out
}

func validDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// checkCampaign validates a campaign input in tx and returns it cleaned: member channels
// are narrowed to the campaign's channels.
func checkCampaign(tx *store.Tx, a *access.Actor, in CampaignInput) (CampaignInput, error) {
	var err error
	if in.Name, err = cleanName("name", in.Name); err != nil {
		return in, err
	}
	if in.Description, err = cleanDescription(in.Description); err != nil {
		return in, err
	}
	if err := openWorkspace(tx, a, "workspaceId", in.WorkspaceID); err != nil {
		return in, err
	}
	if in.Channels, err = cleanChannels("channels", in.Channels); err != nil {
		return in, err
	}
	for _, d := range []struct{ field, v string }{{"startsOn", in.StartsOn}, {"endsOn", in.EndsOn}} {
		if d.v != "" && !validDate(d.v) {
			return in, apperr.Validation(d.field, "date")
		}
	}
	if in.StartsOn != "" && in.EndsOn != "" && in.EndsOn < in.StartsOn {
		return in, apperr.New(CodeCampaignDates).WithField("endsOn")
	}
	members := []MemberInput{}
	ids := []string{}
	for _, m := range in.Members {
		if m.UserID == "" || slices.Contains(ids, m.UserID) {
			continue
		}
		if m, err = cleanMember(m, in.Channels); err != nil {
			return in, err
		}
		ids = append(ids, m.UserID)
		members = append(members, m)
	}
	in.Members = members
	return in, checkMembers(tx, "members", in.WorkspaceID, ids)
}

// cleanMember checks a member's role and channels and narrows them to the campaign's.
func cleanMember(m MemberInput, campaign []string) (MemberInput, error) {
	if m.Role == "" {
		m.Role = RoleAgent
	}
	if m.Role != RoleAgent && m.Role != RoleSupervisor {
		return m, apperr.Validation("members.role", "one_of")
	}
	ch, err := cleanChannels("members.channels", m.Channels)
	if err != nil {
		return m, err
	}
	m.Channels = within(ch, campaign)
	return m, nil
}

func campaignFields(in CampaignInput) store.Fields {
	return store.Fields{"name": in.Name, "workspace_id": in.WorkspaceID, "active": in.Active,
		"channels": channelsJSON(in.Channels), "starts_on": in.StartsOn, "ends_on": in.EndsOn, "description": in.Description}
}

// CreateCampaign adds a campaign with its members; the Owner anywhere, an administrator in
// their workspaces. An administrator who creates a campaign is made a supervisor of it with
// every channel (unless they listed themself), so they can go on changing it (F7.3).
func (s *Service) CreateCampaign(ctx context.Context, a *access.Actor, in CampaignInput) (string, error) {
	if !isManager(a) {
		return "", apperr.PermissionDenied()
	}
	if a.Role == access.Admin && !slices.ContainsFunc(in.Members, func(m MemberInput) bool { return m.UserID == a.UserID }) {
		in.Members = append(in.Members, MemberInput{UserID: a.UserID, Role: RoleSupervisor, Channels: in.Channels})
	}
	id := store.NewID()
	err := s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		in, err := checkCampaign(tx, a, in)
		if err != nil {
			return err
		}
		if err := tx.Insert("campaigns", id, campaignFields(in)); err != nil {
			return err
		}
		return setCampaignMembers(tx, id, in.Members)
	})
	if err != nil {
		return "", err
	}
	return id, nil
}

// UpdateCampaign saves a campaign and replaces its member set with in.Members, in one
// transaction. A channel removed from the campaign is removed from every member.
func (s *Service) UpdateCampaign(ctx context.Context, a *access.Actor, id string, in CampaignInput) error {
	return s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		if _, err := editableCampaign(tx, a, id); err != nil {
			return err
		}
		in, err := checkCampaign(tx, a, in)
		if err != nil {
			return err
		}
		if err := tx.Update("campaigns", id, campaignFields(in)); err != nil {
			return err
		}
		return setCampaignMembers(tx, id, in.Members)
	})
}

// DeleteCampaign removes a campaign and its memberships.
func (s *Service) DeleteCampaign(ctx context.Context, a *access.Actor, id string) error {
	return s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		if _, err := editableCampaign(tx, a, id); err != nil {
			return err
		}
		if err := setCampaignMembers(tx, id, nil); err != nil {
			return err
		}
		return tx.Delete("campaigns", id)
	})
}

// setCampaignMembers makes the member set of campaign id exactly want (already checked):
// removed members are deleted, new ones inserted, changed roles or channels updated.
func setCampaignMembers(tx *store.Tx, id string, want []MemberInput) error {
	have, err := memberRows(tx, "campaign_members", "campaign_id", id)
	if err != nil {
		return err
	}
	for uid, rid := range have {
		if !slices.ContainsFunc(want, func(m MemberInput) bool { return m.UserID == uid }) {
			if err := tx.Delete("campaign_members", rid); err != nil {
				return err
			}
		}
	}
	for _, m := range want {
		f := store.Fields{"role": m.Role, "channels": channelsJSON(m.Channels)}
		if rid, ok := have[m.UserID]; ok {
			if err := tx.Update("campaign_members", rid, f); err != nil {
				return err
			}
			continue
		}
		f["campaign_id"], f["user_id"] = id, m.UserID
		if err := tx.Insert("campaign_members", store.PairID("campaign_members", id, m.UserID), f); err != nil {
			return err
		}
	}
	return nil
}

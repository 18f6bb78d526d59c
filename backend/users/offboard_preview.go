package users

import (
	"context"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
)

// OffboardPreview says what a deactivation or deletion of a user will move, before it moves:
// the deactivation dialog shows it next to the recipients it asks for.
type OffboardPreview struct {
	Clients   int `json:"clients"`   // clients in the user's portfolio (they go to the recipients)
	Followups int `json:"followups"` // open follow-ups that go with them or to the clients' owners
	Teams     int `json:"teams"`     // team memberships that end
	Campaigns int `json:"campaigns"` // campaign memberships that end
}

// PreviewOffboard counts what Deactivate or Delete of user id would move. The same rules as
// theirs: the Users module, not oneself, only users the actor may manage (guardOther).
func (s *Service) PreviewOffboard(ctx context.Context, a *access.Actor, id string) (*OffboardPreview, error) {
	if err := access.Check(a, access.Need{Module: access.ModUsers}); err != nil {
		return nil, err
	}
	if id == a.UserID {
		return nil, apperr.PermissionDenied()
	}
	r := s.read(ctx)
	t, err := loadTarget(r, id)
	if err != nil {
		return nil, err
	}
	if err := guardOther(a, t); err != nil {
		return nil, err
	}
	p := &OffboardPreview{}
	counts := []struct {
		n *int
		q sq.SelectBuilder
	}{
		{&p.Clients, sq.Select("COUNT(*)").From("clients").Where(sq.Eq{"owner_id": id})},
		{&p.Followups, sq.Select("COUNT(*)").From("followups f").Join("clients c ON c.id = f.client_id").
			Where(sq.And{sq.Eq{"f.done": 0}, sq.Or{sq.Eq{"c.owner_id": id}, sq.Eq{"f.owner_id": id}}})},
		{&p.Teams, sq.Select("COUNT(*)").From("team_members").Where(sq.Eq{"user_id": id})},
		{&p.Campaigns, sq.Select("COUNT(*)").From("campaign_members").Where(sq.Eq{"user_id": id})},
	}
	for _, c := range counts {
		if err := r.QueryRow(c.q).Scan(c.n); err != nil {
			return nil, apperr.Internal(err)
		}
	}
	return p, nil
}

package users

import (
	"slices"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	portfolio "github.com/plantel/plantel/backend/clients"
	"github.com/plantel/plantel/backend/store"
)

// Handover says who receives a leaving user's client portfolio (F2.8): no one (the clients
// become unassigned), one user (all of it), or several with Spread (split evenly at random:
// portfolio sizes differ by at most one). Recipients must be active users the actor sees.
type Handover struct {
	ToUserIDs []string `json:"toUserIds"`
	Spread    bool     `json:"spread"`
}

// OffboardResult says what a deactivation or deletion moved and removed.
type OffboardResult struct {
	Clients    int `json:"clients"`    // clients handed over (or unassigned)
	Followups  int `json:"followups"`  // open follow-ups that went with them
	Teams      int `json:"teams"`      // team memberships removed
	Campaigns  int `json:"campaigns"`  // campaign memberships removed
	Sessions   int `json:"sessions"`   // open sessions on this workstation ended
	Recipients int `json:"recipients"` // users who received clients
	Unassigned int `json:"unassigned"` // clients left without an owner
}

// recipients validates a hand-over's recipients for leaving user t.
func recipients(q querier, a *access.Actor, t *target, h Handover) ([]string, error) {
	var out []string
	for _, id := range h.ToUserIDs {
		if slices.Contains(out, id) {
			continue
		}
		if id == t.ID {
			return nil, apperr.Validation("handover", "self")
		}
		r, err := loadTarget(q, id)
		if apperr.CodeOf(err) == apperr.CodeNotFound {
			return nil, apperr.Validation("handover", "unknown").WithParam("userId", id)
		}
		if err != nil {
			return nil, err
		}
		if a.Role != access.Owner && !sharesWorkspace(a, r.Workspaces) {
			return nil, apperr.Validation("handover", "unknown").WithParam("userId", id)
		}
		if !r.Active || r.Status != "active" {
			return nil, apperr.Validation("handover", "inactive_recipient").WithParam("userId", id)
		}
		out = append(out, id)
	}
	if len(out) > 1 && !h.Spread {
		return nil, apperr.Validation("handover", "spread_required")
	}
	return out, nil
}

// offboard does what deactivation and deletion share, inside the caller's write: hand the
// client portfolio and its open follow-ups over, remove team and campaign memberships and
// team leaderships, and end the user's sessions. With deleting, the user's done follow-ups
// lose their owner too (the client keeps its history).
func (s *Service) offboard(tx *store.Tx, a *access.Actor, t *target, h Handover, deleting bool) (*OffboardResult, error) {
	to, err := recipients(tx, a, t, h)
	if err != nil {
		return nil, err
	}
	res := &OffboardResult{Recipients: len(to)}
	clients, err := column(tx, sq.Select("id").From("clients").Where(sq.Eq{"owner_id": t.ID}).OrderBy("id"))
	if err != nil {
		return nil, err
	}
	if err := recipientsHoldWorkspaces(tx, t.ID, to); err != nil {
		return nil, err
	}
	if len(to) > 1 {
		s.shuffle(len(clients), func(i, j int) { clients[i], clients[j] = clients[j], clients[i] })
		to = slices.Clone(to)
		s.shuffle(len(to), func(i, j int) { to[i], to[j] = to[j], to[i] })
	}
	// The clients and their open follow-ups move like a portfolio transfer (one bulk
	// change with an outbox entry per row); the caller's audit entry describes it.
	moved, err := portfolio.Distribute(tx, clients, to, nil)
	if err != nil {
		return nil, err
	}
	if len(to) == 0 {
		res.Unassigned = len(clients)
	}
	res.Clients = len(clients)
	res.Followups = moved.Followups

	// Open follow-ups left with the user (on clients of others) go to whoever owns their
	// client now; done ones stay as history (on a deletion without an owner).
	fq := sq.Select("f.id", "CASE WHEN f.done = 0 THEN COALESCE(c.owner_id, '') ELSE '' END").From("followups f").
		Join("clients c ON c.id = f.client_id").Where(sq.Eq{"f.owner_id": t.ID})
	if !deleting {
		fq = fq.Where(sq.Eq{"f.done": 0})
	}
	type move struct{ id, owner string }
	var moves []move
	if err := eachPair(tx, fq, func(id, owner string) { moves = append(moves, move{id, owner}) }); err != nil {
		return nil, err
	}
	for _, m := range moves {
		var owner any
		if m.owner != "" && m.owner != t.ID {
			owner = m.owner
		}
		if err := tx.Update("followups", m.id, store.Fields{"owner_id": owner}); err != nil {
			return nil, err
		}
		res.Followups++
	}

	for _, link := range []struct {
		table string
		n     *int
	}{{"team_members", &res.Teams}, {"campaign_members", &res.Campaigns}} {
		ids, err := column(tx, sq.Select("id").From(link.table).Where(sq.Eq{"user_id": t.ID}))
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			if err := tx.Delete(link.table, id); err != nil {
				return nil, err
			}
		}
		*link.n = len(ids)
	}
	led, err := column(tx, sq.Select("id").From("teams").Where(sq.Eq{"leader_id": t.ID}))
	if err != nil {
		return nil, err
	}
	for _, id := range led {
		if err := tx.Update("teams", id, store.Fields{"leader_id": nil}); err != nil {
			return nil, err
		}
	}

	open, err := column(tx, sq.Select("id").From("sessions").Where(sq.Eq{"user_id": t.ID, "ended_at": ""}))
	if err != nil {
		return nil, err
	}
	now := tx.Now()
	for _, id := range open {
		if err := tx.Update("sessions", id, store.Fields{"ended_at": now, "end_reason": "deactivated"}); err != nil {
			return nil, err
		}
	}
	res.Sessions = len(open)
	return res, nil
}

// recipientsHoldWorkspaces checks that every recipient of a hand-over is a user of each
// workspace the leaving user's clients belong to: a client never lands in the portfolio of
// someone who cannot see it (F10).
func recipientsHoldWorkspaces(q querier, leaving string, to []string) error {
	if len(to) == 0 {
		return nil
	}
	ws, err := column(q, sq.Select("DISTINCT workspace_id").From("clients").Where(sq.Eq{"owner_id": leaving}))
	if err != nil || len(ws) == 0 {
		return err
	}
	for _, id := range to {
		held, err := column(q, sq.Select("workspace_id").From("user_workspaces").
			Where(sq.Eq{"user_id": id, "workspace_id": ws}))
		if err != nil {
			return err
		}
		if len(held) < len(ws) {
			return apperr.Validation("handover", "recipient_workspace").WithParam("userId", id)
		}
	}
	return nil
}

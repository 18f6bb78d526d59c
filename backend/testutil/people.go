package testutil

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/store"
)

// FastHasher hashes with the smallest argon2id parameters auth accepts, for tests that
// create many users (argon2 at full cost is slow under -race). Never use it in product code.
var FastHasher = auth.Hasher{Params: auth.HashParams{Memory: 64, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32}}

// Usernames of the users SeedPeople adds.
const (
	AdminBUsername   = "admin.b"
	AgentA2Username  = "agent.a2"
	AgentA3Username  = "agent.a3"
	AgentA4Username  = "agent.a4"
	InactiveUsername = "agent.off"
)

// People is what SeedPeople adds to the environment: an administrator of workspace B,
// three more agents and an inactive agent in A, a team and a campaign in A with Agent A as
// member (and team leader), and Agent A's client portfolio with follow-ups.
type People struct {
	AdminB                    string // admin in workspace B only
	AgentA2, AgentA3, AgentA4 string // active agents in A
	Inactive                  string // inactive agent in A
	Team, Campaign            string // in A; Agent A is a member of both and leads the team
	Clients                   []string
	OpenFollowups             []string // open follow-ups of Agent A on their clients
	DoneFollowups             []string // done follow-ups of Agent A
	OtherClient               string   // a client of Agent A2
}

// SeedPeople adds People to the environment through the write path, with clients clients
// in Agent A's portfolio (each with one open follow-up; the first also with a done one).
// Seeded users have the same password as the others (Password).
func (e *Env) SeedPeople(clients int) *People {
	e.T.Helper()
	ctx := context.Background()
	var hash string
	if err := e.DB.Read().QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = ?`, e.Admin).Scan(&hash); err != nil {
		e.T.Fatal(err)
	}
	p := &People{AdminB: store.NewID(), AgentA2: store.NewID(), AgentA3: store.NewID(), AgentA4: store.NewID(),
		Inactive: store.NewID(), Team: store.NewID(), Campaign: store.NewID(), OtherClient: store.NewID()}
	err := e.DB.Write(ctx, e.Owner, func(tx *store.Tx) error {
		users := []struct{ id, username, first, last, role, profile, ws string }{
			{p.AdminB, AdminBUsername, "Bogdan", "Łukasik", "admin", e.AdminProfile, e.WorkspaceB},
			{p.AgentA2, AgentA2Username, "José", "Núñez", "agent", e.AgentProfile, e.WorkspaceA},
			{p.AgentA3, AgentA3Username, "María", "Pérez", "agent", e.AgentProfile, e.WorkspaceA},
			{p.AgentA4, AgentA4Username, "Łukasz", "Żółć", "agent", e.AgentProfile, e.WorkspaceA},
			{p.Inactive, InactiveUsername, "Olaf", "Ørsted", "agent", e.AgentProfile, e.WorkspaceA},
		}
		for _, u := range users {
			active, status := true, "active"
			if u.id == p.Inactive {
				active, status = false, "inactive"
			}
			if err := tx.Insert("users", u.id, store.Fields{"username": u.username, "email": u.username + "@contactsur.test",
				"first_name": u.first, "last_name": u.last, "role": u.role, "profile_id": u.profile, "active": active,
				"status": status, "password_hash": hash, "language": "es"}); err != nil {
				return err
			}
			if err := tx.Insert("user_workspaces", store.NewID(), store.Fields{"user_id": u.id, "workspace_id": u.ws}); err != nil {
				return err
			}
		}
		channels, _ := json.Marshal([]string{"voice", "whatsapp"})
		steps := []func() error{
			func() error {
				return tx.Insert("teams", p.Team, store.Fields{"name": "Ventas Norte", "leader_id": e.AgentA, "active": true})
			},
			func() error {
				return tx.Insert("team_members", store.NewID(), store.Fields{"team_id": p.Team, "user_id": e.AgentA})
			},
			func() error {
				return tx.Insert("campaigns", p.Campaign, store.Fields{"name": "Verano 2027", "workspace_id": e.WorkspaceA,
					"active": true, "channels": string(channels)})
			},
			func() error {
				return tx.Insert("campaign_members", store.NewID(), store.Fields{"campaign_id": p.Campaign,
					"user_id": e.AgentA, "role": "agent", "channels": string(channels)})
			},
			func() error {
				return tx.Insert("clients", p.OtherClient, store.Fields{"name": "Other client", "workspace_id": e.WorkspaceA,
					"owner_id": p.AgentA2})
			},
		}
		for _, step := range steps {
			if err := step(); err != nil {
				return err
			}
		}
		due := store.Timestamp(e.Clock.Now().Add(24 * time.Hour))
		for i := range clients {
			c, f := store.NewID(), store.NewID()
			if err := tx.Insert("clients", c, store.Fields{"name": fmt.Sprintf("Client %03d", i), "workspace_id": e.WorkspaceA,
				"owner_id": e.AgentA}); err != nil {
				return err
			}
			if err := tx.Insert("followups", f, store.Fields{"client_id": c, "owner_id": e.AgentA, "due_at": due, "note": "call back"}); err != nil {
				return err
			}
			p.Clients, p.OpenFollowups = append(p.Clients, c), append(p.OpenFollowups, f)
			if i == 0 {
				d := store.NewID()
				if err := tx.Insert("followups", d, store.Fields{"client_id": c, "owner_id": e.AgentA, "due_at": due, "done": true}); err != nil {
					return err
				}
				p.DoneFollowups = append(p.DoneFollowups, d)
			}
		}
		return nil
	})
	if err != nil {
		e.T.Fatalf("seed people: %v", err)
	}
	return p
}

// ActorFor builds the actor of user id as a signed-in session would see it (role, profile
// modules, workspaces), without signing in: for backend tests that need many actors.
func (e *Env) ActorFor(id string) *access.Actor {
	e.T.Helper()
	ctx := context.Background()
	var role, modules string
	if err := e.DB.Read().QueryRowContext(ctx, `SELECT u.role, COALESCE(p.modules, '[]') FROM users u
		LEFT JOIN profiles p ON p.id = u.profile_id WHERE u.id = ?`, id).Scan(&role, &modules); err != nil {
		e.T.Fatalf("actor %s: %v", id, err)
	}
	var names []string
	if err := json.Unmarshal([]byte(modules), &names); err != nil {
		e.T.Fatal(err)
	}
	a := &access.Actor{UserID: id, SessionID: "test", Role: access.Role(role), Modules: access.ParseModules(names), Workspaces: []string{}}
	rows, err := e.DB.Read().QueryContext(ctx, `SELECT workspace_id FROM user_workspaces WHERE user_id = ? ORDER BY workspace_id`, id)
	if err != nil {
		e.T.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var ws string
		if err := rows.Scan(&ws); err != nil {
			e.T.Fatal(err)
		}
		a.Workspaces = append(a.Workspaces, ws)
	}
	if err := rows.Err(); err != nil {
		e.T.Fatal(err)
	}
	return a
}

package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/plantel/plantel/backend/store"
)

// Size is the dataset of one run.
type Size struct {
	Name      string
	Users     int
	Profiles  int
	Teams     int
	Campaigns int
	Clients   int
	Followups int
	Import    int // users imported by import_users_10k
	Reps      int // repetitions of each list operation
	MoveReps  int // repetitions of each portfolio move and import
}

// Sizes: the full dataset, --small (10× smaller) and --tiny (the smoke test).
var (
	FullSize  = Size{"full", 100_000, 40, 400, 200, 1_000_000, 200_000, 10_000, 40, 2}
	SmallSize = Size{"small", 10_000, 40, 40, 20, 100_000, 20_000, 1_000, 40, 3}
	TinySize  = Size{"tiny", 300, 6, 6, 4, 3_000, 600, 60, 1, 1}
)

var (
	firstNames = []string{"José", "María", "Łukasz", "Zofia", "Ana", "João", "Piotr", "Lucía", "Jan", "Małgorzata",
		"Pedro", "Inês", "Tomás", "Agnieszka", "Carlos", "Beatriz", "Paweł", "Sofía", "Miguel", "Katarzyna",
		"Álvaro", "Marta", "Gonçalo", "Joanna", "Raúl", "Núria", "Wojciech", "Camila", "Tiago", "Ewa"}
	lastNames = []string{"Núñez", "Pérez", "Żółć", "Wójcik", "García", "Gonçalves", "Kowalski", "Fernández", "Nowak",
		"Rodríguez", "Lewandowski", "Araújo", "Martínez", "Wiśniewska", "López", "Sánchez", "Dąbrowski", "Ramírez",
		"Silva", "Santos", "Kamińska", "Gómez", "Díaz", "Oliveira", "Zieliński", "Moreno", "Ferreira", "Szymańska",
		"Romero", "Costa", "Woźniak", "Alonso", "Pereira", "Kozłowski", "Navarro", "Almeida", "Jankowski", "Torres"}
	tagsPool = []string{"vip", "moroso", "nuevo", "b2b", "recall", "premium", "churn"}
)

// plan is the whole dataset, drawn from a fixed seed before anything is written, so the
// write path and the bare file get exactly the same rows.
type plan struct {
	now        string
	workspaces []string // 3
	profiles   []string // ids; [0] admin, [1] agent (builtin), the rest created
	profRole   map[string]string
	hash       string

	users []planUser
	// Special users (indexes into users): all active agents in every workspace.
	bigOwner, spreadOwner, transferTo int
	spreadTo                          []int
	searchOwner                       int // an agent with ~900 clients
	searchTerm                        string

	teams     []planTeam
	campaigns []planCampaign
	clients   []planClient
	followups []planFollowup
}

type planUser struct {
	id, username, email, first, last, role, profile, status, presence, lastActive string
	ws                                                                            []string
}

type planTeam struct {
	id, name, ws, leader string
	members              []string
}

type planCampaign struct {
	id, name, ws string
	members      []string
}

type planClient struct {
	id, name, doc, phone, email, ws, tags, owner string
}

type planFollowup struct {
	id, client, owner, due, note string
	done                         bool
}

// drawPlan draws the dataset. profiles and workspaces already exist (created by setup).
func drawPlan(sz Size, now time.Time, workspaces, profiles []string, profRole map[string]string, hash string) *plan {
	rnd := rand.New(rand.NewPCG(20261206, 10))
	p := &plan{now: store.Timestamp(now), workspaces: workspaces, profiles: profiles, profRole: profRole, hash: hash}
	// Agent profiles carry most users; every profile has some.
	var agentProfiles, adminProfiles []string
	for _, id := range profiles {
		if profRole[id] == "admin" {
			adminProfiles = append(adminProfiles, id)
		} else {
			agentProfiles = append(agentProfiles, id)
		}
	}
	statuses := []string{"active", "active", "active", "active", "active", "active", "active", "active", "inactive", "pending"}
	presences := []string{"online", "busy", "away", "offline"}
	p.users = make([]planUser, sz.Users)
	for i := range p.users {
		u := &p.users[i]
		u.id = store.NewID()
		u.first, u.last = firstNames[rnd.IntN(len(firstNames))], lastNames[rnd.IntN(len(lastNames))]
		u.username = fmt.Sprintf("u%07d", i)
		u.email = u.username + "@bench.test"
		u.role, u.profile = "agent", agentProfiles[rnd.IntN(len(agentProfiles))]
		if rnd.IntN(50) == 0 {
			u.role, u.profile = "admin", adminProfiles[rnd.IntN(len(adminProfiles))]
		}
		u.status = statuses[rnd.IntN(len(statuses))]
		u.presence = presences[rnd.IntN(len(presences))]
		u.lastActive = store.Timestamp(now.Add(-time.Duration(rnd.Int64N(int64(90 * 24 * time.Hour)))))
		u.ws = []string{workspaces[i%3]}
		if rnd.IntN(5) == 0 {
			u.ws = append(u.ws, workspaces[(i+1)%3])
		}
	}
	// The users portfolio moves act on: active agents of every workspace.
	p.bigOwner, p.spreadOwner, p.transferTo = 1, 2, 3
	for i := 4; i < 14; i++ {
		p.spreadTo = append(p.spreadTo, i)
	}
	for i := 1; i < 14; i++ {
		u := &p.users[i]
		u.role, u.profile, u.status, u.ws = "agent", profiles[1], "active", workspaces
	}
	p.searchOwner = 14
	p.users[14].status = "active"
	p.searchTerm = "mart" // Martínez, Marta: a common fragment, as in a real search box
	// 400 teams and 200 campaigns per 100,000 users, members drawn from their workspace.
	byWS := map[string][]string{}
	for _, u := range p.users {
		for _, w := range u.ws {
			byWS[w] = append(byWS[w], u.id)
		}
	}
	for i := range sz.Teams {
		ws := workspaces[i%3]
		t := planTeam{id: store.NewID(), name: fmt.Sprintf("Equipo %03d", i), ws: ws}
		pool := byWS[ws]
		for range max(2, sz.Users/5/sz.Teams) {
			t.members = append(t.members, pool[rnd.IntN(len(pool))])
		}
		t.members = uniq(t.members)
		t.leader = t.members[0]
		p.teams = append(p.teams, t)
	}
	for i := range sz.Campaigns {
		ws := workspaces[i%3]
		c := planCampaign{id: store.NewID(), name: fmt.Sprintf("Campaña %03d", i), ws: ws}
		pool := byWS[ws]
		for range max(2, sz.Users/5/sz.Campaigns) {
			c.members = append(c.members, pool[rnd.IntN(len(pool))])
		}
		c.members = uniq(c.members)
		p.campaigns = append(p.campaigns, c)
	}
	// Clients: a tenth to one big portfolio, a hundredth to the user whose portfolio is
	// spread, ~45% to agents with about 900 clients each, 45% to anyone, 5% unassigned.
	perAgent := 900
	portfolioAgents := max(1, sz.Clients*45/100/perAgent)
	p.clients = make([]planClient, sz.Clients)
	for i := range p.clients {
		c := &p.clients[i]
		c.id = store.NewID()
		first, last := firstNames[rnd.IntN(len(firstNames))], lastNames[rnd.IntN(len(lastNames))]
		c.name = first + " " + last + " " + lastNames[rnd.IntN(len(lastNames))]
		c.doc = fmt.Sprintf("%08d%c", rnd.IntN(100_000_000), 'A'+rune(rnd.IntN(26)))
		c.phone = fmt.Sprintf("+34 6%02d %03d %03d", rnd.IntN(100), rnd.IntN(1000), rnd.IntN(1000))
		c.email = fmt.Sprintf("c%07d@cliente.test", i)
		tags := []string{}
		if rnd.IntN(3) == 0 {
			tags = append(tags, tagsPool[rnd.IntN(len(tagsPool))])
		}
		b, _ := json.Marshal(tags)
		c.tags = string(b)
		var owner int
		switch r := rnd.IntN(1000); {
		case r < 100:
			owner = p.bigOwner
		case r < 110:
			owner = p.spreadOwner
		case r < 560:
			owner = p.searchOwner + rnd.IntN(portfolioAgents)
		case r < 950:
			owner = 14 + rnd.IntN(len(p.users)-14)
		default:
			owner = -1
		}
		if owner >= len(p.users) {
			owner = len(p.users) - 1
		}
		if owner < 0 {
			c.ws = workspaces[rnd.IntN(3)]
		} else {
			u := p.users[owner]
			c.owner = u.id
			c.ws = u.ws[rnd.IntN(len(u.ws))]
		}
	}
	p.followups = make([]planFollowup, sz.Followups)
	for i := range p.followups {
		c := p.clients[rnd.IntN(len(p.clients))]
		p.followups[i] = planFollowup{id: store.NewID(), client: c.id, owner: c.owner,
			due:  store.Timestamp(now.Add(time.Duration(rnd.Int64N(int64(60*24*time.Hour))) - 30*24*time.Hour)),
			note: "Llamar de nuevo", done: rnd.IntN(3) == 0}
	}
	return p
}

func uniq(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// row is one row to insert: table, id and columns. The same rows go through the write path
// (tx.Insert, with audit, outbox and field clocks) and, bare, into the other file.
type row struct {
	table string
	id    string
	f     store.Fields
}

func (p *plan) rows(emit func(row) error) error {
	stamp := store.Fields{"created_at": p.now, "updated_at": p.now}
	with := func(f store.Fields) store.Fields {
		for k, v := range stamp {
			f[k] = v
		}
		return f
	}
	for _, u := range p.users {
		if err := emit(row{"users", u.id, with(store.Fields{"username": u.username, "email": u.email,
			"first_name": u.first, "last_name": u.last, "role": u.role, "profile_id": u.profile, "active": int64(1),
			"status": u.status, "presence": u.presence, "last_active_at": u.lastActive, "password_hash": p.hash,
			"password_changed_at": p.now, "language": "es"})}); err != nil {
			return err
		}
		for _, w := range u.ws {
			if err := emit(row{"user_workspaces", store.NewID(), with(store.Fields{"user_id": u.id, "workspace_id": w})}); err != nil {
				return err
			}
		}
	}
	for _, t := range p.teams {
		if err := emit(row{"teams", t.id, with(store.Fields{"name": t.name, "workspace_id": t.ws, "leader_id": t.leader, "active": int64(1)})}); err != nil {
			return err
		}
		for _, m := range t.members {
			if err := emit(row{"team_members", store.NewID(), with(store.Fields{"team_id": t.id, "user_id": m})}); err != nil {
				return err
			}
		}
	}
	for _, c := range p.campaigns {
		if err := emit(row{"campaigns", c.id, with(store.Fields{"name": c.name, "workspace_id": c.ws, "active": int64(1),
			"channels": `["voice","whatsapp"]`})}); err != nil {
			return err
		}
		for _, m := range c.members {
			if err := emit(row{"campaign_members", store.NewID(), with(store.Fields{"campaign_id": c.id, "user_id": m,
				"role": "agent", "channels": `["voice"]`})}); err != nil {
				return err
			}
		}
	}
	for _, c := range p.clients {
		var owner any
		if c.owner != "" {
			owner = c.owner
		}
		if err := emit(row{"clients", c.id, with(store.Fields{"name": c.name, "document_id": c.doc, "phone": c.phone,
			"email": c.email, "workspace_id": c.ws, "tags": c.tags, "owner_id": owner})}); err != nil {
			return err
		}
	}
	for _, f := range p.followups {
		var owner any
		if f.owner != "" {
			owner = f.owner
		}
		done := int64(0)
		if f.done {
			done = 1
		}
		if err := emit(row{"followups", f.id, with(store.Fields{"client_id": f.client, "owner_id": owner,
			"due_at": f.due, "note": f.note, "done": done})}); err != nil {
			return err
		}
	}
	return nil
}

// bareInserter inserts rows with one prepared plain INSERT per table and column set.
type bareInserter struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

func (b *bareInserter) insert(ctx context.Context, r row) error {
	keys := make([]string, 0, len(r.f))
	for k := range r.f {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	sig := r.table + ":" + strings.Join(keys, ",")
	st := b.stmts[sig]
	if st == nil {
		q := fmt.Sprintf("INSERT INTO %s(id, %s) VALUES (?%s)", r.table, strings.Join(keys, ", "),
			strings.Repeat(", ?", len(keys)))
		var err error
		if st, err = b.tx.PrepareContext(ctx, q); err != nil {
			return err
		}
		b.stmts[sig] = st
	}
	args := make([]any, 0, len(keys)+1)
	args = append(args, r.id)
	for _, k := range keys {
		args = append(args, r.f[k])
	}
	_, err := st.ExecContext(ctx, args...)
	return err
}

func (b *bareInserter) close() {
	for _, st := range b.stmts {
		st.Close()
	}
}

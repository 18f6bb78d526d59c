package dashboard

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/testutil"
)

// TestFollowupFiguresFromTalliesMatchTheRows: the Owner's follow-up figures read from the
// counts kept against the cutoff (0076_followup_tallies.sql) equal the ones grouped from every
// open follow-up, with the cutoff before now, after now (a clock set back) and far away (moved),
// and after follow-ups are added, done, re-dated, handed to another owner and deleted.
func TestFollowupFiguresFromTalliesMatchTheRows(t *testing.T) {
	ctx := context.Background()
	env := testutil.NewEnv(t)
	people := env.SeedPeople(6)
	svc := New(env.DB).WithLocation(time.UTC)
	owners := []any{env.AgentA, env.AgentB, people.AgentA2, people.AgentA3, nil}
	clients := append([]string{people.OtherClient}, people.Clients...)
	rnd := rand.New(rand.NewPCG(1, 2))
	var ids []string
	// 120 follow-ups due from 3 days ago to 3 days ahead, a quarter done.
	if err := env.DB.Write(ctx, env.Owner, func(tx *store.Tx) error {
		for range 120 {
			id := store.NewID()
			due := env.Clock.Now().Add(time.Duration(rnd.IntN(6*24*60)-3*24*60) * time.Minute)
			if err := tx.Insert("followups", id, store.Fields{"client_id": clients[rnd.IntN(len(clients))],
				"owner_id": owners[rnd.IntN(len(owners))], "due_at": store.Timestamp(due), "done": rnd.IntN(4) == 0}); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	compare := func(step string) {
		t.Helper()
		now := env.Clock.Now().In(svc.loc)
		day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, svc.loc)
		for _, top := range []int{1, 3, 50} {
			want, err := followupFigures(env.DB.Reader(ctx), scope{kind: ScopeAll}, now, day, top)
			if err != nil {
				t.Fatal(err)
			}
			got, err := svc.followupFiguresAll(ctx, now, day, top)
			if err != nil {
				t.Fatal(err)
			}
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(want)
			if string(g) != string(w) {
				cutoff, _ := env.DB.FollowupCutoff(ctx)
				t.Fatalf("%s (top %d, now %s, cutoff %s):\n got %s\nwant %s", step, top, store.Timestamp(now), cutoff, g, w)
			}
		}
	}
	if err := env.DB.MoveFollowupCutoff(ctx, store.Timestamp(env.Clock.Now())); err != nil {
		t.Fatal(err)
	}
	compare("cutoff at now")
	for _, h := range []int{5, 20, 30} {
		env.Clock.Advance(time.Duration(h) * time.Hour)
		compare(fmt.Sprintf("%d h later", h))
	}
	env.Clock.Advance(-80 * time.Hour)
	compare("the clock set back before the cutoff")
	if err := env.DB.MoveFollowupCutoff(ctx, store.Timestamp(env.Clock.Now().Add(-50*time.Hour))); err != nil {
		t.Fatal(err)
	}
	compare("cutoff moved back")
	if err := env.DB.MoveFollowupCutoff(ctx, store.Timestamp(env.Clock.Now().Add(35*time.Hour))); err != nil {
		t.Fatal(err)
	}
	compare("cutoff moved ahead of now")
	if err := env.DB.Write(ctx, env.Owner, func(tx *store.Tx) error {
		for i, id := range ids[:40] {
			var err error
			switch i % 4 {
			case 0:
				err = tx.Update("followups", id, store.Fields{"done": true})
			case 1:
				// Across the cutoff both ways: far ahead, far back.
				err = tx.Update("followups", id, store.Fields{"due_at": store.Timestamp(env.Clock.Now().Add(time.Duration(i%8-3) * 100 * time.Hour))})
			case 2:
				err = tx.Update("followups", id, store.Fields{"owner_id": owners[i%len(owners)]})
			default:
				err = tx.Delete("followups", id)
			}
			if err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	compare("follow-ups done, re-dated, handed over, deleted")
	if err := env.DB.MoveFollowupCutoff(ctx, store.Timestamp(env.Clock.Now().Add(70*time.Hour))); err != nil {
		t.Fatal(err)
	}
	compare("cutoff moved further ahead")
	// Figures moves a cutoff more than a day away back near now; the figures do not change.
	if _, err := svc.Figures(ctx, env.ActorFor(env.Owner), Query{}); err != nil {
		t.Fatal(err)
	}
	if at, _ := env.DB.FollowupCutoff(ctx); at != store.Timestamp(env.Clock.Now()) {
		t.Fatalf("cutoff %s after Figures at %s", at, store.Timestamp(env.Clock.Now()))
	}
	compare("after Figures moved the cutoff")
}

// TestPortfolioFiguresFromTalliesMatchTheRows: the Owner's portfolio figures read from the
// tallies (owner_portfolios, portfolio_totals) equal the ones grouped from client_portfolios,
// with active agents holding nothing (size 0 in the median) and without, for odd and even
// numbers of owners.
func TestPortfolioFiguresFromTalliesMatchTheRows(t *testing.T) {
	ctx := context.Background()
	env := testutil.NewEnv(t)
	people := env.SeedPeople(3)
	env.SeedDashboard(people)
	compare := func(step string) {
		t.Helper()
		users, err := usersFigures(env.DB.Reader(ctx), scope{kind: ScopeAll})
		if err != nil {
			t.Fatal(err)
		}
		for _, top := range []int{1, 2, 50} {
			want, err := portfolioFiguresRows(env.DB.Reader(ctx), scope{kind: ScopeAll}, top, users.activeAgents)
			if err != nil {
				t.Fatal(err)
			}
			got, err := portfolioFiguresAll(env.DB.Reader(ctx), top, users.activeAgents, -1)
			if err != nil {
				t.Fatal(err)
			}
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(want)
			if string(g) != string(w) {
				t.Fatalf("%s (top %d):\n got %s\nwant %s", step, top, g, w)
			}
		}
	}
	compare("the seed")
	write := func(step string, fn func(tx *store.Tx) error) {
		t.Helper()
		if err := env.DB.Write(ctx, env.Owner, fn); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		compare(step)
	}
	// Every active agent gets clients: no size-0 owner left.
	var agents []string
	rows, err := env.DB.Read().Query(`SELECT id FROM users WHERE role = 'agent' AND status = 'active' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		agents = append(agents, id)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	for i, a := range agents {
		write(fmt.Sprintf("agent %d of %d holds clients", i+1, len(agents)), func(tx *store.Tx) error {
			for range i%3 + 1 {
				if err := tx.Insert("clients", store.NewID(), store.Fields{"name": "Klient", "workspace_id": env.WorkspaceA, "owner_id": a}); err != nil {
					return err
				}
			}
			return nil
		})
	}
	write("an agent deactivated", func(tx *store.Tx) error {
		return tx.Update("users", agents[0], store.Fields{"status": "inactive"})
	})
	write("an administrator holds clients", func(tx *store.Tx) error {
		return tx.Insert("clients", store.NewID(), store.Fields{"name": "Klient", "workspace_id": env.WorkspaceB, "owner_id": env.Admin})
	})
}

package server_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/plantel/plantel/backend/server"
	"github.com/plantel/plantel/backend/server/pgtest"
	"github.com/plantel/plantel/backend/server/servertest"
	"github.com/plantel/plantel/backend/syncwire"
)

// Two server processes' worth of servers on one PostgreSQL database, behind no balancer:
// workstations spread across them push concurrently (with competing usernames and edits
// of the same rows) and, once all pulled from either server, hold the same rows; exactly
// one of the competing users got each name.
func TestTwoServersOnePostgresConverge(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	a := servertest.Start(t, dsn)
	o := &org{srv: a, owner: newClient(t, a, "owner").as(ownerID)}
	c := o.owner
	c.mustAccept(c.change("users", ownerID, userFields("owner", "owner", nil)), c.change("profiles", "p-agent", map[string]any{"name": "Agent", "role": "agent", "modules": `["workspace"]`}))
	b := servertest.Start(t, dsn)
	var clients []*client
	for i := 0; i < 6; i++ {
		srv := a
		if i%2 == 1 {
			srv = b
		}
		clients = append(clients, newClient(t, srv, fmt.Sprintf("desk %d", i)).as(ownerID))
	}
	seed := rand.Uint64()
	t.Logf("seed %d", seed)
	var wg sync.WaitGroup
	var mu sync.Mutex
	wonName := map[string]int{}
	for i, cl := range clients {
		wg.Add(1)
		go func(i int, cl *client) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, uint64(i)))
			for round := 0; round < 6; round++ {
				var chs []syncwire.Change
				for k := 0; k < 5; k++ {
					switch rng.IntN(4) {
					case 0: // everyone races for the same few names
						name := fmt.Sprintf("name%d", rng.IntN(5))
						chs = append(chs, cl.change("users", fmt.Sprintf("u-%d-%d-%d", i, round, k), userFields(name, "agent", "p-agent")))
					case 1, 2: // and edits the same few clients
						chs = append(chs, cl.change("clients", fmt.Sprintf("c%d", rng.IntN(4)), map[string]any{"name": fmt.Sprintf("by %d.%d", i, round), "workspace_id": "w1"}))
					case 3:
						ch := cl.change("clients", fmt.Sprintf("c%d", rng.IntN(4)), nil)
						ch.Deleted = rng.IntN(2) == 0
						if !ch.Deleted {
							ch.Fields["notes"] = enc(fmt.Sprintf("note %d", round))
						}
						chs = append(chs, ch)
					}
				}
				r := cl.push(chs...)
				mu.Lock()
				for _, ch := range chs {
					if ch.Table == "users" {
						rejected := false
						for _, rj := range r.Rejected {
							if rj.ID == ch.ID {
								rejected = true
								if rj.Code != syncwire.CodeConflictUnique {
									t.Errorf("user %s: %+v", ch.ID, rj)
								}
							}
						}
						if !rejected {
							wonName[string(ch.Fields["username"])]++
						}
					}
				}
				mu.Unlock()
			}
		}(i, cl)
	}
	wg.Wait()
	for name, n := range wonName {
		if n != 1 {
			t.Errorf("username %s accepted %d times", name, n)
		}
	}
	var first map[string]syncwire.RowState
	for i, cl := range clients {
		rep, all := cl.pullAll()
		if i == 0 {
			first = rep
			t.Logf("%d changes in the log, %d rows", len(all), len(rep))
			continue
		}
		if len(rep) != len(first) {
			t.Fatalf("desk %d holds %d rows, desk 0 %d", i, len(rep), len(first))
		}
		for k, st := range rep {
			if !syncwire.Equal(st, first[k]) {
				t.Fatalf("desk %d and desk 0 differ on %s:\n%+v\n%+v", i, k, st, first[k])
			}
		}
	}
	// The replicas equal the server's own merged rows.
	if err := a.Storage.Write(context.Background(), func(tx server.Tx) error {
		for k, want := range first {
			tbl, id, _ := strings.Cut(k, "/")
			got, found, err := tx.Row(tbl, id)
			if err != nil || !found || !syncwire.Equal(got, want) {
				t.Errorf("server row %s = %+v (found %v, %v), replicas hold %+v", k, got, found, err, want)
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// Both servers serve the same log.
	ra, rb := clients[0].pull(0, 5000), clients[1].pull(0, 5000)
	if ra.Cursor != rb.Cursor || len(ra.Changes) != len(rb.Changes) {
		t.Fatalf("servers disagree: %d/%d vs %d/%d", ra.Cursor, len(ra.Changes), rb.Cursor, len(rb.Changes))
	}
}

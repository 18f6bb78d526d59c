package clients_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/plantel/plantel/backend/clients"
	"github.com/plantel/plantel/backend/store"
)

// The search of one portfolio (an owner filter, or an agent's own list) reads that
// portfolio's clients from the owner index and matches each one's search text: it finds
// exactly what the trigram index finds for those clients, accents and several words
// included. And walking the list with Next gives every client once, in order, for every sort.
func TestListOwnerSearchAndKeysetPaging(t *testing.T) {
	f := newFixture(t, 0)
	names := []string{"Martín Núñez", "Marta Łukasiewicz", "Ana Martínez", "Bruno Lima", "María Gómez",
		"Zoe Martins", "MARTA Pérez", "Jan Kowalski", "Martyna Wójcik", "Lucía Marti"}
	must(t, f.DB.Write(ctx, f.Owner, func(tx *store.Tx) error {
		for i, n := range names {
			owner := f.AgentA
			if i%3 == 2 {
				owner = f.P.AgentA3
			}
			if err := tx.Insert("clients", store.NewID(), store.Fields{"name": n, "workspace_id": f.WorkspaceA,
				"owner_id": owner, "phone": fmt.Sprintf("+34 600 00%d 11%d", i, i), "email": fmt.Sprintf("c%d@x.test", i)}); err != nil {
				return err
			}
		}
		return nil
	}))
	list := func(a string, q clients.ListQuery) *clients.Page {
		t.Helper()
		actor := f.OwnerA
		if a == "agent" {
			actor = f.AgA
		}
		p, err := f.Svc.List(ctx, actor, q)
		must(t, err)
		return p
	}
	rowNames := func(p *clients.Page) []string {
		out := []string{}
		for _, r := range p.Rows {
			out = append(out, r.Name)
		}
		return out
	}
	for _, search := range []string{"mart", "MARTÍ", "marta perez", "lukas", "00311", "x.test", "nobody"} {
		all := list("owner", clients.ListQuery{Search: search})
		var want []string
		for _, r := range all.Rows {
			if r.OwnerID == f.AgentA {
				want = append(want, r.Name)
			}
		}
		byOwner := list("owner", clients.ListQuery{Search: search, OwnerIDs: []string{f.AgentA}})
		asAgent := list("agent", clients.ListQuery{Search: search})
		if got := rowNames(byOwner); !slices.Equal(got, append([]string{}, want...)) && (len(got) != 0 || len(want) != 0) {
			t.Errorf("search %q with an owner filter: %v, want %v", search, got, want)
		}
		if got := rowNames(asAgent); !slices.Equal(got, rowNames(byOwner)) || asAgent.Total != byOwner.Total {
			t.Errorf("search %q as the agent: %v, want %v", search, got, rowNames(byOwner))
		}
	}
	if got := rowNames(list("owner", clients.ListQuery{Search: "mart", OwnerIDs: []string{f.AgentA}})); len(got) < 3 {
		t.Fatalf("the owner search found too little to mean anything: %v", got)
	}
	// Its pages: counted in the same pass, walked by cursor like any other list.
	whole := list("owner", clients.ListQuery{Search: "mart", OwnerIDs: []string{f.AgentA}})
	for _, who := range []string{"owner", "agent"} {
		q := clients.ListQuery{Search: "mart", Limit: 2}
		if who == "owner" {
			q.OwnerIDs = []string{f.AgentA}
		}
		p := list(who, q)
		if p.Total != whole.Total {
			t.Errorf("%s: first page of the portfolio search counts %d, want %d", who, p.Total, whole.Total)
		}
		walked := rowNames(p)
		for n := 0; p.Next != "" && n < 10; n++ {
			q.After = p.Next
			p = list(who, q)
			walked = append(walked, rowNames(p)...)
		}
		if !slices.Equal(walked, rowNames(whole)) {
			t.Errorf("%s: walked %v, want %v", who, walked, rowNames(whole))
		}
		q.After, q.Offset = "", 2
		if p := list(who, q); p.Total != whole.Total || !slices.Equal(rowNames(p), rowNames(whole)[2:min(4, len(whole.Rows))]) {
			t.Errorf("%s: the page at offset 2: %v of %d", who, rowNames(p), p.Total)
		}
	}

	for _, field := range []string{"name", "documentId", "phone", "email", "owner", "workspace", "created"} {
		for _, dir := range []string{"asc", "desc"} {
			so := clients.Sort{Field: field, Dir: dir}
			all := rowNames(list("owner", clients.ListQuery{Sort: so}))
			p := list("owner", clients.ListQuery{Sort: so, Limit: 3})
			walked := rowNames(p)
			for n := 0; p.Next != "" && n < 10; n++ {
				p = list("owner", clients.ListQuery{Sort: so, Limit: 3, After: p.Next})
				if p.Total != -1 {
					t.Errorf("%+v: a page after a cursor counted again", so)
				}
				walked = append(walked, rowNames(p)...)
			}
			if !slices.Equal(walked, all) {
				t.Errorf("%+v: walked %v, want %v", so, walked, all)
			}
		}
	}
	p := list("owner", clients.ListQuery{Limit: 2})
	if _, err := f.Svc.List(ctx, f.OwnerA, clients.ListQuery{Limit: 2, After: p.Next, Sort: clients.Sort{Field: "email"}}); err == nil {
		t.Error("a cursor of another sort was accepted")
	}
}

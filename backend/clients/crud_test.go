package clients_test

import (
	"testing"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/clients"
)

func TestCreateValidatesAndScopes(t *testing.T) {
	f := newFixture(t, 0)
	ws := f.WorkspaceA
	cases := []struct {
		name  string
		actor string
		in    clients.Input
		code  string
		field string
	}{
		{"name required", "admin", clients.Input{Name: "  ", WorkspaceID: ws}, apperr.CodeValidation, "name"},
		{"bad e-mail", "admin", clients.Input{Name: "Ana", Email: "ana@", WorkspaceID: ws}, apperr.CodeValidation, "email"},
		{"bad phone", "admin", clients.Input{Name: "Ana", Phone: "call me", WorkspaceID: ws}, apperr.CodeValidation, "phone"},
		{"workspace required", "admin", clients.Input{Name: "Ana"}, apperr.CodeValidation, "workspaceId"},
		{"unknown workspace", "admin", clients.Input{Name: "Ana", WorkspaceID: "nope"}, apperr.CodeValidation, "workspaceId"},
		{"admin outside their workspace", "admin", clients.Input{Name: "Ana", WorkspaceID: f.WorkspaceB}, apperr.CodePermissionDenied, "workspaceId"},
		{"owner of another workspace", "admin", clients.Input{Name: "Ana", WorkspaceID: ws, OwnerID: f.AgentB}, apperr.CodeValidation, "ownerId"},
		{"inactive owner", "admin", clients.Input{Name: "Ana", WorkspaceID: ws, OwnerID: f.P.Inactive}, apperr.CodeValidation, "ownerId"},
		{"agent gives a client to another", "agent", clients.Input{Name: "Ana", WorkspaceID: ws, OwnerID: f.P.AgentA2}, apperr.CodePermissionDenied, "ownerId"},
		{"too many tags", "admin", clients.Input{Name: "Ana", WorkspaceID: ws, Tags: []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "21"}}, apperr.CodeValidation, "tags"},
		{"admin, unassigned", "admin", clients.Input{Name: "Ana Álvarez", Email: " Ana@Example.com ", WorkspaceID: ws, Tags: []string{"vip", " VIP ", "mora"}}, "", ""},
		{"agent, own by default", "agent", clients.Input{Name: "Bea", WorkspaceID: ws}, "", ""},
		{"owner, anywhere", "owner", clients.Input{Name: "Zofia", WorkspaceID: f.WorkspaceB, OwnerID: f.AgentB}, "", ""},
	}
	actors := map[string]*access.Actor{"admin": f.AdminA, "agent": f.AgA, "owner": f.OwnerA}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := f.Svc.Create(ctx, actors[c.actor], c.in)
			if got := apperr.CodeOf(err); got != c.code {
				t.Fatalf("code %q want %q (%v)", got, c.code, err)
			}
			if c.field != "" && apperr.As(err).Field != c.field {
				t.Fatalf("field %q want %q", apperr.As(err).Field, c.field)
			}
		})
	}
}

func TestCreateNormalisesAndAgentSeesOnlyOwn(t *testing.T) {
	f := newFixture(t, 3) // Agent A owns 3 clients; Agent A2 owns "Other client"
	id, err := f.Svc.Create(ctx, f.AdminA, clients.Input{Name: "  Łucja   Núñez ", Email: " Lucja@Example.com ", Phone: "+34 600 123 456",
		DocumentID: "X-1", WorkspaceID: f.WorkspaceA, Tags: []string{"vip", " VIP ", "", "mora"}, OwnerID: f.AgentA})
	must(t, err)
	c, err := f.Svc.Get(ctx, f.AgA, id)
	must(t, err)
	if c.Name != "Łucja Núñez" || c.Email != "lucja@example.com" || len(c.Tags) != 2 || c.Tags[0] != "vip" || c.OwnerUsername != "agent.a" || c.WorkspaceName != "Lima" {
		t.Fatalf("client %+v", c)
	}
	// The same document ID twice in one workspace is refused; in another it is fine.
	_, err = f.Svc.Create(ctx, f.AdminA, clients.Input{Name: "Dup", DocumentID: "X-1", WorkspaceID: f.WorkspaceA})
	if apperr.CodeOf(err) != apperr.CodeConflictUnique || apperr.As(err).Field != "documentId" {
		t.Fatalf("duplicate document: %v", err)
	}
	_, err = f.Svc.Create(ctx, f.OwnerA, clients.Input{Name: "Dup", DocumentID: "X-1", WorkspaceID: f.WorkspaceB})
	must(t, err)

	// Agent A sees their 4 clients only; Agent A2 only theirs; admin of B none of A's.
	page, err := f.Svc.List(ctx, f.AgA, clients.ListQuery{})
	must(t, err)
	if page.Total != 4 {
		t.Fatalf("agent A sees %d", page.Total)
	}
	for _, r := range page.Rows {
		if r.OwnerID != f.AgentA {
			t.Fatalf("agent sees %+v", r)
		}
	}
	if _, err := f.Svc.Get(ctx, f.AgA2, id); apperr.CodeOf(err) != apperr.CodeNotFound {
		t.Fatalf("another agent's client: %v", err)
	}
	if err := f.Svc.Update(ctx, f.AgA2, id, clients.Input{Name: "Mine now", WorkspaceID: f.WorkspaceA, OwnerID: f.P.AgentA2}); apperr.CodeOf(err) != apperr.CodeNotFound {
		t.Fatalf("agent edits another's client: %v", err)
	}
	if _, err := f.Svc.Get(ctx, f.AdminB, id); apperr.CodeOf(err) != apperr.CodeNotFound {
		t.Fatalf("admin of B: %v", err)
	}
	page, err = f.Svc.List(ctx, f.AdminB, clients.ListQuery{})
	must(t, err)
	if page.Total != 1 {
		t.Fatalf("admin B sees %d", page.Total)
	}
	// An agent edits their own client but cannot give it away, nor delete it.
	in := clients.Input{Name: "Łucja N.", WorkspaceID: f.WorkspaceA, OwnerID: f.AgentA, Notes: "prefers mornings"}
	must(t, f.Svc.Update(ctx, f.AgA, id, in))
	in.OwnerID = f.P.AgentA2
	if err := f.Svc.Update(ctx, f.AgA, id, in); apperr.CodeOf(err) != apperr.CodePermissionDenied {
		t.Fatalf("agent gives away: %v", err)
	}
	if err := f.Svc.Delete(ctx, f.AgA, id); apperr.CodeOf(err) != apperr.CodePermissionDenied {
		t.Fatalf("agent deletes: %v", err)
	}
	// An administrator giving the client to someone else moves its open follow-ups too.
	must(t, f.Svc.Update(ctx, f.AdminA, f.P.Clients[0], clients.Input{Name: "Client 000", WorkspaceID: f.WorkspaceA, OwnerID: f.P.AgentA3}))
	if n := count(t, f, `SELECT COUNT(*) FROM followups WHERE client_id = ? AND done = 0 AND owner_id = ?`, f.P.Clients[0], f.P.AgentA3); n != 1 {
		t.Fatalf("open follow-up not moved: %d", n)
	}
	if n := count(t, f, `SELECT COUNT(*) FROM followups WHERE client_id = ? AND done = 1 AND owner_id = ?`, f.P.Clients[0], f.AgentA); n != 1 {
		t.Fatalf("done follow-up should stay: %d", n)
	}
	must(t, f.Svc.Delete(ctx, f.AdminA, f.P.Clients[0]))
	if n := count(t, f, `SELECT COUNT(*) FROM followups WHERE client_id = ?`, f.P.Clients[0]); n != 0 {
		t.Fatalf("follow-ups left %d", n)
	}
}

func TestListSearchFiltersSort(t *testing.T) {
	f := newFixture(t, 0)
	add := func(in clients.Input) string {
		t.Helper()
		if in.WorkspaceID == "" {
			in.WorkspaceID = f.WorkspaceA
		}
		id, err := f.Svc.Create(ctx, f.OwnerA, in)
		must(t, err)
		return id
	}
	add(clients.Input{Name: "Zoe Álvarez", Phone: "+34 600 123 456", Tags: []string{"vip"}, OwnerID: f.AgentA})
	add(clients.Input{Name: "Łucja Wiśniewska", Email: "lucja@firma.pl", DocumentID: "PL-778", Tags: []string{"mora"}})
	add(clients.Input{Name: "álvaro Pérez", DocumentID: "12345678Z", OwnerID: f.P.AgentA3})
	add(clients.Input{Name: "Bruno Lima", WorkspaceID: f.WorkspaceB, Tags: []string{"vip"}})
	names := func(q clients.ListQuery) []string {
		t.Helper()
		p, err := f.Svc.List(ctx, f.OwnerA, q)
		must(t, err)
		out := []string{}
		for _, r := range p.Rows {
			out = append(out, r.Name)
		}
		if len(out) != p.Total && q.Limit == 0 {
			t.Fatalf("total %d rows %d", p.Total, len(out))
		}
		return out
	}
	eq := func(got []string, want ...string) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("got %q want %q", got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("got %q want %q", got, want)
			}
		}
	}
	// Accent- and case-insensitive, by any field, substrings of the phone's digits too.
	eq(names(clients.ListQuery{Search: "ALVAREZ"}), "Zoe Álvarez")
	eq(names(clients.ListQuery{Search: "lucja wisn"}), "Łucja Wiśniewska")
	eq(names(clients.ListQuery{Search: "600123"}), "Zoe Álvarez")
	eq(names(clients.ListQuery{Search: "firma.pl"}), "Łucja Wiśniewska")
	eq(names(clients.ListQuery{Search: "5678z"}), "álvaro Pérez")
	eq(names(clients.ListQuery{Search: "pl"}), "Łucja Wiśniewska") // a short word still works
	eq(names(clients.ListQuery{Search: "nobody"}))
	// The name order folds accents and case; "Other client" comes from the seed.
	eq(names(clients.ListQuery{}), "álvaro Pérez", "Bruno Lima", "Łucja Wiśniewska", "Other client", "Zoe Álvarez")
	eq(names(clients.ListQuery{Sort: clients.Sort{Field: "name", Dir: "desc"}, Limit: 2}), "Zoe Álvarez", "Other client")
	eq(names(clients.ListQuery{Unassigned: true}), "Bruno Lima", "Łucja Wiśniewska")
	eq(names(clients.ListQuery{Unassigned: true, OwnerIDs: []string{f.AgentA}}), "Bruno Lima", "Łucja Wiśniewska", "Zoe Álvarez")
	eq(names(clients.ListQuery{Tags: []string{"vip"}, Workspaces: []string{f.WorkspaceA}}), "Zoe Álvarez")
	eq(names(clients.ListQuery{Sort: clients.Sort{Field: "owner"}, Workspaces: []string{f.WorkspaceA}}), "Zoe Álvarez", "Other client", "álvaro Pérez", "Łucja Wiśniewska")
	p, err := f.Svc.List(ctx, f.OwnerA, clients.ListQuery{Offset: 4, Limit: 2})
	must(t, err)
	if p.Total != 5 || len(p.Rows) != 1 {
		t.Fatalf("page %d rows of %d", len(p.Rows), p.Total)
	}
	o, err := f.Svc.Options(ctx, f.AdminA)
	must(t, err)
	if len(o.Workspaces) != 1 || len(o.Tags) != 2 {
		t.Fatalf("options %+v", o)
	}
}

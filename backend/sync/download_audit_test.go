package sync_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/audit"
	"github.com/plantel/plantel/backend/store"
)

// auditCreations is every creation the audit page lists for q to a, paging to the end, as
// "entity id by actor on device", sorted.
func auditCreations(t *testing.T, db *store.DB, a *access.Actor, q audit.Query) []string {
	t.Helper()
	svc := audit.New(db)
	var out []string
	q.Limit = 97
	for {
		p, err := svc.List(ctx, a, q)
		must(t, err)
		for _, e := range p.Rows {
			if e.Action == "create" {
				out = append(out, fmt.Sprintf("%s %s by %s on %s", e.Entity, e.EntityID, e.ActorID, e.WorkstationID))
			}
		}
		if p.Next == "" {
			break
		}
		q.Cursor = p.Next
	}
	slices.Sort(out)
	return out
}

// TestTheAuditPageListsADownloadsCreationsAsTheChangeByChangeApply: after a workstation's
// first download (rows created in bulk share one page entry each page), its audit page lists
// the creation of every row — user, client, team, membership… — with the remote actor and
// device, exactly as on a workstation that applied the same changes one at a time (each row
// its own creation entry): unfiltered, filtered by entity type and action, and searched by a
// user's username or a client's name or document; for the Owner and for an administrator of
// one workspace, who sees only the creations about it.
func TestTheAuditPageListsADownloadsCreationsAsTheChangeByChangeApply(t *testing.T) {
	t.Parallel()
	org, fast, slow := downloadAndApply(t)
	if n := count(t, fast, `SELECT COUNT(*) FROM sync_row_clock WHERE origin IS NOT NULL AND tbl IN ('users', 'clients')`); n < downloadClients*3/4 {
		t.Fatalf("%d users and clients created in bulk: the test needs the bulk path", n)
	}

	owner := &access.Actor{UserID: org.Owner, Role: access.Owner}
	// users[3] is in ws-madrid (user i is in workspace i%3).
	admin := &access.Actor{UserID: org.users[3], Role: access.Admin, Modules: []access.Module{access.ModAudit}, Workspaces: []string{"ws-madrid"}}
	// user000004 and client 64 (Piotr Smith, document 00000064K) are in ws-krakow; user000003
	// and client 66 (Ana Smith, 00000066K) in ws-madrid.
	for _, c := range []struct {
		q      audit.Query
		madrid bool // the administrator sees some
	}{
		{audit.Query{}, true},
		{audit.Query{Entity: "users"}, true},
		{audit.Query{Entity: "clients", Action: "create"}, true},
		{audit.Query{Action: "create", ActorID: org.Owner, WorkstationID: "dev-gen-1"}, true},
		{audit.Query{Search: "user000004"}, false},
		{audit.Query{Search: "user000003"}, true},
		{audit.Query{Search: "Piotr Smith 64"}, false},
		{audit.Query{Search: "ana smith 66"}, true},
		{audit.Query{Search: "00000064K"}, false},
		{audit.Query{Search: "00000066K"}, true},
	} {
		for _, a := range []*access.Actor{owner, admin} {
			got, want := auditCreations(t, fast, a, c.q), auditCreations(t, slow, a, c.q)
			if !slices.Equal(got, want) {
				t.Errorf("%s, %+v: the download's audit page lists %d creations, the change-by-change apply's %d:\n%s",
					a.Role, c.q, len(got), len(want), diffLines(strings.Join(got, "\n"), strings.Join(want, "\n")))
			}
			if (a == owner || c.madrid) && len(want) == 0 || a == admin && !c.madrid && len(want) != 0 {
				t.Errorf("%s, %+v: %d creations", a.Role, c.q, len(want))
			}
		}
	}
}

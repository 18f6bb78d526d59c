package dashboard_test

import (
	"testing"

	"github.com/plantel/plantel/backend/dashboard"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/testutil"
)

// The home page of a new organization says what to do next from these counts: the Owner
// counts everything, an administrator their workspaces, an agent gets nothing to set up.
func TestGettingStartedCountsWhatIsSetUp(t *testing.T) {
	env := testutil.NewEnv(t)
	svc := dashboard.New(env.DB)
	g, err := svc.GettingStarted(ctx, env.ActorFor(env.Owner))
	if err != nil {
		t.Fatal(err)
	}
	// The fixture: an administrator and two agents besides the Owner, no custom profile yet.
	if !g.Applies || g.People != 3 || g.CustomProfiles != 0 || g.Teams != 0 || g.Campaigns != 0 || g.Clients != 0 {
		t.Fatalf("owner %+v", g)
	}
	if err := env.DB.Write(ctx, env.Owner, func(tx *store.Tx) error {
		return tx.Insert("teams", store.NewID(), store.Fields{"name": "Ventas B", "workspace_id": env.WorkspaceB, "active": true})
	}); err != nil {
		t.Fatal(err)
	}
	if g, _ = svc.GettingStarted(ctx, env.ActorFor(env.Owner)); g.Teams != 1 {
		t.Fatalf("owner after a team %+v", g)
	}
	// The administrator of A does not count the team of workspace B.
	ga, err := svc.GettingStarted(ctx, env.ActorFor(env.Admin))
	if err != nil {
		t.Fatal(err)
	}
	if !ga.Applies || ga.Teams != 0 {
		t.Fatalf("admin of A %+v", ga)
	}
	gg, err := svc.GettingStarted(ctx, env.ActorFor(env.AgentA))
	if err != nil || gg.Applies {
		t.Fatalf("agent %+v %v", gg, err)
	}
}

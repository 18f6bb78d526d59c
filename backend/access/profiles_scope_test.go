package access_test

import (
	"testing"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
)

// Built-in and organization-wide profiles are the Owner's; an administrator makes, sees,
// edits and deletes only the agent profiles of their own workspaces (issue 12).
func TestProfilesBelongToTheOrganizationOrOneWorkspace(t *testing.T) {
	f := setup(t)
	env := f.env
	in := func(name, ws string) access.ProfileInput {
		return access.ProfileInput{Name: name, Role: "agent", Modules: []string{"clients"}, WorkspaceID: ws}
	}
	wide, err := f.svc.Create(ctx, f.owner, in("Whole organization", ""))
	if err != nil || wide.WorkspaceID != "" || !wide.Editable {
		t.Fatalf("owner's organization-wide profile: %+v %v", wide, err)
	}
	ofB, err := f.svc.Create(ctx, f.owner, in("Kraków only", env.WorkspaceB))
	if err != nil || ofB.WorkspaceID != env.WorkspaceB {
		t.Fatalf("owner's profile of B: %+v %v", ofB, err)
	}
	// The administrator of A: their profile lands in A (none named), another workspace's is refused.
	mine, err := f.svc.Create(ctx, f.admin, in("Lima retention", ""))
	if err != nil || mine.WorkspaceID != env.WorkspaceA || !mine.Editable {
		t.Fatalf("admin's profile: %+v %v", mine, err)
	}
	if _, err := f.svc.Create(ctx, f.admin, in("Into B", env.WorkspaceB)); code(err) != apperr.CodePermissionDenied {
		t.Fatalf("admin of A creates in B: %v", err)
	}
	if _, err := f.svc.Update(ctx, f.admin, wide.ID, in("Renamed", "")); code(err) != apperr.CodePermissionDenied {
		t.Fatalf("admin edits an organization-wide profile: %v", err)
	}
	if _, err := f.svc.Update(ctx, f.admin, env.AgentProfile, access.ProfileInput{Name: "Agent", Modules: []string{}}); code(err) != apperr.CodePermissionDenied {
		t.Fatalf("admin empties the built-in Agent profile: %v", err)
	}
	if _, err := f.svc.Update(ctx, f.admin, mine.ID, in("Lima retention 2", "")); err != nil {
		t.Fatalf("admin edits their workspace's profile: %v", err)
	}
	// What the administrator sees: the organization's and A's, each saying whether it is theirs.
	list, err := f.svc.List(ctx, f.admin)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, p := range list {
		seen[p.ID] = p.Editable
	}
	if _, ok := seen[ofB.ID]; ok {
		t.Fatal("the administrator of A sees a profile of B")
	}
	if seen[wide.ID] || seen[env.AgentProfile] || !seen[mine.ID] {
		t.Fatalf("editable flags %v", seen)
	}
	if _, err := f.svc.Get(ctx, f.admin, ofB.ID); code(err) != apperr.CodeNotFound {
		t.Fatalf("admin of A gets a profile of B: %v", err)
	}
	if err := f.svc.Delete(ctx, f.admin, mine.ID); err != nil {
		t.Fatalf("admin deletes their workspace's profile: %v", err)
	}
}

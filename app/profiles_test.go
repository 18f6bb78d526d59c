package app_test

import (
	"fmt"
	"testing"

	"github.com/plantel/plantel/app"
	"github.com/plantel/plantel/backend/access"
)

// TestProfilesServicePermissions is the scenario table of every ProfilesService method.
func TestProfilesServicePermissions(t *testing.T) {
	svc := func(c *app.Core) *app.ProfilesService { return app.NewProfilesService(c) }
	// newProfile makes an agent profile of workspace ws ("" = organization-wide) as the Owner.
	newProfile := func(t *testing.T, e *secEnv, ws string) string {
		p, err := access.NewProfiles(e.env.DB, e.env.Logger).Create(bg, e.actor(t, e.env.Owner),
			access.ProfileInput{Name: fmt.Sprintf("Temp %d", e.unique()), Role: "agent", Modules: []string{"clients"}, WorkspaceID: ws})
		if err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	runScenarios(t, []scenario{
		{"Options", func(t *testing.T, e *secEnv, c *app.Core) error { _, err := svc(c).Options(); return err },
			[5]string{unauth, "", "", "", ""}},
		{"List", func(t *testing.T, e *secEnv, c *app.Core) error { _, err := svc(c).List(); return err },
			[5]string{unauth, denied, "", "", ""}},
		{"Get", func(t *testing.T, e *secEnv, c *app.Core) error { _, err := svc(c).Get(e.env.AgentProfile); return err },
			[5]string{unauth, denied, "", "", ""}},
		{"Create", func(t *testing.T, e *secEnv, c *app.Core) error {
			_, err := svc(c).Create(access.ProfileInput{Name: fmt.Sprintf("Night %d", e.unique()), Role: "agent", Icon: "star",
				Modules: []string{"clients", "agenda"}})
			return err
		}, [5]string{unauth, denied, "", "", ""}},
		{"Create admin profile", func(t *testing.T, e *secEnv, c *app.Core) error {
			_, err := svc(c).Create(access.ProfileInput{Name: fmt.Sprintf("Leads %d", e.unique()), Role: "admin", Modules: []string{"users"}})
			return err
		}, [5]string{unauth, denied, denied, denied, ""}},
		// Built-in and organization-wide profiles are the Owner's (issue 12: an administrator of
		// one workspace emptied the built-in Agent profile, locking every agent out).
		{"Update built-in", func(t *testing.T, e *secEnv, c *app.Core) error {
			_, err := svc(c).Update(e.env.AgentProfile, access.ProfileInput{Name: fmt.Sprintf("Agent %d", e.unique()), Icon: "headset",
				Modules: []string{}})
			return err
		}, [5]string{unauth, denied, denied, denied, ""}},
		{"Update of workspace A", func(t *testing.T, e *secEnv, c *app.Core) error {
			_, err := svc(c).Update(newProfile(t, e, e.env.WorkspaceA), access.ProfileInput{Name: fmt.Sprintf("Night %d", e.unique()), Modules: []string{"agenda"}})
			return err
		}, [5]string{unauth, denied, denied, "", ""}},
		{"Delete organization-wide", func(t *testing.T, e *secEnv, c *app.Core) error { return svc(c).Delete(newProfile(t, e, "")) },
			[5]string{unauth, denied, denied, denied, ""}},
		{"Delete of workspace A", func(t *testing.T, e *secEnv, c *app.Core) error {
			return svc(c).Delete(newProfile(t, e, e.env.WorkspaceA))
		},
			[5]string{unauth, denied, denied, "", ""}},
		{"Delete built-in", func(t *testing.T, e *secEnv, c *app.Core) error { return svc(c).Delete(e.env.AgentProfile) },
			[5]string{unauth, denied, denied, denied, access.CodeProfileBuiltin}},
	})
}

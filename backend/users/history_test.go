package users_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/org"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/testutil"
	"github.com/plantel/plantel/backend/users"
)

func TestHistory(t *testing.T) {
	f := newFixture(t, 0)
	must(t, f.Svc.Update(ctx, f.AdminA, f.AgentA, users.UpdateInput{Phone: ptr("+51 1 234 5678")}))
	f.Clock.Advance(time.Millisecond)
	must(t, f.Svc.Update(ctx, f.AgentAA, f.AgentA, users.UpdateInput{Language: ptr("pl")}))
	f.Clock.Advance(time.Millisecond)
	// A password change (the passwords feature does resets) shows without its values.
	must(t, f.DB.Write(ctx, f.Admin, func(tx *store.Tx) error {
		return tx.Update("users", f.AgentA, store.Fields{"password_hash": "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA"})
	}))
	_, err := f.Accounts.SignIn(ctx, testutil.AgentBUsername, testutil.Password)
	must(t, err)
	h, err := f.Svc.History(ctx, f.AdminA, f.AgentA, 0, 10)
	must(t, err)
	// create, phone, language, password (sign-ins are not changes), and the memberships the
	// fixture gave the agent when it was made (said as sentences, tested below).
	var changes []users.HistoryEntry
	for _, e := range h.Rows {
		if e.Sentence == nil {
			changes = append(changes, e)
		}
	}
	if len(changes) != 4 || h.Total != len(h.Rows) {
		t.Fatalf("history %+v", h)
	}
	h.Rows = changes
	pw := h.Rows[0]
	if pw.ActorName != "Ana García" || len(pw.Changes) != 1 || pw.Changes[0].Field != "password_hash" || !pw.Changes[0].Secret ||
		pw.Changes[0].Old != nil || pw.Changes[0].New != nil {
		t.Fatalf("password change %+v", pw)
	}
	h.Rows = h.Rows[1:]
	top := h.Rows[0]
	if top.Action != "update" || top.ActorID != f.AgentA || top.ActorName != "Jan Kowalski" || len(top.Changes) != 1 {
		t.Fatalf("newest %+v", top)
	}
	lang := top.Changes[0]
	if lang.Field != "language" || lang.Old != "en" || lang.New != "pl" {
		t.Fatalf("language change %+v", lang)
	}
	if h.Rows[1].ActorName != "Ana García" || h.Rows[1].Changes[0].Field != "phone" {
		t.Fatalf("second %+v", h.Rows[1])
	}
	created := h.Rows[2]
	if created.Action != "create" {
		t.Fatalf("oldest %+v", created)
	}
	for _, c := range created.Changes {
		if c.Field == "password_hash" && (!c.Secret || c.Old != nil || c.New != nil) {
			t.Fatalf("hash shown: %+v", c)
		}
		if s, ok := c.New.(string); ok && strings.Contains(s, "argon2") {
			t.Fatalf("hash in %s", c.Field)
		}
	}
	// Paging.
	h, err = f.Svc.History(ctx, f.OwnerA, f.AgentA, 2, 1)
	must(t, err)
	if len(h.Rows) != 1 || h.Rows[0].Changes[0].Field != "phone" {
		t.Fatalf("page 2 %+v", h.Rows)
	}
	// Scope: self yes, others by workspace and module.
	for _, c := range []struct {
		name string
		err  error
		code string
	}{
		{"self", second(f.Svc.History(ctx, f.AgentAA, f.AgentA, 0, 5)), ""},
		{"agent about another", second(f.Svc.History(ctx, f.AgentAA, f.P.AgentA2, 0, 5)), "permission_denied"},
		{"admin of B about A", second(f.Svc.History(ctx, f.AdminBA, f.AgentA, 0, 5)), "not_found"},
		{"anonymous", second(f.Svc.History(ctx, nil, f.AgentA, 0, 5)), "unauthenticated"},
	} {
		if code(c.err) != c.code {
			t.Errorf("%s: %v", c.name, c.err)
		}
	}
}

func second[T any](_ T, err error) error { return err }

// A history reads as sentences with names in the reader's language: a deactivation that
// shared the portfolio names the people who got it (not their ids), a creation names the
// profile (a built-in one in the reader's language), a portfolio move away from the user is
// part of their history.
func TestHistoryReadsAsSentencesWithNames(t *testing.T) {
	f := newFixture(t, 6)
	must(t, f.DB.Write(ctx, f.AdminA.UserID, func(tx *store.Tx) error {
		return tx.Update("users", f.AdminA.UserID, store.Fields{"language": "es"})
	}))
	_, err := f.Svc.Deactivate(ctx, f.AdminA, f.AgentA, users.Handover{ToUserIDs: []string{f.P.AgentA2, f.P.AgentA3}, Spread: true})
	must(t, err)
	h, err := f.Svc.History(ctx, f.AdminA, f.AgentA, 0, 50)
	must(t, err)
	var deact, created *users.HistoryEntry
	for i := range h.Rows {
		switch h.Rows[i].Action {
		case "deactivate":
			deact = &h.Rows[i]
		case "create":
			created = &h.Rows[i]
		}
	}
	if deact == nil || deact.Sentence == nil {
		t.Fatalf("no deactivation sentence in %+v", h.Rows)
	}
	s := deact.Sentence
	if s.Key != "deactivatedShared" || s.Count != 6 || s.Params["count"] != 6 || s.Params["to"] != "José Núñez, "+str(t, f, `SELECT first_name || ' ' || last_name FROM users WHERE id = ?`, f.P.AgentA3) {
		t.Fatalf("sentence %+v", s)
	}
	for _, v := range s.Params {
		if sv, ok := v.(string); ok && strings.Contains(sv, f.P.AgentA2) {
			t.Fatalf("an id in the sentence: %+v", s)
		}
	}
	if created == nil {
		t.Fatal("no creation entry")
	}
	found := false
	for _, c := range created.Changes {
		if c.Field == "profile_id" {
			found = true
			if c.New != "Agente" {
				t.Fatalf("profile shown as %v", c.New)
			}
		}
	}
	if !found {
		t.Fatalf("creation without profile: %+v", created.Changes)
	}
}

// Every kind of entry of a History holds names, never ids: a profile change names both
// profiles (built-in ones in the reader's language), a deactivation the people who got the
// clients, account events (a password reset) and the creation alike; the reader's language
// decides the built-in names (Polish here).
func TestEveryHistoryEntryHoldsNamesNotIds(t *testing.T) {
	f := newFixture(t, 3)
	must(t, f.DB.Write(ctx, f.AdminA.UserID, func(tx *store.Tx) error {
		if err := tx.Update("users", f.AdminA.UserID, store.Fields{"language": "pl"}); err != nil {
			return err
		}
		return tx.Audit("users", f.AgentA, "password_reset", map[string]any{"generated": true})
	}))
	must(t, f.Svc.Update(ctx, f.OwnerA, f.AgentA, users.UpdateInput{ProfileID: ptr(f.AdminProfile), Extension: ptr("2042")}))
	f.Clock.Advance(time.Millisecond)
	must(t, f.Svc.Update(ctx, f.OwnerA, f.AgentA, users.UpdateInput{ProfileID: ptr(f.AgentProfile)}))
	f.Clock.Advance(time.Millisecond)
	_, err := f.Svc.Deactivate(ctx, f.AdminA, f.AgentA, users.Handover{ToUserIDs: []string{f.P.AgentA2}})
	must(t, err)
	h, err := f.Svc.History(ctx, f.AdminA, f.AgentA, 0, 50)
	must(t, err)
	kinds := map[string]bool{}
	var profileChanges []store.FieldChange
	for _, e := range h.Rows {
		kinds[e.Action] = true
		text := fmt.Sprintf("%v %+v", e.Changes, e.Sentence)
		for _, id := range []string{f.AgentA, f.AdminProfile, f.AgentProfile, f.P.AgentA2, f.WorkspaceA, f.Admin} {
			if strings.Contains(text, id) {
				t.Fatalf("%s entry shows the id %s: %s", e.Action, id, text)
			}
		}
		for _, c := range e.Changes {
			if c.Field == "profile_id" && c.Old != nil {
				profileChanges = append(profileChanges, c)
			}
		}
	}
	for _, k := range []string{"create", "update", "password_reset", "deactivate"} {
		if !kinds[k] {
			t.Fatalf("no %s entry in %+v", k, h.Rows)
		}
	}
	// Newest first: back to the agent profile, then to the administrator's.
	if len(profileChanges) != 2 || profileChanges[0].Old != "Administrator" || profileChanges[0].New != "Konsultant" ||
		profileChanges[1].Old != "Konsultant" || profileChanges[1].New != "Administrator" {
		t.Fatalf("profile changes %+v", profileChanges)
	}
}

// A user's History tells the memberships they gained and lost, each a sentence naming the
// group (and, on the page, who did it): added to and removed from a team, a campaign and a
// workspace — also when the team was deleted since (named as it was when deleted).
func TestHistoryTellsMembershipsWithNames(t *testing.T) {
	f := newFixture(t, 0)
	o := org.New(f.DB)
	team, err := o.CreateTeam(ctx, f.AdminA, org.TeamInput{Name: "Ventas Sur", WorkspaceID: f.WorkspaceA, Active: true, MemberIDs: []string{f.AgentA}})
	must(t, err)
	f.Clock.Advance(time.Millisecond)
	camp, err := o.CreateCampaign(ctx, f.AdminA, org.CampaignInput{Name: "Cobranzas 2026", WorkspaceID: f.WorkspaceA, Active: true, Channels: []string{"voice"}})
	must(t, err)
	must(t, o.SetMember(ctx, f.AdminA, camp, org.MemberInput{UserID: f.AgentA, Channels: []string{"voice"}}))
	f.Clock.Advance(time.Millisecond)
	must(t, o.RemoveMember(ctx, f.AdminA, camp, f.AgentA))
	f.Clock.Advance(time.Millisecond)
	must(t, f.Svc.Update(ctx, f.OwnerA, f.AgentA, users.UpdateInput{WorkspaceIDs: &[]string{f.WorkspaceA, f.WorkspaceB}}))
	f.Clock.Advance(time.Millisecond)
	must(t, o.DeleteTeam(ctx, f.AdminA, team))
	// Another person's membership is not part of this History.
	must(t, o.SetMember(ctx, f.AdminA, camp, org.MemberInput{UserID: f.P.AgentA2, Channels: []string{"voice"}}))

	h, err := f.Svc.History(ctx, f.AdminA, f.AgentA, 0, 50)
	must(t, err)
	var got []string
	for _, e := range h.Rows {
		if e.Sentence != nil && (strings.HasPrefix(e.Sentence.Key, "addedTo") || strings.HasPrefix(e.Sentence.Key, "removedFrom")) {
			got = append(got, fmt.Sprintf("%s %v by %s", e.Sentence.Key, e.Sentence.Params["group"], e.ActorName))
		}
	}
	wsB := str(t, f, `SELECT name FROM workspaces WHERE id = ?`, f.WorkspaceB)
	want := []string{ // newest first
		"removedFromTeam Ventas Sur by Ana García",
		"addedToWorkspace " + wsB + " by " + str(t, f, `SELECT first_name || ' ' || last_name FROM users WHERE id = ?`, f.Owner),
		"removedFromCampaign Cobranzas 2026 by Ana García",
		"addedToCampaign Cobranzas 2026 by Ana García",
		"addedToTeam Ventas Sur by Ana García",
	}
	// Then the memberships the fixture gave the agent when it was made.
	if len(got) > len(want) {
		got = got[:len(want)]
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("membership sentences:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if h.Total != len(h.Rows) {
		t.Fatalf("total %d, rows %d", h.Total, len(h.Rows))
	}
}

// A change of a person's role or channels in a campaign is in their History, said as
// "In campaign Cobranzas 2026: …" with what changed (not the link's ids); another person's
// change in the same campaign is not.
func TestHistoryTellsARoleChangeInACampaign(t *testing.T) {
	f := newFixture(t, 0)
	o := org.New(f.DB)
	camp, err := o.CreateCampaign(ctx, f.AdminA, org.CampaignInput{Name: "Cobranzas 2026", WorkspaceID: f.WorkspaceA, Active: true, Channels: []string{"voice", "email"}})
	must(t, err)
	must(t, o.SetMember(ctx, f.AdminA, camp, org.MemberInput{UserID: f.AgentA, Channels: []string{"voice"}}))
	must(t, o.SetMember(ctx, f.AdminA, camp, org.MemberInput{UserID: f.P.AgentA2, Channels: []string{"voice"}}))
	f.Clock.Advance(time.Millisecond)
	must(t, o.SetMember(ctx, f.AdminA, camp, org.MemberInput{UserID: f.AgentA, Role: org.RoleSupervisor, Channels: []string{"voice", "email"}}))
	f.Clock.Advance(time.Millisecond)
	must(t, o.SetMember(ctx, f.AdminA, camp, org.MemberInput{UserID: f.P.AgentA2, Role: org.RoleSupervisor, Channels: []string{"voice"}}))

	h, err := f.Svc.History(ctx, f.AdminA, f.AgentA, 0, 50)
	must(t, err)
	var changed []users.HistoryEntry
	for _, e := range h.Rows {
		if e.Sentence != nil && e.Sentence.Key == "changedInCampaign" {
			changed = append(changed, e)
		}
	}
	if len(changed) != 1 {
		t.Fatalf("%d role changes in the History, want 1: %+v", len(changed), changed)
	}
	e := changed[0]
	if e.Sentence.Params["group"] != "Cobranzas 2026" || e.ActorName != "Ana García" || e.Action != "update" {
		t.Fatalf("entry %+v %+v", e, e.Sentence)
	}
	got := map[string]string{}
	for _, c := range e.Changes {
		got[c.Field] = fmt.Sprintf("%v → %v", c.Old, c.New)
	}
	if len(got) != 2 || got["role"] != "agent → supervisor" || !strings.Contains(got["channels"], "email") {
		t.Fatalf("changes %v, want role and channels only", got)
	}
}

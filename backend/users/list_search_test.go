package users_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"

	"pgregory.net/rapid"

	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/textfold"
	"github.com/plantel/plantel/backend/users"
)

// The search with status and profile filters is one FTS5 match over the words and the
// filter tokens (migration 0140): a user whose status or profile changes is found by the
// filters of the new values and no longer by those of the old.
func TestListSearchFollowsStatusAndProfileChanges(t *testing.T) {
	f := newFixture(t, 0)
	found := func(search string, statuses, profiles []string) bool {
		t.Helper()
		p := list(t, f, users.ListQuery{Search: search, Statuses: statuses, Profiles: profiles})
		return slices.ContainsFunc(p.Rows, func(r users.UserRow) bool { return r.ID == f.P.AgentA3 })
	}
	active, inactive := []string{"active"}, []string{"inactive"}
	agent, admin := []string{f.AgentProfile}, []string{f.AdminProfile}
	if !found("mar", active, agent) || !found("mar", active, nil) || !found("mar", nil, agent) {
		t.Fatal("María Pérez, an active agent, is not found by \"mar\" with active / agent profile")
	}
	if found("mar", inactive, nil) || found("mar", nil, admin) || found("mar", inactive, agent) {
		t.Fatal("María Pérez found with the inactive status or the administrator profile")
	}
	// The profile changes.
	must(t, f.Svc.Update(ctx, f.OwnerA, f.P.AgentA3, users.UpdateInput{ProfileID: ptr(f.AdminProfile)}))
	if found("mar", active, agent) || found("mar", nil, agent) {
		t.Error("after moving to the administrator profile, María is still found under the agent profile")
	}
	if !found("mar", active, admin) || !found("mar", nil, admin) || !found("mar", active, []string{f.AgentProfile, f.AdminProfile}) {
		t.Error("after moving to the administrator profile, María is not found under it")
	}
	// The status changes.
	_, err := f.Svc.Deactivate(ctx, f.OwnerA, f.P.AgentA3, users.Handover{ToUserIDs: []string{f.P.AgentA2}})
	must(t, err)
	if found("mar", active, admin) || found("mar", active, nil) {
		t.Error("a deactivated user is still found by the active filter")
	}
	if !found("mar", inactive, admin) || !found("mar", inactive, nil) || !found("mar", []string{"active", "inactive"}, admin) {
		t.Error("a deactivated user is not found by the inactive filter")
	}
	must(t, f.Svc.Reactivate(ctx, f.OwnerA, f.P.AgentA3))
	if !found("mar", active, admin) || found("mar", inactive, nil) {
		t.Error("a reactivated user is not back under the active filter")
	}
	// The total of a first page counts every match, not the page.
	p := list(t, f, users.ListQuery{Search: "a", Limit: 2})
	if want := count(t, f, `SELECT COUNT(*) FROM users`); p.Total < 3 || p.Total > want || len(p.Rows) != 2 {
		t.Errorf("search \"a\", 2 per page: %d rows, total %d", len(p.Rows), p.Total)
	}
	for _, offset := range []int{1, p.Total - 1, p.Total, p.Total + 5} {
		if o := list(t, f, users.ListQuery{Search: "a", Limit: 2, Offset: offset}); o.Total != p.Total || len(o.Rows) != min(2, max(p.Total-offset, 0)) {
			t.Errorf("search \"a\" from row %d: %d rows, total %d, want total %d", offset, len(o.Rows), o.Total, p.Total)
		}
	}
}

// searchOracleNames are the names of the oracle test's users: accents that fold, and words
// that begin like the filter tokens (s…, p…, q…) a search must never match.
var searchOracleNames = []string{"María", "Marta", "Mário", "Łukasz", "José", "Núñez", "Sara", "Pedro", "Quintana",
	"Sánchez", "Pérez", "Zofia", "Żółć", "Ana", "Sactive", "Pilar"}

// The filtered search returns exactly what plain SQL (status and profile compared on the
// users table, name order from users_sort) and a plain word-prefix check of the folded
// name, username, e-mail and short id return, page by page and in total, while users
// change status and profile through the write path.
func TestListSearchMatchesPlainSQL(t *testing.T) {
	if raceOn {
		t.Skip("every filter and page against plain SQL: run without -race by scripts/test.sh (NO_RACE_TESTS)")
	}
	f := newFixture(t, 0)
	// A third profile and 40 users of random names, statuses and profiles.
	profiles := []string{f.AgentProfile, f.AdminProfile, store.NewID()}
	statuses := []string{"active", "inactive", "pending"}
	must(t, f.DB.Write(ctx, f.Owner, func(tx *store.Tx) error {
		if err := tx.Insert("profiles", profiles[2], store.Fields{"name": "Supervisión", "role": "agent", "icon": "star",
			"modules": `["workspace","clients"]`}); err != nil {
			return err
		}
		for i := range 40 {
			name := func(k int) string { return searchOracleNames[(i*7+k*3+i/5)%len(searchOracleNames)] }
			uname := fmt.Sprintf("o%03d.%s", i, strings.ToLower(textfold.Fold(name(1))))
			if err := tx.Insert("users", store.NewID(), store.Fields{"username": uname, "email": uname + "@oracle.test",
				"first_name": name(0), "last_name": name(1), "role": "agent", "profile_id": profiles[i%3], "active": int64(1),
				"status": statuses[i%3], "presence": "offline", "language": "es"}); err != nil {
				return err
			}
		}
		return nil
	}))
	type person struct{ id, status, profile string }
	var people []person
	rows, err := f.DB.Read().Query(`SELECT id, status, COALESCE(profile_id, '') FROM users WHERE username LIKE 'o%'`)
	must(t, err)
	for rows.Next() {
		var p person
		must(t, rows.Scan(&p.id, &p.status, &p.profile))
		people = append(people, p)
	}
	must(t, rows.Err())
	rows.Close()

	words := func(s string) []string {
		return strings.FieldsFunc(textfold.Fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	}
	rapid.Check(t, func(rt *rapid.T) {
		// Some users change status or profile through the write path.
		for range rapid.IntRange(0, 3).Draw(rt, "changes") {
			p := &people[rapid.IntRange(0, len(people)-1).Draw(rt, "who")]
			change := store.Fields{}
			if rapid.Bool().Draw(rt, "status?") {
				p.status = rapid.SampledFrom(statuses).Draw(rt, "status")
				change["status"] = p.status
			} else {
				p.profile = rapid.SampledFrom(profiles).Draw(rt, "profile")
				change["profile_id"] = p.profile
			}
			if err := f.DB.Write(ctx, f.Owner, func(tx *store.Tx) error { return tx.Update("users", p.id, change) }); err != nil {
				rt.Fatal(err)
			}
		}
		// A query: one or two typed word prefixes, some statuses, some profiles, a sort.
		var typed []string
		for range rapid.IntRange(1, 2).Draw(rt, "words") {
			w := rapid.SampledFrom(append(slices.Clone(searchOracleNames), "o01", "o0", "oracle", "sactive", "s", "p", "q", "sp", "pa")).Draw(rt, "word")
			typed = append(typed, string([]rune(w)[:rapid.IntRange(1, len([]rune(w))).Draw(rt, "prefix")]))
		}
		q := users.ListQuery{Search: strings.Join(typed, " "),
			Statuses: rapid.SliceOfDistinct(rapid.SampledFrom(statuses), rapid.ID[string]).Draw(rt, "statuses"),
			Profiles: rapid.SliceOfDistinct(rapid.SampledFrom(profiles), rapid.ID[string]).Draw(rt, "profiles"),
			Sort:     rapid.SampledFrom([]users.Sort{{}, {Field: users.SortName, Dir: "desc"}, {Field: users.SortUsername}}).Draw(rt, "sort"),
			Limit:    rapid.IntRange(3, 12).Draw(rt, "limit")}

		// The oracle: plain SQL for the filters and the order, a word-prefix check in Go.
		order := "s.sort_name, s.rid"
		switch {
		case q.Sort.Field == users.SortUsername:
			order = "u.username, u.id"
		case q.Sort.Dir == "desc":
			order = "s.sort_name DESC, s.rid DESC"
		}
		sqlq := `SELECT u.id, u.first_name || ' ' || u.last_name, u.username, u.email FROM users u JOIN users_sort s ON s.rid = u.rowid WHERE 1`
		var args []any
		for col, vals := range map[string][]string{"u.status": q.Statuses, "u.profile_id": q.Profiles} {
			if len(vals) > 0 {
				sqlq += " AND " + col + " IN (?" + strings.Repeat(", ?", len(vals)-1) + ")"
				for _, v := range vals {
					args = append(args, v)
				}
			}
		}
		rows, err := f.DB.Read().Query(sqlq+" ORDER BY "+order, args...)
		if err != nil {
			rt.Fatal(err)
		}
		want := []string{}
		for rows.Next() {
			var id, name, uname, email string
			if err := rows.Scan(&id, &name, &uname, &email); err != nil {
				rt.Fatal(err)
			}
			doc := slices.Concat(words(name), words(uname), words(email), []string{store.ShortID(id)})
			all := true
			for _, w := range words(q.Search) {
				if !slices.ContainsFunc(doc, func(d string) bool { return strings.HasPrefix(d, w) }) {
					all = false
				}
			}
			if all {
				want = append(want, id)
			}
		}
		if err := rows.Err(); err != nil {
			rt.Fatal(err)
		}
		rows.Close()

		// The list, page after page.
		got := []string{}
		page, err := f.Svc.List(ctx, f.OwnerA, q)
		if err != nil {
			rt.Fatal(err)
		}
		if page.Total != len(want) {
			rt.Fatalf("%+v: total %d, want %d", q, page.Total, len(want))
		}
		for {
			for _, r := range page.Rows {
				got = append(got, r.ID)
			}
			if page.Next == "" || len(got) > len(want) {
				break
			}
			q.After = page.Next
			if page, err = f.Svc.List(ctx, f.OwnerA, q); err != nil {
				rt.Fatal(err)
			}
		}
		if !slices.Equal(got, want) {
			rt.Fatalf("%+v:\n got %v\nwant %v", q, got, want)
		}
	})
}

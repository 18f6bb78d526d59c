// Command pocketbase is the PocketBase side of plantel-bench's pocketbase_same_list: it
// loads the people of a Plantel data file into a PocketBase collection (through PocketBase's
// own Go API) and times FindRecordsByFilter with the search and filters of Plantel's
// user_list_search. A separate module, so Plantel itself does not depend on PocketBase;
// plantel-bench runs it with `go run` and reads the JSON it prints.
//
//	go run . --from /path/to/plantel.db --profiles id1,id2 --search mar --reps 40
package main

import (
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/core"
)

func main() {
	from := flag.String("from", "", "the Plantel data file whose users to load")
	profiles := flag.String("profiles", "", "the two profile ids of the filter, comma-separated")
	search := flag.String("search", "mar", "the search term")
	reps := flag.Int("reps", 40, "repetitions")
	flag.Parse()
	if err := run(*from, strings.Split(*profiles, ","), *search, *reps); err != nil {
		fmt.Fprintln(os.Stderr, "pocketbase bench:", err)
		os.Exit(1)
	}
}

func run(from string, profiles []string, search string, reps int) error {
	if len(profiles) != 2 {
		return fmt.Errorf("--profiles needs two ids")
	}
	dir, err := os.MkdirTemp("", "pb-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	app := pocketbase.NewWithConfig(pocketbase.Config{DefaultDataDir: dir, HideStartBanner: true})
	if err := app.Bootstrap(); err != nil {
		return err
	}
	col := core.NewBaseCollection("people")
	for _, f := range []string{"first_name", "last_name", "username", "email", "status", "profile", "sort_name"} {
		col.Fields.Add(&core.TextField{Name: f})
	}
	col.AddIndex("idx_people_status", false, "status", "")
	col.AddIndex("idx_people_profile", false, "profile", "")
	col.AddIndex("idx_people_sort", false, "sort_name", "")
	if err := app.Save(col); err != nil {
		return err
	}
	src, err := sql.Open("sqlite", "file:"+from+"?mode=ro")
	if err != nil {
		return err
	}
	defer src.Close()
	rows, err := src.Query(`SELECT u.first_name, u.last_name, u.username, u.email, u.status, COALESCE(u.profile_id, ''),
		s.sort_name FROM users u JOIN users_sort s ON s.rid = u.rowid`)
	if err != nil {
		return err
	}
	type person struct{ first, last, username, email, status, profile, sortName string }
	var people []person
	for rows.Next() {
		var p person
		if err := rows.Scan(&p.first, &p.last, &p.username, &p.email, &p.status, &p.profile, &p.sortName); err != nil {
			return err
		}
		people = append(people, p)
	}
	rows.Close()
	t0 := time.Now()
	err = app.RunInTransaction(func(tx core.App) error {
		for _, p := range people {
			r := core.NewRecord(col)
			r.Load(map[string]any{"first_name": p.first, "last_name": p.last, "username": p.username, "email": p.email,
				"status": p.status, "profile": p.profile, "sort_name": p.sortName})
			if err := tx.Save(r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	load := time.Since(t0)
	filter := "status = 'active' && (profile = {:p1} || profile = {:p2}) && " +
		"(first_name ~ {:q} || last_name ~ {:q} || username ~ {:q} || email ~ {:q})"
	params := dbx.Params{"p1": profiles[0], "p2": profiles[1], "q": search}
	var times []float64
	found := 0
	for range reps {
		t := time.Now()
		recs, err := app.FindRecordsByFilter("people", filter, "sort_name", 50, 0, params)
		if err != nil {
			return err
		}
		times = append(times, float64(time.Since(t).Microseconds())/1000)
		found = len(recs)
	}
	sort.Float64s(times)
	q := func(p float64) float64 { return times[min(int(float64(len(times)-1)*p+0.5), len(times)-1)] }
	return json.NewEncoder(os.Stdout).Encode(map[string]any{"median_ms": q(0.5), "p95_ms": q(0.95), "people": len(people),
		"found": found, "load_ms": float64(load.Milliseconds())})
}

package server_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/server"
	"github.com/plantel/plantel/backend/syncwire"
)

// Random edits and deletes from several skewed devices, each batch sent once, resent (as
// after a lost answer) or resent much later, with a server restart half way: every field the
// server and a fresh replica hold is the accepted write with the greatest hlc, tombstones
// are the greatest accepted, resends added nothing, and replica and server agree.
func TestResendsAndRestartKeepTheOracle(t *testing.T) {
	eachStorage(t, func(t *testing.T, dsn string) {
		seed := rand.Uint64()
		t.Logf("seed %d", seed)
		rng := rand.New(rand.NewPCG(seed, 1))
		o := newOrg(t, dsn)
		var devs []*client
		for i := 0; i < 4; i++ {
			d := newClient(t, o.srv, fmt.Sprintf("desk %d", i)).as(ownerID)
			d.offset = time.Duration(rng.IntN(5)-2) * time.Minute
			devs = append(devs, d)
		}
		type fieldKey struct{ row, field string }
		oracle := map[fieldKey]syncwire.FieldState{}
		tombs := map[string]string{}
		accepted := 0
		record := func(chs []syncwire.Change, r syncwire.PushResponse) {
			rej := map[string]bool{}
			for _, x := range r.Rejected {
				rej[x.Table+"/"+x.ID] = true
			}
			for _, ch := range chs {
				k := ch.Table + "/" + ch.ID
				if rej[k] {
					continue
				}
				accepted++
				if ch.Deleted && ch.HLC > tombs[k] {
					tombs[k] = ch.HLC
				}
				for f, v := range ch.Fields {
					fs := syncwire.FieldState{Value: v, HLC: ch.HLC}
					if cur, ok := oracle[fieldKey{k, f}]; !ok || syncwire.Wins(fs, cur) {
						oracle[fieldKey{k, f}] = fs
					}
				}
			}
		}
		// The rows exist first (created by the owner's desk).
		var creates []syncwire.Change
		for i := 0; i < 5; i++ {
			creates = append(creates, o.owner.change("clients", fmt.Sprintf("c%d", i), map[string]any{"name": fmt.Sprintf("Client %d", i), "workspace_id": "w1"}))
		}
		o.owner.mustAccept(creates...)
		// The oracle starts from the rows as the server completed them (creations carry the
		// schema's defaults at their hlc; a skewed device may stamp an edit before that).
		_, base := o.owner.pullAll()
		record(base, syncwire.PushResponse{})
		accepted = len(base)
		type pending struct {
			d   *client
			id  string
			chs []syncwire.Change
		}
		var later []pending
		send := func(p pending) syncwire.PushResponse {
			st, b := p.d.pushRaw(p.id, p.chs...)
			if st != 200 {
				t.Fatalf("push %s: %d %s", p.id, st, b)
			}
			var r syncwire.PushResponse
			if err := jsonUnmarshal(b, &r); err != nil {
				t.Fatal(err)
			}
			return r
		}
		answers := map[string]string{}
		for round := 0; round < 40; round++ {
			if round == 20 {
				o.srv.Restart(t)
			}
			d := devs[rng.IntN(len(devs))]
			var chs []syncwire.Change
			for k := 0; k < 1+rng.IntN(3); k++ {
				row := fmt.Sprintf("c%d", rng.IntN(5))
				if rng.IntN(6) == 0 {
					ch := d.change("clients", row, nil)
					ch.Deleted = true
					chs = append(chs, ch)
					continue
				}
				f := map[string]any{}
				for _, col := range []string{"name", "notes", "phone"} {
					if rng.IntN(2) == 0 {
						f[col] = fmt.Sprintf("%s by %d.%d", col, round, k)
					}
				}
				f["tags"] = fmt.Sprintf(`["r%d"]`, rng.IntN(3))
				chs = append(chs, d.change("clients", row, f))
			}
			p := pending{d: d, id: newBatch(), chs: chs}
			switch rng.IntN(3) {
			case 0: // answered at once
				r := send(p)
				record(chs, r)
				answers[p.id] = fmt.Sprint(r)
			case 1: // answer lost, resent at once
				first := send(p)
				again := send(p)
				if fmt.Sprint(first) != fmt.Sprint(again) {
					t.Fatalf("resend answered differently: %v / %v", first, again)
				}
				record(chs, again)
				answers[p.id] = fmt.Sprint(again)
			case 2: // answer lost, resent after other traffic (and maybe the restart)
				r := send(p)
				answers[p.id] = fmt.Sprint(r)
				later = append(later, p)
			}
		}
		for _, p := range later {
			r := send(p)
			if fmt.Sprint(r) != answers[p.id] {
				t.Fatalf("late resend answered differently: %v / %s", r, answers[p.id])
			}
			record(p.chs, r)
		}
		fresh := newClient(t, o.srv, "fresh").as(ownerID)
		rep, all := fresh.pullAll()
		if len(all) != accepted {
			t.Fatalf("log holds %d changes, %d were accepted", len(all), accepted)
		}
		for k, fs := range oracle {
			got := rep[k.row].Fields[k.field]
			if got.HLC != fs.HLC || string(got.Value) != string(fs.Value) {
				t.Fatalf("%s.%s = %s@%s, oracle %s@%s", k.row, k.field, got.Value, got.HLC, fs.Value, fs.HLC)
			}
		}
		for row, tomb := range tombs {
			if rep[row].Tomb != tomb {
				t.Fatalf("%s tombstone %s, oracle %s", row, rep[row].Tomb, tomb)
			}
		}
		if err := o.srv.Storage.Write(context.Background(), func(tx server.Tx) error {
			for k, want := range rep {
				tbl, id, _ := strings.Cut(k, "/")
				if got, _, _ := tx.Row(tbl, id); !syncwire.Equal(got, want) {
					t.Errorf("server %s differs from the replica", k)
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	})
}

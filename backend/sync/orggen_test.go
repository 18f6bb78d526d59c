package sync_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/plantel/plantel/backend/server"
	"github.com/plantel/plantel/backend/server/servertest"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/syncwire"
)

// genOrg is an organization as the server's change log holds it after its workstations
// uploaded it: one creating change per row, complete (the server fills the defaults), in
// parent-first order: the organization, 3 workspaces, 2 profiles, users (the first the
// Owner) each in one workspace, clients spread over the users.
type genOrg struct {
	Changes []syncwire.Change
	Owner   string
	users   []string
	clients []string
	stamp   func() string
}

func genOrganization(users, clients int) genOrg {
	dev := "dev-gen-1"
	base := time.Now().Add(-time.Hour).UnixMilli()
	n := 0
	var out []syncwire.Change
	owner := fmt.Sprintf("0190a1b2-0000-7000-8000-%012d", 0)
	stamp := func() string {
		h := store.HLC{Millis: base + int64(n/1000), Counter: n % 1000, Device: dev}
		n++
		return h.String()
	}
	add := func(table, id string, f map[string]any) {
		h := stamp()
		wt, _ := syncwire.LookupTable(table)
		raw := map[string]json.RawMessage{}
		for k, v := range f {
			col, ok := wt.Column(k)
			if !ok {
				panic(table + "." + k)
			}
			b, err := syncwire.EncodeValue(col, v)
			if err != nil {
				panic(err)
			}
			raw[k] = b
		}
		hh, _ := syncwire.ParseHLC(h)
		fill, missing := wt.Defaults(hh, raw)
		if len(missing) > 0 {
			panic(fmt.Sprint(table, missing))
		}
		for k, v := range fill {
			raw[k] = v
		}
		out = append(out, syncwire.Change{Table: table, ID: id, HLC: h, Fields: raw, DeviceID: dev, ActorID: owner})
	}
	add("organizations", "org-1", map[string]any{"name": "Contact Sur"})
	wss := []string{"ws-madrid", "ws-krakow", "ws-saopaulo"}
	for i, w := range wss {
		add("workspaces", w, map[string]any{"name": []string{"Madrid", "Kraków", "São Paulo"}[i]})
	}
	add("profiles", "prof-admin", map[string]any{"name": "Administración", "role": "admin"})
	add("profiles", "prof-agent", map[string]any{"name": "Agente", "role": "agent"})
	first := []string{"Łucja", "José", "María", "João", "Zoë", "Piotr", "Ana", "Małgorzata"}
	last := []string{"Núñez", "Wiśniewska", "Gonçalves", "Smith", "Dąbrowski", "Pérez"}
	uids := make([]string, users)
	for i := range users {
		uids[i] = fmt.Sprintf("0190a1b2-0000-7000-8000-%012d", i)
		role, prof := "agent", any("prof-agent")
		if i == 0 {
			role, prof = "owner", nil
		}
		add("users", uids[i], map[string]any{"username": fmt.Sprintf("user%06d", i), "email": fmt.Sprintf("user%06d@contactsur.test", i),
			"first_name": first[i%len(first)], "last_name": last[i%len(last)], "role": role, "profile_id": prof, "active": true})
	}
	for i := range users {
		add("user_workspaces", fmt.Sprintf("0190a1b2-0001-7000-8000-%012d", i), map[string]any{"user_id": uids[i], "workspace_id": wss[i%3]})
	}
	cids := make([]string, clients)
	for i := range clients {
		u := i % users
		cids[i] = fmt.Sprintf("0190a1b2-0002-7000-8000-%012d", i)
		add("clients", cids[i], map[string]any{
			"name": fmt.Sprintf("%s %s %d", first[(i/3)%len(first)], last[(i/7)%len(last)], i), "document_id": fmt.Sprintf("%08dK", i),
			"phone": fmt.Sprintf("+51 9%02d %03d %03d", i%100, (i/100)%1000, i%997), "email": fmt.Sprintf("cliente%d@correo.test", i),
			"workspace_id": wss[u%3], "owner_id": uids[u]})
	}
	// Teams and campaigns with their members, and follow-ups of the clients: children whose
	// History entries are placed in a workspace through their parent.
	for t := range max(users/5, 1) {
		tid := fmt.Sprintf("0190a1b2-0003-7000-8000-%012d", t)
		add("teams", tid, map[string]any{"name": fmt.Sprintf("Equipo %d", t), "leader_id": uids[t%users], "workspace_id": wss[t%3]})
		cid := fmt.Sprintf("0190a1b2-0004-7000-8000-%012d", t)
		add("campaigns", cid, map[string]any{"name": fmt.Sprintf("Campaña %d", t), "workspace_id": wss[t%3]})
		for m := range 4 {
			u := uids[(t*4+m)%users]
			add("team_members", fmt.Sprintf("0190a1b2-0005-7000-8000-%06d%06d", t, m), map[string]any{"team_id": tid, "user_id": u})
			add("campaign_members", fmt.Sprintf("0190a1b2-0006-7000-8000-%06d%06d", t, m), map[string]any{"campaign_id": cid, "user_id": u})
		}
	}
	for i := range clients / 10 {
		j := i*10 + 1
		if j%13 == 0 { // edit deletes every thirteenth client: its follow-ups would go too, stamped by each workstation
			continue
		}
		add("followups", fmt.Sprintf("0190a1b2-0007-7000-8000-%012d", i), map[string]any{"client_id": cids[j], "owner_id": uids[j%users],
			"due_at": "2026-12-24T10:00:00.000Z", "note": "Llamar"})
	}
	return genOrg{Changes: out, Owner: owner, users: uids, clients: cids, stamp: stamp}
}

// edit appends what the office did after the upload: every seventh client renamed and
// given to another user, every thirteenth deleted, every fifth user renamed, and one
// client renamed twice (the second time by another device, with an older stamp).
func (o *genOrg) edit() {
	dev := "dev-gen-2"
	enc := func(table string, f map[string]any) map[string]json.RawMessage {
		wt, _ := syncwire.LookupTable(table)
		raw := map[string]json.RawMessage{}
		for k, v := range f {
			col, _ := wt.Column(k)
			b, err := syncwire.EncodeValue(col, v)
			if err != nil {
				panic(err)
			}
			raw[k] = b
		}
		return raw
	}
	for i, id := range o.clients {
		switch {
		case i%13 == 0:
			o.Changes = append(o.Changes, syncwire.Change{Table: "clients", ID: id, HLC: o.stamp(), Deleted: true, Fields: map[string]json.RawMessage{}, DeviceID: "dev-gen-1", ActorID: o.Owner})
		case i%7 == 0:
			o.Changes = append(o.Changes, syncwire.Change{Table: "clients", ID: id, HLC: o.stamp(), DeviceID: "dev-gen-1", ActorID: o.Owner,
				Fields: enc("clients", map[string]any{"name": fmt.Sprintf("Renombrado Żółć %d", i), "owner_id": o.users[(i+1)%len(o.users)]})})
		}
	}
	for i, id := range o.users {
		if i%5 == 1 {
			o.Changes = append(o.Changes, syncwire.Change{Table: "users", ID: id, HLC: o.stamp(), DeviceID: "dev-gen-1", ActorID: o.Owner,
				Fields: enc("users", map[string]any{"first_name": fmt.Sprintf("Zoë %d", i)})})
		}
	}
	early := strings.Replace(o.stamp(), "dev-gen-1", dev, 1)
	late := o.stamp()
	o.Changes = append(o.Changes,
		syncwire.Change{Table: "clients", ID: o.clients[1], HLC: late, DeviceID: "dev-gen-1", ActorID: o.Owner, Fields: enc("clients", map[string]any{"name": "Última"})},
		syncwire.Change{Table: "clients", ID: o.clients[1], HLC: early, DeviceID: dev, ActorID: o.Owner, Fields: enc("clients", map[string]any{"name": "Anterior", "notes": "nota"})})
}

// seedServer appends the organization's changes to the server's change log directly (the
// push is measured elsewhere; a pull reads only the change log).
func seedServer(tb testing.TB, srv *servertest.Server, org genOrg) {
	tb.Helper()
	for start := 0; start < len(org.Changes); start += 20000 {
		part := org.Changes[start:min(start+20000, len(org.Changes))]
		raw := make([][]byte, len(part))
		for i, c := range part {
			b, err := json.Marshal(c)
			if err != nil {
				tb.Fatal(err)
			}
			raw[i] = b
		}
		if err := srv.Storage.Write(ctx, func(tx server.Tx) error {
			_, err := tx.AppendLog(raw)
			return err
		}); err != nil {
			tb.Fatal(err)
		}
	}
}

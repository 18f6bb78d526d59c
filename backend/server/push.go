package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/syncwire"
)

// errBatchTaken is a batch_id another device already used.
var errBatchTaken = errors.New("batch_id used by another device")

func (s *Server) push(w http.ResponseWriter, r *http.Request, dev DeviceRec) {
	rd, err := s.body(w, r)
	if err != nil {
		writeErr(w, r, http.StatusBadRequest, syncwire.CodeMalformed, "", "unreadable body")
		return
	}
	req, err := syncwire.DecodePush(rd)
	if err != nil {
		var de *syncwire.DecodeError
		if errors.As(err, &de) {
			status := http.StatusBadRequest
			if de.Code == syncwire.CodeTooLarge {
				status = http.StatusRequestEntityTooLarge
			}
			writeErr(w, r, status, de.Code, de.Field, de.Message)
			return
		}
		writeErr(w, r, http.StatusBadRequest, syncwire.CodeMalformed, "", "unreadable body")
		return
	}
	for i, c := range req.Changes {
		h, _ := syncwire.ParseHLC(c.HLC)
		if c.DeviceID != dev.ID || h.Device != dev.ID {
			writeErr(w, r, http.StatusBadRequest, syncwire.CodeDeviceMismatch, "device_id",
				fmt.Sprintf("changes[%d]: device_id and the hlc's device must be this device's id", i))
			return
		}
	}
	var answer []byte
	var resp syncwire.PushResponse
	err = s.st.Write(r.Context(), func(tx Tx) error {
		devID, stored, found, err := tx.Batch(req.BatchID)
		if err != nil {
			return err
		}
		if found {
			if devID != dev.ID {
				return errBatchTaken
			}
			answer = stored
			return nil
		}
		resp, err = s.applyBatch(tx, req.Changes)
		if err != nil {
			return err
		}
		answer, err = json.Marshal(resp)
		if err != nil {
			return err
		}
		return tx.SaveBatch(req.BatchID, dev.ID, answer, s.now())
	})
	if errors.Is(err, errBatchTaken) {
		writeErr(w, r, http.StatusBadRequest, syncwire.CodeMalformed, "batch_id", "batch_id already used by another device")
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if resp.Accepted > 0 || len(resp.Rejected) > 0 {
		ev := s.log.Info().Str("device", dev.ID).Str("batch", req.BatchID).Int("accepted", resp.Accepted).Int("rejected", len(resp.Rejected))
		for i, rj := range resp.Rejected {
			if i == 5 {
				break
			}
			ev = ev.Str(fmt.Sprintf("rejected_%d", i), rj.Table+"/"+rj.ID+" "+rj.Code+" "+rj.Field)
		}
		ev.Msg("push applied")
		if s.snap != nil && resp.Accepted > 0 {
			s.snap.Kick()
		}
	}
	writeJSON(w, r, 200, answer)
}

// batch is the state of one push while it is applied: actors are read once, on first use,
// from the state at that point (so an Owner handing over ownership in the batch still
// acts as the Owner for the rest of it, and a user created earlier in the batch can act).
type batch struct {
	s      *Server
	tx     Tx
	actors map[string]*access.Actor
	// targetWS holds the workspaces of the users the batch's changes act on, as they were
	// when first looked at.
	targetWS map[string][]string
	log      [][]byte
	// rows caches the rows the batch reads and writes (all written back at its end).
	rows  map[rowKey]syncwire.RowState
	dirty map[rowKey]bool
	// scrub lists the key envelopes the batch emptied: their log entries are scrubbed
	// (envelopes.go).
	scrub []string
	// sealed lists the rows whose sealed column got a new winning value: their older log
	// entries are scrubbed of the superseded value (sealed.go).
	sealed []sealedScrub
}

type rowKey struct{ table, id string }

// prefetch reads, one statement per table, every row the batch touches.
func (b *batch) prefetch(changes []syncwire.Change) error {
	ids := map[string][]string{}
	for _, c := range changes {
		k := rowKey{c.Table, c.ID}
		if _, seen := b.rows[k]; !seen {
			b.rows[k] = syncwire.RowState{}
			ids[c.Table] = append(ids[c.Table], c.ID)
		}
	}
	for table, list := range ids {
		got, err := b.tx.Rows(table, list)
		if err != nil {
			return err
		}
		for id, st := range got {
			b.rows[rowKey{table, id}] = st
		}
	}
	return nil
}

// row reads a row through the batch's cache.
func (b *batch) row(table, id string) (syncwire.RowState, error) {
	k := rowKey{table, id}
	if st, ok := b.rows[k]; ok {
		return st, nil
	}
	st, _, err := b.tx.Row(table, id)
	if err != nil {
		return st, err
	}
	b.rows[k] = st
	return st, nil
}

func (b *batch) saveRow(table, id string, st syncwire.RowState) {
	k := rowKey{table, id}
	b.rows[k] = st
	b.dirty[k] = true
}

// flush writes the changed rows back.
func (b *batch) flush() error {
	byTable := map[string]map[string]syncwire.RowState{}
	for k := range b.dirty {
		if byTable[k.table] == nil {
			byTable[k.table] = map[string]syncwire.RowState{}
		}
		byTable[k.table][k.id] = b.rows[k]
	}
	for table, rows := range byTable {
		if err := b.tx.SaveRows(table, rows); err != nil {
			return err
		}
	}
	return nil
}

func (s *Server) applyBatch(tx Tx, changes []syncwire.Change) (syncwire.PushResponse, error) {
	b := newBatch(s, tx)
	resp := syncwire.PushResponse{Rejected: []syncwire.Rejected{}}
	if err := b.prefetch(changes); err != nil {
		return resp, err
	}
	order := make([]int, 0, len(changes))
	// On an empty server the first push may create the Owner: a users row with role owner
	// whose actor is itself. It is applied first, so the rest of the batch can be its work.
	anyUser, err := tx.AnyRow("users")
	if err != nil {
		return resp, err
	}
	boot := -1
	if !anyUser {
		for i, c := range changes {
			if c.Table == "users" && !c.Deleted && c.ActorID == c.ID && str(c.Fields["role"]) == string(access.Owner) {
				boot = i
				break
			}
		}
	}
	if boot >= 0 {
		order = append(order, boot)
	}
	// Then in hlc order: the batch is one device's (device_mismatch), so this is the order in
	// which it made the changes, whatever order a compacted outbox sends them in; a row's
	// creation is judged before its later edits.
	rest := make([]int, 0, len(changes))
	for i := range changes {
		if i != boot {
			rest = append(rest, i)
		}
	}
	sort.SliceStable(rest, func(x, y int) bool { return changes[rest[x]].HLC < changes[rest[y]].HLC })
	order = append(order, rest...)
	for _, i := range order {
		c := changes[i]
		code, field, err := b.apply(&c, i == boot)
		if err != nil {
			return resp, err
		}
		if code != "" {
			// (A refused first Owner authorizes nothing: its actor stays unknown.)
			resp.Rejected = append(resp.Rejected, syncwire.Rejected{ID: c.ID, Table: c.Table, Code: code, Field: field})
			continue
		}
		resp.Accepted++
	}
	if err := b.flush(); err != nil {
		return resp, err
	}
	last, err := tx.AppendLog(b.log)
	if err != nil {
		return resp, err
	}
	for _, id := range b.scrub {
		if err := tx.ScrubEnvelope(id); err != nil {
			return resp, err
		}
	}
	for _, sc := range b.sealed {
		if err := tx.ScrubSealed(sc.table, sc.id, sc.col, sc.keep); err != nil {
			return resp, err
		}
	}
	resp.Cursor = last
	return resp, nil
}

func newBatch(s *Server, tx Tx) *batch {
	return &batch{s: s, tx: tx, actors: map[string]*access.Actor{}, targetWS: map[string][]string{}, rows: map[rowKey]syncwire.RowState{}, dirty: map[rowKey]bool{}}
}

func str(v json.RawMessage) string {
	var s string
	_ = json.Unmarshal(v, &s) // not a JSON string: ""
	return s
}

// actor returns the active user id as the guard rails see it, or nil.
func (b *batch) actor(id string) (*access.Actor, error) {
	if a, ok := b.actors[id]; ok {
		return a, nil
	}
	st, err := b.row("users", id)
	if err != nil {
		return nil, err
	}
	var a *access.Actor
	if st.Live() && string(st.Fields["active"].Value) == "true" {
		a = &access.Actor{UserID: id, Role: access.Role(str(st.Fields["role"].Value))}
		if a.Role != access.Owner {
			if pid := str(st.Fields["profile_id"].Value); pid != "" {
				if p, err := b.profile(pid); err != nil {
					return nil, err
				} else if p != nil {
					a.Modules = p.Modules
				}
			}
		}
		if a.Workspaces, err = b.tx.UserWorkspaces(id); err != nil {
			return nil, err
		}
	}
	if a != nil { // an unknown actor may become known later in the batch
		b.actors[id] = a
	}
	return a, nil
}

// profile reads a live profile, or nil.
func (b *batch) profile(id string) (*access.ProfileRef, error) {
	st, err := b.row("profiles", id)
	if err != nil || !st.Live() {
		return nil, err
	}
	var mods []string
	_ = json.Unmarshal([]byte(str(st.Fields["modules"].Value)), &mods) // unreadable: no modules
	return &access.ProfileRef{ID: id, Name: str(st.Fields["name"].Value), Role: access.Role(str(st.Fields["role"].Value)),
		Modules: access.ParseModules(mods), Builtin: string(st.Fields["builtin"].Value) == "true"}, nil
}

// apply checks and merges one change; a non-empty code rejects it (nothing of it is kept).
func (b *batch) apply(c *syncwire.Change, boot bool) (code, field string, err error) {
	t, ok := syncwire.LookupTable(c.Table)
	if !ok {
		return syncwire.CodeUnknownField, "", nil
	}
	names := make([]string, 0, len(c.Fields))
	for k := range c.Fields {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		col, ok := t.Column(k)
		if !ok {
			return syncwire.CodeUnknownField, k, nil
		}
		v, err := syncwire.CanonicalValue(col, c.Fields[k])
		if err != nil {
			return syncwire.CodeInvalidValue, k, nil
		}
		c.Fields[k] = v
	}
	h, _ := syncwire.ParseHLC(c.HLC)
	if h.Time().Sub(b.s.now()) > syncwire.MaxAhead {
		return syncwire.CodeHLCAhead, "hlc", nil
	}
	if c.Table == deviceKeyTable && c.ID != c.DeviceID {
		// A workstation publishes its own device key and no other (keys.go).
		return syncwire.CodeGuardRail, "id", nil
	}
	var a *access.Actor
	system := !boot && c.ActorID == systemActor
	switch {
	case boot:
		a = &access.Actor{UserID: c.ID, Role: access.Owner}
	case system:
		// The system acts only for a workstation's own key bookkeeping (envelopes.go).
		if !systemMayMake(c) {
			return syncwire.CodeUnknownActor, "actor_id", nil
		}
	default:
		a, err = b.actor(c.ActorID)
	}
	if err != nil {
		return "", "", err
	}
	before, err := b.row(c.Table, c.ID)
	if err != nil {
		return "", "", err
	}
	invitee := false
	if a == nil && !system {
		// A user invited but not yet active acts only when redeeming their invitation: on
		// their own users row and their invitation (what invites.Accept writes).
		if invitee, err = b.invitee(c); err != nil {
			return "", "", err
		}
		if !invitee {
			return syncwire.CodeUnknownActor, "actor_id", nil
		}
	}
	// A change that brings a row into existence gets the schema's defaults for the columns
	// it lacks (created_at/updated_at: its hlc's time); everyone receives it so completed.
	if !c.Deleted && len(before.Fields) == 0 {
		fill, missing := t.Defaults(h, c.Fields)
		if len(missing) > 0 {
			return syncwire.CodeRequired, missing[0], nil
		}
		for k, v := range fill {
			c.Fields[k] = v
		}
	}
	after := syncwire.Apply(before, *c)
	if invitee {
		if f := inviteeGuard(c, before, after); f != "" {
			return syncwire.CodeGuardRail, f, nil
		}
	} else if c.Table == "users" && !boot {
		if f, err := b.guardUser(a, c, before, after); err != nil || f != "" {
			if err != nil {
				return "", "", err
			}
			return syncwire.CodeGuardRail, f, nil
		}
	} else if c.Table == "user_workspaces" {
		if f, err := b.guardMembership(a, before, after); err != nil || f != "" {
			if err != nil {
				return "", "", err
			}
			return syncwire.CodeGuardRail, f, nil
		}
	}
	if len(t.Unique) > 0 {
		keys := map[string]string{}
		if after.Live() {
			for _, col := range t.Unique {
				key := strings.ToLower(str(after.Fields[col].Value))
				holder, found, err := b.tx.UniqueHolder(c.Table, col, key)
				if err != nil {
					return "", "", err
				}
				if found && holder != c.ID {
					return syncwire.CodeConflictUnique, col, nil
				}
				keys[col] = key
			}
		}
		if err := b.tx.SetUnique(c.Table, c.ID, keys); err != nil {
			return "", "", err
		}
	}
	if c.Table == "user_workspaces" {
		if err := b.tx.SetMembership(c.ID, str(after.Fields["user_id"].Value), str(after.Fields["workspace_id"].Value), after.Live()); err != nil {
			return "", "", err
		}
	}
	b.saveRow(c.Table, c.ID, after)
	if c.Table == envelopeTable && envelopeEmptied(after) {
		b.scrub = append(b.scrub, c.ID)
	}
	if col, ok := sealedCols[c.Table]; ok {
		if _, set := c.Fields[col]; set && after.Fields[col].HLC == c.HLC {
			b.sealed = append(b.sealed, sealedScrub{c.Table, c.ID, col, after.Fields[col]})
		}
	}
	// The actor cache follows changes to users (a role or profile change in this batch).
	if c.Table == "users" && c.ID != c.ActorID {
		delete(b.actors, c.ID)
	}
	enc, err := json.Marshal(c)
	if err != nil {
		return "", "", err
	}
	b.log = append(b.log, enc)
	return "", "", nil
}

// invitee reports whether the change's actor is a live, invited, still pending user and the
// change is to their own users row or to an invitation of theirs.
func (b *batch) invitee(c *syncwire.Change) (bool, error) {
	u, err := b.row("users", c.ActorID)
	if err != nil || !u.Live() {
		return false, err
	}
	if string(u.Fields["active"].Value) != "false" || str(u.Fields["status"].Value) != "pending" || string(u.Fields["invited"].Value) != "true" {
		return false, nil
	}
	switch c.Table {
	case "users":
		return c.ID == c.ActorID, nil
	case "invitations":
		inv, err := b.row("invitations", c.ID)
		if err != nil {
			return false, err
		}
		return inv.Live() && str(inv.Fields["user_id"].Value) == c.ActorID, nil
	}
	return false, nil
}

// inviteeGuard allows a redeeming invitee to activate themself and nothing more of access:
// no role or profile change, no deletion, and an invitation stays theirs.
func inviteeGuard(c *syncwire.Change, before, after syncwire.RowState) string {
	switch {
	case !after.Live():
		return "id"
	case c.Table == "invitations":
		if str(after.Fields["user_id"].Value) != c.ActorID {
			return "user_id"
		}
	case string(before.Fields["role"].Value) != string(after.Fields["role"].Value):
		return "role"
	case string(before.Fields["profile_id"].Value) != string(after.Fields["profile_id"].Value):
		return "profile_id"
	case string(after.Fields["active"].Value) != "true":
		return "active"
	}
	return ""
}

// accessFields are the users columns the role guard rails protect.
var accessFields = []string{"role", "profile_id", "active"}

// guardUser re-checks the workstation's role guard rails (backend/access) for a change to a
// users row: who may create a user, delete one, or change its role, profile or active
// state. It returns the offending field ("" when allowed; "id" for a creation or deletion).
func (b *batch) guardUser(a *access.Actor, c *syncwire.Change, before, after syncwire.RowState) (string, error) {
	val := func(st syncwire.RowState, f string) string { return string(st.Fields[f].Value) }
	switch {
	case !before.Live() && after.Live():
		// A new (or recreated) user: an Owner, or an administrator with the Users module
		// creating an agent with a profile they may grant; never a second Owner.
		if val(after, "role") == `"owner"` {
			return "role", nil
		}
		if access.Check(a, access.NeedCreateUser) != nil {
			return "id", nil
		}
		return b.checkProfile(a, after)
	case before.Live() && !after.Live():
		t, err := b.target(c.ID, before)
		if err != nil {
			return "", err
		}
		if !access.ManagesUser(a, t) {
			return "id", nil
		}
		return "", nil
	case !after.Live():
		return "", nil
	}
	changed := ""
	for _, f := range accessFields {
		if val(before, f) != val(after, f) {
			changed = f
			break
		}
	}
	if changed == "" {
		return "", nil
	}
	oldRole, newRole := str(before.Fields["role"].Value), str(after.Fields["role"].Value)
	switch {
	case newRole == string(access.Owner) && oldRole != string(access.Owner):
		// Ownership handed over: only by the Owner, to someone else.
		if access.Check(a, access.NeedTransferOwnership) != nil || a.UserID == c.ID {
			return "role", nil
		}
		return "", nil
	case oldRole == string(access.Owner) && a.UserID == c.ID && a.Role == access.Owner:
		// The Owner stepping down as part of a hand-over becomes an administrator.
		if newRole != string(access.Admin) || val(before, "active") != val(after, "active") {
			return changed, nil
		}
		return "", nil
	}
	t, err := b.target(c.ID, before)
	if err != nil {
		return "", err
	}
	if !access.ManagesUser(a, t) {
		return changed, nil
	}
	if val(before, "profile_id") != val(after, "profile_id") || oldRole != newRole {
		return b.checkProfile(a, after)
	}
	return "", nil
}

// guardMembership checks a change to a user's workspaces (user_workspaces) as the users
// service does: the Owner any; otherwise every workspace given must be one the actor acts in,
// and the user one they manage (ManagesUser) — or, while the user has no workspace yet (being
// created or invited), an agent and an actor who may create users. Taking a link away needs
// only a managing actor (a deleted user loses all their links).
func (b *batch) guardMembership(a *access.Actor, before, after syncwire.RowState) (string, error) {
	if a.Role == access.Owner {
		return "", nil
	}
	same := before.Live() == after.Live() &&
		string(before.Fields["user_id"].Value) == string(after.Fields["user_id"].Value) &&
		string(before.Fields["workspace_id"].Value) == string(after.Fields["workspace_id"].Value)
	if same {
		return "", nil
	}
	for _, st := range []syncwire.RowState{before, after} {
		if !st.Live() {
			continue
		}
		// A membership taken away as its user is deleted (users.Delete removes every link
		// of the user, also outside the actor's workspaces) needs only a managing actor.
		removal := st.Live() && !after.Live()
		if !removal && !a.InWorkspace(str(st.Fields["workspace_id"].Value)) {
			return "workspace_id", nil
		}
		uid := str(st.Fields["user_id"].Value)
		u, err := b.row("users", uid)
		if err != nil {
			return "", err
		}
		t, err := b.target(uid, u)
		if err != nil {
			return "", err
		}
		if len(t.Workspaces) == 0 {
			if t.Role == access.Agent && uid != a.UserID && access.Check(a, access.NeedCreateUser) == nil {
				continue
			}
			return "user_id", nil
		}
		if !access.ManagesUser(a, t) {
			return "user_id", nil
		}
	}
	return "", nil
}

// checkProfile checks that the actor may give the user's profile and that the user's role is
// the profile's.
func (b *batch) checkProfile(a *access.Actor, after syncwire.RowState) (string, error) {
	pid := str(after.Fields["profile_id"].Value)
	role := access.Role(str(after.Fields["role"].Value))
	if pid == "" {
		if a.Role == access.Owner {
			return "", nil
		}
		return "profile_id", nil
	}
	p, err := b.profile(pid)
	if err != nil {
		return "", err
	}
	if p == nil {
		// A profile the server has not seen (yet): only the Owner may give it.
		if a.Role == access.Owner {
			return "", nil
		}
		return "profile_id", nil
	}
	if p.Role != role {
		return "role", nil
	}
	if access.MayGrant(a, p) != nil {
		return "profile_id", nil
	}
	return "", nil
}

// target is user id as the guard rails see it. Its workspaces are read once per batch, as
// the workstation checked them before writing: taking a user's links away and then the user
// (users.Delete) is judged on the workspaces the user had.
func (b *batch) target(id string, st syncwire.RowState) (access.Target, error) {
	ws, ok := b.targetWS[id]
	if !ok {
		var err error
		if ws, err = b.tx.UserWorkspaces(id); err != nil {
			return access.Target{}, err
		}
		b.targetWS[id] = ws
	}
	return access.Target{ID: id, Role: access.Role(str(st.Fields["role"].Value)), Workspaces: ws}, nil
}

package clients

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/store"
)

// Fields of a move request, as the coded errors name them.
const (
	FieldClientIDs = "clientIds"
	FieldToUserIDs = "toUserIds"
)

// MoveRequest says which clients move and to whom (F8.2, F8.3). The clients are the
// selection ClientIDs (each must be in FromUserID's portfolio when FromUserID is set), or
// with no selection the whole portfolio of FromUserID, or with AllUnassigned every
// unassigned client the actor sees. They go to the one user of ToUserIDs (a transfer),
// are spread evenly at random over several (portfolio shares differ by at most one), or
// with no recipient become unassigned. Recipients must be active users of each moved
// client's workspace.
type MoveRequest struct {
	FromUserID    string   `json:"fromUserId"`
	ClientIDs     []string `json:"clientIds"`
	AllUnassigned bool     `json:"allUnassigned"`
	ToUserIDs     []string `json:"toUserIds"`
}

// MoveResult says what a move changed.
type MoveResult struct {
	Clients      int            `json:"clients"`      // clients that changed hands
	Followups    int            `json:"followups"`    // open follow-ups that went with them
	PerRecipient map[string]int `json:"perRecipient"` // clients each recipient received
	Summary      string         `json:"summary"`      // the audit entry's sentence (English)
}

// Move moves clients between portfolios in ONE write with their open follow-ups and one
// summary audit entry (plus a sync outbox entry per row). progress, if not nil, is called
// as rows move with (done, total). Cancelling ctx stops it with code canceled and nothing
// moved; so does any failure midway.
func (s *Service) Move(ctx context.Context, a *access.Actor, req MoveRequest, progress func(done, total int)) (*MoveResult, error) {
	if err := access.Check(a, manageNeed); err != nil {
		return nil, err
	}
	var res *MoveResult
	err := s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		var err error
		res, err = s.move(tx, a, req, func(done, total int) error {
			if ctx.Err() != nil {
				return canceled()
			}
			if progress != nil {
				progress(done, total)
			}
			return nil
		})
		return err
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil, canceled()
		}
		return nil, err
	}
	s.log.Info().Str("actor_id", a.UserID).Int("clients", res.Clients).Int("followups", res.Followups).Msg("clients moved")
	return res, nil
}

// moving is a client a move acts on.
type moving struct{ id, workspace, owner string }

// move is Move inside a write.
func (s *Service) move(tx *store.Tx, a *access.Actor, req MoveRequest, progress func(done, total int) error) (*MoveResult, error) {
	list, err := selectMoving(tx, a, req)
	if err != nil {
		return nil, err
	}
	to, names, err := checkRecipients(tx, req, list)
	if err != nil {
		return nil, err
	}
	// Clients already with their only recipient do not move.
	if len(to) == 1 {
		list = slices.DeleteFunc(list, func(m moving) bool { return m.owner == to[0] })
	}
	if len(to) == 0 {
		list = slices.DeleteFunc(list, func(m moving) bool { return m.owner == "" })
	}
	res := &MoveResult{PerRecipient: map[string]int{}}
	if len(list) == 0 {
		return res, nil
	}
	ids := make([]string, len(list))
	for i, m := range list {
		ids[i] = m.id
	}
	if len(to) > 1 {
		s.shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
		to = slices.Clone(to)
		s.shuffle(len(to), func(i, j int) { to[i], to[j] = to[j], to[i] })
	}
	d, err := Distribute(tx, ids, to, progress)
	if err != nil {
		return nil, err
	}
	res.Clients, res.Followups, res.PerRecipient = d.Clients, d.Followups, d.PerRecipient
	fromName := ""
	if req.FromUserID != "" {
		if p, ok, err := loadPerson(tx, req.FromUserID); err != nil {
			return nil, err
		} else if ok {
			fromName = p.Name
		}
	}
	action := "transfer"
	switch {
	case len(to) == 0:
		action = "unassign"
	case len(to) > 1:
		action = "spread"
	case req.FromUserID == "" && req.AllUnassigned:
		action = "assign"
	}
	res.Summary = summary(res, fromName, to, names)
	// The sentence is stored as a key with parameters (ids, named when read, in the reader's
	// language: users.History, history.sentence.<key> in the locales); "summary" stays as the
	// English text older readers show.
	key := "clientsTransferred"
	switch {
	case len(to) == 0:
		key = "clientsUnassigned"
	case len(to) > 1:
		key = "clientsShared"
	}
	details := map[string]any{"summary": res.Summary, "clients": res.Clients, "followups": res.Followups,
		"from": req.FromUserID, "to": to, "perRecipient": res.PerRecipient,
		"sentence": map[string]any{"key": key, "params": map[string]any{"count": res.Clients, "followups": res.Followups, "from": req.FromUserID, "to": to}}}
	return res, tx.Audit("clients", req.FromUserID, action, details)
}

// summary is the sentence of a move's audit entry: "Transferred 1,234 clients from Ana
// García to Jan Kowalski, Zofia Wójcik".
func summary(res *MoveResult, fromName string, to []string, names map[string]string) string {
	var b strings.Builder
	noun := "clients"
	if res.Clients == 1 {
		noun = "client"
	}
	if len(to) == 0 {
		fmt.Fprintf(&b, "Unassigned %s %s", thousands(res.Clients), noun)
	} else {
		fmt.Fprintf(&b, "Transferred %s %s", thousands(res.Clients), noun)
	}
	if fromName != "" {
		fmt.Fprintf(&b, " from %s", fromName)
	}
	if len(to) > 0 {
		parts := make([]string, 0, len(to))
		for _, id := range to {
			parts = append(parts, fmt.Sprintf("%s (%s)", names[id], thousands(res.PerRecipient[id])))
		}
		slices.Sort(parts)
		fmt.Fprintf(&b, " to %s", strings.Join(parts, ", "))
	}
	if res.Followups > 0 {
		fmt.Fprintf(&b, ", with %s open follow-ups", thousands(res.Followups))
	}
	return b.String()
}

// thousands writes n with commas: 1234567 → "1,234,567".
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// selectMoving finds the clients of a move request that the actor sees.
func selectMoving(tx *store.Tx, a *access.Actor, req MoveRequest) ([]moving, error) {
	base := sq.Select("c.id", "c.workspace_id", "COALESCE(c.owner_id, '')").From("clients c").Where(scope(a))
	var out []moving
	read := func(b sq.SelectBuilder) error {
		rows, err := tx.Query(b)
		if err != nil {
			return apperr.Internal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var m moving
			if err := rows.Scan(&m.id, &m.workspace, &m.owner); err != nil {
				return apperr.Internal(err)
			}
			out = append(out, m)
		}
		return wrap(rows.Err())
	}
	switch {
	case len(req.ClientIDs) > 0:
		ids := slices.Compact(slices.Sorted(slices.Values(req.ClientIDs)))
		for start := 0; start < len(ids); start += 500 {
			if err := read(base.Where(sq.Eq{"c.id": ids[start:min(start+500, len(ids))]})); err != nil {
				return nil, err
			}
		}
		if len(out) != len(ids) {
			return nil, apperr.NotFound().WithField(FieldClientIDs)
		}
		if req.FromUserID != "" {
			for _, m := range out {
				if m.owner != req.FromUserID {
					return nil, apperr.Validation(FieldClientIDs, "not_in_portfolio")
				}
			}
		}
	case req.FromUserID != "":
		if err := read(base.Where(sq.Eq{"c.owner_id": req.FromUserID}).OrderBy("c.id")); err != nil {
			return nil, err
		}
	case req.AllUnassigned:
		if err := read(base.Where("c.owner_id IS NULL").OrderBy("c.id")); err != nil {
			return nil, err
		}
	default:
		return nil, apperr.Validation(FieldClientIDs, "required")
	}
	return out, nil
}

// checkRecipients validates the recipients of a move: known, active, not the user the
// clients come from, and users of every workspace the moving clients are in. It returns
// them without duplicates, and their names.
func checkRecipients(tx *store.Tx, req MoveRequest, list []moving) ([]string, map[string]string, error) {
	workspaces := map[string]bool{}
	for _, m := range list {
		workspaces[m.workspace] = true
	}
	var to []string
	names := map[string]string{}
	for _, id := range req.ToUserIDs {
		if slices.Contains(to, id) {
			continue
		}
		if id == req.FromUserID {
			return nil, nil, apperr.Validation(FieldToUserIDs, "self")
		}
		p, ok, err := loadPerson(tx, id)
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			return nil, nil, apperr.Validation(FieldToUserIDs, "unknown")
		}
		if !p.Active {
			return nil, nil, apperr.Validation(FieldToUserIDs, "inactive_owner").WithParam("name", p.Name)
		}
		for ws := range workspaces {
			if !p.Workspaces[ws] {
				return nil, nil, apperr.Validation(FieldToUserIDs, "owner_workspace").WithParam("name", p.Name)
			}
		}
		to = append(to, id)
		names[id] = p.Name
	}
	return to, names, nil
}

// Distribution says what Distribute changed.
type Distribution struct {
	Clients      int
	Followups    int
	PerRecipient map[string]int
}

// Distribute gives the clients ids, in that order, to the users of to in turn (client i
// to to[i % len(to)], so shares differ by at most one), or makes them unassigned when to
// is empty; their open follow-ups go to the client's new owner. It checks nothing: the
// caller has validated the clients and recipients and ordered both (shuffled for a
// random spread), and must append one summary audit entry (tx.Audit) afterwards — rows
// change through store.Tx.UpdateMany, which writes a sync outbox entry per row but no
// audit entry per row. progress, if not nil, gets (done, total) over clients and
// follow-ups; an error from it stops the work.
func Distribute(tx *store.Tx, ids, to []string, progress func(done, total int) error) (*Distribution, error) {
	groups := map[string][]string{} // recipient ("" = unassigned) → clients
	order := []string{""}
	if len(to) > 0 {
		order = to
		for i, id := range ids {
			r := to[i%len(to)]
			groups[r] = append(groups[r], id)
		}
	} else {
		groups[""] = slices.Clone(ids)
	}
	// Within a recipient's share the order does not matter: rows are changed in id order,
	// so each chunk touches neighbouring pages (a random order makes a 100,000-client
	// spread several times slower).
	followups := map[string][]string{}
	total := len(ids)
	for _, r := range order {
		slices.Sort(groups[r])
		f, err := openFollowups(tx, groups[r])
		if err != nil {
			return nil, err
		}
		slices.Sort(f)
		followups[r] = f
		total += len(f)
	}
	d := &Distribution{PerRecipient: map[string]int{}}
	done := 0
	step := func(base int) func(int) error {
		return func(n int) error {
			if progress == nil {
				return nil
			}
			return progress(base+n, total)
		}
	}
	for _, r := range order {
		var owner any
		if r != "" {
			owner = r
		}
		n, err := tx.UpdateMany("clients", groups[r], store.Fields{"owner_id": owner}, step(done))
		if err != nil {
			return nil, err
		}
		done += len(groups[r])
		d.Clients += n
		if r != "" {
			d.PerRecipient[r] = n
		}
		n, err = tx.UpdateMany("followups", followups[r], store.Fields{"owner_id": owner}, step(done))
		if err != nil {
			return nil, err
		}
		done += len(followups[r])
		d.Followups += n
	}
	return d, nil
}

// openFollowups lists the open follow-ups of clients ids.
func openFollowups(q store.Querier, ids []string) ([]string, error) {
	out := []string{}
	for start := 0; start < len(ids); start += 500 {
		f, err := store.Strings(q, selectFollowups(ids[start:min(start+500, len(ids))], true))
		if err != nil {
			return nil, err
		}
		out = append(out, f...)
	}
	return out, nil
}

// selectFollowups selects the ids of the follow-ups of clients ids (only the open ones
// with open).
func selectFollowups(ids []string, open bool) sq.SelectBuilder {
	b := sq.Select("id").From("followups").Where(sq.Eq{"client_id": ids})
	if open {
		b = b.Where(sq.Eq{"done": 0})
	}
	return b
}

// wrap makes a database error internal.
func wrap(err error) error {
	if err == nil {
		return nil
	}
	return apperr.Internal(err)
}

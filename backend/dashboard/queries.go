package dashboard

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"time"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/names"
	"github.com/plantel/plantel/backend/store"
)

// The keys of the status and presence figures, in display order.
var (
	Statuses  = []string{"active", "inactive", "pending"}
	Presences = []string{"online", "busy", "away", "offline"}
)

// usersFigures counts the scope's users by status, profile and presence in one pass over
// users (one GROUP BY), then names the profiles.
func usersFigures(r store.Querier, sc scope) (UsersFigures, error) {
	out := UsersFigures{ByStatus: []Count{}, ByProfile: []ProfileCount{}, Presence: []Count{}}
	q := sq.Select("u.status", "u.presence", "u.role", "u.profile_id", "COUNT(*)").
		From("users u").Where(sc.usersWhere()).GroupBy("1", "2", "3", "4")
	// user_tallies (0075_dashboard_tallies.sql) holds these counts for every user and for
	// each workspace; several workspaces together are counted from the users (a user in two
	// of them is one user).
	// Several workspaces: user_set_tallies (0121_dashboard_scope_tallies.sql) counts users by
	// the set of workspaces they belong to, and a user is in the scope once if their set
	// meets it.
	switch {
	case sc.rows:
	case sc.kind == ScopeAll:
		q = sq.Select("status", "presence", "role", "profile_id", "n").From("user_tallies").
			Where(sq.Eq{"workspace_id": ""}).Where("n > 0")
	case sc.kind == ScopeWorkspaces && len(sc.workspaces) == 1:
		q = sq.Select("status", "presence", "role", "profile_id", "n").From("user_tallies").
			Where(sq.Eq{"workspace_id": sc.workspaces[0]}).Where("n > 0")
	case sc.kind == ScopeWorkspaces:
		q = sq.Select("status", "presence", "role", "profile_id", "n").From("user_set_tallies").
			Where(sc.setMeets("ws_set")).Where("n > 0")
	}
	rows, err := r.Query(q)
	if err != nil {
		return out, apperr.Internal(err)
	}
	status, presence := map[string]int{}, map[string]int{}
	type pkey struct{ id, role string }
	profiles := map[pkey]int{}
	for rows.Next() {
		var st, pr, role string
		var profileID sql.NullString
		var n int
		if err := rows.Scan(&st, &pr, &role, &profileID, &n); err != nil {
			rows.Close()
			return out, apperr.Internal(err)
		}
		out.Total += n
		status[st] += n
		if st == "active" {
			presence[pr] += n
		}
		profile := profileID.String
		if role == "owner" {
			profile = ""
		}
		if st == "active" && role == "agent" {
			out.activeAgents += n
		}
		profiles[pkey{profile, role}] += n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, apperr.Internal(err)
	}
	for _, s := range Statuses {
		out.ByStatus = append(out.ByStatus, Count{Key: s, Count: status[s]})
	}
	for _, p := range Presences {
		out.Presence = append(out.Presence, Count{Key: p, Count: presence[p]})
	}
	names, err := profileNames(r)
	if err != nil {
		return out, err
	}
	for k, n := range profiles {
		pc := ProfileCount{ID: k.id, Role: k.role, Count: n}
		if p, ok := names[k.id]; ok && k.id != "" {
			pc.Name, pc.Role, pc.Icon, pc.Builtin = p.Name, p.Role, p.Icon, p.Builtin
		}
		out.ByProfile = append(out.ByProfile, pc)
	}
	slices.SortFunc(out.ByProfile, func(a, b ProfileCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// profileNames reads every profile's name, role, icon and builtin flag (profiles are few).
func profileNames(r store.Querier) (map[string]ProfileCount, error) {
	rows, err := r.Query(sq.Select("id", "name", "role", "icon", "builtin").From("profiles"))
	if err != nil {
		return nil, apperr.Internal(err)
	}
	defer rows.Close()
	out := map[string]ProfileCount{}
	for rows.Next() {
		var p ProfileCount
		if err := rows.Scan(&p.ID, &p.Name, &p.Role, &p.Icon, &p.Builtin); err != nil {
			return nil, apperr.Internal(err)
		}
		out[p.ID] = p
	}
	return out, internal(rows.Err())
}

// campaignFigures lists the scope's campaigns with their agents and supervisors.
func campaignFigures(r store.Querier, sc scope) (CampaignFigures, error) {
	out := CampaignFigures{Staff: []CampaignStaff{}}
	rows, err := r.Query(sq.Select("c.id", "c.name", "c.workspace_id", "c.active",
		"COALESCE(SUM(m.role = 'agent'), 0)", "COALESCE(SUM(m.role = 'supervisor'), 0)").
		From("campaigns c").LeftJoin("campaign_members m ON m.campaign_id = c.id").
		Where(sc.campaignsWhere()).GroupBy("c.id").OrderBy("c.active DESC", "c.name COLLATE NOCASE", "c.id"))
	if err != nil {
		return out, apperr.Internal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var c CampaignStaff
		if err := rows.Scan(&c.ID, &c.Name, &c.WorkspaceID, &c.Active, &c.Agents, &c.Supervisors); err != nil {
			return out, apperr.Internal(err)
		}
		out.Total++
		if c.Active {
			out.Active++
		}
		out.Staff = append(out.Staff, c)
	}
	return out, internal(rows.Err())
}

// portfolioFigures sizes the portfolios of the scope: one GROUP BY owner over the clients
// (covered by the (workspace_id, owner_id) index), which also tells for each owner whether
// it is an active agent of the scope (one probe per owner); activeAgents of the scope minus
// those is how many hold no client. Only the Top owners are named.
func portfolioFigures(r store.Querier, sc scope, top, activeAgents int) (PortfolioFigures, error) {
	switch {
	case sc.rows:
	case sc.kind == ScopeAll:
		return portfolioFiguresAll(r, top, activeAgents, -1)
	case sc.holdsEveryClient:
		// Every client is in the scope: the Owner's tallies, except that the active agents
		// holding clients are those of the scope (their set of workspaces meets it).
		var holding int
		if err := r.QueryRow(sq.Select("COALESCE(SUM(n), 0)").From("holder_set_tallies").
			Where(sc.setMeets("ws_set"))).Scan(&holding); err != nil {
			return PortfolioFigures{}, apperr.Internal(err)
		}
		return portfolioFiguresAll(r, top, activeAgents, holding)
	}
	return portfolioFiguresRows(r, sc, top, activeAgents)
}

// portfolioFiguresRows is portfolioFigures grouped from client_portfolios, for the scopes
// the tallies of every workspace do not answer.
func portfolioFiguresRows(r store.Querier, sc scope, top, activeAgents int) (PortfolioFigures, error) {
	out := PortfolioFigures{Top: []OwnerCount{}}
	// client_portfolios (0031_client_portfolios.sql) holds each owner's number of clients per
	// workspace ('' = unassigned), kept by triggers: no count of every client per load.
	groups := sq.Select("NULLIF(p.owner_id, '') AS owner_id", "SUM(p.n) AS n").From("client_portfolios p").
		Where(sc.portfoliosWhere()).GroupBy("p.owner_id").Having("SUM(p.n) > 0")
	isAgent := sq.Select("u.role = 'agent' AND u.status = 'active'").From("users u").Where(sq.Expr("u.id = g.owner_id"))
	agentQ, agentArgs, err := isAgent.ToSql()
	if err != nil {
		return out, apperr.Internal(err)
	}
	rows, err := r.Query(sq.Select("COALESCE(g.owner_id, '')", "g.n").
		Column(sq.Expr("COALESCE(("+agentQ+"), 0)", agentArgs...)).Column(sc.userInScope("g.owner_id")).
		FromSelect(groups, "g"))
	if err != nil {
		return out, apperr.Internal(err)
	}
	owners := []OwnerCount{}
	counted := 0
	for rows.Next() {
		var o OwnerCount
		var agent, inScope bool
		if err := rows.Scan(&o.UserID, &o.Count, &agent, &inScope); err != nil {
			rows.Close()
			return out, apperr.Internal(err)
		}
		out.Clients += o.Count
		if o.UserID == "" {
			out.Unassigned = o.Count
			continue
		}
		if agent && inScope {
			counted++
		}
		owners = append(owners, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, apperr.Internal(err)
	}
	zeros := max(activeAgents-counted, 0)
	if sc.kind == ScopeOwn {
		zeros = 0
		if len(owners) == 0 {
			zeros = 1
		}
	}
	slices.SortFunc(owners, func(a, b OwnerCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.UserID, b.UserID))
	})
	out.Owners = len(owners) + zeros
	if out.Owners > 0 {
		sizes := make([]int, 0, out.Owners)
		for range zeros {
			sizes = append(sizes, 0)
		}
		for i := len(owners) - 1; i >= 0; i-- {
			sizes = append(sizes, owners[i].Count)
		}
		out.Min, out.Max = sizes[0], sizes[len(sizes)-1]
		mid := len(sizes) / 2
		if len(sizes)%2 == 1 {
			out.Median = float64(sizes[mid])
		} else {
			out.Median = float64(sizes[mid-1]+sizes[mid]) / 2
		}
	}
	out.Top = owners[:min(top, len(owners))]
	if err := nameOwners(r, out.Top); err != nil {
		return out, err
	}
	out.RestOwners = out.Owners - len(out.Top)
	out.RestClients = out.Clients - out.Unassigned
	for _, o := range out.Top {
		out.RestClients -= o.Count
	}
	return out, nil
}

// followupFigures counts the open follow-ups of the scope due before now (overdue) and from
// now to the end of day (today), like the agenda's badges, per owner, in one GROUP BY over
// the follow-ups due before tomorrow.
func followupFigures(r store.Querier, sc scope, now, day time.Time, top int) (FollowupFigures, error) {
	out := FollowupFigures{ByOwner: []OwnerFollowups{}}
	start, end := store.Timestamp(now), store.Timestamp(day.AddDate(0, 0, 1))
	rows, err := r.Query(sq.Select("COALESCE(f.owner_id, '')").
		Column(sq.Expr("SUM(f.due_at < ?)", start)).Column(sq.Expr("SUM(f.due_at >= ?)", start)).
		From("followups f").Where(sq.Eq{"f.done": 0}).Where(sq.Lt{"f.due_at": end}).Where(sc.followupsWhere()).
		GroupBy("f.owner_id"))
	if err != nil {
		return out, apperr.Internal(err)
	}
	all := []OwnerFollowups{}
	for rows.Next() {
		var o OwnerFollowups
		if err := rows.Scan(&o.UserID, &o.Overdue, &o.Today); err != nil {
			rows.Close()
			return out, apperr.Internal(err)
		}
		out.Overdue += o.Overdue
		out.Today += o.Today
		all = append(all, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, apperr.Internal(err)
	}
	slices.SortFunc(all, func(a, b OwnerFollowups) int {
		return cmp.Or(cmp.Compare(b.Overdue+b.Today, a.Overdue+a.Today), cmp.Compare(b.Overdue, a.Overdue),
			cmp.Compare(a.UserID, b.UserID))
	})
	out.ByOwner = all[:min(top, len(all))]
	out.RestOwners = len(all) - len(out.ByOwner)
	named := make([]OwnerCount, len(out.ByOwner))
	for i, o := range out.ByOwner {
		named[i] = OwnerCount{UserID: o.UserID}
	}
	if err := nameOwners(r, named); err != nil {
		return out, err
	}
	for i := range out.ByOwner {
		out.ByOwner[i].Name = named[i].Name
	}
	return out, nil
}

// nameOwners fills in the display names of the given users.
func nameOwners(r store.Querier, owners []OwnerCount) error {
	ids := []string{}
	for _, o := range owners {
		if o.UserID != "" {
			ids = append(ids, o.UserID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	rows, err := r.Query(sq.Select("id", names.SQL("")).From("users").Where(sq.Eq{"id": ids}))
	if err != nil {
		return apperr.Internal(err)
	}
	defer rows.Close()
	names := map[string]string{}
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return apperr.Internal(err)
		}
		names[id] = name
	}
	for i := range owners {
		owners[i].Name = names[owners[i].UserID]
	}
	return internal(rows.Err())
}

// portfolioFiguresAll is portfolioFigures over every workspace, read from the tallies of
// 0075_dashboard_tallies.sql instead of grouping every portfolio: portfolio_totals gives the
// clients, the owners holding some and how many of them are active agents; owner_portfolios
// gives the unassigned clients, the largest portfolios and, walked in size order, the median
// (a few statements whatever the number of owners). scopeHolding, when not negative, is the
// number of active agents of the scope holding clients (a scope holding every client).
func portfolioFiguresAll(r store.Querier, top, activeAgents, scopeHolding int) (PortfolioFigures, error) {
	out := PortfolioFigures{Top: []OwnerCount{}}
	var holding int
	err := r.QueryRow(sq.Select("clients", "owners", "agents",
		"COALESCE((SELECT n FROM owner_portfolios WHERE owner_id = ''), 0)").From("portfolio_totals").Where(sq.Eq{"id": 1})).
		Scan(&out.Clients, &out.Owners, &holding, &out.Unassigned)
	if err != nil {
		return out, apperr.Internal(err)
	}
	if scopeHolding >= 0 {
		holding = scopeHolding
	}
	withClients := out.Owners
	zeros := max(activeAgents-holding, 0)
	out.Owners += zeros
	// The owners holding clients, largest first (the order of owner_portfolios_size_idx).
	sized := func(cols ...string) sq.SelectBuilder {
		return sq.Select(cols...).From("owner_portfolios").Where("owner_id <> ''").Where("n > 0").
			OrderBy("n DESC", "owner_id")
	}
	rows, err := r.Query(sized("owner_id", "n").Limit(uint64(top)))
	if err != nil {
		return out, apperr.Internal(err)
	}
	for rows.Next() {
		var o OwnerCount
		if err := rows.Scan(&o.UserID, &o.Count); err != nil {
			rows.Close()
			return out, apperr.Internal(err)
		}
		out.Top = append(out.Top, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, apperr.Internal(err)
	}
	// The i-th smallest size (from 0): the zeros first, then the holders from the smallest,
	// read as the (withClients-1-(i-zeros))-th largest (a walk of the size index).
	nth := func(i int) (int, error) {
		if i < zeros {
			return 0, nil
		}
		var n int
		err := r.QueryRow(sized("n").Limit(1).Offset(uint64(withClients - 1 - (i - zeros)))).Scan(&n)
		return n, err
	}
	if out.Owners > 0 {
		if len(out.Top) > 0 {
			out.Max = out.Top[0].Count
		}
		if zeros == 0 { // the smallest portfolio: the index read from its other end
			err := r.QueryRow(sq.Select("n").From("owner_portfolios").Where("owner_id <> ''").Where("n > 0").
				OrderBy("n", "owner_id DESC").Limit(1)).Scan(&out.Min)
			if err != nil {
				return out, apperr.Internal(err)
			}
		}
		mid := out.Owners / 2
		m, err := nth(mid)
		if err != nil {
			return out, apperr.Internal(err)
		}
		out.Median = float64(m)
		if out.Owners%2 == 0 {
			lo, err := nth(mid - 1)
			if err != nil {
				return out, apperr.Internal(err)
			}
			out.Median = float64(lo+m) / 2
		}
	}
	if err := nameOwners(r, out.Top); err != nil {
		return out, err
	}
	out.RestOwners = out.Owners - len(out.Top)
	out.RestClients = out.Clients - out.Unassigned
	for _, o := range out.Top {
		out.RestClients -= o.Count
	}
	return out, nil
}

// cutoffLag is how far the follow-up cutoff (0076_followup_tallies.sql) may be from now
// before Figures moves it: the follow-ups due in between are read from the rows.
const cutoffLag = 24 * time.Hour

// keepCutoffNear moves the follow-up cutoff to now when it is more than cutoffLag away.
func (s *Service) keepCutoffNear(ctx context.Context, now time.Time) error {
	at, err := s.db.FollowupCutoff(ctx)
	if err != nil {
		return apperr.Internal(err)
	}
	c, err := store.ParseTimestamp(at)
	if err == nil && c.Sub(now).Abs() <= cutoffLag {
		return nil
	}
	return internal(s.db.MoveFollowupCutoff(ctx, store.Timestamp(now)))
}

// followupFiguresAll is followupFigures over every follow-up, from the counts kept against
// the cutoff (followup_overdue, followup_totals) plus the rows due between the cutoff and the
// end of today, read in one snapshot: a narrow range of the follow-ups index instead of
// every open follow-up due before tomorrow.
func (s *Service) followupFiguresAll(ctx context.Context, now, day time.Time, top int) (FollowupFigures, error) {
	out := FollowupFigures{ByOwner: []OwnerFollowups{}}
	tx, err := s.db.Read().BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return out, apperr.Internal(err)
	}
	defer tx.Rollback()
	var cutoff string
	var keptOwners int
	if err := sq.Select("c.at", "t.overdue", "t.owners").From("followup_cutoff c").Join("followup_totals t ON t.id = 1").
		Where(sq.Eq{"c.id": 1}).RunWith(tx).QueryRowContext(ctx).Scan(&cutoff, &out.Overdue, &keptOwners); err != nil {
		return out, apperr.Internal(err)
	}
	start, end := store.Timestamp(now), store.Timestamp(day.AddDate(0, 0, 1))
	// Per owner in the window: the open follow-ups overdue but due after the cutoff (+), due
	// before the cutoff but not yet overdue (−), and due today.
	rows, err := sq.Select("COALESCE(f.owner_id, '')").
		Column(sq.Expr("SUM(f.due_at >= ? AND f.due_at < ?) - SUM(f.due_at >= ? AND f.due_at < ?)", cutoff, start, start, cutoff)).
		Column(sq.Expr("SUM(f.due_at >= ? AND f.due_at < ?)", start, end)).
		From("followups f").Where(sq.Eq{"f.done": 0}).Where(sq.GtOrEq{"f.due_at": min(cutoff, start)}).
		Where(sq.Lt{"f.due_at": max(cutoff, end)}).GroupBy("f.owner_id").RunWith(tx).QueryContext(ctx)
	if err != nil {
		return out, apperr.Internal(err)
	}
	window := map[string]*OwnerFollowups{}
	ids := []string{}
	for rows.Next() {
		var id string
		var adj, today int
		if err := rows.Scan(&id, &adj, &today); err != nil {
			rows.Close()
			return out, apperr.Internal(err)
		}
		if o, ok := window[id]; ok { // NULL and '' are one owner
			o.Overdue += adj
			o.Today += today
		} else {
			window[id] = &OwnerFollowups{UserID: id, Overdue: adj, Today: today}
			ids = append(ids, id)
		}
		out.Overdue += adj
		out.Today += today
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, apperr.Internal(err)
	}
	owners := keptOwners
	cands := []OwnerFollowups{}
	if len(ids) > 0 {
		// The window's owners with what is kept for them.
		rows, err := sq.Select("owner_id", "n").From("followup_overdue").Where(sq.Eq{"owner_id": ids}).RunWith(tx).QueryContext(ctx)
		if err != nil {
			return out, apperr.Internal(err)
		}
		for rows.Next() {
			var id string
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				rows.Close()
				return out, apperr.Internal(err)
			}
			if n > 0 {
				owners--
			}
			window[id].Overdue += n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return out, apperr.Internal(err)
		}
		for _, id := range ids {
			if o := window[id]; o.Overdue+o.Today > 0 {
				owners++
				cands = append(cands, *o)
			}
		}
	}
	// The largest kept counts of the owners outside the window: top of them are enough,
	// as their order (count, then id) is the figures' order.
	rows, err = sq.Select("owner_id", "n").From("followup_overdue").Where("n > 0").OrderBy("n DESC", "owner_id").
		Limit(uint64(top + len(ids))).RunWith(tx).QueryContext(ctx)
	if err != nil {
		return out, apperr.Internal(err)
	}
	for rows.Next() {
		var o OwnerFollowups
		if err := rows.Scan(&o.UserID, &o.Overdue); err != nil {
			rows.Close()
			return out, apperr.Internal(err)
		}
		if _, ok := window[o.UserID]; !ok {
			cands = append(cands, o)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, apperr.Internal(err)
	}
	slices.SortFunc(cands, func(a, b OwnerFollowups) int {
		return cmp.Or(cmp.Compare(b.Overdue+b.Today, a.Overdue+a.Today), cmp.Compare(b.Overdue, a.Overdue),
			cmp.Compare(a.UserID, b.UserID))
	})
	out.ByOwner = cands[:min(top, len(cands))]
	out.RestOwners = owners - len(out.ByOwner)
	named := make([]OwnerCount, len(out.ByOwner))
	for i, o := range out.ByOwner {
		named[i] = OwnerCount{UserID: o.UserID}
	}
	if err := nameOwners(s.db.Reader(ctx), named); err != nil {
		return out, err
	}
	for i := range out.ByOwner {
		out.ByOwner[i].Name = named[i].Name
	}
	return out, nil
}

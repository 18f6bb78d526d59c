package dashboard

import (
	"cmp"
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
	rows, err := r.Query(sq.Select("u.status", "u.presence", "u.role", "u.profile_id", "COUNT(*)").
		From("users u").Where(sc.usersWhere()).GroupBy("1", "2", "3", "4"))
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

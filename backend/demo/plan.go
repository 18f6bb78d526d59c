package demo

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/users"
)

// EmailDomain is the domain of the demo staff's e-mail addresses (reserved by RFC 2606, so
// nothing is ever delivered to a real mailbox).
const EmailDomain = "plantel-demo.example"

// planUser is one demo staff member.
type planUser struct {
	ID, Username, Email, First, Last, Role, Profile, Status string
	Presence, Phone, Extension, Language, LastActive        string
	Active, MustChange                                      bool
	Sites                                                   []int
}

type planTeam struct {
	ID, Name, Leader, Workspace string
	Members                     []string
}

type planMember struct {
	User, Role string
	Channels   []string
}

type planCampaign struct {
	ID, Name, Workspace, StartsOn, EndsOn, Description string
	Active                                             bool
	Channels                                           []string
	Members                                            []planMember
}

type planClient struct {
	ID, Name, DocumentID, Phone, Email, Workspace, Owner string
	Tags                                                 []string
}

type planFollowup struct {
	ID, Client, Owner, DueAt, Note string
	Done                           bool
}

// plan is the whole demo organization before it is written. Everything but the ids follows
// from the seed, the clock and the names already taken.
type plan struct {
	Workspaces []string // ids, in sites order
	Profiles   map[string]string
	Users      []planUser
	Teams      []planTeam
	Campaigns  []planCampaign
	Clients    []planClient
	Followups  []planFollowup
}

// builder draws the plan from one seeded random source.
type builder struct {
	rnd   *rand.Rand
	now   time.Time // local time
	day   time.Time // local midnight
	taken map[string]bool
	p     *plan
}

// newPlan draws the demo organization. workspaces are the ids of the three sites,
// profiles the ids by profile name ("Administrator", "Agent" and the custom ones), taken
// the usernames and e-mail addresses already in use.
func newPlan(seed uint64, now time.Time, workspaces []string, profiles map[string]string, taken map[string]bool) *plan {
	b := &builder{rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), now: now, taken: taken,
		p: &plan{Workspaces: workspaces, Profiles: profiles}}
	b.day = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	for si := range sites {
		b.staff(si)
	}
	for si := range sites {
		b.teams(si)
		b.campaigns(si)
		b.clients(si)
	}
	return b.p
}

func (b *builder) pick(list []string) string { return list[b.rnd.IntN(len(list))] }

// chance is true with probability p.
func (b *builder) chance(p float64) bool { return b.rnd.Float64() < p }

func (b *builder) personName(s site) (first, last string) {
	first, last = b.pick(s.first), b.pick(s.last)
	if s.lang == "pl" && strings.HasSuffix(first, "a") {
		// Polish surnames in -ski/-cki/-dzki take the feminine -ska/-cka/-dzka.
		if strings.HasSuffix(last, "ki") {
			last = strings.TrimSuffix(last, "ki") + "ka"
		}
	}
	if s.lang != "pl" && b.chance(0.8) {
		// Spanish and Portuguese speakers usually carry two surnames.
		if second := b.pick(s.last); second != last {
			last += " " + second
		}
	}
	return first, last
}

// username is the accounts rule's proposal (first letter + last name, lower case, accents
// stripped), made unique with a number like the user form does.
func (b *builder) username(first, last string) string {
	clean := func(s string) string {
		var out strings.Builder
		for _, r := range strings.ToLower(users.StripAccents(s)) {
			if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
				out.WriteRune(r)
			}
		}
		return out.String()
	}
	base := clean(first)[:1] + clean(strings.Fields(last)[0])
	if len(base) > 28 {
		base = base[:28]
	}
	for n := 1; ; n++ {
		u := base
		if n > 1 {
			u = base + strconv.Itoa(n)
		}
		if _, err := accounts.CheckUsername("username", u); err != nil {
			continue
		}
		if !b.taken[u] && !b.taken[u+"@"+EmailDomain] {
			b.taken[u], b.taken[u+"@"+EmailDomain] = true, true
			return u
		}
	}
}

func (b *builder) digits(n int) string {
	var s strings.Builder
	for range n {
		s.WriteByte(byte('0' + b.rnd.IntN(10)))
	}
	return s.String()
}

func (b *builder) phone(lang string) string {
	switch lang {
	case "pl":
		return fmt.Sprintf("+48 %d%s %s %s", 5+b.rnd.IntN(3), b.digits(2), b.digits(3), b.digits(3))
	case "pt":
		return fmt.Sprintf("+55 11 9%s-%s", b.digits(4), b.digits(4))
	}
	return fmt.Sprintf("+34 6%s %s %s", b.digits(2), b.digits(3), b.digits(3))
}

// staff draws the users of site si: a few administrators, the rest agents.
func (b *builder) staff(si int) {
	s := sites[si]
	admins := max(2, s.users/12)
	for i := range s.users {
		first, last := b.personName(s)
		u := planUser{ID: store.NewID(), First: first, Last: last, Role: "agent", Status: "active", Active: true,
			Presence: "offline", Language: s.lang, Phone: b.phone(s.lang), Extension: fmt.Sprintf("%d%03d", si+1, i+1),
			Sites: []int{si}}
		u.Username = b.username(first, last)
		u.Email = u.Username + "@" + EmailDomain
		switch {
		case i == 0:
			u.Role, u.Profile = "admin", "Administrator"
		case i < admins:
			u.Role, u.Profile = "admin", "Supervisor"
			if i == 1 {
				// The second administrator of each site also covers the next one.
				u.Sites = append(u.Sites, (si+1)%len(sites))
			}
		default:
			u.Profile = "Agent"
			if r := b.rnd.Float64(); r < 0.2 {
				u.Profile = "Agente sénior"
			} else if r < 0.3 {
				u.Profile = "Backoffice"
			}
			if r := b.rnd.Float64(); r < 0.08 {
				u.Status, u.Active = "inactive", false
			} else if r < 0.12 {
				u.Status, u.MustChange = "pending", true
			}
		}
		switch u.Status {
		case "active":
			switch r := b.rnd.Float64(); {
			case r < 0.45:
				u.Presence = "online"
			case r < 0.65:
				u.Presence = "busy"
			case r < 0.8:
				u.Presence = "away"
			}
			u.LastActive = store.Timestamp(b.now.Add(-time.Duration(b.rnd.Int64N(int64(72 * time.Hour)))))
			if u.Presence != "offline" {
				u.LastActive = store.Timestamp(b.now.Add(-time.Duration(b.rnd.Int64N(int64(20 * time.Minute)))))
			}
		case "inactive":
			u.LastActive = store.Timestamp(b.now.AddDate(0, 0, -30-b.rnd.IntN(200)))
		}
		b.p.Users = append(b.p.Users, u)
	}
}

// siteUsers are the users of site si (by their first site) that match keep.
func (b *builder) siteUsers(si int, keep func(u planUser) bool) []planUser {
	out := []planUser{}
	for _, u := range b.p.Users {
		if u.Sites[0] == si && keep(u) {
			out = append(out, u)
		}
	}
	return out
}

func activeAgent(u planUser) bool { return u.Role == "agent" && u.Status == "active" }
func activeAdmin(u planUser) bool { return u.Role == "admin" && u.Status == "active" }

// teams shares the site's active agents among its teams; each team is led by one of the
// site's administrators, or by its first agent when there are more teams than administrators.
func (b *builder) teams(si int) {
	s := sites[si]
	agents, admins := b.siteUsers(si, activeAgent), b.siteUsers(si, activeAdmin)
	first := len(b.p.Teams)
	for k, name := range s.teams {
		t := planTeam{ID: store.NewID(), Name: name, Workspace: b.p.Workspaces[si]}
		if k+1 < len(admins) {
			// Administrator 0 runs the site; the others lead a team each.
			t.Leader = admins[k+1].ID
			t.Members = append(t.Members, t.Leader)
		}
		b.p.Teams = append(b.p.Teams, t)
	}
	for i, a := range agents {
		t := &b.p.Teams[first+i%len(s.teams)]
		t.Members = append(t.Members, a.ID)
		if b.chance(0.1) {
			// A few agents help a second team.
			other := &b.p.Teams[first+(i+1)%len(s.teams)]
			other.Members = append(other.Members, a.ID)
		}
	}
	for k := first; k < len(b.p.Teams); k++ {
		if t := &b.p.Teams[k]; t.Leader == "" && len(t.Members) > 0 {
			t.Leader = t.Members[0]
		}
	}
}

func (b *builder) date(days int) string { return b.day.AddDate(0, 0, days).Format(time.DateOnly) }

// campaigns staffs the site's campaigns: one or two supervisors (administrators) and a
// random share of the active agents, each with a subset of the campaign's channels.
func (b *builder) campaigns(si int) {
	s := sites[si]
	agents, admins := b.siteUsers(si, activeAgent), b.siteUsers(si, activeAdmin)
	for _, spec := range s.campaigns {
		c := planCampaign{ID: store.NewID(), Name: spec.name, Workspace: b.p.Workspaces[si], Active: spec.active,
			Channels: spec.channels, StartsOn: b.date(-30 - b.rnd.IntN(150))}
		if spec.active {
			if b.chance(0.7) {
				c.EndsOn = b.date(30 + b.rnd.IntN(180))
			}
		} else {
			c.EndsOn = b.date(-1 - b.rnd.IntN(25))
		}
		perm := b.rnd.Perm(len(admins))
		for _, i := range perm[:min(len(perm), 1+b.rnd.IntN(2))] {
			c.Members = append(c.Members, planMember{User: admins[i].ID, Role: "supervisor", Channels: spec.channels})
		}
		share := 0.3 + b.rnd.Float64()*0.4
		for _, a := range agents {
			if !b.chance(share) {
				continue
			}
			chans := []string{}
			for j, ch := range spec.channels {
				if j == 0 || b.chance(0.6) {
					chans = append(chans, ch)
				}
			}
			c.Members = append(c.Members, planMember{User: a.ID, Role: "agent", Channels: chans})
		}
		b.p.Campaigns = append(b.p.Campaigns, c)
	}
}

// clients fills the site's client portfolios: unequal portfolios over the active agents,
// some clients unassigned, and follow-ups owned by the client's owner.
func (b *builder) clients(si int) {
	s := sites[si]
	agents := b.siteUsers(si, activeAgent)
	weights, total := make([]float64, len(agents)), 0.0
	for i := range agents {
		weights[i] = 0.3 + b.rnd.Float64()*2
		total += weights[i]
	}
	companies := b.rnd.Perm(len(s.companies))
	for i := range s.clients {
		c := planClient{ID: store.NewID(), Workspace: b.p.Workspaces[si], Phone: b.phone(s.lang), Tags: []string{}}
		var mailName string
		if i < len(companies) {
			c.Name, c.DocumentID = s.companies[companies[i]], b.companyID(s.lang)
			mailName = "contacto"
			c.Tags = append(c.Tags, s.tags[4])
		} else {
			first, last := b.personName(s)
			c.Name, c.DocumentID = first+" "+last, b.personID(s.lang)
			mailName = strings.ToLower(users.StripAccents(strings.Fields(first)[0] + "." + strings.Fields(last)[0]))
			if b.chance(0.4) {
				mailName += strconv.Itoa(b.rnd.IntN(99) + 1)
			}
			if b.chance(0.5) {
				c.Tags = append(c.Tags, s.tags[5])
			}
		}
		c.Email = mailName + "@" + b.pick(s.mailHosts)
		if b.chance(0.3) {
			c.Tags = append(c.Tags, s.tags[b.rnd.IntN(4)])
		}
		if len(agents) > 0 && !b.chance(0.08) {
			x := b.rnd.Float64() * total
			k := 0
			for ; k < len(agents)-1 && x >= weights[k]; k++ {
				x -= weights[k]
			}
			c.Owner = agents[k].ID
			b.followups(c, s.lang)
		}
		b.p.Clients = append(b.p.Clients, c)
	}
}

// laterToday is a time still ahead today: in office hours (8:00–18:00) while they last, else
// before midnight, so that a demo made in the evening still has follow-ups due today (the
// dashboard's "today" counts from now to the end of the day).
func (b *builder) laterToday() string {
	start, end := b.day.Add(8*time.Hour), b.day.Add(18*time.Hour)
	if soon := b.now.Add(10 * time.Minute); soon.After(start) {
		start = soon
	}
	if !end.After(start) {
		end = b.day.Add(24*time.Hour - time.Second)
	}
	if !end.After(start) {
		start = b.now // the last minutes of the day
	}
	return store.Timestamp(start.Add(time.Duration(b.rnd.Int64N(int64(end.Sub(start)) + 1))))
}

// followups gives about two thirds of a client's the next contact: some overdue, some
// today, most in the next six weeks; and a few done ones in the past.
func (b *builder) followups(c planClient, lang string) {
	at := func(days int) string {
		return store.Timestamp(b.day.AddDate(0, 0, days).Add(time.Duration(8*60+b.rnd.IntN(10*60)) * time.Minute))
	}
	if b.chance(0.15) {
		b.p.Followups = append(b.p.Followups, planFollowup{ID: store.NewID(), Client: c.ID, Owner: c.Owner,
			DueAt: at(-1 - b.rnd.IntN(60)), Note: b.pick(followupNotes[lang]), Done: true})
	}
	if !b.chance(0.65) {
		return
	}
	f := planFollowup{ID: store.NewID(), Client: c.ID, Owner: c.Owner, Note: b.pick(followupNotes[lang])}
	switch r := b.rnd.Float64(); {
	case r < 0.1:
		f.DueAt = at(-1 - b.rnd.IntN(14))
	case r < 0.18:
		f.DueAt = b.laterToday()
	default:
		f.DueAt = at(1 + b.rnd.IntN(42))
	}
	b.p.Followups = append(b.p.Followups, f)
}

// personID is a plausible personal document number: a Spanish DNI (with its check letter),
// a Polish PESEL (with its check digit) or a Brazilian CPF (with its two check digits).
func (b *builder) personID(lang string) string {
	switch lang {
	case "pl":
		d := fmt.Sprintf("%02d%02d%02d%s", 60+b.rnd.IntN(40), 1+b.rnd.IntN(12), 1+b.rnd.IntN(28), b.digits(4))
		w, sum := []int{1, 3, 7, 9, 1, 3, 7, 9, 1, 3}, 0
		for i := range 10 {
			sum += int(d[i]-'0') * w[i]
		}
		return d + strconv.Itoa((10-sum%10)%10)
	case "pt":
		d := b.digits(9)
		check := func(s string) int {
			sum := 0
			for i, ch := range s {
				sum += int(ch-'0') * (len(s) + 1 - i)
			}
			if r := sum % 11; r >= 2 {
				return 11 - r
			}
			return 0
		}
		d += strconv.Itoa(check(d))
		d += strconv.Itoa(check(d))
		return d[0:3] + "." + d[3:6] + "." + d[6:9] + "-" + d[9:]
	}
	n := 10000000 + b.rnd.IntN(89999999)
	return strconv.Itoa(n) + string("TRWAGMYFPDXBNJZSQVHLCKE"[n%23])
}

func (b *builder) companyID(lang string) string {
	switch lang {
	case "pl":
		return b.digits(3) + "-" + b.digits(3) + "-" + b.digits(2) + "-" + b.digits(2)
	case "pt":
		return b.digits(2) + "." + b.digits(3) + "." + b.digits(3) + "/0001-" + b.digits(2)
	}
	return "B" + b.digits(8)
}

func jsonList(v []string) string {
	out, _ := json.Marshal(v)
	return string(out)
}

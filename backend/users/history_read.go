package users

import (
	"slices"
	"sort"
	"strings"

	"github.com/plantel/plantel/backend/audit"
	"github.com/plantel/plantel/backend/store"
)

// Sentence is a history entry said as one sentence in the reader's language: the window shows
// t('history.sentence.' + Key, Params, Count). Ids in Params are already names.
type Sentence struct {
	Key    string         `json:"key"`
	Params map[string]any `json:"params"`
	// Count chooses the plural form (vue-i18n "one | many"); also Params["count"].
	Count int `json:"count"`
}

// moveActions are the portfolio moves (clients audit entries whose entity id is the person the
// clients left) that belong to that person's history.
var moveActions = []string{"transfer", "spread", "unassign", "assign"}

// looksLikeID: Plantel ids are UUIDs (36 characters with dashes at fixed places).
func looksLikeID(s string) bool {
	return len(s) == 36 && s[8] == '-' && s[13] == '-' && s[18] == '-' && s[23] == '-'
}

// idsIn adds the id-looking strings of v (a string or a list of them) to set.
func idsIn(v any, set map[string]bool) {
	switch x := v.(type) {
	case string:
		if looksLikeID(x) {
			set[x] = true
		}
	case []any:
		for _, e := range x {
			idsIn(e, set)
		}
	case map[string]any:
		for k, e := range x {
			if looksLikeID(k) {
				set[k] = true
			}
			idsIn(e, set)
		}
	}
}

// named replaces the ids in v by their names.
func named(v any, n map[string]string) any {
	switch x := v.(type) {
	case string:
		if name, ok := n[x]; ok {
			return name
		}
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = named(e, n)
		}
		return out
	}
	return v
}

// nameList is ids as "A, B and C"-ready list of names (joined by the window), sorted.
func nameList(v any, n map[string]string) []string {
	out := []string{}
	if l, ok := v.([]any); ok {
		for _, e := range l {
			if s, ok := e.(string); ok {
				if name, ok := n[s]; ok {
					out = append(out, name)
				} else {
					out = append(out, s)
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

func num(v any) int {
	if f, ok := v.(float64); ok {
		return int(f)
	}
	return 0
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// sentenceOf says an event entry (deactivation, hand-over, ownership, portfolio move) as a
// sentence from its details, old entries too (they hold the same structured details); nil
// for a row change, which the window lists field by field.
func sentenceOf(action string, d map[string]any, n map[string]string) *Sentence {
	clients, followups := num(d["clients"]), num(d["followups"])
	to := nameList(d["to"], n)
	s := &Sentence{Params: map[string]any{"count": clients, "followups": followups, "to": strings.Join(to, ", ")}, Count: clients}
	switch action {
	case "deactivate", "delete_handover":
		prefix := "deactivated"
		if action == "delete_handover" {
			prefix = "handedOver"
		}
		switch {
		case clients == 0 || len(to) == 0:
			s.Key = prefix + "NoClients"
		case len(to) == 1:
			s.Key = prefix + "To"
		default:
			s.Key = prefix + "Shared"
		}
		s.Params["teams"], s.Params["campaigns"] = num(d["teams"]), num(d["campaigns"])
	case "ownership_transferred":
		s.Key, s.Params = "ownershipTransferred", map[string]any{"from": n[str(d["from"])]}
		if s.Params["from"] == "" {
			s.Params["from"] = str(d["from"])
		}
	case "invitation_accepted":
		s.Key, s.Params = "invitationAccepted", map[string]any{}
	case "transfer", "assign", "spread", "unassign":
		from := n[str(d["from"])]
		s.Params["from"] = from
		switch {
		case len(to) == 0:
			s.Key = "clientsUnassigned"
		case len(to) > 1:
			s.Key = "clientsShared"
		default:
			s.Key = "clientsTransferred"
		}
		if clients == 0 && str(d["summary"]) != "" {
			// Something else entirely: keep the text it was written with.
			s.Key, s.Params = "legacy", map[string]any{"text": str(d["summary"])}
		}
	default:
		return nil
	}
	return s
}

// memberGroups are the membership tables a History tells (the user joined or left a team, a
// campaign, a workspace), each with its group column and the sentence keys' noun.
var memberGroups = map[string]struct{ col, noun string }{
	"team_members":     {"team_id", "Team"},
	"campaign_members": {"campaign_id", "Campaign"},
	"user_workspaces":  {"workspace_id", "Workspace"},
}

// memberSentence says a membership entry ("Added to team Ventas Norte", "In campaign
// Cobranzas: …" for a change of role or channels, whose changes the window says after it):
// the group it names, by name; nil for any other entry.
func memberSentence(entity, action string, changes []store.FieldChange, n map[string]string) *Sentence {
	g, ok := memberGroups[entity]
	if !ok || (action != "create" && action != "delete" && action != "update") {
		return nil
	}
	id := ""
	for _, c := range changes {
		if c.Field == g.col {
			if id = str(c.New); id == "" {
				id = str(c.Old)
			}
		}
	}
	group, ok := n[id]
	if !ok {
		group = id
	}
	key := "addedTo" + g.noun
	switch action {
	case "delete":
		key = "removedFrom" + g.noun
	case "update":
		key = "changedIn" + g.noun
	}
	return &Sentence{Key: key, Params: map[string]any{"group": group}}
}

// readable turns raw entries (their changes still holding ids) into sentences and named
// values, in lang. entities[i] is the audited table of entries[i].
func readable(q querier, entries []HistoryEntry, entities []string, details []map[string]any, lang string) error {
	ids := map[string]bool{}
	for i := range entries {
		for _, c := range entries[i].Changes {
			idsIn(c.Old, ids)
			idsIn(c.New, ids)
		}
		idsIn(details[i], ids)
	}
	n, err := audit.ResolveNames(q, ids, lang)
	if err != nil {
		return err
	}
	for i := range entries {
		e := &entries[i]
		s := memberSentence(entities[i], e.Action, e.Changes, n)
		if s == nil {
			s = sentenceOf(e.Action, details[i], n)
		}
		if s != nil {
			e.Sentence = s
			// A membership update keeps what changed in it (role, channels), not the link.
			kept := []store.FieldChange{}
			if e.Action == "update" && strings.HasPrefix(s.Key, "changedIn") {
				for _, c := range e.Changes {
					if c.Field != "user_id" && c.Field != memberGroups[entities[i]].col && c.Field != "updated_at" {
						kept = append(kept, c)
					}
				}
			}
			e.Changes = kept
			continue
		}
		for j := range e.Changes {
			c := &e.Changes[j]
			c.Old, c.New = named(c.Old, n), named(c.New, n)
		}
		sort.SliceStable(e.Changes, func(a, b int) bool { return e.Changes[a].Field < e.Changes[b].Field })
	}
	return nil
}

// Package invites adds people who set up their own account: invitations by e-mail code
// (PRODUCT.md F2.4) and bulk accounts with generated credentials (F2.5). An invitee shows in
// the user list as a pending user until they accept; generated accounts are pending until
// their user changes the password. Every change goes through the one write path.
package invites

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	sq "github.com/Masterminds/squirrel"
	"github.com/rs/zerolog"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/store"
)

// Service is the invitations and bulk-accounts backend.
type Service struct {
	db     *store.DB
	acc    *accounts.Service
	hasher auth.Hasher
	log    zerolog.Logger
}

// New builds the service on the accounts service (its store, password policy and mailer).
// A zero Hasher uses the default argon2id parameters.
func New(acc *accounts.Service, hasher auth.Hasher, log zerolog.Logger) *Service {
	return &Service{db: acc.DB(), acc: acc, hasher: hasher, log: log.With().Str("component", "invites").Logger()}
}

// CodeCanceled is the code of a bulk creation the user cancelled; nothing was written.
const CodeCanceled = "canceled"

// querier reads: a write transaction (store.Tx) or the read pool.
type querier = store.Querier

func (s *Service) read(ctx context.Context) store.Reader { return s.db.Reader(ctx) }

// strings1 runs a one-column query.
func strings1(q querier, b sq.Sqlizer) ([]string, error) { return store.Strings(q, b) }

// exists reports whether b returns a row.
func exists(q querier, b sq.Sqlizer) (bool, error) {
	var one int
	err := q.QueryRow(b).Scan(&one)
	if err == sql.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, apperr.Internal(err)
	}
	return true, nil
}

// manageNeed is what inviting and creating accounts requires: the Users module, as the
// Owner or an administrator.
var manageNeed = access.NeedCreateUser

// checkWorkspaces validates the workspaces given to new users: at least one, each existing
// and not archived, and an administrator gives only their own. Duplicates are dropped.
func checkWorkspaces(q querier, a *access.Actor, ids []string) ([]string, error) {
	out := []string{}
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	if len(out) == 0 {
		return nil, apperr.Validation("workspaceIds", "required")
	}
	known, err := strings1(q, sq.Select("id").From("workspaces").Where(sq.Eq{"id": out, "archived": 0}))
	if err != nil {
		return nil, err
	}
	for _, id := range out {
		if !slices.Contains(known, id) {
			return nil, apperr.Validation("workspaceIds", "unknown")
		}
		if !a.InWorkspace(id) {
			return nil, apperr.PermissionDenied().WithField("workspaceIds")
		}
	}
	return out, nil
}

// usernameRe is the username rule of the whole application (accounts).
var usernameRe = accounts.UsernameRule

// checkEmail validates and normalises an e-mail address with the accounts rule; a refusal
// names the address, since one invitation call carries many.
func checkEmail(field, value string) (string, error) {
	v, err := accounts.CheckEmail(field, value)
	if err != nil && apperr.CodeOf(err) == apperr.CodeValidation && v == "" && accounts.NormalizeEmail(value) != "" {
		return "", apperr.As(err).WithParam("email", value)
	}
	return v, err
}

// usernameFree reports whether no user has username u.
func usernameFree(q querier, u string) (bool, error) {
	taken, err := exists(q, sq.Select("1").From("users").Where(sq.Eq{"username": u}))
	return !taken, err
}

// proposeUsername makes a free username from an e-mail's local part: lower case, only
// a-z 0-9 . _ -, starting with a letter or digit, then a number from 2 when taken
// ("maria.lopez", "maria.lopez2"...).
func proposeUsername(q querier, email string, reserved map[string]bool) (string, error) {
	local := email
	if at := strings.LastIndexByte(email, '@'); at >= 0 {
		local = email[:at]
	}
	var b strings.Builder
	for _, r := range strings.ToLower(local) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || ((r == '.' || r == '_' || r == '-') && b.Len() > 0) {
			b.WriteRune(r)
		}
	}
	base := b.String()
	if len(base) > 28 {
		base = base[:28]
	}
	if base == "" {
		base = "user"
	}
	for n := 1; ; n++ {
		c := base
		if n > 1 || len(base) < 3 {
			c = fmt.Sprintf("%s%d", base, n)
		}
		if !usernameRe.MatchString(c) || reserved[c] {
			continue
		}
		free, err := usernameFree(q, c)
		if err != nil {
			return "", err
		}
		if free {
			return c, nil
		}
	}
}

// orgName is the organization's name for a message or the credentials file (logged and ""
// when it cannot be read: the accounts are already created, their file still comes).
func (s *Service) orgName(ctx context.Context) string {
	name, err := accounts.OrgName(ctx, s.db.Read())
	if err != nil {
		s.log.Warn().Err(err).Msg("organization name unreadable")
	}
	return name
}

// jsonList encodes ids as a JSON array.
func jsonList(ids []string) string {
	b, _ := json.Marshal(ids)
	return string(b)
}

// replaceWorkspaces sets user's workspaces to want, leaving alone the links outside the
// actor's scope (an administrator's view).
func replaceWorkspaces(tx *store.Tx, a *access.Actor, userID string, want []string) error {
	rows, err := tx.Query(sq.Select("id", "workspace_id").From("user_workspaces").Where(sq.Eq{"user_id": userID}))
	if err != nil {
		return apperr.Internal(err)
	}
	type link struct{ id, ws string }
	var have []link
	for rows.Next() {
		var l link
		if err := rows.Scan(&l.id, &l.ws); err != nil {
			rows.Close()
			return apperr.Internal(err)
		}
		have = append(have, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return apperr.Internal(err)
	}
	for _, l := range have {
		if a.InWorkspace(l.ws) && !slices.Contains(want, l.ws) {
			if err := tx.Delete("user_workspaces", l.id); err != nil {
				return err
			}
		}
	}
	for _, w := range want {
		if !slices.ContainsFunc(have, func(l link) bool { return l.ws == w }) {
			if err := tx.Insert("user_workspaces", store.PairID("user_workspaces", userID, w), store.Fields{"user_id": userID, "workspace_id": w}); err != nil {
				return err
			}
		}
	}
	return nil
}

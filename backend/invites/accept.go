package invites

import (
	"context"
	"regexp"
	"strings"
	"unicode/utf8"

	sq "github.com/Masterminds/squirrel"

	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/auth"
	"github.com/plantel/plantel/backend/store"
	"github.com/plantel/plantel/backend/textin"
)

// phoneRe accepts what people type for a phone number: digits, spaces, + ( ) - . /
var phoneRe = regexp.MustCompile(`^\+?[0-9 ()./-]{3,31}$`)

// maxName is the longest first or last name, in code points.
const maxName = 80

// InvitationInfo is what the accept form shows before the invitee fills it in.
type InvitationInfo struct {
	Email       string `json:"email"`
	Username    string `json:"username"` // proposed; the invitee may change it
	OrgName     string `json:"orgName"`
	ProfileName string `json:"profileName"`
	Role        string `json:"role"`
	Language    string `json:"language"`
	ExpiresAt   string `json:"expiresAt"`
}

// AcceptInput is the accept form (F2.4): the invitee's own data and password. An empty
// Username keeps the proposed one; an empty Language keeps the invitation's.
type AcceptInput struct {
	Username  string `json:"username"`
	FirstName string `json:"firstName"`
	LastName  string `json:"lastName"`
	Phone     string `json:"phone"`
	Language  string `json:"language"`
	Password  string `json:"password"`
	Repeat    string `json:"repeat"`
}

// Accepted is the account an accepted invitation made; the window signs in with it.
type Accepted struct {
	UserID   string `json:"userId"`
	Username string `json:"username"`
}

// openByCode finds the invitation of code: code_invalid when none has it (or it was used or
// withdrawn), code_expired past its time. No session is needed: the code is the credential,
// with 80 random bits, so it is not guessable and no lockout is kept for it.
func openByCode(q querier, code string, now string) (*invitation, error) {
	if accounts.NormalizeCode(code) == "" {
		return nil, apperr.Validation("code", "required")
	}
	inv, err := loadInvitation(q, sq.Eq{"i.code_hash": accounts.HashCode(code)})
	if apperr.CodeOf(err) == apperr.CodeNotFound || (err == nil && inv.UsedAt != "") {
		return nil, apperr.New(accounts.CodeCodeInvalid).WithField("code")
	}
	if err != nil {
		return nil, err
	}
	if inv.ExpiresAt <= now {
		return nil, apperr.New(accounts.CodeCodeExpired).WithField("code")
	}
	return inv, nil
}

// Lookup tells the accept form about the invitation of code (no session).
func (s *Service) Lookup(ctx context.Context, code string) (*InvitationInfo, error) {
	r := s.read(ctx)
	inv, err := openByCode(r, code, store.Timestamp(s.db.Now()))
	if err != nil {
		return nil, err
	}
	info := &InvitationInfo{Email: inv.Email, OrgName: s.orgName(ctx), Role: inv.UserRole, Language: displayLang(inv.Language),
		ExpiresAt: inv.ExpiresAt}
	if err := r.QueryRow(sq.Select("u.username", "COALESCE(p.name, '')").From("users u").
		LeftJoin("profiles p ON p.id = u.profile_id").Where(sq.Eq{"u.id": inv.UserID})).Scan(&info.Username, &info.ProfileName); err != nil {
		return nil, apperr.Internal(err)
	}
	return info, nil
}

// acceptFields validates the accept form into user columns (without the password).
func acceptFields(in AcceptInput) (map[string]string, error) {
	f := map[string]string{}
	for _, n := range []struct{ field, col, v string }{{"firstName", "first_name", in.FirstName}, {"lastName", "last_name", in.LastName}} {
		v := strings.TrimSpace(n.v)
		if v == "" {
			return nil, apperr.Validation(n.field, "required")
		}
		if utf8.RuneCountInString(v) > maxName {
			return nil, apperr.Validation(n.field, "too_long").WithParam("max", maxName)
		}
		if e := textin.CheckLine(n.field, v); e != nil {
			return nil, e
		}
		f[n.col] = v
	}
	if u := accounts.NormalizeUsername(in.Username); u != "" {
		if !usernameRe.MatchString(u) {
			return nil, apperr.Validation("username", "username")
		}
		f["username"] = u
	}
	if p := strings.TrimSpace(in.Phone); p != "" {
		if !phoneRe.MatchString(p) {
			return nil, apperr.Validation("phone", "phone")
		}
		f["phone"] = p
	}
	if in.Language != "" {
		if displayLang(in.Language) != in.Language {
			return nil, apperr.Validation("language", "one_of").WithParam("allowed", accounts.Languages)
		}
		f["language"] = in.Language
	}
	return f, nil
}

// Accept redeems an invitation (F2.4), with no session: the code must be valid, unexpired
// and unused; the invitee's names, optional phone, language, username (unique) and password
// (checked against the policy with their own data, and its repeat) become the account's,
// which turns active. The personal data belongs to them from then on (users.invited: an
// administrator changes only their profile and access). The code is spent in the same write.
func (s *Service) Accept(ctx context.Context, code string, in AcceptInput) (*Accepted, error) {
	f, err := acceptFields(in)
	if err != nil {
		return nil, err
	}
	inv, err := openByCode(s.read(ctx), code, store.Timestamp(s.db.Now()))
	if err != nil {
		return nil, err
	}
	var current string
	if err := s.db.Read().QueryRowContext(ctx, `SELECT username FROM users WHERE id = ?`, inv.UserID).Scan(&current); err != nil {
		return nil, apperr.Internal(err)
	}
	if f["username"] == "" {
		f["username"] = current
	}
	pol, err := s.acc.PasswordPolicy(ctx)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	rep := pol.Check(in.Password, auth.Personal{Username: f["username"], Email: inv.Email, FirstName: f["first_name"], LastName: f["last_name"]})
	if !rep.OK {
		return nil, accounts.PolicyError(rep)
	}
	if in.Password != in.Repeat {
		return nil, apperr.Validation("repeat", "mismatch")
	}
	hash, err := s.hasher.Hash(in.Password)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	err = s.db.Write(ctx, inv.UserID, func(tx *store.Tx) error {
		// Again inside the write: of two workstations redeeming one code, the second fails.
		again, err := openByCode(tx, code, tx.Now())
		if err != nil {
			return err
		}
		if f["username"] != current {
			free, err := usernameFree(tx, f["username"])
			if err != nil {
				return err
			}
			if !free {
				return apperr.Conflict("username")
			}
		}
		now := tx.Now()
		fields := store.Fields{"password_hash": hash, "password_changed_at": now, "must_change_password": false,
			"active": true, "status": "active", "invited": true}
		for k, v := range f {
			fields[k] = v
		}
		if err := tx.Update("users", again.UserID, fields); err != nil {
			return err
		}
		if err := tx.Update("invitations", again.ID, store.Fields{"used_at": now}); err != nil {
			return err
		}
		return tx.Audit("users", again.UserID, "invitation_accepted", map[string]any{"invitation_id": again.ID})
	})
	if err != nil {
		return nil, err
	}
	s.log.Info().Str("user_id", inv.UserID).Str("invitation_id", inv.ID).Msg("invitation accepted")
	return &Accepted{UserID: inv.UserID, Username: f["username"]}, nil
}

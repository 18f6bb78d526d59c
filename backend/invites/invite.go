package invites

import (
	"context"
	"slices"
	"time"

	"github.com/plantel/plantel/backend/access"
	"github.com/plantel/plantel/backend/accounts"
	"github.com/plantel/plantel/backend/apperr"
	"github.com/plantel/plantel/backend/mail"
	"github.com/plantel/plantel/backend/names"
	"github.com/plantel/plantel/backend/store"
)

// Limits of invitations.
const (
	// InvitationTTL is how long an invitation code works (F2.4).
	InvitationTTL = 24 * time.Hour
	// MaxInvitesPerCall bounds the e-mail addresses of one Invite call.
	MaxInvitesPerCall = 200
)

// InviteRow is one row of the invite dialog: one or more e-mail addresses invited to one
// profile and set of workspaces. Language is the invitation e-mail's and the new account's
// language (empty: the inviter's).
type InviteRow struct {
	Emails       []string `json:"emails"`
	ProfileID    string   `json:"profileId"`
	WorkspaceIDs []string `json:"workspaceIds"`
	Language     string   `json:"language"`
}

// Invited is one invitation made or renewed. Code is shown this once (to copy when there is
// no SMTP); Emailed says whether it went out by e-mail.
type Invited struct {
	InvitationID string `json:"invitationId"`
	UserID       string `json:"userId"`
	Email        string `json:"email"`
	Username     string `json:"username"`
	Code         string `json:"code"`
	ExpiresAt    string `json:"expiresAt"`
	Emailed      bool   `json:"emailed"`
	// MailError is "" when e-mailed or when no SMTP is set up, mail_failed when sending failed.
	MailError string `json:"mailError"`
}

// InviteResult is the answer to Invite.
type InviteResult struct {
	Invitations    []Invited `json:"invitations"`
	MailConfigured bool      `json:"mailConfigured"`
}

// pendingInvite is an invitation being written, with its code in clear until it is e-mailed.
type pendingInvite struct {
	Invited
	language string
}

// Invite invites e-mail addresses (F2.4): each becomes a pending user (inactive, no password,
// the row's profile and workspaces) and a single-use invitation valid InvitationTTL, all in
// one write. Administrators invite only to agent profiles whose modules they hold and only
// into their own workspaces; the Owner to any profile. An address a user already has, or one
// given twice, is conflict_unique on "emails" with params.email. With SMTP set up each code
// is e-mailed in the row's language; every code is also returned, once.
func (s *Service) Invite(ctx context.Context, a *access.Actor, rows []InviteRow) (*InviteResult, error) {
	if err := access.Check(a, manageNeed); err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, apperr.Validation("emails", "required")
	}
	inviterLang := "es"
	if err := store.ScanOptional(s.db.Read().QueryRowContext(ctx, `SELECT language FROM users WHERE id = ?`, a.UserID), &inviterLang); err != nil {
		return nil, apperr.Internal(err)
	}
	total := 0
	seen := map[string]bool{}
	clean := make([][]string, len(rows))
	for i, r := range rows {
		if len(r.Emails) == 0 {
			return nil, apperr.Validation("emails", "required").WithParam("row", i)
		}
		for _, e := range r.Emails {
			v, err := checkEmail("emails", e)
			if err != nil {
				return nil, apperr.As(err).WithParam("row", i)
			}
			if seen[v] {
				return nil, apperr.Conflict("emails").WithParam("email", v).WithParam("row", i)
			}
			seen[v] = true
			clean[i] = append(clean[i], v)
		}
		if r.Language != "" && !slices.Contains(accounts.Languages, r.Language) {
			return nil, apperr.Validation("language", "one_of").WithParam("allowed", accounts.Languages).WithParam("row", i)
		}
		total += len(clean[i])
	}
	if total > MaxInvitesPerCall {
		return nil, apperr.Validation("emails", "too_many").WithParam("max", MaxInvitesPerCall)
	}
	var made []pendingInvite
	err := s.db.Write(ctx, a.UserID, func(tx *store.Tx) error {
		made = nil
		reserved := map[string]bool{}
		for i, r := range rows {
			p, err := access.LoadProfileRef(tx, r.ProfileID)
			if err != nil {
				return apperr.As(err).WithParam("row", i)
			}
			if err := access.MayGrant(a, p); err != nil {
				return apperr.As(err).WithParam("row", i)
			}
			ws, err := checkWorkspaces(tx, a, r.WorkspaceIDs)
			if err != nil {
				return apperr.As(err).WithParam("row", i)
			}
			lang := r.Language
			if lang == "" {
				lang = inviterLang
			}
			for _, email := range clean[i] {
				inv, err := s.insertInvitation(tx, a, email, lang, p, ws, reserved)
				if err != nil {
					return apperr.As(err).WithParam("row", i)
				}
				made = append(made, *inv)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.log.Info().Str("actor_id", a.UserID).Int("count", len(made)).Msg("users invited")
	res := &InviteResult{Invitations: make([]Invited, 0, len(made))}
	res.MailConfigured = s.mailInvitations(ctx, a, made)
	for _, m := range made {
		res.Invitations = append(res.Invitations, m.Invited)
	}
	return res, nil
}

// insertInvitation writes the pending user and the invitation of one address.
func (s *Service) insertInvitation(tx *store.Tx, a *access.Actor, email, lang string, p *access.ProfileRef,
	ws []string, reserved map[string]bool) (*pendingInvite, error) {
	taken, err := exists(tx, sqEmail(email))
	if err != nil {
		return nil, err
	}
	if taken {
		return nil, apperr.Conflict("emails").WithParam("email", email)
	}
	username, err := proposeUsername(tx, email, reserved)
	if err != nil {
		return nil, err
	}
	reserved[username] = true
	code, err := accounts.NewCode(accounts.InvitationCodeLength)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	now, _ := store.ParseTimestamp(tx.Now())
	expires := store.Timestamp(now.Add(InvitationTTL))
	userID, invID := store.NewID(), store.NewID()
	if err := tx.Insert("users", userID, store.Fields{"username": username, "email": email, "first_name": "", "last_name": "",
		"role": string(p.Role), "profile_id": p.ID, "active": false, "status": "pending", "invited": true,
		"language": lang}); err != nil {
		return nil, err
	}
	for _, w := range ws {
		if err := tx.Insert("user_workspaces", store.PairID("user_workspaces", userID, w), store.Fields{"user_id": userID, "workspace_id": w}); err != nil {
			return nil, err
		}
	}
	if err := tx.Insert("invitations", invID, store.Fields{"user_id": userID, "email": email, "profile_id": p.ID,
		"workspace_ids": jsonList(ws), "code_hash": accounts.HashCode(code), "expires_at": expires, "invited_by": a.UserID}); err != nil {
		return nil, err
	}
	return &pendingInvite{Invited: Invited{InvitationID: invID, UserID: userID, Email: email, Username: username,
		Code: code, ExpiresAt: expires}, language: lang}, nil
}

// mailInvitations e-mails each invitation when SMTP is set up and records the outcome in
// it; it reports whether SMTP is set up. A failure leaves the invitation valid (its code
// was returned to show) and is logged without the code.
func (s *Service) mailInvitations(ctx context.Context, a *access.Actor, list []pendingInvite) bool {
	m, err := s.acc.Mailer(ctx)
	if err != nil {
		return false
	}
	inviter, org := "", s.orgName(ctx)
	// The invitations exist now: a failed read of the inviter's name leaves it out of the e-mail.
	if err := store.ScanOptional(s.db.Read().QueryRowContext(ctx, `SELECT `+names.SQL("")+` FROM users WHERE id = ?`, a.UserID), &inviter); err != nil {
		s.log.Warn().Err(err).Msg("inviter name unreadable")
	}
	for i := range list {
		inv := &list[i]
		msg := mail.InvitationMessage(inv.language, inv.Email, mail.InvitationData{OrgName: org, InviterName: inviter,
			Code: inv.Code, Hours: int(InvitationTTL / time.Hour)})
		if err := m.Send(ctx, msg); err != nil {
			inv.MailError = accounts.CodeMailFailed
			s.log.Warn().Err(err).Str("invitation_id", inv.InvitationID).Msg("invitation e-mail failed")
			continue
		}
		inv.Emailed = true
	}
	return true
}
